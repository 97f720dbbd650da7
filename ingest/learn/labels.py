"""Training labels from gold records: which rule-found events are which gold interactions,
and which topic candidates the gold counts (names compared as the scorer compares them)."""

from __future__ import annotations

from ingest.extract.doc import Doc, EventCandidate
from ingest.learn.features import TopicCandidate
from ingest.learn.scorer import GoldNamer, norm_topic

# Label the topics of an event of two or more persons that matches no gold event as negatives
# (the scorer counts a spurious pair's topics as false ones)? Measured: 1784 candidates instead
# of 1513, 5-fold topics F1 .334 -> .332, devset .496 -> .487: the features cannot tell a
# spurious event, so no.
SPURIOUS_NEGATIVE = False


def _participants(doc: Doc, ev: EventCandidate, namer: GoldNamer) -> set[str]:
    out = set()
    for ref, _ in ev.participants:
        c = namer.canonical(doc.clusters[int(ref.split(":")[1])].names)
        if c is not None:
            out.add(c)
    return out


def _family(kind: str) -> str:
    return "meeting" if kind == "talks" else kind


def gold_topics_of(doc: Doc, ev: EventCandidate, gold: dict, namer: GoldNamer) -> set[str] | None:
    """The normalised gold topics of the interaction `ev` reports (the union over gold events
    sharing two of its participants, or its one participant and kind). An event of two or more
    persons that matches no gold event gets the empty set when `SPURIOUS_NEGATIVE`: the scorer
    counts every topic of a pair that did not meet as a false one. None for the other unmatched
    events (a one-person event of the wrong kind teaches nothing about topics)."""
    parts = _participants(doc, ev, namer)
    if not parts:
        return None
    hits = []
    for g in gold.get("events", []):
        gp = set(g["participants"])
        n = len(gp & parts)
        if len(parts) >= 2 and n >= 2 or (len(parts) == 1 and n == 1
                                           and _family(g["kind"]) == _family(ev.kind)):
            hits.append(g)
    if not hits:
        return set() if SPURIOUS_NEGATIVE and len(ev.participants) >= 2 else None
    return {norm_topic(t) for g in hits for t in g.get("topics", [])}


def topic_labels(doc: Doc, cands: list[TopicCandidate], gold: dict,
                 namer: GoldNamer) -> list[int | None]:
    """1/0 per candidate (is it a gold topic of its event), None where the event is unmatched."""
    lex = doc.lex
    per_event: dict[int, set[str] | None] = {}
    out: list[int | None] = []
    for c in cands:
        if c.event not in per_event:
            per_event[c.event] = gold_topics_of(doc, doc.events[c.event], gold, namer)
        gold_set = per_event[c.event]
        if gold_set is None:
            out.append(None)
            continue
        # as the scorer names an entity: its canonical name, then its mentions' texts
        name = namer.canonical([lex.names.get(c.entity, c.entity.split(":", 1)[-1]),
                                *c.surfaces])
        out.append(int(name is not None and norm_topic(name) in gold_set))
    return out


def _squash(s: str) -> str:
    return " ".join(s.split())


def evidence_events(doc: Doc, ev: EventCandidate, gold: dict) -> list[dict]:
    """The gold events whose evidence quotes the text around the event's trigger."""
    from ingest.extract.events import sentences_of

    sents = sentences_of(doc)
    sent = sents[min(ev.sentence, len(sents) - 1)]
    t0, t1 = ev.trigger
    probe = _squash(doc.text[max(sent.start, t0 - 20):min(sent.end, t1 + 20)])
    return [g for g in gold.get("events", []) if probe and probe in _squash(g.get("evidence", ""))]


def participant_labels(doc: Doc, cands: list, gold: dict, namer: GoldNamer) -> list[int | None]:
    """1/0 per (event, person) candidate: is the person a participant of a gold event whose
    evidence quotes the event's trigger; None where no gold event does."""
    per_event: dict[int, set[str] | None] = {}
    out: list[int | None] = []
    for c in cands:
        if c.event not in per_event:
            hits = evidence_events(doc, doc.events[c.event], gold)
            per_event[c.event] = {p for g in hits for p in g["participants"]} if hits else None
        gold_set = per_event[c.event]
        if gold_set is None:
            out.append(None)
            continue
        name = namer.canonical(doc.clusters[c.cluster].names)
        out.append(int(name is not None and name in gold_set))
    return out


def gold_pairs(gold: dict, namer: GoldNamer) -> set[frozenset[str]]:
    """The unordered person pairs of a gold record's events (as the scorer counts them)."""
    out = set()
    for g in gold.get("events", []):
        ps = sorted({x for x in g["participants"] if namer.types.get(x) == "PERSON"})
        out.update(frozenset((a, b)) for i, a in enumerate(ps) for b in ps[i + 1:])
    return out


def companion_labels(doc: Doc, cands: list, gold: dict, namer: GoldNamer) -> list[int | None]:
    """1/0 per (participant, person of the passage) candidate: is it a gold pair; None when
    the participant has no gold name (an event of NER noise teaches nothing)."""
    pairs = gold_pairs(gold, namer)
    out: list[int | None] = []
    for c in cands:
        mate = namer.canonical(doc.clusters[c.mate].names)
        if mate is None:
            out.append(None)
            continue
        name = namer.canonical(doc.clusters[c.cluster].names)
        out.append(int(name is not None and name != mate and frozenset((name, mate)) in pairs))
    return out
