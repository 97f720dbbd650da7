"""Encounters of several persons (ingest/extract/encounters.py and the attendance rules of
ingest/extract/participants.py): when a list of persons met as one encounter rather than one
audience each, and how persons named in a later sentence (a delegation, an escort, unnamed
guests) join the encounter they came to. Hand-built input, no NLP model: the persons are
found by their titles."""

from __future__ import annotations

import re

import pytest

from ingest.annotated import Annotated, EntitySpan, Sentence
from ingest.pipeline import ExtractConfig, Extractor
from ingest.reader import raw_article_from_text

HOST, A, B, C = "Karim Haddad", "Tomas Lindqvist", "Youssef Benali", "Elena Varga"


@pytest.fixture(scope="module")
def extractor(tmp_path_factory):
    x = Extractor(ExtractConfig(resolution_path=tmp_path_factory.mktemp("r") / "r.sqlite"))
    yield x
    x.close()


AR_NAMES = ["كريم حداد", "توماس ليندكفيست", "يوسف بنعلي", "إلينا فارغا"]


def _annotated(text: str, lang: str, names: list[str]) -> Annotated:
    """The text with its sentences and, for each of `names`, the PER span a NER gives."""
    sents = []
    for m in re.finditer(r"[^.]+\.?", text):
        if not m.group().strip():
            continue
        spans = [EntitySpan(text=n, label="PER", start=k.start(), end=k.end())
                 for n in names for k in re.finditer(re.escape(n), text)
                 if m.start() <= k.start() < m.end()]
        sents.append(Sentence(text=m.group(), start=m.start(), end=m.end(),
                              entities=sorted(spans, key=lambda e: e.start)))
    return Annotated(text=text, lang=lang, sentences=sents)


def _meets(x: Extractor, text: str, lang: str) -> list[dict[str, str]]:
    """{name: role} of every meeting or talks event extracted from `text` (Arabic names are
    given as the NER's PER spans; the others are found by their titles)."""
    raw = raw_article_from_text(text, lang=lang, date="2022-03-10", source=f"t-{hash(text)}")
    ann = _annotated(text, lang, AR_NAMES) if lang == "ar" else Annotated(text=text, lang=lang)
    ex = x.extract_annotated(raw, ann)
    names = {e.id: e.name for e in ex.entities}
    return [{names[p.entity]: p.role for p in ev.participants} for ev in ex.events
            if ev.kind in ("meeting", "talks")]


@pytest.mark.parametrize("text,lang", [
    # a summit that is the occasion itself
    ("Le sommet régional s'est ouvert mardi à Alger, où le président Karim Haddad a reçu "
     "M. Tomas Lindqvist, M. Youssef Benali et Mme Elena Varga.", "fr"),
    ("The regional summit opened on Tuesday in Algiers, where President Karim Haddad received "
     "Mr. Tomas Lindqvist, Mr. Youssef Benali and Mrs. Elena Varga.", "en"),
    ("في افتتاح القمة الإقليمية بالجزائر، استقبل الرئيس كريم حداد كلا من السيد "
     "توماس ليندكفيست والسيد يوسف بنعلي والسيدة إلينا فارغا.", "ar"),
    # an encounter named trilateral
    ("Minister Karim Haddad held a trilateral meeting on Tuesday with Mr. Tomas Lindqvist, "
     "Mr. Youssef Benali and Mrs. Elena Varga.", "en"),
    ("استضاف وزير الخارجية كريم حداد اجتماعا ثلاثيا اليوم بين السيد توماس ليندكفيست والسيد يوسف "
     "بنعلي والسيدة إلينا فارغا.", "ar"),
    # a group met as a whole, "including" the persons listed
    ("Minister Karim Haddad began the day with the meeting with the regional foreign ministers, "
     "including Mr. Tomas Lindqvist, Mr. Youssef Benali and Mrs. Elena Varga.", "en"),
    ("Le ministre Karim Haddad a tenu mardi une séance de travail avec les ministres de la "
     "région, dont M. Tomas Lindqvist, M. Youssef Benali et Mme Elena Varga.", "fr"),
])
def test_a_list_that_met_together_is_one_encounter(extractor, text, lang):
    meets = _meets(extractor, text, lang)
    assert [set(m) for m in meets] == [{HOST, A, B, C}], meets


@pytest.mark.parametrize("text,lang", [
    ("Le ministre Karim Haddad a accueilli mardi à l'aéroport M. Tomas Lindqvist, ainsi que "
     "M. Youssef Benali et Mme Elena Varga.", "fr"),
    ("وكان وزير الخارجية كريم حداد استقبل السيد توماس ليندكفيست في المطار، إضافة الى السيد يوسف "
     "بنعلي والسيدة إلينا فارغا.", "ar"),
])
def test_persons_named_in_addition_to_the_first_are_one_reception(extractor, text, lang):
    meets = _meets(extractor, text, lang)
    assert [set(m) for m in meets] == [{HOST, A, B, C}], meets


