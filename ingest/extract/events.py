"""Event steps: triggers, participants and roles, place, date, topics, evidence; in-article merge.

Kinds meeting, phone_call, visit, talks, agreement, conference, message come from trigger
lexicons in fr/ar/en (`triggers.yaml`). The article's main actor joins an event when the
subject is elided or named by a title ("le chef de la diplomatie algérienne", Arabic pro-drop).
"""

from __future__ import annotations

import functools
import re

from ingest.annotated import Sentence
from ingest.extract.dates import PartialDate, resolve_in
from ingest.extract.doc import Doc, EventCandidate
from ingest.extract.lexicons import Match, get_lexicons
from ingest.normalize import fold

FAMILY = {"meeting": "meet", "talks": "meet"}
_SPLIT_KINDS = {"meeting", "talks", "phone_call"}
_ROLES = {  # kind -> (subject role, object role)
    "meeting": ("host", "guest"), "phone_call": ("caller", "callee"),
    "talks": ("participant", "participant"), "agreement": ("signatory", "signatory"),
    "conference": ("participant", "participant"), "message": ("sender", "recipient"),
    "visit": ("visitor", "visitor"),
}
_PASSIVE_SWAP = {"host": "guest", "guest": "host", "caller": "callee", "callee": "caller",
                 "sender": "recipient", "recipient": "sender"}
_ABSENT = {
    "fr": r"(?:message|lettre|missive|salutations)\s+(?:\w+\s+){0,3}(?:du|de la part du|de)\b"
          r"|envoyée?\s+spéciale?\s+du|au nom du|de la part d[eu]|à l'invitation d[eu]",
    "en": r"(?:message|letter|greetings)\s+(?:\w+\s+){0,3}from|on behalf of|envoy of"
          r"|at the invitation of",
    "ar": r"رسالة\s+(?:\S+\s+){0,3}من|نيابة عن|مبعوثا|مبعوث خاص|حاملا رسالة|بدعوة من",
}
_APPOSITION = {
    "fr": re.compile(r"^\s*,\s*(?:[\w'’-]+\s+){0,5}(?:du|de la|de l['’]|des|de)\s*$", re.I),
    "en": re.compile(r"^\s*,\s*(?:the\s+)?(?:[\w'’-]+\s+){0,5}of\s+(?:the\s+)?$", re.I),
    "ar": re.compile(r"^\s*[،,]\s*(?:\S+\s+){0,4}$"),
}
_COUNTERPART_AR = re.compile(r"(?:^|\s)(?:مع|ب|من قبل|بـ)\s*$")
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


@functools.lru_cache(maxsize=8)
def _trigger_patterns(lang: str) -> list[tuple[str, re.Pattern[str]]]:
    lex = get_lexicons()
    out = []
    for kind, by_lang in lex.triggers.items():
        pats = sorted(by_lang.get(lang, []), key=len, reverse=True)
        if not pats:
            continue
        body = "|".join(pats)
        if lang == "ar":  # harakat and tatweel may follow any letter ("اتصالًا هاتفيًا")
            body = re.sub(r"([\u0621-\u064a])", "\\1[\u064b-\u0652\u0640]*", body)
            rx = rf"(?<![\w])(?:و|ف)?(?:{body})(?![\w])"
        else:
            rx = rf"(?<![\w])(?:{body})(?![\w])"
        out.append((kind, re.compile(rx, re.I)))
    return out


def _phrases(lang: str, key: str) -> re.Pattern[str]:
    items = get_lexicons().titles[lang].get(key, [])
    if not items:
        return re.compile(r"(?!x)x")
    body = "|".join(re.escape(str(i)) for i in sorted(items, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:و|ف|ب|ل)?(?:{body})(?![\w])" if lang == "ar"
                      else rf"(?<![\w])(?:{body})(?![\w])", re.I)


_phrases = functools.lru_cache(maxsize=32)(_phrases)  # type: ignore[assignment]


_ABBREV_END = re.compile(r"(?:(?<![\w])(?:M|MM|Mme|Mmes|Mlle|Mr|Mrs|Ms|Dr|Pr|Prof|St|Gen|Col|"
                         r"Lt|Sen|Rep|Gov|H\.E|S\.E|[A-Z])\.)\s*$")


def sentences_of(doc: Doc) -> list[Sentence]:
    """The article's sentences: the tokenizer's (else a punctuation split), never cut after
    a title abbreviation ("M. Abdelmadjid Tebboune", "Mr. Blinken") or an initial."""
    if doc.sentences is not None:
        return doc.sentences
    if doc.ann.sentences:
        raw = [(s.start, s.end) for s in doc.ann.sentences]
    else:
        raw = [(m.start(), m.end()) for m in re.finditer(r"[^.!?؟\n]+(?:[.!?؟]+|$)", doc.text)
               if m.group().strip()]
    merged: list[list[int]] = []
    for s, e in raw:
        if merged and _ABBREV_END.search(doc.text[merged[-1][0]:merged[-1][1]]) and \
                "\n" not in doc.text[merged[-1][1]:s]:
            merged[-1][1] = e
        else:
            merged.append([s, e])
    doc.sentences = [Sentence(text=doc.text[s:e], start=s, end=e) for s, e in merged]
    return doc.sentences


