"""GraphStore: the engine-independent half of a store (writes, the catalog runner, rows out).

Engines implement only execution and transactions (`_read`, `_transaction`); everything else
(validation, label templating, the upsert plan, row normalisation) is written once here.
No engine library is imported here.
"""

from __future__ import annotations

import json
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import date
from typing import Any

import structlog
from pydantic import BaseModel, ValidationError

from graph import schema
from graph.errors import InvalidExtraction, InvalidQueryParams
from graph.queries import Query, get_query
from graph.rows import ExtractionRows, entity_row, extraction_rows
from ingest.models import Extraction

log = structlog.get_logger("graph.store")

Tx = Callable[..., list[dict]]  # tx(text, **params) -> rows
BATCH = 2000


class WriteResult(BaseModel):
    """What one article's write did."""

    article_id: str
    replaced: bool
    events: int
    entities: int


def _chunks(rows: list[dict], size: int = BATCH) -> Iterator[list[dict]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def tidy(value: Any, *, sort_lists: bool = True) -> Any:
    """Make a result value JSON-ready and engine-independent.

    Dates become ISO strings; lists of maps lose all-null maps (OPTIONAL MATCH misses) and
    duplicates, and are sorted (`collect()` order differs between engines) unless
    `sort_lists` is False (paths keep their order).
    """
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: tidy(v, sort_lists=sort_lists) for k, v in value.items()}
    if isinstance(value, list):
        items = [tidy(v, sort_lists=sort_lists) for v in value]
        if sort_lists and items and all(isinstance(v, dict) for v in items):
            keyed = {json.dumps(v, sort_keys=True, ensure_ascii=False): v
                     for v in items if any(x is not None for x in v.values())}
            return [keyed[k] for k in sorted(keyed)]
        return items
    return value


