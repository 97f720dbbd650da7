"""Event triggers: the article's sentences and the kind words that open an event in them.

Kinds meeting, phone_call, visit, talks, agreement, conference, message come from trigger
lexicons in fr/ar/en (`triggers.yaml`); plans ("will meet") are not events, and passive
forms ("was received by") are marked so the roles can be swapped.
"""

from __future__ import annotations

import functools
import re

from ingest.annotated import Sentence
from ingest.extract.doc import Doc
from ingest.extract.lexicons import get_lexicons

FAMILY = {"meeting": "meet", "talks": "meet"}
# Spelling variants of one Arabic letter in news text: final yaa written as alif maqsura
# ("الهاتفى"), taa marbuta as haa, hamza seats on alif left out ("اجراء", "إستقبل").
_AR_VARIANTS = {"ي": "[يى]", "ى": "[يى]", "ة": "[ةه]",
                "ا": "[اأإآ]", "أ": "[أإاآ]", "إ": "[إأاآ]", "آ": "[آأإا]"}


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
            body = re.sub(r"[\u0621-\u064a]", lambda m: _AR_VARIANTS.get(m.group(), m.group())
                          + "[\u064b-\u0652\u0640]*", body)
            rx = rf"(?<![\w])(?:و|ف)?(?:{body})(?![\w])"
        else:
            rx = rf"(?<![\w])(?:{body})(?![\w])"
        out.append((kind, re.compile(rx, re.I)))
    return out


def trigger_patterns(lang: str) -> list[tuple[str, re.Pattern[str]]]:
    """(kind, compiled pattern) of every trigger kind of the language (with the "passive" and
    "future" markers)."""
    return _trigger_patterns(lang)


def phrases(lang: str, key: str) -> re.Pattern[str]:
    items = get_lexicons().titles[lang].get(key, [])
    if not items:
        return re.compile(r"(?!x)x")
    body = "|".join(re.escape(str(i)) for i in sorted(items, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:و|ف|ب|ل)?(?:{body})(?![\w])" if lang == "ar"
                      else rf"(?<![\w])(?:{body})(?![\w])", re.I)


phrases = functools.lru_cache(maxsize=32)(phrases)  # type: ignore[assignment]


_ABBREV_END = re.compile(r"(?:(?<![\w])(?:M|MM|Mme|Mmes|Mlle|Mr|Mrs|Ms|Dr|Pr|Prof|St|Gen|Col|"
                         r"Lt|Sen|Rep|Gov|H\.E|S\.E|[A-Z]|د|أ\.د)\.)\s*$")  # ("د." = Dr)


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


# What "received" / "a reçu" takes when nobody was met in person.
_RECEIVED_THING = {
    "fr": re.compile(r"\s+(?:une?|la|le|sa|son)\s+(?:\w+\s+){0,2}(?:invitation|lettre|"
                     r"message|appel|missive|courrier)\b", re.I),
    "en": re.compile(r"\s+(?:an?|the|his|her)\s+(?:\w+\s+){0,2}(?:invitation|letter|message|"
                     r"call|cable|phone call)\b", re.I),
    "ar": re.compile(r"(?!x)x"),  # "تلقى" (received a thing) is no meeting trigger
}


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
        if kind == "meeting" and _RECEIVED_THING[lang].match(doc.text, e, sent.end):
            continue  # "received an invitation / a letter": a thing received, no one met
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
