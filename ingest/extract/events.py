"""The event step: for each trigger (`triggers`), its participants and roles
(`participants`), place, date, topics and evidence; then when and where the events its
sentence does not date took place (`event_context`), and the in-article merge (`merging`).
"""

from __future__ import annotations

import re

from ingest.annotated import Sentence
from ingest.extract.attendance import (
    accompanying,
    attendance,
    join_encounter,
    name_guests,
    tells_an_escort,
)
from ingest.extract.dates import PartialDate, resolve_in
from ingest.extract.doc import Doc, EventCandidate
from ingest.extract.encounters import one_encounter
from ingest.extract.event_context import inherit_context
from ingest.extract.lexicons import Match
from ingest.extract.merging import fold_lone_signatories, merge_events
from ingest.extract.participants import (
    only_title_words,
    participants_of,
    present_at,
    received_together,
    sentence_people,
)
from ingest.extract.triggers import FAMILY, find_triggers, sentences_of

_SPLIT_KINDS = {"meeting", "talks", "phone_call"}
_ROLES = {  # kind -> (subject role, object role)
    "meeting": ("host", "guest"), "phone_call": ("caller", "callee"),
    "talks": ("participant", "participant"), "agreement": ("signatory", "signatory"),
    "conference": ("participant", "participant"), "message": ("sender", "recipient"),
    "visit": ("visitor", "visitor"),
}
_GUEST_ROLE = {kind: roles[1] for kind, roles in _ROLES.items()}
_PASSIVE_SWAP = {"host": "guest", "guest": "host", "caller": "callee", "callee": "caller",
                 "sender": "recipient", "recipient": "sender"}
_QUOTE = r"[\"”“»«']?"  # a name may be quoted: "“X”, head of the Commission"
_APPOSITION = {
    "fr": re.compile(rf"^{_QUOTE}\s*,\s*(?:[\w'’-]+\s+){{0,5}}(?:du|de la|de l['’]|des|de)\s*$",
                     re.I),
    "en": re.compile(rf"^{_QUOTE}\s*,\s*(?:the\s+)?(?:[\w'’-]+\s+){{0,5}}of\s+(?:the\s+)?$",
                     re.I),
    "ar": re.compile(rf"^{_QUOTE}\s*[،,]\s*(?:\S+\s+){{0,4}}$"),
}
# "held a meeting with X and Y": one meeting with all of them
_ONE_MEETING = {"fr": re.compile(r"(?:une|la même)\s+(?:réunion|rencontre)\b", re.I),
                "en": re.compile(r"\b(?:a|one|the same)\s+(?:joint\s+)?meeting\b", re.I),
                "ar": re.compile(r"اجتماعا\s+(?:مشتركا\s+)?مع")}
_SIDELINES = {
    "fr": r"en marge d[eu']|à l'occasion d[eu']|lors d[eu']",
    "en": r"on the sidelines of|on the margins of|during the|at the",
    "ar": r"على هامش|هامش|خلال أشغال|بمناسبة",
}
_PLACE_PREP = {
    "fr": r"(?:à|au|aux|en|dans|vers|de)\s*$",
    "en": r"(?:in|to|at|into|from)\s*$",
    "ar": r"(?:في|إلى|الى|ب|بـ)\s*$",
}
_ISSUE_NOUNS = {
    "fr": r"(?:peuple|crise|question|dossier|situation|conflit|frères?|autorités)\s+(?:\w+\s+)?$",
    "en": r"(?:people|crisis|question|issue|situation|conflict|brothers)\s+$",
    "ar": r"(?:الشعب|الأزمة|أزمة|الأشقاء|الملف|القضية|الوضع|الأوضاع|الإخوة)\s+$",
}


