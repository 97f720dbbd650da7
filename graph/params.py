"""The parameters of the named queries (`graph.queries`): one pydantic model per shape, validated
before any query runs.

Optional filters travel as typed sentinels plus `has_*` flags (a null `$param` compared with
a column crashes LadybugDB 0.22): see `QueryParams.bind`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from graph.schema import ENTITY_LABELS, SEARCH_SEP
from ingest.models import EVENT_KINDS
from ingest.normalize import fold

DATE_MIN, DATE_MAX = date(1, 1, 1), date(9999, 12, 31)


class QueryParams(BaseModel):
    """Base of every params model; `bind()` gives the engine-ready parameter dict."""

    model_config = ConfigDict(extra="forbid")

    def bind(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, value in self.model_dump().items():
            if name == "date_from":
                out["has_dates"] = value is not None or self.model_dump().get("date_to") is not None
                out[name] = value or DATE_MIN
            elif name == "date_to":
                out[name] = value or DATE_MAX
            elif value is None:
                out[name] = ""
            else:
                out[name] = value
        return out


def _check_range(model: Any) -> Any:
    if model.date_from and model.date_to and model.date_from > model.date_to:
        raise ValueError("date_from is after date_to")
    return model


class NoParams(QueryParams):
    pass


class IdParams(QueryParams):
    id: str = Field(min_length=1, max_length=300)


class SearchParams(QueryParams):
    q: str = Field(min_length=1, max_length=200)
    type: str | None = None
    limit: int = Field(default=20, ge=1, le=6000)  # the API pages by slicing the first N

    def bind(self) -> dict[str, Any]:
        # `|` + folded prefix, `|` + folded key + `|`: see schema.SEARCH_PROPS["search_keys"]
        return {**super().bind(), "prefix": SEARCH_SEP + self.q,
                "exact": SEARCH_SEP + self.q + SEARCH_SEP}

    @model_validator(mode="after")
    def _fold(self) -> SearchParams:
        if self.type is not None and self.type not in ENTITY_LABELS:
            raise ValueError(f"type must be one of {ENTITY_LABELS}")
        self.q = fold(self.q)
        if not self.q:
            raise ValueError("q has no letters or digits once normalised")
        return self


class EntityListParams(QueryParams):
    type: str | None = None
    limit: int = Field(default=50, ge=1, le=1000)
    offset: int = Field(default=0, ge=0, le=5000)  # LadybugDB 0.22 crashes on SKIP > ~7000

    @model_validator(mode="after")
    def _check(self) -> EntityListParams:
        if self.type is not None and self.type not in ENTITY_LABELS:
            raise ValueError(f"type must be one of {ENTITY_LABELS}")
        return self


class IdsParams(QueryParams):
    ids: list[str] = Field(default_factory=list, max_length=1000)


class NeighboursParams(IdParams):
    limit: int = Field(default=50, ge=1, le=1000)


class WhoMetParams(QueryParams):
    person: str = Field(min_length=1, max_length=300)
    topic: str | None = None
    kind: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    place: str | None = None

    @model_validator(mode="after")
    def _check(self) -> WhoMetParams:
        if self.kind is not None and self.kind not in EVENT_KINDS:
            raise ValueError(f"kind must be one of {EVENT_KINDS}")
        return _check_range(self)


class PersonParams(QueryParams):
    person: str = Field(min_length=1, max_length=300)


class EgoParams(IdParams):
    limit: int = Field(default=50, ge=1, le=1000)


class LimitParams(QueryParams):
    limit: int = Field(default=50, ge=1, le=1000)


class PathParams(QueryParams):
    source: str = Field(min_length=1, max_length=300)
    target: str = Field(min_length=1, max_length=300)

    @model_validator(mode="after")
    def _distinct(self) -> PathParams:
        if self.source == self.target:
            raise ValueError("source and target are the same entity")
        return self


class EventsParams(QueryParams):
    date_from: date | None = None
    date_to: date | None = None
    country: str | None = None
    organisation: str | None = None
    kind: str | None = None
    limit: int = Field(default=50, ge=1, le=1000)
    offset: int = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _check(self) -> EventsParams:
        if self.kind is not None and self.kind not in EVENT_KINDS:
            raise ValueError(f"kind must be one of {EVENT_KINDS}")
        return _check_range(self)


class SubgraphParams(QueryParams):
    center: str = Field(min_length=1, max_length=300)
    depth: int = Field(default=1, ge=1, le=3)
    limit: int = Field(default=2000, ge=1, le=20000)


