"""API-only models: response envelopes, request bodies and the error body.

The Extraction contract (`ingest.models`) is reused unchanged as a response; nothing here
duplicates it. List responses use `{data, count}`; every input string has a length limit.
Every model has a docstring and every field a description (`tests/e2e/test_api_docs.py`
walks the OpenAPI document), with examples on the fields a client fills or reads first.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.params import DATE_HELP, DATE_PATTERN
from ingest.models import Extraction
from ingest.reader import MAX_ARTICLE_CHARS

ArticleState = Literal["queued", "processing", "done", "failed"]

_ENTITY_TYPE = "Person, Country, Organisation, Location or Topic."


class ErrorBody(BaseModel):
    """The one body of every non-2xx response."""

    status: int = Field(description="HTTP status, repeated.", examples=[404])
    code: str = Field(description="Stable machine-readable error code.", examples=["not_found"])
    error: str = Field(description="What happened, with the value involved and what to do.",
                       examples=["no person matches 'Lamamre'"])
    errors: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Details: validation errors (`loc`, `msg`, `type`), candidates of an "
        "ambiguous name, suggestions, examples of understood questions.",
    )

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "status": 404, "code": "not_found", "error": "no person matches 'Lamamre'",
        "errors": [{"suggestion": "Ramtane Lamamra", "id": "person:ramtane-lamamra"}]}]})


class EntityRef(BaseModel):
    """An entity as referred to from a fact: id, display name and type."""

    id: str = Field(description="Stable entity id, `type:slug`.",
                    examples=["person:ramtane-lamamra"])
    name: str = Field(description="Display name (Latin script when one is known).",
                      examples=["Ramtane Lamamra"])
    type: str | None = Field(default=None, description=f"Entity type: {_ENTITY_TYPE}",
                             examples=["Person"])


class Source(BaseModel):
    """An article that reports an event, with the evidence sentence."""

    article_id: str = Field(description="Id of the reporting article; "
                            "`GET /articles/{id}` gives its facts.",
                            examples=["article:18dc67424a579d86"])
    title: str | None = Field(default=None, description="The article's headline: from the "
                              "input, else its first line.", examples=["Lamamra reçoit Lampert"])
    outlet: str | None = Field(default=None, description="Publisher: from the input's metadata, "
                               "else the host of the source URL.", examples=["example.org"])
    url: str | None = Field(default=None, description="Where the article was read, when it "
                            "came from the web (http or https).",
                            examples=["https://example.org/news/2021/10/21/lamamra"])
    lang: str | None = Field(default=None, description="Language of the article: fr, ar or en.",
                             examples=["fr"])
    date: str | None = Field(default=None, examples=["2021-10-21"],
                             description="The article's publication date, YYYY[-MM[-DD]], "
                             "when known.")
    evidence: str | None = Field(default=None, description="The sentence(s) stating the event.",
                                 examples=["M. Lamamra a reçu Mme Lampert à Tripoli."])


class EventFacts(BaseModel):
    """What every event answer carries: the event, its kind, date, place, topics, sources."""

    event_id: str = Field(description="The event; `GET /events/{event_id}` gives it in full.",
                          examples=["event:5f1c2a9e0b7d4e21"])
    kind: str = Field(description="Event kind (meeting, phone_call, visit, …).",
                      examples=["meeting"])
    date: str | None = Field(default=None, description="When it happened, YYYY[-MM[-DD]].",
                             examples=["2021-10-21"])
    place: EntityRef | None = Field(default=None, description="Where it was held, when known.")
    topics: list[EntityRef] = Field(default_factory=list, description="What it was about.")
    sources: list[Source] = Field(default_factory=list,
                                  description="Articles reporting it, with their evidence.")


class Meeting(EventFacts):
    """One counterpart in one event with the person asked about."""

    person: EntityRef = Field(description="The counterpart.")
    role: str | None = Field(default=None, description="The counterpart's role.", examples=["guest"])
    counterpart_role: str | None = Field(
        default=None, description="The role of the person asked about.", examples=["host"])


class MeetingsPage(BaseModel):
    """Who met a person: one row per (counterpart, event), in date order."""

    person: EntityRef = Field(description="The person the name resolved to.")
    topic: EntityRef | None = Field(default=None, description="The topic the name resolved to.")
    data: list[Meeting] = Field(description="One item per counterpart per event.")
    count: int = Field(description="Number of items in `data`.", examples=[1])

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "person": {"id": "person:ramtane-lamamra", "name": "Ramtane Lamamra", "type": "Person"},
        "topic": {"id": "country:LY", "name": "Libya", "type": "Country"},
        "data": [{"person": {"id": "person:yael-lampert", "name": "Yael Lampert",
                             "type": "Person"},
                  "role": "guest", "counterpart_role": "host", "event_id": "event:1a2b",
                  "kind": "meeting", "date": "2021-10-21",
                  "place": {"id": "location:tripoli", "name": "Tripoli", "type": "Location"},
                  "topics": [{"id": "country:LY", "name": "Libya", "type": "Country"}],
                  "sources": [{"article_id": "article:18dc67424a579d86",
                               "title": "Lamamra reçoit Lampert", "outlet": "example.org",
                               "url": "https://example.org/news/lamamra", "lang": "fr",
                               "date": "2021-10-21", "evidence": "Ramtane Lamamra a reçu…"}]}],
        "count": 1}]})


class EntitySummary(BaseModel):
    """An entity with its names."""

    id: str = Field(description="Stable entity id, `type:slug`.",
                    examples=["person:ramtane-lamamra"])
    type: str = Field(description=f"Entity type: {_ENTITY_TYPE}", examples=["Person"])
    name: str = Field(description="Display name (Latin script when one is known).",
                      examples=["Ramtane Lamamra"])
    aliases: list[str] = Field(default_factory=list,
                               description="Every surface form seen, any script.",
                               examples=[["Lamamra", "رمطان لعمامرة"]])


class EntitiesPage(BaseModel):
    """A page of entities: search matches, or a listing by name."""

    data: list[EntitySummary] = Field(description="The entities of this page.")
    count: int = Field(description="Number of items in `data` (fewer than `limit`: the last "
                       "page).", examples=[20])


class EntityProfile(EntitySummary):
    """An entity with its aliases and counts of events, articles and counterparts."""

    events: int = Field(default=0, description="Events the entity takes part in or is about.",
                        examples=[12])
    articles: int = Field(default=0, description="Articles that mention the entity.",
                          examples=[5])
    counterparts: int = Field(default=0, description="Distinct people met.", examples=[8])


class Neighbour(BaseModel):
    """An entity linked to another, with the kind of link and its strength."""

    id: str = Field(description="Stable entity id.", examples=["person:yael-lampert"])
    type: str | None = Field(default=None, description=f"Entity type: {_ENTITY_TYPE}",
                             examples=["Person"])
    name: str = Field(description="Display name.", examples=["Yael Lampert"])
    relation: str = Field(description="How it is linked: met, about, held_in, discussed_by, "
                          "hosted, represents, represented_by, located_in or contains.",
                          examples=["met"])
    weight: int | float = Field(default=1, description="Shared events (1 for direct links).",
                                examples=[3])


class NeighboursPage(BaseModel):
    """Entities linked to one entity, strongest first."""

    entity: EntityRef = Field(description="The entity the id or name resolved to.")
    data: list[Neighbour] = Field(description="Linked entities, strongest first.")
    count: int = Field(description="Number of items in `data`.", examples=[5])


class Counterpart(BaseModel):
    """Another participant of an event."""

    id: str = Field(description="Stable entity id.", examples=["person:yael-lampert"])
    name: str = Field(description="Display name.", examples=["Yael Lampert"])
    type: str | None = Field(default=None, description="Person, Organisation or Country.",
                             examples=["Person"])
    role: str | None = Field(default=None, description="Their role in the event.",
                             examples=["guest"])


class TimelineEntry(EventFacts):
    """One event of a person's timeline."""

    role: str | None = Field(default=None, description="The person's role in the event.",
                             examples=["host"])
    counterparts: list[Counterpart] = Field(default_factory=list,
                                            description="The other participants.")


