"""The learned topic decision (b) on sentences written for this test (hand-built NLP input,
no Stanza): the shipped model reads the passage about a meeting, not only its sentence."""

from __future__ import annotations

import json

import pytest

from ingest.annotated import Annotated
from ingest.learn import LearnedStages
from ingest.learn.features import TOPIC_FEATURES, passage, topic_candidates
from ingest.learn.model import MODELS_DIR, load_model
from ingest.pipeline import ExtractConfig, Extractor
from ingest.reader import raw_article_from_text

LATER_TOPICS = {
    "fr": ("Le ministre des Affaires étrangères Karim Haddad a reçu mardi à Alger son "
           "homologue, M. Tomas Lindqvist.\nLes deux ministres ont passé en revue la situation "
           "au Mali et dans le Sahel, ainsi que la coopération énergétique."),
    "en": ("Foreign Minister Karim Haddad received on Tuesday in Algiers his counterpart, "
           "Mr. Tomas Lindqvist.\nThe two ministers reviewed the situation in Mali and the "
           "Sahel, as well as energy cooperation."),
    "ar": ("استقبل وزير الخارجية كريم حداد يوم الثلاثاء بالجزائر نظيره السيد توماس ليندكفيست.\n"
           "واستعرض الوزيران الوضع في مالي ومنطقة الساحل والتعاون في مجال الطاقة."),
}
OWN_COUNTRY = {
    "fr": ("Le ministre malien des Affaires étrangères Karim Haddad a reçu mardi à Bamako "
           "M. Tomas Lindqvist.\nLes deux ministres ont évoqué la situation en Libye."),
    "en": ("The Malian Foreign Minister Karim Haddad received in Bamako on Tuesday Mr. Tomas "
           "Lindqvist.\nThe two ministers discussed the situation in Libya."),
}


@pytest.fixture(scope="module")
def extractor():
    x = Extractor(ExtractConfig())
    yield x
    x.close()


def _topics(x: Extractor, text: str, lang: str, stages: LearnedStages | None = None):
    saved = x.learned
    if stages is not None:
        x.learned = stages
    try:
        raw = raw_article_from_text(text, lang=lang, date="2023-05-10", source="t-learn")
        ex = x.extract_annotated(raw, Annotated(text=text, lang=lang))
    finally:
        x.learned = saved
    meetings = [ev for ev in ex.events if ev.kind in ("meeting", "talks")]
    assert len(meetings) == 1, ex.events
    return meetings[0].topics


def test_shipped_topic_model_matches_the_features():
    model = load_model("topics")
    assert model is not None, f"no topics.json in {MODELS_DIR}"
    assert model.features == list(TOPIC_FEATURES)
    assert 0 < model.threshold < 1
    data = json.loads((MODELS_DIR / "topics.json").read_text("utf-8"))
    assert data["meta"]["articles"] > 0 and data["meta"]["cv_figures"]


@pytest.mark.parametrize("lang", ["fr", "en", "ar"])
def test_learned_topics_read_the_sentence_after_the_meeting(extractor, lang):
    topics = _topics(extractor, LATER_TOPICS[lang], lang)
    assert {"country:ML", "location:sahel", "topic:energy"} <= set(topics), topics


def test_learned_topics_add_what_the_rules_miss_in_french(extractor):
    rules = _topics(extractor, LATER_TOPICS["fr"], "fr", LearnedStages())
    learned = _topics(extractor, LATER_TOPICS["fr"], "fr")
    assert "country:ML" not in rules and "country:ML" in learned


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_learned_topics_leave_out_the_host_country(extractor, lang):
    topics = _topics(extractor, OWN_COUNTRY[lang], lang)
    assert "country:LY" in topics and "country:ML" not in topics, topics


def test_candidates_cover_the_passage_in_a_stable_order(extractor):
    from ingest.extract import run_steps
    from ingest.extract.doc import Doc

    text = LATER_TOPICS["en"]
    raw = raw_article_from_text(text, lang="en", date="2023-05-10", source="t-learn")
    runs = []
    for _ in range(2):
        doc = run_steps(Doc(raw=raw, ann=Annotated(text=text, lang="en"), lex=extractor.lex),
                        extractor.steps)
        assert passage(doc, doc.events[0]) == [0, 1]
        cands = topic_candidates(doc)
        assert all(len(c.features) == len(TOPIC_FEATURES) for c in cands)
        runs.append([(c.event, c.entity, c.features) for c in cands])
    assert runs[0] == runs[1]
    assert {e for _, e, _ in runs[0]} >= {"country:ML", "location:sahel", "topic:energy"}


def test_no_model_keeps_the_rules_decision(extractor, tmp_path):
    stages = LearnedStages.load(tmp_path)  # an empty folder: no model files
    assert stages.topics is None
    assert _topics(extractor, LATER_TOPICS["en"], "en", stages) == \
        _topics(extractor, LATER_TOPICS["en"], "en", LearnedStages())
