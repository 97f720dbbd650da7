"""`diplograph ingest PATH…`: extract articles from files and folders into the graph."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from app.batch import collect_files, ingest_articles, read_files
from app.commands.common import console, err_console, load_settings, open_services


def ingest_command(
    paths: Annotated[list[Path], typer.Argument(exists=True, help="Article files (.txt, .json, "
                                                ".jsonl) and folders of them.")],
    lang: Annotated[str | None, typer.Option(help="Language of every article (fr, ar, en); "
                                             "detected when omitted.")] = None,
    date: Annotated[str | None, typer.Option(help="Publication date when the files give none.")]
    = None,
    data_dir: Annotated[Path | None, typer.Option(help="Data folder (DIPLOGRAPH_DATA_DIR).")]
    = None,
) -> None:
    """Extract articles and write their facts to the graph, with a summary of what was added."""
    settings = load_settings(data_dir=data_dir)
    files = collect_files(paths)
    if not files:
        err_console.print("[red]error:[/red] no .txt, .json or .jsonl files under "
                          + ", ".join(map(str, paths)))
        raise typer.Exit(1)
    raws, failures = read_files(files, lang=lang, date=date)
    with open_services(settings) as services:
        _ = services.store  # fail early (e.g. store locked) before loading models
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=err_console, transient=True) as progress:
            task = progress.add_task("extracting", total=len(raws))
            summary = ingest_articles(services, raws,
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
