"""Meetings that another interaction implies: the persons who signed an agreement together,
or handed over and received a message, met to do it.

A report often tells only the signing ("the two ministers signed a memorandum on trade") or
only the delivery ("the envoy handed the president a message from his king"), yet the
persons named were in one room: an analyst asking who met whom expects them, and a report of
the same day that tells the talks (and not the signing) names the same interaction. So an
agreement with two or more signatories present gets talks of the same persons, and a message
with its bearer and its recipient present gets a meeting, same date, place, topics and
evidence, unless the article already reports a meeting or talks of two of them that day.

A message counts as handed over only when its sentence says so (`HANDED_OVER`: bearer of,
handed, delivered, سلم…): "X sent a letter to Y" implies no meeting. A handed-over message of
one person, told the day that person met exactly one other ("the envoy, bearer of a message
from his president, was received by the prime minister"), was handed over at that meeting:
the other person is its second party (`lone_messages`).
"""

from __future__ import annotations

import re

from ingest.extract.doc import Doc, EventCandidate
from ingest.extract.merging import merge_events
from ingest.extract.triggers import FAMILY, sentences_of

# kind -> (kind implied, role of each person in it)
IMPLIES = {"agreement": ("talks", "participant"), "message": ("meeting", "participant")}

# A message carried and given in person (the bearer, the hand-over), not one sent.
HANDED_OVER = {
    "fr": re.compile(r"(?<!\w)(?:porteu(?:r|se)s?|remise?s?|remet(?:tre|tant|tent)?|"
                     r"transmise?|transmet(?:tre|tant|tent)?)(?!\w)", re.I),
    "en": re.compile(r"(?<!\w)(?:hand(?:ed|s|ing)?|deliver(?:ed|s|ing)?|convey(?:ed|s|ing)?|"
                     r"brought|bring(?:s|ing)?|carr(?:ied|ies|ying)|bearing|bearer)(?!\w)", re.I),
    "ar": re.compile(r"(?<!\w)(?:و|ف)?(?:سلم|سلمه|سلمها|تسلم|تسلمت|تسليم|بتسليم|نقل|ينقل|"
                     r"حمل|يحمل|حاملا|حاملاً)(?!\w)"),
}


def _handed_over(doc: Doc, ev: EventCandidate) -> bool:
    rx = HANDED_OVER.get(doc.lang)
    return rx is not None and bool(rx.search(sentences_of(doc)[ev.sentence].text))


def _same_day(a: EventCandidate, b: EventCandidate) -> bool:
    return a.date is None or b.date is None or a.date == b.date


def lone_messages(doc: Doc) -> None:
    """Give a message of one present person the one person that person met the same day."""
    met = [ev for ev in doc.events if FAMILY.get(ev.kind) == "meet"]
    for ev in doc.events:
        if ev.kind != "message" or len(ev.refs) != 1 or not _handed_over(doc, ev):
            continue
        ref, role = ev.participants[0]
        partners = {r for m in met if ref in m.refs and _same_day(ev, m) for r in m.refs} - {ref}
        if len(partners) == 1:
            other = "recipient" if role == "sender" else "sender"
            ev.participants = [(ref, role), (partners.pop(), other)]


def implied_meetings(doc: Doc) -> None:
    """Add the talks a signing implies and the meeting a hand-delivered message implies."""
    lone_messages(doc)
    merge_events(doc)
    met = [ev for ev in doc.events if FAMILY.get(ev.kind) == "meet"]
    added: list[EventCandidate] = []
    for ev in doc.events:
        implied = IMPLIES.get(ev.kind)
        if implied is None or len(ev.refs) < 2:
            continue
        if ev.kind == "message" and not _handed_over(doc, ev):
            continue
        if any(len(ev.refs & m.refs) >= 2 and _same_day(ev, m) for m in met + added):
            continue
        kind, role = implied
        added.append(EventCandidate(
            kind=kind, sentence=ev.sentence, trigger=ev.trigger,
            participants=[(ref, role) for ref, _ in ev.participants], place=ev.place,
            date=ev.date, topics=list(ev.topics), evidence=list(ev.evidence),
            dated_by_text=ev.dated_by_text))
    doc.events = doc.events + added
