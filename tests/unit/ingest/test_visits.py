"""The implied-visits step on hand-built input (no model): visits told by a welcome abroad, by a
possessive visit noun, by "visiting <counterpart>", and visits that are not (yet) visits."""

from __future__ import annotations

import pytest

from ingest.annotated import Annotated
from ingest.extract import build_steps
from ingest.pipeline import ExtractConfig, Extractor
from ingest.reader import raw_article_from_text


@pytest.fixture(scope="module")
def extractor(tmp_path_factory):
    x = Extractor(ExtractConfig(resolution_path=tmp_path_factory.mktemp("r") / "r.sqlite"))
    yield x
    x.close()


def _visits(x: Extractor, text: str, lang: str, date: str = "2023-05-10"):
    raw = raw_article_from_text(text, lang=lang, date=date, source=f"t-{hash(text)}")
    ex = x.extract_annotated(raw, Annotated(text=text, lang=lang))
    names = {e.id: e.name for e in ex.entities}
    return [([names[p.entity] for p in ev.participants], ev.place) for ev in ex.events
            if ev.kind == "visit"]


def test_visits_step_runs_right_after_events():
    names = [s.name for s in build_steps()]
    assert names[names.index("events.v1") + 1] == "implied_visits.v1"


@pytest.mark.parametrize("text,lang,place", [
    ("Le ministre tunisien des Affaires étrangères, Karim Haddad, a été accueilli par son "
     "homologue égyptien, Tomas Lindqvist, au Caire, lundi.", "fr", "location:cairo"),
    ("Tunisian Foreign Minister Karim Haddad was welcomed by his Egyptian counterpart, "
     "Mr. Tomas Lindqvist, in Cairo on Monday.", "en", "location:cairo"),
    ("استقبل وزير الخارجية المصري توماس ليندكفيست في القاهرة نظيره التونسي كريم حداد لدى "
     "وصوله، يوم الإثنين.", "ar", "location:cairo"),
])
def test_visits_a_guest_welcomed_abroad_visits_the_place(extractor, text, lang, place):
    visits = _visits(extractor, text, lang)
    assert (["Karim Haddad"], place) in visits, visits
    assert all(v[0] == ["Karim Haddad"] for v in visits), visits


@pytest.mark.parametrize("text,lang", [
    ("Le ministre égyptien Tomas Lindqvist a reçu mardi M. Karim Haddad, ministre des Affaires "
     "étrangères de la Tunisie, dans le cadre de sa visite officielle en Égypte.", "fr"),
    ("Egyptian Minister Tomas Lindqvist received on Tuesday Mr. Karim Haddad, Foreign Minister "
     "of Tunisia, during his official visit to Egypt.", "en"),
    ("استقبل وزير الخارجية المصري توماس ليندكفيست اليوم السيد كريم حداد وزير خارجية تونس، "
     "وذلك في إطار زيارته الرسمية إلى مصر.", "ar"),
])
def test_visits_a_possessive_visit_belongs_to_the_guest_named_before(extractor, text, lang):
    assert _visits(extractor, text, lang) == [(["Karim Haddad"], "country:EG")]


@pytest.mark.parametrize("text,lang", [
    ("Le ministre égyptien Tomas Lindqvist s'est entretenu mardi au Caire avec son homologue "
     "tunisien. M. Karim Haddad a souligné que la visite du ministre tunisien en Égypte "
     "renforce les liens.", "fr"),
    ("Egyptian Minister Tomas Lindqvist held talks in Cairo on Tuesday with visiting Tunisian "
     "counterpart Karim Haddad.", "en"),
    ("أجرى وزير الخارجية المصري توماس ليندكفيست في القاهرة مباحثات مع نظيره التونسي كريم حداد، "
     "وأكد أن زيارة الوزير كريم حداد إلى مصر تعزز العلاقات.", "ar"),
])
def test_visits_the_visitor_is_the_one_the_wording_names(extractor, text, lang):
    visits = _visits(extractor, text, lang)
    assert visits and all(v[0] == ["Karim Haddad"] for v in visits), visits


@pytest.mark.parametrize("text,lang", [
    ("Le président Tomas Lindqvist a invité M. Karim Haddad à une visite à Oslo.", "fr"),
    ("Minister Karim Haddad received an invitation from President Tomas Lindqvist to visit "
     "Oslo.", "en"),
    ("قال الوزير كريم حداد: سأكون سعيدا أثناء زيارتي إلى أوسلو.", "ar"),
])
def test_visits_an_invitation_or_a_plan_is_no_visit(extractor, text, lang):
    assert _visits(extractor, text, lang) == []


@pytest.mark.parametrize("text,lang", [
    ("Egyptian President Tomas Lindqvist received on Monday in Cairo Tunisian Minister Karim "
     "Haddad. It is the first visit to Egypt by the Tunisian minister.", "en"),
    ("Le président égyptien Tomas Lindqvist a reçu lundi au Caire le ministre tunisien Karim "
     "Haddad, pour une visite de travail en Égypte.", "fr"),
    ("استقبل الرئيس المصري توماس ليندكفيست في القاهرة الوزير التونسي كريم حداد في زيارة إلى "
     "مصر.", "ar"),
])
def test_visits_a_host_at_home_is_no_visitor(extractor, text, lang):
    visits = _visits(extractor, text, lang)
    assert visits and all(v[0] == ["Karim Haddad"] for v in visits), visits


@pytest.mark.parametrize("text,lang", [
    ("Minister Karim Haddad kicked off his Asia tour with a stop in Baku.", "en"),
    ("Le ministre Karim Haddad, accompagné par M. Tomas Lindqvist, avaient fait le "
     "déplacement à Bakou.", "fr"),
    ("صرح وزير الخارجية كريم حداد لدى وصوله إلى باكو بأن الزيارة مهمة.", "ar"),
])
def test_visits_more_arrival_wordings(extractor, text, lang):
    assert _visits(extractor, text, lang) == [(["Karim Haddad"], "location:baku")]


@pytest.mark.parametrize("text,lang", [
    ("Lors de son déplacement à Oslo, le ministre Karim Haddad a rencontré mardi M. Tomas "
     "Lindqvist.", "fr"),
    ("During his trip to Oslo, Minister Karim Haddad met Mr. Tomas Lindqvist on Tuesday.", "en"),
    ("استقبل الوزير توماس ليندكفيست في أوسلو اليوم الوزير كريم حداد لدى وصوله.", "ar"),
    ("أشاد الرئيس توماس ليندكفيست بزيارة الوزير كريم حداد إلى النرويج.", "ar"),
    ("Le président Tomas Lindqvist a reçu mardi le ministre Karim Haddad dès son arrivée.",
     "fr"),
    ("President Tomas Lindqvist received Minister Karim Haddad upon his arrival on Tuesday.",
     "en"),
])
def test_visits_a_trip_an_arrival_or_a_visit_praised_is_a_visit(extractor, text, lang):
    visits = _visits(extractor, text, lang)
    assert visits and all(v[0] == ["Karim Haddad"] for v in visits), visits


def test_visits_a_displacement_of_people_is_no_trip(extractor):
    text = ("Le déplacement forcé des habitants inquiète le ministre Karim Haddad, qui a reçu "
            "M. Tomas Lindqvist.")
    assert _visits(extractor, text, "fr") == []
