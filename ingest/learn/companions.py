"""Participant decision (a), second half: who else, named in the passage, takes part?

The rules build an event from its trigger sentence, and most of the gold pairs they miss have
both persons found but never put together: people received together ("X and Y were received
by Z"), the counterpart named in the next sentence, a delegation listed after the trigger.
Candidates: for every event the rules found, each person named in its passage (the sentence
before, its own and the `AFTER` following ones) who is not yet a participant. One feature
vector per (event, person) (`COMPANION_FEATURES`, generic cues only: sentence distance,
position against the trigger, conjunction or list with a participant, presence and absence
cues, head-of-state title, other triggers in between, noise-like names). A candidate the model
accepts joins the event ("partners": its participants), or, where the rules split one
sentence's list into one event per counterpart or the event is a visit, forms a new event
with the event's first participant (a visit's traveller meets the person: a meeting).
Labels (`companion_labels`): does the person form a gold pair with every partner.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from ingest.extract.doc import Doc, EventCandidate
from ingest.extract.merging import merge_events
from ingest.extract.participants import sentence_people
from ingest.extract.triggers import find_triggers, sentences_of
from ingest.learn.cues import ABSENT, HEAD, cue_regex
from ingest.learn.model import BinaryModel

BEFORE, AFTER = 1, 3
_KINDS = ("meet", "phone_call", "visit", "agreement", "conference", "message")
_SPLIT = {"meeting", "talks", "phone_call"}
_CONJ = {"fr": r"(?:,|\bet|\bainsi que|\bavec)\s*$", "en": r"(?:,|\band|\bas well as|\bwith)\s*$",
         "ar": r"(?:،|,|\sو|^و|مع)\s*$"}
_PRESENCE = {
    "fr": r"en présence d|présence d|accompagn|assist|participé|pris part|aux côtés d|"
          r"délégation|entouré|ont été reçus|étaient présents|reçus",
    "en": r"in the presence of|presence of|accompanied|attended|attending|joined|took part|"
          r"delegation|alongside|flanked|were received|were present",
    "ar": r"بحضور|حضور|رافق|يرافقه|مرفوقا|مرفوقة|شارك|ضم|وفد|إلى جانب|بمشاركة",
}
_COUNTERPART = {"fr": r"homologue|reçu|accueilli|avec|entretenu|rencontré|s'est entretenu",
                "en": r"counterpart|received|welcomed|with|met|talks|hosted",
                "ar": r"نظيره|نظيرته|استقبل|مع|التقى|بحث|أجرى"}
_TOGETHER = {"fr": r"ensemble|conjointement|tripartite|quadripartite|trilatéral|mini-sommet|"
                   r"réunion (?:conjointe|commune)",
             "en": r"together|jointly|joint meeting|trilateral|tripartite|quadrilateral|"
                   r"mini-summit|group of",
             "ar": r"مشترك|ثلاثي|رباعي|معا|جميعا|قمة مصغرة"}
_SPEECH = {"fr": r"a déclaré|a affirmé|a souligné|a indiqué|a dit|selon",
           "en": r"said|stated|told|according to|noted|stressed",
           "ar": r"قال|صرح|أكد|أوضح|أشار|وفق"}
COMPANION_FEATURES: tuple[str, ...] = (
    *(f"lang_{x}" for x in ("fr", "ar", "en")), *(f"kind_{k}" for k in _KINDS),
    "sent_before", "same_sentence", "sent_after_1", "sent_after_2", "before_trigger",
    "char_dist_log", "n_partners", "split_siblings", "main_actor", "mentions_article_log",
    "gazetteer_named", "nationality_known", "title_only", "conj_with_partner",
    "conj_before", "list_after_trigger", "presence_before", "absent_before", "head_title",
    "counterpart_before", "speech_near", "clause_marks_between", "triggers_between",
    "triggers_in_its_sentence", "participant_elsewhere", "participant_same_sentence",
    "partner_in_its_sentence", "persons_in_its_sentence", "in_parentheses", "in_tweet",
    "name_one_word", "name_title_word", "name_lower_elsewhere", "name_in_lexicon_match",
    "events_in_article_log", "mate_subject", "mate_main_actor", "mate_same_sentence",
    "mate_conj_adjacent", "mate_is_title", "mate_mentions_log", "sent_after_3",
    "presence_in_sentence", "absent_in_sentence",
)


@dataclass
class CompanionCandidate:
    event: int       # the event whose passage names the person
    mate: int        # the participant it would be paired with
    cluster: int     # the person
    sentence: int    # where the person is named
    features: list[float]


def _refs(ev: EventCandidate) -> list[int]:
    return list(dict.fromkeys(int(r.split(":")[1]) for r, _ in ev.participants))


def siblings(doc: Doc, ei: int) -> bool:
    """Whether the rules split the event's trigger sentence into one event per counterpart."""
    ev = doc.events[ei]
    return any(oj != ei and o.trigger == ev.trigger and o.kind == ev.kind
               for oj, o in enumerate(doc.events))


