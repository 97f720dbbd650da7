"""Read RSS and Atom feeds (feedparser) into items, and a feed item into a `RawArticle`.

An item is known by a stable key (its guid/id, else its link, else a hash of its title and
text) so that a watcher can remember what it has seen. Its article is read from its web page
when that page can be fetched, else from the text the feed itself carries. Imports nothing
from `graph` or `app`.
"""

from __future__ import annotations

import hashlib
import time

from pydantic import BaseModel, Field

from ingest.errors import EmptyArticle, IngestError, UnreadableFeed
from ingest.html import text_from_fragment
from ingest.pages import Fetched, is_url
from ingest.reader import RawArticle, raw_article_from_text

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
              "application/xml", "text/xml", "application/feed+json")


class FeedItem(BaseModel):
    """One entry of a feed."""

    key: str = Field(description="Stable identity: guid/id, else link, else a content hash.")
    link: str | None = Field(default=None, description="The item's web page.")
    title: str | None = None
    date: str | None = Field(default=None, description="Publication date, YYYY-MM-DD.")
    content: str = Field(default="", description="The text the feed carries (HTML or plain).")


class Feed(BaseModel):
    """A parsed feed: its title and its items in document order."""

    url: str
    title: str | None = None
    items: list[FeedItem] = Field(default_factory=list)


def _date(entry: dict) -> str | None:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(name)
        if isinstance(value, time.struct_time):
            return time.strftime("%Y-%m-%d", value)
    return None


def _content(entry: dict) -> str:
    parts = entry.get("content") or []
    bodies = [p.get("value", "") for p in parts if isinstance(p, dict)]
    best = max(bodies, key=len, default="")
    summary = entry.get("summary") or ""
    return best if len(best) >= len(summary) else summary


def _item(entry: dict) -> FeedItem:
    link = entry.get("link") or None
    title = (entry.get("title") or "").strip() or None
    content = _content(entry)
    key = entry.get("id") or link
    if not key:
        digest = hashlib.sha256(f"{title or ''}\n{content}".encode()).hexdigest()[:16]
        key = f"sha256:{digest}"
    return FeedItem(key=str(key), link=link if link and is_url(link) else None, title=title,
                    date=_date(entry), content=content)


def parse_feed(page: Fetched) -> Feed:
    """The items of an RSS or Atom feed, in the order the feed lists them.

    Raises:
        UnreadableFeed: The answer is not a feed (an HTML page, a malformed document).
    """
    import feedparser

    parsed = feedparser.parse(page.content, response_headers={
        "content-location": page.final_url,
        "content-type": page.media_type + (f"; charset={page.charset}" if page.charset else "")})
    if not parsed.get("version"):
        reason = parsed.get("bozo_exception")
        why = f" ({reason})" if reason else ""
        hint = " — this looks like a web page; give its feed's address" \
            if page.media_type in ("text/html", "application/xhtml+xml") else ""
        raise UnreadableFeed(f"not an RSS or Atom feed{why}{hint}", source=page.url)
    title = (parsed.feed.get("title") or "").strip() or None
    return Feed(url=page.url, title=title, items=[_item(e) for e in parsed.entries])


def raw_article_from_item(item: FeedItem, *, feed: Feed, lang: str | None = None,
                          page_error: IngestError | None = None) -> RawArticle:
    """The article of a feed item from the text the feed carries (when its page failed).

    Its source is the item's link (else the feed's address), its title and date the item's.

    Raises:
        EmptyArticle: The item carries no text; the message includes `page_error` if given.
        IngestError: As `raw_article_from_text`.
    """
    source = item.link or feed.url
    text = text_from_fragment(item.content) if item.content else ""
    if not text.strip():
        reason = str(page_error).removeprefix(f"{source}: ") if page_error else ""
        why = f"its page failed ({reason}) and " if page_error else ""
        raise EmptyArticle(f"{why}the feed item carries no text", source=source)
    return raw_article_from_text(text, lang=lang, date=item.date, title=item.title,
                                 source=source)
