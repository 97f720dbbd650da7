"""Person names across scripts: consonant skeletons, romanisation and the same-person test.

`skeleton("Ramtane Lamamra") == skeleton("رمطان لعمامرة") == ["rmtn", "lmr"]`: names are
reduced to consonant classes so French, English and Arabic spellings of one name compare
equal; `rapidfuzz` absorbs the remaining spelling noise. Arabic-only names get a Latin display
name from arabic-name-romanizer, kept behind `romanize()` (young package, pinned).
"""

from __future__ import annotations

import functools
import re
import threading

from rapidfuzz import fuzz

from ingest.normalize import fold

_AR_MAP = {
    "ب": "b", "ت": "t", "ث": "t", "ج": "g", "ح": "", "خ": "k", "د": "d", "ذ": "d", "ر": "r",
    "ز": "s", "س": "s", "ش": "s", "ص": "s", "ض": "d", "ط": "t", "ظ": "s", "ع": "", "غ": "g",
    "ف": "f", "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "", "و": "", "ي": "",
    "ا": "", "ة": "", "ى": "", "ء": "", "پ": "b", "چ": "s", "ڤ": "f", "گ": "g",
}
_LATIN_RULES = [
    ("sch", "s"), ("sh", "s"), ("ch", "s"), ("kh", "k"), ("gh", "g"), ("th", "t"),
    ("dh", "d"), ("dj", "g"), ("ph", "f"), ("ck", "k"), ("q", "k"), ("c", "k"), ("x", "ks"),
    ("j", "g"), ("z", "s"), ("v", "f"), ("p", "b"),
]
_DROP = set("aeiouyhw'")
_PARTICLES = {"al", "el", "ال", "ibn", "bin", "ben", "abu", "abou", "bou", "da", "de", "di",
              "van", "von", "la", "le", "du", "des", "ould", "ولد", "بن", "ابن", "ابو", "أبو"}
_ARABIC = re.compile("[\u0600-\u06ff]")


def is_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text))


def _token_skeleton(tok: str) -> str:
    if is_arabic(tok):
        out = "".join(_AR_MAP.get(c, "") for c in tok)
    else:
        t = tok
        for a, b in _LATIN_RULES:
            t = t.replace(a, b)
        out = "".join(c for c in t if c not in _DROP and c.isalpha())
    return re.sub(r"(.)\1+", r"\1", out)


def name_tokens(name: str, strip_article: bool = True) -> list[str]:
    """Folded name tokens without particles ('al', 'ال-' prefixes, 'ben', 'ould'…)."""
    toks = []
    for t in fold(name.replace("-", " ")).split():
        if t in _PARTICLES:
            continue
        if strip_article and t.startswith("ال") and len(t) > 3:
            t = t[2:]
        toks.append(t)
    return toks


def skeleton(name: str, strip_article: bool = True) -> list[str]:
    """Consonant skeleton per name token (particles dropped), comparable across scripts."""
    return list(_skeleton(name, strip_article))


@functools.lru_cache(maxsize=1 << 15)
def _skeleton(name: str, strip_article: bool) -> tuple[str, ...]:
    return tuple(s for s in (_token_skeleton(t) for t in name_tokens(name, strip_article)) if s)


@functools.lru_cache(maxsize=1 << 15)
def _skeletons(name: str) -> tuple[tuple[str, ...], ...]:
    a, b = _skeleton(name, True), _skeleton(name, False)
    return (a,) if a == b else (a, b)


def skeletons(name: str) -> list[list[str]]:
    """The skeleton, plus the one keeping an Arabic article ('العمامرة' is a misspelling)."""
    return [list(s) for s in _skeletons(name)]


def _close(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 3:
        return False
    return fuzz.ratio(a, b) >= 80


def surname_key(name: str) -> str:
    sk = skeleton(name)
    return sk[-1] if sk else ""


def same_person(a: str, b: str) -> bool:
    """Whether two names (any script, with or without given names) denote the same person.

    The last tokens must agree; when both names have given names, those must agree too,
    so different people sharing a surname stay apart.
    """
    return _same_person(a, b)


@functools.lru_cache(maxsize=1 << 16)
def _same_person(a: str, b: str) -> bool:
    return any(_same(list(sa), list(sb)) for sa in _skeletons(a) for sb in _skeletons(b))


def _same(sa: list[str], sb: list[str]) -> bool:
    if not sa or not sb:
        return False
    if not _close(sa[-1], sb[-1]):
        # "Abdelhamid Dbeibah" vs "Abdul Hamid Dbeibah": compare the whole skeleton too.
        return len(sa) > 1 and len(sb) > 1 and _close("".join(sa), "".join(sb))
    ga, gb = "".join(sa[:-1]), "".join(sb[:-1])
    if not ga or not gb:
        return True
    return _close(ga, gb) or ga.startswith(gb) or gb.startswith(ga)


def full_name_score(name: str) -> tuple[int, int, int]:
    """Preference for a canonical name: Latin script, then more tokens, then length."""
    return (0 if is_arabic(name) else 1, len(name_tokens(name)), len(name))


_rom_lock = threading.Lock()


@functools.lru_cache(maxsize=4096)
def romanize(name: str) -> str:
    """Latin display form of an Arabic personal name (arabic-name-romanizer)."""
    if not is_arabic(name):
        return name
    with _rom_lock:
        import arabic_name_romanizer

        try:
            out = arabic_name_romanizer.transliterate(name)
        except Exception:  # noqa: BLE001 - a display-name fallback must never fail extraction
            return name
    text = out if isinstance(out, str) else str(out)
    return text.strip() or name
