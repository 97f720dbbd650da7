"""An article's identity is its normalised text (issue 14); its headline and outlet (issue 15)."""

from __future__ import annotations

import unicodedata

import pytest

from ingest.reader import (
    TITLE_MAX_CHARS,
    article_id,
    headline,
    outlet_of,
    raw_article_from_json,
    raw_article_from_text,
)

pytestmark = [pytest.mark.issue(14)]

FR = "La ministre a reçu lundi l'ambassadeur d'un pays voisin.\nIls ont parlé d'énergie."
AR = "استقبلت الوزيرة يوم الاثنين سفير بلد مجاور.\nوتناول اللقاء التعاون في مجال الطاقة."
EN = "The minister received a neighbouring country's ambassador on Monday.\nThey discussed energy."


@pytest.mark.parametrize("text", [FR, AR, EN])
def test_same_content_same_id(text: str) -> None:
    variants = [text + "\n", "  " + text, text.replace("\n", "\r\n"), text.replace(" ", "  "),
                unicodedata.normalize("NFD", text)]
    assert {article_id(v) for v in variants} == {article_id(text)}


@pytest.mark.parametrize("text", [FR, AR, EN])
def test_other_content_other_id(text: str) -> None:
    assert article_id(text + " Fin.") != article_id(text)
    assert article_id(text.replace("lundi", "mardi").replace("Monday", "Tuesday")
                      .replace("الاثنين", "الثلاثاء")) != article_id(text)


def test_source_does_not_change_the_id() -> None:
    a = raw_article_from_text(EN, lang="en", source="/one/place.txt")
    b = raw_article_from_text(EN + "\n", lang="en", source="https://example.org/x")
    c = raw_article_from_json({"text": EN, "lang": "en"})
    assert a.id == b.id == c.id


@pytest.mark.parametrize(("text", "title"), [
    (FR, "La ministre a reçu lundi l'ambassadeur d'un pays voisin."),
    (AR, "استقبلت الوزيرة يوم الاثنين سفير بلد مجاور."),
    ("\n\n  " + EN, "The minister received a neighbouring country's ambassador on Monday."),
])
def test_headline_is_the_first_line(text: str, title: str) -> None:
    assert headline(text) == title
    assert raw_article_from_text(text, lang="en").title == title


def test_long_first_line_is_cut_at_a_word_with_an_ellipsis() -> None:
    line = " ".join(["diplomacy"] * 40)
    title = headline(line)
    assert title is not None and title.endswith("…")
    assert len(title) <= TITLE_MAX_CHARS + 1
    assert title[:-1].split(" ")[-1] == "diplomacy"


def test_given_title_wins() -> None:
    raw = raw_article_from_json({"text": EN, "lang": "en", "title": "  A  given\nheadline "})
    assert raw.title == "A given headline"


@pytest.mark.parametrize(("source", "outlet"), [
    ("https://www.example-news.org/2024/05/item", "example-news.org"),
    ("HTTP://Press.Example.COM/a", "press.example.com"),
    ("/home/analyst/news/item.txt", None),
    ("seeds/one.txt", None),
    (None, None),
])
def test_outlet_from_the_source_url(source: str | None, outlet: str | None) -> None:
    assert outlet_of(source) == outlet


def test_outlet_from_metadata_wins() -> None:
    raw = raw_article_from_json({"text": EN, "lang": "en", "outlet": "Example Wire",
                                 "source": "https://www.example.org/x"})
    assert raw.outlet == "Example Wire"
