"""GraphStore: the engine-independent half of a store (writes, the catalog runner, rows out).

Engines implement only execution, transactions and how rows reach the engine (`_read`,
`_transaction`, `_write_rows`); everything else (validation, label templating, article
replacement, event counts, row normalisation) is written once here.
No engine library is imported here.
"""

from __future__ import annotations

import gc
import json
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any, NamedTuple, TypeVar

import structlog
from pydantic import ValidationError

from graph import schema, statements
from graph.errors import InvalidExtraction, InvalidQueryParams
from graph.params import IdsParams, PersonParams
from graph.queries import Query, get_query
from graph.results import event_place, tidy
from graph.rows import ExtractionRows, entity_row, extraction_rows, tx_groups
from graph.store import versions
from ingest.models import Extraction

log = structlog.get_logger("graph.store")

Tx = Callable[..., list[dict]]  # tx(text, **params) -> rows
T = TypeVar("T")
BATCH = 2000


def _merge(a: dict[str, set[str]], b: dict[str, set[str]]) -> dict[str, set[str]]:
    return {k: a.get(k, set()) | b.get(k, set()) for k in a.keys() | b.keys()}


class WriteResult(NamedTuple):
    """What one article's write did (a named tuple: bulk writes return 100k of them)."""

    article_id: str
    replaced: bool
    events: int
    entities: int


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for one bulk write.

    Building rows allocates millions of small dicts; each allocation burst triggers a
    collection that walks every live object (the caller's Extractions included). Measured on
    the issue-4 synthetic batch: 111 µs per article with the collector, 39 without. The rows
    hold no reference cycles, so nothing waits for the collector; it resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def chunks(rows: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    """Consecutive slices of at most `size` rows (one `UNWIND $rows` statement each)."""
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


class GraphStore(ABC):
    """One interface over LadybugDB and Neo4j: writes, deletes and the named-query catalog."""

    engine: str = ""
    #: the most rows (`graph.rows.estimated_rows`) one write transaction takes; None: a whole
    #: `write_extractions` batch is one transaction. Neo4j caps a transaction's memory.
    max_tx_rows: int | None = None

    # --- engine hooks ----------------------------------------------------------------------
    @abstractmethod
    def _read(self, text: str, params: dict[str, Any]) -> list[dict]:
        """Run one read query; rows as dicts of plain values (nodes/rels already mapped)."""

    def _read_rows(self, query: Query, text: str, params: dict[str, Any]) -> list[dict]:
        """The rows of one catalog query (a server store may fetch the rows of a query with
        `columns` in one piece)."""
        return self._read(text, params)

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[Tx]:
        """A write transaction: commit on normal exit, roll back on exception."""

    @abstractmethod
    def close(self) -> None:
        """Release the database (and its lock)."""

    def _write_tx(self, work: Callable[[Tx], T]) -> T:
        """Run `work(tx)` in one write transaction and return its result.

        An engine may run `work` again after a transient failure (Neo4j: deadlocks), so
        `work` must be safe to repeat: every statement an upsert, no state kept outside.
        """
        with self._transaction() as tx:
            return work(tx)

    def _sync_search_entries(self) -> None:
        """Give every entity its `SearchEntry` and drop orphan entries (at open; a no-op on a
        store this version wrote, a rebuild on one written before the search index existed)."""
        entities = {label: {r["id"] for r in self._read(statements.entity_ids(label), {})}
                    for label in schema.ENTITY_LABELS}
        entries = {r["id"] for r in self._read(statements.search_entry_ids(), {})}
        missing = {label: sorted(ids - entries) for label, ids in entities.items()}
        orphans = sorted(entries - set().union(*entities.values()))
        if not orphans and not any(missing.values()):
            return
        def work(tx: Tx) -> None:
            if orphans:
                for chunk in chunks(orphans):
                    tx(statements.delete_nodes(schema.SEARCH_LABEL), ids=chunk)
            rows = [entity_row(r["id"], label, r["name"] or r["id"], r["aliases"] or [])
                    for label, ids in missing.items()
                    for r in self._lookup(tx, statements.read_entities(label), ids)]
            self._create_nodes(tx, schema.SEARCH_LABEL, rows)
            self._recount(tx, {k: set(v) for k, v in missing.items()}, {})

        self._write_tx(work)
        log.info("graph_search_index_synced", added=sum(map(len, missing.values())),
                 removed=len(orphans))

    # --- the catalog -----------------------------------------------------------------------
    def run(self, name: str, **params: Any) -> list[dict]:
        """Run a catalog query by name; JSON-ready rows.

        Raises:
            QueryNotFound: unknown name.
            InvalidQueryParams: parameters that do not fit the query.
            StoreUnavailable: the engine failed.
        """
        query = get_query(name)
        try:
            model = query.params(**params)
        except ValidationError as e:
            raise InvalidQueryParams(
                f"query {name}: invalid parameters: {e.errors(include_url=False)[0]['msg']}",
                errors=json.loads(e.json(include_url=False))) from e
        if query.composite:
            return self._composite(query, model)
        return self._run(query, model)

    def _run(self, query: Query, model: Any, known: dict[str, str] | None = None) -> list[dict]:
        """Run one (non-composite) catalog query with validated parameters.

        `known` gives labels already known for placeholders (from stored `type` values).
        """
        text = query.text_for(self.engine)
        for placeholder, (param, allowed) in query.labels.items():
            label = (known or {}).get(placeholder)
            if label not in allowed:
                label = self._label_of(getattr(model, param), allowed)
            if label is None:
                return []
            text = text.replace("{" + placeholder + "}", label)
        for fmt in query.formats:
            text = text.replace("{" + fmt + "}", str(int(getattr(model, fmt))))
        started = time.perf_counter()
        rows = self._read_rows(query, text, model.bind())
        log.debug("graph_query", query=query.name, rows=len(rows),
                  ms=round((time.perf_counter() - started) * 1000, 2))
        if query.tidy_rows:
            rows = [tidy(r, sort_lists=query.sort_lists) for r in rows]
        return query.post(rows, model) if query.post else rows

    def _label_of(self, entity_id: str, allowed: tuple[str, ...]) -> str | None:
        label = schema.label_of_id(entity_id)
        if label is None or label not in allowed:
            found = self._read(get_query("entity_type").text_for(self.engine), {"id": entity_id})
            label = found[0]["type"] if found else None
        return label if label in allowed else None

    def _composite(self, query: Query, model: Any) -> list[dict]:
        """The queries answered in several round trips (see their catalog descriptions)."""
        if query.name == "article":
            ext = self.get_extraction(model.id)
            return [ext.model_dump(mode="json")] if ext else []
        if query.name in ("who_met", "timeline"):
            person = PersonParams.model_construct(person=model.person)
            facts = self._run(get_query("person_event_facts"), person)
            if getattr(model, "place", None) and facts:
                facts += [{"event_id": r["event_id"], "part": "place_country", "a": r["country_id"]}
                          for r in self._run(get_query("person_event_place_countries"), person)]
            return query.post(facts, model) if query.post else facts
        if query.name == "search_entities":
            top = self._run(get_query("search_candidates"), model)
            if not top:
                return []
            details = {r["id"]: r for r in self._run(
                get_query("search_details"), IdsParams.model_construct(ids=[r["id"] for r in top]))}
            return [{"id": r["id"], "type": details[r["id"]]["type"], "name": r["name"],
                     "aliases": details[r["id"]]["aliases"] or []}
                    for r in top if r["id"] in details]
        raise NotImplementedError(query.name)  # pragma: no cover

    def get_extraction(self, article_id: str) -> Extraction | None:
        """The article with all its facts, rebuilt from the graph (events sorted by id)."""
        meta = self.run("article_meta", id=article_id)
        if not meta:
            return None
        art = meta[0]
        provenance = json.loads(art.pop("provenance") or "{}")
        entities = []
        known = set()
        for r in self.run("article_entities", id=article_id):
            known.add(r["id"])
            mentions = json.loads(r["spans"] or "[]")
            entities.append({"id": r["id"], "type": r["type"], "name": r["name"],
                             "aliases": r["aliases"] or [], "mentions": mentions,
                             "country": r["country"] if r["type"] in ("Person", "Location")
                             else None})
        events = []
        for r in self.run("article_events", id=article_id):
            evidence = json.loads(r["spans"] or "[]")
            participants = sorted(
                ({"entity": p["entity"], "role": p["role"] or "participant"}
                 for p in r["participants"] if p["entity"] in known),
                key=lambda p: p["entity"])
            events.append({"id": r["id"], "kind": r["kind"], "date": r["date"],
                           "place": event_place(r["places"]), "participants": participants,
                           "topics": sorted(t for t in r["topics"] if t in known),
                           "evidence": evidence})
        article = {k: art[k] for k in ("id", "lang", "date", "title", "source", "outlet", "text")}
        return Extraction.model_validate({"article": article,
                                          "entities": entities, "events": events,
                                          "provenance": provenance})

    # --- writes ----------------------------------------------------------------------------
    def write_extraction(self, extraction: Extraction) -> WriteResult:
        """Upsert one article's facts in one transaction (idempotent; replaces an older version)."""
        return self.write_extractions([extraction])[0]

    def write_extractions(self, extractions: Sequence[Extraction]) -> list[WriteResult]:
        """Bulk variant of `write_extraction`: idempotent upserts, each article whole.

        An article id given twice keeps its last version. Atomicity: on LadybugDB the whole
        batch commits in ONE transaction; on Neo4j (transaction memory is capped) the batch is
        split into transactions of at most `max_tx_rows` rows, whole articles each, so a
        failure may leave earlier sub-batches written, never part of an article. Every
        statement is an upsert, so writing the batch again completes it. Acknowledged
        (returned) means committed.

        Raises:
            InvalidExtraction: an event refers to an id of unknown type (nothing is written).
            StoreUnavailable: the engine failed (the failing transaction is rolled back).
        """
        with _gc_paused():
            return self._write_extractions(extractions)

    def _write_extractions(self, extractions: Sequence[Extraction]) -> list[WriteResult]:
        latest: dict[str, Extraction] = {}
        for ext in extractions:
            if not isinstance(ext, Extraction):
                raise InvalidExtraction(f"expected an Extraction, got {type(ext).__name__}")
            latest.pop(ext.article.id, None)
            latest[ext.article.id] = ext
        plans = []  # every plan built (and checked) before anything is written
        for group in tx_groups(list(latest.values()), self.max_tx_rows):
            plan = ExtractionRows()
            for ext in group:
                extraction_rows(ext, into=plan)
            plans.append(plan)
        removed: set[str] = set()
        counts: dict[str, tuple[int, int]] = {}
        for plan in plans:
            removed |= self._write_tx(lambda tx, plan=plan: self._write_plan(tx, plan))
            counts.update(plan.articles)
        return [WriteResult(aid, aid in removed, *counts[aid])
                for aid in (e.article.id for e in extractions)]

    def _write_plan(self, tx: Tx, plan: ExtractionRows) -> set[str]:
        """One transaction's work: replace the plan's articles and the older versions their
        sources held (`graph.store.versions`); the plan's ids that replaced something (an
        older version with the same id, or, when older versions of a source went, all)."""
        older = versions.merge_plan_sources(tx, self.engine, plan)
        removed, mentioned, linked = self._remove_articles(tx, sorted({*plan.articles, *older}))
        counted = self._write_rows(tx, plan, prune=mentioned)
        self._recount(tx, _merge(linked, counted[0]), counted[1])
        return (removed - older) | (set(plan.articles) if older else set())

    def add_article_source(self, article_id: str, source: str) -> bool:
        """Record that `source` holds the stored article's text (the same content read again
        from another path or URL); an older text from that source is replaced. False when the
        article is absent."""
        def work(tx: Tx) -> bool:
            older = versions.add_source(tx, self.engine, article_id, source)
            if older is None:
                return False
            if older:
                _, mentioned, linked = self._remove_articles(tx, sorted(older))
                self._prune(tx, mentioned)
                self._recount(tx, linked, {})
            return True

        return self._write_tx(work)

    def clear(self, step: int = 10_000) -> int:
        """Delete every edge, then every node, `step` of them per transaction (tests,
        benchmarks); returns the number of nodes deleted. Irreversible."""
        for text in (statements.CLEAR_RELS_STEP, statements.CLEAR_STEP):
            total = 0
            while True:
                with self._transaction() as tx:
                    rows = tx(text, limit=step)
                deleted = int(rows[0]["deleted"]) if rows else 0
                total += deleted
                if deleted == 0:
                    break
        return total

    def delete_article(self, article_id: str) -> bool:
        """Remove an article, its edges and the events only it reported; False if absent."""
        def work(tx: Tx) -> set[str]:
            removed, mentioned, linked = self._remove_articles(tx, [article_id])
            self._prune(tx, mentioned)
            self._recount(tx, linked, {})
            return removed

        return bool(self._write_tx(work))

    def _remove_articles(self, tx: Tx, ids: list[str]
                         ) -> tuple[set[str], dict[str, set[str]], dict[str, set[str]]]:
        """Remove the listed articles that exist: (removed ids, entities they mentioned,
        entities linked to their events)."""
        existing: set[str] = set()
        for chunk in chunks(ids):
            existing |= {r["id"] for r in tx(statements.article_exists_text(), ids=chunk)}
        mentioned: dict[str, set[str]] = {}
        linked: dict[str, set[str]] = {}
        for aid in sorted(existing):
            for r in tx(get_query("article_entities").text_for(self.engine), id=aid):
                mentioned.setdefault(r["type"], set()).add(r["id"])
            for r in tx(statements.article_event_entities(), id=aid):
                linked.setdefault(r["type"], set()).add(r["id"])
            for text in statements.delete_article_texts():
                tx(text, id=aid)
        return existing, mentioned, linked

    def _recount(self, tx: Tx, linked: dict[str, set[str]], new: dict[str, set[str]]) -> None:
        """Keep search entries' `events` exact: 0 when new, recounted when links changed."""
        reset = sorted(set().union(*new.values(), *linked.values()))
        for chunk in chunks(reset):
            tx(statements.reset_event_counts(), ids=chunk)
        for label in schema.ENTITY_LABELS:
            for chunk in chunks(sorted(linked.get(label, set()))):
                tx(statements.count_events(label), ids=chunk)

    def _prune(self, tx: Tx, mentioned: dict[str, set[str]]) -> None:
        """Delete the listed entities left with no edge at all, and their search entries."""
        for label in statements.PRUNE_ORDER:
            ids = mentioned.get(label)
            if not ids:
                continue
            gone = sorted({r["id"] for r in tx(statements.prune_candidates(label), ids=sorted(ids))})
            for chunk in chunks(gone):
                tx(statements.detach_delete_nodes(label), ids=chunk)
                tx(statements.delete_nodes(schema.SEARCH_LABEL), ids=chunk)

    # --- engine write hooks ------------------------------------------------------------------
    @abstractmethod
    def _write_rows(self, tx: Tx, plan: ExtractionRows, prune: dict[str, set[str]]
                    ) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        """Write the rows of articles known to be absent (older versions were removed first).

        An entity's name: last writer wins; its aliases: the union; an event's kind and date
        and a participant's role: last writer wins. An event another article already reported
        keeps its edges and gains the new ones (its participants and topics are the union).
        Entities in `prune` left with no edge are deleted.

        Returns the entities whose event links may have changed and the entities created, per
        label (their `events` counts are set by `_recount`).
        """

    def _create_nodes(self, tx: Tx, label: str, rows: list[dict]) -> None:
        """Create nodes whose ids are known to be absent."""
        for chunk in chunks(rows):
            tx(statements.create_node(label), rows=chunk)

    def _lookup(self, tx: Tx, text: str, ids: list[str]) -> list[dict]:
        out: list[dict] = []
        for chunk in chunks(ids):
            out += tx(text, ids=chunk)
        return out
