"""`diplograph ask "…"`: a question in English, French or Arabic, answered from the graph."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from app.ask import answer_question
from app.commands.common import console, load_settings, open_reader
from app.commands.remote import ServeClient
from app.schemas import AskAnswer


def ask_command(
    question: Annotated[str, typer.Argument(help=(
        'e.g. "who met Lamamra about Libya", "who did Lamamra call in 2022", '
        '"when did Lamamra meet Guterres", "qui a rencontré Lamamra en Libye ?", '
        '"متى التقى لعمامرة غوتيريش؟".'))],
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
    data_dir: Annotated[Path | None, typer.Option(help="Data folder (DIPLOGRAPH_DATA_DIR).")]
    = None,
) -> None:
    """Answer a question in English, French or Arabic: who met / called / visited / wrote to /
    signed with X, when and where X met Y, what they discussed, with a date range ("in 2022",
    "en octobre 2021", "في 2022"), a place ("in Libya") or a topic ("about Libya"); also
    "timeline of X" and "path from X to Y". Works while `diplograph serve` runs (through its
    API). A question the grammar cannot read exits 1 with the closest forms it reads."""
    settings = load_settings(data_dir=data_dir)
    with open_reader(settings) as reader:
        answer = (reader.ask(question) if isinstance(reader, ServeClient)
                  else answer_question(reader, question))
    if as_json:
        typer.echo(json.dumps(answer.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    render(answer)


def render(answer: AskAnswer) -> None:
    title = answer.question
    if answer.meetings is not None:
        page = answer.meetings
        table = Table(title=title)
        for col in ("person", "role", "kind", "date", "place", "topics", "evidence"):
            table.add_column(col)
        for m in page.data:
            table.add_row(m.person.name, m.role or "", m.kind, m.date or "",
                          m.place.name if m.place else "", ", ".join(t.name for t in m.topics),
                          (m.sources[0].evidence or "")[:120] if m.sources else "")
        console.print(table)
    elif answer.timeline is not None:
        table = Table(title=title)
        for col in ("date", "kind", "place", "with"):
            table.add_column(col)
        for t in answer.timeline.data:
            table.add_row(t.date or "", t.kind, t.place.name if t.place else "",
                          ", ".join(c.name for c in t.counterparts))
        console.print(table)
    elif answer.path is not None:
        names = {n.id: n.name or n.id for n in answer.path.nodes}
        console.print(" — ".join(names[n.id] for n in answer.path.nodes))
