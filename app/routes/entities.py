"""`/entities`: list, search, profile and neighbours of people, countries, organisations and
places."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.answers import PERSON, TOPIC, resolve
from app.deps import ReadKeyDep, ServicesDep
from app.errors import NotFound
from app.params import MAX_NAME, Offset, page_limit
from app.responses import errors
from app.schemas import EntitiesPage, EntityProfile, EntitySummary, Neighbour, NeighboursPage
from ingest.models import EntityType
from ingest.normalize import fold

router = APIRouter(prefix="/entities", tags=["entities"], dependencies=[ReadKeyDep])

EntityId = Annotated[str, Path(min_length=1, max_length=300, examples=["person:ramtane-lamamra"],
                               description="An entity id, `type:slug`.")]
EntityName = Annotated[str, Path(min_length=1, max_length=MAX_NAME,
                                 examples=["person:ramtane-lamamra"],
                                 description="An entity id, or a name in any script.")]


@router.get("", response_model=EntitiesPage, responses=errors())
def list_entities(
    services: ServicesDep,
    q: Annotated[str | None, Query(
        min_length=1, max_length=MAX_NAME, examples=["lamamra"],
        description="Name prefix, any script and accent: matches ranked exact first, then by "
                    "number of events, then name. Without `q`: every entity in name order. "
                    "A `q` with no letter or digit matches nothing.")] = None,
    type: Annotated[EntityType | None, Query(
        examples=["Person"], description="Only entities of this type.")] = None,
    limit: Annotated[int, page_limit(20, 100)] = 20,
    offset: Offset = 0,
) -> EntitiesPage:
    """Entities whose name or an alias starts with `q`, or, without `q`, every entity (of
    `type`) in name order; a page at a time."""
    if q is None:
        rows = services.run("list_entities", type=type, limit=limit, offset=offset)
    elif not fold(q):
        rows = []
    else:
        rows = services.run("search_entities", q=q, type=type, limit=offset + limit)[offset:]
    data = [EntitySummary.model_validate(r) for r in rows]
    return EntitiesPage(data=data, count=len(data))


@router.get("/{id}", response_model=EntityProfile, responses=errors(404))
def read_entity(services: ServicesDep, id: EntityId) -> EntityProfile:
    """An entity with its aliases and counts of events, articles and counterparts."""
    rows = services.run("entity_profile", id=id)
    if not rows:
        raise NotFound(f"no entity has the id {id!r}; search with GET /entities?q=")
    return EntityProfile.model_validate(rows[0])


@router.get("/{id}/neighbours", response_model=NeighboursPage, responses=errors(404, 409))
def read_neighbours(
    services: ServicesDep, id: EntityName,
    limit: Annotated[int, page_limit(50, 500)] = 50,
) -> NeighboursPage:
    """Entities linked to this one (people met, topics, places), strongest first."""
    entity = resolve(services, id, PERSON + TOPIC, "entity")
    rows = services.run("entity_neighbours", id=entity.id, limit=limit)
    data = [Neighbour.model_validate(r) for r in rows]
    return NeighboursPage(entity=entity, data=data, count=len(data))
