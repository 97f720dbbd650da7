"""Persons introduced by a title or role (step `title_rules.v1`).

`title_persons` takes capitalised name sequences (Latin script) and the words after an Arabic
title phrase, keeps those that a title introduces (before the name, or in apposition right
after a full name), and lengthens a one-word Arabic NER name that a title phrase reads with
one more listed name word. A capitalised word that continues the title ("… et de la
Migration") is no name, nor, after an Arabic title other than an honorific, a word that is no
known given name (a verb, a common noun). Bare offices ("le président de la République")
are resolved to their holders by `offices.office_persons`. `title_before` (the title phrase
before a name, in the same clause) is read by the in-article clustering too. Pure functions
over `Doc`; no model load here.
"""

from __future__ import annotations

import re

from ingest.extract.doc import Doc, PersonMention
from ingest.extract.entities import (
    AR_STOP,
    STOP_CAP,
    is_trigger_word,
    overlaps,
    title_regex,
    title_words,
)
from ingest.extract.lexicons import tokenize
from ingest.extract.offices import office_persons
from ingest.extract.persons import clean_name, trim_person, valid_person
from ingest.identity.names import is_arabic, name_tokens
from ingest.normalize import fold

_CAP = r"[A-ZÀ-ÖØ-ÞĀ-Ž][\w’'-]*\w"
_PART = r"(?:al|el|ben|bin|ibn|ould|de|da|di|van|von|bou|abu|Abu|Ould|Ben|Bin)"
_NAME_RE = re.compile(rf"(?<![\w.]){_CAP}(?:[ \t]+(?:{_PART}[ \t-]+)?{_CAP}){{0,4}}")


_MAX_FREE = 3  # more words outside the title vocabulary: a clause ("said … between"), no title


def title_before(doc: Doc, start: int) -> tuple[str, int] | None:
    """The title phrase that introduces a name starting at `start`, if any (same clause)."""
    window_start = max(0, start - 160)
    window = doc.text[window_start:start]
    cut = max(window.rfind("\n"), window.rfind(". "), window.rfind("; "), window.rfind(": "),
              window.rfind("! "), window.rfind("? "))
    heads = list(title_regex(doc.lang).finditer(window))
    heads = [h for h in heads if h.start() > cut or window[max(cut, 0):cut + 2] == ". "
             and h.end() >= cut + 1 and h.group("head").endswith(".")]
    if not heads:
        return None
    h = heads[-1]
    between = window[h.end():]
    # What lies between the title and the name: title words, lexicon words, commas.
    allowed = title_words(doc.lang)
    free = 0  # lower-case words outside the title vocabulary ("chargé", "résidant")
    for tok in re.findall(r"\w+", between):
        f = fold(tok)
        if f in allowed or f in STOP_CAP:
            continue
        if doc.lang == "ar" and (f in allowed or f[1:] in allowed or f.startswith("ال")
                                 or f.startswith("لل") or f.startswith("وال")):
            continue
        if any(m.start >= window_start + h.end() and m.end <= start and
               m.start <= window_start + h.end() + between.find(tok) < m.end
               for m in doc.matches):
            continue
        if doc.lang != "ar" and tok[:1].islower() and len(tok) <= 12 and free < _MAX_FREE:
            free += 1
            continue
        return None
    return fold(doc.text[window_start + h.start():start]), window_start + h.start()