@pytest.mark.parametrize("text,lang", [
    ("On the sidelines of the regional summit, Minister Karim Haddad held bilateral meetings "
     "with Mr. Tomas Lindqvist, Mr. Youssef Benali and Mrs. Elena Varga.", "en"),
    ("En marge du sommet régional, le ministre Karim Haddad a eu des entretiens bilatéraux avec "
     "M. Tomas Lindqvist, M. Youssef Benali et Mme Elena Varga.", "fr"),
    ("وعلى هامش القمة الإقليمية، أجرى وزير الخارجية كريم حداد محادثات ثنائية مع السيد توماس "
     "ليندكفيست والسيد يوسف بنعلي والسيدة إلينا فارغا.", "ar"),
    # a bilateral cue wins over a group "including" the persons
    ("Minister Karim Haddad held bilateral meetings with several ministers, including "
     "Mr. Tomas Lindqvist, Mr. Youssef Benali and Mrs. Elena Varga.", "en"),
    # the summit is the setting, not the encounter
    ("At the regional summit, Minister Karim Haddad received Mr. Tomas Lindqvist, "
     "Mr. Youssef Benali and Mrs. Elena Varga.", "en"),
])
def test_separate_audiences_stay_separate(extractor, text, lang):
    meets = _meets(extractor, text, lang)
    assert sorted(sorted(m) for m in meets) == sorted(
        sorted({HOST, x}) for x in (A, B, C)), meets


@pytest.mark.parametrize("text,lang", [
    ("Le président Karim Haddad a reçu mardi à Alger le président Tomas Lindqvist. Figurent dans "
     "la délégation du président Lindqvist M. Youssef Benali et Mme Elena Varga.", "fr"),
    ("President Karim Haddad received President Tomas Lindqvist on Tuesday in Algiers. The "
     "visiting delegation included Mr. Youssef Benali and Mrs. Elena Varga.", "en"),
    ("استقبل الرئيس كريم حداد اليوم الرئيس توماس ليندكفيست في زيارة إلى الجزائر. وضم الوفد "
     "الزائر السيد يوسف بنعلي والسيدة إلينا فارغا.", "ar"),
])
def test_delegation_members_named_later_join_the_encounter(extractor, text, lang):
    meets = _meets(extractor, text, lang)
    assert len(meets) == 1 and set(meets[0]) == {HOST, A, B, C}, meets
    if lang != "ar":  # (the Arabic subject/object order is not asserted here)
        assert meets[0][B] == meets[0][C] == meets[0][A] == "guest", meets


@pytest.mark.parametrize("text,lang", [
    ("Minister Karim Haddad received Mr. Tomas Lindqvist on Tuesday in Algiers. Mr. Lindqvist "
     "was accompanied by Mr. Youssef Benali and Mrs. Elena Varga.", "en"),
    ("Le ministre Karim Haddad a reçu mardi à Alger M. Tomas Lindqvist. M. Lindqvist était "
     "accompagné de M. Youssef Benali et de Mme Elena Varga.", "fr"),
])
def test_an_escort_named_later_takes_the_side_of_the_person_escorted(extractor, text, lang):
    meets = _meets(extractor, text, lang)
    assert meets == [{HOST: "host", A: "guest", B: "guest", C: "guest"}], meets


def test_an_escort_to_a_summit_does_not_join_talks_on_its_sidelines(extractor):
    text = ("Minister Karim Haddad held talks with Mr. Tomas Lindqvist on Tuesday. Minister "
            "Haddad, who is attending the regional summit, was accompanied by Mr. Youssef "
            "Benali and Mrs. Elena Varga.")
    meets = _meets(extractor, text, "en")
    assert [set(m) for m in meets] == [{HOST, A}], meets


@pytest.mark.parametrize("text,lang", [
    ("Le président Karim Haddad a reçu mardi deux émissaires. Il s'agit de M. Tomas "
     "Lindqvist et de M. Youssef Benali.", "fr"),
])
def test_unnamed_guests_named_in_the_next_sentence_are_the_guests(extractor, text, lang):
    meets = _meets(extractor, text, lang)
    assert meets == [{HOST: "host", A: "guest", B: "guest"}], meets


@pytest.mark.parametrize("text,lang", [
    ("Le président Karim Haddad et le président Tomas Lindqvist sont arrivés mardi à Oslo. Un "
     "long entretien a réuni les deux chefs d'État et le prince Youssef Benali au sujet de l'eau.",
     "fr"),
    ("President Karim Haddad and President Tomas Lindqvist landed in Oslo on Tuesday. Talks "
     "on water sharing then brought together the two leaders and Prince Youssef Benali.", "en"),
    ("استقبل الرئيس كريم حداد يوم الثلاثاء الرئيس توماس ليندكفيست. ثم التقى الرئيسان "
     "والأمير يوسف بنعلي لبحث تقاسم المياه.", "ar"),
])
def test_a_person_joined_to_the_two_presidents_meets_both(extractor, text, lang):
    meets = _meets(extractor, text, lang)
    assert any(set(m) == {HOST, A, B} for m in meets), meets


def test_an_arabic_title_runs_on_through_definite_nouns_to_the_name(extractor):
    """"وزير الخارجية والمغتربين X": the title introduces X, it does not name the article's
    main actor (here the visiting president) as one more participant."""
    text = ("وصل الرئيس يوسف بنعلي اليوم إلى بيروت في زيارة رسمية. وكان وزير الخارجية والمغتربين "
            "كريم حداد استقبل الرئيس توماس ليندكفيست في المطار.")
    meets = _meets(extractor, text, "ar")
    assert len(meets) == 1 and len(meets[0]) == 2 and HOST in meets[0] and B not in meets[0], \
        meets
