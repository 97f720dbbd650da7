"""The /ask grammar (pure: no store, no models)."""

from __future__ import annotations

import pytest

from app.ask import EXAMPLES, parse_question
from app.errors import QuestionNotUnderstood


@pytest.mark.parametrize(("question", "lang", "x", "y"), [
    ("who met Lamamra about Libya", "en", "Lamamra", "Libya"),
    ("Who met Lamamra?", "en", "Lamamra", None),
    ("who did Ramtane Lamamra meet about Mali?", "en", "Ramtane Lamamra", "Mali"),
    ("qui a rencontré Lamamra au sujet de la Libye ?", "fr", "Lamamra", "la Libye"),
    ("Qui a rencontré Ramtane Lamamra à propos du Mali", "fr", "Ramtane Lamamra", "Mali"),
    ("avec qui Lamamra a-t-il discuté", "fr", "Lamamra", None),
    ("من التقى لعمامرة بشأن ليبيا؟", "ar", "لعمامرة", "ليبيا"),
    ("من التقى لعمامرة حول مالي", "ar", "لعمامرة", "مالي"),
    ("مع من التقى لعمامرة؟", "ar", "لعمامرة", None),
])
def test_ask_parse_who_met(question: str, lang: str, x: str, y: str | None) -> None:
    parsed = parse_question(question)
    assert (parsed.intent, parsed.lang, parsed.x, parsed.y) == ("who_met", lang, x, y)


@pytest.mark.parametrize(("question", "lang", "x"), [
    ("timeline of Ramtane Lamamra", "en", "Ramtane Lamamra"),
    ("chronologie de Ramtane Lamamra", "fr", "Ramtane Lamamra"),
    ("الجدول الزمني لرمطان لعمامرة", "ar", "لرمطان لعمامرة"),  # the clitic goes at resolution
])
def test_ask_parse_timeline(question: str, lang: str, x: str) -> None:
    parsed = parse_question(question)
    assert (parsed.intent, parsed.lang, parsed.x) == ("timeline", lang, x)


@pytest.mark.parametrize(("question", "lang"), [
    ("path from Lamamra to Guterres", "en"),
    ("chemin entre Lamamra et Guterres", "fr"),
    ("العلاقة بين لعمامرة و غوتيريش", "ar"),
])
def test_ask_parse_path(question: str, lang: str) -> None:
    parsed = parse_question(question)
    assert parsed.intent == "path" and parsed.lang == lang and parsed.x and parsed.y


@pytest.mark.parametrize("question", ["hello", "who", "MATCH (n) DETACH DELETE n", "?", "من"])
def test_ask_parse_unknown_lists_examples(question: str) -> None:
    with pytest.raises(QuestionNotUnderstood) as info:
        parse_question(question)
    assert info.value.status == 422
    assert info.value.errors == EXAMPLES


def test_ask_examples_parse_in_three_languages() -> None:
    assert {e["lang"] for e in EXAMPLES} == {"en", "fr", "ar"}
    for example in EXAMPLES:
        assert parse_question(example["q"]).lang == example["lang"]
