"""The lexicon step, and the word knowledge every person step shares.

`lexicon_entities` (step `lexicon_entities.v1`) marks countries (names and demonyms), places,
organisations and topic cues from the lexicons. The rest is read by the person steps
(`persons`, `titles`) and the in-article clustering (`ingest.identity.clusters`): the title
phrases of each language ("M.", "Mme", "le ministre des Affaires étrangères", "السيد",
"وزير الخارجية", "Secretary of State") as a regex and as words, the words that are never a
name, the Arabic trigger-verb words, and span overlap. Pure functions over `Doc`; no model
load here.
"""

from __future__ import annotations

import functools
import re

from ingest.extract.doc import Doc
from ingest.extract.lexicons import LexEntry, Lexicons, Match, get_lexicons
from ingest.normalize import fold

STOP_CAP = {
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
AR_STOP = {
    "في", "على", "من", "إلى", "الى", "مع", "عن", "أن", "ان", "إن", "الذي", "التي", "خلال", "حول",
    "بعد", "قبل", "كما", "وقد", "قد", "لا", "ما", "هذا", "هذه", "ذلك", "تلك", "حيث", "بين", "عند",
    "أمس", "اليوم", "مساء", "صباح", "يوم", "وذلك", "بهدف", "بشأن", "لبحث", "وأكد", "وقال", "أكد",
    "قال", "وزير", "رئيس", "السيد", "السيدة", "حسب", "وفق", "لدى", "عبر", "أيضا", "pic",
    "تغريدة", "حسابه", "بيان", "وكالة", "صحيفة",
    # weekdays: "استقبل الوزير X الاثنين Y" ends the name before the day
    "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد",
}
AR_STOP = {fold(w) for w in AR_STOP}
# Arabic nouns of the genre that are never part of a person's name (what is signed or set
# up: memoranda, agreements, programmes, committees), also in their dual and plural forms.
AR_NOT_PERSON = {fold(w) for w in (
    "مذكرة", "مذكرتي", "مذكرتين", "مذكرات", "تفاهم", "اتفاقية", "اتفاقيتين", "اتفاقيات",
    "اتفاق", "برنامج", "برنامجين", "برنامجي", "برامج", "تنفيذي", "تنفيذية", "تنفيذيين",
    "التنفيذي", "التنفيذية", "تعاون", "لجنة", "اللجنة", "مجلس", "وزارة", "منظمة",
)}
FUNCTION_WORDS = {"le", "la", "les", "l", "de", "du", "des", "d", "the", "of", "son", "sa", "his",
             "her", "m", "mme", "mr", "mrs", "ms", "a", "en", "et", "and"}
NOT_NAME = {
    "conference", "initiative", "forum", "sommet", "summit", "conseil", "council", "ministere",
    "ministry", "gouvernement", "government", "republique", "republic", "assemblee", "assembly",
    "union", "organisation", "organization", "mouvement", "movement", "commission", "agence",
    "agency", "palais", "palace", "communaute", "community", "nations", "unies", "etat", "etats",
    "state", "states", "affaires", "affairs", "president", "presidence", "ministre", "minister",
    "cour", "court", "banque", "bank", "fonds", "fund", "programme", "program", "front",
    "parlement", "parliament", "senat", "senate", "chambre", "house", "sahara", "royaume",
    "kingdom", "ligue", "league", "presse", "press", "news", "twitter", "istiqlal",
}
# Offices, bodies and captions that are never part of a person's name ("the Presidency",
# "Intelligence Service", "Photo …"); an NER place or organisation may still hold them.
NOT_PERSON = NOT_NAME | {
    "office", "bureau", "department", "departement", "service", "services", "presidency",
    "executive", "executif", "secretariat", "cabinet", "aviation", "session", "mixte",
    "integration", "photo", "gulf", "golfe", "directorate", "direction", "authority",
    "embassy", "ambassade", "consulate", "consulat", "delegation",
}


@functools.lru_cache(maxsize=8)
def title_regex(lang: str) -> re.Pattern[str]:
    heads = get_lexicons().titles[lang]["heads"]
    parts = sorted({str(h) for h in heads}, key=len, reverse=True)
    # Capitalised abbreviations ("HE", "SE", "HM") match as written: in lower case they are
    # common words ("he", "se"), and a title read there makes a person of what follows.
    abbrev = [p for p in parts if _ABBREVIATION.fullmatch(p)]
    words = [p for p in parts if p not in abbrev]
    alts = "|".join(re.escape(p) for p in words)
    if lang != "ar":
        alts = f"(?i:{alts})" + "".join(f"|{re.escape(p)}" for p in abbrev)
    prefix = r"(?:و|ف|ب|ل|ك)?" if lang == "ar" else r"(?i:l['’])?"
    return re.compile(rf"(?<![\w]){prefix}(?P<head>{alts})(?![\w])")


_ABBREVIATION = re.compile(r"(?:[A-Z]\.?){2,4}")


@functools.lru_cache(maxsize=8)
def title_words(lang: str) -> frozenset[str]:
    spec = get_lexicons().titles[lang]
    words: set[str] = set()
    for phrase in spec["heads"] + spec["continuations"]:
        words.update(fold(str(phrase)).split())
    return frozenset(words)


def overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


# A capitalised noun that a lower-case adjective follows inside one name ("Banque
# mondiale", "Fonds monétaire international"): right before it or one word back.
_NAME_BEFORE = re.compile(r"(?<![.!?:;\n]\s)(?<!^)\b[A-ZÀ-Ý][\w'’-]*(?:\s+[\w'’-]+)?\s+$")


def in_proper_name(text: str, start: int, end: int, lang: str) -> bool:
    """Whether a one-word issue adjective ("internationale", "mondiale", "régional") is a
    word of a proper name rather than the issue: in French, after a capitalised noun inside
    a sentence ("Banque mondiale", "Fonds monétaire international", "Cour pénale
    internationale"). English capitalises every word of a headline and Arabic has no
    capitals, so neither is read so."""
    if lang != "fr" or " " in text[start:end].strip():
        return False
    return bool(_NAME_BEFORE.search(text[max(0, start - 60):start]))


def lexicon_entities(doc: Doc) -> None:
    """Countries (names and demonyms), places and organisations from the lexicons."""
    doc.matches = doc.lex.match_entities(doc.text, doc.lang)
    doc.topic_matches = [m for m in doc.lex.match_topics(doc.text, doc.lang)
                         if not any(overlaps(m.start, m.end, x.start, x.end)
                                    for x in doc.matches)
                         and not in_proper_name(doc.text, m.start, m.end, doc.lang)]
    # "OPEP+": the plus form is its own organisation.
    fixed = []
    for m in doc.matches:
        if (m.entry.type == "Organisation" and doc.text[m.end:m.end + 1] == "+"
                and m.entry.id + "-plus" in set(doc.lex.names)):
            e = m.entry
            m = Match(m.start, m.end + 1, LexEntry(e.type, e.id + "-plus",
                                                    doc.lex.names[e.id + "-plus"]))
        fixed.append(m)
    doc.matches = _disambiguate(doc.lex, doc.lang, doc.text, fixed)


_AR_PREFIXES = ("وال", "بال", "لل", "ال", "و", "ب", "ل")


def _is_form(surface: str, form: str) -> bool:
    """Whether a folded surface is `form` or one of its inflections ("congolaises", "الكونغولي")."""
    cands = [surface] + [surface[len(p):] for p in _AR_PREFIXES if surface.startswith(p)]
    return any(c == form or c.startswith(form) and len(c) - len(form) <= 3 for c in cands)


def _disambiguate(lex: Lexicons, lang: str, text: str, matches: list[Match]) -> list[Match]:
    """Forms that name either of two countries ("Congolese", "Congo") name the one the article
    names by an unambiguous form (a full name, an abbreviation, a city in it), when it names
    exactly one; otherwise they keep their lexicon entry."""
    out = matches
    for codes, forms in lex.ambiguous:
        named, vague = [], []
        for i, m in enumerate(out):
            country = m.entry.id if m.entry.type == "Country" else lex.country_of.get(m.entry.id)
            if country not in codes:
                continue
            surface = fold(text[m.start:m.end])
            is_vague = m.entry.type == "Country" and any(_is_form(surface, f) for f in forms[lang])
            (vague if is_vague else named).append((i, country))
        chosen = sorted({c for _, c in named})
        if len(chosen) != 1 or not vague:
            continue
        out = list(out)
        for i, _ in vague:
            m, cid = out[i], chosen[0]
            out[i] = Match(m.start, m.end, LexEntry("Country", cid, lex.names[cid],
                                                    demonym=m.entry.demonym))
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


def is_trigger_word(lex: Lexicons, word: str) -> bool:
    return fold(word) in _trigger_words(id(lex))