def mates_of(doc: Doc, ei: int) -> list[int]:
    """The participants a person of the passage may be paired with."""
    return _refs(doc.events[ei])


def _dist(p: tuple[int, int, int], t0: int, t1: int) -> int:
    return abs(p[0] - t1) if p[0] >= t1 else abs(t0 - p[1])


class _Context:
    """Per-article lookups shared by the candidates (people and triggers per sentence)."""

    def __init__(self, doc: Doc) -> None:
        self.doc, self.sents = doc, sentences_of(doc)
        self._people: dict[int, list[tuple[int, int, int]]] = {}
        self._triggers: dict[int, list[tuple[int, int]]] = {}
        lang = doc.lang
        self.conj = cue_regex(_CONJ, lang)
        self.presence = cue_regex(_PRESENCE, lang, r"[^.;!?؟]{0,60}$")
        self.presence_any = cue_regex(_PRESENCE, lang)
        self.absent_any = cue_regex(ABSENT, lang)
        self.absent = cue_regex(ABSENT, lang, r"[^.;!?؟]{0,60}$")
        self.head = cue_regex(HEAD, lang, r"[^.;!?؟]{0,25}$")
        self.counterpart = cue_regex(_COUNTERPART, lang, r"[^.;!?؟]{0,30}$")
        self.speech = cue_regex(_SPEECH, lang)
        self.mentions: dict[int, int] = {}
        for p in doc.persons:
            if p.cluster >= 0:
                self.mentions[p.cluster] = self.mentions.get(p.cluster, 0) + 1
        self.in_events: dict[int, set[int]] = {}
        for ev in doc.events:
            for c in _refs(ev):
                self.in_events.setdefault(c, set()).add(ev.sentence)
        self.noise: dict[int, dict[str, float]] = {}

    def people(self, si: int) -> list[tuple[int, int, int]]:
        if si not in self._people:
            self._people[si] = sentence_people(self.doc, self.sents[si])
        return self._people[si]

    def triggers(self, si: int) -> list[tuple[int, int]]:
        if si not in self._triggers:
            self._triggers[si] = [(s, e) for _, s, e, _ in find_triggers(self.doc,
                                                                         self.sents[si])]
        return self._triggers[si]


