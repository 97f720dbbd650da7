"""Read articles: seed-format text files, JSON objects and JSON Lines -> `RawArticle`.

Detects the language (lingua, restricted to fr/ar/en) when not given and rejects anything else
with a per-article error naming the file. Imports nothing from `graph` or `app`.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel

from ingest.errors import (
    ArticleTooLarge,
    EmptyArticle,
    UnreadableArticle,
    UnsupportedLanguage,
)
from ingest.models import Language, check_partial_date

MAX_ARTICLE_CHARS = 200_000
"""Longest article text accepted (news articles are a few thousand characters)."""
MAX_FILE_BYTES = 50_000_000
"""Largest JSON Lines file accepted."""
MAX_JSON_DEPTH = 32
"""Deepest nesting of arrays/objects in a JSON text, checked before parsing (an article is
one flat object; 1,000 levels would exhaust the parser's recursion)."""
SUPPORTED_LANGUAGES: tuple[str, ...] = ("fr", "ar", "en")

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""C0 control characters but tab, LF and CR, and DEL: stripped from article text."""
_JSON_SPECIAL = re.compile(r'["\[\]{}]')
_JSON_STRING_REST = re.compile(r'(?:[^"\\]|\\.)*+"', re.DOTALL)
_DATE_LINE = re.compile(r"^\s*date\s+(\d{4}(?:-\d{2}(?:-\d{2})?)?)\s*")
_WHITESPACE = re.compile(r"\s+")
TITLE_MAX_CHARS = 160
"""Longest headline taken from an article's first line (longer ones are cut at a word)."""
_lock = threading.Lock()
_detector: Any = None


class RawArticle(BaseModel):
    """One article before NLP: text exactly as given, with its metadata."""

    id: str
    text: str
    lang: Language
    date: str | None = None
    title: str | None = None
    source: str | None = None
    outlet: str | None = None


def normalized_text(text: str) -> str:
    """The text an article's identity is computed on: Unicode NFC, every run of white space
    one space, no leading or trailing space."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def article_id(text: str) -> str:
    """`article:` + sha256(normalised text)[:16]: one article per content, whatever the path,
    URL or API call it came from (a trailing newline or NFD accents change nothing)."""
    digest = hashlib.sha256(normalized_text(text).encode("utf-8")).hexdigest()
    return "article:" + digest[:16]


def headline(text: str) -> str | None:
    """The article's first non-empty line as a headline, cut at a word boundary with an
    ellipsis when longer than TITLE_MAX_CHARS; None for an empty text."""
    for line in text.splitlines():
        line = _WHITESPACE.sub(" ", line).strip()
        if line:
            if len(line) <= TITLE_MAX_CHARS:
                return line
            cut = line[:TITLE_MAX_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:.-–—")
            return (cut or line[:TITLE_MAX_CHARS]) + "…"
    return None


def outlet_of(source: str | None) -> str | None:
    """The outlet of a web source: the URL's host without `www.`; None for a file path."""
    if not source or not re.match(r"https?://", source, re.IGNORECASE):
        return None
    host = (urlsplit(source).hostname or "").lower()
    return host.removeprefix("www.") or None


def strip_control(text: str) -> str:
    """`text` without C0 control characters (NUL…) other than tab, LF and CR, and without DEL."""
    return _CONTROL.sub("", text)


def json_too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when arrays/objects in the JSON `text` nest deeper than `limit`.

    A linear scan that skips string contents; run before `json.loads`, whose recursion a deeply
    nested text would exhaust. Malformed text is left to the parser to report.
    """
    depth = 0
    pos = 0
    while (m := _JSON_SPECIAL.search(text, pos)) is not None:
        char = m.group()
        if char == '"':
            rest = _JSON_STRING_REST.match(text, m.end())
            if rest is None:  # an unterminated string: the parser says so
                return False
            pos = rest.end()
            continue
        pos = m.end()
        if char in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def json_encoding_error(data: bytes) -> str | None:
    """Why `data` is not UTF-8 JSON text (RFC 8259 section 8.1), or None.

    UTF-16/UTF-32 (a byte-order mark, or NUL bytes among the first four) are named as such.
    """
    head = data[:4]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head.startswith(b"\x00\x00\xfe\xff"):
        return "JSON must be UTF-8 (RFC 8259); this text starts with a UTF-16/32 byte-order mark"
    if len(head) >= 2 and b"\x00" in head:
        return "JSON must be UTF-8 (RFC 8259); this text looks like UTF-16 or UTF-32"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"JSON must be UTF-8 text (RFC 8259); invalid byte at {exc.start}"
    return None


def load_json(text: str, *, source: str | None = None) -> Any:
    """`json.loads(text)`, refusing nesting over MAX_JSON_DEPTH before parsing.

    Raises UnreadableArticle (naming `source`) for invalid or too deeply nested JSON.
    """
    if json_too_deep(text):
        raise UnreadableArticle(f"JSON nested deeper than {MAX_JSON_DEPTH} levels",
                                source=source)
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise UnreadableArticle(f"invalid JSON ({e.msg})", source=source) from e
    except RecursionError as e:  # not reached under the depth limit; never a traceback
        raise UnreadableArticle("JSON nested too deeply", source=source) from e


def _get_detector() -> Any:
    global _detector
    with _lock:
        if _detector is None:
            from lingua import Language as L, LanguageDetectorBuilder

            _detector = (
                LanguageDetectorBuilder.from_languages(
                    L.FRENCH, L.ARABIC, L.ENGLISH, L.SPANISH, L.GERMAN, L.ITALIAN,
                    L.PORTUGUESE, L.DUTCH, L.TURKISH, L.PERSIAN, L.RUSSIAN, L.CHINESE,
                ).build()
            )
        return _detector


def detect_language(text: str, *, source: str | None = None) -> str:
    """Return 'fr', 'ar' or 'en'; raise UnsupportedLanguage for anything else."""
    sample = text[:3000]
    letters = [c for c in sample if c.isalpha()]
    if letters:
        arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff")
        if arabic / len(letters) > 0.5:
            return "ar"
    found = _get_detector().detect_language_of(sample)
    code = found.iso_code_639_1.name.lower() if found is not None else None
    if code not in SUPPORTED_LANGUAGES:
        raise UnsupportedLanguage(
            f"language {code or 'unknown'!r} is not supported (only fr, ar, en); "
            "give the language if the detection is wrong (`--lang` on the command line, "
            "`lang` in the API)", source=source)
    return code


def _check_text(text: str, source: str | None) -> None:
    if not text.strip():
        raise EmptyArticle("the article is empty; give it some text", source=source)
    if len(text) > MAX_ARTICLE_CHARS:
        raise ArticleTooLarge(
            f"the article has {len(text):,} characters, more than the {MAX_ARTICLE_CHARS:,} "
            "accepted; split it into articles", source=source)


def _check_binary(text: str, source: str | None) -> None:
    bad = sum(1 for c in text[:5000] if c == "\ufffd" or (ord(c) < 32 and c not in "\n\r\t"))
    if bad > 5:
        raise UnreadableArticle("the text looks binary (control characters); "
                                "give UTF-8 text", source=source)


def raw_article_from_text(text: str, *, lang: str | None = None, date: str | None = None,
                          title: str | None = None, source: str | None = None,
                          outlet: str | None = None) -> RawArticle:
    """Build a RawArticle from seed-format text (optional first ` date YYYY-MM…` marker).

    The title defaults to the text's first line (`headline`), the outlet to the source URL's
    host (`outlet_of`); the id is the hash of the normalised text (`article_id`).

    Control characters (C0 but tab/LF/CR, and DEL) are stripped before anything else, so the
    id and the evidence offsets are those of the stored text; text with more than five of them
    in its first 5,000 characters is refused as binary.
    """
    _check_binary(text, source)
    text = strip_control(text)
    title = strip_control(title) if title is not None else None
    m = _DATE_LINE.match(text)
    if m:
        date = date or m.group(1)
        text = text[m.end():]
    _check_text(text, source)
    if lang is not None and lang not in SUPPORTED_LANGUAGES:
        raise UnsupportedLanguage(f"language {lang!r} is not supported (only fr, ar, en)",
                                  source=source)
    try:
        check_partial_date(date)
    except ValueError as e:
        raise UnreadableArticle(f"bad date: {e}; use YYYY, YYYY-MM or YYYY-MM-DD",
                                source=source) from e
    lang = lang or detect_language(text, source=source)
    title = _WHITESPACE.sub(" ", title).strip() if title else None
    return RawArticle(id=article_id(text), text=text, lang=lang,  # type: ignore[arg-type]
                      date=date, title=title or headline(text), source=source,
                      outlet=outlet or outlet_of(source))


def raw_article_from_json(obj: dict[str, Any], *, source: str | None = None,
                          lang: str | None = None, date: str | None = None) -> RawArticle:
    """Build a RawArticle from `{text, date?, lang?, title?, source?, outlet?}`."""
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        raise UnreadableArticle("a JSON article must be an object with a 'text' string",
                                source=source)
    src = obj.get("source") if isinstance(obj.get("source"), str) else None
    title = obj.get("title") if isinstance(obj.get("title"), str) else None
    outlet = obj.get("outlet") if isinstance(obj.get("outlet"), str) else None
    return raw_article_from_text(obj["text"], lang=lang or obj.get("lang"),
                                 date=date or obj.get("date"), title=title,
                                 source=src or source, outlet=outlet)


def _decode(data: bytes, source: str) -> str:
    if not data.strip():
        raise EmptyArticle("the file is empty; give it some text", source=source)
    if b"\x00" in data[:8192]:
        raise UnreadableArticle("the file is binary (NUL bytes), not UTF-8 text", source=source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise UnreadableArticle(f"the file is not valid UTF-8 (byte {e.start}); "
                                "convert it to UTF-8", source=source) from e


def read_articles(path: Path, *, lang: str | None = None,
                  date: str | None = None) -> list[RawArticle | Exception]:
    """Read every article in a file; per-article failures come back as IngestError values."""
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as e:
        raise UnreadableArticle(f"cannot read the file ({e.strerror})", source=source) from e
    suffix = path.suffix.lower()
    limit = MAX_FILE_BYTES if suffix == ".jsonl" else MAX_ARTICLE_CHARS * 4
    if size > limit:
        raise ArticleTooLarge(f"the file has {size:,} bytes, more than the {limit:,} accepted; "
                              "split it into articles", source=source)
    text = _decode(path.read_bytes(), source)
    if suffix == ".jsonl":
        out: list[RawArticle | Exception] = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            where = f"{source}:{n}"
            try:
                obj = load_json(line, source=where)
            except UnreadableArticle as e:
                out.append(e)
                continue
            try:
                out.append(raw_article_from_json(obj, source=where, lang=lang, date=date))
            except Exception as e:  # noqa: BLE001 - per-article errors are reported, not fatal
                out.append(e)
        return out
    if suffix == ".json":
        obj = load_json(text, source=source)
        objs = obj if isinstance(obj, list) else [obj]
        return [raw_article_from_json(o, source=source if len(objs) == 1 else f"{source}:{i}",
                                      lang=lang, date=date) for i, o in enumerate(objs, 1)]
    return [raw_article_from_text(text, lang=lang, date=date, source=source)]


def read_article(path: Path, *, lang: str | None = None,
                 date: str | None = None) -> list[RawArticle]:
    """Read a .txt, .json or .jsonl file; raise the first per-article error."""
    out = []
    for item in read_articles(path, lang=lang, date=date):
        if isinstance(item, Exception):
            raise item
        out.append(item)
    return out
