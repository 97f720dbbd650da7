"""Persons within one article: the mentions found by NER, the gazetteer and the title rules
grouped into one cluster per person (full names first, then surnames and titles), each with
its nationality from evidence in the text and the title aliases it is called by. Resolution
across articles (`registry`) starts from these clusters."""

from __future__ import annotations

import re

from ingest.extract.doc import Cluster, Doc, PersonMention
from ingest.extract.entities import AR_STOP, FUNCTION_WORDS, overlaps, title_words
from ingest.extract.titles import AR_HONORIFICS, title_before
from ingest.extract.triggers import trigger_patterns
from ingest.identity.names import name_tokens, names_an_ancestor, same_person, sub_name
from ingest.normalize import fold


def cluster_persons(doc: Doc) -> None:
    """Group the article's person mentions into people (full names first, then surnames).

    NER LOC/ORG spans that turned out to be persons are dropped from `other_entities`.
    """
    doc.other_entities = [m for m in doc.other_entities if not any(
        overlaps(m.start, m.end, p.start, p.end) for p in doc.persons)]
    _drop_lone_words(doc)
    order = sorted(range(len(doc.persons)),
                   key=lambda i: (-len(name_tokens(doc.persons[i].name)), doc.persons[i].start))
    for i in order:
        p = doc.persons[i]
        best = None
        for ci, c in enumerate(doc.clusters):
            if any(same_person(p.name, n) for n in c.names):
                if best is None or _nearest(c, p) < _nearest(doc.clusters[best], p):
                    best = ci
        if best is None:
            # A part of one full name of the article: a given name alone ("Suzi" after "Suzi
            # Carla Barbosa"), a surname followed by more names ("Déby" in "Mahamat Idriss
            # Déby Itno"), a shorter form ("Sheikh Mohamud"), the first two names ("Ahmad
            # Nasser" for "Ahmad Nasser Al-Sabah"): only the one person it fits.
            owners = [ci for ci, c in enumerate(doc.clusters)
                      if any(_part_of(p.name, n) for n in c.names)]
            if len(owners) > 1 and len(name_tokens(p.name)) == 1:
                # One word in several full names: the one it ends (a surname), else the one
                # it opens ("King Saleh" after "Saleh bin Nasser" and "Rami bin Saleh bin
                # Nasser": the given name of the first).
                tok = name_tokens(p.name)[0]
                for pos in (-1, 0):
                    at = [ci for ci in owners if any(
                        name_tokens(n) and name_tokens(n)[pos] == tok and len(name_tokens(n)) > 1
                        for n in doc.clusters[ci].names)]
                    if at:
                        owners = at
                        break
            if len(owners) == 1:
                best = owners[0]
        if best is None:
            doc.clusters.append(Cluster(names=[p.name]))
            best = len(doc.clusters) - 1
        elif p.name not in doc.clusters[best].names:
            doc.clusters[best].names.append(p.name)
        p.cluster = best
        doc.clusters[best].mentions.append(p)
    for c in doc.clusters:
        c.mentions.sort(key=lambda m: m.start)
    _represents(doc)
    _title_aliases(doc)
    if doc.clusters:
        # A spokesman reports what the article tells; they are not its main actor.
        actors = [ci for ci, c in enumerate(doc.clusters)
                  if not all(_spokesman_before(doc, m.start) for m in c.mentions)] \
            or list(range(len(doc.clusters)))
        first = min(actors, key=lambda ci: doc.clusters[ci].mentions[0].start)
        counts = [(len(doc.clusters[ci].mentions) + (2 if ci == first else 0),
                   -doc.clusters[ci].mentions[0].start, ci) for ci in actors]
        doc.main_actor = max(counts)[2]


# The title of whoever speaks for a ministry or a presidency, right before the name.
_SPOKESMAN = re.compile(r"(?:porte[-\s]?parole|spokes(?:man|woman|person)|المتحدثة?|الناطقة?)"
                        r"[^.!?؟\n]{0,70}$", re.I)