def companion_candidates(doc: Doc) -> list[CompanionCandidate]:
    """One candidate per pair (participant, person named in the passage) that no event has
    yet, from the event nearest to the person's mention; stable order."""
    sents = sentences_of(doc)
    if not doc.events or not sents:
        return []
    cx = _Context(doc)
    paired = {frozenset((a, b)) for ev in doc.events for a in _refs(ev) for b in _refs(ev)
              if a != b}
    # counterparts the rules listed in one sentence and split into one event each met apart,
    # unless the sentence says they met together (the annotation guideline)
    apart: set[frozenset[int]] = set()
    together = cue_regex(_TOGETHER, doc.lang)
    by_trigger: dict[tuple[int, int], set[int]] = {}
    for ev in doc.events:
        if ev.kind in _SPLIT:
            by_trigger.setdefault(ev.trigger, set()).update(_refs(ev)[1:])
    for trig, objs in by_trigger.items():
        si = next(i for i, x in enumerate(sents) if x.start <= trig[0] < x.end or i == len(
            sents) - 1)
        if len(objs) > 1 and not together.search(sents[si].text):
            apart.update(frozenset((a, b)) for a in objs for b in objs if a != b)
    best: dict[frozenset[int], tuple[tuple[int, int, int], int, int, int, tuple]] = {}
    for ei, ev in enumerate(doc.events):
        refs = set(_refs(ev))
        si0 = min(ev.sentence, len(sents) - 1)
        t0, t1 = ev.trigger
        for si in range(max(0, si0 - BEFORE), min(len(sents), si0 + AFTER + 1)):
            for p in cx.people(si):
                c = p[2]
                if c in refs:
                    continue
                for m in mates_of(doc, ei):
                    key = frozenset((m, c))
                    if key in paired or key in apart:
                        continue
                    rank = (abs(si - si0), _dist(p, t0, t1), ei)
                    if key not in best or rank < best[key][0]:
                        best[key] = (rank, ei, m, c, (si, p))
    out = []
    for key in sorted(best, key=lambda k: best[k][0][::-1]):
        _, ei, m, c, (si, p) = best[key]
        out.append(CompanionCandidate(ei, m, c, si, _features(cx, ei, m, si, p)))
    return sorted(out, key=lambda x: (x.event, x.cluster, x.mate))


def _features(cx: _Context, ei: int, mate: int, si: int, p: tuple[int, int, int]) -> list[float]:
    from ingest.learn.participants import _noise

    doc, sents = cx.doc, cx.sents
    ev = doc.events[ei]
    refs = set(_refs(ev))
    ps, pe, c = p
    si0 = min(ev.sentence, len(sents) - 1)
    t0, t1 = ev.trigger
    fam = "meet" if ev.kind in ("meeting", "talks") else ev.kind
    sent = sents[si]
    f = dict.fromkeys(COMPANION_FEATURES, 0.0)
    f[f"lang_{doc.lang}"] = 1.0
    if f"kind_{fam}" in f:
        f[f"kind_{fam}"] = 1.0
    dist = si - si0
    f["sent_before"] = float(dist < 0)
    f["same_sentence"] = float(dist == 0)
    f["sent_after_1"] = float(dist == 1)
    f["sent_after_2"] = float(dist == 2)
    f["sent_after_3"] = float(dist == 3)
    f["before_trigger"] = float(pe <= t0)
    f["char_dist_log"] = math.log1p(_dist(p, t0, t1))
    f["n_partners"] = float(len(refs))
    f["split_siblings"] = float(ev.kind in _SPLIT and siblings(doc, ei))
    f["main_actor"] = float(c == doc.main_actor)
    f["mentions_article_log"] = math.log1p(cx.mentions.get(c, 0))
    cl = doc.clusters[c]
    f["gazetteer_named"] = float(bool(cl.name))
    f["nationality_known"] = float(cl.nationality is not None)
    f["title_only"] = float(not any(sent.start <= m.start < sent.end and m.cluster == c
                                    for m in doc.persons))
    others = cx.people(si)
    prev = max((q[1] for q in others if q[1] <= ps), default=sent.start)
    nxt = min((q[0] for q in others if q[0] >= pe), default=sent.end)
    before = doc.text[max(sent.start, ps - 80):ps].replace("’", "'")
    gap_before = doc.text[prev:ps]
    conj = cx.conj

    def adjacent(q: tuple[int, int, int]) -> bool:
        return bool((q[1] == prev and q[1] <= ps and len(doc.text[q[1]:ps]) < 40
                     and conj.search(doc.text[q[1]:ps])) or
                    (q[0] == nxt and q[0] >= pe and len(doc.text[pe:q[0]]) < 40
                     and conj.search(doc.text[pe:q[0]] + " ")))

    f["conj_before"] = float(bool(conj.search(gap_before)) and prev > sent.start)
    f["conj_with_partner"] = float(any(q[2] in refs and adjacent(q) for q in others))
    f["list_after_trigger"] = float(dist == 0 and ps >= t1 and bool(conj.search(gap_before)))
    f["presence_before"] = float(bool(cx.presence.search(before)))
    f["absent_before"] = float(bool(cx.absent.search(before)))
    f["head_title"] = float(bool(cx.head.search(before[-40:])))
    f["counterpart_before"] = float(bool(cx.counterpart.search(before[-50:])))
    lo, hi = sorted((ps, t1 if ps >= t1 else t0))
    between = doc.text[lo:hi] if dist == 0 else ""
    f["speech_near"] = float(bool(cx.speech.search(
        doc.text[max(sent.start, ps - 40):min(sent.end, pe + 40)])))
    f["clause_marks_between"] = float(min(5, len(re.findall(r"[,;:،؛]", between))))
    f["triggers_between"] = float(sum(1 for s, e in cx.triggers(si)
                                      if lo <= s < hi and (s, e) != (t0, t1)))
    f["triggers_in_its_sentence"] = float(len(cx.triggers(si)))
    f["participant_elsewhere"] = float(c in cx.in_events)
    f["participant_same_sentence"] = float(si in cx.in_events.get(c, set()))
    f["partner_in_its_sentence"] = float(any(q[2] in refs for q in others))
    f["persons_in_its_sentence"] = float(min(6, len({q[2] for q in others})))
    f["in_parentheses"] = float(before.count("(") > before.count(")"))
    f["in_tweet"] = float(any(t.start <= ps < t.end for t in doc.tweets))
    if c not in cx.noise:
        cx.noise[c] = _noise(doc, c)
    for k, v in cx.noise[c].items():
        f[k] = v
    f["events_in_article_log"] = math.log1p(len(doc.events))
    f["mate_subject"] = float(_refs(ev)[:1] == [mate])
    f["mate_main_actor"] = float(mate == doc.main_actor)
    f["mate_same_sentence"] = float(any(q[2] == mate for q in others))
    f["mate_conj_adjacent"] = float(any(q[2] == mate and adjacent(q) for q in others))
    f["mate_is_title"] = float(not any(sents[si0].start <= m.start < sents[si0].end and
                                       m.cluster == mate for m in doc.persons))
    f["mate_mentions_log"] = math.log1p(cx.mentions.get(mate, 0))
    f["presence_in_sentence"] = float(bool(cx.presence_any.search(sent.text)))
    f["absent_in_sentence"] = float(bool(cx.absent_any.search(sent.text)))
    return [f[k] for k in COMPANION_FEATURES]