def title_persons(doc: Doc) -> None:
    """Names introduced by a title or role ("Mme Yael Lampert", "السيد رمطان لعمامرة")."""
    taken = [(p.start, p.end) for p in doc.persons]
    if doc.lang == "ar":
        cands = _arabic_title_names(doc)
        # Latin-script names quoted in Arabic text (tweet signatures, bylines).
        for m in _NAME_RE.finditer(doc.text):
            if len(m.group().split()) >= 2 and valid_person(doc, m.group(), m.start(), m.end()):
                if not any(overlaps(m.start(), m.end(), a, b) for a, b in taken):
                    doc.persons.append(PersonMention(m.start(), m.end(), m.group(), "latin"))
                    taken.append((m.start(), m.end()))
    else:
        cands = []
        for m in _NAME_RE.finditer(doc.text):
            # Split "Tripoli Mme Sofia Marchetti" at titles; drop leading lexicon words.
            pos, text = m.start(), m.group()
            cuts = [0] + [h.end() for h in title_regex(doc.lang).finditer(text)]
            for c in cuts:
                seg = text[c:]
                nxt = title_regex(doc.lang).search(seg)
                seg = seg[:nxt.start()] if nxt and nxt.start() > 0 else seg
                lead = len(seg) - len(seg.lstrip())
                start = pos + c + lead
                seg = seg.strip()
                while seg and any(x.start <= start < x.end for x in doc.matches):
                    first = seg.split()[0]
                    rest = seg[len(first):]
                    start += len(first) + len(rest) - len(rest.lstrip())
                    seg = rest.strip()
                if seg:
                    cands.append((seg, start))
    for text, start in cands:
        cleaned = clean_name(text, start, doc.lang)
        cleaned = trim_person(doc, *cleaned) if cleaned else None
        if not cleaned:
            continue
        name, s, e = cleaned
        # Drop leading capitalised function words ("Et", "Le") from the sequence.
        while doc.lang != "ar" and " " in name and name.split()[0].lower() in STOP_CAP:
            first = name.split()[0]
            name, s = name[len(first):].lstrip(), s + len(name) - len(name[len(first):].lstrip())
        if any(overlaps(s, e, a, b) for a, b in taken):
            _extend_one_word_name(doc, name, s, e)
            continue
        title = title_before(doc, s) or (_title_after(doc, e) if len(name.split()) >= 2
                                         else None)  # "Today, President X": no name
        if title is None or not valid_person(doc, name, s, e) or _complement(doc, s) \
                or not _name_after_arabic_title(doc, name, title[0]):
            continue
        doc.persons.append(PersonMention(s, e, name, "title", title=title[0]))
        taken.append((s, e))
    office_persons(doc)  # bare offices: "le président de la République", "HM the King"


# What ends a title's complement right before a capitalised word: "ministre des Affaires
# étrangères et de la Migration", "Minister of Foreign Affairs and International Trade",
# "received by the Permanent Secretary": the word is a portfolio or an office, not a name.
_COMPLEMENT = {
    "fr": re.compile(r"(?:^|[\s'’])(?:de|du|des|d|la|le|les|l|et|à|au|aux|en|pour|sur)['’]?\s*$",
                     re.I),
    "en": re.compile(r"(?:^|\s)(?:of|the|for|and|to|at|in|on|by|with|from|a|an)\s+$", re.I),
}
# Honorifics that name the person right after them ("السيد", "Mr."); after any other Arabic
# title ("وزير الخارجية", "الملك", "المتحدث") a verb or a common noun often follows instead.
AR_HONORIFICS = {"السيد", "السيده", "الدكتور", "الدكتوره", "د"}  # folded


def _title_after(doc: Doc, end: int) -> tuple[str, int] | None:
    """Latin script: a title in apposition right after the name ("Karim Haddad, ministre
    de…", "Karim Haddad, Foreign Minister of…"), as (folded title, its start)."""
    if doc.lang == "ar":
        return None
    m = re.match(r"\s*,\s*(?:(?:le|la|l['’]|the)\s*)?", doc.text[end:end + 12], re.I)
    if m is None:
        return None
    h = title_regex(doc.lang).match(doc.text, end + m.end())
    if h is None or h.start() != end + m.end():
        return None
    return fold(h.group()), h.start()


def _complement(doc: Doc, start: int) -> bool:
    """Latin script: the candidate follows a preposition, article or conjunction, so it
    continues the title phrase instead of naming its holder."""
    rx = _COMPLEMENT.get(doc.lang)
    return bool(rx and rx.search(doc.text[max(0, start - 12):start]))


