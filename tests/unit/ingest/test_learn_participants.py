"""The participant decisions (a): who of the rules' participants stays, and who else named in
the passage joins (companions): candidates, features, gold labels and how a decision is
applied, on sentences written for this test (hand-built NLP input, no Stanza). The models
here are built by hand, so the tests check the stages' mechanics; the shipped models are
checked on written sentences in test_events.py."""

from __future__ import annotations

import pytest

from ingest.annotated import Annotated
from ingest.extract import build_steps, run_steps
from ingest.extract.doc import Doc
from ingest.extract.lexicons import get_lexicons
from ingest.learn.companions import COMPANION_FEATURES, add_companions, companion_candidates
from ingest.learn.labels import companion_labels, participant_labels
from ingest.learn.model import BinaryModel
from ingest.learn.participants import (
    PARTICIPANT_FEATURES,
    decide_participants,
    participant_candidates,
)
from ingest.learn.scorer import GoldNamer
from ingest.reader import raw_article_from_text

PATRON = {
    "fr": ("Sur instruction du président Omar Lindberg, le ministre Karim Haddad a reçu mardi "
           "à Alger M. Tomas Lindqvist et Mme Elena Varga."),
    "en": ("On the instructions of President Omar Lindberg, Minister Karim Haddad met on "
           "Tuesday in Algiers with Mr. Tomas Lindqvist and Mrs. Elena Varga."),
}


def _doc(text: str, lang: str) -> Doc:
    raw = raw_article_from_text(text, lang=lang, date="2023-05-10", source="t-part")
    return run_steps(Doc(raw=raw, ann=Annotated(text=text, lang=lang), lex=get_lexicons()),
                     build_steps())


def _absence_model() -> BinaryModel:
    w = [0.0] * len(PARTICIPANT_FEATURES)
    w[PARTICIPANT_FEATURES.index("absent_before")] = -10.0
    return BinaryModel(kind="logreg", features=list(PARTICIPANT_FEATURES), weights=w, bias=5.0)


def _pairs(doc: Doc) -> list[list[str]]:
    return sorted(sorted(doc.clusters[int(r.split(":")[1])].names[0] for r, _ in ev.participants)
                  for ev in doc.events)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_rules_leave_out_a_patron_named_before_the_host(lang):
    doc = _doc(PATRON[lang], lang)
    assert _pairs(doc) == [["Elena Varga", "Karim Haddad"], ["Karim Haddad", "Tomas Lindqvist"]]


def _rank_model() -> BinaryModel:
    """Rejects the third person named in the sentence (a stand-in decision for the test)."""
    w = [0.0] * len(PARTICIPANT_FEATURES)
    w[PARTICIPANT_FEATURES.index("rank_in_sentence")] = -10.0
    return BinaryModel(kind="logreg", features=list(PARTICIPANT_FEATURES), weights=w, bias=25.0)


def test_a_rejected_counterpart_leaves_the_split_list():
    doc = _doc("Minister Karim Haddad received on Tuesday in Algiers Mr. Tomas Lindqvist and "
               "Mrs. Elena Varga.", "en")
    assert _pairs(doc) == [["Elena Varga", "Karim Haddad"], ["Karim Haddad", "Tomas Lindqvist"]]
    decide_participants(doc, _rank_model())
    assert _pairs(doc) == [["Karim Haddad", "Tomas Lindqvist"]]


def test_a_lone_pair_keeps_its_participants():
    doc = _doc("Minister Karim Haddad met on Tuesday in Algiers with Mr. Tomas Lindqvist.", "en")
    before = _pairs(doc)
    reject_all = BinaryModel(kind="logreg", features=list(PARTICIPANT_FEATURES),
                             weights=[0.0] * len(PARTICIPANT_FEATURES), bias=-5.0)
    decide_participants(doc, reject_all)
    assert _pairs(doc) == before == [["Karim Haddad", "Tomas Lindqvist"]]


def test_candidates_are_the_rules_participants_in_a_stable_order():
    runs = [[(c.event, c.cluster, c.features) for c in participant_candidates(_doc(
        PATRON["en"], "en"))] for _ in range(2)]
    assert runs[0] == runs[1]
    doc = _doc(PATRON["en"], "en")
    assert len(runs[0]) == sum(len(ev.participants) for ev in doc.events)


