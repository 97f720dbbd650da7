"""Article versions: one Article per content, and a source names the text it holds now.

An article's id is the hash of its normalised text (`ingest.reader.article_id`), so the same
text read from another path, URL or API call is the same Article: its new source is added to
the Article's `sources`. A source given with a *different* text is a new version: the older
Article loses that source, and an Article left with no source is replaced (its facts are
removed in the same transaction as the new version is written).

Used by `GraphStore` inside its write transactions; engine differences stay in `graph.schema`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from graph import statements
from graph.rows import ARTICLE_COLUMNS, ExtractionRows

Tx = Callable[..., list[dict]]

_ID = ARTICLE_COLUMNS.index("id")
_SOURCE = ARTICLE_COLUMNS.index("source")
_SOURCES = ARTICLE_COLUMNS.index("sources")


def _recorded(row: dict) -> list[str]:
    """The sources an Article row records (older stores: only `source`)."""
    listed = list(row.get("sources") or [])
    if row.get("source") and row["source"] not in listed:
        listed.append(row["source"])
    return listed


def _chunks(items: list, size: int = 2000) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def release_sources(tx: Tx, engine: str, sources: Iterable[str],
                    keep: Iterable[str]) -> set[str]:
    """Take `sources` from every Article but those in `keep`.

    Returns the ids of the Articles left with no source: older versions the caller removes.
    The others get their remaining sources (and a `source` among them).
    """
    given = sorted(set(sources))
    if not given:
        return set()
    kept = set(keep)
    replaced: set[str] = set()
    updates: list[dict] = []
    for row in tx(statements.articles_from_sources_text(engine), sources=given):
        if row["id"] in kept:
            continue
        remaining = sorted(s for s in _recorded(row) if s not in given)
        if not remaining:
            replaced.add(row["id"])
            continue
        primary = row["source"] if row["source"] in remaining else remaining[0]
        updates.append({"id": row["id"], "source": primary, "sources": remaining})
    for chunk in _chunks(updates):
        tx(statements.set_article_sources_text(), rows=chunk)
    return replaced


def merge_plan_sources(tx: Tx, engine: str, plan: ExtractionRows) -> set[str]:
    """Record on the plan's Article rows the sources their ids already have in the store, and
    take the plan's sources from other Articles. Returns the older versions to remove."""
    rows = plan.nodes.get("Article")
    if not rows:
        return set()
    tuples = rows.tuples  # type: ignore[attr-defined]
    ids = sorted({t[_ID] for t in tuples})
    existing: dict[str, list[str]] = {}
    for chunk in _chunks(ids):
        for row in tx(statements.article_sources_text(), ids=chunk):
            existing[row["id"]] = _recorded(row)
    new_sources: set[str] = set()
    for i, t in enumerate(tuples):
        own = list(t[_SOURCES])
        new_sources.update(own)
        merged = sorted(set(own) | set(existing.get(t[_ID], ())))
        if merged != own:
            tuples[i] = (*t[:_SOURCES], merged, *t[_SOURCES + 1:])
        if t[_SOURCE] is None and merged:
            tuples[i] = (*tuples[i][:_SOURCE], merged[0], *tuples[i][_SOURCE + 1:])
    return release_sources(tx, engine, new_sources, keep=ids)


def add_source(tx: Tx, engine: str, article_id: str, source: str) -> set[str] | None:
    """Record `source` on an existing Article (the same text read again from elsewhere).

    Returns the older versions (other texts from that source) to remove, or None when the
    article is absent.
    """
    found = tx(statements.article_sources_text(), ids=[article_id])
    if not found:
        return None
    recorded = _recorded(found[0])
    if source not in recorded:
        tx(statements.set_article_sources_text(),
           rows=[{"id": article_id, "source": source, "sources": sorted({*recorded, source})}])
    return release_sources(tx, engine, [source], keep=[article_id])
