"""`GET /path` and `GET /graph`: connections between entities, as nodes and edges."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.answers import find_path
from app.deps import ReadKeyDep, ServicesDep
from app.params import MAX_NAME
from app.responses import errors
from app.schemas import GraphView, PathResult
from app.views import graph_around

router = APIRouter(tags=["network"], dependencies=[ReadKeyDep])


@router.get("/path", response_model=PathResult, responses=errors(404, 409))
def read_path(
    services: ServicesDep,
    source: Annotated[str, Query(alias="from", min_length=1, max_length=MAX_NAME,
                                 examples=["Lamamra"],
                                 description="Where the chain starts: an entity name (any "
                                             "script) or id.")],
    target: Annotated[str, Query(alias="to", min_length=1, max_length=MAX_NAME,
                                 examples=["Guterres"],
                                 description="Where the chain ends: an entity name (any "
                                             "script) or id.")],
) -> PathResult:
    """The shortest chain (at most 6 hops) linking two entities, names or ids."""
    return find_path(services, source, target)


@router.get("/graph", response_model=GraphView, responses=errors(404, 409, 501))
def read_graph(
    services: ServicesDep,
    center: Annotated[str, Query(
        min_length=1, max_length=MAX_NAME, examples=["Lamamra"],
        description="An entity (name or id), an event id or an article id.")],
    depth: Annotated[int, Query(ge=1, le=3, examples=[1],
                                description="Hops around an entity (1-3).")] = 1,
) -> GraphView:
    """The neighbourhood of an entity, event or article as nodes and edges, for a graph viewer."""
    return graph_around(services, center, depth)