def _spokesman_before(doc: Doc, start: int) -> bool:
    """Whether a spokesman's title introduces the mention at `start` ("the ministry's
    spokesperson, Mr. X", "porte-parole du ministère, M. X", "المتحدث باسم الوزارة X")."""
    lo = max(0, start - 80)
    cue = _SPOKESMAN.search(_HONORIFIC_DOT.sub(lambda m: " " * len(m.group()), doc.text[lo:start]))
    # nobody else named between the title and the name ("spokesman X said that minister Y")
    return cue is not None and not any(lo + cue.start() < p.start and p.end <= start
                                       for p in doc.persons)


def _part_of(part: str, full: str) -> bool:
    """`part` is a part of the full name `full` of the same article (see cluster_persons)."""
    pt, ft = name_tokens(part), name_tokens(full)
    if not pt or len(ft) <= len(pt) or len(ft) < 2 or names_an_ancestor(part, full):
        return False
    if len(pt) == 1:
        return pt[0] in ft
    if pt[-1] == ft[-1] and _subsequence(pt, ft) or sub_name(part, full):
        return True
    return len(ft) >= 3 and pt[:2] == ft[:2]


def _subsequence(short: list[str], long_: list[str]) -> bool:
    it = iter(long_)
    return all(any(t == x for x in it) for t in short)


def _drop_lone_words(doc: Doc) -> None:
    """Drop one-word "persons" that nothing supports: news names people in full first, so a
    lone word that is neither part of a full name in the article, nor a listed public figure,
    nor introduced by a title is NER noise ("Nation", "حللت", "LinkedIn")."""
    from ingest.identity.gazetteer import get_people

    fulls = [p.name for p in doc.persons if len(name_tokens(p.name)) >= 2]
    firsts = {name_tokens(n)[0] for n in fulls}
    keep = []
    for p in doc.persons:
        toks = name_tokens(p.name)
        if len(toks) >= 2 or p.source in ("title", "lexicon") or toks and toks[0] in firsts \
                or any(same_person(p.name, n) or _part_of(p.name, n) for n in fulls) \
                or get_people().find([p.name]) is not None \
                or title_before(doc, p.start) is not None:
            keep.append(p)
    doc.persons = keep


def _nearest(c: Cluster, p: PersonMention) -> int:
    before = [p.start - m.start for m in c.mentions if m.start <= p.start]
    return min(before) if before else 10**9


_POSSESSIVE = re.compile(r"^(?:['’]s)?\s*$")  # "Egypt's foreign minister"
# the dot of an honorific is no sentence end ("le ministre tunisien des Affaires étrangères, M. X")
_HONORIFICS = ("m", "mme", "mr", "mrs", "ms", "dr", "السيد", "السيدة")
_HONORIFIC_DOT = re.compile(r"(?<![\w.])(?:M|Mr|Mrs|Ms|Dr|Pr|H\.E|S\.E|HE|SE)\.", re.I)


def _represents(doc: Doc) -> None:
    """Whom each person represents, from evidence only (never from mere co-occurrence):
    the gazetteer entry's country or organisation; else a country or demonym inside the
    title that introduces the name ("son homologue libyen, X", "Egypt's foreign minister X",
    "وزير الخارجية المصري X"). `nationality` keeps the country alone (the gazetteer's, or a
    demonym right before the name). Ties go to the mention seen first (no set order)."""
    from ingest.identity.gazetteer import get_people

    countries = [m for m in doc.matches if m.entry.type == "Country"]
    for ci, c in enumerate(doc.clusters):
        # (a demonym names the person right after it, not one named after another person)
        others = [q for k, o in enumerate(doc.clusters) if k != ci for q in o.mentions]
        for p in c.mentions:
            title = title_before(doc, p.start)
            if title is None:
                continue
            if title[1] and all(w in _HONORIFICS for w in title[0].split()):
                title = title_before(doc, title[1]) or title  # "… tunisien, M. X": the fuller one
            inside = [m for m in countries if m.end <= p.start and (title[1] <= m.start or (
                m.end <= title[1] and _POSSESSIVE.match(doc.text[m.end:title[1]])))
                and not _another_phrase(doc, doc.text[m.end:p.start])]
            if inside:  # the country nearest the name within its title
                p.represents = inside[-1].entry.id
        entry = get_people().find(c.names)
        reps = [p.represents for p in c.mentions if p.represents]
        if entry is not None and entry.represents:
            c.represents = entry.represents
        elif reps:
            c.represents = max(dict.fromkeys(reps), key=reps.count)
        if entry is not None and entry.country:
            c.nationality = entry.country
        else:
            for p in c.mentions:
                dem = [m for m in countries if m.entry.demonym and 0 <= p.start - m.end <= 40
                       and not re.search(r"[.\n;]", _HONORIFIC_DOT.sub("", doc.text[m.end:p.start]))
                       and not any(m.end <= q.start < p.start for q in others)
                       and not _another_phrase(doc, doc.text[m.end:p.start])]
                if dem:
                    c.nationality = dem[-1].entry.id
                    break
            if c.nationality is None and c.represents and c.represents.startswith("country:"):
                c.nationality = c.represents