def _place(doc: Doc, sent: Sentence, kind: str, t1: int) -> tuple[str | None, set[int]]:
    """Place id and the offsets of matches used for it (not topics)."""
    if kind == "phone_call":
        return None, set()
    used: set[int] = set()
    matches = [m for m in doc.matches + doc.other_entities if sent.start <= m.start < sent.end]
    side = re.compile(rf"(?:{_SIDELINES[doc.lang]})\s*$", re.I)
    for m in matches:
        if m.entry.type == "Organisation" and m.entry.seat and \
                side.search(doc.text[max(sent.start, m.start - 30):m.start]):
            used.add(m.start)
            return m.entry.seat, used
    prep = re.compile(_PLACE_PREP[doc.lang], re.I)
    cands = []
    for m in matches:
        if m.entry.demonym:
            continue
        before = doc.text[max(sent.start, m.start - 6):m.start]
        if m.entry.id in doc.lex.topic_places and doc.lex.country_of.get(m.entry.id):
            continue  # Gaza, the Renaissance Dam: what is discussed, not where
        if m.entry.type == "Location" and (doc.lex.country_of.get(m.entry.id) or
                                          m.entry.id.startswith("location:")
                                          and m.entry.id not in doc.lex.country_of):
            if prep.search(before) or (doc.lang == "ar" and doc.text[m.start:m.start + 1] == "ب"):
                cands.append((0 if m.start >= t1 - 200 else 1, m))
        elif m.entry.type == "Country" and kind == "visit" and (prep.search(before) or (
                doc.lang == "ar" and doc.text[m.start - 1:m.start] in ("ب", "ل")
                and not doc.text[m.start - 2:m.start - 1].isalpha())):
            cands.append((2, m))
    if not cands:
        return None, used
    cands.sort(key=lambda c: (c[0], abs(c[1].start - t1)))
    m = cands[0][1]
    used.add(m.start)
    # "Tripoli (Libye)": the parenthesised country belongs to the place.
    for x in matches:
        if x.entry.type == "Country" and 0 < x.start - m.end <= 3:
            used.add(x.start)
    return m.entry.id, used


_LIST_SEP = re.compile(r"^\s*(?:,|،|et|and|و|ou|or)?\s*(?:(?:en|au|aux|à|in|to|إلى|الى)\s+)?"
                       r"(?:l['’]|la |le |les |the )?\s*$", re.I)


def _destinations(doc: Doc, sent: Sentence, t1: int) -> list[str]:
    """Countries listed right after a visit trigger (a tour), in order; [] when none."""
    cands = [m for m in doc.matches if m.entry.type == "Country" and not m.entry.demonym
             and t1 <= m.start < min(sent.end, t1 + 80)]
    out: list[str] = []
    prev_end: int | None = None
    for m in sorted(cands, key=lambda m: m.start):
        gap = doc.text[prev_end:m.start] if prev_end is not None else ""
        if prev_end is not None and not _LIST_SEP.match(gap):
            break
        out.append(m.entry.id)
        prev_end = m.end
    return list(dict.fromkeys(out)) if len(out) >= 2 else []


