"""The graph schema in Python: labels, typed properties, relationships with their endpoints.

One definition generates the Neo4j constraints and indexes and the LadybugDB `CREATE NODE/REL
TABLE` DDL (DESIGN.md, "Graph model"), and the write statements of `graph.statements`. Cypher
lives only here, in `graph/statements.py` (writes) and in `graph/cypher.py` (reads); labels and
relationship types always come from this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Property types: the LadybugDB type names (Neo4j is schema-free for properties).
STRING, INT64, DATE, STRING_LIST, INT64_LIST = "STRING", "INT64", "DATE", "STRING[]", "INT64[]"

ENTITY_PROPS: dict[str, str] = {
    "id": STRING,
    "name": STRING,
    "type": STRING,
    "name_key": STRING,
    "aliases": STRING_LIST,
    "alias_keys": STRING_LIST,
}
SEARCH_SEP = "|"  # `ingest.normalize.fold` never leaves a `|` in a key

# The name-search index: one `SearchEntry` node per entity (same id), kept by the store, not
# part of the graph model (statistics and the Browser style ignore it). Name search is ONE
# scan of one table instead of a UNION ALL over five labels (each branch one more pipeline:
# +9 ms per query on a loaded 2-core box), ordered by a stored event count instead of
# counting edges per match (a 3-letter prefix matches 1,100 persons: +5-15 ms).
SEARCH_PROPS: dict[str, str] = {
    "id": STRING,
    "name": STRING,
    "type": STRING,  # the entity's label
    "aliases": STRING_LIST,
    # "|name_key|alias_key|…|": prefix match is `CONTAINS "|" + q`, an exact match
    # `CONTAINS "|" + q + "|"` (20x faster on LadybugDB than `any()` over `alias_keys`)
    "search_keys": STRING,
    # distinct events the entity took part in or that were about or held in it
    "events": INT64,
}
SEARCH_LABEL = "SearchEntry"
DERIVED: frozenset[str] = frozenset({"events"})  # set by the store, never from rows


@dataclass(frozen=True)
class NodeLabel:
    name: str
    properties: dict[str, str]
    indexed: tuple[str, ...] = ()  # Neo4j range indexes besides the id constraint
    key: str = "id"
    text_indexed: tuple[str, ...] = ()  # Neo4j TEXT indexes (serve `CONTAINS`)


@dataclass(frozen=True)
class RelType:
    """A relationship type. Its identity is (source id, target id) plus the `key` properties:
    every type here allows ONE edge per pair (`key` empty; a second write updates the
    properties, last writer wins), which is what the Neo4j `MERGE` of `upsert_rel` keys on."""

    name: str
    pairs: tuple[tuple[str, str], ...]
    properties: dict[str, str] = field(default_factory=dict)
    key: tuple[str, ...] = ()  # properties that tell apart several edges of one pair


ENTITY_LABELS: tuple[str, ...] = ("Person", "Country", "Organisation", "Location", "Topic")
PARTICIPANT_LABELS: tuple[str, ...] = ("Person", "Organisation", "Country")

NODES: tuple[NodeLabel, ...] = (
    *(NodeLabel(label, ENTITY_PROPS, indexed=("name_key",)) for label in ENTITY_LABELS),
    NodeLabel(
        "Event",
        {"id": STRING, "name": STRING, "type": STRING, "kind": STRING, "date": STRING,
         "date_start": DATE, "date_end": DATE},
        indexed=("kind", "date_start"),
    ),
    NodeLabel(
        "Article",
        {"id": STRING, "name": STRING, "type": STRING, "title": STRING, "lang": STRING,
         "date": STRING, "date_start": DATE, "date_end": DATE, "source": STRING,
         "provenance": STRING, "outlet": STRING, "text": STRING, "sources": STRING_LIST},
        indexed=("date_start",),
    ),
)
INDEX_NODES: tuple[NodeLabel, ...] = (
    NodeLabel(SEARCH_LABEL, SEARCH_PROPS, text_indexed=("search_keys",)),)
ALL_NODES: tuple[NodeLabel, ...] = NODES + INDEX_NODES
NODE_BY_NAME: dict[str, NodeLabel] = {n.name: n for n in ALL_NODES}

# Spans (mentions, evidence) as one JSON text: `[{"text", "start", "end"}, …]` (an all-empty
# INT64[] column in `$rows` is typed STRING[] by LadybugDB and refused).
SPAN_PROPS: dict[str, str] = {"spans": STRING}

RELS: tuple[RelType, ...] = (
    RelType("PARTICIPATED_IN", tuple((p, "Event") for p in PARTICIPANT_LABELS), {"role": STRING}),
    RelType("ABOUT", tuple(("Event", t) for t in ("Country", "Organisation", "Location", "Topic"))),
    RelType("HELD_IN", (("Event", "Location"), ("Event", "Country"))),
    RelType("REPORTED_IN", (("Event", "Article"),), {"evidence": STRING, **SPAN_PROPS}),
    RelType("MENTIONS", tuple(("Article", e) for e in ENTITY_LABELS), dict(SPAN_PROPS)),
    RelType("REPRESENTS", (("Person", "Country"), ("Person", "Organisation"))),
    RelType("LOCATED_IN", (("Location", "Country"),)),
)
REL_BY_NAME: dict[str, RelType] = {r.name: r for r in RELS}

# Relationship types a path or a neighbourhood walks (article edges excluded: they would
# connect every pair of entities named in the same article).
FACT_RELS: tuple[str, ...] = ("PARTICIPATED_IN", "ABOUT", "HELD_IN", "REPRESENTS", "LOCATED_IN")

ID_PREFIXES: dict[str, str] = {
    "person": "Person",
    "country": "Country",
    "organisation": "Organisation",
    "organization": "Organisation",
    "org": "Organisation",
    "location": "Location",
    "city": "Location",
    "place": "Location",
    "region": "Location",
    "topic": "Topic",
    "event": "Event",
    "article": "Article",
}


def label_of_id(entity_id: str) -> str | None:
    """The label an id's `type:` prefix names, or None when the prefix is unknown."""
    prefix, sep, _ = entity_id.partition(":")
    return ID_PREFIXES.get(prefix.lower()) if sep else None


