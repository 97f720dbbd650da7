"""Answers shared by the routes, `/ask` and the CLI: name resolution and the headline queries.

Names resolve through the catalog's `search_entities` (folded keys: any script, any accent).
An unknown name raises `NotFound` with suggestions; an ambiguous one `AmbiguousName` with the
candidates. Rows from the catalog become `app.schemas` models here.
"""

from __future__ import annotations

import calendar
import re
from typing import Any

from app.errors import AmbiguousName, InvalidInput, NotFound
from app.schemas import (
    Counterpart,
    EntityRef,
    EventParticipant,
    EventRow,
    GraphEdge,
    GraphNode,
    Meeting,
    MeetingsPage,
    PathResult,
    Source,
    Timeline,
    TimelineEntry,
)
from app.services import Services
from ingest.normalize import fold

PERSON = ("Person",)
TOPIC = ("Country", "Organisation", "Location", "Topic")
PLACE = ("Location", "Country")
_ID = re.compile(r"^[a-z]+:[A-Za-z0-9][\w\-.]*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# Leading determiners and prepositions a question leaves on a name ("la Libye", "the UN").
_LEADING = re.compile(r"^(?:(?:the|la|le|les|du|de la|des|de)\s+|(?:l|d|de l)['’]\s*)", re.I)
_AR_CLITIC = re.compile(r"^[وبلف](?=\S{3,})")


def parse_date(value: str | None, field: str, *, end: bool = False) -> str | None:
    """Check a `YYYY[-MM[-DD]]` parameter; a bound is widened to the first or last day."""
    if value is None or value == "":
        return None
    match = _DATE.match(value)
    if not match:
        raise InvalidInput(f"{field}: {value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD",
                           errors=[{"loc": ["query", field], "msg": "invalid date",
                                    "type": "date_parsing"}])
    year, month, day = int(match[1]), int(match[2] or (12 if end else 1)), match[3]
    if not 1 <= month <= 12 or year < 1:
        raise InvalidInput(f"{field}: {value!r} has no month {month}",
                           errors=[{"loc": ["query", field], "msg": "invalid month",
                                    "type": "date_parsing"}])
    last = calendar.monthrange(year, month)[1]
    d = int(day) if day else (last if end else 1)
    if not 1 <= d <= last:
        raise InvalidInput(f"{field}: {value!r} is not a day of that month",
                           errors=[{"loc": ["query", field], "msg": "invalid day",
                                    "type": "date_parsing"}])
    return f"{year:04d}-{month:02d}-{d:02d}"


def _variants(name: str) -> list[str]:
    name = name.strip().strip("?؟!.,;:«»\"'").strip()
    out = [name]
    bare = _LEADING.sub("", name)
    if bare and bare not in out:
        out.append(bare)
    for candidate in list(out):
        stripped = _AR_CLITIC.sub("", candidate)
        if stripped != candidate and stripped not in out:
            out.append(stripped)
    return [v for v in out if fold(v)]


def _keys(row: dict[str, Any]) -> set[str]:
    return {fold(row.get("name") or "")} | {fold(a) for a in row.get("aliases") or []}


def _ref(row: dict[str, Any]) -> EntityRef:
    return EntityRef(id=row["id"], name=row.get("name") or row["id"], type=row.get("type"))


def resolve(services: Services, name: str, types: tuple[str, ...], what: str) -> EntityRef:
    """Resolve a name (or an id) to one entity of one of `types`.

    Raises:
        NotFound: nothing matches; `errors` holds suggestions.
        AmbiguousName: several entities match equally; `errors` holds the candidates.
    """
    name = name.strip()
    if _ID.match(name):
        rows = services.run("entity_profile", id=name)
        if rows and rows[0].get("type") in types:
            return _ref(rows[0])
    for variant in _variants(name):
        key = fold(variant)
        rows = [r for r in services.run("search_entities", q=variant, type=None, limit=20)
                if r.get("type") in types]
        if not rows:
            continue
        exact = [r for r in rows if key in _keys(r)]
        if len(exact) == 1:
            return _ref(exact[0])
        pool = exact or rows
        if len(pool) == 1:
            return _ref(pool[0])
        # Several entities: one whose every word-prefix matches beats partial ones.
        words = [r for r in pool if all(any(k.startswith(w) for k in " ".join(_keys(r)).split())
                                        for w in key.split())]
        if len(words) == 1 and not exact:
            return _ref(words[0])
        raise AmbiguousName(
            f"{what} {name!r} matches {len(pool)} entities; pass one of their ids",
            errors=[{"id": r["id"], "name": r.get("name"), "type": r.get("type")}
                    for r in pool[:10]])
    raise NotFound(f"no {what} matches {name!r}", errors=_suggestions(services, name, types))


def _suggestions(services: Services, name: str, types: tuple[str, ...]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    words = [w for w in fold(name).split() if len(w) >= 3]
    probes = words + [w[:3] for w in words]
    for probe in probes:
        for row in services.run("search_entities", q=probe, type=None, limit=10):
            if row.get("type") in types and row["id"] not in seen:
                seen[row["id"]] = {"suggestion": row.get("name"), "id": row["id"],
                                   "type": row.get("type")}
        if len(seen) >= 5:
            break
    return list(seen.values())[:5]


def _place(row: dict[str, Any]) -> EntityRef | None:
    if not row.get("place_id"):
        return None
    return EntityRef(id=row["place_id"], name=row.get("place_name") or row["place_id"],
                     type=row.get("place_type"))


def _topics(row: dict[str, Any]) -> list[EntityRef]:
    return [EntityRef(id=t["id"], name=t.get("name") or t["id"], type=t.get("type"))
            for t in row.get("topics") or []]


def sources_with_dates(services: Services, sources: list[dict[str, Any]],
                       memo: dict[str, dict[str, Any]] | None = None) -> list[Source]:
    """`Source` models, with each article's `date`, `outlet` and `url` (its source, when a web
    address) from `article_meta` unless the row has them (a missing title too).

    `memo` (article id → its meta row) spares repeated look-ups across the rows of one answer.
    """
    memo = {} if memo is None else memo
    out = []
    for s in sources:
        item = dict(s)
        if any(k not in item for k in ("date", "outlet", "url")) or item.get("title") is None:
            article_id = s["article_id"]
            if article_id not in memo:
                rows = services.run("article_meta", id=article_id)
                memo[article_id] = rows[0] if rows else {}
            meta = memo[article_id]
            item["date"] = item.get("date") or meta.get("date")
            item["title"] = item.get("title") or meta.get("title")
            item["outlet"] = item.get("outlet") or meta.get("outlet")
            item["url"] = item.get("url") or meta.get("source")
        url = item.get("url")
        item["url"] = url if isinstance(url, str) and url.startswith(("http://", "https://")) \
            else None
        out.append(Source.model_validate(item))
    return out


def _sources(services: Services, row: dict[str, Any],
             memo: dict[str, dict[str, Any]]) -> list[Source]:
    return sources_with_dates(services, row.get("sources") or [], memo)


def find_meetings(services: Services, person: str, topic: str | None = None, *,
                  kind: str | None = None, date_from: str | None = None,
                  date_to: str | None = None, place: str | None = None) -> MeetingsPage:
    """Who met `person` (about `topic`): the headline query."""
    who = resolve(services, person, PERSON, "person")
    about = resolve(services, topic, TOPIC, "topic") if topic else None
    where = resolve(services, place, PLACE, "place") if place else None
    rows = services.run("who_met", person=who.id, topic=about.id if about else None,
                        kind=kind, date_from=parse_date(date_from, "from"),
                        date_to=parse_date(date_to, "to", end=True),
                        place=where.id if where else None)
    memo: dict[str, dict[str, Any]] = {}
    data = [Meeting(person=EntityRef(id=r["person_id"], name=r.get("person_name") or "",
                                     type=r.get("person_type") or "Person"),
                    role=r.get("role"), counterpart_role=r.get("counterpart_role"),
                    event_id=r["event_id"], kind=r["kind"], date=r.get("date"),
                    place=_place(r), topics=_topics(r), sources=_sources(services, r, memo))
            for r in rows]
    return MeetingsPage(person=who, topic=about, data=data, count=len(data))


def person_timeline(services: Services, person: str) -> Timeline:
    who = resolve(services, person, PERSON, "person")
    rows = services.run("timeline", person=who.id)
    memo: dict[str, dict[str, Any]] = {}
    data = [TimelineEntry(event_id=r["event_id"], kind=r["kind"], date=r.get("date"),
                          place=_place(r), role=r.get("role"),
                          counterparts=[Counterpart.model_validate(c)
                                        for c in r.get("counterparts") or []],
                          topics=_topics(r), sources=_sources(services, r, memo))
            for r in rows]
    return Timeline(person=who, data=data, count=len(data))


def find_path(services: Services, source: str, target: str) -> PathResult:
    any_type = PERSON + TOPIC
    a = resolve(services, source, any_type, "entity")
    b = resolve(services, target, any_type, "entity")
    if a.id == b.id:  # the same entity: a path of no edge
        return PathResult(source=a, target=b, nodes=[GraphNode(id=a.id, type=a.type, name=a.name)],
                          edges=[], length=0)
    rows = services.run("shortest_path", source=a.id, target=b.id)
    if not rows or not rows[0].get("nodes"):
        raise NotFound(f"no path of 6 hops or fewer between {a.name!r} and {b.name!r}")
    nodes = [GraphNode.model_validate(n) for n in rows[0]["nodes"]]
    edges = [GraphEdge.model_validate(e) for e in rows[0].get("edges") or []]
    return PathResult(source=a, target=b, nodes=nodes, edges=edges, length=len(edges))


def list_events(services: Services, *, date_from: str | None, date_to: str | None,
                country: str | None, kind: str | None, limit: int, offset: int) -> list[EventRow]:
    where = resolve(services, country, ("Country",), "country") if country else None
    rows = services.run("events", date_from=parse_date(date_from, "from"),
                        date_to=parse_date(date_to, "to", end=True),
                        country=where.id if where else None, organisation=None, kind=kind,
                        limit=limit, offset=offset)
    memo: dict[str, dict[str, Any]] = {}
    return [EventRow(event_id=r.get("event_id") or r["id"], kind=r["kind"], date=r.get("date"),
                     place=_place(r),
                     participants=[EventParticipant.model_validate(p)
                                   for p in r.get("participants") or []],
                     topics=_topics(r), sources=_sources(services, r, memo))
            for r in rows]


def filter_timeline(services: Services, timeline: Timeline, *, kind: str | None = None,
                    date_from: str | None = None, date_to: str | None = None,
                    place: str | None = None, topic: str | None = None) -> Timeline:
    """The entries of a timeline that pass the filters of `find_meetings`: an event of
    `kind`, overlapping [date_from, date_to], held in `place` (or a place of that country),
    about `topic` (ids, or names resolved here)."""
    lo, hi = parse_date(date_from, "from"), parse_date(date_to, "to", end=True)
    where = resolve(services, place, PLACE, "place") if place else None
    about = resolve(services, topic, TOPIC, "topic") if topic else None
    countries: dict[str, set[str]] = {}
    if where is not None:
        for row in services.run("person_event_place_countries", person=timeline.person.id):
            countries.setdefault(row["event_id"], set()).add(row["country_id"])
    data = []
    for entry in timeline.data:
        if kind and entry.kind != kind:
            continue
        if lo or hi:
            if not entry.date:
                continue
            start = parse_date(entry.date, "date") or ""
            end = parse_date(entry.date, "date", end=True) or ""
            if (hi and start > hi) or (lo and end < lo):
                continue
        if about and about.id not in {t.id for t in entry.topics}:
            continue
        if where and where.id != (entry.place.id if entry.place else None) and \
                where.id not in countries.get(entry.event_id, set()):
            continue
        data.append(entry)
    return Timeline(person=timeline.person, data=data, count=len(data))
