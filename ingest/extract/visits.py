"""The implied-visits step: the visits a text tells without a visit trigger of its own, and the
visitor of a visit trigger that the sentence's grammar names elsewhere.

A visit is the traveller alone, at the destination (see the gold guidelines). After `events.v1`:

- the owner of a possessive visit noun is the person named last before it ("received X, … during
  his visit to Norway", "sa visite", "زيارته", "زيارة معاليه"), or the one a demonym before it
  names ("the Chinese minister said his visit…"); "visiting <demonym> counterpart X": X;
- a visit whose visitor is at home (a citizen of the place visited) is the host's report of
  someone else's visit: it goes to the foreign guest of the sentence's reception, or is dropped;
- a guest welcomed abroad ("X a été accueilli par son homologue … à <ville>", "X was welcomed
  by…", "استقبل … X … لدى وصوله") visits the place of the reception, when it is not the
  guest's own country.
"""

from __future__ import annotations

import re

from ingest.annotated import Sentence
from ingest.extract.doc import Doc, EventCandidate
from ingest.extract.merging import merge_events
from ingest.extract.participants import (
    absent,
    only_title_words,
    person_by_demonym,
    sentence_people,
)
from ingest.extract.triggers import sentences_of

# A possessive right before (fr/en) or on (ar) the visit noun: its owner is the visitor.
_POSSESSIVE = {
    "fr": re.compile(r"(?:^|\s)(?:sa|son)\s+(?:\w+\s+){0,2}(?:visite|tournée)\b", re.I),
    "en": re.compile(r"\b(?:his|her)\s+(?:[\w-]+\s+){0,2}(?:visit|tour|trip)\b", re.I),
    "ar": re.compile(r"(?:زيارته|زيارتها|جولته|جولتها|زيارة\s+(?:معاليه|سموه|فخامته))"),
}
# "visiting Chilean counterpart X", "le ministre X, invité": the visitor named (Arabic says
# "نظيره الزائر X" rarely; its visits are found by the possessive and "زيارة X" rules).
_VISITING = {
    "fr": re.compile(r"\b(?:en visite|invitée?)\s*$", re.I),
    "en": re.compile(r"\bvisiting\s+(?:[\w-]+\s+){0,5}$", re.I),
    "ar": re.compile(r"(?!x)x"),
}
# "la visite de X", "the visit of X": X, named right after the connector.
_OF = {
    "fr": re.compile(r"\s+(?:de|du|d['’])\s*", re.I),
    "en": re.compile(r"\s+(?:of|by)\s+", re.I),
    "ar": re.compile(r"\s+"),
}
# Between a visit verb and its destination.
_TO = {"fr": r"\s*(?:à|au|aux|en)?\s*", "en": r"\s*(?:to|in)?\s*",
       "ar": r"\s*(?:إلى|الى|ل|ب)?\s*"}
# An infinitive of purpose or invitation: "to visit", "à visiter", "لزيارة".
_PLANNED = {"fr": re.compile(r"\binvitée?s?\s+(?:[\w.]+\s+){0,4}à\s+(?:une\s+)?$", re.I),
            "en": re.compile(r"(?:\b(?i:invit\w*|expect\w*|plan\w*|due|set|intends?|agree\w*|"
                             r"hopes?|wants?)\s+(?:[^.;]{0,50}\s)?)to\s+$"),
            "ar": re.compile(r"(?:دعوة|دعوته|دعوتها)\s+\S*\s*$|(?:^|\s)(?:سأكون|سنكون|سيكون|"
                             r"ستكون|سوف)\s(?:\S+\s+){0,5}$")}
# A welcome on arrival: the guest has travelled to the host.
_WELCOME = {
    "fr": re.compile(r"\b(?:accueillie?s?\s+par|à son arrivée|dès son arrivée"
                     r"|(?:avaient|ont|a)\s+fait le déplacement)", re.I),
    "en": re.compile(r"\b(?:welcomed by|greeted by|upon (?:his|her) arrival|on (?:his|her) "
                     r"arrival|arriving in)\b", re.I),
    "ar": re.compile(r"(?:لدى|عند|فور|إثر|اثر)\s+وصول(?:ه|ها|هم)?"),
}


def _country(doc: Doc, place: str | None) -> str | None:
    if place is None:
        return None
    if place.startswith("country:"):
        return place
    return doc.lex.country_of.get(place)


def _nat(doc: Doc, ref: str) -> str | None:
    ci = int(ref.split(":")[1])
    c = doc.clusters[ci]
    return c.nationality or c.represents


def _people(doc: Doc, sent: Sentence) -> list[tuple[int, int, int]]:
    return [p for p in sentence_people(doc, sent) if not absent(doc, p[0], sent)]


