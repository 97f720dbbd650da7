"""Public figures of the genre: conventional names for persons found, and a person gazetteer.

`people.yaml` lists well-known officials (heads of state and government, foreign ministers,
envoys, heads of international organisations) with their conventional Latin spelling and the
usual Arabic ones. It serves twice:
- `PeopleLexicon.find(names)` gives the entry of a person found by NER or a title rule, so
  that "أنطوني بلينكين" is displayed (and identified) as "Antony Blinken", not as a
  transliteration; unknown people keep the transliteration fallback (`names.romanize`);
- `PeopleLexicon.match(text, lang)` finds full names (and the distinctive one-word forms
  listed as `short`) in raw text, complementing the statistical NER.
A consonant skeleton only proposes candidates; a link needs the listed name up to script and
transliteration (`names.same_full_name`), a longer or shorter form that fits one entry alone
(`names.sub_name`), or a listed form written as one word. In raw text a span is matched only
to the listed forms of its own script. A one-word name is matched to an entry only when no
other entry shares that surname.
No model, no I/O after the first load. Imports nothing from `graph` or `app`.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ingest.extract.lexicons import LEXICON_DIR, LexEntry, PhraseMatcher, tokenize
from ingest.identity.names import (
    _close,
    _token_skeleton,
    exact_key,
    is_arabic,
    is_full_name,
    name_tokens,
    same_full_name,
    skeletons,
    sub_name,
    whole_skeletons,
)
from ingest.normalize import fold


@dataclass(frozen=True)
class PersonEntry:
    """One public figure."""

    name: str                            # conventional English (display) name
    forms: tuple[str, ...]               # every full-name spelling, Latin and Arabic
    short: tuple[str, ...] = ()          # distinctive one-word forms
    fr: str | None = None
    role: str = ""
    country: str | None = None           # country id (country:DZ)
    org: str | None = None               # organisation id (organisation:un)

    @property
    def represents(self) -> str | None:
        return self.country or self.org


@dataclass
class PeopleLexicon:
    entries: list[PersonEntry] = field(default_factory=list)
    matchers: dict[str, PhraseMatcher] = field(default_factory=dict)
    _by_key: dict[str, list[tuple[PersonEntry, str]]] = field(default_factory=dict)
    _short: dict[str, list[PersonEntry]] = field(default_factory=dict)  # folded short -> entries
    _full: dict[tuple[str, ...], list[tuple[PersonEntry, str]]] = field(default_factory=dict)
    _whole: dict[str, list[tuple[PersonEntry, str]]] = field(default_factory=dict)  # whole skeleton
    _glued: dict[str, list[PersonEntry]] = field(default_factory=dict)  # full form, no spaces
    _first: set[str] = field(default_factory=set)
    _exact: dict[str, list[PersonEntry]] = field(default_factory=dict)  # exact_key -> entries
    _max: int = 1
    _vocab: frozenset[str] | None = None

    def add(self, entry: PersonEntry) -> None:
        self.entries.append(entry)
        lex = LexEntry("Person", f"people:{len(self.entries) - 1}", entry.name)
        for form in entry.forms + entry.short:
            langs = ("ar",) if is_arabic(form) else ("fr", "en", "ar")
            for lang in langs:
                self.matchers.setdefault(lang, PhraseMatcher()).add(form, lex)
            for sk in skeletons(form):
                if sk:
                    self._by_key.setdefault(sk[-1], []).append((entry, form))
        for form in entry.short:
            self._short.setdefault(fold(form), []).append(entry)
        for form in entry.forms:
            if is_full_name(form):
                self._exact.setdefault(exact_key(form), []).append(entry)
                self._glued.setdefault(exact_key(form).replace(" ", ""), []).append(entry)
                for whole in whole_skeletons(form):
                    self._whole.setdefault(whole, []).append((entry, form))
            key = _skeleton_key(form)
            if len(key) >= 2 and len("".join(key)) >= 5:
                self._full.setdefault(key, []).append((entry, form))
                self._first.add(key[0])
                self._max = max(self._max, len(key))

    def name_vocabulary(self) -> frozenset[str]:
        """Every name token (`names.name_tokens`) of every listed form."""
        if self._vocab is None:
            self._vocab = frozenset(t for e in self.entries for f in e.forms + e.short
                                    for t in name_tokens(f))
        return self._vocab

    def _match_skeletons(self, text: str, toks: list) -> list[tuple[int, int, PersonEntry]]:
        out: list[tuple[int, int, PersonEntry]] = []
        i = 0
        while i < len(toks):
            best: tuple[int, int, PersonEntry] | None = None
            for form, skip in toks[i].variants:
                first = _coarse_token(form)
                if first not in self._first:
                    continue
                key, j, prev_end = [first], i + 1, toks[i].end
                while j < len(toks) and len(key) < self._max:
                    if any(c in ".;:!?،؛\n()\"“”«»," for c in text[prev_end:toks[j].start]):
                        break
                    prev_end = toks[j].end
                    nxt = _coarse_token(toks[j].variants[0][0])  # و has no consonant class
                    j += 1
                    if nxt is None:  # a particle (ould, ben, al…)
                        continue
                    key.append(nxt)
                    # A shared skeleton only proposes; the span must be the listed name up
                    # to script and transliteration ("Ahmed X" is not "Mohamed X").
                    surface = text[toks[i].start + skip:toks[j - 1].end]
                    entries = {e.name: e for e, form in self._full.get(tuple(key), [])
                               if is_arabic(form) == is_arabic(surface)
                               and same_full_name(surface, form)}
                    if len(entries) == 1:
                        best = (toks[i].start + skip, toks[j - 1].end,
                                next(iter(entries.values())))
                if best:
                    break
            if best is None:
                i += 1
                continue
            out.append(best)
            while i < len(toks) and toks[i].start < best[1]:
                i += 1
        return out

    def match(self, text: str, lang: str) -> list[tuple[int, int, PersonEntry]]:
        """Spans of listed people in `text` (full names; one-word forms capitalised).

        Full names are proposed by consonant skeleton and kept when they are a listed form
        up to spelling (`names.same_full_name`, same script): "ولد مرزوگ" for "ولد مرزوك";
        the exact matcher covers the one-word forms.
        """
        toks = tokenize(text, lang)
        out = self._match_skeletons(text, toks)
        matcher = self.matchers.get(lang)
        if matcher is None:
            return out
        for m in matcher.find(text, toks):
            if any(s < m.end and m.start < e for s, e, _ in out):
                continue
            entry = self.entries[int(m.entry.id.split(":")[1])]
            surface = text[m.start:m.end]
            if len(surface.split()) == 1 and not is_arabic(surface) and not surface[:1].isupper():
                continue  # "trump card", "assad" in a URL
            out.append((m.start, m.end, entry))
        return out

    def _candidates(self, name: str) -> list[tuple[PersonEntry, str]]:
        keys = {sk[-1] for sk in skeletons(name) if sk}
        out: list[tuple[PersonEntry, str]] = []
        for whole in sorted(whole_skeletons(name)):  # "X ديرلاين" / "X دير لاين"
            out += self._whole.get(whole, [])
        for k in keys:
            if k in self._by_key:
                out += self._by_key[k]
            elif len(k) >= 4:
                for other, items in self._by_key.items():
                    if _close(k, other):
                        out += items
        return out

    def find(self, names: list[str]) -> PersonEntry | None:
        """The entry of a person known (within one article) by `names`, if listed.

        With a full name, a listed full form must be the same name up to script and
        transliteration (`names.same_full_name`), else the name must be a longer or shorter
        form of one entry alone (`names.sub_name`). With one word, a listed full name written
        as one word, or a listed one-word form unique to one entry.
        """
        full = [n for n in names if len(name_tokens(n)) >= 2]
        if full:
            for n in full:
                hits = {e.name: e for e, form in self._candidates(n) if same_full_name(n, form)}
                hits = hits or {e.name: e for e in self._exact.get(exact_key(n), [])}
                if len(hits) == 1:
                    return next(iter(hits.values()))
            # A longer or shorter form of one listed name (middle names; the last names):
            # only when a single entry fits, and no full name of the person contradicts it.
            fits = {e.name: e for n in full for e, form in self._candidates(n)
                    if sub_name(n, form)}
            if len(fits) == 1:
                entry = next(iter(fits.values()))
                if all(_fits_entry(n, entry) for n in full):
                    return entry
            return None
        for n in names:
            glued = {e.name: e for e in self._glued.get(exact_key(n), [])}
            if len(glued) == 1:  # a full name written as one word ("X" + "Y" run together)
                return next(iter(glued.values()))
            entries = {e.name: e for e in self._short.get(fold(n), [])}
            if not entries and is_arabic(n) and fold(n).startswith("ال"):
                entries = {e.name: e for e in self._short.get(fold(n)[2:], [])}
            if len(entries) == 1:
                return next(iter(entries.values()))
        return None


def _fits_entry(name: str, entry: PersonEntry) -> bool:
    """A full name of the cluster is a form of the entry, or a longer or shorter one; a name
    in a script the entry does not list is left to the other names."""
    same_script = [f for f in entry.forms if is_arabic(f) == is_arabic(name)]
    return not same_script or any(same_full_name(name, f) or sub_name(name, f)
                                  for f in same_script)


_COARSE = str.maketrans({"g": "k"})


@functools.lru_cache(maxsize=1 << 16)
def _coarse_token(folded: str) -> str | None:
    """A folded token's coarse consonant skeleton (g and k merged); None for particles."""
    toks = name_tokens(folded)
    if not toks:
        return None
    sk = _token_skeleton(toks[0])
    return sk.translate(_COARSE) if sk else None