def add_companions(doc: Doc, model: BinaryModel) -> None:
    """Realise the accepted pairs: a person accepted with every participant of a (not split,
    not visit) event joins it; otherwise each accepted pair becomes a new event like the one
    it was found from (a meeting for a visit's traveller). Then merge what now reports the
    same encounter."""
    accepted: dict[tuple[int, int, int], list[int]] = {}
    for c in companion_candidates(doc):
        if model.decide(c.features):
            accepted.setdefault((c.event, c.cluster, c.sentence), []).append(c.mate)
    if not accepted:
        return
    new: list[EventCandidate] = []
    for (ei, c, si), mates in sorted(accepted.items()):
        ev = doc.events[ei]
        ref = f"cluster:{c}"
        refs = _refs(ev)
        if ev.kind != "visit" and not (ev.kind in _SPLIT and siblings(doc, ei)) and \
                set(mates) == set(refs):
            role = ev.participants[-1][1] if len(ev.participants) > 1 else "participant"
            ev.participants.append((ref, role))
            continue
        kind = "meeting" if ev.kind == "visit" else ev.kind
        date, dated = ev.date, ev.dated_by_text
        if ev.kind == "phone_call" and si != ev.sentence:
            # someone named outside the call's sentence met the caller on another occasion,
            # whose date this sentence does not give
            kind, date, dated = "meeting", None, False
        for m in mates:
            mine = next(r for r in ev.participants if r[0] == f"cluster:{m}")
            roles = ("guest", "host") if kind != ev.kind else (
                mine[1], _OTHER_ROLE.get(mine[1], mine[1]))
            new.append(replace(ev, kind=kind, participants=[(mine[0], roles[0]),
                                                            (ref, roles[1])],
                               date=date, dated_by_text=dated, topics=list(ev.topics),
                               evidence=list(ev.evidence)))
    doc.events.extend(new)
    merge_events(doc)


_OTHER_ROLE = {"host": "guest", "guest": "host", "caller": "callee", "callee": "caller",
               "sender": "recipient", "recipient": "sender"}
