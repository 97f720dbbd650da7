"""Extraction → rows per label and per relationship (pure: no database, no I/O).

The store feeds these rows to the `UNWIND $rows` upsert texts of `graph/schema.py`.
"""

from __future__ import annotations

import calendar
import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from graph.errors import InvalidExtraction
from graph.schema import ENTITY_LABELS, SEARCH_SEP, label_of_id
from ingest.models import Extraction, Span
from ingest.normalize import fold

RelKey = tuple[str, str, str]  # (type, source label, target label)


@lru_cache(maxsize=65536)
def date_bounds(value: str | None) -> tuple[date | None, date | None]:
    """`"2021"` → (2021-01-01, 2021-12-31); `"2022-08"` → (08-01, 08-31); None → (None, None)."""
    if not value:
        return None, None
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        last = calendar.monthrange(parts[0], parts[1])[1]
        return date(parts[0], parts[1], 1), date(parts[0], parts[1], last)
    day = date(parts[0], parts[1], parts[2])
    return day, day


@lru_cache(maxsize=65536)
def iso_bounds(value: str | None) -> tuple[str | None, str | None]:
    """`date_bounds` as ISO strings, the form the rows carry."""
    start, end = date_bounds(value)
    return (start.isoformat() if start else None), (end.isoformat() if end else None)


def search_keys(name: str, aliases: list[str]) -> tuple[str, list[str]]:
    key, keys = _search_keys(name, tuple(aliases))
    return key, list(keys)