def _another_phrase(doc: Doc, between: str) -> bool:
    """Whether the words between a demonym and a name start another phrase, so that the
    demonym is not this person's: a verb of an encounter ("Tunisian FM meets President X",
    "le ministre tunisien a rencontré le président X"), or in Arabic, where the demonym
    follows its noun, another title or a word that is no part of one ("وزير الخارجية التونسي
    الرئيس X", "… التونسي الأحد السيد X")."""
    words = re.findall(r"\w+", between)
    if any(kind not in ("passive", "future") and rx.search(between)
           for kind, rx in trigger_patterns(doc.lang)):
        return True
    folded = [fold(w) for w in words]
    return doc.lang == "ar" and any(  # (a day, a preposition: the phrase went on)
        w not in _AR_HONORIFICS_FOLDED and (w in title_words("ar") or w in AR_STOP)
        for w in folded)


# the honorifics and courtesy titles that may stand between a title and its name
_AR_HONORIFICS_FOLDED = AR_HONORIFICS | {fold(w) for w in ("معالي", "سعادة", "الشيخ", "الشيخة")}


def _title_aliases(doc: Doc) -> None:
    """Remember 'the title phrase X' -> person, to resolve later bare titles."""
    heads: dict[str, set[int]] = {}
    phrases: dict[str, set[int]] = {}
    for ci, c in enumerate(doc.clusters):
        for p in c.mentions:
            t = title_before(doc, p.start) if p.title is None else (p.title, 0)
            if not t:
                continue
            words = t[0].split()
            honorific = _HONORIFICS
            if words and all(w in honorific for w in words):  # "…tunisienne, M. Kais Saied"
                fuller = title_before(doc, t[1]) if t[1] else None
                words = fuller[0].split() if fuller else words
            while words and words[-1] in honorific:
                words.pop()  # "… de la république, M." and "… de la république" are one title
            phrase = " ".join(words)
            if len([w for w in phrase.split() if w not in FUNCTION_WORDS]) < 2:
                continue
            phrases.setdefault(phrase, set()).add(ci)
    for phrase, cis in phrases.items():
        # "le président de la république" for Tebboune and "… tunisienne" for Saied: a
        # title shared (or prefixed) by two people names neither.
        owners = set(cis)
        for other, ocis in phrases.items():
            if other != phrase and (other.startswith(phrase) or phrase.startswith(other)):
                owners |= ocis
        if len(owners) == 1:
            doc.title_map.setdefault(phrase, next(iter(owners)))
        for ci in cis:
            words = phrase.split()
            for n in range(1, min(len(words), 4) + 1):
                heads.setdefault(" ".join(words[:n]), set()).add(ci)
    heads = {h: cis | {c for ph, pcis in phrases.items() if ph.startswith(h) for c in pcis}
             for h, cis in heads.items()}
    for head, cis in heads.items():
        content = [w for w in head.split() if w not in FUNCTION_WORDS]
        if len(cis) == 1 and len(content) >= 2:
            doc.title_map.setdefault(head, next(iter(cis)))
