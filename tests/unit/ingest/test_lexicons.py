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


@pytest.mark.parametrize("text,lang,expected", [
    ("la sécurité en mer Rouge et dans la région des Grands Lacs", "fr",
     ["location:red-sea", "location:great-lakes-region"]),
    ("security on the Red Sea and across the Great Lakes region", "en",
     ["location:red-sea", "location:great-lakes-region"]),
    ("الأمن في البحر الأحمر ومنطقة البحيرات العظمى", "ar",
     ["location:red-sea", "location:great-lakes-region"]),
    ("South Africa and Southern Africa", "en", ["country:ZA", "location:southern-africa"]),
    ("le monde musulman et l'Amérique latine", "fr",
     ["location:muslim-world", "location:latin-america"]),
])
def test_lexicons_seas_and_regions_are_places_of_no_one_country(text, lang, expected):
    """Seas and regions an issue is about: places, in no single country."""
    assert _ids(text, lang) == expected
    assert all(get_lexicons().country_of[i] is None for i in expected if i.startswith("loc"))


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


def _countries(text: str, lang: str) -> list[tuple[str, str]]:
    """(surface, country id) of the country matches the lexicon step keeps."""
    from ingest.annotated import Annotated
    from ingest.extract.doc import Doc
    from ingest.extract.entities import lexicon_entities
    from ingest.reader import raw_article_from_text

    raw = raw_article_from_text(text, lang=lang, date="2025-01-01", source="test-lexicons")
    doc = Doc(raw=raw, ann=Annotated(text=text, lang=lang), lex=get_lexicons())
    lexicon_entities(doc)
    return [(text[m.start:m.end], m.entry.id) for m in doc.matches if m.entry.type == "Country"]


@pytest.mark.parametrize("text,lang,expected", [
    # the article names the Democratic Republic: "Congolese" and "Congo" are that one
    ("Le ministre congolais a salué l'accord signé à Kinshasa.", "fr", "country:CD"),
    ("The Congolese delegation welcomed the talks on the DRC.", "en", "country:CD"),
    ("رحب الوزير الكونغولي بالاتفاق حول جمهورية الكونغو الديمقراطية", "ar", "country:CD"),
    # the article names the Republic: they are that one
    ("Le ministre congolais est rentré à Brazzaville.", "fr", "country:CG"),
    ("The Congolese minister flew back to Brazzaville.", "en", "country:CG"),
    ("عاد الوزير الكونغولي إلى برازافيل", "ar", "country:CG"),
    # nothing else named: the lexicon entry's own country
    ("The Congolese minister spoke.", "en", "country:CG"),
])
def test_ambiguous_demonym_takes_the_country_the_article_names(text, lang, expected):
    vague = [cid for surface, cid in _countries(text, lang) if "ongol" in surface
             or "كونغولي" in surface]
    assert vague == [expected]


def test_both_congos_named_keep_their_own_forms():
    found = _countries("La République du Congo et la RDC ont signé; le Congo a salué.", "fr")
    assert ("République du Congo", "country:CG") in found and ("RDC", "country:CD") in found
    assert ("Congo", "country:CG") in found  # two named: the vague form keeps its entry


@pytest.mark.parametrize("code,name", [
    ("CD", "Democratic Republic of the Congo"), ("CG", "Republic of the Congo"),
    ("CI", "Ivory Coast"), ("MM", "Myanmar"), ("PS", "Palestine"), ("TR", "Turkey"),
])
def test_country_display_names_are_conventional_english(code, name):
    assert get_lexicons().names[f"country:{code}"] == name
    assert not any(" - " in n or "SAR" in n or "&" in n
                   for k, n in get_lexicons().names.items() if k.startswith("country:"))


def _issues(text: str, lang: str) -> list[str]:
    """Ids of the issue matches the lexicon step keeps."""
    from ingest.annotated import Annotated
    from ingest.extract.doc import Doc
    from ingest.extract.entities import lexicon_entities
    from ingest.reader import raw_article_from_text

    raw = raw_article_from_text(text, lang=lang, date="2025-01-01", source="test-issues")
    doc = Doc(raw=raw, ann=Annotated(text=text, lang=lang), lex=get_lexicons())
    lexicon_entities(doc)
    return [m.entry.id for m in doc.topic_matches]


@pytest.mark.parametrize("text", [
    "Le pays a obtenu un prêt de la Banque mondiale la semaine passée.",
    "Le pays a reçu une aide du Programme alimentaire mondial la semaine passée.",
    "Le pays a reçu une aide du Fonds international de développement agricole.",
    "Un accord a été conclu avec l'Organisation internationale pour les migrations.",
    "Le Tribunal pénal international a rendu son jugement mardi.",
    "Le dossier sera porté devant la Cour pénale internationale, selon le ministre.",
])
def test_an_issue_adjective_inside_a_french_proper_name_is_no_issue(text):
    assert "topic:international-situation" not in _issues(text, "fr")


@pytest.mark.parametrize("text,lang", [
    ("Les deux ministres ont évoqué la situation internationale et les enjeux mondiaux.",
     "fr"),
    ("Le ministre Karim Haddad a évoqué les questions internationales.", "fr"),
    ("Ministers Discuss International Issues In Oslo", "en"),   # a headline's capitals
    ("بحث الوزيران القضايا الدولية.", "ar"),
])
def test_an_issue_adjective_in_running_text_stays_an_issue(text, lang):
    assert "topic:international-situation" in _issues(text, lang)
