"""API-only models: response envelopes, request bodies and the error body.

The Extraction contract (`ingest.models`) is reused unchanged as a response; nothing here
duplicates it. List responses use `{data, count}`; every input string has a length limit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ingest.models import Extraction
from ingest.reader import MAX_ARTICLE_CHARS

ArticleState = Literal["queued", "processing", "done", "failed"]


class ErrorBody(BaseModel):
    """The one body of every non-2xx response."""

    status: int = Field(description="HTTP status, repeated.")
    code: str = Field(description="Stable machine-readable error code.")
    error: str = Field(description="What happened, with the value involved and what to do.")
    errors: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Details: validation errors, candidates of an ambiguous name, suggestions, "
        "examples of understood questions.",
    )

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "status": 404, "code": "not_found", "error": "no person matches 'Lamamre'",
        "errors": [{"suggestion": "Ramtane Lamamra", "id": "person:ramtane-lamamra"}]}]})


class EntityRef(BaseModel):
    id: str = Field(examples=["person:ramtane-lamamra"])
    name: str = Field(examples=["Ramtane Lamamra"])
    type: str | None = Field(default=None, examples=["Person"])


class Source(BaseModel):
    """An article that reports an event, with the evidence sentence."""

    article_id: str = Field(examples=["article:18dc67424a579d86"])
    title: str | None = None
    lang: str | None = Field(default=None, examples=["fr"])
    date: str | None = Field(default=None, examples=["2021-10-21"],
                             description="The article's publication date, when known.")
    evidence: str | None = Field(default=None, description="The sentence(s) stating the event.")


class Meeting(BaseModel):
    """One counterpart in one event with the person asked about."""

    person: EntityRef = Field(description="The counterpart.")
    role: str | None = Field(default=None, description="The counterpart's role.", examples=["guest"])
    counterpart_role: str | None = Field(
        default=None, description="The role of the person asked about.", examples=["host"])
    event_id: str
    kind: str = Field(examples=["meeting"])
    date: str | None = Field(default=None, examples=["2021-10-21"])
    place: EntityRef | None = None
    topics: list[EntityRef] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)


class MeetingsPage(BaseModel):
    person: EntityRef = Field(description="The person the name resolved to.")
    topic: EntityRef | None = Field(default=None, description="The topic the name resolved to.")
    data: list[Meeting]
    count: int

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "person": {"id": "person:ramtane-lamamra", "name": "Ramtane Lamamra", "type": "Person"},
        "topic": {"id": "country:LY", "name": "Libya", "type": "Country"},
        "data": [{"person": {"id": "person:yael-lampert", "name": "Yael Lampert"},
                  "role": "guest", "counterpart_role": "host", "event_id": "event:1a2b",
                  "kind": "meeting", "date": "2021-10-21",
                  "place": {"id": "location:tripoli", "name": "Tripoli"},
                  "topics": [{"id": "country:LY", "name": "Libya"}],
                  "sources": [{"article_id": "article:18dc67424a579d86", "title": None,
                               "lang": "fr", "evidence": "Ramtane Lamamra a reçu…"}]}],
        "count": 1}]})


class EntitySummary(BaseModel):
    id: str
    type: str
    name: str
    aliases: list[str] = Field(default_factory=list)


class EntitiesPage(BaseModel):
    data: list[EntitySummary]
    count: int


class EntityProfile(EntitySummary):
    events: int = Field(default=0, description="Events the entity takes part in or is about.")
    articles: int = Field(default=0, description="Articles that mention the entity.")
    counterparts: int = Field(default=0, description="Distinct people met.")


class Neighbour(BaseModel):
    id: str
    type: str | None = None
    name: str
    relation: str
    weight: int | float = 1


class NeighboursPage(BaseModel):
    entity: EntityRef
    data: list[Neighbour]
    count: int


class Counterpart(BaseModel):
    id: str
    name: str
    role: str | None = None


class TimelineEntry(BaseModel):
    event_id: str
    kind: str
    date: str | None = None
    place: EntityRef | None = None
    role: str | None = None
    counterparts: list[Counterpart] = Field(default_factory=list)
    topics: list[EntityRef] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)


class Timeline(BaseModel):
    person: EntityRef
    data: list[TimelineEntry]
    count: int


class GraphNode(BaseModel):
    id: str
    type: str | None = None
    name: str | None = None


class GraphEdge(BaseModel):
    source: str
    target: str
    type: str


class GraphView(BaseModel):
    """Nodes and edges, ready for a graph viewer (cytoscape)."""

    nodes: list[GraphNode]
    edges: list[GraphEdge]


class PathResult(GraphView):
    source: EntityRef
    target: EntityRef
    length: int = Field(description="Number of edges; 0 when source and target are the same.")


class EventParticipant(BaseModel):
    id: str
    name: str | None = None
    type: str | None = None
    role: str | None = None


class EventRow(BaseModel):
    event_id: str
    kind: str
    date: str | None = None
    place: EntityRef | None = None
    participants: list[EventParticipant] = Field(default_factory=list)
    topics: list[EntityRef] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)


class EventDetail(EventRow):
    """One event with its participants, topics, place, date and every article reporting it."""


class EventsPage(BaseModel):
    data: list[EventRow]
    count: int


class ArticleCreate(BaseModel):
    """An article posted as JSON (the same fields as a `.json` article file)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "text": "Le ministre des Affaires étrangères, Ramtane Lamamra, a reçu jeudi à Alger…",
        "date": "2021-10", "lang": "fr", "title": "Lamamra reçoit…"}]})

    text: str = Field(min_length=1, max_length=MAX_ARTICLE_CHARS,
                      description="The article text, at most 200,000 characters (the whole "
                      "body at most 2 MiB). Control characters (C0 but tab, LF, CR; DEL) are "
                      "stripped.")
    date: str | None = Field(default=None, max_length=10, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
                             description="Publication date, YYYY[-MM[-DD]].")
    lang: Literal["fr", "ar", "en"] | None = Field(default=None,
                                                   description="Detected when absent.")
    title: str | None = Field(default=None, max_length=1000)
    source: str | None = Field(default=None, max_length=2000,
                               description="URL or path; the article id derives from it.")

    @field_validator("date")
    @classmethod
    def _real_date(cls, value: str | None) -> str | None:
        if value is not None:
            parts = [int(p) for p in value.split("-")]
            try:
                dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
            except ValueError as exc:
                raise ValueError(f"{value!r} is not a date: {exc}") from exc
        return value


