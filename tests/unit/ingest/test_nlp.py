"""Pure helpers of ingest.nlp and the training scorer (no model load)."""

from __future__ import annotations

import pytest

from ingest import nlp
from ingest.training.scoring import score_spans, spans


@pytest.mark.parametrize("text", ["", "a", "x" * 50_000, ("ligne\n" * 9000), "mot " * 30_000])
def test_nlp_chunks_cover_text_exactly(text: str) -> None:
    chunks = nlp._chunks(text, 20_000)
    assert "".join(p for _, p in chunks) == text
    assert all(len(p) <= 20_000 for _, p in chunks)
    assert all(text[o:o + len(p)] == p for o, p in chunks)


@pytest.mark.parametrize(("span", "rank", "expected"), [
    ("ومالي", {"مالي": 10, "ومالي": 500}, 1),
    ("واشنطن", {"واشنطن": 50}, 0),
    ("لعمامرة", {}, 0),
    ("للأمم المتحدة", {}, 1),
    ("والجزائر", {}, 1),
    ("بالجزائر", {}, 1),
    ("ليبيا", {"ليبيا": 20}, 0),
    ("وزارة الخارجية", {"وزارة": 30}, 0),
    ("", {}, 0),
])
def test_nlp_arabic_prefix_len(span: str, rank: dict[str, int], expected: int) -> None:
    assert nlp._arabic_prefix_len(span, rank) == expected


def test_nlp_unsupported_language_raises() -> None:
    with pytest.raises(nlp.UnsupportedLanguage):
        nlp.get_pipeline("de")


def test_scoring_spans_bio_and_bioes() -> None:
    assert spans(["B-PER", "I-PER", "O", "B-LOC"]) == {(0, 2, "PER"), (3, 4, "LOC")}
    assert spans(["B-PER", "E-PER", "S-LOC", "O"]) == {(0, 2, "PER"), (2, 3, "LOC")}
    assert spans(["I-ORG", "I-ORG", "B-ORG"]) == {(0, 2, "ORG"), (2, 3, "ORG")}


def test_scoring_per_type() -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOC"]]
    pred = [["B-PER", "E-PER", "O", "S-ORG"]]
    rep = score_spans(gold, pred)
    assert rep["per_type"]["PER"]["f1"] == 100.0
    assert rep["per_type"]["LOC"]["recall"] == 0.0
    assert rep["micro"]["precision"] == 50.0
