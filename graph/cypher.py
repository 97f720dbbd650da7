"""The Cypher texts of the named queries (`graph.queries`), in the portable subset of DESIGN.md
("Graph stores"); the engine overrides where DESIGN.md says one is unavoidable.

Templating: `{label}`-style fields are filled only with labels from `graph/schema.py`, chosen
from an id's type (never from input text), and `{depth}` only with a validated integer.
"""

from __future__ import annotations

from graph.schema import ENTITY_LABELS, FACT_RELS, NODES, RELS, SEARCH_LABEL

FACT_PATTERN = "|".join(FACT_RELS)


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
# (`results.who_met_rows`, `results.timeline_rows`). On LadybugDB each `OPTIONAL MATCH … collect()` after an
# aggregation cost 10-45 ms and each `EXISTS {}` 3-4 ms; a branch costs ~0.3 ms, and every
# UNION ALL branch is one more pipeline to schedule (6 branches: p50 4.8 ms, 4: 1.5 ms on a
# loaded 2-core box), hence HELD_IN and REPORTED_IN share one.
#: the columns of every branch of PERSON_EVENT_FACTS
FACT_COLUMNS = ("event_id", "kind", "date", "role", "part", "a", "b", "c", "d", "t")
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

# One event with everything about it: flat rows per part, assembled by `results.event_rows`.
_E = "MATCH (e:Event {id: $id})"
#: the columns of every branch of EVENT_FACTS
EVENT_COLUMNS = ("event_id", "kind", "date", "part", "a", "b", "c", "d", "t")
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


def collected_rows(text: str, columns: tuple[str, ...]) -> str:
    """`text` (a query returning `columns`, UNION ALL allowed) answered in one row: `rows`,
    the list of its rows as lists, in `columns` order (Neo4j `CALL {}` subquery)."""
    return f"CALL {{\n{text}\n}}\nRETURN collect([{', '.join(columns)}]) AS rows"