class GraphStore(ABC):
    """One interface over LadybugDB and Neo4j: writes, deletes and the named-query catalog."""

    engine: str = ""

    # --- engine hooks ----------------------------------------------------------------------
    @abstractmethod
    def _read(self, text: str, params: dict[str, Any]) -> list[dict]:
        """Run one read query; rows as dicts of plain values (nodes/rels already mapped)."""

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[Tx]:
        """A write transaction: commit on normal exit, roll back on exception."""

    @abstractmethod
    def close(self) -> None:
        """Release the database (and its lock)."""

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
        text = query.text_for(self.engine)
        for placeholder, (param, allowed) in query.labels.items():
            label = self._label_of(getattr(model, param), allowed)
            if label is None:
                return []
            text = text.replace("{" + placeholder + "}", label)
        for fmt in query.formats:
            text = text.replace("{" + fmt + "}", str(int(getattr(model, fmt))))
        started = time.perf_counter()
        rows = self._read(text, model.bind())
        log.debug("graph_query", query=name, rows=len(rows),
                  ms=round((time.perf_counter() - started) * 1000, 2))
        rows = [tidy(r, sort_lists=query.sort_lists) for r in rows]
        return query.post(rows, model) if query.post else rows

    def _label_of(self, entity_id: str, allowed: tuple[str, ...]) -> str | None:
        label = schema.label_of_id(entity_id)
        if label is None or label not in allowed:
            found = self._read(get_query("entity_type").text_for(self.engine), {"id": entity_id})
            label = found[0]["type"] if found else None
        return label if label in allowed else None

    def _composite(self, query: Query, model: Any) -> list[dict]:
        if query.name == "article":
            ext = self.get_extraction(model.id)
            return [ext.model_dump(mode="json")] if ext else []
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
                           "place": r["place"], "participants": participants,
                           "topics": sorted(t for t in r["topics"] if t in known),
                           "evidence": evidence})
        return Extraction.model_validate({"article": {k: art[k] for k in
                                                      ("id", "lang", "date", "title", "source")},
                                          "entities": entities, "events": events,
                                          "provenance": provenance})

    # --- writes ----------------------------------------------------------------------------
    def write_extraction(self, extraction: Extraction) -> WriteResult:
        """Upsert one article's facts in one transaction (idempotent; replaces an older version)."""
        return self.write_extractions([extraction])[0]

    def write_extractions(self, extractions: Sequence[Extraction]) -> list[WriteResult]:
        """Bulk variant of `write_extraction`: the whole batch commits in ONE transaction.

        An article id given twice keeps its last version. Acknowledged (returned) means
        committed; a crash before the return leaves none of the batch written.

        Raises:
            InvalidExtraction: an event refers to an id of unknown type (nothing is written).
            StoreUnavailable: the engine failed (nothing is written).
        """
        latest: dict[str, Extraction] = {}
        for ext in extractions:
            if not isinstance(ext, Extraction):
                raise InvalidExtraction(f"expected an Extraction, got {type(ext).__name__}")
            latest.pop(ext.article.id, None)
            latest[ext.article.id] = ext
        plan = ExtractionRows()
        for ext in latest.values():
            plan.extend(extraction_rows(ext))
        with self._transaction() as tx:
            replaced = self._remove_articles(tx, list(latest))
            self._write_rows(tx, plan, prune=replaced[1])
        return [
            WriteResult(article_id=aid, replaced=aid in replaced[0],
                        events=len({e.id for e in latest[aid].events}),
                        entities=len({e.id for e in latest[aid].entities}))
            for aid in (e.article.id for e in extractions)
        ]

    def delete_article(self, article_id: str) -> bool:
        """Remove an article, its edges and the events only it reported; False if absent."""
        with self._transaction() as tx:
            removed, mentioned = self._remove_articles(tx, [article_id])
            self._prune(tx, mentioned)
        return bool(removed)

    def _remove_articles(self, tx: Tx, ids: list[str]) -> tuple[set[str], dict[str, set[str]]]:
        existing: set[str] = set()
        for chunk in (ids[i:i + BATCH] for i in range(0, len(ids), BATCH)):
            existing |= {r["id"] for r in tx(schema.article_exists_text(), ids=chunk)}
        mentioned: dict[str, set[str]] = {}
        for aid in sorted(existing):
            for r in tx(get_query("article_entities").text_for(self.engine), id=aid):
                mentioned.setdefault(r["type"], set()).add(r["id"])
            for text in schema.delete_article_texts():
                tx(text, id=aid)
        return existing, mentioned

    def _prune(self, tx: Tx, mentioned: dict[str, set[str]]) -> None:
        for label, ids in sorted(mentioned.items()):
            if label in schema.ENTITY_LABELS:
                tx(schema.prune_entity(label), ids=sorted(ids))

    def _existing(self, tx: Tx, label: str, ids: list[str]) -> set[str]:
        found: set[str] = set()
        for i in range(0, len(ids), BATCH):
            found |= {r["id"] for r in tx(schema.existing_ids(label), ids=ids[i:i + BATCH])}
        return found

    def _write_rows(self, tx: Tx, plan: ExtractionRows, prune: dict[str, set[str]]) -> None:
        """Write the rows: CREATE what is known absent, MATCH … SET what exists.

        Articles are absent (older versions were removed first); events and entities are
        looked up by primary key. Edges of a new event are CREATEd; edges of an event that
        another article already reported are MERGEd (its participants are the union).
        """
        for label in schema.ENTITY_LABELS:
            merged: dict[str, dict] = {}
            for row in plan.nodes.get(label, []):
                prev = merged.get(row["id"])
                merged[row["id"]] = row if prev is None else entity_row(
                    row["id"], label, row["name"], sorted(set(prev["aliases"]) | set(row["aliases"])))
            stubs = {r["id"]: r for r in plan.stubs.get(label, []) if r["id"] not in merged}
            ids = sorted(merged) + sorted(stubs)
            if not ids:
                continue
            stored: dict[str, list[str]] = {}
            for i in range(0, len(ids), BATCH):
                for r in tx(schema.read_aliases(label), ids=ids[i:i + BATCH]):
                    stored[r["id"]] = r["aliases"] or []
            updates = []
            for eid, row in merged.items():
                if eid in stored:
                    if not set(stored[eid]) <= set(row["aliases"]):
                        row = entity_row(eid, label, row["name"],
                                         sorted(set(stored[eid]) | set(row["aliases"])))
                    updates.append(row)
            creates = [r for eid, r in merged.items() if eid not in stored]
            creates += [r for eid, r in stubs.items() if eid not in stored]
            for chunk in _chunks(creates):
                tx(schema.create_node(label), rows=chunk)
            for chunk in _chunks(updates):
                tx(schema.update_node(label), rows=chunk)
        events = list({r["id"]: r for r in plan.nodes.get("Event", [])}.values())
        old_events = self._existing(tx, "Event", [r["id"] for r in events])
        for chunk in _chunks([r for r in events if r["id"] not in old_events]):
            tx(schema.create_node("Event"), rows=chunk)
        for chunk in _chunks([r for r in events if r["id"] in old_events]):
            tx(schema.update_node("Event"), rows=chunk)
        for chunk in _chunks(plan.nodes.get("Article", [])):
            tx(schema.create_node("Article"), rows=chunk)
        for (rel, src, dst), rows in sorted(plan.rels.items()):
            uniq = list({(r["src"], r["dst"]): r for r in rows}.values())
            if rel in ("REPORTED_IN", "MENTIONS"):
                new, old = uniq, []  # the article is new: its old edges were removed
            elif rel in ("PARTICIPATED_IN", "ABOUT", "HELD_IN"):
                event_end = "dst" if rel == "PARTICIPATED_IN" else "src"
                new = [r for r in uniq if r[event_end] not in old_events]
                old = [r for r in uniq if r[event_end] in old_events]
            else:
                new, old = [], uniq
            for chunk in _chunks(new):
                tx(schema.upsert_rel(rel, src, dst, create=True), rows=chunk)
            for chunk in _chunks(old):
                tx(schema.upsert_rel(rel, src, dst), rows=chunk)
        self._prune(tx, prune)
