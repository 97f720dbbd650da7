"""`ingest.parallel`: NLP in worker processes, results in input order, on the real Stanza models."""

from __future__ import annotations

import pickle

import pytest

from ingest.parallel import annotate_chunk, annotate_in_order
from ingest.pipeline import Extractor
from ingest.reader import RawArticle, raw_article_from_text

TEXTS = [
    ("fr", "La ministre Hélène Carrière a reçu lundi à Dakar son homologue Tomas Ferreira."),
    ("en", "Foreign Minister Amara Koné met his counterpart Lena Vogt in Nairobi on Tuesday."),
    ("ar", "استقبل وزير الخارجية سامي الحداد يوم الأحد في عمان نظيره كريم بن علي."),
    ("fr", "Le président Paul Martin s'est entretenu au téléphone avec Olga Petrova."),
    ("en", "Prime Minister Rafael Ortega travelled to Lisbon to meet Ana Sousa."),
]


def _raws() -> list[RawArticle]:
    raws = [raw_article_from_text(text, lang=lang, source=f"test-{i}")
            for i, (lang, text) in enumerate(TEXTS)]
    # an article whose NLP fails (no pipeline for its language), in the middle of the input
    bad = RawArticle.model_construct(id="article:bad", text="Quelque chose.", lang="xx",
                                     date=None, title=None, source="bad")
    return raws[:2] + [bad] + raws[2:]


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def test_parallel_rejects_jobs_below_one(extractor: Extractor) -> None:
    with pytest.raises(ValueError, match="jobs must be at least 1, got 0"):
        annotate_in_order(extractor, _raws(), jobs=0)
    with pytest.raises(ValueError, match="chunk must be at least 1"):
        annotate_in_order(extractor, _raws(), jobs=2, chunk=0)


def test_parallel_chunk_isolates_a_failing_article(extractor: Extractor) -> None:
    results = annotate_chunk(extractor, _raws()[:4])
    assert [err is None for _, err in results] == [True, True, False, True]
    assert results[2][1] is not None and results[2][1].startswith("unsupported_language:")
    assert [ann.lang for ann, _ in results if ann] == ["fr", "en", "ar"]


def test_parallel_two_jobs_same_annotations_in_input_order(extractor: Extractor) -> None:
    raws = _raws()
    one = list(annotate_in_order(extractor, raws, jobs=1, chunk=2))
    two = list(annotate_in_order(extractor, raws, jobs=2, chunk=2))
    assert [a.raw.id for a in two] == [r.id for r in raws]
    assert [a.error for a in two] == [a.error for a in one]
    assert two[2].annotated is None and "xx" in (two[2].error or "")
    assert [a.annotated for a in two] == [a.annotated for a in one]
    persons = [e.text for a in two if a.annotated for e in a.annotated.entities
               if e.label == "PER"]
    assert persons, "the real NER found no person at all"


def test_parallel_workers_prepare_and_the_caller_assembles_the_same(extractor: Extractor) -> None:
    """The workers also run the rule and learned steps; assembled here, in input order, their
    Docs give the Extractions, ids included, of the one-process path."""
    raws = _raws()
    one = list(annotate_in_order(extractor, raws, jobs=1, chunk=2))
    two = list(annotate_in_order(extractor, raws, jobs=2, chunk=2))
    assert all(a.prepared is None for a in one)  # one process: the caller prepares
    done = [a for a in two if a.annotated is not None]
    assert done and all(a.prepared is not None and a.prepared.lex is None for a in done)
    here = [extractor.extract_annotated(a.raw, a.annotated).model_dump()
            for a in one if a.annotated is not None]
    there = [extractor.assemble(a.prepared).model_dump() for a in done]
    assert there == here
    assert any(e["events"] for e in there), "the rules found no event at all"


def test_parallel_annotated_pickles_small(extractor: Extractor) -> None:
    ann = extractor.annotate(_raws()[:1])[0]
    data = pickle.dumps(ann)
    assert pickle.loads(data) == ann
    assert len(data) < 40 * len(ann.text) + 2_000  # plain data, no Stanza objects