def _guests(doc: Doc) -> set[int]:
    out = set()
    for ev in doc.events:
        if ev.kind in ("meeting", "talks"):
            for ref, role in ev.participants:
                if role == "guest":
                    out.add(int(ref.split(":")[1]))
    return out


def _cue_visitor(doc: Doc, sent: Sentence, t0: int, t1: int) -> int | None:
    """The visitor the wording names for the visit trigger at t0..t1, else None."""
    people = _people(doc, sent)
    guests = _guests(doc)
    head = doc.text[max(sent.start, t0 - 60):t0]
    v = _VISITING[doc.lang].search(head)
    if doc.lang == "en" and (v is not None or doc.text[t0:t1].lower() == "visiting"):
        after = [p for p in people if t1 <= p[0] <= t1 + 80]
        if after and re.fullmatch(r"[\s\w.-]{0,60}", doc.text[t1:after[0][0]]):
            return after[0][2]
    if v is not None and doc.lang == "fr":
        before = [p for p in people if p[1] <= t0 and t0 - p[1] <= 40]
        if before:
            return before[-1][2]
    # "la visite du président X", "the visit of X", "visit by X", "زيارة الرئيس X"
    of = _OF[doc.lang].match(doc.text, t1, sent.end)
    if of is not None:
        nxt = [p for p in people if p[0] >= of.end()]
        if nxt and nxt[0][0] - of.end() <= 3:
            return nxt[0][2]
    if doc.lang == "en":  # "X's visit"
        own = [p for p in doc.persons if p.cluster >= 0 and sent.start <= p.start
               and re.fullmatch(r"['’]s?\s+(?:[\w-]+\s+){0,2}", doc.text[p.end:t0])]
        if own:
            return own[-1].cluster
    # "X, Chile's top diplomat, landed in…": the title is X's apposition.
    named_at = {p.start: p for p in doc.persons if p.cluster >= 0}
    before = [p for p in people if p[1] <= t0]
    if before and before[-1][0] not in named_at:
        lead = [p for p in doc.persons if p.cluster >= 0 and sent.start <= p.start
                and p.end <= before[-1][0] and re.fullmatch(r"\s*[,،]\s*(?:[\w'’-]+\s*){0,4}",
                                                            doc.text[p.end:before[-1][0]])]
        if lead and re.match(r"[^,،]{0,40}[,،]", doc.text[before[-1][1]:t0]):
            return lead[-1].cluster
    window = doc.text[max(sent.start, t0 - 40):min(sent.end, t1 + 25)]
    if not _POSSESSIVE[doc.lang].search(window):
        return None
    # Named persons first: a title after a name ("X, Foreign Minister, during his visit")
    # is that person's apposition.
    named = [(p.start, p.end, p.cluster) for p in doc.persons
             if sent.start <= p.start and p.end <= t0 and p.cluster >= 0
             and not absent(doc, p.start, sent)]
    before = named or [p for p in people if p[1] <= t0]
    lo = before[-1][1] if before else sent.start
    dem = person_by_demonym(doc, lo, t0, guests)
    if dem is not None:
        return dem
    return before[-1][2] if before else None


def _fix_visitors(doc: Doc, sents: list[Sentence]) -> None:
    """Drop planned visits, give each visit the visitor its wording names, and a place."""
    kept: list[EventCandidate] = []
    for ev in doc.events:
        if ev.kind != "visit" or not ev.participants:
            kept.append(ev)
            continue
        sent = sents[ev.sentence]
        head = doc.text[max(sent.start, ev.trigger[0] - 80):ev.trigger[0]]
        if _PLANNED[doc.lang].search(head) or doc.lang == "en" and re.search(
                r"\bto\s+$", head) and doc.text[ev.trigger[0]] == "V":
            continue  # "invited him to visit", a headline's "X to Visit Y": not (yet) a visit
        cue = _cue_visitor(doc, sent, *ev.trigger)
        if cue is not None:
            ev.participants = [(doc.person_ref(cue), "visitor")]
        home = _country(doc, ev.place)
        ref = ev.participants[0][0]
        if home is not None and cue is None and _nat(doc, ref) == home and \
                not _away(doc, ev, sent, home) and not _title_country(doc, sent, ev, ref):
            continue  # a host at home, and no one else's visit there
        if ev.place is None:
            ev.place = _host_home(doc, ev)
        kept.append(ev)
    doc.events = kept