@lru_cache(maxsize=65536)
def _search_keys(name: str, aliases: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """`name_key` and the sorted, distinct `alias_keys`, the name's key excluded.

    Keys are folded (`ingest.normalize.fold`); every later word of the name and aliases
    starts a key too, so "lamamra" or "لعمامرة" finds "Ramtane Lamamra" by prefix.
    """
    name_key = fold(name)
    keys: set[str] = set()
    for text in [name, *aliases]:
        words = fold(text).split(" ")
        keys.update(" ".join(words[i:]) for i in range(len(words)))
    return name_key, tuple(sorted(keys - {name_key, ""}))


def search_text(name_key: str, alias_keys: list[str]) -> str:
    """`|name_key|alias_key|…|`, the string name search runs `CONTAINS` on."""
    return SEARCH_SEP + SEARCH_SEP.join([name_key, *alias_keys]) + SEARCH_SEP


def merge_entity_rows(label: str, rows: list[dict]) -> dict[str, dict]:
    """One row per entity id: the last name wins, the aliases are the union (pure).

    Rows are shared (`entity_row` caches them), so an entity met in many articles with the
    same name and aliases is one object: the common case costs two dict passes.
    """
    merged = {r["id"]: r for r in rows}
    if len({id(r) for r in rows}) == len(merged):
        return merged
    merged = {}
    for row in rows:
        prev = merged.get(row["id"])
        if prev is not None and prev is not row and prev["aliases"] != row["aliases"]:
            row = entity_row(row["id"], label, row["name"], prev["aliases"] + row["aliases"])
        merged[row["id"]] = row
    return merged


def estimated_rows(extraction: Extraction) -> int:
    """About how many node and relationship rows an Extraction writes (sizes Neo4j batches)."""
    return 1 + 2 * len(extraction.entities) + sum(
        3 + len(ev.participants) + len(ev.topics) for ev in extraction.events)


def tx_groups(extractions: Sequence[Extraction], max_rows: int | None
              ) -> list[list[Extraction]]:
    """Cut a batch into runs of whole articles of at most `max_rows` estimated rows each (an
    article larger than that is a run of its own); None: one run."""
    if max_rows is None:
        return [list(extractions)]
    groups: list[list[Extraction]] = [[]]
    size = 0
    for ext in extractions:
        rows = estimated_rows(ext)
        if groups[-1] and size + rows > max_rows:
            groups.append([])
            size = 0
        groups[-1].append(ext)
        size += rows
    return groups


def entity_row(entity_id: str, label: str, name: str, aliases: list[str] | tuple[str, ...]) -> dict:
    """The node row of an entity, shared between callers: read it, never change it.

    Rows are cached by (id, label, name, aliases): a bulk write meets the same entity in many
    articles and builds its row (search keys, folded aliases) once.
    """
    return _entity_row(entity_id, label, name, tuple(sorted(set(aliases))) if aliases else ())


@lru_cache(maxsize=65536)
def _entity_row(entity_id: str, label: str, name: str, aliases: tuple[str, ...]) -> dict:
    name_key, alias_keys = _search_keys(name, aliases)
    return {"id": entity_id, "name": name, "type": label, "name_key": name_key,
            "aliases": list(aliases), "alias_keys": list(alias_keys),
            "search_keys": search_text(name_key, list(alias_keys))}


# One encoder each, built once: `json.dumps` with options builds a new encoder per call,
# which was a fifth of the row-building time of a bulk write.
_encode = json.JSONEncoder(ensure_ascii=False).encode
_encode_sorted = json.JSONEncoder(sort_keys=True).encode


def spans_json(spans: list[Span]) -> str:
    """Spans as one JSON text (`[{"text", "start", "end"}, …]`, as `Span.model_dump`)."""
    if not spans:
        return "[]"
    return _encode([{"text": s.text, "start": s.start, "end": s.end} for s in spans])


def span_props(spans: list[Span]) -> dict:
    return {"spans": spans_json(spans)}


def event_name(kind: str, date_value: str | None) -> str:
    return f"{kind} {date_value}" if date_value else kind


class TupleRows(Sequence[dict]):
    """Rows of one table kept as tuples in a fixed column order (append-only).

    A bulk write makes one Article row, ~5 MENTIONS rows and ~1 REPORTED_IN row per article;
    as tuples they are cheaper to build than dicts and go to an Arrow table column by column
    (`columns()`). Reading (iteration, indexing, slicing) gives plain dict rows.
    """

    __slots__ = ("names", "tuples")

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names
        self.tuples: list[tuple] = []

    def columns(self) -> dict[str, tuple]:
        values = list(zip(*self.tuples, strict=True)) or [()] * len(self.names)
        return dict(zip(self.names, values, strict=True))

    def __len__(self) -> int:
        return len(self.tuples)

    def __getitem__(self, index):  # type: ignore[no-untyped-def, override]
        if isinstance(index, slice):
            return [dict(zip(self.names, t, strict=True)) for t in self.tuples[index]]
        return dict(zip(self.names, self.tuples[index], strict=True))

    def __iter__(self) -> Iterator[dict]:
        return iter(self[:])


ARTICLE_COLUMNS = ("id", "name", "type", "title", "lang", "date", "date_start", "date_end",
                   "source", "provenance", "outlet", "text", "sources")
MENTIONS_COLUMNS = ("src", "dst", "spans")
REPORTED_IN_COLUMNS = ("src", "dst", "evidence", "spans")


def _tuple_rows(tables: dict, key: object, names: tuple[str, ...]) -> list[tuple]:
    """The tuple list of `tables[key]`, a `TupleRows` created on first use."""
    rows = tables.get(key)
    if rows is None:
        rows = tables[key] = TupleRows(names)
    return rows.tuples


@dataclass
class ExtractionRows:
    """Everything one (or several) Extractions write, grouped for `UNWIND` batches."""

    #: article id → (distinct events, distinct entities) it reports
    articles: dict[str, tuple[int, int]] = field(default_factory=dict)
    nodes: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    stubs: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    rels: dict[RelKey, list[dict]] = field(default_factory=lambda: defaultdict(list))
    #: entity rows already built for this plan, by (id, label, name, aliases as given)
    entity_rows: dict[tuple, dict] = field(default_factory=dict, repr=False)

    def entity_ids(self) -> dict[str, list[str]]:
        return {label: [r["id"] for r in self.nodes.get(label, [])] for label in ENTITY_LABELS}


def extraction_rows(extraction: Extraction, into: ExtractionRows | None = None) -> ExtractionRows:
    """Map one article's Extraction to node and relationship rows (appended to `into`, if given).

    Raises:
        InvalidExtraction: an event refers to an id that is neither among the entities nor
            of a known `type:` prefix.
    """
    out = into if into is not None else ExtractionRows()
    nodes, rels, built = out.nodes, out.rels, out.entity_rows
    art = extraction.article
    art_id = art.id
    start, end = iso_bounds(art.date)
    provenance = _encode_sorted(extraction.provenance) if extraction.provenance else "{}"
    _tuple_rows(nodes, "Article", ARTICLE_COLUMNS).append((
        art_id, art.title or art_id, "Article", art.title, art.lang, art.date, start, end,
        art.source, provenance, art.outlet, art.text, [art.source] if art.source else []))
    labels: dict[str, str] = {}
    for ent in extraction.entities:
        etype = ent.type
        if ent.id in labels:
            labels[ent.id] = etype
            continue
        labels[ent.id] = etype
        key = (ent.id, etype, ent.name, *ent.aliases)
        row = built.get(key)
        if row is None:
            row = built[key] = entity_row(ent.id, etype, ent.name, ent.aliases)
        nodes[etype].append(row)
        _tuple_rows(rels, ("MENTIONS", "Article", etype), MENTIONS_COLUMNS).append(
            (art_id, ent.id, spans_json(ent.mentions) if ent.mentions else "[]"))
    n_entities = len(labels)

    def label(ref: str, allowed: tuple[str, ...], what: str) -> str:
        found = labels.get(ref)
        if found is None:
            found = label_of_id(ref)
            if found not in ENTITY_LABELS:
                raise InvalidExtraction(
                    f"article {art_id}: {what} {ref!r} is not among the entities and its "
                    "prefix names no entity type; list it in `entities`")
            labels[ref] = found
            stub = entity_row(ref, found, ref.partition(":")[2] or ref, [])
            out.stubs[found].append(stub)
        if found not in allowed:
            raise InvalidExtraction(
                f"article {art_id}: {what} {ref!r} is a {found}; expected one of {allowed}")
        return found

    for ent in extraction.entities:
        if ent.country and ent.type in ("Location", "Person"):
            if ent.type == "Location":
                target = label(ent.country, ("Country",), "country of " + ent.id)
                rels[("LOCATED_IN", "Location", target)].append({"src": ent.id, "dst": ent.country})
            else:
                target = label(ent.country, ("Country", "Organisation"), "country of " + ent.id)
                rels[("REPRESENTS", "Person", target)].append({"src": ent.id, "dst": ent.country})

    events_seen: set[str] = set()
    for ev in extraction.events:
        ev_id = ev.id
        if ev_id in events_seen:
            continue
        events_seen.add(ev_id)
        start, end = iso_bounds(ev.date)
        nodes["Event"].append({
            "id": ev_id, "name": event_name(ev.kind, ev.date), "type": "Event", "kind": ev.kind,
            "date": ev.date, "date_start": start, "date_end": end,
        })
        roles: dict[str, str] = {}
        for part in ev.participants:
            roles.setdefault(part.entity, part.role)
        for ref, role in roles.items():
            src = label(ref, PARTICIPANT_TYPES, "participant")
            rels[("PARTICIPATED_IN", src, "Event")].append({"src": ref, "dst": ev_id, "role": role})
        for ref in dict.fromkeys(ev.topics):
            dst = label(ref, TOPIC_TYPES, "topic")
            rels[("ABOUT", "Event", dst)].append({"src": ev_id, "dst": ref})
        if ev.place:
            dst = label(ev.place, PLACE_TYPES, "place")
            rels[("HELD_IN", "Event", dst)].append({"src": ev_id, "dst": ev.place})
        evidence = ev.evidence
        _tuple_rows(rels, ("REPORTED_IN", "Event", "Article"), REPORTED_IN_COLUMNS).append(
            (ev_id, art_id, " … ".join(s.text for s in evidence), spans_json(evidence)))
    out.articles[art_id] = (len(events_seen), n_entities)
    return out


PARTICIPANT_TYPES = ("Person", "Organisation", "Country")
TOPIC_TYPES = ("Country", "Organisation", "Location", "Topic")
PLACE_TYPES = ("Location", "Country")
