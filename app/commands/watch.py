"""`diplograph watch FEED…`: poll RSS/Atom feeds and ingest their new items (`app.watch`)."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from app.commands.common import err_console, load_settings
from app.errors import AppError
from app.fetch import FetchConfig, is_url
from app.services import ServicesClosed
from app.settings import Settings
from app.watch import PollSummary, WatchEvent, poll_feeds, seen_items
from graph.errors import GraphError, StoreLocked
from ingest.errors import IngestError

_STYLE = {"failed": "red", "page_failed": "yellow", "ingested": "green",
          "already_ingested": "dim", "feed": "bold"}
_LABEL = {"page_failed": "page failed, trying the feed's text",
          "already_ingested": "already ingested"}


def _say(message: str, style: str = "") -> None:
    stamp = datetime.now().strftime("%H:%M:%S")
    text = f"[{style}]{message}[/{style}]" if style else message
    err_console.print(f"[dim]{stamp}[/dim] {text}", highlight=False, soft_wrap=True)


def _show(event: WatchEvent) -> None:
    if event.kind == "extracted":
        return
    if event.kind == "extracting":
        _say(f"extracting {event.detail} new article(s)…")
        return
    label = _LABEL.get(event.kind, event.kind)
    detail = f" — {escape(event.detail)}" if event.detail else ""
    _say(f"{label}: {escape(event.source)}{detail}", _STYLE.get(event.kind, ""))


def _poll(settings: Settings, feeds: list[str], *, config: FetchConfig, lang: str | None,
          jobs: int, batch_size: int | None) -> PollSummary | None:
    """One poll; our errors are shown and give None (the items stay to be tried again)."""
    seen = seen_items(settings)
    try:
        return poll_feeds(settings, feeds, seen, config=config, lang=lang,
                          jobs=jobs, batch_size=batch_size, on_event=_show)
    except StoreLocked as exc:
        _say(f"error: {escape(str(exc))} — the store is owned by another process (a running "
             "`diplograph serve`?); the new items will be tried at the next poll", "red")
    except (AppError, GraphError, IngestError, ServicesClosed) as exc:
        _say(f"error: {escape(str(exc))}; the new items will be tried at the next poll", "red")
    finally:
        seen.close()
    return None


def watch_command(
    feeds: Annotated[list[str], typer.Argument(
        metavar="FEED", help="Addresses of RSS or Atom feeds (http:// or https://).")],
    interval: Annotated[float, typer.Option(
        min=10, max=86_400, help="Seconds between two polls of every feed.")] = 900.0,
    once: Annotated[bool, typer.Option(
        "--once", help="Poll every feed once, ingest what is new and exit (for cron); the exit "
                       "code is 1 when a feed or an item failed.")] = False,
    lang: Annotated[str | None, typer.Option(help="Language of every article (fr, ar, en); "
                                             "detected when omitted.")] = None,
    timeout: Annotated[float, typer.Option(
        min=0.1, max=600, help="Seconds to wait for each feed and page.")] = 20.0,
    data_dir: Annotated[Path | None, typer.Option(help="Data folder (DIPLOGRAPH_DATA_DIR).")]
    = None,
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", min=1, max=64,
        help="Processes running the NLP (Stanza) on a poll's new articles.")] = 1,
    batch_size: Annotated[int | None, typer.Option(
        min=1, max=10_000, help="Articles written per transaction.")] = None,
) -> None:
    """Poll RSS/Atom feeds and ingest each new item's article, until stopped (Ctrl-C).

    Each new item is read from its web page, or from the feed's own text when the page fails.

    Items are remembered in watch.sqlite3 in the data folder; one that failed is tried again.

    An article already in the graph (same text) is skipped with "already ingested".

    The store is opened only while a poll writes, so other commands can use it in between.
    """
    for feed in feeds:
        if not is_url(feed):
            raise typer.BadParameter(f"{feed!r} is not an http:// or https:// address",
                                     param_hint="FEED")
    settings = load_settings(data_dir=data_dir)
    config = FetchConfig(timeout=timeout)
    while True:
        summary = _poll(settings, feeds, config=config, lang=lang, jobs=jobs,
                        batch_size=batch_size)
        if summary is not None:
            _say(f"poll done: {summary.feeds} feed(s), {summary.new} new item(s), "
                 f"{summary.ingested} ingested, {summary.already} already ingested, "
                 f"{len(summary.failures)} failed", "bold")
        if once:
            raise typer.Exit(1 if summary is None or summary.failures else 0)
        _say(f"next poll in {interval:g} s (Ctrl-C to stop)")
        try:
            time.sleep(interval)
        except KeyboardInterrupt:
            _say("stopped")
            raise typer.Exit(0) from None
