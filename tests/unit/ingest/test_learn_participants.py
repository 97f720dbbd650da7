"""The participant decision (a): its candidates, features, gold labels and how a decision is
applied, on sentences written for this test (hand-built NLP input, no Stanza). The model here
is built by hand (one weight on the absence cue), so the test checks the stage's mechanics."""

from __future__ import annotations

import pytest

from ingest.annotated import Annotated
from ingest.extract import build_steps, run_steps
from ingest.extract.doc import Doc
from ingest.extract.lexicons import get_lexicons
from ingest.learn.labels import participant_labels
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
def test_a_rejected_patron_leaves_the_split_list(lang):
    doc = _doc(PATRON[lang], lang)
    assert ["Karim Haddad", "Omar Lindberg"] in _pairs(doc)  # what the rules alone give
    cands = participant_candidates(doc)
    patron = [c for c in cands if doc.clusters[c.cluster].names[0] == "Omar Lindberg"]
    assert patron and all(c.features[PARTICIPANT_FEATURES.index("absent_before")] == 1.0
                          for c in patron)
    decide_participants(doc, _absence_model())
    assert _pairs(doc) == [["Elena Varga", "Karim Haddad"], ["Karim Haddad", "Tomas Lindqvist"]]


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
    assert by_name == {"Karim Haddad": 1, "Omar Lindberg": 0, "Tomas Lindqvist": 1,
                       "Elena Varga": 1}
