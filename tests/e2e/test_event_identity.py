"""One real-world encounter reported by several articles is one event id (issue 12, dedup):
a trip reported with the city by one article and with the country by another, and talks that
one article calls talks and another a meeting. The real pipeline on
sentences written for the test, in French, Arabic and English."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ingest.pipeline import ExtractConfig, Extractor, event_key
from ingest.reader import raw_article_from_text

pytestmark = [pytest.mark.issue(12)]

TRIP = {  # the same trip: the city in French, the country in Arabic and English
    "fr": "Le ministre portugais des Affaires étrangères, Rui Caldeira, est arrivé à Rabat "
          "pour une visite officielle de deux jours.",
    "ar": "وصل وزير الخارجية البرتغالي روي كالديرا إلى المغرب في زيارة رسمية تستغرق يومين.",
    "en": "Portuguese Foreign Minister Rui Caldeira arrived in Morocco for a two-day official "
          "visit.",
}


@pytest.fixture(scope="module")
def extractor() -> Iterator[Extractor]:
    ex = Extractor(ExtractConfig())
    yield ex
    ex.close()


def _visit_ids(extractor: Extractor, lang: str) -> set[str]:
    ext = extractor.extract(raw_article_from_text(TRIP[lang], lang=lang, date="2031-03-05"))
    return {e.id for e in ext.events if e.kind == "visit"}


def test_a_trip_named_by_city_or_by_country_is_one_event(extractor: Extractor) -> None:
    ids = {lang: _visit_ids(extractor, lang) for lang in TRIP}
    assert all(len(v) == 1 for v in ids.values()), ids
    assert ids["fr"] == ids["ar"] == ids["en"], ids


def test_the_key_of_a_visit_is_the_country_visited() -> None:
    country_of = {"location:rabat": "country:MA"}
    assert event_key("visit", "location:rabat", country_of) == event_key(
        "visit", "country:MA", country_of)
    # trips to two countries stay apart, and a place no lexicon knows keys by itself
    assert event_key("visit", "country:MA", country_of) != event_key(
        "visit", "country:TN", country_of)
    assert event_key("visit", "location:atlantis", country_of)[1] == "location:atlantis"


def test_talks_and_meetings_are_one_family_other_kinds_are_not() -> None:
    families = {k: event_key(k, None, {})[0]
                for k in ("talks", "meeting", "agreement", "phone_call", "visit", "message")}
    assert families["talks"] == families["meeting"]
    # an agreement signed at the talks stays an event of its own
    assert len({families["talks"], families["agreement"], families["phone_call"],
                families["visit"], families["message"]}) == 5
    # the place plays no part outside visits: a meeting's id does not depend on the room
    assert event_key("meeting", "location:rabat", {"location:rabat": "country:MA"})[1] is None
