"""The Extraction contract (DESIGN.md): what the ingest worker produces for one article.

The same object is printed by `diplograph extract`, written to the graph by
`graph.store.GraphStore.write_extraction` and returned by `GET /articles/{id}`.
Pydantic only: this module is imported by `graph` and `app` and must stay light.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

EntityType = Literal["Person", "Country", "Organisation", "Location", "Topic"]
EventKind = Literal["meeting", "phone_call", "visit", "talks", "agreement", "conference", "message"]
Language = Literal["fr", "ar", "en"]

EVENT_KINDS: tuple[str, ...] = (
    "meeting", "phone_call", "visit", "talks", "agreement", "conference", "message",
)
ENTITY_TYPES: tuple[str, ...] = ("Person", "Country", "Organisation", "Location", "Topic")

_PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def check_partial_date(value: str | None) -> str | None:
    """Accept `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (precision as stated), or None."""
    if value is None:
        return None
    if not _PARTIAL_DATE.match(value):
        raise ValueError(f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    return value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """A piece of the article text, with character offsets into the text exactly as given."""

    text: str = Field(description="The text of the span.", examples=["Ramtane Lamamra"])
    start: int = Field(ge=0, description="Offset of its first character.", examples=[15])
    end: int = Field(ge=0, description="Offset after its last character.", examples=[30])


class Article(_Model):
    """One article: its id, language, date, headline, origin and text."""

    id: str = Field(description="Stable article id, e.g. 'article:18dc67424a579d86'.")
    lang: Language = Field(description="Language: fr, ar or en.")
    date: str | None = Field(default=None, description="Publication date, YYYY[-MM[-DD]].")
    title: str | None = Field(default=None, description="Headline: from the input, else the "
                              "text's first line.")
    source: str | None = Field(default=None, description="File path or URL the article came from.")
    outlet: str | None = Field(default=None, description="Publisher: from the input's metadata, "
                               "else the source URL's host.")
    text: str | None = Field(default=None, description="The article text exactly as read (the "
                             "evidence offsets point into it).")

    _check_date = field_validator("date")(classmethod(lambda cls, v: check_partial_date(v)))


class Entity(_Model):
    """A person, country, organisation, place or topic named in an article."""

    id: str = Field(description="type:slug, e.g. 'person:ramtane-lamamra', 'country:LY'.")
    type: EntityType = Field(description="Person, Country, Organisation, Location or Topic.")
    name: str = Field(description="Canonical display name, Latin script when one is known.")
    aliases: list[str] = Field(default_factory=list, description="Every surface form seen.")
    mentions: list[Span] = Field(default_factory=list, description="Where the article names it.")
    country: str | None = Field(
        default=None,
        description="For a Location: the id of the country it lies in; for a Person: "
        "the country or organisation they represent, when known.",
    )


class Participant(_Model):
    """An entity taking part in an event, with its role."""

    entity: str = Field(description="Entity id of a Person (or Organisation/Country when unnamed).",
                        examples=["person:ramtane-lamamra"])
    role: str = Field(
        default="participant",
        description="host, guest, caller, callee, sender, recipient, visitor, signatory, participant",
    )


class Event(_Model):
    """Something that happened between participants: a meeting, a call, a visit…"""

    id: str = Field(description="Stable event id; the same real-world event in several "
                                "articles gets the same id.")
    kind: EventKind = Field(description="meeting, phone_call, visit, talks, agreement, "
                            "conference or message.")
    date: str | None = Field(default=None, description="When it happened, YYYY[-MM[-DD]]; "
                             "when the text states no date, the article's publication date.")
    place: str | None = Field(default=None, description="Entity id of a Location or Country.")
    participants: list[Participant] = Field(default_factory=list,
                                            description="Who took part, with roles.")
    topics: list[str] = Field(default_factory=list, description="Entity ids (Country, "
                              "Organisation, Location, Topic).")
    evidence: list[Span] = Field(default_factory=list,
                                 description="The sentence(s) of the article stating it.")

    _check_date = field_validator("date")(classmethod(lambda cls, v: check_partial_date(v)))


class Extraction(_Model):
    """Everything extracted from one article."""

    article: Article = Field(description="The article the facts come from.")
    entities: list[Entity] = Field(default_factory=list, description="Every entity it names.")
    events: list[Event] = Field(default_factory=list, description="Every event it reports.")
    provenance: dict[str, str] = Field(
        default_factory=dict,
        description="Versions of the steps and models that produced this extraction.",
    )

    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)
