"""`GET /path` and `GET /graph`: connections between entities, as nodes and edges."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.answers import PERSON, TOPIC, find_path, resolve
from app.deps import ReadKeyDep, ServicesDep
from app.responses import errors
from app.schemas import GraphEdge, GraphNode, GraphView, PathResult

router = APIRouter(tags=["network"], dependencies=[ReadKeyDep])


@router.get("/path", response_model=PathResult, responses=errors(404, 409))
def read_path(
    services: ServicesDep,
    source: Annotated[str, Query(alias="from", min_length=1, max_length=200,
                                 examples=["Lamamra"])],
    target: Annotated[str, Query(alias="to", min_length=1, max_length=200,
                                 examples=["Guterres"])],
) -> PathResult:
    """The shortest chain (at most 6 hops) linking two entities, names or ids."""
    return find_path(services, source, target)


@router.get("/graph", response_model=GraphView, responses=errors(404, 409))
def read_graph(
    services: ServicesDep,
    center: Annotated[str, Query(min_length=1, max_length=200, examples=["Lamamra"])],
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
) -> GraphView:
    """The neighbourhood of an entity as nodes and edges, for a graph viewer."""
    entity = resolve(services, center, PERSON + TOPIC, "entity")
    rows = services.run("subgraph", center=entity.id, depth=depth)
    row = rows[0] if rows else {"nodes": [], "edges": []}
    return GraphView(nodes=[GraphNode.model_validate(n) for n in row.get("nodes") or []],
                     edges=[GraphEdge.model_validate(e) for e in row.get("edges") or []])
