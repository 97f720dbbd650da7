"""The working state of one article while the extract steps run (internal to `ingest`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ingest.annotated import Annotated, Sentence
from ingest.extract.dates import PartialDate, Tweet
from ingest.extract.lexicons import Lexicons, Match

if TYPE_CHECKING:
    from ingest.reader import RawArticle


@dataclass
class PersonMention:
    start: int
    end: int
    name: str                   # surface name, titles stripped
    source: str                 # ner, title, surname
    cluster: int = -1
    title: str | None = None    # the title phrase introducing it, folded
    represents: str | None = None  # country id from an adjacent demonym/country name


@dataclass
class Cluster:
    """One person within one article."""

    names: list[str]
    mentions: list[PersonMention] = field(default_factory=list)
    represents: str | None = None
    nationality: str | None = None  # from a demonym in the title or the people lexicon
    id: str = ""
    name: str = ""


@dataclass
class EventCandidate:
    kind: str
    sentence: int
    trigger: tuple[int, int]
    participants: list[tuple[str, str]] = field(default_factory=list)  # (ref, role)
    place: str | None = None
    date: PartialDate | None = None
    topics: list[str] = field(default_factory=list)
    evidence: list[tuple[int, int]] = field(default_factory=list)
    dated_by_text: bool = False

    @property
    def refs(self) -> frozenset[str]:
        """The participants' references ("cluster:3"), roles aside."""
        return frozenset(r for r, _ in self.participants)


@dataclass
class Doc:
    raw: RawArticle
    ann: Annotated
    lex: Lexicons
    matches: list[Match] = field(default_factory=list)        # countries, orgs, places
    topic_matches: list[Match] = field(default_factory=list)
    other_entities: list[Match] = field(default_factory=list)  # NER-only LOC/ORG
    persons: list[PersonMention] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)
    main_actor: int | None = None
    title_map: dict[str, int] = field(default_factory=dict)
    ref_date: PartialDate | None = None
    tweets: list[Tweet] = field(default_factory=list)
    events: list[EventCandidate] = field(default_factory=list)
    sentences: list[Sentence] | None = None  # set by events.sentences_of (abbreviations merged)

    @property
    def text(self) -> str:
        return self.raw.text

    @property
    def lang(self) -> str:
        return self.raw.lang

    def person_ref(self, cluster: int) -> str:
        return f"cluster:{cluster}"
