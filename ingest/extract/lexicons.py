"""Lexicons: CLDR/ISO country names, demonyms, places, organisations, topics, titles, triggers.

Loaded once per process (`get_lexicons()`), from babel, pycountry and the YAML files in
`ingest/data/lexicons/`. `PhraseMatcher` finds lexicon phrases in raw text with offsets,
accent-, case- and Arabic-prefix-insensitively. No NLP model, no I/O after the first load.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ingest.normalize import fold, slugify

LEXICON_DIR = Path(__file__).resolve().parent.parent / "data" / "lexicons"
LANGS = ("fr", "ar", "en")
_WORD = re.compile(r"\w+")
_AR_PREFIXES = ("وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك")


@dataclass(frozen=True)
class LexEntry:
    """What a lexicon phrase denotes."""

    type: str                 # Country, Organisation, Location, Topic
    id: str                   # entity id: country:LY, organisation:un, location:tripoli, …
    name: str                 # canonical English name
    demonym: bool = False     # matched through a demonym ("algérienne", "الجزائري")
    country: str | None = None  # for a Location: the country id it lies in
    seat: str | None = None   # for an Organisation: the location id of its seat


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    entry: LexEntry


@dataclass
class _Tok:
    start: int
    end: int
    text: str
    variants: list[tuple[str, int]]  # (folded form, characters skipped at the start)


_fold_word = functools.lru_cache(maxsize=1 << 16)(fold)


@functools.lru_cache(maxsize=16)
def _tokenize_cached(text: str, lang: str) -> tuple[_Tok, ...]:
    return tuple(_tokenize(text, lang))


def tokenize(text: str, lang: str) -> list[_Tok]:
    """Word tokens with folded variants (Arabic: with clitic prefixes stripped).

    Several steps tokenize the same article: the last few results are cached."""
    return list(_tokenize_cached(text, lang))


def _tokenize(text: str, lang: str) -> list[_Tok]:
    fold = _fold_word
    toks = []
    for m in _WORD.finditer(text):
        raw = m.group()
        variants = [(fold(raw), 0)]
        if lang == "ar" and len(raw) > 2:
            if raw.startswith("لل") and len(raw) > 3:
                variants.append((fold("ال" + raw[2:]), 0))
            if raw.startswith(("ولل", "فلل")) and len(raw) > 4:
                variants.append((fold("ال" + raw[3:]), 1))
            for p in _AR_PREFIXES:
                if raw.startswith(p) and len(raw) - len(p) >= 2:
                    variants.append((fold(raw[len(p):]), len(p)))
        toks.append(_Tok(m.start(), m.end(), raw, variants))
    return toks


class PhraseMatcher:
    """Longest-match lookup of folded multi-word phrases over `tokenize` output."""

    def __init__(self) -> None:
        self._phrases: dict[tuple[str, ...], LexEntry] = {}
        self._acronyms: dict[str, LexEntry] = {}
        self._first: set[str] = set()
        self._max = 1

    def add(self, phrase: str, entry: LexEntry) -> None:
        phrase = phrase.strip()
        if not phrase:
            return
        bare = phrase.replace(".", "").replace("+", "")
        if bare.isupper() and len(bare) <= 6 and bare.isascii():
            self._acronyms.setdefault(bare, entry)
            return
        key = tuple(fold(phrase).split())
        if not key:
            return
        self._phrases.setdefault(key, entry)
        self._first.add(key[0])
        self._max = max(self._max, len(key))

    def find(self, text: str, toks: list[_Tok]) -> list[Match]:
        out: list[Match] = []
        i = 0
        while i < len(toks):
            best: tuple[int, int, LexEntry] | None = None
            acr = self._acronyms.get(toks[i].text)
            if acr is not None:
                best = (1, 0, acr)
            for form, skip in toks[i].variants:
                if form not in self._first:
                    continue
                for n in range(min(self._max, len(toks) - i), 0, -1):
                    if best is not None and n <= best[0]:
                        break
                    if n == 1:
                        entry = self._phrases.get((form,))
                    else:
                        entry = self._match_rest(form, toks[i + 1:i + n], text, toks[i].end)
                    if entry is not None:
                        best = (n, skip, entry)
                        break
            if best is None:
                i += 1
                continue
            n, skip, entry = best
            out.append(Match(toks[i].start + skip, toks[i + n - 1].end, entry))
            i += n
        return out

    def _match_rest(self, first: str, rest: list[_Tok], text: str,
                    prev_end: int) -> LexEntry | None:
        # Phrases do not cross sentence punctuation.
        for t in rest:
            if any(c in ".;:!?،؛\n()\"“”«»" for c in text[prev_end:t.start]):
                return None
            prev_end = t.end
        keys: list[tuple[str, ...]] = [(first,)]
        for t in rest:
            forms = [t.variants[0][0]] + [f for f, _ in t.variants[1:]]
            keys = [k + (f,) for k in keys for f in forms][:16]
        for k in keys:
            entry = self._phrases.get(k)
            if entry is not None:
                return entry
        return None


def _fr_demonym_forms(m: str) -> list[str]:
    if m.endswith("en"):
        f = m + "ne"
    elif m.endswith("e"):
        f = m
    elif m.endswith("ec"):
        f = m + "que"
    elif m.endswith("c"):
        f = m + "que"
    else:
        f = m + "e"
    plural_m = m if m.endswith(("s", "x")) else m + "s"
    return sorted({m, plural_m, f, f + "s"})


def _ar_demonym_forms(b: str) -> list[str]:
    forms = [b, b + "ة", b + "ين", b + "ون", b + "ان", b + "تين", b + "تان"]
    return forms + ["ال" + f for f in forms]


@dataclass
class Lexicons:
    """Every lexicon, indexed for matching, per language."""

    entities: dict[str, PhraseMatcher] = field(default_factory=dict)  # lang -> matcher
    topics: dict[str, PhraseMatcher] = field(default_factory=dict)
    titles: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    triggers: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # kind -> lang -> re
    names: dict[str, str] = field(default_factory=dict)  # entity id -> canonical name
    country_of: dict[str, str | None] = field(default_factory=dict)  # location id -> country id
    seats: dict[str, str] = field(default_factory=dict)  # organisation id -> location id
    topic_places: set[str] = field(default_factory=set)  # locations that can be topics
    # forms naming either of several countries ("Congolese"): (country ids, lang -> folded forms)
    ambiguous: list[tuple[tuple[str, ...], dict[str, tuple[str, ...]]]] = field(
        default_factory=list)

    def match_entities(self, text: str, lang: str) -> list[Match]:
        return self.entities[lang].find(text, tokenize(text, lang))

    def match_topics(self, text: str, lang: str) -> list[Match]:
        return self.topics[lang].find(text, tokenize(text, lang))


_ENTITY_TYPES = {"country": "Country", "location": "Location", "organisation": "Organisation"}


def _load_yaml(name: str) -> Any:
    with open(LEXICON_DIR / name, encoding="utf-8") as f:
        return yaml.safe_load(f)


def _build() -> Lexicons:
    import pycountry
    from babel import Locale

    lex = Lexicons()
    for lang in LANGS:
        lex.entities[lang] = PhraseMatcher()
        lex.topics[lang] = PhraseMatcher()

    # Organisations first: on equal spans the first entry added wins.
    for org in _load_yaml("organisations.yaml"):
        oid = f"organisation:{org['id']}"
        seat = f"location:{org['seat']}" if org.get("seat") else None
        entry = LexEntry("Organisation", oid, org["name"], seat=seat)
        lex.names[oid] = org["name"]
        if seat:
            lex.seats[oid] = seat
        for lang in LANGS:
            for n in org.get("names", {}).get(lang, []) + org.get("acronyms", []):
                lex.entities[lang].add(str(n), entry)

    for place in _load_yaml("places.yaml"):
        pid = f"location:{place['id']}"
        cid = f"country:{place['country']}" if place.get("country") else None
        entry = LexEntry("Location", pid, place["name"], country=cid)
        lex.names[pid] = place["name"]
        lex.country_of[pid] = cid
        if place.get("topic") or cid is None:
            lex.topic_places.add(pid)
        for lang in LANGS:
            # A city's name in the other Latin-script language is still the city (an English
            # dateline written "Yaoundé" or "Alger"); Arabic keeps its own names.
            langs = [lang] if lang == "ar" else [x for x in LANGS if x != "ar"]
            for n in dict.fromkeys(n for x in langs for n in place["names"].get(x, [])):
                lex.entities[lang].add(str(n), entry)

    extra = _load_yaml("countries_extra.yaml")
    locales = {lang: Locale(lang).territories for lang in LANGS}
    codes = [c.alpha_2 for c in pycountry.countries] + ["EH", "PS", "XK"]
    for code in sorted(set(codes)):
        cid = f"country:{code}"
        en = locales["en"].get(code)
        if en is None:
            continue
        name = extra["display"].get(code) or en.replace(" & ", " and ")
        lex.names[cid] = name
        entry = LexEntry("Country", cid, name)
        for lang in LANGS:
            names = [locales[lang].get(code)] + list(extra["names"].get(code, {}).get(lang, []))
            if lang == "en":
                pc = pycountry.countries.get(alpha_2=code)
                if pc is not None:
                    names += [pc.name, getattr(pc, "common_name", None),
                              getattr(pc, "official_name", None)]
            for n in names:
                if n:
                    lex.entities[lang].add(str(n), entry)
        dem = extra["demonyms"].get(code, {})
        dentry = LexEntry("Country", cid, name, demonym=True)
        for m in dem.get("fr", []):
            for f in _fr_demonym_forms(m):
                lex.entities["fr"].add(f, dentry)
        for m in dem.get("en", []):
            for f in (m, m + "s"):
                lex.entities["en"].add(f, dentry)
        for b in dem.get("ar", []):
            for f in _ar_demonym_forms(b):
                lex.entities["ar"].add(f, dentry)

    for group in extra.get("ambiguous", []):
        forms = {lang: tuple(fold(f) for f in group.get(lang, [])) for lang in LANGS}
        lex.ambiguous.append((tuple(f"country:{c}" for c in group["codes"]), forms))

    for tid, spec in _load_yaml("topics.yaml").items():
        if spec.get("entity"):  # adjectives naming a place or body ("questions africaines")
            eid = spec["entity"]
            entry = LexEntry(_ENTITY_TYPES[eid.split(":", 1)[0]], eid, lex.names[eid],
                             demonym=bool(spec.get("adjective", True)))
        else:
            entry = LexEntry("Topic", f"topic:{tid}", spec["name"])
            lex.names[entry.id] = spec["name"]
        for lang in LANGS:
            for cue in spec.get(lang, []):
                if not cue.endswith("*"):
                    lex.topics[lang].add(cue, entry)

    lex.titles = _load_yaml("titles.yaml")
    lex.triggers = _load_yaml("triggers.yaml")
    return lex


_lock = threading.Lock()
_lexicons: Lexicons | None = None


def get_lexicons() -> Lexicons:
    """The process-wide lexicons, built on first use."""
    global _lexicons
    with _lock:
        if _lexicons is None:
            _lexicons = _build()
        return _lexicons


def entity_slug(name: str) -> str:
    return slugify(name)
