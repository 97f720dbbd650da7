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

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from graph.schema import ENTITY_LABELS, FACT_RELS, NODES, PARTICIPANT_LABELS, RELS
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
    limit: int = Field(default=20, ge=1, le=500)

    @model_validator(mode="after")
    def _fold(self) -> SearchParams:
        if self.type is not None and self.type not in ENTITY_LABELS:
            raise ValueError(f"type must be one of {ENTITY_LABELS}")
        self.q = fold(self.q)
        if not self.q:
            raise ValueError("q has no letters or digits once normalised")
        return self


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
    sort_lists: bool = True  # False: lists keep engine order (paths)

    def text_for(self, engine: str) -> str:
        text = self.overrides.get(engine, self.text)
        if text is None:
            raise KeyError(f"query {self.name} has no text for engine {engine}")
        return text


# --- post-processing (pure) --------------------------------------------------------------------

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

_SEARCH_PART = """WITH $q AS q
MATCH (n:{L})
WHERE ($type = '' OR $type = '{L}')
  AND (n.name_key STARTS WITH q OR any(k IN n.alias_keys WHERE k STARTS WITH q))
WITH n, CASE WHEN n.name_key = q OR q IN n.alias_keys THEN 1 ELSE 0 END AS exact
OPTIONAL MATCH (n)-[:PARTICIPATED_IN|ABOUT|HELD_IN]-(e:Event)
WITH n, exact, count(DISTINCT e.id) AS events
RETURN n.id AS id, '{L}' AS type, n.name AS name, n.aliases AS aliases, exact, events
ORDER BY exact DESC, events DESC, name, id LIMIT $limit"""

SEARCH_ENTITIES = "\nUNION ALL\n".join(_SEARCH_PART.replace("{L}", lab) for lab in ENTITY_LABELS)

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

_EVENT_TAIL = """WITH {keep}
OPTIONAL MATCH (e)-[:HELD_IN]->(pl)
WITH {keep}, pl
OPTIONAL MATCH (e)-[:ABOUT]->(t)
WITH {keep}, pl, collect(DISTINCT {id: t.id, name: t.name}) AS topics
OPTIONAL MATCH (e)-[rep:REPORTED_IN]->(a:Article)
WITH {keep}, pl, topics,
     collect(DISTINCT {article_id: a.id, title: a.title, lang: a.lang, evidence: rep.evidence}) AS sources"""

WHO_MET = """MATCH (p:{label} {id: $person})-[r1:PARTICIPATED_IN]->(e:Event)<-[r2:PARTICIPATED_IN]-(c)
WHERE c.id <> p.id
  AND ($kind = '' OR e.kind = $kind)
  AND """ + _DATE_FILTER + """
  AND ($topic = '' OR EXISTS { MATCH (e)-[:ABOUT]->(t0) WHERE t0.id = $topic })
  AND ($place = '' OR EXISTS { MATCH (e)-[:HELD_IN]->(p0) WHERE p0.id = $place }
       OR EXISTS { MATCH (e)-[:HELD_IN]->(:Location)-[:LOCATED_IN]->(p1) WHERE p1.id = $place })
""" + _EVENT_TAIL.replace("{keep}", "r1, e, c, r2") + """
RETURN c.id AS person_id, c.name AS person_name, r2.role AS role, r1.role AS counterpart_role,
       e.id AS event_id, e.kind AS kind, e.date AS date, pl.id AS place_id, pl.name AS place_name,
       topics, sources
ORDER BY coalesce(e.date, '9999'), event_id, person_id"""

TIMELINE = """MATCH (p:{label} {id: $person})-[r1:PARTICIPATED_IN]->(e:Event)
WITH r1, e
OPTIONAL MATCH (e)<-[r2:PARTICIPATED_IN]-(c)
WHERE c.id <> $person
WITH r1, e, collect(DISTINCT {id: c.id, name: c.name, role: r2.role}) AS counterparts
""" + _EVENT_TAIL.replace("{keep}", "r1, e, counterparts") + """
RETURN e.id AS event_id, e.kind AS kind, e.date AS date, pl.id AS place_id, pl.name AS place_name,
       r1.role AS role, counterparts, topics, sources
ORDER BY coalesce(e.date, '9999'), event_id"""

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
WITH e, collect(DISTINCT {id: x.id, name: x.name, role: r.role}) AS participants
OPTIONAL MATCH (e)-[:HELD_IN]->(pl)
WITH e, participants, pl
OPTIONAL MATCH (e)-[:ABOUT]->(t)
RETURN e.id AS event_id, e.kind AS kind, e.date AS date, pl.id AS place_id, pl.name AS place_name,
       participants, collect(DISTINCT {id: t.id, name: t.name}) AS topics
