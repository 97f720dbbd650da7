"""Batch ingestion of files and folders (what `diplograph ingest` runs).

Reads every `.txt`, `.json`, `.jsonl` and `.html` article under the given paths (`ingest.inputs`)
and web page addresses (`read_urls`), skips those already in the graph (`split_ingested`),
extracts each one and writes its facts, and reports what the graph gained and which failed.
`ingest_bulk` runs the NLP in `jobs` processes (`ingest.parallel`) while this process extracts
the annotated articles in input order (so ids are minted as in a one-process run) and writes
them in batches, one transaction each, sized for the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import structlog

from app.fetch import FetchConfig, open_client, read_url
from app.services import Services
from graph.errors import GraphError
from ingest.errors import IngestError
from ingest.inputs import SUFFIXES, read_input
from ingest.models import Extraction
from ingest.parallel import annotate_in_order
from ingest.reader import RawArticle

log = structlog.get_logger(__name__)

ENTITY_LABELS = ("Person", "Country", "Organisation", "Location", "Topic")
#: Articles written per transaction by `ingest_bulk`, per engine. Neo4j caps a transaction's
#: memory at 70 % of its heap, so its batches stay moderate.
DEFAULT_BATCH_SIZE = {"ladybug": 200, "neo4j": 100}


@dataclass
class Failure:
    source: str
    error: str


@dataclass
class IngestSummary:
    articles: int = 0
    failures: list[Failure] = field(default_factory=list)
    added: dict[str, int] = field(default_factory=dict)

    @property
    def entities_added(self) -> int:
        return sum(self.added.get(label, 0) for label in ENTITY_LABELS)

    @property
    def events_added(self) -> int:
        return self.added.get("Event", 0)


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """The article files under `paths` (files as given, folders recursively), sorted."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p for p in path.rglob("*")
                         if p.is_file() and p.suffix.lower() in SUFFIXES
                         and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            found.add(path)
    return sorted(found)


def read_files(files: Iterable[Path], *, lang: str | None = None,
               date: str | None = None) -> tuple[list[RawArticle], list[Failure]]:
    raws: list[RawArticle] = []
    failures: list[Failure] = []
    for path in files:
        try:
            items = read_input(path, lang=lang, date=date)
        except IngestError as exc:
            failures.append(Failure(str(path), f"{exc.code}: {exc}"))
            continue
        for item in items:
            if isinstance(item, RawArticle):
                raws.append(item)
            else:
                where = getattr(item, "source", None) or str(path)
                failures.append(Failure(where, f"{getattr(item, 'code', 'error')}: {item}"))
    return raws, failures


def failure_text(exc: IngestError) -> str:
    """`code: message` for a failure listed next to its source (the source is not repeated)."""
    text = str(exc)
    prefix = f"{exc.source}: " if exc.source else ""
    return f"{exc.code}: {text.removeprefix(prefix)}"


def read_urls(urls: Iterable[str], config: FetchConfig, *, lang: str | None = None,
              date: str | None = None, on_done: Callable[[str], None] | None = None
              ) -> tuple[list[RawArticle], list[Failure]]:
    """Fetch and read each web page; a failing address is a `Failure`, not an exception."""
    raws: list[RawArticle] = []
    failures: list[Failure] = []
    with open_client(config) as client:
        for url in urls:
            try:
                raws.append(read_url(url, config, client=client, lang=lang, date=date))
            except IngestError as exc:
                failures.append(Failure(url, failure_text(exc)))
                log.warning("fetch_failed", url=url, error=str(exc))
            if on_done:
                on_done(url)
    return raws, failures


def split_ingested(services: Services, raws: Iterable[RawArticle]
                   ) -> tuple[list[RawArticle], list[RawArticle]]:
    """(new, already ingested): an article whose id (its text's hash) is in the store, or
    earlier in `raws`, is already ingested; input order is kept."""
    new: list[RawArticle] = []
    known: list[RawArticle] = []
    seen: set[str] = set()
    for raw in raws:
        if raw.id in seen or services.store.run("article_meta", id=raw.id):
            known.append(raw)
        else:
            new.append(raw)
        seen.add(raw.id)
    return new, known


def record_sources(services: Services, raws: Iterable[RawArticle]) -> int:
    """Record each already ingested article's source on its stored Article (one Article per
    content keeps every source: `GraphStore.add_article_source`); returns how many were
    recorded. Run after the new articles are written (a repeat within one run)."""
    return sum(services.add_article_source(raw.id, raw.source) for raw in raws if raw.source)


