"""Persons named by their office alone: "le président de la République", "HM the King",
"صاحب الجلالة", "his South African counterpart", "نظيره الفرنسي".

Part of the title step (`titles.title_persons`). A title with no name after it names the
holder of an office in a country: the country comes from a demonym or country name in the
phrase (or right next to it), else, for a head of state, from the city named right after
it ("… à Carthage"), the country of the person named before it in the sentence, or a country
named before it there. The holder is a person of the article from
that country when there is exactly one (the counterpart named elsewhere in the article),
else the one gazetteer entry (`people.yaml`: office, country, period) holding that office in
that country at the article's date. No holder found, no person: never a guess between two.
"""

from __future__ import annotations

import re

from ingest.extract.doc import Doc, PersonMention
from ingest.extract.entities import overlaps, title_words
from ingest.normalize import fold

_PEER = "peer"
_PRESIDENT = ("President", "Transitional President", "Acting Head of State", "Head of State")
_MONARCH = ("King", "Emir", "Sultan")
_HEAD = _PRESIDENT + _MONARCH
# (offices held, pattern): the office phrases per language; a name right after one is its
# holder's name already (the title rules read it), so only bare phrases are resolved here.
# The offices are those of the gazetteer's `role` field (the text before the period).
_PHRASES: dict[str, list[tuple[tuple[str, ...] | str, str]]] = {
    "fr": [(_PRESIDENT, r"(?:le\s+|la\s+)?président(?:e)?\s+de\s+la\s+république"),
           (_HEAD, r"(?:le\s+)?chef\s+de\s+l['’]\s?[ée]tat"),
           (_MONARCH, r"(?:sa\s+majesté\s+)?le\s+roi|le\s+souverain|sa\s+majesté"),
           (("Emir",), r"l['’]émir"), (_PEER, r"(?:son|sa)\s+homologue")],
    "en": [(_PRESIDENT, r"(?:the\s+)?president\s+of\s+the\s+republic"),
           (_HEAD, r"(?:the\s+)?head\s+of\s+state"),
           (_MONARCH, r"(?:his\s+majesty\s+|hm\s+)?the\s+king|his\s+majesty"),
           (("Emir",), r"the\s+emir"), (("Sultan",), r"the\s+sultan"),
           (_PEER, r"(?:his|her)\s+(?:[\w-]+\s+){0,2}counterpart")],
    "ar": [(_PRESIDENT, r"رئيس\s+الجمهورية"),
           (_MONARCH, r"صاحب\s+الجلالة|جلالة\s+الملك|العاهل|الملك"),
           (("Emir",), r"أمير\s+دولة|الأمير"), (("Sultan",), r"السلطان"),
           (_PEER, r"نظيره|نظيرته|نظيرها")],
}
_PERIOD = re.compile(r"(\d{4})\s*(?:-\s*(\d{4})?)?")
_LINK = {"fr": r"^[\s,]*(?:de\s+la\s+|du\s+|de\s+l['’]\s?|des\s+)?$",
         "en": r"^[\s,]*(?:of\s+(?:the\s+)?)?$", "ar": r"^[\s،,]*$"}
_TITLE_DOT = re.compile(r"(?<![\w])(M|MM|Mme|Mr|Mrs|Ms|Dr|Pr|H\.E|S\.E)\.")
_PLACE_PREP = {"fr": r"(?:à|au)\s*$", "en": r"(?:in|at)\s*$", "ar": r"(?:في|ب)\s*$"}


def offices(role: str) -> list[tuple[str, int, int]]:
    """(office, first year, last year) of a gazetteer role: "Foreign Minister (2013-2015,
    2021-2023); UN Envoy (2023-)" gives three; an open end is 9999."""
    out = []
    for part in role.split(";"):
        m = re.match(r"\s*([^(]+?)\s*\(([^)]*)\)", part)
        if not m:
            continue
        for a, b in _PERIOD.findall(m.group(2)):
            out.append((m.group(1), int(a), int(b) if b else 9999))
    return out


def _held(entry, kinds: tuple[str, ...], year: int) -> bool:
    return any(o in kinds and a <= year <= b for o, a, b in offices(entry.role))