def _topics(doc: Doc, sent: Sentence, used: set[int], represented: set[str],
            people: list[tuple[int, int, int]]) -> list[str]:
    out: list[str] = []
    issue = re.compile(rf"(?:{_ISSUE_NOUNS[doc.lang]})", re.I)
    for m in doc.matches:
        if not sent.start <= m.start < sent.end or m.start in used:
            continue
        e = m.entry
        if e.type == "Location" and doc.lex.country_of.get(e.id):
            if e.id not in doc.lex.topic_places:
                continue
        if e.type == "Country" and e.id in represented and not (
                not e.demonym and re.search(_PLACE_PREP[doc.lang],
                                            doc.text[max(sent.start, m.start - 8):m.start], re.I)
                and not re.search(r"(?:entre|between|بين)\s+(?:l['’])?$",
                                  doc.text[max(sent.start, m.start - 12):m.start], re.I)):
            continue  # a participant's own country, unless named as a place ("en Libye")
        if e.demonym and not issue.search(doc.text[max(sent.start, m.start - 30):m.start]):
            continue
        # Part of a person's title ("الأمين العام للأمم المتحدة أنطونيو غوتيريش").
        if e.type in ("Organisation", "Country") and any(
                0 <= p[0] - m.end <= 60 and only_title_words(doc, doc.text[m.end:p[0]])
                for p in people):
            continue
        # …or of an apposition after the name ("Mohamed Takala, head of the High Council").
        if e.type == "Organisation" and any(
                0 <= m.start - p[1] <= 50 and _APPOSITION[doc.lang].match(
                    doc.text[p[1]:m.start]) for p in people):
            continue
        if e.type == "Country" and re.search(r"(?:entre|between|بين)\s+(?:l['’]|la |le |les )?$",
                                             doc.text[max(sent.start, m.start - 12):m.start],
                                             re.I):
            continue
        out.append(e.id)
    for m in doc.topic_matches:
        if sent.start <= m.start < sent.end:
            out.append(m.entry.id)
    return list(dict.fromkeys(out))


def _tweet_author(doc: Doc, pos: int) -> int | None:
    """The cluster of the person signing the quoted tweet that contains `pos`, if any."""
    for t in doc.tweets:
        if t.start <= pos < t.signature:
            for p in doc.persons:
                if t.signature <= p.start < t.end and p.cluster >= 0:
                    return p.cluster
    return None


def _tweet_at(doc: Doc, pos: int) -> PartialDate | None:
    for t in doc.tweets:
        if t.start <= pos < t.end:
            return t.date
    return None


