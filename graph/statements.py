"""The write and maintenance statements of the stores, generated from the schema (`graph.schema`):
per-label upserts (LadybugDB and Neo4j), event counts of the search entries, COPY FROM for bulk
loads, column migrations, article removal and versions, clearing. The read queries are in
`graph.cypher`.
"""

from __future__ import annotations

from graph.schema import (
    DATE,
    DERIVED,
    NODE_BY_NAME,
    REL_BY_NAME,
    SEARCH_LABEL,
    SEARCH_SEP,
    STRING,
)

# --- Upsert texts ----------------------------------------------------------------------------

def _assignments(label: str, var: str = "n") -> list[tuple[str, str]]:
    # DATE properties travel as ISO strings and go through `date()`: a column of nulls (or a
    # null first value) in `$rows` is typed STRING by LadybugDB, which then refuses it.
    node = NODE_BY_NAME[label]
    return [(p, f"date(r.{p})" if t == DATE else f"r.{p}")
            for p, t in node.properties.items() if p != node.key and p not in DERIVED]


def upsert_node(label: str) -> str:
    """`UNWIND $rows` MERGE on id, then SET every other property (a full replace of values)."""
    sets = ", ".join(f"n.{p} = {v}" for p, v in _assignments(label))
    return f"UNWIND $rows AS r MERGE (n:{label} {{id: r.id}}) SET {sets}"


def create_node(label: str) -> str:
    """`UNWIND $rows` CREATE, for ids known to be absent (15x faster than MERGE on LadybugDB)."""
    props = ", ".join(f"{p}: {v}" for p, v in [("id", "r.id"), *_assignments(label)])
    return f"UNWIND $rows AS r CREATE (n:{label} {{{props}}})"


def update_node(label: str) -> str:
    """`UNWIND $rows` MATCH by id and SET every other property, for ids known to exist."""
    sets = ", ".join(f"n.{p} = {v}" for p, v in _assignments(label))
    return f"UNWIND $rows AS r MATCH (n:{label} {{id: r.id}}) SET {sets}"


def ensure_node(label: str) -> str:
    """Create a stub node (id, name, type) only when it does not exist yet."""
    return (f"UNWIND $rows AS r MERGE (n:{label} {{id: r.id}}) "
            "ON CREATE SET n.name = r.name, n.type = r.type, n.name_key = r.name_key, "
            "n.aliases = r.aliases, n.alias_keys = r.alias_keys")


def upsert_rel(rel: str, src: str, dst: str, *, create: bool = False) -> str:
    """`UNWIND $rows` of `{src, dst, …props}`: MERGE (or CREATE, for edges known new) one edge.

    The MERGE is keyed on the pair and the type's `key` properties (none: one edge per pair),
    then SETs the other properties, so a replay or a concurrent write never duplicates an edge
    (Neo4j locks both end nodes while it merges a relationship between bound nodes).
    Two MATCH clauses, not one with a comma: LadybugDB plans `MATCH (a {id: r.src}),
    (b {id: r.dst})` as a cross product (2,000 edges: 33 s at 50k nodes, against 68 ms).
    """
    rel_type = REL_BY_NAME[rel]
    verb = "CREATE" if create else "MERGE"
    keyed = "" if create or not rel_type.key else (
        " {" + ", ".join(f"{p}: r.{p}" for p in rel_type.key) + "}")
    props = [p for p in rel_type.properties if create or p not in rel_type.key]
    text = (f"UNWIND $rows AS r MATCH (a:{src} {{id: r.src}}) MATCH (b:{dst} {{id: r.dst}}) "
            f"{verb} (a)-[x:{rel}{keyed}]->(b)")
    if props:
        text += " SET " + ", ".join(f"x.{p} = r.{p}" for p in props)
    return text


# --- Neo4j upserts (any number of concurrent writers; see `Neo4jStore`) ----------------------

