"""Person mentions outside the title rules, and the cleaning of every person span.

Steps: `ner_persons` (`ner_persons.v1`: PER spans of the statistical NER, and its LOC/ORG spans
the lexicons miss), `gazetteer_persons` (`people_gazetteer.v1`: listed public figures the NER
missed) and `propagate_surnames` (`surname_mentions.v1`: later mentions by surname alone, once
run-on Arabic spans are cut). `clean_name`, `trim_person` and `valid_person` turn a candidate
span into a name or reject it; the title rules (`titles`) use them too. Pure functions over
`Doc`; no model load here.
"""

from __future__ import annotations

import re

from ingest.extract.doc import Doc, PersonMention
from ingest.extract.entities import (
    AR_NOT_PERSON,
    AR_STOP,
    FUNCTION_WORDS,
    NOT_NAME,
    NOT_PERSON,
    STOP_CAP,
    is_trigger_word,
    overlaps,
    title_regex,
    title_words,
)
from ingest.extract.lexicons import LexEntry, Match
from ingest.identity.names import LINEAGE, name_tokens, skeleton
from ingest.normalize import fold, slugify


def clean_name(text: str, start: int, lang: str) -> tuple[str, int, int] | None:
    """Strip titles, punctuation and particles-at-edges from a candidate person span."""
    end = start + len(text)
    m = title_regex(lang).match(text)
    while m and m.end() < len(text):
        cut = m.end()
        while cut < len(text) and text[cut] in " \t,،.":
            cut += 1
        text, start = text[cut:], start + cut
        m = title_regex(lang).match(text)
    stripped = text.rstrip(" \t,،.;:)\"'»”-")
    end = start + len(stripped)
    lead = len(stripped) - len(stripped.lstrip(" \t,،(\"'«“-"))
    stripped, start = stripped[lead:], start + lead
    if not stripped or any(c.isdigit() for c in stripped) or "\n" in stripped:
        return None
    return stripped, start, end


_LATIN_PARTICLES = {"al", "el", "ben", "bin", "ibn", "ould", "de", "da", "di", "du", "van", "von",
                    "der", "den", "la", "le", "dos", "das", "bou", "abu", "ag", "y"}
_AR_PARTICLES = {"ولد", "بن", "ابن", "بنت", "أبو", "ابو", "آل", "ال"}
_NOT_NAME_WORDS = {  # capitalised words of the genre that are never part of a person's name
    "memorandum", "understanding", "treaty", "cooperation", "strategic", "neighborhood",
    "neighbourhood", "brotherhood", "partager", "share", "facebook", "linkedin", "twitter",
    "whatsapp", "telegram", "instagram", "youtube", "email", "imprimer", "print", "another",
    "diplomacy", "diplomatie", "nation", "nations", "level", "high", "good", "expatriates",
    "abroad", "media", "relations", "agreement", "accord", "mou", "fm", "counterpart",
    "homologue", "minister", "ministre", "willing", "allah", "inchallah", "news", "nouvelles",
    "نيوز", "جمهورية", "الجمهورية", "وزارة", "المملكة", "مملكة", "دولة",
}


