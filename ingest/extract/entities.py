"""Entity steps: lexicon matches, NER persons, title rules, surname propagation, clustering.

Statistical NER finds names; lexicons (countries, demonyms, places, organisations) and title
rules ("M.", "Mme", "le ministre des Affaires étrangères", "السيد", "وزير الخارجية",
"Secretary of State") complement it. Pure functions over `Doc`; no model load here.
"""

from __future__ import annotations

import functools
import re

from ingest.extract.doc import Doc, PersonMention
from ingest.extract.lexicons import LexEntry, Lexicons, Match, get_lexicons, tokenize
from ingest.identity.names import is_arabic, name_tokens, skeleton
from ingest.normalize import fold, slugify

_CAP = r"[A-ZÀ-ÖØ-ÞĀ-Ž][\w’'-]*\w"
_PART = r"(?:al|el|ben|bin|ibn|ould|de|da|di|van|von|bou|abu|Abu|Ould|Ben|Bin)"
_NAME_RE = re.compile(rf"(?<![\w.]){_CAP}(?:[ \t]+(?:{_PART}[ \t-]+)?{_CAP}){{0,4}}")
_STOP_CAP = {
    "le", "la", "les", "l", "un", "une", "et", "en", "au", "aux", "du", "des", "de", "par",
    "pour", "sur", "dans", "avec", "selon", "lors", "outre", "il", "elle", "ils", "ce", "cette",
    "the", "a", "an", "in", "on", "at", "of", "and", "it", "he", "she", "his", "her", "this",
    "that", "they", "we", "during", "after", "before", "for", "with", "by", "as", "while",
    "mr", "mrs", "ms", "m", "mme", "dr", "president", "minister", "king", "emir", "prince",
    "sheikh", "ambassador", "secretary", "general", "foreign", "affairs", "state",
    "excellency", "majesty", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
    "dimanche", "twitter", "facebook", "pic", "https", "http", "www", "algérie", "afrique",
    "january", "february", "march", "april", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "janvier", "février", "mars", "avril", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",  # not May (a name)
}
_AR_STOP = {
    "في", "على", "من", "إلى", "الى", "مع", "عن", "أن", "ان", "إن", "الذي", "التي", "خلال", "حول",
    "بعد", "قبل", "كما", "وقد", "قد", "لا", "ما", "هذا", "هذه", "ذلك", "تلك", "حيث", "بين", "عند",
    "أمس", "اليوم", "مساء", "صباح", "يوم", "وذلك", "بهدف", "بشأن", "لبحث", "وأكد", "وقال", "أكد",
    "قال", "وزير", "رئيس", "السيد", "السيدة", "حسب", "وفق", "لدى", "عبر", "أيضا", "pic",
    "تغريدة", "حسابه", "بيان", "وكالة", "صحيفة",
}
_AR_STOP = {fold(w) for w in _AR_STOP}
FUNCTION_WORDS = {"le", "la", "les", "l", "de", "du", "des", "d", "the", "of", "son", "sa", "his",
             "her", "m", "mme", "mr", "mrs", "ms", "a", "en", "et", "and"}
_NOT_NAME = {
    "conference", "initiative", "forum", "sommet", "summit", "conseil", "council", "ministere",
    "ministry", "gouvernement", "government", "republique", "republic", "assemblee", "assembly",
    "union", "organisation", "organization", "mouvement", "movement", "commission", "agence",
    "agency", "palais", "palace", "communaute", "community", "nations", "unies", "etat", "etats",
    "state", "states", "affaires", "affairs", "president", "presidence", "ministre", "minister",
    "cour", "court", "banque", "bank", "fonds", "fund", "programme", "program", "front",
    "parlement", "parliament", "senat", "senate", "chambre", "house", "sahara", "royaume",
    "kingdom", "ligue", "league", "presse", "press", "news", "twitter", "istiqlal",
}


@functools.lru_cache(maxsize=8)
def _title_regex(lang: str) -> re.Pattern[str]:
    heads = get_lexicons().titles[lang]["heads"]
    parts = sorted({str(h) for h in heads}, key=len, reverse=True)
    alts = "|".join(re.escape(p) for p in parts)
    flags = 0 if lang == "ar" else re.I
    prefix = r"(?:و|ف|ب|ل|ك)?" if lang == "ar" else r"(?:l['’])?"
    return re.compile(rf"(?<![\w]){prefix}(?P<head>{alts})(?![\w])", flags)


@functools.lru_cache(maxsize=8)
def _title_words(lang: str) -> frozenset[str]:
    spec = get_lexicons().titles[lang]
    words: set[str] = set()
    for phrase in spec["heads"] + spec["continuations"]:
        words.update(fold(str(phrase)).split())
    return frozenset(words)


def overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def lexicon_entities(doc: Doc) -> None:
    """Countries (names and demonyms), places and organisations from the lexicons."""
    doc.matches = doc.lex.match_entities(doc.text, doc.lang)
    doc.topic_matches = [m for m in doc.lex.match_topics(doc.text, doc.lang)
                         if not any(overlaps(m.start, m.end, x.start, x.end)
                                    for x in doc.matches)]
    # "OPEP+": the plus form is its own organisation.
    fixed = []
    for m in doc.matches:
        if (m.entry.type == "Organisation" and doc.text[m.end:m.end + 1] == "+"
                and m.entry.id + "-plus" in set(doc.lex.names)):
            e = m.entry
            m = Match(m.start, m.end + 1, LexEntry(e.type, e.id + "-plus",
                                                    doc.lex.names[e.id + "-plus"]))
        fixed.append(m)
    doc.matches = fixed


def _clean_name(text: str, start: int, lang: str) -> tuple[str, int, int] | None:
    """Strip titles, punctuation and particles-at-edges from a candidate person span."""
    end = start + len(text)
    m = _title_regex(lang).match(text)
    while m and m.end() < len(text):
        cut = m.end()
        while cut < len(text) and text[cut] in " \t,،.":
            cut += 1
        text, start = text[cut:], start + cut
        m = _title_regex(lang).match(text)
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


def _trim_person(doc: Doc, name: str, start: int, end: int) -> tuple[str, int, int] | None:
    """Trim a candidate person span to the name; None when what remains is no name.

    Leading demonyms, titles and (Latin) lower-case words go ("Austrian counterpart Alexander
    Schallenberg", "السوري فيصل"); trailing particles, possessives and Arabic trigger verbs go
    ("محمد سالم ولد", "Barbosa's", "سعيد استقبل"); a span holding a country or place name,
    a word of the genre that is never a name, or a one-letter Arabic token is rejected.
    """
    toks = [(m.start() + start, m.end() + start, m.group()) for m in re.finditer(r"\S+", name)]
    words = _title_words(doc.lang)
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
                    or _is_trigger_word(doc.lex, t[2])
                    or f[:1] in "سوف" and _is_trigger_word(doc.lex, t[2][1:]))
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
                doc.lang == "ar" and _is_trigger_word(doc.lex, last[2])):
            toks.pop()
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


def _valid_person(doc: Doc, name: str, start: int, end: int) -> bool:
    toks = name_tokens(name)
    if not toks or not skeleton(name):
        return False
    if doc.lang != "ar":
        words = name.replace("-", " ").split()
        if not words or not words[0][:1].isupper():
            return False
        if all(w.lower().strip(".'’") in _STOP_CAP or fold(w) in _title_words(doc.lang)
               for w in words):
            return False
        if any(t in _NOT_NAME for t in fold(name).split()):
            return False
    elif all(t in _AR_STOP or t in _title_words("ar") for t in fold(name).split()):
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


def ner_persons(doc: Doc) -> None:
    """PER spans from the statistical NER, titles stripped; LOC/ORG not in the lexicons."""
    for ent in _join_adjacent_per(doc):
        if ent.label == "PER":
            for start, end in _separated_parts(doc.text, ent.start, ent.end):
                cleaned = _clean_name(doc.text[start:end], start, doc.lang)
                cleaned = _trim_person(doc, *cleaned) if cleaned else None
                if cleaned and _valid_person(doc, *cleaned):
                    doc.persons.append(PersonMention(cleaned[1], cleaned[2], cleaned[0], "ner"))
        elif ent.label in ("LOC", "ORG") and not any(
                overlaps(ent.start, ent.end, m.start, m.end) for m in doc.matches):
            raw = doc.text[ent.start:ent.end]
            text = raw.strip(" \t\"'“”«»()[],.;:")
            if len(text) < 3 or "\n" in text or (doc.lang != "ar" and not text[:1].isupper()):
                continue
            words = fold(text).split()
            if all(w in _NOT_NAME or w in _STOP_CAP or w in FUNCTION_WORDS
                   or w in _title_words(doc.lang) or w in _AR_STOP for w in words):
                continue  # "Affaires", "Conférence", "Mme": capitalised common nouns
            start = ent.start + raw.find(text)
            ent = ent.model_copy(update={"start": start, "end": start + len(text)})
            etype = "Location" if ent.label == "LOC" else "Organisation"
            prefix = "location" if etype == "Location" else "organisation"
            entry = LexEntry(etype, f"{prefix}:{slugify(text)}", text)
            doc.other_entities.append(Match(ent.start, ent.end, entry))


def gazetteer_persons(doc: Doc) -> None:
    """Listed public figures (`people.yaml`) that the NER missed; NER spans are kept."""
    from ingest.identity.gazetteer import get_people

    for s, e, _entry in get_people().match(doc.text, doc.lang):
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