def merge_entity(label: str) -> str:
    """`UNWIND $rows` of entity rows: MERGE on id, name last-writer-wins, aliases unioned.

    Rows that would change nothing (same name, no new alias) stop after the MERGE: no write,
    no lock. The others SET the name first (that write-locks the node until commit), then the
    union, which the server computes by re-reading `n.aliases` under that lock, so two
    concurrent writers never lose each other's aliases (aliases only grow, so skipping on the
    committed state is safe too). Returns the entities whose stored aliases or name key now
    differ from the row (an older alias, a new name): the caller recomputes their sorted
    aliases and search keys and writes them back with `update_node`, still under the lock.
    """
    return (f"UNWIND $rows AS r MERGE (n:{label} {{id: r.id}}) "
            "ON CREATE SET n.name = r.name, n.type = r.type, n.name_key = r.name_key, "
            "n.aliases = r.aliases, n.alias_keys = r.alias_keys "
            "WITH n, r WHERE n.name <> r.name OR any(a IN r.aliases WHERE NOT a IN n.aliases) "
            "SET n.name = r.name "
            "SET n.aliases = n.aliases + [a IN r.aliases WHERE NOT a IN n.aliases] "
            "WITH n, r WHERE n.aliases <> r.aliases OR n.name_key <> r.name_key "
            "RETURN n.id AS id, n.name AS name, n.aliases AS aliases")


def sync_search_entry(label: str) -> str:
    """`UNWIND $ids`: make each listed entity's `SearchEntry` a copy of the stored entity.

    The values come from the entity node itself (not from the caller's rows, which may hold
    fewer aliases than a concurrent writer already stored); `search_keys` is `search_text`
    of the node's keys. Entries already equal are left alone; the others re-read the entity
    after write-locking it (`SET n.name = n.name`), so a concurrent writer of the same entity
    (which holds that lock until it commits) is never overwritten by older values.
    """
    keys = f"'{SEARCH_SEP}' + reduce(t = n.name_key, k IN n.alias_keys | t + '{SEARCH_SEP}' + k) " \
        f"+ '{SEARCH_SEP}'"
    return (f"UNWIND $ids AS i MATCH (n:{label} {{id: i}}) "
            f"MERGE (s:{SEARCH_LABEL} {{id: i}}) ON CREATE SET s.events = 0 "
            f"WITH n, s WHERE s.name IS NULL OR s.name <> n.name OR s.aliases <> n.aliases "
            f"OR s.search_keys <> {keys} "
            "SET n.name = n.name "
            f"SET s.name = n.name, s.type = n.type, s.aliases = n.aliases, s.search_keys = {keys}")


def read_aliases(label: str) -> str:
    """Stored name and aliases of the listed ids that exist (primary-key lookups, no scan)."""
    return (f"UNWIND $ids AS i MATCH (n:{label} {{id: i}}) "
            "RETURN n.id AS id, n.name AS name, n.aliases AS aliases")


EVENT_LINKS = "PARTICIPATED_IN|ABOUT|HELD_IN"  # what `events` counts


def reset_event_counts() -> str:
    """Set `events` to 0 on the listed search entries (then `count_events` sets the others)."""
    return f"UNWIND $ids AS i MATCH (s:{SEARCH_LABEL} {{id: i}}) SET s.events = 0"


def count_events(label: str) -> str:
    """Recount `events` of the listed entities that have at least one event link."""
    return (f"UNWIND $ids AS i MATCH (n:{label} {{id: i}})-[:{EVENT_LINKS}]-(e:Event) "
            f"WITH n.id AS id, count(DISTINCT e.id) AS c MATCH (s:{SEARCH_LABEL} {{id: id}}) "
            "SET s.events = c")


def recount_events_neo4j(label: str) -> str:
    """Neo4j: `reset_event_counts` then `count_events` in one pass that writes (and locks) only
    the entries whose count changed; entities with no event link get 0."""
    return (f"UNWIND $ids AS i MATCH (s:{SEARCH_LABEL} {{id: i}}) "
            f"OPTIONAL MATCH (n:{label} {{id: i}})-[:{EVENT_LINKS}]-(e:Event) "
            "WITH s, count(DISTINCT e.id) AS c WHERE s.events IS NULL OR s.events <> c "
            "SET s.events = c")


