"""Lexicons in isolation: countries (CLDR/ISO) and demonyms, organisations, places, topics."""

from __future__ import annotations

import pytest

from ingest.extract.lexicons import _load_yaml, get_lexicons


def _ids(text: str, lang: str) -> list[str]:
    return [m.entry.id for m in get_lexicons().match_entities(text, lang)]


@pytest.mark.parametrize("text,lang,expected", [
    ("la situation en Libye et au Sahara occidental", "fr", ["country:LY", "country:EH"]),
    ("the situation in Libya and Western Sahara", "en", ["country:LY", "country:EH"]),
    ("الوضع في ليبيا والصحراء الغربية", "ar", ["country:LY", "country:EH"]),
    ("les États-Unis et la Mauritanie", "fr", ["country:US", "country:MR"]),
    ("the United States and Mauritania", "en", ["country:US", "country:MR"]),
    ("الولايات المتحدة وموريتانيا", "ar", ["country:US", "country:MR"]),
])
def test_lexicons_country_names(text, lang, expected):
    assert _ids(text, lang) == expected


@pytest.mark.parametrize("text,lang,expected", [
    ("son homologue algérienne", "fr", "country:DZ"),
    ("les autorités marocaines", "fr", "country:MA"),
    ("his Egyptian counterpart", "en", "country:EG"),
    ("نظيره الجزائري", "ar", "country:DZ"),
    ("الخارجية الموريتانية", "ar", "country:MR"),
])
def test_lexicons_demonyms(text, lang, expected):
    (m,) = [m for m in get_lexicons().match_entities(text, lang) if m.entry.type == "Country"]
    assert m.entry.id == expected and m.entry.demonym


@pytest.mark.parametrize("text,lang,expected", [
    ("l'Organisation des Nations unies (ONU)", "fr", ["organisation:un", "organisation:un"]),
    ("the African Union and the Arab League", "en", ["organisation:african-union",
                                                     "organisation:arab-league"]),
    ("جامعة الدول العربية والاتحاد الإفريقي", "ar", ["organisation:arab-league",
                                                     "organisation:african-union"]),
    ("le Mouvement des non-alignés (MNA)", "fr", ["organisation:nam", "organisation:nam"]),
])
def test_lexicons_organisations_and_acronyms(text, lang, expected):
    assert _ids(text, lang) == expected


def test_lexicons_organisation_yaml_is_broad():
    orgs = _load_yaml("organisations.yaml")
    assert len(orgs) >= 60
    for o in orgs:
        assert all(o["names"].get(lang) for lang in ("fr", "ar", "en")), o["id"]


@pytest.mark.parametrize("text,lang,place,country", [
    ("à Alger", "fr", "location:algiers", "country:DZ"),
    ("in Rabat", "en", "location:rabat", "country:MA"),
    ("في نواكشوط", "ar", "location:nouakchott", "country:MR"),
    ("à Bakou", "fr", "location:baku", "country:AZ"),
])
def test_lexicons_city_resolves_to_country(text, lang, place, country):
    (m,) = get_lexicons().match_entities(text, lang)
    assert m.entry.id == place and get_lexicons().country_of[place] == country


@pytest.mark.parametrize("text,surface", [
    ("وبالجزائر", "الجزائر"), ("والجزائر", "الجزائر"),
    ("للجزائر", "للجزائر"),  # the article's alif is elided: the span keeps the preposition
])
def test_lexicons_arabic_clitics_stripped(text, surface):
    (m,) = get_lexicons().match_entities(text, "ar")
    assert m.entry.id == "country:DZ" and text[m.start:m.end] == surface


@pytest.mark.parametrize("text,lang,topic", [
    ("les relations bilatérales", "fr", "topic:bilateral-relations"),
    ("bilateral relations", "en", "topic:bilateral-relations"),
    ("العلاقات الثنائية", "ar", "topic:bilateral-relations"),
])
def test_lexicons_topics(text, lang, topic):
    assert [m.entry.id for m in get_lexicons().match_topics(text, lang)] == [topic]
