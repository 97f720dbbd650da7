"""Participant decision (a): is this person a participant of this event?

Candidates: the participants the rules found for every event. One feature vector per
(event, person) (`PARTICIPANT_FEATURES`, generic cues only): where the person is named
against the trigger, cues of absence before the name (patronage, instructions, a sender), a
head-of-state title, and whether the "person" looks like NER noise (one word, a title word, a
word written in lower case elsewhere, inside a place or organisation name). The model keeps or
drops each, as long as the event keeps two participants (one for a visit, agreement or
conference). Roles stay the rules'. (Adding the other persons
of the sentence as candidates was tried: 25 such candidates in the training set, 4 of them
participants, and cross-article identity suffered; see MODELS.md.)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ingest.extract.doc import Doc
from ingest.extract.events import sentences_of
from ingest.learn.cues import ABSENT, HEAD, cue_regex
from ingest.learn.model import BinaryModel

_PAIR_KINDS = {"meeting", "talks", "phone_call", "message"}
_COUNTERPART = {"fr": r"homologue|reçu|accueilli|avec|et\s*$",
                "en": r"counterpart|received|welcomed|with|and\s*$",
                "ar": r"نظيره|نظيرته|استقبل|مع|و\s*$"}
_KINDS = ("meet", "phone_call", "visit", "agreement", "conference", "message")
PARTICIPANT_FEATURES: tuple[str, ...] = (
    *(f"lang_{x}" for x in ("fr", "ar", "en")), *(f"kind_{k}" for k in _KINDS),
    "rule_participant", "rule_subject", "main_actor", "before_trigger", "char_dist_log",
    "persons_in_sentence", "rank_in_sentence", "mentions_article_log", "absent_before",
    "head_title", "counterpart_before",
    "n_rule_participants", "other_events_in_sentence", "in_parentheses", "gazetteer_named",
    "nationality_known", "first_person_in_article", "name_one_word", "name_title_word",
    "name_lower_elsewhere", "name_in_lexicon_match", "names_in_cluster",
)


@dataclass
class ParticipantCandidate:
    event: int
    cluster: int
    features: list[float]


def participant_candidates(doc: Doc) -> list[ParticipantCandidate]:
    """One candidate per (event, person) in a stable order."""
    sents = sentences_of(doc)
    if not doc.events or not sents:
        return []
    lang = doc.lang
    absent = cue_regex(ABSENT, lang, r"[^.;!?؟]{0,60}$")
    head = cue_regex(HEAD, lang, r"[^.;!?؟]{0,25}$")
    counterpart = cue_regex(_COUNTERPART, lang, r"[^.;!?؟]{0,25}$")
    mentions_of: dict[int, int] = {}
    first_of: dict[int, int] = {}
    for p in doc.persons:
        if p.cluster >= 0:
            mentions_of[p.cluster] = mentions_of.get(p.cluster, 0) + 1
            first_of.setdefault(p.cluster, p.start)
    first_cluster = min(first_of, key=lambda c: (first_of[c], c)) if first_of else None
    by_sentence: dict[int, list[int]] = {}
    for ei, ev in enumerate(doc.events):
        by_sentence.setdefault(ev.sentence, []).append(ei)
    noise = {c: _noise(doc, c) for c in sorted({int(r.split(":")[1]) for ev in doc.events
                                                 for r, _ in ev.participants})}
    out: list[ParticipantCandidate] = []
    for ei, ev in enumerate(doc.events):
        sent = sents[min(ev.sentence, len(sents) - 1)]
        refs = [int(r.split(":")[1]) for r, _ in ev.participants]
        in_sent = sorted((p for p in doc.persons if p.cluster >= 0
                          and sent.start <= p.start < sent.end), key=lambda p: p.start)
        order = list(dict.fromkeys(p.cluster for p in in_sent))
        cands = list(dict.fromkeys(refs))
        t0, t1 = ev.trigger
        fam = "meet" if ev.kind in ("meeting", "talks") else ev.kind
        for c in cands:
            ms = [p for p in in_sent if p.cluster == c]
            f = dict.fromkeys(PARTICIPANT_FEATURES, 0.0)
            f[f"lang_{lang}"] = 1.0
            if f"kind_{fam}" in f:
                f[f"kind_{fam}"] = 1.0
            f["rule_participant"] = float(c in refs)
            f["rule_subject"] = float(bool(refs) and refs[0] == c)
            f["main_actor"] = float(c == doc.main_actor)
            f["persons_in_sentence"] = float(len(order))
            f["rank_in_sentence"] = float(order.index(c) + 1 if c in order else 0)
            f["mentions_article_log"] = math.log1p(mentions_of.get(c, 0))
            f["n_rule_participants"] = float(len(refs))
            f["other_events_in_sentence"] = float(len(by_sentence[ev.sentence]) - 1)
            cl = doc.clusters[c]
            f["gazetteer_named"] = float(bool(cl.name))
            f["nationality_known"] = float(cl.nationality is not None)
            f["first_person_in_article"] = float(c == first_cluster)
            for k, v in noise[c].items():
                f[k] = v
            if ms:
                m = min(ms, key=lambda p: min(abs(p.start - t1), abs(t0 - p.end)))
                f["before_trigger"] = float(m.end <= t0)
                f["char_dist_log"] = math.log1p(min(abs(m.start - t1), abs(t0 - m.end)))
                prev = max((p.end for p in in_sent if p.end <= m.start), default=sent.start)
                before = doc.text[max(prev, m.start - 80):m.start].replace("’", "'")
                f["absent_before"] = float(bool(absent.search(before)))
                f["head_title"] = float(bool(head.search(before[-40:])) or bool(
                    m.title and head.search(m.title + " ")))
                f["counterpart_before"] = float(bool(counterpart.search(before[-40:])))
                f["in_parentheses"] = float(before.count("(") > before.count(")"))
            else:  # named elsewhere: the elided subject, a title's referent
                f["char_dist_log"] = math.log1p(1000)
            out.append(ParticipantCandidate(ei, c, [f[k] for k in PARTICIPANT_FEATURES]))
    return out


def _noise(doc: Doc, c: int) -> dict[str, float]:
    """Features of a cluster's name that tell a person from NER noise."""
    from ingest.extract.entities import title_words
    from ingest.normalize import fold

    cl = doc.clusters[c]
    name = max(cl.names, key=lambda n: (len(n.split()), n)) if cl.names else ""
    toks = [fold(t) for t in re.findall(r"\w+", name)]
    titles = title_words(doc.lang)
    lower = doc.lang != "ar" and any(
        re.search(rf"(?<![\w]){re.escape(t)}(?![\w])", doc.text) and t[:1].isalpha()
        for t in (w.lower() for w in re.findall(r"\w+", name) if len(w) > 3))
    spans = [(p.start, p.end) for p in doc.persons if p.cluster == c]
    in_match = any(m.start < e and s < m.end for m in doc.matches + doc.other_entities
                   for s, e in spans)
    return {"name_one_word": float(len(toks) <= 1),
            "name_title_word": float(any(t in titles for t in toks)),
            "name_lower_elsewhere": float(bool(lower)),
            "name_in_lexicon_match": float(in_match),
            "names_in_cluster": float(min(len(cl.names), 5))}


