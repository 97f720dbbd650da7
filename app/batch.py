"""Batch ingestion of files and folders (what `diplograph ingest` runs).

Reads every `.txt`, `.json` and `.jsonl` article under the given paths, extracts each one and
writes its facts, and reports what the graph gained and which articles failed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import structlog

from app.services import Services
from graph.errors import GraphError
from ingest.errors import IngestError
from ingest.reader import RawArticle, read_articles

log = structlog.get_logger(__name__)

SUFFIXES = (".txt", ".json", ".jsonl")
ENTITY_LABELS = ("Person", "Country", "Organisation", "Location", "Topic")


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
            found.update(p for p in path.rglob("*") if p.is_file() and p.suffix in SUFFIXES
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
            items = read_articles(path, lang=lang, date=date)
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


def _counts(services: Services) -> dict[str, int]:
    rows = services.store.run("statistics")
    return dict(rows[0]["labels"]) if rows else {}


def ingest_articles(services: Services, raws: list[RawArticle],
                    on_done: Callable[[RawArticle], None] | None = None) -> IngestSummary:
    """Extract and write each article; one failure does not stop the others."""
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