def upsert_node_linked(label: str, rels: str) -> str:
    """Neo4j: `upsert_node`, returning the ids that already have a `rels` edge (the SET has
    write-locked each node first, so no other writer can add one before commit): the
    others' edges of those types are new, and created rather than merged."""
    return upsert_node(label) + f" WITH n WHERE EXISTS {{ (n)-[:{rels}]-() }} RETURN n.id AS id"


def entity_ids(label: str) -> str:
    return f"MATCH (n:{label}) RETURN n.id AS id"


def search_entry_ids() -> str:
    return f"MATCH (s:{SEARCH_LABEL}) RETURN s.id AS id"


def read_entities(label: str) -> str:
    """The listed entities' rows (to build their search entries)."""
    return (f"UNWIND $ids AS i MATCH (n:{label} {{id: i}}) "
            "RETURN n.id AS id, n.name AS name, n.aliases AS aliases")


def delete_nodes(label: str) -> str:
    return f"UNWIND $ids AS i MATCH (n:{label} {{id: i}}) DELETE n"


def read_events() -> str:
    """Stored kind and date of the listed event ids that exist."""
    return ("UNWIND $ids AS i MATCH (n:Event {id: i}) "
            "RETURN n.id AS id, n.kind AS kind, n.date AS date")


def read_rels(rel: str, src: str, dst: str, anchor: str) -> str:
    """Stored `rel` edges whose `anchor` end ("src" or "dst") is one of `$ids`, with their props."""
    a = f"(a:{src} {{id: i}})" if anchor == "src" else f"(a:{src})"
    b = f"(b:{dst} {{id: i}})" if anchor == "dst" else f"(b:{dst})"
    props = "".join(f", x.{p} AS {p}" for p in REL_BY_NAME[rel].properties)
    return f"UNWIND $ids AS i MATCH {a}-[x:{rel}]->{b} RETURN a.id AS src, b.id AS dst{props}"


def update_rel(rel: str, src: str, dst: str) -> str:
    """`UNWIND $rows` of `{src, dst, …props}`: SET the props of existing edges."""
    sets = ", ".join(f"x.{p} = r.{p}" for p in REL_BY_NAME[rel].properties)
    return (f"UNWIND $rows AS r MATCH (a:{src} {{id: r.src}})-[x:{rel}]->(b:{dst} {{id: r.dst}}) "
            f"SET {sets}")


def existing_ids(label: str) -> str:
    return f"UNWIND $ids AS i MATCH (n:{label} {{id: i}}) RETURN n.id AS id"


# --- LadybugDB bulk load (COPY FROM an Arrow table built by the store) ---------------------------

def copy_columns(label_or_rel: str) -> list[tuple[str, str]]:
    """The (property, type) columns of a node table's or rel table's COPY source, in table order.

    A rel table's source starts with the source and target ids (`src`, `dst`).
    """
    if label_or_rel in NODE_BY_NAME:
        return list(NODE_BY_NAME[label_or_rel].properties.items())
    return [("src", STRING), ("dst", STRING), *REL_BY_NAME[label_or_rel].properties.items()]


def ladybug_copy_node(label: str) -> str:
    """`COPY` new nodes (absent ids only: a present id fails the transaction) from `$rows`."""
    return f"COPY {label} FROM $rows"


def ladybug_copy_rel(rel: str, src: str, dst: str) -> str:
    """`COPY` new edges between existing nodes from `$rows` (`src`, `dst`, props)."""
    return f"COPY {rel} FROM $rows (from='{src}', to='{dst}')"


# --- Migrations (stores written by an older schema) --------------------------------------------

def ladybug_columns(label: str) -> str:
    return f"CALL table_info('{label}') RETURN name"


def ladybug_add_column(label: str, prop: str) -> str:
    return f"ALTER TABLE {label} ADD {prop} {NODE_BY_NAME[label].properties[prop]}"


