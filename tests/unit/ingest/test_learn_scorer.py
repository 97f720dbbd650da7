"""The package's gold scorer (`ingest.learn.scorer`) against the shared one, on a fixture
written for this test: same figures, and hand-counted values where they are easy to count."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from ingest.learn.scorer import GoldNamer, gold_fold, score, summary

SHARED_SCORER = Path(__file__).resolve().parents[3].parent / "shared" / "eval" / "score.py"


def _ent(name, typ="PERSON", canonical=None):
    return {"name": name, "type": typ, "canonical": canonical or name}


GOLD = [
    {"id": "t-fr1", "lang": "fr", "text": "…", "date": "2024-03-05",
     "entities": [_ent("Karim Haddad"), _ent("M. Haddad", canonical="Karim Haddad"),
                  _ent("Tomas Lindqvist"), _ent("Elena Varga"), _ent("Mali", "LOC")],
     "events": [
         {"kind": "talks", "participants": ["Karim Haddad", "Tomas Lindqvist"],
          "date": "2024-03-05", "place": "Algiers", "topics": ["Mali", "energy", "trade"],
          "xid": "haddad-lindqvist"},
         {"kind": "meeting", "participants": ["Karim Haddad", "Elena Varga"], "date": "2024-03",
          "place": None, "topics": ["security"], "xid": "t-fr1-e1"}]},
    {"id": "t-en1", "lang": "en", "text": "…", "date": "2024-03-06",
     "entities": [_ent("Karim Haddad"), _ent("Tomas Lindqvist"), _ent("Sahel", "LOC")],
     "events": [
         {"kind": "meeting", "participants": ["Karim Haddad", "Tomas Lindqvist"],
          "date": "2024-03-05", "place": "Algiers", "topics": ["Sahel", "energy"],
          "xid": "haddad-lindqvist"}]},
    {"id": "t-ar1", "lang": "ar", "text": "…", "date": None,
     "entities": [_ent("كريم حداد", canonical="Karim Haddad"), _ent("Nadia Okafor")],
     "events": [
         {"kind": "phone_call", "participants": ["Karim Haddad", "Nadia Okafor"],
          "date": None, "place": None, "topics": [], "xid": "t-ar1-e0"}]},
]


def _person(pid, name, *forms):
    return {"id": pid, "type": "Person", "name": name, "aliases": list(forms),
            "mentions": [{"text": f, "start": 0, "end": len(f)} for f in (name, *forms)]}


def _thing(eid, typ, name):
    return {"id": eid, "type": typ, "name": name, "aliases": [], "mentions": []}


PRED = [
    {"article": {"id": "a1", "source": "t-fr1", "lang": "fr"},
     "entities": [_person("person:haddad", "Karim Haddad", "M. Haddad"),
                  _person("person:lindqvist", "Tomas Lindqvist"),
                  _person("person:varga", "Elena Varga"),
                  _person("person:ghost", "Ghost Person"),
                  _thing("country:ML", "Country", "Mali"),
                  _thing("topic:energy", "Topic", "energy"),
                  _thing("topic:investment", "Topic", "investment"),
                  _thing("topic:culture", "Topic", "culture")],
     "events": [
         {"id": "ev:1", "kind": "meeting", "date": "2024-03-05", "place": None,
          "participants": [{"entity": "person:haddad"}, {"entity": "person:lindqvist"}],
          "topics": ["country:ML", "topic:energy", "topic:investment", "topic:culture"]},
         {"id": "ev:2", "kind": "talks", "date": "2024-04-01", "place": None,
          "participants": [{"entity": "person:haddad"}, {"entity": "person:varga"},
                           {"entity": "person:ghost"}], "topics": []}]},
    {"article": {"id": "a2", "source": "t-en1", "lang": "en"},
     "entities": [_person("person:haddad", "Karim Haddad"),
                  _person("person:lindqvist", "Tomas Lindqvist"),
                  _thing("location:sahel", "Location", "Sahel")],
     "events": [
         {"id": "ev:1", "kind": "talks", "date": "2024-03-05", "place": None,
          "participants": [{"entity": "person:haddad"}, {"entity": "person:lindqvist"}],
          "topics": ["location:sahel"]}]},
    # t-ar1 has no prediction: counted as missing, its gold as false negatives
]


def test_scorer_hand_counted_figures():
    res = score(GOLD, PRED)
    assert res["missing_predictions"] == ["t-ar1"]
    # pairs per article: fr1 gold {H-L, H-V}, predicted {H-L, H-V, H-Ghost, V-Ghost};
    # en1 {H-L} both; ar1 gold {H-O}, nothing predicted
    assert (res["pairs"]["tp"], res["pairs"]["fp"], res["pairs"]["fn"]) == (3, 2, 1)
    # fr1 H-L: gold {Mali, energy, economic cooperation (trade)}, predicted {Mali, energy,
    # economic cooperation (investment), culture}; H-V: gold {security}; en1 H-L: gold
    # {Sahel, energy}, predicted {Sahel}
    assert (res["topics"]["tp"], res["topics"]["fp"], res["topics"]["fn"]) == (4, 1, 2)
    assert (res["topics_entities"]["tp"], res["topics_entities"]["fn"]) == (2, 0)
    # dates: H-L right in both articles; H-V predicted in April, gold March
    assert res["dates"] == {"exact": round(2 / 3, 3), "n": 3}
    assert res["dedup"]["tp"] == 1 and res["dedup"]["fp"] == 0
    assert res["identity"]["false_merges"] == 0 and res["identity"]["splits"] == 0


def test_scorer_names_fold_titles_accents_and_arabic_prefixes():
    namer = GoldNamer(GOLD)
    assert gold_fold("Mme Éléna  Varga") == "elena varga"
    assert namer.canonical(["Karim HADDAD"]) == "Karim Haddad"
    assert namer.canonical(["وكريم حداد"]) == "Karim Haddad"   # attached conjunction
    assert namer.canonical(["Lindqvist"]) == "Tomas Lindqvist"   # a whole-token surname
    assert namer.canonical(["Someone Else"]) is None


def test_scorer_identity_counts_false_merges_and_splits():
    pred = json.loads(json.dumps(PRED))
    # one id for two people in article 1; Lindqvist under another id in article 2
    pred[0]["entities"][2]["id"] = "person:haddad"
    pred[1]["entities"][1]["id"] = "person:lindqvist-2"
    ident = score(GOLD, pred)["identity"]
    assert ident["false_merges"] == 1 and ident["splits"] == 1


@pytest.mark.skipif(not SHARED_SCORER.is_file(), reason="../shared/eval/score.py not present")
def test_scorer_agrees_with_the_shared_scorer():
    spec = importlib.util.spec_from_file_location("shared_score", SHARED_SCORER)
    shared = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shared)
    for pred in (PRED, PRED[:1], []):
        ours, theirs = score(GOLD, pred), shared.score(GOLD, pred)
        for key in ("persons", "pairs", "topics", "topics_entities", "dates", "kinds",
                    "dedup", "identity", "missing_predictions"):
            assert ours[key] == theirs[key], key
        assert summary(ours)["pairs_f1"] == theirs["pairs"]["f1"]
