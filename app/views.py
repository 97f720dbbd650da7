"""What `/graph` and `/events/{id}` show: the neighbourhood of any node, and one event in full.

`/graph?center=` takes an entity (name or id), an event id or an article id. An entity's
neighbourhood is the catalog's `subgraph` (an entity with no events is shown alone); an
article's comes from the `article` query (its events and the entities it mentions); an
event's from the catalog's `event` query. Article dates are added to `sources` from
`article_meta` (cached). No Cypher here.
"""

from __future__ import annotations

from app.answers import PERSON, TOPIC, resolve, sources_with_dates
from app.errors import NotFound, NotImplementedYet
from app.schemas import EventDetail, EventParticipant, GraphEdge, GraphNode, GraphView
from app.services import Services
from graph.errors import QueryNotFound

EVENT_QUERY = "event"


def _node(id_: str, type_: str | None, name: str | None) -> GraphNode:
    return GraphNode(id=id_, type=type_, name=name or id_)


def graph_around(services: Services, center: str, depth: int) -> GraphView:
    """The neighbourhood of an entity, an event or an article, as nodes and edges."""
    center = center.strip()
    if center.startswith("article:"):
        return _article_graph(services, center)
    if center.startswith("event:"):
        return _event_graph(services, center)
    entity = resolve(services, center, PERSON + TOPIC, "entity")
    rows = services.run("subgraph", center=entity.id, depth=depth)
    row = rows[0] if rows else {}
    nodes = [GraphNode.model_validate(n) for n in row.get("nodes") or []]
    if not any(n.id == entity.id for n in nodes):  # no events, no links: the entity alone
        nodes.insert(0, _node(entity.id, entity.type, entity.name))
    return GraphView(nodes=nodes,
                     edges=[GraphEdge.model_validate(e) for e in row.get("edges") or []])


def _article_graph(services: Services, article_id: str) -> GraphView:
    rows = services.run("article", id=article_id)
    if not rows:
        raise NotFound(f"no article {article_id!r}")
    ext = rows[0]
    art = ext["article"]
    nodes = {article_id: _node(article_id, "Article", art.get("title") or article_id)}
    edges: list[GraphEdge] = []
    for entity in ext.get("entities") or []:
        nodes[entity["id"]] = _node(entity["id"], entity.get("type"), entity.get("name"))
        edges.append(GraphEdge(source=article_id, target=entity["id"], type="MENTIONS"))
    for event in ext.get("events") or []:
        name = f"{event['kind']} {event.get('date') or ''}".strip()
        nodes[event["id"]] = _node(event["id"], "Event", name)
        edges.append(GraphEdge(source=event["id"], target=article_id, type="REPORTED_IN"))
    return GraphView(nodes=[nodes[k] for k in sorted(nodes)],
                     edges=sorted(edges, key=lambda e: (e.source, e.target, e.type)))


def _event_graph(services: Services, event_id: str) -> GraphView:
    event = event_detail(services, event_id)
    nodes = {event_id: _node(event_id, "Event", f"{event.kind} {event.date or ''}".strip())}
    edges: list[GraphEdge] = []
    for p in event.participants:
        nodes[p.id] = _node(p.id, p.type, p.name)
        edges.append(GraphEdge(source=p.id, target=event_id, type="PARTICIPATED_IN"))
    for t in event.topics:
        nodes[t.id] = _node(t.id, t.type, t.name)
        edges.append(GraphEdge(source=event_id, target=t.id, type="ABOUT"))
    if event.place:
        nodes.setdefault(event.place.id, _node(event.place.id, event.place.type, event.place.name))
        edges.append(GraphEdge(source=event_id, target=event.place.id, type="HELD_IN"))
    for s in event.sources:
        nodes[s.article_id] = _node(s.article_id, "Article", s.title)
        edges.append(GraphEdge(source=event_id, target=s.article_id, type="REPORTED_IN"))
    return GraphView(nodes=[nodes[k] for k in sorted(nodes)],
                     edges=sorted(_unique(edges), key=lambda e: (e.source, e.target, e.type)))


def _unique(edges: list[GraphEdge]) -> list[GraphEdge]:
    return list({(e.source, e.target, e.type): e for e in edges}.values())


def event_detail(services: Services, event_id: str) -> EventDetail:
    """One event with participants, topics, place, date and every article that reported it.

    Raises:
        NotFound: no event with this id.
        NotImplementedYet: the graph catalog has no `event` query yet.
    """
    try:
        rows = services.run(EVENT_QUERY, id=event_id)
    except QueryNotFound as exc:
        raise NotImplementedYet(
            f"reading one event needs the catalog query {EVENT_QUERY!r} (graph/queries.py), "
            "which this version does not have") from exc
    if not rows:
        raise NotFound(f"no event {event_id!r}")
    r = rows[0]
    place = None
    if r.get("place_id"):
        place = {"id": r["place_id"], "name": r.get("place_name") or r["place_id"],
                 "type": r.get("place_type")}
    return EventDetail(event_id=r["event_id"], kind=r["kind"], date=r.get("date"), place=place,
                       participants=[EventParticipant.model_validate(p)
                                     for p in r.get("participants") or []],
                       topics=[{"id": t["id"], "name": t.get("name") or t["id"],
                                "type": t.get("type")} for t in r.get("topics") or []],
                       sources=sources_with_dates(services, r.get("sources") or []))