# --- Article removal (used by replace and delete) ---------------------------------------------

def delete_article_texts() -> list[str]:
    """Remove one article's facts: its edges, the events only it reported, the article node.

    Parameter `$id`. Entities stay; events still reported by another article stay.
    """
    return [
        # events this article reported that no other article reports
        "MATCH (a:Article {id: $id})<-[:REPORTED_IN]-(e:Event) "
        "WITH e OPTIONAL MATCH (e)-[r:REPORTED_IN]->(o:Article) "
        "WITH e, count(r) AS n WHERE n = 1 DETACH DELETE e",
        "MATCH (a:Article {id: $id})<-[r:REPORTED_IN]-(e:Event) DELETE r",
        "MATCH (a:Article {id: $id}) DETACH DELETE a",
    ]


def article_event_entities() -> str:
    """Entities linked to the events one article reports (their `events` may change)."""
    return ("MATCH (a:Article {id: $id})<-[:REPORTED_IN]-(e:Event)-[:" + EVENT_LINKS + "]-(n) "
            "RETURN DISTINCT n.id AS id, n.type AS type")


def mentioned_ids_text() -> str:
    return "MATCH (a:Article {id: $id})-[:MENTIONS]->(n) RETURN n.id AS id"


PRUNE_ORDER: tuple[str, ...] = ("Person", "Location", "Organisation", "Country", "Topic")
"""Labels in the order orphans are pruned: a person's REPRESENTS and a place's LOCATED_IN go
with them, before the countries and organisations they pointed to are checked."""


def prune_candidates(label: str) -> str:
    """Listed entities nothing refers to any more: no article mentions them, no event has them
    as participant, topic or place, no person or place points to them. Their own outgoing
    REPRESENTS / LOCATED_IN (attributes, not facts) do not keep them."""
    return (f"MATCH (n:{label}) WHERE n.id IN $ids "
            "WITH n OPTIONAL MATCH (n)<-[r]-() WITH n, count(r) AS i "
            "OPTIONAL MATCH (n)-[p:PARTICIPATED_IN]->() WITH n, i, count(p) AS o "
            "WHERE i + o = 0 RETURN n.id AS id")


def detach_delete_nodes(label: str) -> str:
    """Delete the listed nodes and their remaining edges."""
    return f"UNWIND $ids AS i MATCH (n:{label} {{id: i}}) DETACH DELETE n"


def article_exists_text() -> str:
    return existing_ids("Article")


# --- Article versions: one Article per content, a source names its latest text ----------------

def article_sources_text() -> str:
    """The recorded sources of the listed articles (`$ids`)."""
    return ("UNWIND $ids AS i MATCH (a:Article {id: i}) "
            "RETURN a.id AS id, a.source AS source, a.sources AS sources")


def articles_from_sources_text(engine: str) -> str:
    """Every article that records one of `$sources` (one scan of the Article table)."""
    listed = ("list_has_any(coalesce(a.sources, []), $sources)" if engine == "ladybug"
              else "any(s IN coalesce(a.sources, []) WHERE s IN $sources)")
    return (f"MATCH (a:Article) WHERE a.source IN $sources OR {listed} "
            "RETURN a.id AS id, a.source AS source, a.sources AS sources ORDER BY id")


def set_article_sources_text() -> str:
    """Set `source` and `sources` of existing articles from `$rows` ({id, source, sources})."""
    return ("UNWIND $rows AS row MATCH (a:Article {id: row.id}) "
            "SET a.source = row.source, a.sources = row.sources")


# Test and benchmark helper: empty a store (never called by the service).
CLEAR_ALL = "MATCH (n) DETACH DELETE n"
# One bounded step of `GraphStore.clear` (a whole large graph in one transaction exceeds
# Neo4j's transaction memory cap).
CLEAR_RELS_STEP = "MATCH ()-[r]->() WITH r LIMIT $limit DELETE r RETURN count(*) AS deleted"
CLEAR_STEP = "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"
