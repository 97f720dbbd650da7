"""Watch feeds (what `diplograph watch` runs): poll RSS/Atom feeds, ingest each new item's
article, and remember which items were handled.

An item is read from its web page, or from the text the feed carries when the page cannot be
fetched or read. What was handled is kept in SQLite (`watch.sqlite3` in the data folder), keyed
by (feed, item guid/link): an item is remembered once its article is in the graph (ingested now,
or already there), so an item that failed is tried again at the next poll and nothing is lost.
The store is opened only for a poll that found new items and closed after it, so other commands
can use it between polls. No Cypher here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import structlog

from app.batch import Failure, IngestSummary, failure_text, ingest_bulk, split_ingested
from app.fetch import FetchConfig, fetch, open_client
from app.services import Services
from app.settings import Settings
from ingest.errors import IngestError
from ingest.feeds import Feed, FeedItem, parse_feed, raw_article_from_item
from ingest.pages import raw_article_from_page
from ingest.reader import RawArticle

log = structlog.get_logger(__name__)

STATE_FILE = "watch.sqlite3"
_SCHEMA = """CREATE TABLE IF NOT EXISTS seen_item (
    feed TEXT NOT NULL, key TEXT NOT NULL, link TEXT, article_id TEXT NOT NULL,
    outcome TEXT NOT NULL, seen_at TEXT NOT NULL, PRIMARY KEY (feed, key))"""


class SeenItems:
    """The feed items already handled, in a small SQLite file."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path)
        with self._db:
            self._db.execute(_SCHEMA)

    def has(self, feed: str, key: str) -> bool:
        """True when the item `key` of `feed` was handled before."""
        row = self._db.execute("SELECT 1 FROM seen_item WHERE feed = ? AND key = ?",
                               (feed, key)).fetchone()
        return row is not None

    def mark(self, feed: str, item: FeedItem, *, article_id: str, outcome: str) -> None:
        """Remember that `item` was handled (`outcome`: ingested, already_ingested)."""
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO seen_item VALUES (?, ?, ?, ?, ?, ?)",
                (feed, item.key, item.link, article_id, outcome,
                 datetime.now(UTC).isoformat(timespec="seconds")))

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM seen_item").fetchone()[0])

    def close(self) -> None:
        self._db.close()


def seen_items(settings: Settings) -> SeenItems:
    """The watch state of these settings' data folder."""
    return SeenItems(settings.data_dir / STATE_FILE)


@dataclass(frozen=True)
class WatchEvent:
    """Something a poll did, for the command to show: `kind` is one of feed, page_failed,
    extracting, extracted, ingested, already_ingested, failed."""

    kind: str
    source: str
    detail: str = ""


@dataclass
class PollSummary:
    feeds: int = 0
    items: int = 0
    new: int = 0
    ingested: int = 0
    already: int = 0
    failures: list[Failure] = field(default_factory=list)
    added: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Pending:
    feed: str
    item: FeedItem
    raw: RawArticle


def read_item(item: FeedItem, feed: Feed, *, config: FetchConfig, client: httpx.Client,
              lang: str | None = None,
              on_event: Callable[[WatchEvent], None] | None = None) -> RawArticle:
    """The article of one feed item: its web page, else the text the feed carries.

    Raises:
        IngestError: Neither the page nor the feed's text gives an article.
    """
    page_error: IngestError | None = None
    if item.link:
        try:
            page = fetch(item.link, config, client=client)
            return raw_article_from_page(page, lang=lang, date=item.date, title=item.title)
        except IngestError as exc:
            page_error = exc
            log.info("watch_page_failed", link=item.link, error=str(exc))
            if on_event:
                on_event(WatchEvent("page_failed", item.link, failure_text(exc)))
    return raw_article_from_item(item, feed=feed, lang=lang, page_error=page_error)


def poll_feeds(settings: Settings, feeds: Iterable[str], seen: SeenItems, *,
               config: FetchConfig | None = None, lang: str | None = None, jobs: int = 1,
               batch_size: int | None = None,
               on_event: Callable[[WatchEvent], None] | None = None) -> PollSummary:
    """Poll each feed once and ingest the articles of the items not seen before.

    A feed or an item that fails is reported in `PollSummary.failures` and, for an item, left
    unmarked so that the next poll tries it again.

    Raises:
        GraphError: The store cannot be opened or written (e.g. it is locked by `serve`);
            the items not yet written stay unmarked.
    """
    config = config or FetchConfig()
    emit = on_event or (lambda event: None)
    summary = PollSummary()
    pending: list[_Pending] = []
    with open_client(config) as client:
        for url in dict.fromkeys(feeds):  # each feed once, in the order given
            summary.feeds += 1
            try:
                feed = parse_feed(fetch(url, config, client=client))
            except IngestError as exc:
                summary.failures.append(Failure(url, failure_text(exc)))
                log.warning("watch_feed_failed", feed=url, error=str(exc))
                emit(WatchEvent("failed", url, failure_text(exc)))
                continue
            new = [item for item in feed.items if not seen.has(url, item.key)]
            summary.items += len(feed.items)
            summary.new += len(new)
            log.info("watch_feed_read", feed=url, items=len(feed.items), new=len(new))
            emit(WatchEvent("feed", url, f"{len(feed.items)} item(s), {len(new)} new"))
            for item in new:
                where = item.link or f"{url}#{item.key}"
                try:
                    raw = read_item(item, feed, config=config, client=client, lang=lang,
                                    on_event=emit)
                except IngestError as exc:
                    summary.failures.append(Failure(where, failure_text(exc)))
                    emit(WatchEvent("failed", where, failure_text(exc)))
                    continue
                pending.append(_Pending(url, item, raw))
    if pending:
        _ingest_pending(settings, pending, seen, summary, jobs=jobs, batch_size=batch_size,
                        emit=emit)
    return summary


def _ingest_pending(settings: Settings, pending: list[_Pending], seen: SeenItems,
                    summary: PollSummary, *, jobs: int, batch_size: int | None,
                    emit: Callable[[WatchEvent], None]) -> None:
    with closing(Services(settings)) as services:
        new, _ = split_ingested(services, [p.raw for p in pending])
        result = IngestSummary()
        if new:
            emit(WatchEvent("extracting", "", str(len(new))))
            result = ingest_bulk(services, new, jobs=jobs, batch_size=batch_size,
                                 on_done=lambda raw: emit(WatchEvent("extracted",
                                                                     raw.source or raw.id)))
    failed = {f.source for f in result.failures}
    new_ids = {raw.id for raw in new}
    first_of: dict[str, _Pending] = {}  # the item whose article was extracted, per article id
    for p in pending:
        first_of.setdefault(p.raw.id, p)
    for p in pending:
        source = p.raw.source or p.raw.id
        first = first_of[p.raw.id]
        if p.raw.id in new_ids and (first.raw.source or first.raw.id) in failed:
            continue  # not written: left unmarked, tried again at the next poll
        if p.raw.id in new_ids and first is p:
            seen.mark(p.feed, p.item, article_id=p.raw.id, outcome="ingested")
            summary.ingested += 1
            emit(WatchEvent("ingested", source, p.raw.title or ""))
        else:
            seen.mark(p.feed, p.item, article_id=p.raw.id, outcome="already_ingested")
            summary.already += 1
            emit(WatchEvent("already_ingested", source, p.raw.id))
    summary.failures.extend(result.failures)
    for failure in result.failures:
        emit(WatchEvent("failed", failure.source, failure.error))
    summary.added = result.added
