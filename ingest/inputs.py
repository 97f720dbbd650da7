"""Pick the reader for an input file by its format: text and JSON (`ingest.reader`) or HTML
(`ingest.html`); refuse every other format with a message that says what is read.

A file is HTML when its name ends in .html/.htm/.xhtml or its content starts like HTML (a
saved page named `.txt` or with no extension). Anything else that is not .txt, .json or
.jsonl (.docx, .pdf, .odt…) is refused, even when its bytes happen to be text. Imports
nothing from `graph` or `app`.
"""

from __future__ import annotations

from pathlib import Path

from ingest.errors import UnreadableArticle, UnsupportedFormat
from ingest.html import HTML_SUFFIXES, looks_like_html, read_html_file
from ingest.reader import RawArticle, read_articles

TEXT_SUFFIXES: tuple[str, ...] = (".txt", ".json", ".jsonl")
SUFFIXES: tuple[str, ...] = TEXT_SUFFIXES + HTML_SUFFIXES
"""File name endings read as articles (a folder is searched for these)."""
FORMATS_HELP = ".txt, .json, .jsonl and .html files"


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            return f.read(1024)
    except OSError as e:
        raise UnreadableArticle(f"cannot read the file ({e.strerror})", source=str(path)) from e


def read_input(path: Path, *, lang: str | None = None,
               date: str | None = None) -> list[RawArticle | Exception]:
    """Read every article of one input file, whatever its supported format.

    Per-article failures (a bad line of a .jsonl file) come back as IngestError values.

    Raises:
        UnsupportedFormat: The file is neither text, JSON, JSON Lines nor HTML.
        IngestError: The file cannot be read (see `read_articles`, `read_html_file`).
    """
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return [read_html_file(path, lang=lang, date=date)]
    if suffix in (".json", ".jsonl"):
        return read_articles(path, lang=lang, date=date)
    if path.is_file() and looks_like_html(_head(path)):
        return [read_html_file(path, lang=lang, date=date)]
    if suffix == ".txt":
        return read_articles(path, lang=lang, date=date)
    kind = f"{suffix!r} files" if suffix else "files without an extension"
    raise UnsupportedFormat(f"{kind} are not read; diplograph reads {FORMATS_HELP} (save the "
                            "document as plain text or as a web page)", source=str(path))
