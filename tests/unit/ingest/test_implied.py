"""The implied-meetings step on hand-built input (no model): a signing implies the signatories'
talks, a message handed over implies a meeting of bearer and recipient, a message sent implies
nothing, and a handed-over message of one person goes to the one person that person met."""

from __future__ import annotations

import pytest

from ingest.annotated import Annotated
from ingest.extract import build_steps, finishing_steps
from ingest.pipeline import ExtractConfig, Extractor
from ingest.reader import raw_article_from_text


@pytest.fixture(scope="module")
def extractor():
    x = Extractor(ExtractConfig())
    yield x
    x.close()


def _events(x: Extractor, text: str, lang: str, date: str = "2023-05-10"):
    raw = raw_article_from_text(text, lang=lang, date=date, source=f"t-{hash(text)}")
    ex = x.extract_annotated(raw, Annotated(text=text, lang=lang))
    names = {e.id: e.name for e in ex.entities}
    return ex, sorted((ev.kind, tuple(sorted(names[p.entity] for p in ev.participants)))
                      for ev in ex.events)


PAIR = ("Karim Haddad", "Tomas Lindqvist")


def test_implied_meetings_run_after_the_learned_decisions():
    assert [s.name for s in finishing_steps()][0] == "implied_meetings.v1"
    assert "implied_meetings.v1" not in [s.name for s in build_steps()]


@pytest.mark.parametrize("text,lang", [
    ("Le ministre tunisien Karim Haddad et le ministre suédois Tomas Lindqvist ont signé "
     "mardi à Tunis un mémorandum d'entente sur la pêche.", "fr"),
    ("Tunisian minister Karim Haddad and Swedish minister Tomas Lindqvist signed a "
     "memorandum of understanding on fisheries in Tunis on Tuesday.", "en"),
    ("وقع وزير الخارجية التونسي كريم حداد ووزير الخارجية السويدي توماس ليندكفيست اليوم في "
     "تونس مذكرة تفاهم في مجال الصيد البحري.", "ar"),
])
def test_implied_a_signing_is_also_talks_of_the_signatories(extractor, text, lang):
    ex, events = _events(extractor, text, lang)
    assert ("agreement", PAIR) in events, events
    assert ("talks", PAIR) in events, events
    by_kind = {ev.kind: ev for ev in ex.events}
    talks, signing = by_kind["talks"], by_kind["agreement"]
    assert (talks.date, talks.place, talks.topics) == (signing.date, signing.place,
                                                       signing.topics)
    assert talks.id != signing.id
    assert "implied_meetings.v1" in ex.provenance["steps"]


@pytest.mark.parametrize("text,lang", [
    ("Le ministre Karim Haddad a reçu mardi son homologue Tomas Lindqvist. Les deux ministres "
     "ont ensuite signé un accord sur la pêche.", "fr"),
    ("Minister Karim Haddad received his counterpart Tomas Lindqvist on Tuesday. The two "
     "ministers then signed an agreement on fisheries.", "en"),
])
def test_implied_no_second_meeting_when_the_article_tells_one(extractor, text, lang):
    _, events = _events(extractor, text, lang)
    met = [e for e in events if e[0] in ("meeting", "talks") and set(e[1]) == set(PAIR)]
    assert len(met) == 1, events


@pytest.mark.parametrize("text,lang", [
    ("Le ministre Karim Haddad, porteur d'un message écrit, l'a remis mardi au président "
     "Tomas Lindqvist.", "fr"),
    ("Envoy Karim Haddad handed President Tomas Lindqvist a written message on Tuesday.",
     "en"),
    ("سلم المبعوث كريم حداد اليوم الرئيس توماس ليندكفيست رسالة خطية.", "ar"),
])
def test_implied_a_message_handed_over_is_a_meeting(extractor, text, lang):
    _, events = _events(extractor, text, lang)
    assert ("message", PAIR) in events, events
    assert ("meeting", PAIR) in events, events


@pytest.mark.parametrize("text,lang", [
    ("Le président Karim Haddad a adressé mardi une lettre au président Tomas Lindqvist.",
     "fr"),
    ("President Karim Haddad sent a letter to President Tomas Lindqvist on Tuesday.", "en"),
    ("بعث الرئيس كريم حداد اليوم رسالة إلى الرئيس توماس ليندكفيست.", "ar"),
])
def test_implied_a_message_sent_is_no_meeting(extractor, text, lang):
    _, events = _events(extractor, text, lang)
    assert all(kind == "message" for kind, _ in events), events


@pytest.mark.parametrize("text,lang", [
    ("Le président Tomas Lindqvist a reçu mardi le ministre Karim Haddad. Le ministre a "
     "précisé qu'il était porteur d'une lettre de sa capitale.", "fr"),
    ("President Tomas Lindqvist received envoy Karim Haddad on Tuesday. Haddad said he "
     "brought a message from his government.", "en"),
    ("استقبل الرئيس توماس ليندكفيست اليوم الوزير كريم حداد. وسلم حداد خلال اللقاء رسالة من "
     "حكومته.", "ar"),
])
def test_implied_a_lone_message_goes_to_the_one_person_met(extractor, text, lang):
    _, events = _events(extractor, text, lang)
    assert ("message", PAIR) in events, events
