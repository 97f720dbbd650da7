"""In-article merges: one event per interaction an article tells.

`merge_events` (the event steps): one event per kind family and participant set, dates
compatible. `fold_lone_signatories` (the event step): a signing told first without its
second party. `fold_partial_meetings` (a finishing step, after the learned decisions): a
meeting told in part joins the fuller report of the same day.
"""

from __future__ import annotations

from ingest.extract.doc import Doc, EventCandidate
from ingest.extract.triggers import FAMILY


def _absorb(into: EventCandidate, ev: EventCandidate) -> None:
    """`ev`'s topics and evidence join `into`'s (in order, no repeats)."""
    into.topics = list(dict.fromkeys(into.topics + ev.topics))
    into.evidence += [s for s in ev.evidence if s not in into.evidence]


def merge_events(doc: Doc) -> None:
    """One event per kind family and participant set within an article (dates compatible)."""
    merged: list[EventCandidate] = []
    for ev in doc.events:
        fam = FAMILY.get(ev.kind, ev.kind)
        target = None
        for m in merged:
            if m.refs != ev.refs:
                continue
            if ev.kind == m.kind == "visit" and m.place and ev.place and m.place != ev.place \
                    and doc.lex.country_of.get(m.place) != ev.place \
                    and doc.lex.country_of.get(ev.place) != m.place:
                continue  # a tour: one visit per destination (a city is in its country)
            if FAMILY.get(m.kind, m.kind) != fam:
                # "s'est entretenu par téléphone… ils ont discuté de…": talks held by phone.
                if {FAMILY.get(m.kind, m.kind), fam} != {"meet", "phone_call"} or (
                        m.date and ev.date and m.date != ev.date):
                    continue
            if m.date and ev.date and m.date != ev.date:
                if m.date.month_key() != ev.date.month_key():
                    continue
                if m.date.precision == ev.date.precision == "day":
                    continue
            target = m
            break
        if target is None:
            merged.append(ev)
            continue
        if ev.kind == "phone_call":
            target.kind = "phone_call"
            target.place = None
            target.participants = ev.participants
        if target.date is None or (ev.date and ev.date.precision == "day"
                                   and target.date.precision != "day"):
            target.date = ev.date
        if target.kind != "phone_call":
            if target.place and doc.lex.country_of.get(ev.place or "") == target.place:
                target.place = ev.place  # the city rather than its country
            target.place = target.place or ev.place
        _absorb(target, ev)
    doc.events = merged


def fold_partial_meetings(doc: Doc) -> None:
    """A meeting or talks whose persons are some of those of another meeting or talks of the
    same day (both undated counts) is that meeting told in part: "X received Y… The talks
    were attended by Z and W" gives (X, Y) and then (X, Y, Z, W). It folds into the fullest
    such report (the first in text order among equals), which folds into none, so nothing
    is lost along a chain. Topics and evidence are joined. Runs after the learned decisions
    (`finishing_steps`), on the topics they gave."""
    meets = [ev for ev in doc.events if FAMILY.get(ev.kind) == "meet"]
    out: list[EventCandidate] = []
    for ev in doc.events:
        into = None
        if FAMILY.get(ev.kind) == "meet":
            fuller = [m for m in meets if ev.refs < m.refs and m.date == ev.date]
            into = max(fuller, key=lambda m: len(m.refs), default=None)
        if into is None:
            out.append(ev)
            continue
        _absorb(into, ev)
    doc.events = out


def fold_lone_signatories(events: list[EventCandidate]) -> list[EventCandidate]:
    """An agreement of one person merges into an agreement of the same day (or undated) that
    person signed with others ("Tunisia and Libya signed four agreements… They were signed by
    ministers X and Y"): the same signing, told first without its second party."""
    out: list[EventCandidate] = []
    for ev in events:
        refs = ev.refs
        into = None
        if ev.kind == "agreement" and len(refs) == 1:
            into = next((m for m in events if m is not ev and m.kind == "agreement"
                         and refs < m.refs and (m.date is None or ev.date is None
                                                   or m.date == ev.date)), None)
        if into is None:
            out.append(ev)
            continue
        _absorb(into, ev)
        into.date = into.date or ev.date
    return out
