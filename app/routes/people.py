"""`GET /people/{id}/timeline`: a person's events in date order."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from app.answers import person_timeline
from app.deps import ReadKeyDep, ServicesDep
from app.params import MAX_NAME
from app.responses import errors
from app.schemas import Timeline

router = APIRouter(prefix="/people", tags=["people"], dependencies=[ReadKeyDep])


@router.get("/{id}/timeline", response_model=Timeline, responses=errors(404, 409))
def read_timeline(
    services: ServicesDep,
    id: Annotated[str, Path(min_length=1, max_length=MAX_NAME,
                            examples=["person:ramtane-lamamra"],
                            description="A person id, or a name in any script.")],
) -> Timeline:
    """Every event of the person, with counterparts, topics and sources."""
    return person_timeline(services, id)
