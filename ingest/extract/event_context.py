"""When and where each event of an article took place, beyond what its own sentence states
(after `events` found the candidates, before they are merged): the day the story is at when
an undated encounter is told (the sentence before, the sentences that go on telling an
event, "Later on…", the sentence that named its persons), the place and date of the visit
an encounter took place in, and the one occasion of the main actor."""

from __future__ import annotations

import re

from ingest.annotated import Sentence
from ingest.extract.dates import PartialDate, resolve_in
from ingest.extract.doc import Doc, EventCandidate
from ingest.extract.participants import absent
from ingest.extract.triggers import sentences_of

_NARRATIVE_WINDOW = 1  # sentences back
_GOES_ON = {
    "en": re.compile(r"\W*(?:later|then|afterwards|subsequently|thereafter)\b", re.I),
    "fr": re.compile(r"\W*(?:ensuite|puis|plus tard|par la suite|peu après)\b", re.I),
    "ar": re.compile(r"\W*(?:و?ثم|و?بعد ذلك|و?لاحقا|و?في وقت لاحق)(?!\w)"),
}


def _recent_day(d: PartialDate | None, ref: PartialDate | None) -> PartialDate | None:
    """`d` when it is a day of the month before the reference date (what a report narrates),
    else None (an anniversary, a deadline, an earlier agreement)."""
    day, until = (d.as_date() if d else None), (ref.as_date() if ref else None)
    if day is None or until is not None and not 0 <= (until - day).days <= 31:
        return None
    return d


def _narrative_dates(doc: Doc) -> None:
    """An undated event takes the day the sentence just before it states (or passed on), when
    that day lies in the month before the report ("On Friday… The day began with… He also
    met…"): the story goes on in the same time, also across a paragraph break."""
    sents = sentences_of(doc)
    stated: dict[int, PartialDate | None] = {}
    for ev in sorted(doc.events, key=lambda e: e.sentence):
        if ev.date is None:
            _narrate(doc, ev, sents, stated)
        day = _recent_day(ev.date, doc.ref_date)
        if day is not None:  # the sentences that go on telling this event are in its time
            for start, _ in ev.evidence:
                si = _sentence_at(sents, start)
                if si > ev.sentence:
                    stated.setdefault(si, day)


def _narrate(doc: Doc, ev: EventCandidate, sents: list[Sentence],
             stated: dict[int, PartialDate | None]) -> None:
    """The narrative date of one undated event (see `_narrative_dates`)."""
    for si in range(ev.sentence - 1, max(-1, ev.sentence - 1 - _NARRATIVE_WINDOW), -1):
        if si not in stated:
            stated[si] = _recent_day(resolve_in(sents[si].text, doc.lang, doc.ref_date),
                                     doc.ref_date)
            # "Later on, …" / "Ensuite, …" / "ثم …": a sentence stating no day of its own
            # goes on in the time of the one before it.
            if stated[si] is None and si > 0 and _GOES_ON[doc.lang].match(sents[si].text) \
                    and stated.get(si - 1) is not None:
                stated[si] = stated[si - 1]
        if stated[si] is not None:
            ev.date, ev.dated_by_text = stated[si], True
            stated.setdefault(ev.sentence, ev.date)  # (its own sentence states none)
            break


def _date_of_same_persons(doc: Doc, ev: EventCandidate, sents: list[Sentence]) -> None:
    """An undated encounter of two or more persons takes the recent day stated by the nearest
    earlier sentence that names them all ("A and B on Sunday rejected… After the talks between
    A and B, …"): the report comes back to the occasion it opened with."""
    persons = {int(r.split(":", 1)[1]) for r in ev.refs if r.startswith("cluster:")}
    if len(persons) < 2:
        return
    named: dict[int, set[int]] = {}
    for c in persons:
        for m in doc.clusters[c].mentions:
            si = _sentence_at(sents, m.start)
            if si >= 0 and not absent(doc, m.start, sents[si]):  # present there, not a sender
                named.setdefault(si, set()).add(c)
    for si in sorted((i for i in named if i < ev.sentence), reverse=True):
        if named[si] == persons:
            day = _recent_day(resolve_in(sents[si].text, doc.lang, doc.ref_date), doc.ref_date)
            if day is not None:
                ev.date, ev.dated_by_text = day, True
                return


def _sentence_at(sents: list[Sentence], offset: int) -> int:
    return next((i for i, s in enumerate(sents) if s.start <= offset < s.end), -1)


def inherit_context(doc: Doc) -> None:
    """Events inside a visit take its place and (undated) its date."""
    _narrative_dates(doc)
    visits = [e for e in doc.events if e.kind == "visit" and e.place]
    for ev in doc.events:
        if ev.kind in ("visit", "phone_call"):
            continue
        for v in visits:
            if v.refs & ev.refs:
                if ev.place is None:
                    ev.place = v.place
                if ev.date is None and v.date is not None and v.sentence <= ev.sentence + 1:
                    ev.date = v.date
                break
    sents = sentences_of(doc)
    for ev in doc.events:
        if ev.date is None:
            _date_of_same_persons(doc, ev, sents)
    # One occasion per article: when every dated event of the main actor agrees on one date
    # (and every placed one on one place), the undated ones in person share it ("a eu, peu
    # avant la conférence, des entretiens avec…"). Never across two dates or places.
    if doc.main_actor is None:
        return
    main = f"cluster:{doc.main_actor}"
    own = [e for e in doc.events if main in e.refs and e.kind != "phone_call"]
    dates = {e.date for e in own if e.date is not None}
    places = {e.place for e in own if e.place is not None}
    for ev in own:
        if ev.date is None and len(dates) == 1 and ev.kind != "visit":
            ev.date = next(iter(dates))
        if ev.place is None and len(places) == 1 and ev.kind != "visit":
            ev.place = next(iter(places))