ORDER BY coalesce(e.date, '9999'), event_id""")

SUBGRAPH = ("MATCH (c:{label} {id: $center})\n"
            "MATCH p = (c)-[:" + FACT_PATTERN + "*1..{depth}]-(m)\n"
            "RETURN nodes(p) AS nodes, relationships(p) AS rels LIMIT $limit")

STATISTICS = "\nUNION ALL\n".join(
    [f"MATCH (n:{n.name}) RETURN 'label' AS kind, '{n.name}' AS name, count(n) AS n" for n in NODES]
    + [f"MATCH ()-[r:{r.name}]->() RETURN 'rel' AS kind, '{r.name}' AS name, count(r) AS n"
       for r in RELS])

ARTICLE_META = """MATCH (a:Article {id: $id})
RETURN a.id AS id, a.lang AS lang, a.date AS date, a.title AS title, a.source AS source,
       a.provenance AS provenance"""

ARTICLE_ENTITIES = """MATCH (a:Article {id: $id})-[m:MENTIONS]->(n)
WITH n, m
OPTIONAL MATCH (n)-[:REPRESENTS|LOCATED_IN]->(c)
RETURN n.id AS id, n.type AS type, n.name AS name, n.aliases AS aliases,
       m.spans AS spans, min(c.id) AS country
ORDER BY id"""

ARTICLE_EVENTS = """MATCH (a:Article {id: $id})<-[r:REPORTED_IN]-(e:Event)
WITH e, r
OPTIONAL MATCH (e)-[:HELD_IN]->(pl)
WITH e, r, pl
OPTIONAL MATCH (e)<-[p:PARTICIPATED_IN]-(x)
WITH e, r, pl, collect(DISTINCT {entity: x.id, role: p.role}) AS participants
OPTIONAL MATCH (e)-[:ABOUT]->(t)
RETURN e.id AS id, e.kind AS kind, e.date AS date, pl.id AS place, participants,
       collect(DISTINCT t.id) AS topics, r.spans AS spans
ORDER BY id"""

_ENTITY = ("id", ENTITY_LABELS)
_PARTICIPANT = ("person", PARTICIPANT_LABELS)

CATALOG: dict[str, Query] = {q.name: q for q in [
    Query("search_entities",
          "Entities whose folded name or alias starts with the folded query (any script; case, "
          "accents and Arabic letter variants ignored): exact matches first, then by number "
          "of events, then name.",
          SearchParams, SEARCH_ENTITIES,
          post=_sorted_limit(lambda r: (-r["exact"], -r["events"], r["name"] or "", r["id"]),
                             drop=("exact", "events"))),
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
          "sources with evidence.",
          WhoMetParams, WHO_MET, labels={"label": _PARTICIPANT}),
    Query("timeline",
          "Events this person took part in, in date order (undated last), with counterparts, "
          "topics and sources.",
          PersonParams, TIMELINE, labels={"label": _PARTICIPANT}),
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
    Query("events",
          "Events filtered by date range (overlap with partial dates), country (place, topic, "
          "participant or represented), organisation and kind, in date order, with participants.",
          EventsParams, EVENTS),
    Query("subgraph",
          "Nodes and edges within `depth` hops (1-3) of an entity through events and direct "
          "links, for a graph view.",
          SubgraphParams, SUBGRAPH, labels={"label": ("center", ENTITY_LABELS)}, formats=("depth",),
          post=_graph_rows),
    Query("statistics", "Counts of nodes per label and of relationships per type.",
          NoParams, STATISTICS, post=_statistics_rows),
    Query("article_meta", "One article's own properties.", IdParams, ARTICLE_META),
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