def _counts(services: Services) -> dict[str, int]:
    rows = services.store.run("statistics")
    return dict(rows[0]["labels"]) if rows else {}


def ingest_articles(services: Services, raws: list[RawArticle],
                    on_done: Callable[[RawArticle], None] | None = None) -> IngestSummary:
    """Extract and write each article, one transaction each; one failure does not stop the others.

    One article at a time through `Services.ingest`; `ingest_bulk` is the fast path for many.
    """
    before = _counts(services)
    summary = IngestSummary()
    for raw in raws:
        try:
            services.ingest(raw)
            summary.articles += 1
        except (IngestError, GraphError) as exc:
            summary.failures.append(Failure(raw.source or raw.id, f"{exc.code}: {exc}"))
            log.warning("ingest_failed", article_id=raw.id, error=str(exc))
        if on_done:
            on_done(raw)
    after = _counts(services)
    summary.added = {k: after.get(k, 0) - before.get(k, 0) for k in sorted(after)}
    return summary


def ingest_bulk(services: Services, raws: list[RawArticle], *, jobs: int = 1,
                batch_size: int | None = None,
                on_done: Callable[[RawArticle], None] | None = None) -> IngestSummary:
    """Extract and write many articles: NLP in `jobs` processes, writes in batches.

    The graph is the same whatever `jobs` is: the workers run the NLP and `Extractor.prepare`,
    results come back in input order, and this process alone runs `Extractor.assemble`, which
    mints the ids. Each batch of
    `batch_size` articles is written in one transaction (`GraphStore.write_extractions`); if a
    batch fails, its articles are written one by one so that only the faulty ones fail.
    `on_done` is called once per article, when it has been extracted (or has failed).
    Meant for a process that owns the store for the run (the CLI): it bypasses the result
    cache of `Services`.

    Raises:
        ValueError: `jobs` or `batch_size` is below 1.
        NLPWorkerFailed: an NLP worker process died (batches written before it are kept).
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    size = batch_size if batch_size is not None else DEFAULT_BATCH_SIZE[services.settings.store]
    if size < 1:
        raise ValueError(f"batch_size must be at least 1, got {size}")
    before = _counts(services)
    summary = IngestSummary()
    extractor = services.extractor
    batch: list[Extraction] = []
    with closing(annotate_in_order(extractor, raws, jobs=jobs)) as annotations:
        for item in annotations:
            raw = item.raw
            if item.annotated is None:
                summary.failures.append(Failure(raw.source or raw.id, item.error or "error"))
                log.warning("ingest_failed", article_id=raw.id, error=item.error)
            else:
                try:
                    batch.append(extractor.assemble(item.prepared) if item.prepared is not None
                                 else extractor.extract_annotated(raw, item.annotated))
                except IngestError as exc:
                    summary.failures.append(Failure(raw.source or raw.id, f"{exc.code}: {exc}"))
                    log.warning("ingest_failed", article_id=raw.id, error=str(exc))
            if on_done:
                on_done(raw)
            if len(batch) >= size:
                write_batch(services, batch, summary)
                batch = []
    if batch:
        write_batch(services, batch, summary)
    after = _counts(services)
    summary.added = {k: after.get(k, 0) - before.get(k, 0) for k in sorted(after)}
    return summary


def write_batch(services: Services, batch: list[Extraction], summary: IngestSummary) -> None:
    """One transaction for the batch; on failure, one per article to isolate the bad ones."""
    try:
        services.store.write_extractions(batch)
        summary.articles += len(batch)
        return
    except GraphError as exc:
        if len(batch) == 1:
            _record_write_failure(batch[0], exc, summary)
            return
        log.warning("ingest_batch_failed", articles=len(batch), error=str(exc))
    for extraction in batch:
        try:
            services.store.write_extraction(extraction)
            summary.articles += 1
        except GraphError as exc:
            _record_write_failure(extraction, exc, summary)


def _record_write_failure(extraction: Extraction, exc: GraphError,
                          summary: IngestSummary) -> None:
    article = extraction.article
    summary.failures.append(Failure(article.source or article.id, f"{exc.code}: {exc}"))
    log.warning("ingest_failed", article_id=article.id, error=str(exc))
