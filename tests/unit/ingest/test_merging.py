"""In-article merges on hand-built input (no NER): a meeting told in part joins the fuller
report of the same day (`partial_meetings.v1`, after the learned decisions), and only then."""

from __future__ import annotations

import pytest

from ingest.annotated import Annotated
from ingest.extract import finishing_steps
from ingest.pipeline import ExtractConfig, Extractor
from ingest.reader import raw_article_from_text


@pytest.fixture(scope="module")
def extractor():
    x = Extractor(ExtractConfig())
    yield x
    x.close()


def _meetings(x: Extractor, text: str, lang: str):
    raw = raw_article_from_text(text, lang=lang, date="2023-05-10", source=f"t-{hash(text)}")
    ex = x.extract_annotated(raw, Annotated(text=text, lang=lang))
    names = {e.id: e.name for e in ex.entities}
    return [(ev.date, sorted(names[p.entity] for p in ev.participants)) for ev in ex.events
            if ev.kind in ("meeting", "talks")]


def test_merging_partial_meetings_fold_after_implied_ones():
    assert [s.name for s in finishing_steps()] == ["implied_meetings.v1",
                                                   "partial_meetings.v1"]


@pytest.mark.parametrize("text,lang", [
    ("Le ministre Karim Haddad a reçu mardi M. Tomas Lindqvist. La pêche a aussi été abordée, "
     "les deux ministres appelant à un travail plus étroit. L'entretien s'est déroulé en "
     "présence de Mme Elena Varga et de M. Youssef Benali.", "fr"),
    ("Minister Karim Haddad received his counterpart Mr. Tomas Lindqvist on Tuesday. Fisheries "
     "were also discussed, with the two ministers calling for closer work. The meeting was "
     "attended by Mrs. Elena Varga and Mr. Youssef Benali.", "en"),
    ("استقبل وزير الخارجية كريم حداد اليوم نظيره السيد توماس ليندكفيست. وبحث الوزيران أيضا "
     "التعاون في مجال الصيد. وحضر اللقاء السيدة إيلينا فارغا والسيد يوسف حمدان.", "ar"),
])
def test_merging_a_meeting_told_in_part_joins_the_fuller_report(extractor, text, lang):
    met = _meetings(extractor, text, lang)
    assert len(met) == 1, met
    assert {"Karim Haddad", "Tomas Lindqvist", "Elena Varga"} <= set(met[0][1]), met


@pytest.mark.parametrize("text,lang", [
    ("Le ministre Karim Haddad a reçu mardi M. Tomas Lindqvist. Le 2 mai, Karim Haddad, Tomas "
     "Lindqvist et Mme Elena Varga se sont réunis à Oslo.", "fr"),
    ("Minister Karim Haddad received Mr. Tomas Lindqvist on Tuesday. On May 2, Karim Haddad, "
     "Tomas Lindqvist and Mrs. Elena Varga had met in Oslo.", "en"),
])
def test_merging_a_meeting_of_another_day_stays_apart(extractor, text, lang):
    met = _meetings(extractor, text, lang)
    assert ("2023-05-09", ["Karim Haddad", "Tomas Lindqvist"]) in met, met
    assert any(d == "2023-05-02" for d, _ in met), met


def test_merging_a_chain_of_partial_reports_loses_no_topic():
    """(X, Y, Z) told before (X, Y), then (X, Y, Z, W): both fold into the fullest report."""
    from ingest.extract.doc import Doc, EventCandidate
    from ingest.extract.lexicons import get_lexicons
    from ingest.extract.merging import fold_partial_meetings

    def ev(refs: list[int], topic: str) -> EventCandidate:
        return EventCandidate(kind="meeting", sentence=0, trigger=(0, 1),
                              participants=[(f"cluster:{r}", "participant") for r in refs],
                              topics=[topic], evidence=[(0, 1)])

    raw = raw_article_from_text("x", lang="en", date="2023-05-10", source="t-chain")
    doc = Doc(raw=raw, ann=Annotated(text="x", lang="en"), lex=get_lexicons())
    doc.events = [ev([0, 1, 2], "topic:trade"), ev([0, 1], "topic:energy"),
                  ev([0, 1, 2, 3], "topic:security")]
    fold_partial_meetings(doc)
    assert len(doc.events) == 1
    assert sorted(doc.events[0].topics) == ["topic:energy", "topic:security", "topic:trade"]