class Timeline(BaseModel):
    """A person's events in date order (undated last)."""

    person: EntityRef = Field(description="The person the id or name resolved to.")
    data: list[TimelineEntry] = Field(description="The events, in date order.")
    count: int = Field(description="Number of items in `data`.", examples=[12])


class GraphNode(BaseModel):
    """A node of a graph view: an entity, an event or an article."""

    id: str = Field(description="Stable id (`type:slug`, `event:…`, `article:…`).",
                    examples=["person:ramtane-lamamra"])
    type: str | None = Field(default=None, description=f"Node type: {_ENTITY_TYPE[:-1]}, "
                             "Event or Article.", examples=["Person"])
    name: str | None = Field(default=None, description="Display label.",
                             examples=["Ramtane Lamamra"])


class GraphEdge(BaseModel):
    """A directed edge of a graph view."""

    source: str = Field(description="Id of the start node.", examples=["person:ramtane-lamamra"])
    target: str = Field(description="Id of the end node.", examples=["event:5f1c2a9e0b7d4e21"])
    type: str = Field(description="Relationship type: PARTICIPATED_IN, ABOUT, HELD_IN, "
                      "REPORTED_IN, MENTIONS, REPRESENTS or LOCATED_IN.",
                      examples=["PARTICIPATED_IN"])


