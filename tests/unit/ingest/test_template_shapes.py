"""No NER training template can produce the shape of a sentence the project tests or ships as a
seed (issue 12): a test that checks what the tagger finds in a sentence a template generated
would only measure memorised phrasing. A template's shape is its words with every slot
(`{PER}`, `{LOC}`, `{ORG}`: one to six tokens; `{T}`, `{D}`, `{W}`: any title, demonym or time
phrase of its lexicon) free; it must not occur in any seed sentence nor in any sentence-like
string of the test suite, after the corpus's tokenisation (punctuation split off, Arabic
normalised). Written for this check: one sentence built from a template is caught."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

from ingest.normalize import normalize_arabic
from ingest.training.corpora import ARABIC_GENRE, ENGLISH_GENRE, GenreLexicon

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.issue(12)

_PUNCT = re.compile(r"([.,،؛;:!?؟()\[\]«»\"-])")
_SLOT = re.compile(r"^(\w*)\{(PER|LOC|ORG)\}$")
_ENTITY = r"(?:\S+ ){1,6}"


def _tokens(text: str, arabic: bool) -> str:
    text = normalize_arabic(text) if arabic else text
    return " ".join(_PUNCT.sub(r" \1 ", text).split()) + " "


def _alternatives(phrases: tuple[str, ...], arabic: bool) -> str:
    norm = normalize_arabic if arabic else (lambda t: t)
    return "(?:" + "|".join(re.escape(" ".join(norm(p).split()) + " ")
                            for p in sorted(phrases, key=len, reverse=True)) + ")"


def _shape(template: str, lex: GenreLexicon) -> re.Pattern[str]:
    fillers = {"{T}": _alternatives(lex.titles, lex.arabic),
               "{D}": _alternatives(lex.demonyms, lex.arabic),
               "{W}": _alternatives(lex.days, lex.arabic)}
    norm = normalize_arabic if lex.arabic else (lambda t: t)
    parts = []
    for piece in template.split():
        slot = _SLOT.match(piece)
        if slot:
            parts.append(re.escape(norm(slot.group(1))) + _ENTITY)
        else:
            parts.append(fillers.get(piece) or re.escape(norm(piece)) + " ")
    return re.compile("".join(parts), re.IGNORECASE)


@cache
def _shapes() -> list[tuple[str, GenreLexicon, re.Pattern[str]]]:
    return [(t, lex, _shape(t, lex)) for lex in (ENGLISH_GENRE, ARABIC_GENRE)
            for t in lex.templates]


def _seed_sentences() -> list[str]:
    out: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            out += [s for s in re.split(r"(?<=[.!?؟])\s+", line) if len(s.split()) >= 4]
    return out


def _test_sentences() -> list[str]:
    """Every string constant of the test suite that reads like a sentence (four words or more)."""
    out: list[str] = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        if path.name == Path(__file__).name:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and len(node.value.split()) >= 4:
                out.append(node.value)
    return out


def _reproduced(sentences: list[str]) -> list[tuple[str, str]]:
    hits = []
    for template, lex, shape in _shapes():
        for sent in sentences:
            if shape.search(_tokens(sent, lex.arabic)):
                hits.append((template, sent[:120]))
    return hits


def test_the_shape_check_catches_a_template_sentence() -> None:
    made = "Foreign Minister Anna Kowal met Chinese Ambassador Jorge Pradeña in Lima on Monday."
    made_ar = "وصل وزير الخارجية الصيني لي وانغ إلى نيروبي أمس في زيارة تستغرق يومين."
    assert _reproduced([made]) and _reproduced([made_ar])
    # the same facts in another shape pass
    assert not _reproduced(["On Monday in Lima, Anna Kowal sat down with Jorge Pradeña, "
                            "who represents Chile."])


def test_no_template_reproduces_a_seed_sentence() -> None:
    assert _reproduced(_seed_sentences()) == []


def test_no_template_reproduces_a_tested_sentence() -> None:
    sentences = _test_sentences()
    assert len(sentences) > 100  # the suite's sentences were found
    assert _reproduced(sentences) == []
