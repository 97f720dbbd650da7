"""Read web pages: HTML -> `RawArticle` with its main text, headline, date, outlet and URL.

The main text and the metadata come from trafilatura (boilerplate removal; title, site name,
publication date and canonical URL from `<meta>`, Open Graph and JSON-LD). The date is taken
only from the page's own markup (`original_date`, no guessing from the text), so an undated
page stays undated. Imports nothing from `graph` or `app`; fetching pages is `app.fetch`.
"""

from __future__ import annotations

import re
from pathlib import Path

from ingest.errors import ArticleTooLarge, EmptyArticle, UnreadableArticle
from ingest.reader import MAX_ARTICLE_CHARS, RawArticle, outlet_of, raw_article_from_text

MAX_HTML_BYTES = 20_000_000
"""Largest HTML page accepted (a news page with its scripts and styles is rarely over 2 MB)."""
HTML_SUFFIXES: tuple[str, ...] = (".html", ".htm", ".xhtml")
MIN_TEXT_CHARS = 40
"""Shortest main text taken as an article: less is a menu, a cookie wall or an error page."""

# WHATWG MIME sniffing ("identifying a resource with an unknown MIME type"): a document whose
# first non-blank bytes open one of these tags is HTML.
_HTML_START = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|title|script|iframe|h1|div|font|table|a|style|b|br|p"
    rb"|meta|article|!--)[\s>/]", re.IGNORECASE)
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
           "section", "article")
_DATE_PARAMS = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"}


def looks_like_html(data: bytes | str) -> bool:
    """True when `data` starts (after a BOM and white space) with an HTML tag or doctype."""
    head = data[:1024]
    if isinstance(head, str):
        head = head.encode("utf-8", "replace")
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return _HTML_START.match(head) is not None


def _extract(html: bytes | str, url: str | None, source: str | None) -> dict[str, object]:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False,
            date_extraction_params=_DATE_PARAMS)
    except (ValueError, TypeError, LookupError) as e:  # lxml or the decoder gave up
        raise UnreadableArticle(f"cannot parse the HTML ({e})", source=source) from e
    if doc is None:
        return {}
    found = doc if isinstance(doc, dict) else doc.as_dict()
    return {k: v for k, v in found.items() if v not in (None, "")}


def text_from_fragment(html: str) -> str:
    """The text of an HTML fragment (a feed item's content): one line per paragraph, white
    space collapsed, scripts and styles dropped; text without tags is returned stripped."""
    if "<" not in html:
        return html.strip()
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for node in root.xpath(".//script|.//style|.//noscript"):
        node.drop_tree()
    for node in root.iter(*_BLOCKS):
        node.tail = "\n" + (node.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def raw_article_from_html(html: bytes | str, *, source: str, url: str | None = None,
                          lang: str | None = None, date: str | None = None,
                          title: str | None = None) -> RawArticle:
    """Build a RawArticle from one HTML page.

    Args:
        html: The page, as bytes (the charset is read from the page) or text.
        source: Where it came from (a file path or the URL asked for); errors name it.
        url: The page's address when known; the page's canonical URL, if it gives one,
            is used otherwise. Becomes the article's `source`.
        lang: Language of the article (fr, ar, en); detected when None.
        date: Publication date to use when the page gives none (e.g. from a feed item).
        title: Headline to use when the page gives none.

    Returns:
        The article: main text, title, date, outlet (site name, else the URL's host) and the
        URL (or `source` when there is none) as its source.

    Raises:
        EmptyArticle: No article text was found in the page.
        ArticleTooLarge: The page or its text is over the limits.
        UnreadableArticle: The HTML cannot be parsed.
    """
    size = len(html)
    if size > MAX_HTML_BYTES:
        raise ArticleTooLarge(f"the page has {size:,} bytes, more than the {MAX_HTML_BYTES:,} "
                              "accepted", source=source)
    found = _extract(html, url, source)
    text = found.get("text")
    if not isinstance(text, str) or len(text.strip()) < MIN_TEXT_CHARS:
        found_text = f" (found only {text.strip()!r})" if isinstance(text, str) and text.strip() \
            else ""
        raise EmptyArticle(f"no article text found in the page{found_text}: only navigation, "
                           "scripts or boilerplate; give the article's own page", source=source)
    if len(text) > MAX_ARTICLE_CHARS:
        raise ArticleTooLarge(f"the page's text has {len(text):,} characters, more than the "
                              f"{MAX_ARTICLE_CHARS:,} accepted", source=source)
    address = url or _str(found.get("url"))
    raw = raw_article_from_text(
        text, lang=lang, date=_str(found.get("date")) or date,
        title=_str(found.get("title")) or title, source=source,
        outlet=_str(found.get("sitename")) or outlet_of(address))
    if address and address != source:
        raw = raw.model_copy(update={"source": address})
    return raw


def read_html_file(path: Path, *, lang: str | None = None,
                   date: str | None = None) -> RawArticle:
    """Read one saved web page (`.html`, or any file whose content is HTML).

    Raises:
        UnreadableArticle: The file cannot be read or parsed.
        EmptyArticle, ArticleTooLarge: As `raw_article_from_html`.
    """
    source = str(path)
    try:
        if path.stat().st_size > MAX_HTML_BYTES:
            raise ArticleTooLarge(f"the file has {path.stat().st_size:,} bytes, more than the "
                                  f"{MAX_HTML_BYTES:,} accepted", source=source)
        data = path.read_bytes()
    except OSError as e:
        raise UnreadableArticle(f"cannot read the file ({e.strerror})", source=source) from e
    if not data.strip():
        raise EmptyArticle("the file is empty; give it some text", source=source)
    if b"\x00" in data[:8192]:
        raise UnreadableArticle("the file is binary (NUL bytes), not a web page", source=source)
    return raw_article_from_html(data, source=source, lang=lang, date=date)


def _str(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