def find_triggers(doc: Doc, sent: Sentence) -> list[tuple[str, int, int, bool]]:
    """(kind, start, end, passive) for every trigger in the sentence, plans excluded."""
    lang = doc.lang
    found: list[tuple[str, int, int]] = []
    for kind, rx in _trigger_patterns(lang):
        if kind in ("passive", "future"):
            continue
        for m in rx.finditer(sent.text.replace("’", "'")):
            found.append((kind, sent.start + m.start(), sent.start + m.end()))
    found.sort(key=lambda t: (-(t[2] - t[1]), t[1]))
    chosen: list[tuple[str, int, int]] = []
    for t in found:
        if all(t[2] <= c[1] or t[1] >= c[2] for c in chosen):
            chosen.append(t)
    chosen.sort(key=lambda t: t[1])
    future = dict(_trigger_patterns(lang)).get("future")
    passive = dict(_trigger_patterns(lang)).get("passive")
    out = []
    for kind, s, e in chosen:
        before = doc.text[max(sent.start, s - 35):s].replace("’", "'")
        if future is not None and future.search(before):
            continue
        window = doc.text[max(sent.start, s - 25):min(sent.end, e + 25)].replace("’", "'")
        is_passive = bool(passive and passive.search(window))
        out.append((kind, s, e, is_passive))
    kinds = {k for k, *_ in out}
    if "phone_call" in kinds:
        out = [t for t in out if t[0] not in ("talks", "meeting")]
    seen_meet = False
    kept = []
    for t in out:
        if FAMILY.get(t[0]) == "meet":
            if seen_meet:
                continue
            seen_meet = True
        if t[0] in {k for k, *_ in kept} and t[0] not in ("meeting", "talks"):
            continue
        kept.append(t)
    return kept


def _sentence_people(doc: Doc, sent: Sentence) -> list[tuple[int, int, int]]:
    """(start, end, cluster) of persons named in the sentence, by name or by a known title."""
    people = [(p.start, p.end, p.cluster) for p in doc.persons
              if sent.start <= p.start < sent.end and p.cluster >= 0]
    low = fold(sent.text)
    named = list(people)
    for phrase, ci in doc.title_map.items():
        idx = low.find(phrase)
        while idx >= 0:
            # Approximate the offset in the original text (folding keeps word order).
            approx = sent.start + min(idx, len(sent.text) - 1)
            end = approx + len(phrase)
            # (offsets are approximate: folding may shorten the text by a few characters)
            introduces = any(end - 5 <= p[0] <= end + 60 and _only_title_words(
                doc, re.sub(r"^\w*", "", doc.text[end:p[0]])) for p in named)
            if not introduces and not any(abs(approx - s) < len(phrase) + 25
                                          for s, _, c in people if c == ci):
                people.append((approx, approx + len(phrase), ci))
            idx = low.find(phrase, idx + len(phrase))
    if doc.main_actor is not None:
        for m in _phrases(doc.lang, "self").finditer(sent.text):
            s = sent.start + m.start()
            end = sent.start + m.end()
            named_next = any(end <= p[0] <= end + 120 and _only_title_words(
                doc, doc.text[end:p[0]]) for p in people)
            if not named_next:
                people.append((s, s + len(m.group()), doc.main_actor))
    people.sort()
    dedup: list[tuple[int, int, int]] = []
    for p in people:
        if not any(p[0] < q[1] and q[0] < p[1] for q in dedup):
            dedup.append(p)
    return dedup


def _only_title_words(doc: Doc, between: str) -> bool:
    from ingest.extract.entities import _title_words

    words = _title_words(doc.lang)
    return all(fold(w) in words or w[:1].isupper() or fold(w)[2:] in words
               or _is_demonym(doc, fold(w)) for w in re.findall(r"\w+", between))


def _is_demonym(doc: Doc, word: str) -> bool:
    """'libyen', 'الجزائري': a nationality adjective inside a title phrase."""
    return any(m.entry.demonym and fold(doc.text[m.start:m.end]) == word for m in doc.matches)


_TITLE_DOT = re.compile(r"(?<![\w])(M|MM|Mme|Mr|Mrs|Ms|Dr|Pr)\.")


def _absent(doc: Doc, start: int, sent: Sentence) -> bool:
    """Whether the person at `start` is the absent sender of a message, or represented."""
    before = _TITLE_DOT.sub(r"\1", doc.text[max(sent.start, start - 70):start])
    return bool(re.search(rf"(?:{_ABSENT[doc.lang]})[^.;]*$", before, re.I))


