"""The named-query catalog: name, description, params model, portable Cypher, engine overrides,
post-processing.

Code calls `store.run("who_met", person=…)` and holds no Cypher of its own. Each query has
one text in the portable subset of DESIGN.md ("Graph stores"); an engine override exists only
where DESIGN.md says it is unavoidable (shortest paths). `tests/unit/graph/test_queries.py`
checks every text against the rules. The parts live beside this module: the params models in
`graph.params`, the Cypher texts in `graph.cypher`, what the rows become in `graph.results`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.cypher import (
    ARTICLE_ENTITIES,
    ARTICLE_EVENTS,
    ARTICLE_META,
    ARTICLES_FROM_SOURCE,
    EGO_NETWORK,
    ENTITY_NEIGHBOURS,
    ENTITY_PROFILE,
    ENTITY_TYPE,
    EVENT_COLUMNS,
    EVENT_FACTS,
    EVENTS,
    FACT_COLUMNS,
    LIST_ENTITIES,
    PERSON_EVENT_FACTS,
    PERSON_EVENT_PLACE_COUNTRIES,
    SEARCH_CANDIDATES,
    SEARCH_DETAILS,
    SHORTEST_PATH_LADYBUG,
    SHORTEST_PATH_NEO4J,
    STATISTICS,
    SUBGRAPH,
    TOP_PAIRS,
)
from graph.params import (
    EgoParams,
    EntityListParams,
    EventsParams,
    IdParams,
    IdsParams,
    LimitParams,
    NeighboursParams,
    NoParams,
    PathParams,
    PersonParams,
    QueryParams,
    SearchParams,
    SubgraphParams,
    WhoMetParams,
)
from graph.results import (
    Post,
    event_rows,
    graph_rows,
    one_place_per_event,
    path_rows,
    sorted_limit,
    sorted_rows,
    statistics_rows,
    timeline_rows,
    who_met_rows,
)
from graph.schema import ENTITY_LABELS, PARTICIPANT_LABELS

__all__ = ["CATALOG", "Query", "QueryParams", "get_query"]

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
    # the row columns of a query answered in many flat rows: a server store may fetch them
    # as one collected list (Neo4j: one Bolt record instead of one per row)
    columns: tuple[str, ...] = ()

    def text_for(self, engine: str) -> str:
        text = self.overrides.get(engine, self.text)
        if text is None:
            raise KeyError(f"query {self.name} has no text for engine {engine}")
        return text



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
          post=sorted_limit(lambda r: (-r["exact"], -r["events"], r["name"] or "", r["id"]))),
    Query("search_details",
          "Step 2 of search_entities: type and aliases of the listed entities.",
          IdsParams, SEARCH_DETAILS, tidy_rows=False, post=sorted_rows(lambda r: r["id"])),
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
          post=sorted_limit(lambda r: (-r["weight"], r["relation"], r["id"]))),
    Query("who_met",
          "Who met this person, optionally about a topic, of a kind, in a date range, at a place "
          "(a location, or a country including its locations): one row per (person met, event), "
          "with that person's role, the given person's role (counterpart_role), topics and "
          "sources with evidence. Composite: `person_event_facts`, filtered and assembled.",
          WhoMetParams, None, composite=True, post=who_met_rows),
    Query("timeline",
          "Events this person took part in, in date order (undated last), with counterparts, "
          "topics and sources. Composite: `person_event_facts`, assembled.",
          PersonParams, None, composite=True, post=timeline_rows),
    Query("person_event_facts",
          "Step of who_met and timeline: every fact of the events a participant took part in, "
          "one flat row each (part: event, counterpart, topic, place, place_country, source).",
          PersonParams, PERSON_EVENT_FACTS, labels={"label": _PARTICIPANT}, tidy_rows=False,
          columns=FACT_COLUMNS,
          post=sorted_rows(lambda r: (r["event_id"], r["part"] != "event", r["part"],
                                       r["a"] or "", r["b"] or "", r["c"] or "", r["d"] or ""))),
    Query("person_event_place_countries",
          "Step of who_met with a place: the country of each location the participant's "
          "events were held in.",
          PersonParams, PERSON_EVENT_PLACE_COUNTRIES, labels={"label": _PARTICIPANT},
          post=sorted_rows(lambda r: (r["event_id"], r["country_id"]))),
    Query("ego_network",
          "Co-participation pairs around an entity: the entity with each counterpart, and the "
          "counterparts among themselves, weighted by shared events.",
          EgoParams, EGO_NETWORK, labels={"label": _ENTITY},
          post=sorted_limit(lambda r: (-r["events"], r["a_id"], r["b_id"]))),
    Query("top_pairs", "The pairs of participants who share the most events.",
          LimitParams, TOP_PAIRS),
    Query("shortest_path",
          "A shortest path (up to 6 hops, through events and direct links) between two "
          "entities; among equally short paths, the first by node ids.",
          PathParams, None,
          overrides={"neo4j": SHORTEST_PATH_NEO4J, "ladybug": SHORTEST_PATH_LADYBUG},
          labels={"source_label": ("source", ENTITY_LABELS),
                  "target_label": ("target", ENTITY_LABELS)},
          post=path_rows, sort_lists=False),
    Query("event",
          "One event with its participants (and roles), topics, place, date and every "
          "article that reported it, with the evidence. Assembled from flat rows per part.",
          IdParams, EVENT_FACTS, post=event_rows, tidy_rows=False, columns=EVENT_COLUMNS),
    Query("events",
          "Events filtered by date range (overlap with partial dates), country (place, topic, "
          "participant or represented), organisation and kind, in date order, with "
          "participants, topics, place (with types) and the reporting articles (id, title, "
          "lang, date, outlet, source as `url`) with the evidence.",
          EventsParams, EVENTS, post=one_place_per_event),
    Query("subgraph",
          "Nodes and edges within `depth` hops (1-3) of an entity through events and direct "
          "links, for a graph view.",
          SubgraphParams, SUBGRAPH, labels={"label": ("center", ENTITY_LABELS)}, formats=("depth",),
          post=graph_rows),
    Query("statistics", "Counts of nodes per label and of relationships per type.",
          NoParams, STATISTICS, post=statistics_rows),
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
