"""Errors raised by `ingest`: one root, one class per failure, each with a stable `code`.

Messages say what happened, name the file or value and say what to do. Imports nothing heavy.
"""

from __future__ import annotations


class IngestError(Exception):
    """Root of every error raised by the ingest package."""

    code = "ingest_error"

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class EmptyArticle(IngestError):
    """The article has no text."""

    code = "empty_article"


class UnreadableArticle(IngestError):
    """The input is binary, undecodable or malformed."""

    code = "unreadable_article"


class ArticleTooLarge(IngestError):
    """The article is larger than the per-article limit."""

    code = "article_too_large"


class UnsupportedLanguage(IngestError):
    """The article is not in French, Arabic or English."""

    code = "unsupported_language"


class ModelNotFound(IngestError):
    """A Stanza model needed for a language is missing."""

    code = "model_not_found"


class UnsupportedFormat(UnreadableArticle):
    """The input's format is not one diplograph reads (e.g. .docx, .pdf)."""

    code = "unsupported_format"


class FetchFailed(IngestError):
    """A web page or feed could not be fetched (timeout, refused, HTTP error, too large)."""

    code = "fetch_failed"


class UnreadableFeed(IngestError):
    """A feed is not RSS or Atom, or is too malformed to read."""

    code = "unreadable_feed"
