"""Stanza-free NLP output: what `ingest.nlp` returns and every extract step reads.

Tests build these by hand; only `ingest/nlp.py` imports stanza and converts its
Documents into these models at the boundary.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class Token(BaseModel):
    text: str
    start: int = Field(description="Character offset into the original text.")
    end: int


class EntitySpan(BaseModel):
    """A named-entity span found by the statistical NER (or a lexicon)."""

    text: str
    label: str = Field(description="PER, LOC, ORG or MISC")
    start: int
    end: int


class Sentence(BaseModel):
    text: str
    start: int
    end: int
    tokens: list[Token] = Field(default_factory=list)
    entities: list[EntitySpan] = Field(default_factory=list)


class Annotated(BaseModel):
    """One text after tokenisation and NER. Offsets index into `text`, unchanged."""

    text: str
    lang: str
    sentences: list[Sentence] = Field(default_factory=list)

    @property
    def entities(self) -> list[EntitySpan]:
        return [e for s in self.sentences for e in s.entities]