def trim_person(doc: Doc, name: str, start: int, end: int) -> tuple[str, int, int] | None:
    """Trim a candidate person span to the name; None when what remains is no name.

    Leading demonyms, titles and (Latin) lower-case words go ("Austrian counterpart Alexander
    Schallenberg", "السوري فيصل"); trailing particles, possessives and Arabic trigger verbs go
    ("محمد سالم ولد", "Barbosa's", "سعيد استقبل"), and so does a city after two words of name;
    a span holding a country or place name,
    a word of the genre that is never a name, or a one-letter Arabic token is rejected.
    """
    toks = [(m.start() + start, m.end() + start, m.group()) for m in re.finditer(r"\S+", name)]
    words = title_words(doc.lang)
    demonyms = [(m.start, m.end) for m in doc.matches if m.entry.type in ("Country", "Location")]

    def is_geo(a: int, b: int) -> bool:
        return any(x < b and a < y for x, y in demonyms)

    def lead_junk(t: tuple[int, int, str]) -> bool:
        f = fold(t[2])
        if is_geo(t[0], t[1]) or f in words or f in _NOT_NAME_WORDS:
            return True
        if doc.lang == "ar":
            # a title word, or a trigger verb run into the name ("سيلتقي", "واستقبل")
            return (f[1:] in words or f.startswith(("وال", "بال", "لل"))
                    or is_trigger_word(doc.lex, t[2])
                    or f[:1] in "سوف" and is_trigger_word(doc.lex, t[2][1:]))
        return t[2][:1].islower() and f not in _LATIN_PARTICLES

    while toks and (lead_junk(toks[0]) or len(toks) > 1 and toks[0][2].endswith((",", "،"))):
        toks.pop(0)  # a leading word cut off by a comma ("Thus, Bourita") is not the name
    while toks:
        last = toks[-1]
        f = fold(last[2].rstrip(",.;:"))
        if last[2].endswith(("'s", "’s")):
            toks[-1] = (last[0], last[1] - 2, last[2][:-2])
            continue
        if f in _LATIN_PARTICLES or f in _AR_PARTICLES or (
                doc.lang == "ar" and is_trigger_word(doc.lex, last[2])) or (
                len(toks) > 2 and any(m.entry.type == "Location" and m.start < last[1]
                                      and last[0] < m.end for m in doc.matches)):
            toks.pop()  # (a city run into the name: "… visited Juba" read as one span)
            continue
        break
    if not toks:
        return None
    for a, b, t in toks:
        f = fold(t)
        if is_geo(a, b) or f in _NOT_NAME_WORDS:
            return None
        if doc.lang == "ar" and (len(t) < 2 or f.startswith(("وال", "بال", "لل"))):
            return None
        if doc.lang != "ar" and t[:1].islower() and f not in _LATIN_PARTICLES:
            return None
    s, e = toks[0][0], toks[-1][1]
    return doc.text[s:e], s, e


def _is_lexicon_like(doc: Doc, start: int, end: int) -> bool:
    return any(overlaps(start, end, m.start, m.end) for m in doc.matches
               if m.end - m.start >= (end - start) * 0.6)


def valid_person(doc: Doc, name: str, start: int, end: int) -> bool:
    toks = name_tokens(name)
    if not toks or not skeleton(name):
        return False
    if doc.lang != "ar":
        words = name.replace("-", " ").split()
        if not words or not words[0][:1].isupper():
            return False
        if all(w.lower().strip(".'’") in STOP_CAP or fold(w) in title_words(doc.lang)
               for w in words):
            return False
        if any(t in NOT_PERSON for t in fold(name).split()):
            return False
        if len(words) == 1 and len(words[0]) > 1 and words[0].isupper():
            return False  # an acronym ("UNDP", "CNSP") names a body, not a person
    elif all(t in AR_STOP or t in title_words("ar") for t in fold(name).split()):
        return False
    elif any(t in AR_NOT_PERSON or t.startswith("و") and t[1:] in AR_NOT_PERSON
             for t in fold(name).split()):
        return False
    return not _is_lexicon_like(doc, start, end)


_JOINING_PARTICLES = {"bin", "ben", "ibn", "ould", "بن", "ابن", "ولد", "بنت"}


def _join_adjacent_per(doc: Doc) -> list:
    """NER PER spans separated by blanks, or by a particle alone, are one name split by the
    tagger ("عبد القادر" + "حسين عمر"; "Sheikh Salim" + "bin" + "Rashid Al Nuaimi")."""
    out: list = []
    for ent in doc.ann.entities:
        prev = out[-1] if out else None
        gap = doc.text[prev.end:ent.start] if prev is not None else ""
        if prev is not None and prev.label == ent.label == "PER" and ent.start >= prev.end \
                and (not gap.strip() or fold(gap) in _JOINING_PARTICLES
                     and gap[:1].isspace() and gap[-1:].isspace()) \
                and "\n" not in gap:
            out[-1] = prev.model_copy(update={"end": ent.end,
                                              "text": doc.text[prev.start:ent.end]})
        else:
            out.append(ent)
    return out