class GraphView(BaseModel):
    """Nodes and edges, ready for a graph viewer (cytoscape)."""

    nodes: list[GraphNode] = Field(description="Every node, sorted by id.")
    edges: list[GraphEdge] = Field(description="Every edge between the nodes.")


class PathResult(GraphView):
    """The shortest chain linking two entities, as nodes and edges in path order."""

    source: EntityRef = Field(description="The entity `from` resolved to.")
    target: EntityRef = Field(description="The entity `to` resolved to.")
    length: int = Field(description="Number of edges; 0 when source and target are the same.",
                        examples=[2])


class EventParticipant(BaseModel):
    """A participant of an event, with its role."""

    id: str = Field(description="Stable entity id.", examples=["person:ramtane-lamamra"])
    name: str | None = Field(default=None, description="Display name.",
                             examples=["Ramtane Lamamra"])
    type: str | None = Field(default=None, description="Person, Organisation or Country.",
                             examples=["Person"])
    role: str | None = Field(default=None, description="Role in the event (host, guest, caller, "
                             "callee, participant, …).", examples=["host"])


class EventRow(EventFacts):
    """An event with its participants, topics, place and sources."""

    participants: list[EventParticipant] = Field(default_factory=list,
                                                 description="Who took part, with roles.")
    sources: list[Source] = Field(default_factory=list,
                                  description="Every article reporting it, with its evidence.")


class EventDetail(EventRow):
    """One event with its participants, topics, place, date and every article reporting it."""


class EventsPage(BaseModel):
    """A page of events in date order (undated last)."""

    data: list[EventRow] = Field(description="The events of this page.")
    count: int = Field(description="Number of items in `data` (fewer than `limit`: the last "
                       "page).", examples=[2])


