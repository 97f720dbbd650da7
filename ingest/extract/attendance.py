"""Who else took part in an encounter told of before: the persons a later sentence reports
as attending it ("The meeting was attended by X", "وحضر اللقاء X"), the members of a
delegation ("The delegation included A and B", "Figurent dans la délégation…", "ضم الوفد…"),
an escort ("X was accompanied by A and B"), or the guests a reception left unnamed ("a reçu
deux émissaires. Il s'agit de A et B"); and who accompanies someone within a sentence
("X, accompanied by Y, was received by Z"). Used by the event step (`events`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.annotated import Sentence
from ingest.extract.doc import Doc, EventCandidate
from ingest.extract.participants import TITLE_DOT, absent
from ingest.extract.triggers import sentences_of

# Who else was there: "l'audience s'est déroulée en présence de X", "The meeting was attended
# by X and Y", "X and Y were also present", "ont pris part à cet entretien", "وحضر اللقاء X".
_ATTEND = {
    "fr": re.compile(r"en (?:la )?présence\s+(?:notamment\s+|également\s+|aussi\s+)?d"
                     r"|(?:ont|a|avaient|avait)\s+(?:également\s+|aussi\s+)?"
                     r"(?:pris part|assisté)\s+à\s+(?:cet|cette|ces|l['’]|la|le|les)\b"
                     r"|[ée]tai(?:en)?t\s+(?:également\s+|aussi\s+)?présente?s?"
          r"|^\s*il\s+s['’]agit\s+d|\b(?:organisée?s?|accueillie?s?)\s+par\b", re.I),
    "en": re.compile(r"\b(?:was|were)\s+(?:also\s+)?attended\s+by|in the presence of"
                     r"|\b(?:was|were)\s+(?:also\s+)?present\b|\battended the (?:meeting|talks|"
                     r"audience|session)|took part in the (?:meeting|talks|audience)"
                     r"|^\W*hosted\s+by", re.I),
    "ar": re.compile(r"بحضور|(?:^|\s)و?حضر(?:ه|ها)?\s+(?:هذا\s+)?(?:ال)?(?:لقاء|اجتماع|مقابلة|"
                     r"مباحثات|محادثات|استقبال)|(?:^|\s)و?حضر(?:ه|ها)\s"),
}
# A trigger that refers back to an encounter already reported ("l'audience", "the meeting",
# "cet entretien", "اللقاء"): it opens no event of its own in an attendance sentence.
_ANAPHORIC = {
    "fr": re.compile(r"(?:^|\s)(?:l['’]|la\s|le\s|les\s|cet\s|cette\s|ces\s)\s*$", re.I),
    "en": re.compile(r"(?:^|\s)(?:the|this|these|that)\s+$", re.I),
    "ar": re.compile(r"(?!x)x"),
}


# Members of a delegation named after the encounter: "Figurent dans la délégation A et B",
# "The delegation included A and B", "ضم الوفد A و B".
_DELEGATION = {
    "fr": re.compile(r"(?:figur(?:ent|aient|ait|e)|comptai(?:en)?t|se trouvai(?:en)?t)\s+"
                     r"(?:\S+\s+){0,2}(?:dans|parmi|au sein de)\s+(?:la|cette|sa|leur)\s+"
                     r"délégation|délégation\s+(?:\S+\s+){0,4}(?:comprenait|comprend|"
                     r"comptait|compte|incluait|inclut|(?:était|est)\s+composée\s+d)"
                     r"|font\s+partie\s+de\s+(?:la|cette)\s+délégation"
                     r"|(?:membres?|composition)\s+de\s+(?:la|cette)\s+délégation", re.I),
    "en": re.compile(r"delegation\s+(?:\S+\s+){0,4}(?:included|includes|comprised|comprises|"
                     r"consisted of|consists of|was made up of|is made up of|also had)"
                     r"|(?:members of|part of|in|on)\s+(?:the|his|her|this)\s+(?:\S+\s+){0,2}"
                     r"delegation\s+(?:were|was|are|is|included)\b", re.I),
    "ar": re.compile(r"(?:^|\s)و?(?:ضم|يضم|ضمّ|تضم|تألف|يتألف|تكون|يتكون)\s+(?:ال)?وفد"
                     r"|(?:ال)?وفد\s+(?:\S+\s+){0,3}(?:ضم|يضم|تضم|يتألف|يتكون)(?![\w])"
                     r"|(?:^|\s)و?(?:كان|شارك)\s+(?:ضمن|في)\s+(?:ال)?وفد"),
}


# An occasion other than the encounter (a summit, a visit) that an escort came to.
_OCCASION = {
    "fr": re.compile(r"\b(?:sommet|conférence|forum|visite|tournée|session|assemblée)\b",
                     re.I),
    "en": re.compile(r"\b(?:summit|conference|forum|visit|tour|session|assembly)\b", re.I),
    "ar": re.compile(r"(?<![\w])(?:ال)?(?:قمة|مؤتمر|منتدى|زيارة|جولة|دورة)(?![\w])"),
}


# A gathering the escorted person attended ("at the summit", "au sommet", "في القمة").
_GATHERING = {
    "fr": re.compile(r"\b(?:sommet|conférence|forum|session|assemblée)\b", re.I),
    "en": re.compile(r"\b(?:summit|conference|forum|session|assembly)\b", re.I),
    "ar": re.compile(r"(?<![\w])(?:ال)?(?:قمة|مؤتمر|منتدى|دورة)(?![\w])"),
}


@dataclass
class Attendants:
    """Who a sentence reports as attending the encounter told before it: `persons`, and
    `came_with`, the persons named as the ones they came with (whose side they take), or
    `delegation`: they are members of a delegation (the visiting side, or the side the
    sentence names)."""

    persons: list[int]
    came_with: list[int]
    delegation: bool = False
    gathering: bool = False  # an escort at a summit or a conference: that gathering's party


def attendance(doc: Doc, sent: Sentence, triggers: list[tuple[str, int, int, bool]],
               people: list[tuple[int, int, int]]) -> Attendants | None:
    """The persons a sentence reports as attending an encounter told before it, or None when
    the sentence is no such report: it holds a presence cue, a delegation's membership or
    an escort ("X was accompanied by A and B"), and its triggers are only that cue or words
    referring back to the encounter ("The meeting was attended by X and Y")."""
    cue = _ATTEND[doc.lang].search(sent.text)
    delegation = cue is None and _DELEGATION[doc.lang].search(sent.text) is not None
    if delegation:
        cue = _DELEGATION[doc.lang].search(sent.text)
    escort = cue is None and _ESCORT[doc.lang].search(sent.text) is not None
    if escort:
        cue = _ESCORT[doc.lang].search(sent.text)
    if cue is None:
        return None
    c0, c1 = sent.start + cue.start(), sent.start + cue.end()
    for kind, t0, t1, _ in triggers:
        if t0 < c1 and c0 < t1 or kind == "conference" and not escort or \
                kind == "visit" and delegation:  # "the visiting delegation included…"
            continue
        word = doc.text[t0:t1]
        if doc.lang == "ar" and re.match(r"^و?ال", word):
            continue
        if _ANAPHORIC[doc.lang].search(doc.text[max(sent.start, t0 - 8):t0]):
            continue
        return None
    present = [p for p in people if not absent(doc, p[0], sent)]
    came_with: list[int] = []
    if escort:  # the escorted are named before the cue, those escorting after it
        gathering = _GATHERING[doc.lang].search(sent.text) is not None
        if _OCCASION[doc.lang].search(sent.text) and not (gathering and not triggers):
            return None  # "X was accompanied during his visit by…": came to the occasion
        came_with = list(dict.fromkeys(p[2] for p in present if p[1] <= c0))
        present = [p for p in present if p[0] >= c1 and p[2] not in came_with]
        if not came_with:
            return None
        if gathering:  # "X came to the forum with A and B": X's party there
            persons = list(dict.fromkeys(p[2] for p in present))
            return Attendants(persons, came_with, gathering=True) if persons else None
    elif delegation:  # the members are listed right after the cue ("the delegation included A")
        limit = _clause_end(doc, sent, c1, [])
        present = [p for p in present if c1 <= p[0] < limit]
        if present and present[0][0] - c1 > 80:
            return None
    attendants = list(dict.fromkeys(p[2] for p in present))
    return Attendants(attendants, came_with, delegation) if attendants else None


# "X, accompanied by Y, was received by Z": Y comes with X (same side, same events).
_ESCORT = {
    "fr": re.compile(r"accompagnée?s?\s+(?:de|par|du|des)\b|aux\s+côtés\s+d", re.I),
    "en": re.compile(r"accompanied\s+by|alongside", re.I),
    "ar": re.compile(r"برفقة|يرافقه|ترافقه|مرفوقا\s+ب|مرفوقة\s+ب|رافقه"),
}


def tells_an_escort(doc: Doc, sent: Sentence) -> bool:
    """Whether the sentence says someone was accompanied ("accompanied by", "برفقة")."""
    return _ESCORT[doc.lang].search(sent.text) is not None


def accompanying(doc: Doc, sent: Sentence, triggers: list[tuple[str, int, int, bool]],
                 people: list[tuple[int, int, int]]) -> list[int]:
    """The persons a sentence names as accompanying someone: those named after an escort cue
    ("accompagné de", "accompanied by", "برفقة"), up to the next trigger or clause mark."""
    out: list[int] = []
    for m in _ESCORT[doc.lang].finditer(sent.text):
        end = sent.start + m.end()
        limit = _clause_end(doc, sent, end, triggers)
        out += [p[2] for p in people if end <= p[0] < limit]
    return list(dict.fromkeys(out))


def _clause_end(doc: Doc, sent: Sentence, end: int,
                triggers: list[tuple[str, int, int, bool]]) -> int:
    """Where the list opened at `end` stops: a clause mark, a verb, or the next trigger."""
    text = TITLE_DOT.sub(lambda m: m.group(1) + " ", doc.text[end:sent.end])  # "M. X"
    stop = re.search(r"[.;:!?؟]|\s(?:a|ont|avaient|avait|étaient|était|has|have|had|was|"
                     r"were|est|sont|will|would|sera|seront|va|vont)\s", text)
    return min([end + stop.start() if stop else sent.end]
               + [t0 for _, t0, _, _ in triggers if t0 >= end])


_ATTENDED = {"meeting", "talks", "agreement"}
_ATTEND_WINDOW = 5  # sentences since the encounter was last told of


def join_encounter(doc: Doc, si: int, sent: Sentence, attendants: Attendants,
                   guest_role: dict[str, str]) -> bool:
    """Add the attendants of an attendance sentence to the encounter it refers back to: the
    last meeting, talks or signing told of in the sentences just before (every event its
    trigger sentence was split into: "Ces rencontres… en présence de X"). False when there
    is none, so the sentence is read as an event of its own. Those who came with someone
    (an escort, a delegation) take that side's role (`guest_role`: the guests' role in an
    event of each kind)."""
    since = sentences_of(doc)[max(0, si - _ATTEND_WINDOW)].start
    prior = [e for e in doc.events if e.kind in _ATTENDED
             and max(b for _, b in e.evidence) > since]
    if not prior:
        return False
    last = prior[-1]
    if any(e.kind not in ("visit", last.kind) for e in doc.events[doc.events.index(last):]):
        return False  # another encounter was told of since: the sentence is ambiguous
    if attendants.came_with and not any(f"cluster:{c}" in _refs_of(last)
                                        for c in attendants.came_with):
        return False  # "X was accompanied by…" of someone not at the encounter
    for ev in prior:
        if ev.sentence != last.sentence or ev.trigger != last.trigger:
            continue
        refs = _refs_of(ev)
        role = _side(doc, sent, ev, attendants, guest_role)
        ev.participants += [(f"cluster:{c}", role) for c in attendants.persons
                            if f"cluster:{c}" not in refs]
        if (sent.start, sent.end) not in ev.evidence:
            ev.evidence.append((sent.start, sent.end))
    return True


def name_guests(doc: Doc, si: int, sent: Sentence, attendants: Attendants,
                unnamed: EventCandidate | None, guest_role: dict[str, str]) -> bool:
    """"X a reçu deux émissaires… Il s'agit de A et B": the persons the sentence names are
    the guests of the encounter told just before without naming them."""
    if unnamed is None or unnamed.sentence != si - 1 or attendants.came_with:
        return False
    refs = _refs_of(unnamed)
    role = guest_role[unnamed.kind]
    unnamed.participants += [(f"cluster:{c}", role) for c in attendants.persons
                             if f"cluster:{c}" not in refs]
    if len(unnamed.participants) < 2:
        return False
    unnamed.evidence.append((sent.start, sent.end))
    doc.events.append(unnamed)
    return True


def _side(doc: Doc, sent: Sentence, ev: EventCandidate, attendants: Attendants,
          guest_role: dict[str, str]) -> str:
    """The role attendants take in `ev`: that of the person they came with; for a
    delegation, that of the participant whose country the sentence names, else of the
    visitor; "participant" otherwise (present, on no one's side)."""
    roles = dict(ev.participants)
    for c in attendants.came_with:
        if f"cluster:{c}" in roles:
            return roles[f"cluster:{c}"]
    if not attendants.delegation or not roles:
        return "participant"
    for c in attendants.persons:  # "the delegation of President X (a participant) included"
        if f"cluster:{c}" in roles:
            return roles[f"cluster:{c}"]
    if len(set(roles.values())) == 1:
        return next(iter(roles.values()))
    named = {m.entry.id for m in doc.matches if sent.start <= m.start < sent.end
             and m.entry.type == "Country"}
    for ref, role in ev.participants:
        c = doc.clusters[int(ref.split(":")[1])]
        if named & {c.nationality, c.represents}:
            return role
    visitors = {r for e in doc.events if e.kind == "visit" for r, _ in e.participants}
    for ref, role in ev.participants:
        if ref in visitors:
            return role
    if _VISITING[doc.lang].search(sent.text):  # "the visiting delegation": the guests' side
        return guest_role[ev.kind]
    return "participant"


_VISITING = {"fr": re.compile(r"délégation\s+(?:en visite|invitée|visiteuse|qui l['’]accompagn)",
                              re.I),
             "en": re.compile(r"(?:visiting|guest|accompanying)\s+delegation", re.I),
             "ar": re.compile(r"(?:ال)?وفد\s+(?:ال)?(?:زائر|ضيف|مرافق)")}


def _refs_of(ev: EventCandidate) -> frozenset[str]:
    return frozenset(r for r, _ in ev.participants)
