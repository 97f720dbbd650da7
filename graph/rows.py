"""Extraction → rows per label and per relationship (pure: no database, no I/O).

The store feeds these rows to the `UNWIND $rows` upsert texts of `graph/schema.py`.
"""

from __future__ import annotations

import calendar
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from graph.errors import InvalidExtraction
from graph.schema import ENTITY_LABELS, SEARCH_SEP, label_of_id
from ingest.models import Extraction, Span
from ingest.normalize import fold

RelKey = tuple[str, str, str]  # (type, source label, target label)


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


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


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


def entity_row(entity_id: str, label: str, name: str, aliases: list[str]) -> dict:
    aliases = sorted(set(aliases))
    name_key, alias_keys = search_keys(name, aliases)
    return {"id": entity_id, "name": name, "type": label, "name_key": name_key,
            "aliases": aliases, "alias_keys": alias_keys,
            "search_keys": search_text(name_key, alias_keys)}


def span_props(spans: list[Span]) -> dict:
    return {"spans": json.dumps([s.model_dump() for s in spans], ensure_ascii=False)}


def event_name(kind: str, date_value: str | None) -> str:
    return f"{kind} {date_value}" if date_value else kind


@dataclass
class ExtractionRows:
    """Everything one (or several) Extractions write, grouped for `UNWIND` batches."""

    articles: list[str] = field(default_factory=list)
    nodes: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    stubs: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    rels: dict[RelKey, list[dict]] = field(default_factory=lambda: defaultdict(list))

    def extend(self, other: ExtractionRows) -> None:
        self.articles.extend(other.articles)
        for label, rows in other.nodes.items():
            self.nodes[label].extend(rows)
        for label, rows in other.stubs.items():
            self.stubs[label].extend(rows)
        for key, rows in other.rels.items():
            self.rels[key].extend(rows)

    def entity_ids(self) -> dict[str, list[str]]:
        return {label: [r["id"] for r in self.nodes.get(label, [])] for label in ENTITY_LABELS}


def extraction_rows(extraction: Extraction) -> ExtractionRows:
    """Map one article's Extraction to node and relationship rows.

    Raises:
        InvalidExtraction: an event refers to an id that is neither among the entities nor
            of a known `type:` prefix.
    """
    out = ExtractionRows()
    art = extraction.article
    start, end = date_bounds(art.date)
    out.articles.append(art.id)
    out.nodes["Article"].append({
        "id": art.id, "name": art.title or art.id, "type": "Article", "title": art.title,
        "lang": art.lang, "date": art.date, "date_start": _iso(start), "date_end": _iso(end),
        "source": art.source, "provenance": json.dumps(extraction.provenance, sort_keys=True),
    })
    labels: dict[str, str] = {}
    seen: set[str] = set()
    for ent in extraction.entities:
        labels[ent.id] = ent.type
        if ent.id in seen:
            continue
        seen.add(ent.id)
        out.nodes[ent.type].append(entity_row(ent.id, ent.type, ent.name, [*ent.aliases]))
        out.rels[("MENTIONS", "Article", ent.type)].append(
            {"src": art.id, "dst": ent.id, **span_props(ent.mentions)})

    def label(ref: str, allowed: tuple[str, ...], what: str) -> str:
        found = labels.get(ref)
        if found is None:
            found = label_of_id(ref)
            if found not in ENTITY_LABELS:
                raise InvalidExtraction(
                    f"article {art.id}: {what} {ref!r} is not among the entities and its "
                    "prefix names no entity type; list it in `entities`")
            labels[ref] = found
            stub = entity_row(ref, found, ref.partition(":")[2] or ref, [])
            out.stubs[found].append(stub)
        if found not in allowed:
            raise InvalidExtraction(
                f"article {art.id}: {what} {ref!r} is a {found}; expected one of {allowed}")
        return found

    for ent in extraction.entities:
        if ent.country and ent.type in ("Location", "Person"):
            if ent.type == "Location":
                target = label(ent.country, ("Country",), "country of " + ent.id)
                out.rels[("LOCATED_IN", "Location", target)].append({"src": ent.id, "dst": ent.country})
            else:
                target = label(ent.country, ("Country", "Organisation"), "country of " + ent.id)
                out.rels[("REPRESENTS", "Person", target)].append({"src": ent.id, "dst": ent.country})

    events_seen: set[str] = set()
    for ev in extraction.events:
        if ev.id in events_seen:
            continue
        events_seen.add(ev.id)
        start, end = date_bounds(ev.date)
        out.nodes["Event"].append({
            "id": ev.id, "name": event_name(ev.kind, ev.date), "type": "Event", "kind": ev.kind,
            "date": ev.date, "date_start": _iso(start), "date_end": _iso(end),
        })
        roles: dict[str, str] = {}
        for part in ev.participants:
            roles.setdefault(part.entity, part.role)
        for ref, role in roles.items():
            src = label(ref, ("Person", "Organisation", "Country"), "participant")
            out.rels[("PARTICIPATED_IN", src, "Event")].append({"src": ref, "dst": ev.id, "role": role})
        for ref in dict.fromkeys(ev.topics):
            dst = label(ref, ("Country", "Organisation", "Location", "Topic"), "topic")
            out.rels[("ABOUT", "Event", dst)].append({"src": ev.id, "dst": ref})
        if ev.place:
            dst = label(ev.place, ("Location", "Country"), "place")
            out.rels[("HELD_IN", "Event", dst)].append({"src": ev.id, "dst": ev.place})
        evidence = " … ".join(s.text for s in ev.evidence)
        out.rels[("REPORTED_IN", "Event", "Article")].append(
            {"src": ev.id, "dst": art.id, "evidence": evidence, **span_props(ev.evidence)})
    return out
