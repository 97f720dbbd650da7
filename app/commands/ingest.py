"""`diplograph ingest PATH…`: extract articles from files and folders into the graph.

`--jobs N` runs the NLP in N processes (`app.batch.ingest_bulk`); the graph is the same as with
one. Writes go in batches of `--batch-size` articles, one transaction each.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from app.batch import DEFAULT_BATCH_SIZE, collect_files, ingest_bulk, read_files
from app.commands.common import console, err_console, load_settings, open_services


class RateColumn(ProgressColumn):
    """Articles per second over the run so far."""

    def render(self, task: Task) -> Text:
        elapsed = task.finished_time if task.finished else task.elapsed
        if not elapsed or not task.completed:
            return Text("– articles/s", style="progress.data.speed")
        return Text(f"{task.completed / elapsed:.1f} articles/s", style="progress.data.speed")


def ingest_command(
    paths: Annotated[list[Path], typer.Argument(exists=True, help="Article files (.txt, .json, "
                                                ".jsonl) and folders of them.")],
    lang: Annotated[str | None, typer.Option(help="Language of every article (fr, ar, en); "
                                             "detected when omitted.")] = None,
    date: Annotated[str | None, typer.Option(help="Publication date when the files give none.")]
    = None,
    data_dir: Annotated[Path | None, typer.Option(help="Data folder (DIPLOGRAPH_DATA_DIR).")]
    = None,
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", min=1, max=64,
        help="Processes running the NLP (Stanza), e.g. the number of CPU cores; extraction "
             "and writes stay in this process, so the graph is the same as with 1.")] = 1,
    batch_size: Annotated[int | None, typer.Option(
        min=1, max=10_000,
        help="Articles written per transaction (default: "
             + ", ".join(f"{n} on {engine}" for engine, n in DEFAULT_BATCH_SIZE.items())
             + ").")] = None,
) -> None:
    """Extract articles and write their facts to the graph, with a summary of what was added."""
    settings = load_settings(data_dir=data_dir)
    files = collect_files(paths)
    if not files:
        err_console.print("[red]error:[/red] no .txt, .json or .jsonl files under "
                          + ", ".join(map(str, paths)))
        raise typer.Exit(1)
    if jobs > 1:  # the NLP processes load their models while this one reads and detects
        from app.services import nlp_config
        from ingest.parallel import warm_up
        from ingest.reader import SUPPORTED_LANGUAGES

        warm_up(nlp_config(settings), [lang] if lang else SUPPORTED_LANGUAGES)
    raws, failures = read_files(files, lang=lang, date=date)
    with open_services(settings) as services:
        _ = services.store  # fail early (e.g. store locked) before loading models
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      RateColumn(), TimeElapsedColumn(), console=err_console,
                      transient=True) as progress:
            task = progress.add_task("extracting", total=len(raws))
            summary = ingest_bulk(services, raws, jobs=jobs, batch_size=batch_size,
                                  on_done=lambda raw: progress.advance(task))
    summary.failures[:0] = failures
    table = Table(title="ingest", show_header=False)
    table.add_row("articles ingested", str(summary.articles))
    table.add_row("entities added", str(summary.entities_added))
    table.add_row("events added", str(summary.events_added))
    for label, n in summary.added.items():
        if n:
            table.add_row(f"  {label}", f"{n:+d}")
    table.add_row("failures", str(len(summary.failures)))
    console.print(table)
    for failure in summary.failures:
        err_console.print(f"[red]failed:[/red] {failure.source}: {failure.error}")
    if summary.failures:
        raise typer.Exit(1)