def _away(doc: Doc, ev: EventCandidate, sent: Sentence, home: str) -> bool:
    """A visit found for a citizen of the place visited (the host at home): it goes to the
    foreign guest the sentence names, or to a place named right after the trigger that is not
    home ("X visited Quito … support to its neighbour"); False when neither exists."""
    ref, (t0, t1) = ev.participants[0][0], ev.trigger
    # the guest of the host's reception in the sentence; "The Peruvian minister arrived in
    # Quito", "the first visit by the Peruvian minister"; "X, Chile's minister, arrived in…"
    other = [r for e in doc.events if e.kind == "meeting" and e.sentence == ev.sentence
             and (ref, "host") in e.participants for r, role in e.participants
             if role == "guest"]
    other += [doc.person_ref(c) for c in (person_by_demonym(doc, sent.start, t0, _guests(doc)),
                                          person_by_demonym(doc, t1, sent.end, _guests(doc)))
              if c is not None]
    other += [doc.person_ref(p.cluster) for p in reversed(doc.persons)
              if sent.start <= p.start and p.end <= t0 and p.cluster >= 0]
    other = [r for r in other if _nat(doc, r) not in (None, home)]
    if other:
        ev.participants = [(other[0], "visitor")]
        return True
    there = _named_after(doc, sent, t1, home)
    if there is not None:
        ev.place = there
        return True
    return False


def _title_country(doc: Doc, sent: Sentence, ev: EventCandidate, ref: str) -> bool:
    """Whether the place visited is named right before the visitor's title, so that it may
    have been read as the country the visitor serves ("arrived in Algiers Foreign Minister
    X", "وصل إلى الجزائر وزير الخارجية X"): then the visitor is not known to be at home."""
    ci = int(ref.split(":")[1])
    places = [m for m in doc.matches if sent.start <= m.start < sent.end
              and _country(doc, m.entry.id) == _country(doc, ev.place)]
    return any(0 <= p.start - m.end <= 60 and only_title_words(doc, doc.text[m.end:p.start])
               for m in places for p in doc.clusters[ci].mentions)


def _named_after(doc: Doc, sent: Sentence, t1: int, home: str) -> str | None:
    """A place named right after the trigger ("visited Asmara") outside `home`."""
    for m in sorted(doc.matches, key=lambda m: m.start):
        if not t1 <= m.start < min(sent.end, t1 + 25) or m.entry.demonym:
            continue
        if m.entry.type in ("Location", "Country") and \
                _country(doc, m.entry.id) not in (None, home) and \
                re.fullmatch(_TO[doc.lang], doc.text[t1:m.start]):
            return m.entry.id
    return None


def _host_home(doc: Doc, visit: EventCandidate) -> str | None:
    """An unplaced visit's destination: the one country of the persons the visitor meets in
    the visit's sentence ("X and visiting Chilean counterpart Y signed…": X's country)."""
    ref = visit.participants[0][0]
    own = _nat(doc, ref)
    homes = {_nat(doc, r) for e in doc.events if e.kind != "visit" and
             e.sentence == visit.sentence and ref in {x for x, _ in e.participants}
             for r, _ in e.participants if r != ref}
    homes.discard(None)
    if own is None or len(homes) != 1 or own in homes:
        return None
    return next(iter(homes))


def _host_country(doc: Doc, ev: EventCandidate, guest: str) -> str | None:
    """Where a reception took place: its place, else the one country of its hosts."""
    where = ev.place
    if where is not None:
        return where
    homes = {_nat(doc, r) for r, role in ev.participants if r != guest and role != "guest"}
    homes.discard(None)
    return next(iter(homes)) if len(homes) == 1 else None


def _welcomed(doc: Doc, sents: list[Sentence]) -> None:
    """A guest welcomed abroad visits the place of the welcome."""
    visitors = {ev.participants[0][0] for ev in doc.events if ev.kind == "visit"
                and ev.participants}
    added: list[EventCandidate] = []
    for ev in doc.events:
        if ev.kind not in ("meeting", "talks"):
            continue
        sent = sents[ev.sentence]
        cue = _WELCOME[doc.lang].search(sent.text)
        if cue is None:
            continue
        guests = [r for r, role in ev.participants if role == "guest"]
        if len(guests) != 1 or guests[0] in visitors:
            continue
        guest = guests[0]
        where = _host_country(doc, ev, guest)
        nat = _nat(doc, guest)
        if where is None or nat is None or _country(doc, where) in (None, nat):
            continue
        visitors.add(guest)
        added.append(EventCandidate(
            kind="visit", sentence=ev.sentence, trigger=(sent.start + cue.start(),
                                                         sent.start + cue.end()),
            participants=[(guest, "visitor")], place=where, date=ev.date,
            evidence=[(sent.start, sent.end)], dated_by_text=ev.dated_by_text))
    doc.events.extend(added)


def implied_visits(doc: Doc) -> None:
    """Fix the visitor of visit triggers and add the visits that receptions abroad imply."""
    if not doc.clusters:
        return
    sents = sentences_of(doc)
    _fix_visitors(doc, sents)
    _welcomed(doc, sents)
    merge_events(doc)
