"""ingest.reader guards on raw input: JSON depth/encoding before parsing, control characters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.errors import UnreadableArticle
from ingest.reader import (
    MAX_JSON_DEPTH,
    article_id,
    json_encoding_error,
    json_too_deep,
    load_json,
    raw_article_from_text,
    read_articles,
    strip_control,
)


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_json_too_deep_counts_only_structure() -> None:
    assert not json_too_deep(_nested(MAX_JSON_DEPTH))
    assert json_too_deep(_nested(MAX_JSON_DEPTH + 1))
    assert json_too_deep('{"a": ' * 40 + "1" + "}" * 40)
    inside = json.dumps({"text": "[" * 5000 + '\\" {{{' + "{" * 5000})
    assert not json_too_deep(inside)
    assert not json_too_deep('"unterminated [[[[' + "[" * 100)  # the parser reports it


def test_load_json_refuses_deep_text_without_recursion() -> None:
    with pytest.raises(UnreadableArticle, match=f"deeper than {MAX_JSON_DEPTH}") as info:
        load_json(_nested(100_000), source="x.json")
    assert "x.json" in str(info.value)
    assert load_json('{"text": "a"}') == {"text": "a"}
    with pytest.raises(UnreadableArticle, match="invalid JSON"):
        load_json("{")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le"])
def test_json_encoding_error_names_utf16_and_32(encoding: str) -> None:
    problem = json_encoding_error(json.dumps({"text": "a"}).encode(encoding))
    assert problem is not None and "UTF-8" in problem


def test_json_encoding_error_accepts_utf8() -> None:
    assert json_encoding_error('{"text": "é"}'.encode()) is None
    assert json_encoding_error(b"\xef\xbb\xbf{}") is None
    assert json_encoding_error(b'{"text": "\xe9"}') is not None


def test_strip_control_keeps_tab_newline_cr() -> None:
    assert strip_control("A\x00l\x01g\x1fe\x7fr\t\n\r") == "Alger\t\n\r"


def test_raw_article_strips_before_id() -> None:
    text = "Ramtane Lamamra a reçu à Alger son homologue tunisien."
    raw = raw_article_from_text(text.replace("Alger", "Al\x00ger"), lang="fr", title="t\x00")
    assert raw.text == text and raw.title == "t"
    assert raw.id == article_id(text)


def test_read_articles_deep_json_files(tmp_path: Path) -> None:
    deep = '{"text": ' + _nested(1000) + "}"
    (tmp_path / "a.json").write_text(deep, encoding="utf-8")
    with pytest.raises(UnreadableArticle, match="deeper than"):
        read_articles(tmp_path / "a.json")
    (tmp_path / "b.jsonl").write_text(deep + "\n", encoding="utf-8")
    [item] = read_articles(tmp_path / "b.jsonl")
    assert isinstance(item, UnreadableArticle) and "b.jsonl:1" in str(item)
