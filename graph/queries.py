"""The named-query catalog: name, description, params model, portable Cypher, engine overrides.

Code calls `store.run("who_met", person=…)` and holds no Cypher of its own. Each query has
one text in the portable subset of DESIGN.md ("Graph stores"); an engine override exists only
where DESIGN.md says it is unavoidable (shortest paths). `tests/unit/graph/test_queries.py`
checks every text against the rules.

Templating: `{label}`-style fields are filled only with labels from `graph/schema.py`, chosen
from an id's type (never from input text), and `{depth}` only with a validated integer.
Optional filters travel as typed sentinels plus `has_*` flags (a null `$param` compared with
a column crashes LadybugDB 0.22): see `QueryParams.bind`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from graph.rows import date_bounds
from graph.schema import (
    ENTITY_LABELS,
    FACT_RELS,
    NODES,
    PARTICIPANT_LABELS,
    RELS,
    SEARCH_LABEL,
    SEARCH_SEP,
)
from ingest.models import EVENT_KINDS
from ingest.normalize import fold

DATE_MIN, DATE_MAX = date(1, 1, 1), date(9999, 12, 31)
FACT_PATTERN = "|".join(FACT_RELS)


class QueryParams(BaseModel):
    """Base of every params model; `bind()` gives the engine-ready parameter dict."""

    model_config = ConfigDict(extra="forbid")

    def bind(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, value in self.model_dump().items():
            if name == "date_from":
                out["has_dates"] = value is not None or self.model_dump().get("date_to") is not None
                out[name] = value or DATE_MIN
            elif name == "date_to":
                out[name] = value or DATE_MAX
            elif value is None:
                out[name] = ""
            else:
                out[name] = value
        return out


def _check_range(model: Any) -> Any:
    if model.date_from and model.date_to and model.date_from > model.date_to:
        raise ValueError("date_from is after date_to")
    return model


class NoParams(QueryParams):
    pass


class IdParams(QueryParams):
    id: str = Field(min_length=1, max_length=300)


class SearchParams(QueryParams):
    q: str = Field(min_length=1, max_length=200)
    type: str | None = None
    limit: int = Field(default=20, ge=1, le=6000)  # the API pages by slicing the first N

    def bind(self) -> dict[str, Any]:
        # `|` + folded prefix, `|` + folded key + `|`: see schema.SEARCH_PROPS["search_keys"]
        return {**super().bind(), "prefix": SEARCH_SEP + self.q,
                "exact": SEARCH_SEP + self.q + SEARCH_SEP}

    @model_validator(mode="after")
    def _fold(self) -> SearchParams:
        if self.type is not None and self.type not in ENTITY_LABELS:
            raise ValueError(f"type must be one of {ENTITY_LABELS}")
        self.q = fold(self.q)
        if not self.q:
            raise ValueError("q has no letters or digits once normalised")
        return self


class EntityListParams(QueryParams):
    type: str | None = None
    limit: int = Field(default=50, ge=1, le=1000)
    offset: int = Field(default=0, ge=0, le=5000)  # LadybugDB 0.22 crashes on SKIP > ~7000

    @model_validator(mode="after")
    def _check(self) -> EntityListParams:
        if self.type is not None and self.type not in ENTITY_LABELS:
            raise ValueError(f"type must be one of {ENTITY_LABELS}")
        return self


class IdsParams(QueryParams):
    ids: list[str] = Field(default_factory=list, max_length=1000)


class NeighboursParams(IdParams):
    limit: int = Field(default=50, ge=1, le=1000)


class WhoMetParams(QueryParams):
    person: str = Field(min_length=1, max_length=300)
    topic: str | None = None
    kind: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    place: str | None = None

    @model_validator(mode="after")
    def _check(self) -> WhoMetParams:
        if self.kind is not None and self.kind not in EVENT_KINDS:
            raise ValueError(f"kind must be one of {EVENT_KINDS}")
        return _check_range(self)


class PersonParams(QueryParams):
    person: str = Field(min_length=1, max_length=300)


class EgoParams(IdParams):
    limit: int = Field(default=50, ge=1, le=1000)


class LimitParams(QueryParams):
    limit: int = Field(default=50, ge=1, le=1000)


class PathParams(QueryParams):
    source: str = Field(min_length=1, max_length=300)
    target: str = Field(min_length=1, max_length=300)

    @model_validator(mode="after")
    def _distinct(self) -> PathParams:
        if self.source == self.target:
            raise ValueError("source and target are the same entity")
        return self


class EventsParams(QueryParams):
    date_from: date | None = None
    date_to: date | None = None
    country: str | None = None
    organisation: str | None = None
    kind: str | None = None
    limit: int = Field(default=50, ge=1, le=1000)
    offset: int = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _check(self) -> EventsParams:
        if self.kind is not None and self.kind not in EVENT_KINDS:
            raise ValueError(f"kind must be one of {EVENT_KINDS}")
        return _check_range(self)


class SubgraphParams(QueryParams):
    center: str = Field(min_length=1, max_length=300)
    depth: int = Field(default=1, ge=1, le=3)
    limit: int = Field(default=2000, ge=1, le=20000)


Post = Callable[[list[dict], QueryParams], list[dict]]


@dataclass(frozen=True)
class Query:
    """One catalog entry (Datasette's stored queries: name, description, params, text)."""

    name: str
    description: str
    params: type[QueryParams]
    text: str | None
    overrides: dict[str, str] = field(default_factory=dict)
    labels: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    formats: tuple[str, ...] = ()
    post: Post | None = None
    composite: bool = False  # answered by the store from other catalog entries
    tidy_rows: bool = True  # False: rows hold only strings, numbers and lists of strings
    sort_lists: bool = True  # False: lists keep engine order (paths)

    def text_for(self, engine: str) -> str:
        text = self.overrides.get(engine, self.text)
        if text is None:
            raise KeyError(f"query {self.name} has no text for engine {engine}")
        return text


# --- post-processing (pure) --------------------------------------------------------------------

_PLAIN = frozenset({str, int, float, bool})


def tidy(value: Any, *, sort_lists: bool = True) -> Any:
    """Make a result value JSON-ready and engine-independent.

    Dates become ISO strings; lists of maps lose all-null maps (OPTIONAL MATCH misses) and
    duplicates, and are sorted (`collect()` order differs between engines) unless
    `sort_lists` is False (paths keep their order).
    """
    if value is None or type(value) in _PLAIN:
        return value
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


def _unique_sorted(items: list[dict]) -> list[dict]:
    """`tidy`'s order for flat maps of strings (sorted keys, null after any string), faster."""
    keyed = {tuple((v is None, v or "") for _, v in sorted(d.items())): d for d in items}
    return [keyed[k] for k in sorted(keyed)]


def _sorted_rows(key: Callable[[dict], Any]) -> Post:
    def post(rows: list[dict], params: QueryParams) -> list[dict]:
        return sorted(rows, key=key)
    return post


def event_place(places: Sequence[str | None]) -> str | None:
    """The one place an event is shown with when reports gave it several (one article names
    the city, another the country: the event keeps a HELD_IN edge to each): a Location (city,
    site) before a Country, since it says more, then the smallest id, so the answer never
    depends on the order the engine returns rows in."""
    ids = [p for p in places if p]
    if not ids:
        return None
    return min(ids, key=lambda p: (not p.startswith("location:"), p))


def _one_place_per_event(rows: list[dict], params: QueryParams) -> list[dict]:
    """`events` rows, one per event: an event held in two places (a city in one report, the
    country in another) comes back once, with the place `event_place` picks."""
    out: dict[str, dict] = {}
    places: dict[str, dict[str | None, dict]] = {}
    for r in rows:
        out.setdefault(r["event_id"], r)
        places.setdefault(r["event_id"], {})[r["place_id"]] = r
    for eid, by_place in places.items():
        if len(by_place) > 1:
            best = by_place[event_place(list(by_place))]
            out[eid] = {**out[eid], "place_id": best["place_id"],
                        "place_name": best["place_name"], "place_type": best["place_type"]}
    return list(out.values())


def _event_facts(rows: list[dict]) -> dict[str, dict]:
    """`person_event_facts` rows grouped per event."""
    events: dict[str, dict] = {}
    for r in rows:
        e = events.get(r["event_id"])
        if e is None:
            if r["part"] == "place_country":  # the event's own row comes first
                continue
            e = events[r["event_id"]] = {
                "kind": r["kind"], "date": r["date"], "role": r["role"], "counterparts": [],
                "topics": [], "places": [], "place_types": {}, "place_countries": set(),
                "sources": []}
        part = r["part"]
        if part == "counterpart":
            e["counterparts"].append({"id": r["a"], "name": r["b"], "role": r["c"],
                                      "type": r["d"] or None})
        elif part == "topic":
            e["topics"].append({"id": r["a"], "name": r["b"], "type": r["d"] or None})
        elif part == "Article":
            e["sources"].append({"article_id": r["a"], "title": r["t"], "lang": r["c"],
                                 "evidence": r["d"]})
        elif part == "place_country":
            e["place_countries"].add(r["a"])
        elif part != "event":
            e["places"].append((r["a"], r["b"]))
            e["place_types"][r["a"]] = part
    for e in events.values():
        e["counterparts"], e["topics"], e["sources"] = (
            _unique_sorted(e["counterparts"]), _unique_sorted(e["topics"]),
            _unique_sorted(e["sources"]))
        e["places"] = (sorted(set(e["places"]), key=lambda p: (p[0] or "", p[1] or ""))
                       or [(None, None)])
    return events


def _event_rows(rows: list[dict], params: QueryParams) -> list[dict]:
    """`event` facts assembled into one row (none when the event does not exist)."""
    head = next((r for r in rows if r["part"] == "event"), None)
    if head is None:
        return []
    out: dict[str, Any] = {"event_id": head["event_id"], "kind": head["kind"],
                           "date": head["date"], "place_id": None, "place_name": None,
                           "place_type": None, "participants": [], "topics": [], "sources": []}
    places: dict[str, tuple[str, str]] = {}
    for r in rows:
        part = r["part"]
        if part == "participant":
            out["participants"].append({"id": r["a"], "name": r["b"], "role": r["c"],
                                        "type": r["d"]})
        elif part == "topic":
            out["topics"].append({"id": r["a"], "name": r["b"], "type": r["d"]})
        elif part == "Article":
            out["sources"].append({"article_id": r["a"], "title": r["t"], "lang": r["c"],
                                   "evidence": r["d"]})
        elif part != "event":
            places[r["a"]] = (r["b"], part)
    chosen = event_place(list(places))
    if chosen is not None:
        out["place_id"], (out["place_name"], out["place_type"]) = chosen, places[chosen]
    for key in ("participants", "topics", "sources"):
        out[key] = _unique_sorted(out[key])
    return [out]


def _event_order(row: dict) -> tuple:
    return (row["date"] or "9999", row["event_id"])


def _who_met_rows(rows: list[dict], params: QueryParams) -> list[dict]:
    """One row per (counterpart, event) of the person's events that pass the filters."""
    p: Any = params
    out = []
    for eid, e in _event_facts(rows).items():
        if p.kind and e["kind"] != p.kind:
            continue
        if p.date_from or p.date_to:
            start, end = date_bounds(e["date"])
            if start is None or end < (p.date_from or DATE_MIN) or start > (p.date_to or DATE_MAX):
                continue
        if p.topic and p.topic not in {t["id"] for t in e["topics"]}:
            continue
        if p.place and p.place not in {pl for pl, _ in e["places"]} | e["place_countries"]:
            continue
        for c in e["counterparts"]:
            for place_id, place_name in e["places"]:
                out.append({"person_id": c["id"], "person_name": c["name"],
                            "person_type": c["type"], "role": c["role"],
                            "counterpart_role": e["role"], "event_id": eid, "kind": e["kind"],
                            "date": e["date"], "place_id": place_id, "place_name": place_name,
                            "place_type": e["place_types"].get(place_id),
                            "topics": e["topics"], "sources": e["sources"]})
    return sorted(out, key=lambda r: (*_event_order(r), r["person_id"]))


def _timeline_rows(rows: list[dict], params: QueryParams) -> list[dict]:
    """The person's events with counterparts, topics and sources, dated first."""
    out = []
    for eid, e in _event_facts(rows).items():
        for place_id, place_name in e["places"]:
            out.append({"event_id": eid, "kind": e["kind"], "date": e["date"],
                        "place_id": place_id, "place_name": place_name,
                        "place_type": e["place_types"].get(place_id), "role": e["role"],
                        "counterparts": e["counterparts"], "topics": e["topics"],
                        "sources": e["sources"]})
    return sorted(out, key=lambda r: (*_event_order(r), r["place_id"] or ""))


def _sorted_limit(key: Callable[[dict], Any], drop: tuple[str, ...] = ()) -> Post:
    def post(rows: list[dict], params: QueryParams) -> list[dict]:
        rows = sorted(rows, key=key)[: getattr(params, "limit", len(rows))]
        return [{k: v for k, v in r.items() if k not in drop} for r in rows]
    return post


def _graph_rows(rows: list[dict], params: QueryParams) -> list[dict]:
    nodes: dict[str, dict] = {}
    edges: dict[tuple[str, str, str], dict] = {}
    for row in rows:
        for n in row.get("nodes") or []:
            nodes[n["id"]] = n
        for e in row.get("rels") or []:
            edges[(e["source"], e["target"], e["type"])] = e
    if not nodes:
        return []
    return [{"nodes": [nodes[k] for k in sorted(nodes)], "edges": [edges[k] for k in sorted(edges)]}]


def _path_rows(rows: list[dict], params: QueryParams) -> list[dict]:
    paths = [r for r in rows if r.get("nodes")]
    if not paths:
        return []
    best = min(paths, key=lambda r: (len(r["nodes"]), [n["id"] for n in r["nodes"]]))
    return [{"nodes": best["nodes"], "edges": best["rels"]}]


def _statistics_rows(rows: list[dict], params: QueryParams) -> list[dict]:
    # an empty label yields no row at all (its literal columns are grouping keys)
    labels = {n.name: 0 for n in NODES} | {r["name"]: r["n"] for r in rows if r["kind"] == "label"}
    rels = {r.name: 0 for r in RELS} | {r["name"]: r["n"] for r in rows if r["kind"] == "rel"}
    return [{"labels": dict(sorted(labels.items())), "relationships": dict(sorted(rels.items()))}]


# --- texts -------------------------------------------------------------------------------------

_DATE_FILTER = ("(NOT $has_dates OR (e.date_start IS NOT NULL AND e.date_end >= $date_from "
                "AND e.date_start <= $date_to))")

# Name search (composite): one `CONTAINS` scan of the search index (schema.SEARCH_PROPS)
# returning the ranking columns of every match, ranked and cut in Python, then the display
# columns of the top `limit` by primary key. A UNION ALL over the five entity labels cost
# +9 ms (one pipeline per branch), counting event edges per match (OPTIONAL MATCH … count())
# 50-110 ms, and ORDER BY … LIMIT in the query (sorting 1,100 matches of a 3-letter prefix
# with their aliases) ~3 ms more than ranking in Python, on the loaded 2-core box.
SEARCH_CANDIDATES = f"""MATCH (n:{SEARCH_LABEL})
WHERE ($type = '' OR n.type = $type) AND n.search_keys CONTAINS $prefix
RETURN n.id AS id, n.name AS name,
       CASE WHEN n.search_keys CONTAINS $exact THEN 1 ELSE 0 END AS exact,
       coalesce(n.events, 0) AS events
ORDER BY exact DESC, events DESC, name, id
LIMIT $limit"""

SEARCH_DETAILS = f"""UNWIND $ids AS i
MATCH (n:{SEARCH_LABEL} {{id: i}})
RETURN n.id AS id, n.type AS type, n.aliases AS aliases"""

# Neo4j's search_entities in ONE round trip (not a catalog entry: `Neo4jStore` runs it): the
# text index serves the `CONTAINS`, the server ranks and cuts as `SEARCH_CANDIDATES` does, and
# the display columns (`SEARCH_DETAILS`) are read only for the rows kept. Each round trip to
# the server is a wake-up of two processes: on a loaded 2-core box that, not the server's
# work (< 1 ms, a few hundred db hits), is most of a query's time.
SEARCH_ENTRIES_NEO4J = f"""MATCH (n:{SEARCH_LABEL})
WHERE ($type = '' OR n.type = $type) AND n.search_keys CONTAINS $prefix
WITH n, CASE WHEN n.search_keys CONTAINS $exact THEN 1 ELSE 0 END AS exact,
     coalesce(n.events, 0) AS events
ORDER BY exact DESC, events DESC, n.name, n.id
LIMIT $limit
RETURN n.id AS id, n.name AS name, exact, events, n.type AS type, n.aliases AS aliases"""

ENTITY_TYPE = "\nUNION ALL\n".join(
    f"MATCH (n:{lab} {{id: $id}}) RETURN '{lab}' AS type" for lab in ENTITY_LABELS)

ENTITY_PROFILE = """MATCH (n:{label} {id: $id})
WITH n
OPTIONAL MATCH (n)-[:PARTICIPATED_IN|ABOUT|HELD_IN]-(e:Event)
WITH n, count(DISTINCT e.id) AS events
OPTIONAL MATCH (n)<-[:MENTIONS]-(a:Article)
WITH n, events, count(DISTINCT a.id) AS articles
OPTIONAL MATCH (n)-[r1:PARTICIPATED_IN]->(:Event)<-[r2:PARTICIPATED_IN]-(c)
WHERE c.id <> n.id
RETURN n.id AS id, n.type AS type, n.name AS name, n.aliases AS aliases,
       events, articles, count(DISTINCT c.id) AS counterparts"""

_NEIGHBOUR_PARTS = [
    ("met", "(n)-[r1:PARTICIPATED_IN]->(e:Event)<-[r2:PARTICIPATED_IN]-(m) WHERE m.id <> n.id"),
    ("about", "(n)-[:PARTICIPATED_IN]->(e:Event)-[:ABOUT]->(m)"),
    ("held_in", "(n)-[:PARTICIPATED_IN]->(e:Event)-[:HELD_IN]->(m)"),
    ("discussed_by", "(n)<-[:ABOUT]-(e:Event)<-[:PARTICIPATED_IN]-(m)"),
    ("hosted", "(n)<-[:HELD_IN]-(e:Event)<-[:PARTICIPATED_IN]-(m)"),
]
ENTITY_NEIGHBOURS = "\nUNION ALL\n".join(
    ["MATCH (n:{label} {id: $id})\nMATCH " + pattern + "\n"
     f"RETURN m.id AS id, m.type AS type, m.name AS name, '{rel}' AS relation, "
     "count(DISTINCT e.id) AS weight\nORDER BY weight DESC, id LIMIT $limit"
     for rel, pattern in _NEIGHBOUR_PARTS]
    + ["MATCH (n:{label} {id: $id})\nMATCH " + pattern + "\n"
       f"RETURN m.id AS id, m.type AS type, m.name AS name, '{rel}' AS relation, 1 AS weight\n"
       "ORDER BY id LIMIT $limit"
       for rel, pattern in [("represents", "(n)-[:REPRESENTS]->(m)"),
                            ("represented_by", "(n)<-[:REPRESENTS]-(m)"),
                            ("located_in", "(n)-[:LOCATED_IN]->(m)"),
                            ("contains", "(n)<-[:LOCATED_IN]-(m)")]]
)

# `who_met` and `timeline` are composite: ONE round trip fetches the facts of the person's
# events as flat rows, each branch a plain pattern anchored on the person's primary key
# (`part`: event, counterpart, topic, then the target's `type` for HELD_IN/REPORTED_IN edges:
# Article = a source, anything else = the place); Python filters and assembles
# (`_who_met_rows`, `_timeline_rows`). On LadybugDB each `OPTIONAL MATCH … collect()` after an
# aggregation cost 10-45 ms and each `EXISTS {}` 3-4 ms; a branch costs ~0.3 ms, and every
# UNION ALL branch is one more pipeline to schedule (6 branches: p50 4.8 ms, 4: 1.5 ms on a
# loaded 2-core box), hence HELD_IN and REPORTED_IN share one.
_P = "MATCH (p:{label} {id: $person})-[r1:PARTICIPATED_IN]->(e:Event)"
_R = "\nRETURN e.id AS event_id, e.kind AS kind, e.date AS date, r1.role AS role, "
PERSON_EVENT_FACTS = "\nUNION ALL\n".join([
    _P + _R + "'event' AS part, '' AS a, '' AS b, '' AS c, '' AS d, '' AS t",
    _P + "<-[r2:PARTICIPATED_IN]-(x)\nWHERE x.id <> p.id" + _R
    + "'counterpart' AS part, x.id AS a, x.name AS b, r2.role AS c, x.type AS d, '' AS t",
    _P + "-[:ABOUT]->(x)" + _R
    + "'topic' AS part, x.id AS a, x.name AS b, '' AS c, x.type AS d, '' AS t",
    _P + "-[rel:HELD_IN|REPORTED_IN]->(x)" + _R
    + "x.type AS part, x.id AS a, x.name AS b, x.lang AS c, rel.evidence AS d, x.title AS t",
])

# Step of who_met with a `place`: the countries of the locations the person's events were held in.
PERSON_EVENT_PLACE_COUNTRIES = (_P + "-[:HELD_IN]->(:Location)-[:LOCATED_IN]->(x:Country)\n"
                                "RETURN e.id AS event_id, x.id AS country_id")

# One event with everything about it: flat rows per part, assembled by `_event_rows`.
_E = "MATCH (e:Event {id: $id})"
_ER = "\nRETURN e.id AS event_id, e.kind AS kind, e.date AS date, "
EVENT_FACTS = "\nUNION ALL\n".join([
    _E + _ER + "'event' AS part, '' AS a, '' AS b, '' AS c, '' AS d, '' AS t",
    _E + "<-[r:PARTICIPATED_IN]-(x)" + _ER
    + "'participant' AS part, x.id AS a, x.name AS b, r.role AS c, x.type AS d, '' AS t",
    _E + "-[:ABOUT]->(x)" + _ER
    + "'topic' AS part, x.id AS a, x.name AS b, '' AS c, x.type AS d, '' AS t",
    _E + "-[rel:HELD_IN|REPORTED_IN]->(x)" + _ER
    + "x.type AS part, x.id AS a, x.name AS b, x.lang AS c, rel.evidence AS d, x.title AS t",
])


EGO_NETWORK = """MATCH (n:{label} {id: $id})-[r1:PARTICIPATED_IN]->(e:Event)<-[r2:PARTICIPATED_IN]-(b)
WHERE b.id <> n.id
RETURN n.id AS a_id, n.name AS a_name, b.id AS b_id, b.name AS b_name, count(DISTINCT e.id) AS events
ORDER BY events DESC, b_id LIMIT $limit
UNION ALL
MATCH (n:{label} {id: $id})-[r1:PARTICIPATED_IN]->(:Event)<-[r2:PARTICIPATED_IN]-(a)
WHERE a.id <> n.id
WITH DISTINCT n, a
MATCH (a)-[r3:PARTICIPATED_IN]->(e:Event)<-[r4:PARTICIPATED_IN]-(b)
WHERE a.id < b.id AND b.id <> n.id
  AND EXISTS { MATCH (n)-[:PARTICIPATED_IN]->(:Event)<-[:PARTICIPATED_IN]-(b) }
RETURN a.id AS a_id, a.name AS a_name, b.id AS b_id, b.name AS b_name, count(DISTINCT e.id) AS events
ORDER BY events DESC, a_id, b_id LIMIT $limit"""

TOP_PAIRS = """MATCH (a)-[r1:PARTICIPATED_IN]->(e:Event)<-[r2:PARTICIPATED_IN]-(b)
WHERE a.id < b.id
RETURN a.id AS a_id, a.name AS a_name, b.id AS b_id, b.name AS b_name, count(DISTINCT e.id) AS events
ORDER BY events DESC, a_id, b_id LIMIT $limit"""

_PATH_ANCHOR = "MATCH (a:{source_label} {id: $source})\nMATCH (b:{target_label} {id: $target})\n"
SHORTEST_PATH_NEO4J = (_PATH_ANCHOR + f"MATCH p = allShortestPaths((a)-[:{FACT_PATTERN}*..6]-(b))\n"
                       "RETURN nodes(p) AS nodes, relationships(p) AS rels")
SHORTEST_PATH_LADYBUG = (_PATH_ANCHOR + f"MATCH p = (a)-[:{FACT_PATTERN}* ALL SHORTEST 1..6]-(b)\n"
                         "RETURN nodes(p) AS nodes, relationships(p) AS rels")

_COUNTRY_OR_ORG = """($%(p)s = '' OR EXISTS { MATCH (e)-[:HELD_IN|ABOUT]->(x:%(L)s) WHERE x.id = $%(p)s }
       OR EXISTS { MATCH (e)<-[:PARTICIPATED_IN]-(x:%(L)s) WHERE x.id = $%(p)s }
       OR EXISTS { MATCH (e)<-[:PARTICIPATED_IN]-(:Person)-[:REPRESENTS]->(x:%(L)s) WHERE x.id = $%(p)s }%(extra)s)"""

EVENTS = ("""MATCH (e:Event)
WHERE ($kind = '' OR e.kind = $kind)
  AND """ + _DATE_FILTER + """
  AND """ + _COUNTRY_OR_ORG % {
    "p": "country", "L": "Country",
    "extra": "\n       OR EXISTS { MATCH (e)-[:HELD_IN]->(:Location)-[:LOCATED_IN]->(x:Country) "
             "WHERE x.id = $country }"} + """
  AND """ + _COUNTRY_OR_ORG % {"p": "organisation", "L": "Organisation", "extra": ""} + """
WITH e ORDER BY coalesce(e.date, '9999'), e.id SKIP $offset LIMIT $limit
OPTIONAL MATCH (e)<-[r:PARTICIPATED_IN]-(x)
WITH e, collect(DISTINCT {id: x.id, name: x.name, type: x.type, role: r.role}) AS participants
OPTIONAL MATCH (e)-[:HELD_IN]->(pl)
WITH e, participants, pl
OPTIONAL MATCH (e)-[:ABOUT]->(t)
WITH e, participants, pl, collect(DISTINCT {id: t.id, name: t.name, type: t.type}) AS topics
OPTIONAL MATCH (e)-[rr:REPORTED_IN]->(a:Article)
RETURN e.id AS event_id, e.kind AS kind, e.date AS date, pl.id AS place_id, pl.name AS place_name,
       pl.type AS place_type, participants, topics,
       collect(DISTINCT {article_id: a.id, title: a.title, lang: a.lang, evidence: rr.evidence,
                         date: a.date, outlet: a.outlet, url: a.source}) AS sources
ORDER BY coalesce(e.date, '9999'), event_id""")

# Entities listed by name (then id), optionally of one type: one scan of the search index.
LIST_ENTITIES = f"""MATCH (n:{SEARCH_LABEL})
WHERE ($type = '' OR n.type = $type)
RETURN n.id AS id, n.type AS type, n.name AS name, n.aliases AS aliases
ORDER BY name, id SKIP $offset LIMIT $limit"""

SUBGRAPH = ("MATCH (c:{label} {id: $center})\n"
            "MATCH p = (c)-[:" + FACT_PATTERN + "*1..{depth}]-(m)\n"
            "RETURN nodes(p) AS nodes, relationships(p) AS rels LIMIT $limit")

STATISTICS = "\nUNION ALL\n".join(
    [f"MATCH (n:{n.name}) RETURN 'label' AS kind, '{n.name}' AS name, count(n) AS n" for n in NODES]
    + [f"MATCH ()-[r:{r.name}]->() RETURN 'rel' AS kind, '{r.name}' AS name, count(r) AS n"
       for r in RELS])

ARTICLE_META = """MATCH (a:Article {id: $id})
RETURN a.id AS id, a.lang AS lang, a.date AS date, a.title AS title, a.source AS source,
       a.outlet AS outlet, a.text AS text, a.sources AS sources, a.provenance AS provenance"""

ARTICLES_FROM_SOURCE = """MATCH (a:Article) WHERE a.source = $id
RETURN a.id AS id ORDER BY id"""

ARTICLE_ENTITIES = """MATCH (a:Article {id: $id})-[m:MENTIONS]->(n)
WITH n, m
OPTIONAL MATCH (n)-[:REPRESENTS|LOCATED_IN]->(c)
RETURN n.id AS id, n.type AS type, n.name AS name, n.aliases AS aliases,
       m.spans AS spans, min(c.id) AS country
ORDER BY id"""

ARTICLE_EVENTS = """MATCH (a:Article {id: $id})<-[r:REPORTED_IN]-(e:Event)
WITH e, r
OPTIONAL MATCH (e)-[:HELD_IN]->(pl)
WITH e, r, collect(DISTINCT pl.id) AS places
OPTIONAL MATCH (e)<-[p:PARTICIPATED_IN]-(x)
WITH e, r, places, collect(DISTINCT {entity: x.id, role: p.role}) AS participants
OPTIONAL MATCH (e)-[:ABOUT]->(t)
RETURN e.id AS id, e.kind AS kind, e.date AS date, places, participants,
       collect(DISTINCT t.id) AS topics, r.spans AS spans
ORDER BY id"""

_ENTITY = ("id", ENTITY_LABELS)
_PARTICIPANT = ("person", PARTICIPANT_LABELS)

CATALOG: dict[str, Query] = {q.name: q for q in [
    Query("search_entities",
          "Entities whose folded name or alias starts with the folded query (any script; case, "
          "accents and Arabic letter variants ignored): exact matches first, then by number "
          "of events, then name. Composite: `search_candidates`, then `search_details`.",
          SearchParams, None, composite=True),
    Query("search_candidates",
          "Step 1 of search_entities: the matches ranked (exact first, then events, name, id), "
          "the first `limit` kept.",
          SearchParams, SEARCH_CANDIDATES, tidy_rows=False,
          post=_sorted_limit(lambda r: (-r["exact"], -r["events"], r["name"] or "", r["id"]))),
    Query("search_details",
          "Step 2 of search_entities: type and aliases of the listed entities.",
          IdsParams, SEARCH_DETAILS, tidy_rows=False, post=_sorted_rows(lambda r: r["id"])),
    Query("list_entities",
          "Entities in name order (then id), optionally of one type, a page at a time "
          "(`offset`, `limit`), with their aliases.",
          EntityListParams, LIST_ENTITIES, tidy_rows=False),
    Query("entity_type", "The label of the entity with this id (one row, or none).",
          IdParams, ENTITY_TYPE),
    Query("entity_profile",
          "One entity with its counts: events it took part in or that were about or held in "
          "it, articles mentioning it, distinct counterparts met.",
          IdParams, ENTITY_PROFILE, labels={"label": _ENTITY}),
    Query("entity_neighbours",
          "Entities linked to this one through events or direct links, with the relation "
          "(met, about, held_in, discussed_by, hosted, represents, represented_by, located_in, "
          "contains) and a weight (shared events).",
          NeighboursParams, ENTITY_NEIGHBOURS, labels={"label": _ENTITY},
          post=_sorted_limit(lambda r: (-r["weight"], r["relation"], r["id"]))),
    Query("who_met",
          "Who met this person, optionally about a topic, of a kind, in a date range, at a place "
          "(a location, or a country including its locations): one row per (person met, event), "
          "with that person's role, the given person's role (counterpart_role), topics and "
          "sources with evidence. Composite: `person_event_facts`, filtered and assembled.",
          WhoMetParams, None, composite=True, post=_who_met_rows),
    Query("timeline",
          "Events this person took part in, in date order (undated last), with counterparts, "
          "topics and sources. Composite: `person_event_facts`, assembled.",
          PersonParams, None, composite=True, post=_timeline_rows),
    Query("person_event_facts",
          "Step of who_met and timeline: every fact of the events a participant took part in, "
          "one flat row each (part: event, counterpart, topic, place, place_country, source).",
          PersonParams, PERSON_EVENT_FACTS, labels={"label": _PARTICIPANT}, tidy_rows=False,
          post=_sorted_rows(lambda r: (r["event_id"], r["part"] != "event", r["part"],
                                       r["a"] or "", r["b"] or "", r["c"] or "", r["d"] or ""))),
    Query("person_event_place_countries",
          "Step of who_met with a place: the country of each location the participant's "
          "events were held in.",
          PersonParams, PERSON_EVENT_PLACE_COUNTRIES, labels={"label": _PARTICIPANT},
          post=_sorted_rows(lambda r: (r["event_id"], r["country_id"]))),
    Query("ego_network",
          "Co-participation pairs around an entity: the entity with each counterpart, and the "
          "counterparts among themselves, weighted by shared events.",
          EgoParams, EGO_NETWORK, labels={"label": _ENTITY},
          post=_sorted_limit(lambda r: (-r["events"], r["a_id"], r["b_id"]))),
    Query("top_pairs", "The pairs of participants who share the most events.",
          LimitParams, TOP_PAIRS),
    Query("shortest_path",
          "A shortest path (up to 6 hops, through events and direct links) between two "
          "entities; among equally short paths, the first by node ids.",
          PathParams, None,
          overrides={"neo4j": SHORTEST_PATH_NEO4J, "ladybug": SHORTEST_PATH_LADYBUG},
          labels={"source_label": ("source", ENTITY_LABELS),
                  "target_label": ("target", ENTITY_LABELS)},
          post=_path_rows, sort_lists=False),
    Query("event",
          "One event with its participants (and roles), topics, place, date and every "
          "article that reported it, with the evidence. Assembled from flat rows per part.",
          IdParams, EVENT_FACTS, post=_event_rows, tidy_rows=False),
    Query("events",
          "Events filtered by date range (overlap with partial dates), country (place, topic, "
          "participant or represented), organisation and kind, in date order, with "
          "participants, topics, place (with types) and the reporting articles (id, title, "
          "lang, date, outlet, source as `url`) with the evidence.",
          EventsParams, EVENTS, post=_one_place_per_event),
    Query("subgraph",
          "Nodes and edges within `depth` hops (1-3) of an entity through events and direct "
          "links, for a graph view.",
          SubgraphParams, SUBGRAPH, labels={"label": ("center", ENTITY_LABELS)}, formats=("depth",),
          post=_graph_rows),
    Query("statistics", "Counts of nodes per label and of relationships per type.",
          NoParams, STATISTICS, post=_statistics_rows),
    Query("article_meta", "One article's own properties.", IdParams, ARTICLE_META),
    Query("articles_from_source",
          "The articles whose latest source is `id` (a path or URL): the current version of "
          "what that source holds.",
          IdParams, ARTICLES_FROM_SOURCE),
    Query("article_entities", "The entities one article mentions, with its mentions.",
          IdParams, ARTICLE_ENTITIES),
    Query("article_events", "The events one article reports, with its evidence.",
          IdParams, ARTICLE_EVENTS),
    Query("article",
          "An article with all its facts, as an Extraction (one row, or none).",
          IdParams, None, composite=True),
]}


def get_query(name: str) -> Query:
    from graph.errors import QueryNotFound

    try:
        return CATALOG[name]
    except KeyError:
        raise QueryNotFound(
            f"no catalog query named {name!r}; known: {', '.join(sorted(CATALOG))}") from None
