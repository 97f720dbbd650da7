"""The NLP in a child process (`serve`'s worker, issue 14) gives what in-process NLP gives."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ingest.annotator import AnnotationFailed, AnnotatorProcess
from ingest.nlp import NLPConfig
from ingest.pipeline import ExtractConfig, Extractor
from ingest.reader import RawArticle, raw_article_from_text

pytestmark = [pytest.mark.issue(14)]

TEXTS = {
    "fr": "La ministre des Affaires étrangères, Claire Dubonnet, a reçu jeudi à Lyon son "
          "homologue portugais, Rui Caldeira. Les deux ministres ont évoqué la pêche.",
    "ar": "استقبل وزير الخارجية سمير بن داود يوم الخميس بالرباط نظيره البرتغالي روي كالديرا.",
    "en": "Foreign Minister Clara Whitby met her Portuguese counterpart Rui Caldeira in Leeds "
          "on Thursday to discuss fisheries.",
}


@pytest.fixture(scope="module")
def annotator() -> Iterator[AnnotatorProcess]:
    proc = AnnotatorProcess(NLPConfig(), langs=("fr", "ar", "en"))
    proc.warm_up()
    yield proc
    proc.close()


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_child_process_annotation_equals_in_process(annotator: AnnotatorProcess,
                                                    lang: str) -> None:
    from ingest.parallel import use_one_torch_thread

    use_one_torch_thread()  # the child uses one torch thread: the same numbers here
    raw = raw_article_from_text(TEXTS[lang], lang=lang)
    extractor = Extractor(ExtractConfig(nlp=NLPConfig()))
    try:
        here = extractor.annotate([raw])[0]
        there = annotator.annotate([raw])[0]
        assert there == here
        assert extractor.extract_annotated(raw, there) == extractor.extract(raw)
    finally:
        extractor.close()
    assert annotator.loaded_languages() == ["ar", "en", "fr"]


def test_child_process_failure_keeps_its_code(annotator: AnnotatorProcess) -> None:
    raw = RawArticle(id="article:00000000000000cd", text="Texte quelconque.", lang="fr")
    bad = raw.model_copy(update={"lang": "xx"})
    with pytest.raises(AnnotationFailed) as info:
        annotator.annotate([bad])
    assert info.value.code != "nlp_failed" and str(info.value)
    assert annotator.annotate([raw])  # the process is still usable