def find_events(doc: Doc) -> None:
    """Event candidates, sentence by sentence."""
    last_pair: list[int] | None = None
    unnamed: EventCandidate | None = None  # "X received two envoys": who they are comes next
    for si, sent in enumerate(sentences_of(doc)):
        triggers = find_triggers(doc, sent)
        people = sentence_people(doc, sent) if triggers or doc.events or unnamed or \
            tells_an_escort(doc, sent) else []
        attendants = attendance(doc, sent, triggers, people) if people else None
        if attendants is not None and attendants.gathering:
            # "X came to the forum with A and B": X's party at that gathering
            date = resolve_in(sent.text, doc.lang, doc.ref_date)
            doc.events.append(EventCandidate(
                kind="conference", sentence=si, trigger=(sent.start, sent.start),
                participants=[(doc.person_ref(c), "participant")
                              for c in attendants.came_with + attendants.persons],
                date=date, evidence=[(sent.start, sent.end)], dated_by_text=date is not None))
            continue
        if attendants is not None and (
                join_encounter(doc, si, sent, attendants, _GUEST_ROLE) or
                name_guests(doc, si, sent, attendants, unnamed, _GUEST_ROLE)):
            continue
        unnamed = None
        if not triggers:
            continue
        tweet_date = _tweet_at(doc, sent.start)
        ref = tweet_date or doc.ref_date
        escort = accompanying(doc, sent, triggers, people)
        people = [p for p in people if p[2] not in escort]
        for kind, t0, t1, passive in triggers:
            subject, objects = participants_of(doc, sent, kind, t0, t1, passive, people, last_pair,
                                             _tweet_author(doc, sent.start))
            if subject is None and not objects:
                continue
            place, used = _place(doc, sent, kind, t1)
            # The participants' own countries are who they are, not what they discussed.
            represented = {doc.clusters[c].nationality for c in [subject, *objects]
                           if c is not None and doc.clusters[c].nationality}
            if doc.main_actor is not None and doc.clusters[doc.main_actor].represents:
                represented.add(doc.clusters[doc.main_actor].represents)
            topics = _topics(doc, sent, used, represented, people)
            date = resolve_in(sent.text, doc.lang, ref, near=t0 - sent.start)
            dated = date is not None
            if date is None and tweet_date is not None:
                date, dated = tweet_date, True
            srole, orole = _ROLES[kind]
            if passive:
                srole, orole = _PASSIVE_SWAP.get(srole, srole), _PASSIVE_SWAP.get(orole, orole)
            prev = [e for e in doc.events if FAMILY.get(e.kind, e.kind) ==
                    FAMILY.get(kind, kind)]
            if not objects and kind in _SPLIT_KINDS and prev and not (
                    doc.lang == "ar" and people):
                target = prev[-1]
                if len(triggers) == 1:
                    target.topics = list(dict.fromkeys(target.topics + topics))
                if (sent.start, sent.end) not in target.evidence:
                    target.evidence.append((sent.start, sent.end))
                continue
            if not objects and kind in _SPLIT_KINDS:
                if subject is not None and not prev and len(triggers) == 1:
                    unnamed = EventCandidate(  # "X a reçu deux émissaires": named next
                        kind=kind, sentence=si, trigger=(t0, t1),
                        participants=[(f"cluster:{subject}", _ROLES[kind][0])], place=place,
                        date=date,
                        topics=list(topics), evidence=[(sent.start, sent.end)],
                        dated_by_text=dated)
                continue
            # "a transmis les salutations…": one more report of a message already found.
            same = [e for e in prev if e.kind == kind and kind in ("message", "agreement",
                                                                    "conference")
                    and f"cluster:{subject}" in e.refs]
            if not objects and same:
                if (sent.start, sent.end) not in same[-1].evidence:
                    same[-1].evidence.append((sent.start, sent.end))
                continue
            together, agents = received_together(doc, sent, t0, t1, subject, people) \
                if passive and kind in FAMILY else ([], [])
            if together:  # one reception: the co-subjects keep the subject's role
                objects = agents
            # "X a été accueilli par A, B et C": the hosts listed after a passive reception
            # are one receiving party, not one audience each.
            one = _ONE_MEETING[doc.lang].search(doc.text[max(sent.start, t0 - 12):t1]) or \
                (passive and kind == "meeting" and not together)
            groups = [[o] for o in objects] if kind in _SPLIT_KINDS and len(objects) > 1 \
                and not one and not one_encounter(doc, si, sent, t0, t1, objects, people) \
                else [objects]
            present = present_at(doc, sent, t1, people, objects) if len(groups) > 1 else []
            if present and len(present) < len(objects):
                # "reçu X, en présence de Y et Z": Y and Z attended each audience listed
                groups = [[o, *present] for o in objects if o not in present]
            places = [place]
            if kind == "visit" and (place is None or place.startswith("country:")):
                # "une tournée en Éthiopie, en Égypte et au Soudan", "زار الجزائر والمغرب
                # والكويت": one visit per destination listed.
                dests = _destinations(doc, sent, t1)
                if dests and (place is None or place in dests):
                    places = list(dests)
                    topics = [t for t in topics if t not in places]
            for objs in groups:
                for where in places:
                    parts: list[tuple[str, str]] = []
                    if subject is not None:
                        parts.append((f"cluster:{subject}", srole))
                    parts += [(f"cluster:{c}", srole) for c in together]
                    if subject is not None and kind != "visit":  # who came with the subject
                        parts += [(f"cluster:{c}", srole) for c in escort
                                  if c != subject and c not in objs]
                    parts += [(f"cluster:{o}", orole) for o in objs]
                    doc.events.append(EventCandidate(
                        kind=kind, sentence=si, trigger=(t0, t1), participants=parts,
                        place=where, date=date, topics=list(topics),
                        evidence=[(sent.start, sent.end)], dated_by_text=dated))
            if subject is not None and len(objects) == 1:
                last_pair = [subject, objects[0]]
    doc.events = fold_lone_signatories(doc.events)  # before dates pass from sentence to sentence
    inherit_context(doc)
    merge_events(doc)


def lexicon_match_text(doc: Doc, m: Match) -> str:
    return doc.text[m.start:m.end]