def office_persons(doc: Doc) -> None:
    """Add a person mention for every bare office phrase whose holder is known."""
    from ingest.identity.gazetteer import get_people

    if doc.ref_date is None:
        return
    people = get_people()
    year = doc.ref_date.year
    named = [(p, people.find([p.name])) for p in doc.persons if p.source != "title"]
    for kind, rx in _PHRASES[doc.lang]:
        for m in re.finditer(rf"(?<![\w])(?:{rx})(?![\w])", doc.text, re.I):
            s, e = m.start(), m.end()
            if any(overlaps(s, e, p.start, p.end) for p in doc.persons) or _named_after(doc, e):
                continue
            country = _country_in(doc, s, e)
            if country is None and kind != _PEER:
                country = _context_country(doc, s, e, named)
            if country is None:
                continue
            holder = _holder(doc, kind, country, year, s, named, people)
            if holder:
                doc.persons.append(PersonMention(s, e, holder, "title",
                                                 title=fold(doc.text[s:e])))
    doc.persons.sort(key=lambda p: p.start)


def _named_after(doc: Doc, end: int) -> bool:
    """A person named right after the phrase (its holder's name), past title words, a
    demonym or country, commas."""
    words = title_words(doc.lang)
    for p in doc.persons:
        if end <= p.start <= end + 80:
            gap = _TITLE_DOT.sub(r"\1", doc.text[end:p.start])
            if "\n" in gap or re.search(r"[.;:!?؟]", gap):
                continue
            rest = [w for w in re.findall(r"\w+", gap) if fold(w) not in words and not any(
                mm.start <= end + gap.find(w) < mm.end for mm in doc.matches)]
            if not rest:
                return True
    return False


def _country_in(doc: Doc, start: int, end: int) -> str | None:
    """A country named inside the phrase ("his South African counterpart") or right after
    it ("de la République algérienne", "نظيره الفرنسي", "chef de l'État mauritanien")."""
    for m in doc.matches:
        if m.entry.type != "Country":
            continue
        if start <= m.start < end or (end <= m.start <= end + 30 and re.match(
                _LINK[doc.lang], doc.text[end:m.start], re.I)) or (
                m.entry.demonym and 0 <= start - m.end <= 2 and not doc.text[m.end:start].strip()):
            return m.entry.id  # (an adjective before it: "the Tunisian head of state")
    return None


def _sentence_start(doc: Doc, pos: int) -> int:
    cut = max(doc.text.rfind(c, 0, pos) for c in (".", "\n", "!", "?", "؟"))
    return cut + 1


def _context_country(doc: Doc, start: int, end: int, named) -> str | None:
    """A head of state without a country: the country of the place named right after the
    phrase (a presidential palace city right after "le président de la République"), else the
    gazetteer country of the person named last before it in the sentence ("X a été reçu par le
    président de la République": X's own)."""
    s0 = _sentence_start(doc, start)
    for m in doc.matches:
        if end <= m.start <= end + 25 and m.entry.type == "Location" and re.search(
                _PLACE_PREP[doc.lang], doc.text[max(end, m.start - 6):m.start], re.I):
            c = doc.lex.country_of.get(m.entry.id)
            if c:
                return c
    before = [entry for p, entry in named if s0 <= p.start < start and entry is not None]
    if before:
        return before[-1].country
    # "<country>'s minister said the King's visit…": the country named before it
    near = [m for m in doc.matches if m.entry.type == "Country" and s0 <= m.start < start]
    return near[-1].entry.id if near else None


def _holder(doc: Doc, kind: str, country: str, year: int, start: int, named,
            people) -> str | None:
    """The holder's name: the one person of the article from that country (holding a head
    of state's office, for a head), else the one gazetteer entry holding the office."""
    mine = {entry.name: p.name for p, entry in named
            if entry is not None and entry.country == country
            and (kind == _PEER or _held(entry, kind, year))}
    if len(mine) == 1:
        return next(iter(mine.values()))
    if mine:
        return None
    if kind != _PEER:
        kinds = tuple(kind)
    else:  # a counterpart holds the office of the person it is the counterpart of
        before = [entry for p, entry in named if p.start < start and entry is not None
                  and entry.country != country]
        if not before:
            return None
        kinds = tuple(o for o, a, b in offices(before[-1].role) if a <= year <= b)
        if not kinds:
            return None
    hits = [e for e in people.entries if e.country == country and _held(e, kinds, year)]
    return _written_form(hits[0], doc.lang) if len(hits) == 1 else None


def _written_form(entry, lang: str) -> str:
    """The entry's shortest full form in the article's script ("Mohammed VI", "قيس سعيد")."""
    from ingest.identity.names import is_arabic

    forms = [f for f in entry.forms if is_arabic(f) == (lang == "ar")]
    return min(forms, key=len) if forms else entry.name