def decide_participants(doc: Doc, model: BinaryModel) -> None:
    """Drop the participants the model rejects, where the event keeps its minimum (two for
    the meeting family, phone calls and messages, one otherwise). Below it, the event goes
    only when it is one of several the rules split from one sentence's list (the patron
    named in "under the patronage of P, A received B and C" gave A-P besides A-B and A-C);
    otherwise it keeps the rules' participants (removing whole events cost cross-article
    identity more than it gained)."""
    rejected: dict[int, set[int]] = {}
    for c in participant_candidates(doc):
        if not model.decide(c.features):
            rejected.setdefault(c.event, set()).add(c.cluster)
    dropped: set[int] = set()
    for ei, ev in enumerate(doc.events):
        drop = rejected.get(ei)
        if not drop:
            continue
        parts = [(r, role) for r, role in ev.participants if int(r.split(":")[1]) not in drop]
        if len(parts) >= (2 if ev.kind in _PAIR_KINDS else 1):
            ev.participants = parts
            continue
        siblings = [oj for oj, o in enumerate(doc.events) if oj != ei and oj not in dropped
                    and o.trigger == ev.trigger and o.kind == ev.kind]
        if siblings and ev.kind in _PAIR_KINDS and parts:
            dropped.add(ei)
    if dropped:
        doc.events = [ev for ei, ev in enumerate(doc.events) if ei not in dropped]
