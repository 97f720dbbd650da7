"""`GET /meetings`: who met a person, optionally about a topic, of a kind, in a period or place."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.answers import find_meetings
from app.deps import ReadKeyDep, ServicesDep
from app.responses import errors
from app.schemas import MeetingsPage
from ingest.models import EventKind

router = APIRouter(prefix="/meetings", tags=["meetings"], dependencies=[ReadKeyDep])

_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


@router.get("", response_model=MeetingsPage, responses=errors(404, 409))
def list_meetings(
    services: ServicesDep,
    person: Annotated[str, Query(min_length=1, max_length=200, examples=["Lamamra"],
                                 description="A name in any script and accent, or an id.")],
    topic: Annotated[str | None, Query(min_length=1, max_length=200, examples=["Libya"],
                                       description="Country, organisation, place or topic.")] = None,
    kind: Annotated[EventKind | None, Query(description="Event kind.")] = None,
    date_from: Annotated[str | None, Query(alias="from", max_length=10, pattern=_DATE,
                                           examples=["2021-10"])] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=10, pattern=_DATE,
                                         examples=["2022"])] = None,
    place: Annotated[str | None, Query(min_length=1, max_length=200,
                                       description="Where the event was held.")] = None,
) -> MeetingsPage:
    """Who met `person` (about `topic`): each counterpart with role, kind, date, place, topics
    and the sources with their evidence sentence."""
    return find_meetings(services, person, topic, kind=kind, date_from=date_from,
                         date_to=date_to, place=place)