def test_labels_come_from_the_gold_event_quoting_the_trigger():
    doc = _doc(PATRON["en"], "en")
    gold = {"id": "t", "entities": [{"name": n, "type": "PERSON", "canonical": n} for n in
                                    ("Karim Haddad", "Tomas Lindqvist", "Elena Varga",
                                     "Omar Lindberg")],
            "events": [{"kind": "meeting", "participants": ["Karim Haddad", who],
                        "evidence": PATRON["en"]} for who in ("Tomas Lindqvist", "Elena Varga")]}
    cands = participant_candidates(doc)
    labels = participant_labels(doc, cands, gold, GoldNamer([gold]))
    by_name = {doc.clusters[c.cluster].names[0]: lab for c, lab in zip(cands, labels, strict=False)}
    assert by_name == {"Karim Haddad": 1, "Tomas Lindqvist": 1, "Elena Varga": 1}


# --- who else takes part: persons of the passage the rules did not put in the event --------

# (no presence cue: a sentence saying "a assisté à l'audience" is the attendance rule's,
# `ingest.extract.participants.attendance`, and never reaches the companions)
ATTENDED = ("Le ministre Karim Haddad a reçu mardi à Alger M. Tomas Lindqvist. Mme Elena Varga, "
            "conseillère du ministre, l'accompagnait.")


def _accept_all() -> BinaryModel:
    return BinaryModel(kind="logreg", features=list(COMPANION_FEATURES),
                       weights=[0.0] * len(COMPANION_FEATURES), bias=5.0)


def _candidates(doc: Doc) -> list[tuple[str, str, int]]:
    return [(doc.clusters[c.mate].names[0], doc.clusters[c.cluster].names[0], c.sentence)
            for c in companion_candidates(doc)]


def test_a_person_named_in_the_next_sentence_is_a_candidate_with_each_participant():
    doc = _doc(ATTENDED, "fr")
    assert ["Karim Haddad", "Tomas Lindqvist"] in _pairs(doc)
    assert _candidates(doc) == [("Karim Haddad", "Elena Varga", 1),
                                ("Tomas Lindqvist", "Elena Varga", 1)]
    feats = dict(zip(COMPANION_FEATURES, companion_candidates(doc)[0].features, strict=True))
    assert feats["sent_after_1"] == 1.0 and feats["same_sentence"] == 0.0
    assert feats["lang_fr"] == 1.0 and feats["kind_meet"] == 1.0


def test_an_accepted_person_joins_the_event_when_paired_with_all_its_participants():
    doc = _doc(ATTENDED, "fr")
    add_companions(doc, _accept_all())
    assert ["Elena Varga", "Karim Haddad", "Tomas Lindqvist"] in _pairs(doc)


def test_a_rejected_candidate_changes_nothing():
    doc = _doc(ATTENDED, "fr")
    before = _pairs(doc)
    add_companions(doc, BinaryModel(kind="logreg", features=list(COMPANION_FEATURES),
                                    weights=[0.0] * len(COMPANION_FEATURES), bias=-5.0))
    assert _pairs(doc) == before


@pytest.mark.parametrize("text,pairs", [
    ("Minister Karim Haddad met on Tuesday in Algiers Mr. Tomas Lindqvist and Mrs. Elena "
     "Varga.", []),
    ("Minister Karim Haddad met jointly on Tuesday in Algiers Mr. Tomas Lindqvist and Mrs. "
     "Elena Varga.", [("Elena Varga", "Tomas Lindqvist", 0)]),
])
def test_counterparts_of_a_split_list_are_paired_only_when_said_to_meet_together(text, pairs):
    assert _candidates(_doc(text, "en")) == pairs


def test_companion_labels_are_gold_pairs_and_candidates_are_stable():
    doc = _doc(ATTENDED, "fr")
    gold = {"id": "t", "entities": [{"name": n, "type": "PERSON", "canonical": n} for n in
                                    ("Karim Haddad", "Tomas Lindqvist", "Elena Varga")],
            "events": [{"kind": "meeting", "evidence": ATTENDED, "participants": [
                "Karim Haddad", "Tomas Lindqvist", "Elena Varga"]}]}
    cands = companion_candidates(doc)
    assert companion_labels(doc, cands, gold, GoldNamer([gold])) == [1, 1]
    gold["events"][0]["participants"] = ["Karim Haddad", "Tomas Lindqvist"]
    assert companion_labels(doc, cands, gold, GoldNamer([gold])) == [0, 0]
    again = companion_candidates(_doc(ATTENDED, "fr"))
    assert [(c.event, c.mate, c.cluster, c.features) for c in again] == \
        [(c.event, c.mate, c.cluster, c.features) for c in cands]