def _participants(doc: Doc, sent: Sentence, kind: str, t0: int, t1: int, passive: bool,
                  people: list[tuple[int, int, int]], last_pair: list[int] | None,
                  author: int | None = None) -> tuple[int | None, list[int]]:
    """Subject and objects (cluster indexes); `author` is the signer of a quoted tweet,
    the elided first-person subject of its sentences ("تلقيت اليوم اتصالا…")."""
    people = [p for p in people if not _absent(doc, p[0], sent)]
    subject: int | None = None
    before = [p for p in people if p[1] <= t0]
    after = [p for p in people if p[0] >= t1]
    if doc.lang == "ar":
        if after and not _COUNTERPART_AR.search(doc.text[max(t1, after[0][0] - 12):after[0][0]]) \
                and not re.search(r"(?:^|\s)(?:مع|من)\s", doc.text[t1:after[0][0]]):
            subject = after[0][2]
        else:
            free = [p for p in before if not re.search(
                r"(?:^|\s)(?:مع|من|ب)\s", doc.text[max(sent.start, p[0] - 30):p[0]])]
            if free:
                subject = free[-1][2]
    elif before:
        subject = before[-1][2]
    group = _phrases(doc.lang, "group").search(sent.text)
    objects = [p[2] for p in people if p[2] != subject]
    if subject is None and group and last_pair:
        subject, objects = last_pair[0], [c for c in last_pair[1:]]
    if subject is None and author is not None:
        subject = author
    if subject is None and doc.main_actor is not None:
        subject = doc.main_actor
    if kind == "message" and doc.main_actor in [p[2] for p in before] and \
            subject != doc.main_actor:
        # "… reçu par X, à qui il a remis un message": the main actor delivers it to X.
        objects = [p[2] for p in people if p[2] != doc.main_actor]
        subject = doc.main_actor
    objects = [o for o in dict.fromkeys(objects) if o != subject]
    if kind == "visit":
        objects = []
    return subject, objects


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
                0 <= p[0] - m.end <= 60 and _only_title_words(doc, doc.text[m.end:p[0]])
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
    for si, sent in enumerate(sentences_of(doc)):
        triggers = find_triggers(doc, sent)
        if not triggers:
            continue
        people = _sentence_people(doc, sent)
        tweet_date = _tweet_at(doc, sent.start)
        ref = tweet_date or doc.ref_date
        for kind, t0, t1, passive in triggers:
            subject, objects = _participants(doc, sent, kind, t0, t1, passive, people, last_pair,
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
                continue
            # "a transmis les salutations…": one more report of a message already found.
            same = [e for e in prev if e.kind == kind and kind in ("message", "agreement",
                                                                    "conference")
                    and f"cluster:{subject}" in _refs(e)]
            if not objects and same:
                if (sent.start, sent.end) not in same[-1].evidence:
                    same[-1].evidence.append((sent.start, sent.end))
                continue
            groups = [[o] for o in objects] if kind in _SPLIT_KINDS and len(objects) > 1 \
                else [objects]
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
                    parts += [(f"cluster:{o}", orole) for o in objs]
                    doc.events.append(EventCandidate(
                        kind=kind, sentence=si, trigger=(t0, t1), participants=parts,
                        place=where, date=date, topics=list(topics),
                        evidence=[(sent.start, sent.end)], dated_by_text=dated))
            if subject is not None and len(objects) == 1:
                last_pair = [subject, objects[0]]
    _inherit_context(doc)
    merge_events(doc)


def _refs(ev: EventCandidate) -> frozenset[str]:
    return frozenset(r for r, _ in ev.participants)


def _inherit_context(doc: Doc) -> None:
    """Events inside a visit take its place and (undated) its date."""
    visits = [e for e in doc.events if e.kind == "visit" and e.place]
    for ev in doc.events:
        if ev.kind in ("visit", "phone_call"):
            continue
        for v in visits:
            if _refs(v) & _refs(ev):
                if ev.place is None:
                    ev.place = v.place
                if ev.date is None and v.date is not None and v.sentence <= ev.sentence + 1:
                    ev.date = v.date
                break
    # One occasion per article: when every dated event of the main actor agrees on one date
    # (and every placed one on one place), the undated ones in person share it ("a eu, peu
    # avant la conférence, des entretiens avec…"). Never across two dates or places.
    if doc.main_actor is None:
        return
    main = f"cluster:{doc.main_actor}"
    own = [e for e in doc.events if main in _refs(e) and e.kind != "phone_call"]
    dates = {e.date for e in own if e.date is not None}
    places = {e.place for e in own if e.place is not None}
    for ev in own:
        if ev.date is None and len(dates) == 1 and ev.kind != "visit":
            ev.date = next(iter(dates))
        if ev.place is None and len(places) == 1 and ev.kind != "visit":
            ev.place = next(iter(places))


def merge_events(doc: Doc) -> None:
    """One event per kind family and participant set within an article (dates compatible)."""
    merged: list[EventCandidate] = []
    for ev in doc.events:
        fam = FAMILY.get(ev.kind, ev.kind)
        target = None
        for m in merged:
            if _refs(m) != _refs(ev):
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
        target.topics = list(dict.fromkeys(target.topics + ev.topics))
        for span in ev.evidence:
            if span not in target.evidence:
                target.evidence.append(span)
    doc.events = merged


def lexicon_match_text(doc: Doc, m: Match) -> str:
    return doc.text[m.start:m.end]
