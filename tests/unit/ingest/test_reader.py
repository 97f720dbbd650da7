"""Reader: seed format, JSON, JSON Lines, language detection and bad input."""

from __future__ import annotations

import json

import pytest

from ingest.errors import (ArticleTooLarge, EmptyArticle, UnreadableArticle,
                           UnsupportedLanguage)
from ingest.reader import read_article, read_articles


def test_reader_seed_format_date_line(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(" date 2021-10 Le ministre a reçu son homologue à Alger hier soir.", "utf-8")
    (a,) = read_article(p)
    assert a.date == "2021-10" and a.lang == "fr" and a.text.startswith("Le ministre")


@pytest.mark.parametrize("text,lang", [
    ("The minister received his counterpart in Algiers yesterday.", "en"),
    ("استقبل وزير الخارجية نظيره في الجزائر أمس.", "ar"),
])
def test_reader_detects_language(tmp_path, text, lang):
    p = tmp_path / "a.json"
    p.write_text(json.dumps({"text": text, "date": "2021-01-02"}), "utf-8")
    assert read_article(p)[0].lang == lang


def test_reader_jsonl_per_line_errors(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text('{"text": "The minister met his counterpart."}\nnot json\n{"text": ""}\n', "utf-8")
    items = read_articles(p)
    assert [type(i).__name__ for i in items] == ["RawArticle", "UnreadableArticle", "EmptyArticle"]


@pytest.mark.parametrize("content,error", [
    (b"", EmptyArticle), (b"\x00\x01\x02binary", UnreadableArticle),
    (b"caf\xe9 \xff\xfe", UnreadableArticle), (b"a" * 5_000_000, ArticleTooLarge),
    ("Dies ist ein deutscher Artikel über die Außenpolitik der Regierung.".encode(),
     UnsupportedLanguage),
])
def test_reader_bad_input_names_the_file(tmp_path, content, error):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(error) as exc:
        read_article(p)
    assert "bad.txt" in str(exc.value)
