"""An event whose passage states no date takes the article's publication date (issue 12):
the real pipeline on sentences written for the test, in French, Arabic and English."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ingest.pipeline import ExtractConfig, Extractor
from ingest.reader import raw_article_from_text

pytestmark = [pytest.mark.issue(12)]

UNDATED = {
    "fr": "La ministre des Affaires étrangères, Claire Dubonnet, a reçu son homologue "
          "portugais, Rui Caldeira, pour évoquer la pêche.",
    "ar": "استقبل وزير الخارجية سمير بن داود نظيره البرتغالي روي كالديرا لبحث التعاون في "
          "مجال الصيد البحري.",
    "en": "Foreign Minister Clara Whitby received her Portuguese counterpart Rui Caldeira to "
          "discuss fisheries.",
}
DATED_EN = ("Foreign Minister Clara Whitby received her Portuguese counterpart Rui Caldeira on "
            "3 March 2031 to discuss fisheries.")


@pytest.fixture(scope="module")
def extractor() -> Iterator[Extractor]:
    ex = Extractor(ExtractConfig())
    yield ex
    ex.close()


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_undated_event_takes_the_publication_date(extractor: Extractor, lang: str) -> None:
    ext = extractor.extract(raw_article_from_text(UNDATED[lang], lang=lang, date="2031-03-05"))
    assert ext.events, ext
    assert {e.date for e in ext.events} == {"2031-03-05"}


def test_undated_event_of_an_undated_article_stays_undated(extractor: Extractor) -> None:
    ext = extractor.extract(raw_article_from_text(UNDATED["en"], lang="en"))
    assert ext.events and {e.date for e in ext.events} == {None}


def test_a_stated_date_wins_over_the_publication_date(extractor: Extractor) -> None:
    ext = extractor.extract(raw_article_from_text(DATED_EN, lang="en", date="2031-03-05"))
    assert ext.events and {e.date for e in ext.events} == {"2031-03-03"}
