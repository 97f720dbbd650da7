"""A topic named only by a cue phrase ("the Arab summit", "القمة العربية") is the entity the
cue points to, with that entity's type (issue 12): the same body reached by its name in one
article and by a cue in another is one node, and the store takes both. The real pipeline and
the embedded store, on sentences written for the test, in French, Arabic and English."""

from __future__ import annotations

from typing import Any

import pytest

from app.services import Services
from ingest.reader import raw_article_from_text

pytestmark = [pytest.mark.issue(12)]

PREFIX_TYPE = {"topic": "Topic", "organisation": "Organisation", "country": "Country",
               "location": "Location", "person": "Person"}

NAMED = ("Foreign Minister Clara Whitby received the Secretary-General of the Arab League, "
         "Samir Haddad, to discuss the crisis in Sudan.")
CUED = {
    "fr": "La ministre Claire Dubonnet a reçu son homologue Rui Caldeira pour préparer le "
          "sommet arabe et évoquer les questions africaines.",
    "ar": "استقبل وزير الخارجية سمير بن داود نظيره روي كالديرا لبحث التحضير للقمة العربية "
          "والقضايا الإفريقية.",
    "en": "Foreign Minister Clara Whitby met her counterpart Rui Caldeira to prepare the Arab "
          "summit and discuss African issues.",
}


def test_every_entity_has_the_type_its_id_names(tmp_settings: Any) -> None:
    services = Services(tmp_settings)
    try:
        extractions = [services.ingest(raw_article_from_text(NAMED, lang="en",
                                                             date="2031-03-05"))]
        for lang, text in CUED.items():
            extractions.append(services.ingest(raw_article_from_text(text, lang=lang,
                                                                     date="2031-03-06")))
        for ext in extractions:
            for e in ext.entities:
                assert e.type == PREFIX_TYPE[e.id.split(":", 1)[0]], (e.id, e.type)
        # the Arab League, named in one article and cued in the others, is one node
        assert any("organisation:arab-league" in ev.topics
                   for ext in extractions[1:] for ev in ext.events), "no cue gave the League"
        rows = services.store.run("statistics")[0]["labels"]
        assert rows["Article"] == 4
    finally:
        services.close()


# The Sahara question (a phrase for Western Sahara) and a regional adjective ("maghrébin"),
# beside a ministry's demonym that says who someone is, not what was discussed.
REGIONAL = {
    "fr": "La ministre Claire Dubonnet a reçu son homologue Rui Caldeira, venu avec un "
          "conseiller du ministère libyen des Affaires étrangères, pour évoquer la question "
          "du Sahara et les questions maghrébines.",
    "ar": "استقبل وزير الخارجية سمير بن داود نظيره روي كالديرا، يرافقه مستشار من وزارة "
          "الخارجية الليبية، لبحث ملف الصحراء والقضايا المغاربية.",
    "en": "Foreign Minister Clara Whitby met her counterpart Rui Caldeira, with an adviser of "
          "the Libyan Foreign Ministry, to discuss the Sahara question and Maghrebi issues.",
}


def test_regional_adjectives_and_phrases_are_typed_topics(tmp_settings: Any) -> None:
    services = Services(tmp_settings)
    try:
        for lang, text in REGIONAL.items():
            ext = services.ingest(raw_article_from_text(text, lang=lang, date="2031-04-02"))
            assert ext.events, lang
            types = {e.id: e.type for e in ext.entities}
            topics = {t for ev in ext.events for t in ev.topics}
            assert "location:maghreb" in topics, (lang, topics)
            assert "country:LY" not in topics, (lang, topics)
            for t in topics:
                assert types[t] == PREFIX_TYPE[t.split(":", 1)[0]], (t, types[t])
        # the store holds the region as a Location node (one node for the three articles)
        assert services.store.run("entity_type", id="location:maghreb") == \
            [{"type": "Location"}]
    finally:
        services.close()
