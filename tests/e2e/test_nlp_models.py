"""The bundled Stanza pipelines load offline and find the seeds' entities (issue 2).

Real Stanza, real bundled models, network blocked in the process: `socket.socket.connect`
raises. The three pipelines are loaded once for the module.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest import nlp
from ingest.annotated import Annotated

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

pytestmark = pytest.mark.issue(2)


def _no_network(*args: object, **kwargs: object) -> None:
    raise OSError("network access is blocked in the NLP tests")


@pytest.fixture(scope="module")
def offline() -> Iterator[None]:
    """Block the network and drop any cached pipeline, so every load below is offline."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", _no_network)
        mp.setattr(socket.socket, "connect_ex", _no_network)
        mp.setattr(socket, "create_connection", _no_network)
        mp.delenv("STANZA_RESOURCES_DIR", raising=False)
        nlp.clear_pipelines()
        for lang in nlp.LANGUAGES:
            nlp.get_pipeline(lang)
        yield
        nlp.clear_pipelines()


def _seed_sentence(name: str, needle: str) -> str:
    text = (SEEDS / name).read_text(encoding="utf-8")
    for line in text.splitlines():
        for part in line.split(". "):
            if needle in part:
                return part
    raise AssertionError(f"{needle!r} not in {name}")


def _ents(ann: Annotated) -> set[tuple[str, str]]:
    return {(e.text, e.label) for e in ann.entities}


def _check_offsets(ann: Annotated) -> None:
    for s in ann.sentences:
        assert ann.text[s.start:s.end] == s.text
        for t in s.tokens:
            assert ann.text[t.start:t.end] == t.text
        for e in s.entities:
            assert ann.text[e.start:e.end] == e.text
            assert e.label in {"PER", "LOC", "ORG", "MISC"}


def test_nlp_bundled_pipelines_load_offline(offline: None) -> None:
    assert nlp.loaded_languages() == ["ar", "en", "fr"]
    for lang in nlp.LANGUAGES:
        assert nlp.pipeline_source(lang) == "bundled"


def test_nlp_fr_finds_seed_persons_and_places(offline: None) -> None:
    texts = [_seed_sentence("000_db88455749bd403d.txt", "Yael Lampert"),
             "M. Ramtane Lamamra a reçu jeudi à Tripoli la Sous-secrétaire d'Etat américaine, Mme Yael Lampert.",
             _seed_sentence("000_db88455749bd403d.txt", "derniers développements en Libye")]
    anns = nlp.annotate_many(texts, "fr")
    found = set().union(*(_ents(a) for a in anns))
    assert ("Ramtane Lamamra", "PER") in found
    assert ("Yael Lampert", "PER") in found
    assert ("Libye", "LOC") in found
    for a in anns:
        _check_offsets(a)


def test_nlp_ar_finds_seed_persons_and_places(offline: None) -> None:
    texts = [_seed_sentence("001_d21c788880c47805.txt", "أنطونيو غوتيريش"),
             _seed_sentence("001_d21c788880c47805.txt", "ومالي")]
    anns = nlp.annotate_many(texts, "ar")
    found = set().union(*(_ents(a) for a in anns))
    assert ("رمطان لعمامرة", "PER") in found
    assert ("أنطونيو غوتيريش", "PER") in found
    assert ("ليبيا", "LOC") in found
    for a in anns:
        _check_offsets(a)


def test_nlp_ar_spans_exclude_attached_prefixes(offline: None) -> None:
    ann = nlp.annotate("استقبل وزير الخارجية رمطان لعمامرة في الجزائر وفدا من ليبيا ومالي.", "ar")
    _check_offsets(ann)
    texts = {e.text for e in ann.entities}
    assert "رمطان لعمامرة" in texts
    assert not any(t.startswith("و") and t[1:] in texts for t in texts)
    assert "ومالي" not in texts