class ArticleAccepted(BaseModel):
    id: str = Field(examples=["article:18dc67424a579d86"])
    status: ArticleState
    status_url: str = Field(examples=["/articles/article:18dc67424a579d86"])


class ArticleStatus(BaseModel):
    id: str
    status: ArticleState
    error: str | None = Field(default=None, description="Why the last try failed.")
    attempts: int = 0
    extraction: Extraction | None = Field(default=None, description="When done: the facts.")


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"q": "who met Lamamra about Libya"},
        {"q": "qui a rencontré Lamamra au sujet de la Libye ?"},
        {"q": "من التقى لعمامرة بشأن ليبيا؟"}]})

    q: str = Field(min_length=1, max_length=500, description="A question in en, fr or ar.")


class AskAnswer(BaseModel):
    question: str
    lang: Literal["fr", "ar", "en"]
    intent: Literal["who_met", "timeline", "path"]
    params: dict[str, str] = Field(description="The names the grammar read from the question.")
    meetings: MeetingsPage | None = None
    timeline: Timeline | None = None
    path: PathResult | None = None


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Ready(BaseModel):
    status: Literal["ready"] = "ready"
    store: str = Field(description="The engine, reachable.")
    models: list[str] = Field(description="Languages whose NLP models are loaded.")
    queue: str = Field(description="The queue backend.")


class Stats(BaseModel):
    labels: dict[str, int]
    relationships: dict[str, int]
