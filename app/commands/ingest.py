"""`diplograph ingest PATH|URL…`: extract articles from files, folders and web pages into the
graph.

Web pages are fetched (`app.fetch`) and read like saved HTML files. An article whose text is
already in the graph is skipped with "already ingested" (`--force` extracts it again).
`--jobs N` runs the NLP and the extraction rules in N processes (`app.batch.ingest_bulk`); the
ids are minted here, in input order, so the graph is the same as with one. Writes go in
batches of `--batch-size` articles, one transaction each.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
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

from app.batch import (
    DEFAULT_BATCH_SIZE,
    IngestSummary,
    collect_files,
    ingest_bulk,
    read_files,
    read_urls,
    record_sources,
    split_ingested,
)
from app.commands.common import console, err_console, load_settings, open_services
from app.fetch import FetchConfig, is_url
from ingest.inputs import FORMATS_HELP


class RateColumn(ProgressColumn):
    """Articles per second over the run so far."""

    def render(self, task: Task) -> Text:
        elapsed = task.finished_time if task.finished else task.elapsed
        if not elapsed or not task.completed:
            return Text("– articles/s", style="progress.data.speed")
        return Text(f"{task.completed / elapsed:.1f} articles/s", style="progress.data.speed")


def split_inputs(inputs: list[str]) -> tuple[list[Path], list[str]]:
    """(paths, urls) from the command's arguments; a missing path or another scheme is a usage
    error (exit 2)."""
    paths: list[Path] = []
    urls: list[str] = []
    for item in inputs:
        if is_url(item):
            urls.append(item)
        elif "://" in item:
            raise typer.BadParameter(f"{item!r}: only http:// and https:// addresses are read",
                                     param_hint="PATH_OR_URL")
        elif not Path(item).exists():
            raise typer.BadParameter(f"{item!r} does not exist", param_hint="PATH_OR_URL")
        else:
            paths.append(Path(item))
    return paths, urls


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    RateColumn(), TimeElapsedColumn(), console=err_console, transient=True)


def ingest_command(
    inputs: Annotated[list[str], typer.Argument(
        metavar="PATH_OR_URL",
        help=f"Article files ({FORMATS_HELP.removesuffix(' files')}), folders of them, and "
             "web page addresses (http:// or https://).")],
    lang: Annotated[str | None, typer.Option(help="Language of every article (fr, ar, en); "
                                             "detected when omitted.")] = None,
    date: Annotated[str | None, typer.Option(help="Publication date when the files give none.")]
    = None,
    data_dir: Annotated[Path | None, typer.Option(help="Data folder (DIPLOGRAPH_DATA_DIR).")]
    = None,
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", min=1, max=64,
        help="Processes running the NLP (Stanza) and the extraction rules, e.g. the number "
             "of CPU cores; person resolution (the ids) and writes stay in this process, in "
             "input order, so the graph is the same as with 1.")] = 1,
    batch_size: Annotated[int | None, typer.Option(
        min=1, max=10_000,
        help="Articles written per transaction (default: "
             + ", ".join(f"{n} on {engine}" for engine, n in DEFAULT_BATCH_SIZE.items())
             + ").")] = None,
    timeout: Annotated[float, typer.Option(
        min=0.1, max=600, help="Seconds to wait for each web page.")] = 20.0,
    force: Annotated[bool, typer.Option(
        "--force", help="Extract again the articles already in the graph (same text), e.g. "
                        "after an upgrade; by default they are skipped.")] = False,
) -> None:
    """Extract articles and write their facts to the graph, with a summary of what was added.

    Reads .txt, .json, .jsonl and .html files, folders of them, and web page addresses.

    An article already in the graph (same text) is skipped with "already ingested".
    """
    settings = load_settings(data_dir=data_dir)
    paths, urls = split_inputs(inputs)
    files = collect_files(paths)
    if not files and not urls:
        err_console.print("[red]error:[/red] no .txt, .json or .jsonl files or .html pages "
                          "under " + ", ".join(map(str, paths)))
        raise typer.Exit(1)
    if jobs > 1:  # the NLP processes load their models while this one reads and detects
        from app.services import extract_config
        from ingest.parallel import warm_up
        from ingest.reader import SUPPORTED_LANGUAGES

        warm_up(extract_config(settings), [lang] if lang else SUPPORTED_LANGUAGES)
    raws, failures = read_files(files, lang=lang, date=date)
    if urls:
        with _progress() as progress:
            task = progress.add_task("fetching", total=len(urls))
            fetched, fetch_failures = read_urls(urls, FetchConfig(timeout=timeout), lang=lang,
                                                date=date,
                                                on_done=lambda url: progress.advance(task))
        raws += fetched
        failures += fetch_failures
    with open_services(settings) as services:
        _ = services.store  # fail early (e.g. store locked) before loading models
        new, known = (raws, []) if force else split_ingested(services, raws)
        for raw in known:
            console.print(f"already ingested: {escape(raw.source or raw.id)} ({raw.id})",
                          highlight=False, soft_wrap=True)
        summary = IngestSummary()
        if new:
            with _progress() as progress:
                task = progress.add_task("extracting", total=len(new))
                summary = ingest_bulk(services, new, jobs=jobs, batch_size=batch_size,
                                      on_done=lambda raw: progress.advance(task))
        record_sources(services, known)
    summary.failures[:0] = failures
    table = Table(title="ingest", show_header=False)
    table.add_row("articles ingested", str(summary.articles))
    table.add_row("already ingested", str(len(known)))
    table.add_row("entities added", str(summary.entities_added))
    table.add_row("events added", str(summary.events_added))
    for label, n in summary.added.items():
        if n:
            table.add_row(f"  {label}", f"{n:+d}")
    table.add_row("failures", str(len(summary.failures)))
    console.print(table)
    for failure in summary.failures:
        err_console.print(f"[red]failed:[/red] {escape(failure.source)}: {escape(failure.error)}",
                          highlight=False, soft_wrap=True)
    if summary.failures:
        raise typer.Exit(1)