def test_nlp_en_finds_persons_and_places(offline: None) -> None:
    # shapes no training template produces (tests/unit/ingest/test_template_shapes.py)
    texts = ["Ramtane Lamamra, who heads Algerian diplomacy, was welcomed in Washington by "
             "Antony Blinken on Monday.",
             "Antonio Guterres, the UN chief, said the crisis in the Sahel worried him as much as "
             "the fighting in Libya and Mali."]
    anns = nlp.annotate_many(texts, "en")
    labels = {label for a in anns for _, label in _ents(a)}
    found = set().union(*(_ents(a) for a in anns))
    persons = {text for text, label in found if label == "PER"}
    places = {text for text, label in found if label == "LOC"}
    assert any("Blinken" in p for p in persons) or any("Guterres" in p for p in persons)
    assert any("Lamamra" in p for p in persons)
    assert places & {"Washington", "Libya", "Mali", "Sahel"}
    assert {"PER", "LOC"} <= labels
    for a in anns:
        _check_offsets(a)


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
@pytest.mark.parametrize("text", ["", "   \n\t ", "...!?;,", "« » — ( ) ؟ ،"])
def test_nlp_degenerate_text_gives_defined_result(offline: None, lang: str, text: str) -> None:
    ann = nlp.annotate(text, lang)
    assert ann.text == text and ann.lang == lang
    _check_offsets(ann)
    if not text.strip():
        assert ann.sentences == []


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_nlp_mixed_arabic_latin_lines(offline: None, lang: str) -> None:
    text = "— Ramtane Lamamra | رمطان لعمامرة (@Lamamra_dz) September 25, 2021\nوزير الخارجية Ramtane Lamamra à Alger"
    ann = nlp.annotate(text, lang)
    _check_offsets(ann)
    assert ann.sentences


@pytest.mark.slow
def test_nlp_one_megabyte_text(offline: None) -> None:
    para = _seed_sentence("000_db88455749bd403d.txt", "Yael Lampert") + ".\n"
    text = para * (1_000_000 // len(para) + 1)
    assert len(text) >= 1_000_000
    ann = nlp.annotate(text, "fr")
    _check_offsets(ann)
    assert ann.sentences[-1].end <= len(text)
    assert sum(1 for e in ann.entities if e.text == "Yael Lampert") > 100


def test_nlp_annotate_many_is_thread_safe(offline: None) -> None:
    from concurrent.futures import ThreadPoolExecutor

    text = "Le ministre Ramtane Lamamra a reçu Mme Yael Lampert à Tripoli, en Libye."
    expected = nlp.annotate(text, "fr")
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: nlp.annotate(text, "fr"), range(8)))
    assert all(r == expected for r in results)


def test_nlp_ar_finds_guterres_and_libya(offline: None) -> None:
    texts = [_seed_sentence("001_d21c788880c47805.txt", "أنطونيو غوتيريش"),
             _seed_sentence("001_d21c788880c47805.txt", "ومالي")]
    found = set().union(*(_ents(a) for a in nlp.annotate_many(texts, "ar")))
    assert ("أنطونيو غوتيريش", "PER") in found
    assert ("ليبيا", "LOC") in found


def test_nlp_en_finds_places(offline: None) -> None:
    ann = nlp.annotate("UN Secretary-General Antonio Guterres travelled to Libya and Mali.", "en")
    assert {("Libya", "LOC"), ("Mali", "LOC")} <= _ents(ann)


def test_nlp_loading_builds_no_training_optimizer() -> None:
    """A fresh process loading the three pipelines and tagging a sentence never imports
    torch._dynamo (Stanza's training optimizers pull it in: seconds of start-up per worker),
    and Stanza's optimizer factory is back in place afterwards (training still gets one)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from stanza.models.common import utils\n"
        "factory = utils.get_optimizer\n"
        "from ingest import nlp\n"
        "for lang in nlp.LANGUAGES:\n"
        "    nlp.get_pipeline(lang)\n"
        "ann = nlp.annotate('La ministre Ilona Varga a reçu Omar Haddad à Lisbonne.', 'fr')\n"
        "print(sorted(e.label for e in ann.entities), 'torch._dynamo' in sys.modules,\n"
        "      utils.get_optimizer is factory)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=300, check=True).stdout.strip().splitlines()[-1]
    assert out == "['LOC', 'PER', 'PER'] False True", out
