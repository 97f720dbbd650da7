"""`GET /sources/{article_id}`: where a fact comes from, for the web page's sources panel.

The article's headline, outlet, publication date and link, and, for an event it reported,
the paragraph around each evidence span with the span's offsets in that paragraph (so the
page can highlight it). Read-only; everything comes from the stored Extraction
(`Services.get_extraction`). No Cypher here.
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from app.deps import ReadKeyDep, ServicesDep
from app.errors import NotFound
from app.responses import errors
from ingest.models import Article, Span

router = APIRouter(prefix="/sources", tags=["sources"], dependencies=[ReadKeyDep])

MAX_PARAGRAPH = 900
"""Longest paragraph returned (characters): a longer one is cut at word boundaries around
the evidence, with an ellipsis on the cut side(s)."""
MAX_TITLE = 140
ELLIPSIS = "…"

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")
_WORD = re.compile(r"\w", re.UNICODE)


class Highlight(BaseModel):
    """Character offsets of the evidence inside `paragraph` (end exclusive)."""

    start: int = Field(ge=0, examples=[12], description="Offset of the first character.")
    end: int = Field(ge=0, examples=[140], description="Offset after the last character.")


class Passage(BaseModel):
    """One evidence span in the paragraph that holds it."""

    paragraph: str = Field(description="The paragraph (or a word-bounded window of it), with "
                           "'…' where it was cut.",
                           examples=["… M. Lamamra a reçu Mme Lampert à Tripoli, où …"])
    highlight: Highlight = Field(description="Where the evidence lies in `paragraph`, widened to "
                                 "whole words.")


class SourceDetail(BaseModel):
    """An article as a source: headline, outlet, date, link, and the evidence of one event."""

    article_id: str = Field(examples=["article:18dc67424a579d86"],
                            description="The article's id.")
    event_id: str | None = Field(default=None, description="The event asked about, if any.")
    title: str | None = Field(default=None, description="Headline: the input's title, else the "
                              "text's first line (shortened at a word boundary).")
    outlet: str | None = Field(default=None, description="Publisher: from the input, else the "
                               "source URL's host.", examples=["aps.dz"])
    date: str | None = Field(default=None, description="Publication date, YYYY[-MM[-DD]].")
    lang: str | None = Field(default=None, examples=["fr"], description="fr, ar or en.")
    url: str | None = Field(default=None, description="The http(s) address the article came "
                            "from; null for a local file.")
    source: str | None = Field(default=None, description="The file path or URL as ingested.")
    paragraph: str | None = Field(default=None, description="The first passage's paragraph.")
    highlight: Highlight | None = Field(default=None, description="The first passage's evidence.")
    passages: list[Passage] = Field(default_factory=list, description="Every evidence span of "
                                    "the event in this article, in text order.")


ArticleId = Annotated[str, Path(min_length=1, max_length=100, pattern=r"^article:[0-9a-f]{4,64}$",
                                examples=["article:18dc67424a579d86"],
                                description="The article's id, as in a source of an event.")]


@router.get("/{article_id}", response_model=SourceDetail, responses=errors(404))
def read_source(
    services: ServicesDep,
    article_id: ArticleId,
    event: Annotated[str | None, Query(
        min_length=7, max_length=100, pattern=r"^event:[\w\-.]+$",
        examples=["event:5f1c2a9e0b7d4e21"],
        description="An event reported in the article: its evidence, in its paragraph.")] = None,
) -> SourceDetail:
    """The article's headline, outlet, date and link; with `event`, the paragraph around each
    evidence span of that event and the span's offsets in it."""
    extraction = services.get_extraction(article_id)
    if extraction is None:
        raise NotFound(f"no article has the id {article_id!r}")
    art = extraction.article
    detail = SourceDetail(article_id=art.id, event_id=event, title=title_of(art),
                          outlet=outlet_of(art), date=art.date, lang=art.lang,
                          url=url_of(art.source), source=art.source)
    if event is None:
        return detail
    found = next((e for e in extraction.events if e.id == event), None)
    if found is None:
        raise NotFound(f"article {article_id!r} does not report {event!r}")
    spans = sorted(found.evidence, key=lambda s: (s.start, s.end))
    detail.passages = [passage(art.text, s) for s in spans]
    if detail.passages:
        detail.paragraph = detail.passages[0].paragraph
        detail.highlight = detail.passages[0].highlight
    return detail


def url_of(source: str | None) -> str | None:
    """`source` when it is an http(s) URL with a host; None for paths and anything else."""
    if not source:
        return None
    parts = urlsplit(source.strip())
    return source.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def outlet_of(art: Article) -> str | None:
    """The article's outlet, else its URL's host without `www.`."""
    if art.outlet:
        return art.outlet
    url = url_of(art.source)
    if url is None:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def title_of(art: Article) -> str | None:
    """The headline, else the text's first non-empty line, shortened at a word boundary."""
    title = (art.title or "").strip()
    if not title and art.text:
        title = next((line.strip() for line in art.text.splitlines() if line.strip()), "")
    if not title:
        return None
    if len(title) <= MAX_TITLE:
        return title
    cut = title.rfind(" ", 0, MAX_TITLE)
    return title[: cut if cut > MAX_TITLE // 2 else MAX_TITLE].rstrip(" ,;:-–—") + ELLIPSIS


def passage(text: str | None, span: Span) -> Passage:
    """The paragraph of `text` holding `span`, the span widened to whole words.

    Without the stored text (articles ingested before it was kept), the evidence alone.
    A paragraph longer than MAX_PARAGRAPH is cut at word boundaries around the evidence.
    """
    if not text or span.end > len(text) or text[span.start:span.end] != span.text:
        return Passage(paragraph=span.text, highlight=Highlight(start=0, end=len(span.text)))
    start, end = _widen(text, span.start, span.end)
    lo = max((m.end() for m in _PARAGRAPH_BREAK.finditer(text, 0, start)), default=0)
    nxt = _PARAGRAPH_BREAK.search(text, end)
    hi = nxt.start() if nxt else len(text)
    lo, hi = _window(text, lo, hi, start, end)
    head = ELLIPSIS if lo > 0 and not _PARAGRAPH_BREAK.match(text, lo - 1) else ""
    tail = ELLIPSIS if hi < len(text) and text[hi] not in "\r\n" else ""
    body = text[lo:hi]
    # strip leading/trailing blanks without moving the highlight off its words
    left = len(body) - len(body.lstrip())
    body = body.strip()
    h_start = len(head) + start - lo - left
    h_end = len(head) + min(end, hi) - lo - left
    return Passage(paragraph=head + body + tail,
                   highlight=Highlight(start=max(h_start, 0), end=max(h_end, h_start, 0)))


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Move `start` back and `end` forward to the edges of the words they cut."""
    while start > 0 and _WORD.match(text[start - 1]) and _WORD.match(text[start]):
        start -= 1
    while 0 < end < len(text) and _WORD.match(text[end - 1]) and _WORD.match(text[end]):
        end += 1
    return start, end


def _window(text: str, lo: int, hi: int, start: int, end: int) -> tuple[int, int]:
    """Shrink [lo, hi) to about MAX_PARAGRAPH characters around [start, end), at spaces."""
    if hi - lo <= MAX_PARAGRAPH:
        return lo, hi
    room = max(MAX_PARAGRAPH - (end - start), 0) // 2
    if start - lo > room:
        cut = text.find(" ", start - room, start)
        lo = cut + 1 if cut != -1 else start
    if hi - end > room:
        cut = text.rfind(" ", end, end + room)
        hi = cut if cut != -1 else end
    return lo, hi