def _separated_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span holding two names joined by a slash ("Dupont/ Martin" in a headline) is two;
    no name holds a comma either ("<name>،ثم" run together)."""
    parts, pos = [], start
    for m in re.finditer(r"\s*[/,،]\s*", text[start:end]):
        parts.append((pos, start + m.start()))
        pos = start + m.end()
    parts.append((pos, end))
    return [(a, b) for a, b in parts if b > a]


_NAME_WORD = re.compile(r" ([\w’'-]+)")


def _extend_name(doc: Doc, start: int, end: int, taken: list[tuple[int, int]]) -> int:
    """The end of a Latin-script PER span the tagger cut short ("Dr. Karim" of "Dr. Karim Haddad
    Al Benali, Ambassador"): it runs on over capitalised words and name particles right after
    it, up to three, that no other entity, lexicon phrase or title word claims."""
    if doc.lang == "ar":
        return end
    added = 0
    while added < 3:
        m = _NAME_WORD.match(doc.text, end)
        if m is None:
            break
        word, w0, w1 = m.group(1), m.start(1), m.end(1)
        f = fold(word)
        if not word[:1].isupper() and f not in _LATIN_PARTICLES or f in STOP_CAP and \
                f not in _LATIN_PARTICLES or f in title_words(doc.lang) or f in NOT_NAME or \
                f in _NOT_NAME_WORDS or any(overlaps(w0, w1, a, b) for a, b in taken) or any(
                overlaps(w0, w1, x.start, x.end) for x in doc.matches):
            break
        end, added = w1, added + 1
    while added and fold(doc.text[start:end].split()[-1]) in _LATIN_PARTICLES:
        end = start + doc.text[start:end].rstrip().rfind(" ")  # no particle at the end
        added -= 1
    return end


def ner_persons(doc: Doc) -> None:
    """PER spans from the statistical NER, titles stripped; LOC/ORG not in the lexicons."""
    ents = _join_adjacent_per(doc)
    taken = [(e.start, e.end) for e in ents]
    for ent in ents:
        if ent.label == "PER":
            ent_end = _extend_name(doc, ent.start, ent.end, taken)
            for start, end in _separated_parts(doc.text, ent.start, ent_end):
                cleaned = clean_name(doc.text[start:end], start, doc.lang)
                cleaned = trim_person(doc, *cleaned) if cleaned else None
                if cleaned and valid_person(doc, *cleaned):
                    doc.persons.append(PersonMention(cleaned[1], cleaned[2], cleaned[0], "ner"))
        elif ent.label in ("LOC", "ORG") and not any(
                overlaps(ent.start, ent.end, m.start, m.end) for m in doc.matches):
            raw = doc.text[ent.start:ent.end]
            text = raw.strip(" \t\"'“”«»()[],.;:")
            if len(text) < 3 or "\n" in text or (doc.lang != "ar" and not text[:1].isupper()):
                continue
            words = fold(text).split()
            if all(w in NOT_NAME or w in STOP_CAP or w in FUNCTION_WORDS
                   or w in title_words(doc.lang) or w in AR_STOP for w in words):
                continue  # "Affaires", "Conférence", "Mme": capitalised common nouns
            start = ent.start + raw.find(text)
            ent = ent.model_copy(update={"start": start, "end": start + len(text)})
            etype = "Location" if ent.label == "LOC" else "Organisation"
            prefix = "location" if etype == "Location" else "organisation"
            entry = LexEntry(etype, f"{prefix}:{slugify(text)}", text)
            doc.other_entities.append(Match(ent.start, ent.end, entry))


_LINEAGE_BEFORE = re.compile(r"(?:^|\s)(?:" + "|".join(sorted(LINEAGE)) + r")\s+$", re.I)


def gazetteer_persons(doc: Doc) -> None:
    """Listed public figures (`people.yaml`) that the NER missed; NER spans are kept."""
    from ingest.identity.gazetteer import get_people

    for s, e, _entry in get_people().match(doc.text, doc.lang):
        if _LINEAGE_BEFORE.search(doc.text[max(0, s - 8):s]):
            continue  # "X bin <listed name>": the father's name inside X's, not a mention
        inside = [p for p in doc.persons if overlaps(s, e, p.start, p.end)]
        full_form = len(name_tokens(doc.text[s:e])) >= 2
        if any(p.end - p.start > e - s or not (s <= p.start and p.end <= e) for p in inside):
            # An NER span as long, or reaching outside: keep the NER's reading, unless it
            # holds a listed full name plus words around it (a name run into a verb, a title
            # or a second name): the listed name is the better-evidenced reading.
            if not full_form or not all(p.start <= s and e <= p.end for p in inside):
                continue
        # NER fragments of a listed name ("Mohamed Salem" + "Ould Merzoug") give way to it.
        doc.persons = [p for p in doc.persons if p not in inside]
        if any(m.start <= s and e <= m.end and (m.end - m.start) > (e - s)
               for m in doc.matches):
            continue  # inside a longer lexicon phrase ("Boulevard Mohammed VI")
        doc.persons.append(PersonMention(s, e, doc.text[s:e], "lexicon"))
    doc.persons.sort(key=lambda p: p.start)


def _surname_regex(surname: str, lang: str) -> re.Pattern[str]:
    if lang == "ar":
        return re.compile(rf"(?<![\w])(?:و|ف|ب|ل|ك)?({re.escape(surname)})(?![\w])")
    return re.compile(rf"(?<![\w]){re.escape(surname)}(?![\w])")


def _known_head(doc: Doc, toks: list[str], others: list[list[str]]) -> bool:
    """Name tokens that name a person known in the article or listed: another mention's name,
    or its last names (not a given name that opens another mention), or a listed form."""
    from ingest.identity.gazetteer import get_people

    if not toks:
        return False
    for o in others:
        if o == toks or len(o) > len(toks) and o[-len(toks):] == toks and (
                len(toks) > 1 or all(x[:1] != toks for x in others)):
            return True
    return get_people().find([" ".join(toks)]) is not None


def _trim_run_on_arabic(doc: Doc) -> None:
    """Cut Arabic NER spans that run past a known name into common words or a second person
    ("<surname> <noun> <adjective>", "<surname> و<surname>"): the head must name a person of
    the article (or a listed one), and no cut word may be a name token of the article or of
    the gazetteer. A conjoined second name, when known, becomes its own mention."""
    from ingest.identity.gazetteer import get_people

    if doc.lang != "ar":
        return
    vocab = get_people().name_vocabulary()
    out: list[PersonMention] = []
    for p in doc.persons:
        words = [(m.start() + p.start, m.end() + p.start, m.group())
                 for m in re.finditer(r"\S+", p.name)]
        if p.source != "ner" or len(words) < 2:
            out.append(p)
            continue
        others = [name_tokens(q.name) for q in doc.persons if q is not p]
        known = {t for o in others for t in o} | vocab
        cut = None
        for k in range(len(words) - 1, 0, -1):
            tail = words[k:]
            conj = tail[0][2].startswith("و") and fold(tail[0][2]) not in known \
                and fold(tail[0][2]) not in ("ولد",)
            tail_toks = name_tokens(" ".join(w[2] for w in tail))
            if not conj and (len(tail) > 2 or any(t in known for t in tail_toks)):
                continue
            if _known_head(doc, name_tokens(doc.text[p.start:words[k - 1][1]]), others):
                cut = k
                break
        if cut is None:
            out.append(p)
            continue
        end = words[cut - 1][1]
        out.append(PersonMention(p.start, end, doc.text[p.start:end], p.source))
        second = words[cut:]
        if second[0][2].startswith("و"):
            s2, e2 = second[0][0] + 1, second[-1][1]
            if _known_head(doc, name_tokens(doc.text[s2:e2]), others):
                out.append(PersonMention(s2, e2, doc.text[s2:e2], p.source))
    doc.persons = sorted(out, key=lambda q: q.start)


def propagate_surnames(doc: Doc) -> None:
    """Later mentions by surname alone ("M. Lamamra", "لعمامرة") of a person named in full.

    Arabic spans run on past a name are cut first (`_trim_run_on_arabic`)."""
    _trim_run_on_arabic(doc)
    taken = [(p.start, p.end) for p in doc.persons]
    lexspans = [(m.start, m.end) for m in doc.matches]
    fulls = [p for p in doc.persons if len(p.name.split()) >= 2]
    for p in fulls:
        surname = p.name.split()[-1]
        if len(surname) < 3:
            continue
        for m in _surname_regex(surname, doc.lang).finditer(doc.text):
            s, e = (m.start(1), m.end(1)) if doc.lang == "ar" else (m.start(), m.end())
            if any(overlaps(s, e, a, b) for a, b in taken + lexspans):
                continue
            doc.persons.append(PersonMention(s, e, surname, "surname"))
            taken.append((s, e))
    doc.persons.sort(key=lambda p: p.start)