def title_before(doc: Doc, start: int) -> tuple[str, int] | None:
    """The title phrase that introduces a name starting at `start`, if any (same clause)."""
    window_start = max(0, start - 160)
    window = doc.text[window_start:start]
    cut = max(window.rfind("\n"), window.rfind(". "), window.rfind("; "), window.rfind(": "),
              window.rfind("! "), window.rfind("? "))
    heads = list(_title_regex(doc.lang).finditer(window))
    heads = [h for h in heads if h.start() > cut or window[max(cut, 0):cut + 2] == ". "
             and h.end() >= cut + 1 and h.group("head").endswith(".")]
    if not heads:
        return None
    h = heads[-1]
    between = window[h.end():]
    # What lies between the title and the name: title words, lexicon words, commas.
    allowed = _title_words(doc.lang)
    for tok in re.findall(r"\w+", between):
        f = fold(tok)
        if f in allowed or f in _STOP_CAP:
            continue
        if doc.lang == "ar" and (f in allowed or f[1:] in allowed or f.startswith("ال")
                                 or f.startswith("لل") or f.startswith("وال")):
            continue
        if any(m.start >= window_start + h.end() and m.end <= start and
               m.start <= window_start + h.end() + between.find(tok) < m.end
               for m in doc.matches):
            continue
        if doc.lang != "ar" and tok[:1].islower() and len(tok) <= 12:
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
            if len(m.group().split()) >= 2 and _valid_person(doc, m.group(), m.start(), m.end()):
                if not any(overlaps(m.start(), m.end(), a, b) for a, b in taken):
                    doc.persons.append(PersonMention(m.start(), m.end(), m.group(), "latin"))
                    taken.append((m.start(), m.end()))
    else:
        cands = []
        for m in _NAME_RE.finditer(doc.text):
            # Split "Tripoli Mme Sofia Marchetti" at titles; drop leading lexicon words.
            pos, text = m.start(), m.group()
            cuts = [0] + [h.end() for h in _title_regex(doc.lang).finditer(text)]
            for c in cuts:
                seg = text[c:]
                nxt = _title_regex(doc.lang).search(seg)
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
        cleaned = _clean_name(text, start, doc.lang)
        cleaned = _trim_person(doc, *cleaned) if cleaned else None
        if not cleaned:
            continue
        name, s, e = cleaned
        # Drop leading capitalised function words ("Et", "Le") from the sequence.
        while doc.lang != "ar" and " " in name and name.split()[0].lower() in _STOP_CAP:
            first = name.split()[0]
            name, s = name[len(first):].lstrip(), s + len(name) - len(name[len(first):].lstrip())
        if any(overlaps(s, e, a, b) for a, b in taken):
            _extend_one_word_name(doc, name, s, e)
            continue
        title = title_before(doc, s)
        if title is None or not _valid_person(doc, name, s, e):
            continue
        doc.persons.append(PersonMention(s, e, name, "title", title=title[0]))
        taken.append((s, e))


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
            and not _is_trigger_word(doc.lex, second) and fold(second) not in _title_words("ar") \
            and _valid_person(doc, doc.text[s:end], s, end):
        p = inside[0]
        doc.persons[doc.persons.index(p)] = PersonMention(s, end, doc.text[s:end], p.source)


def _arabic_title_names(doc: Doc) -> list[tuple[str, int]]:
    """Arabic: after a title phrase, 1-4 name tokens up to punctuation or a function word."""
    out = []
    toks = tokenize(doc.text, "ar")
    allowed = _title_words("ar")
    by_start = {t.start: i for i, t in enumerate(toks)}
    lexicon_starts = {m.start: m for m in doc.matches}
    for h in _title_regex("ar").finditer(doc.text):
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
                    _title_regex("ar").fullmatch(t.text):
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
            if f in _AR_STOP or t.start in lexicon_starts or any(
                    x.start <= t.start < x.end for x in doc.matches):
                break
            if not name_toks and (f.startswith("ال") or f in allowed):
                break
            if name_toks and (f in allowed or (t.text[0] in "لب" and
                                               _is_trigger_word(doc.lex, t.text[1:]))):
                break
            if _is_trigger_word(doc.lex, t.text):
                break
            name_toks.append(t)
            i += 1
        if name_toks and is_arabic(name_toks[0].text):
            s, e = name_toks[0].start, name_toks[-1].end
            out.append((doc.text[s:e], s))
    return out


@functools.lru_cache(maxsize=4096)
def _trigger_words(lex_id: int) -> frozenset[str]:
    lex = get_lexicons()
    words: set[str] = set()
    for _kind, by_lang in lex.triggers.items():
        for pat in by_lang.get("ar", []):
            for w in pat.split():
                words.add(fold(w))
    return frozenset(words)


def _is_trigger_word(lex: Lexicons, word: str) -> bool:
    return fold(word) in _trigger_words(id(lex))


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