class ArticleCreate(BaseModel):
    """An article posted as JSON (the same fields as a `.json` article file)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "text": "Le ministre des Affaires étrangères, Ramtane Lamamra, a reçu jeudi à Alger…",
        "date": "2021-10", "lang": "fr", "title": "Lamamra reçoit…"}]})

    text: str = Field(min_length=1, max_length=MAX_ARTICLE_CHARS,
                      description="The article text, at most 200,000 characters (the whole "
                      "body at most 2 MiB). Control characters (C0 but tab, LF, CR; DEL) are "
                      "stripped.")
    date: str | None = Field(default=None, max_length=10, pattern=DATE_PATTERN,
                             description=f"Publication date: {DATE_HELP}.",
                             examples=["2021-10-21"])
    lang: Literal["fr", "ar", "en"] | None = Field(default=None, examples=["fr"],
                                                   description="Language; detected when absent.")
    title: str | None = Field(default=None, max_length=1000, examples=["Lamamra reçoit…"],
                              description="Headline; the text's first line when absent.")
    source: str | None = Field(default=None, max_length=2000,
                               examples=["https://example.org/news/lamamra"],
                               description="URL or path the text came from; recorded on the "
                               "article.")

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
    """An article taken in: where to follow its processing."""

    id: str = Field(description="The article's id.", examples=["article:18dc67424a579d86"])
    status: ArticleState = Field(description="Processing state: queued, processing, done or "
                                 "failed.", examples=["queued"])
    status_url: str = Field(description="Where to poll the state.",
                            examples=["/articles/article:18dc67424a579d86"])


class ArticleStatus(BaseModel):
    """An article's processing state and, once done, its facts."""

    id: str = Field(description="The article's id.", examples=["article:18dc67424a579d86"])
    status: ArticleState = Field(description="Processing state: queued, processing, done or "
                                 "failed.", examples=["done"])
    error: str | None = Field(default=None, description="Why the last try failed.")
    attempts: int = Field(default=0, description="Processing tries so far.", examples=[1])
    extraction: Extraction | None = Field(default=None, description="When done: the facts.")


class AskRequest(BaseModel):
    """A question in English, French or Arabic."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"q": "who met Lamamra about Libya"},
        {"q": "qui a rencontré Lamamra au sujet de la Libye ?"},
        {"q": "من التقى لعمامرة بشأن ليبيا؟"}]})

    q: str = Field(min_length=1, max_length=500, description="A question in en, fr or ar.",
                   examples=["who met Lamamra about Libya"])


class AskAnswer(BaseModel):
    """How a question was read, and the answer of the query it maps to."""

    question: str = Field(description="The question as received.",
                          examples=["who met Lamamra about Libya"])
    lang: Literal["fr", "ar", "en"] = Field(description="The question's language.",
                                            examples=["en"])
    intent: Literal["who_met", "when", "where", "what_about", "timeline", "path"] = Field(
        description="The query the question maps to.", examples=["who_met"])
    params: dict[str, str] = Field(
        description="What the grammar read: person, with, kind, from, to, place, topic.",
        examples=[{"person": "Lamamra", "topic": "Libya"}])
    meetings: MeetingsPage | None = Field(default=None, description="The answer of a who_met "
                                          "question, or of a when/where/what_about question "
                                          "about two people (their shared events).")
    timeline: Timeline | None = Field(default=None, description="The answer of a timeline "
                                      "question, or of a when/where/what_about question about "
                                      "one person (filtered).")
    path: PathResult | None = Field(default=None, description="The answer of a path question.")


class Health(BaseModel):
    """The process is up."""

    status: Literal["ok"] = Field(default="ok", description="Always `ok`.", examples=["ok"])


class Ready(BaseModel):
    """The service can answer: store, models and queue."""

    status: Literal["ready"] = Field(default="ready", description="Always `ready` (otherwise "
                                     "the answer is a 503 error).", examples=["ready"])
    store: str = Field(description="The engine, reachable.", examples=["ladybug"])
    models: list[str] = Field(description="Languages whose NLP models are loaded.",
                              examples=[["ar", "en", "fr"]])
    queue: str = Field(description="The queue backend.", examples=["sqlite"])


class Stats(BaseModel):
    """Counts of the graph's nodes and relationships."""

    labels: dict[str, int] = Field(description="Nodes per label.",
                                   examples=[{"Person": 120, "Event": 300}])
    relationships: dict[str, int] = Field(description="Relationships per type.",
                                          examples=[{"PARTICIPATED_IN": 640}])
