"""A web page as fetched (bytes and what the server said they are) and how it reads as an
article. No network here: `app.fetch` does the HTTP; feeds (`ingest.feeds`) and pages are read
from what it returns. Imports nothing from `graph` or `app`.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from ingest.errors import UnsupportedFormat
from ingest.html import looks_like_html, raw_article_from_html
from ingest.reader import RawArticle, raw_article_from_text

HTML_TYPES = ("text/html", "application/xhtml+xml")
_URL = re.compile(r"^https?://", re.IGNORECASE)


class Fetched(BaseModel):
    """One answer: the body and what the server said it is."""

    url: str = Field(description="The address asked for.")
    final_url: str = Field(description="The address answered, after redirects.")
    media_type: str = Field(description="Content-Type without parameters, lower case; '' if none.")
    charset: str | None = Field(default=None, description="Charset from the Content-Type.")
    content: bytes

    @property
    def text(self) -> str:
        """The body decoded with the declared charset (UTF-8 when none), bad bytes replaced."""
        try:
            return self.content.decode(self.charset or "utf-8", errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")


def is_url(value: str) -> bool:
    """True for an http:// or https:// address."""
    return _URL.match(value) is not None


def raw_article_from_page(page: Fetched, *, lang: str | None = None, date: str | None = None,
                          title: str | None = None) -> RawArticle:
    """Read a fetched page as an article whose source is the URL asked for.

    HTML (by Content-Type, or sniffed when the server sends none or a generic one) goes
    through `raw_article_from_html`; `text/plain` is read as text.

    Raises:
        UnsupportedFormat: The page is neither HTML nor plain text (a PDF, an image…).
        IngestError: As `raw_article_from_html` / `raw_article_from_text`.
    """
    generic = page.media_type in ("", "application/octet-stream", "text/plain")
    if page.media_type in HTML_TYPES or (generic and looks_like_html(page.content)):
        html: bytes | str = page.text if page.charset else page.content
        return raw_article_from_html(html, source=page.url, url=page.url, lang=lang, date=date,
                                     title=title)
    if page.media_type == "text/plain":
        return raw_article_from_text(page.text, lang=lang, date=date, title=title,
                                     source=page.url)
    raise UnsupportedFormat(f"the page is {page.media_type or 'of no declared type'}, not HTML "
                            "or plain text; give the address of the article's web page",
                            source=page.url)
