"""`GET /places`: the country each event place lies in, for the web page's map.

An event is held in a Country or in a Location; a Location lies in a country through its
`LOCATED_IN` link (the catalog's `entity_neighbours`, relation `located_in`). Read-only, one
answer for a batch of place ids, in the order asked. No Cypher here.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from app.deps import ReadKeyDep, ServicesDep
from app.responses import errors
from app.schemas import EntityRef
from app.services import Services

router = APIRouter(prefix="/places", tags=["places"], dependencies=[ReadKeyDep])

MAX_IDS = 200


class PlaceCountry(BaseModel):
    """A place and the country it lies in (itself for a country; null when not known)."""

    id: str = Field(examples=["location:tripoli"], description="The place's id, as asked.")
    name: str | None = Field(default=None, examples=["Tripoli"], description="Display name.")
    country: EntityRef | None = Field(default=None, description="The country: the place itself "
                                      "when it is one.")


class PlacesPage(BaseModel):
    """Places in the order asked; ids the store does not know are left out."""

    data: list[PlaceCountry] = Field(description="The known places, in the order asked.")
    count: int = Field(description="Number of items in `data`.", examples=[2])


PlaceIds = Annotated[list[str], Query(
    alias="id", min_length=1, max_length=MAX_IDS,
    description=f"Place ids (Country or Location), repeated: `?id=a&id=b`; at most {MAX_IDS}.",
    examples=[["location:tripoli", "country:DZ"]])]


@router.get("", response_model=PlacesPage, responses=errors())
def read_places(services: ServicesDep, ids: PlaceIds) -> PlacesPage:
    """The country of each place: itself for a Country, its `LOCATED_IN` country for a
    Location (null when the store has none)."""
    out: list[PlaceCountry] = []
    seen: set[str] = set()
    for place_id in ids:
        place_id = place_id.strip()[:300]
        if not place_id or place_id in seen:
            continue
        seen.add(place_id)
        found = place_country(services, place_id)
        if found is not None:
            out.append(found)
    return PlacesPage(data=out, count=len(out))


def place_country(services: Services, place_id: str) -> PlaceCountry | None:
    """One place with its country, or None when no Country or Location has this id."""
    if place_id.startswith("country:"):
        rows = services.run("entity_profile", id=place_id)
        if not rows or rows[0].get("type") not in (None, "Country"):
            return None
        name = rows[0].get("name") or place_id
        return PlaceCountry(id=place_id, name=name,
                            country=EntityRef(id=place_id, name=name, type="Country"))
    if not place_id.startswith("location:"):
        return None
    rows = services.run("entity_profile", id=place_id)
    if not rows:
        return None
    links = [r for r in services.run("entity_neighbours", id=place_id, limit=20)
             if r.get("relation") == "located_in"]
    links.sort(key=lambda r: r["id"])
    country = (EntityRef(id=links[0]["id"], name=links[0].get("name") or links[0]["id"],
                         type="Country") if links else None)
    return PlaceCountry(id=place_id, name=rows[0].get("name"), country=country)
