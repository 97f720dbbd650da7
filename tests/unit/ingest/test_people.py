"""The public-figures lexicon (people.yaml): conventional names, gazetteer, resolution."""

from __future__ import annotations

import pytest

from ingest.annotated import Annotated
from ingest.identity.gazetteer import get_people
from ingest.pipeline import ExtractConfig, Extractor
from ingest.reader import raw_article_from_text


def test_people_lexicon_is_broad_and_well_formed():
    people = get_people()
    assert len(people.entries) >= 400
    names = [e.name for e in people.entries]
    assert len(names) == len(set(names))
    for e in people.entries:
        assert e.role and (e.country or e.org), e.name
        assert any(any("\u0600" <= c <= "\u06ff" for c in f) for f in e.forms), e.name
    countries = {e.country for e in people.entries}
    for c in ("DZ", "MA", "TN", "LY", "MR", "EG", "ML", "NE", "US", "FR", "RU", "CN"):
        assert f"country:{c}" in countries


@pytest.mark.parametrize("names,expected", [
    (["أنطوني بلينكين"], "Antony Blinken"),
    (["أنتوني بلينكن", "بلينكن"], "Antony Blinken"),
    (["Anthony Blinken"], "Antony Blinken"),
    (["أنطونيو غوتيريش"], "António Guterres"),
    (["غوتيريش"], "António Guterres"),
    (["سامح شكري"], "Sameh Shoukry"),
    (["Sameh Choukry"], "Sameh Shoukry"),
    (["مريم الصادق المهدي"], "Mariam al-Sadiq al-Mahdi"),
    (["رمطان لعمامرة", "العمامرة"], "Ramtane Lamamra"),
    (["Sergueï Lavrov"], "Sergey Lavrov"),
    (["ناصر بوريطة"], "Nasser Bourita"),
    (["Kaïs Saïed"], "Kais Saied"),
    (["Abdelhamid Dbeibah"], "Abdul Hamid Dbeibah"),         # French spelling, English name
    (["Mahamat Idriss Déby"], "Mahamat Déby"),
    (["رجب طيب أردوغان"], "Recep Tayyip Erdoğan"),
    (["Moussa Faki Mahamat"], "Moussa Faki"),
    (["أورسولا فون دير لاين"], "Ursula von der Leyen"),
    (["هاكان فيدان", "فيدان"], "Hakan Fidan"),
    (["Fayçal ben Farhane"], "Faisal bin Farhan Al Saud"),
])
def test_people_find_conventional_name(names, expected):
    entry = get_people().find(names)
    assert entry is not None and entry.name == expected


@pytest.mark.parametrize("names", [
    ["Karim Haddad"],             # not a public figure of the list
    ["Mohammed"],                 # a given name alone
    ["Yacine Lamamra"],           # same surname, another given name: another person
    ["Sall"],                     # a surname shared by two listed people
])
def test_people_find_rejects_unknown_or_ambiguous(names):
    assert get_people().find(names) is None


@pytest.mark.parametrize("text,lang,expected", [
    ("Le président Abdelmadjid Tebboune a reçu hier une délégation.", "fr", "Abdelmadjid Tebboune"),
    ("Secretary of State Antony Blinken spoke on Monday.", "en", "Antony Blinken"),
    ("استقبل الرئيس عبد المجيد تبون اليوم وفدا.", "ar", "Abdelmadjid Tebboune"),
    ("وأجرى لافروف محادثات.", "ar", "Sergey Lavrov"),
])
def test_people_gazetteer_matches_text(text, lang, expected):
    hits = get_people().match(text, lang)
    assert [e.name for *_, e in hits] == [expected]
    s, e, _ = hits[0]
    assert text[s:e].strip() and not text[s:e].startswith(("و", " "))


def test_people_gazetteer_needs_capitals_for_one_word_latin_forms():
    assert get_people().match("Their trump card was the vote.", "en") == []


@pytest.mark.parametrize("text,lang,expected", [
    ("تلقى وزير الخارجية رمطان لعمامرة اتصالا هاتفيا من نظيره الأمريكي أنطوني بلينكين.", "ar",
     {"Ramtane Lamamra", "Antony Blinken"}),
    ("Le ministre Ramtane Lamamra s'est entretenu avec Sameh Choukry.", "fr",
     {"Ramtane Lamamra", "Sameh Shoukry"}),
    ("Foreign Minister Ramtane Lamamra met UN chief Antonio Guterres in New York.", "en",
     {"Ramtane Lamamra", "António Guterres"}),
])
def test_people_display_names_are_conventional(tmp_path, text, lang, expected):
    x = Extractor(ExtractConfig(resolution_path=tmp_path / "r.sqlite"))
    raw = raw_article_from_text(text, lang=lang, date="2021-08-06")
    ex = x.extract_annotated(raw, Annotated(text=text, lang=lang))
    x.close()
    persons = {e.name for e in ex.entities if e.type == "Person"}
    assert persons == expected
    ids = {e.id for e in ex.entities if e.type == "Person"}
    assert "person:antony-blinken" in ids or "person:sameh-shoukry" in ids or \
        "person:antonio-guterres" in ids


def test_people_canonical_name_survives_a_reload(tmp_path):
    path = tmp_path / "r.sqlite"
    x = Extractor(ExtractConfig(resolution_path=path))
    t = "Le ministre Ramtane Lamamra a reçu M. Anthony Blinken à Alger."
    x.extract_annotated(raw_article_from_text(t, lang="fr"), Annotated(text=t, lang="fr"))
    x.close()
    y = Extractor(ExtractConfig(resolution_path=path))
    t2 = "التقى وزير الخارجية رمطان لعمامرة السيد أنتوني بلينكن في الجزائر."
    ex = y.extract_annotated(raw_article_from_text(t2, lang="ar"), Annotated(text=t2, lang="ar"))
    y.close()
    names = {e.id: e.name for e in ex.entities if e.type == "Person"}
    assert names["person:antony-blinken"] == "Antony Blinken"