def _skeleton_key(name: str) -> tuple[str, ...]:
    return tuple(k for k in (_coarse_token(t) for t in fold(name.replace("-", " ")).split()) if k)


def _load(path: Path) -> PeopleLexicon:
    with open(path, encoding="utf-8") as f:
        items = yaml.safe_load(f) or []
    lex = PeopleLexicon()
    for it in items:
        forms = [it["name"], *([it["fr"]] if it.get("fr") else []), *it.get("aliases", []),
                 *it.get("ar", [])]
        full = tuple(dict.fromkeys(str(f) for f in forms if len(name_tokens(str(f))) >= 2
                                   or str(f) == it["name"]))
        short = tuple(dict.fromkeys(str(s) for s in it.get("short", [])))
        lex.add(PersonEntry(
            name=it["name"], forms=full, short=short, fr=it.get("fr"), role=it.get("role", ""),
            country=f"country:{it['country']}" if it.get("country") else None,
            org=f"organisation:{it['org']}" if it.get("org") else None))
    return lex


_lock = threading.Lock()
_people: PeopleLexicon | None = None


def get_people() -> PeopleLexicon:
    """The process-wide public-figures lexicon, loaded on first use."""
    global _people
    with _lock:
        if _people is None:
            _people = _load(LEXICON_DIR / "people.yaml")
        return _people