# --- LadybugDB DDL ---------------------------------------------------------------------------

def ladybug_ddl() -> list[str]:
    """`CREATE NODE/REL TABLE IF NOT EXISTS` statements, nodes first."""
    out = []
    for node in ALL_NODES:
        cols = ", ".join(f"{p} {t}" for p, t in node.properties.items())
        out.append(f"CREATE NODE TABLE IF NOT EXISTS {node.name}({cols}, PRIMARY KEY ({node.key}))")
    for rel in RELS:
        ends = ", ".join(f"FROM {a} TO {b}" for a, b in rel.pairs)
        cols = "".join(f", {p} {t}" for p, t in rel.properties.items())
        out.append(f"CREATE REL TABLE IF NOT EXISTS {rel.name}({ends}{cols})")
    return out


# --- Neo4j constraints and indexes -----------------------------------------------------------

def neo4j_ddl() -> list[str]:
    """Uniqueness constraints on `id`, range and text indexes, all `IF NOT EXISTS` (safe to
    re-run). The text index on `SearchEntry.search_keys` serves the name search's `CONTAINS`
    (LadybugDB scans: it has no offline text index)."""
    out = []
    for node in ALL_NODES:
        low = node.name.lower()
        out.append(f"CREATE CONSTRAINT {low}_{node.key} IF NOT EXISTS "
                   f"FOR (n:{node.name}) REQUIRE n.{node.key} IS UNIQUE")
        for prop in node.indexed:
            out.append(f"CREATE INDEX {low}_{prop} IF NOT EXISTS FOR (n:{node.name}) ON (n.{prop})")
        for prop in node.text_indexed:
            out.append(f"CREATE TEXT INDEX {low}_{prop}_text IF NOT EXISTS "
                       f"FOR (n:{node.name}) ON (n.{prop})")
    return out