def _name_after_arabic_title(doc: Doc, name: str, title: str) -> bool:
    """Arabic: after an honorific any words may be a name; after another title the first
    word must be a given name the gazetteer knows, or a word of a name found elsewhere in
    the article ("وزير الخارجية يتلقى…", "الملك بنقل تحياته" are no names)."""
    from ingest.identity.gazetteer import get_people

    if doc.lang != "ar":
        return True
    words = title.split()
    if words and words[-1].lstrip("وبل") in AR_HONORIFICS:
        return True
    toks = name_tokens(name)
    if not toks:
        return False
    known = {t for p in doc.persons if p.source != "title" for t in name_tokens(p.name)}
    return toks[0] in get_people().name_vocabulary() or toks[0] in known


def _extend_one_word_name(doc: Doc, name: str, s: int, e: int) -> None:
    """Arabic: an NER name of one word that a title phrase reads with one more word, a listed
    name word ("اللواء <given name> <surname>" tagged as the given name alone), is that
    longer name."""
    from ingest.identity.gazetteer import get_people

    words = list(re.finditer(r"\S+", name))
    if doc.lang != "ar" or len(words) < 2:
        return
    inside = [p for p in doc.persons if overlaps(s, e, p.start, p.end)]
    if len(inside) != 1 or inside[0].start != s or inside[0].end != s + words[0].end():
        return
    second = words[1].group()
    extra = name_tokens(second)
    end = s + words[1].end()
    if len(extra) == 1 and extra[0] in get_people().name_vocabulary() \
            and not is_trigger_word(doc.lex, second) and fold(second) not in title_words("ar") \
            and valid_person(doc, doc.text[s:end], s, end):
        p = inside[0]
        doc.persons[doc.persons.index(p)] = PersonMention(s, end, doc.text[s:end], p.source)


def _arabic_title_names(doc: Doc) -> list[tuple[str, int]]:
    """Arabic: after a title phrase, 1-4 name tokens up to punctuation or a function word."""
    out = []
    toks = tokenize(doc.text, "ar")
    allowed = title_words("ar")
    by_start = {t.start: i for i, t in enumerate(toks)}
    lexicon_starts = {m.start: m for m in doc.matches}
    for h in title_regex("ar").finditer(doc.text):
        i = next((by_start[k] for k in range(h.end(), h.end() + 4) if k in by_start), None)
        if i is None:
            continue
        # Skip the rest of the title phrase: continuation words, lexicon matches, commas.
        while i < len(toks):
            t = toks[i]
            f = fold(t.text)
            m = next((x for x in doc.matches if x.start <= t.start < x.end), None)
            if m is not None:
                while i < len(toks) and toks[i].start < m.end:
                    i += 1
                continue
            if f in allowed or any(v in allowed for v, _ in t.variants) or \
                    title_regex("ar").fullmatch(t.text):
                i += 1
                continue
            break
        name_toks = []
        while i < len(toks) and len(name_toks) < 4:
            t = toks[i]
            gap = doc.text[(name_toks[-1].end if name_toks else t.start):t.start]
            if name_toks and re.search(r"[^\s]", gap):
                break
            f = fold(t.text)
            if f in AR_STOP or t.start in lexicon_starts or any(
                    x.start <= t.start < x.end for x in doc.matches):
                break
            # (the article "ال" as written: folded, "إلينا" and "أليكس" start so too)
            if not name_toks and (t.text.lstrip("\u0640").startswith("ال") or f in allowed):
                break
            if name_toks and (f in allowed or (t.text[0] in "لب" and
                                               is_trigger_word(doc.lex, t.text[1:]))):
                break
            # "X ووزير Y" ("X and the minister Y"): a conjoined title starts the next person
            if name_toks and t.text[0] == "و" and (fold(t.text[1:]) in allowed
                                                  or fold(t.text[1:]) in AR_STOP):
                break
            if is_trigger_word(doc.lex, t.text):
                break
            name_toks.append(t)
            i += 1
        if name_toks and is_arabic(name_toks[0].text):
            s, e = name_toks[0].start, name_toks[-1].end
            out.append((doc.text[s:e], s))
    return out
