"""The /ask package: examples, forms and language detection (pure: no store, no models)."""

from __future__ import annotations

import pytest

from app.ask import EXAMPLES, parse_question
from app.ask.grammar import detect_lang
from app.errors import QuestionNotUnderstood


def test_ask_examples_parse_in_three_languages() -> None:
    assert {e["lang"] for e in EXAMPLES} == {"en", "fr", "ar"}
    for example in EXAMPLES:
        assert parse_question(example["q"]).lang == example["lang"], example


@pytest.mark.parametrize("question", ["hello", "who", "MATCH (n) DETACH DELETE n", "?", "من"])
def test_ask_parse_unknown_is_422(question: str) -> None:
    with pytest.raises(QuestionNotUnderstood) as info:
        parse_question(question)
    assert info.value.status == 422
    assert 1 <= len(info.value.errors) <= 5
    assert all(e in EXAMPLES for e in info.value.errors)


@pytest.mark.parametrize(("text", "lang"), [
    ("who met Lamamra", "en"), ("qui a rencontré Lamamra", "fr"), ("quand Lamamra et X", "fr"),
    ("من التقى لعمامرة", "ar"), ("Lamamra", "en"),
])
def test_ask_detect_lang(text: str, lang: str) -> None:
    assert detect_lang(text) == lang


def test_ask_parse_is_deterministic() -> None:
    question = "qui Lamamra a-t-il rencontré en Libye entre mars et mai 2022 au sujet du Sahel ?"
    first = parse_question(question)
    assert all(parse_question(question) == first for _ in range(3))
    assert first.form == {"intent": "who_met", "persons": ["Lamamra"], "kind": None,
                          "from": "2022-03", "to": "2022-05", "place": "Libye",
                          "topic": "Sahel"}
