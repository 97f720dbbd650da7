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
              "van", "von", "la", "le", "du", "des", "ould", "oueld", "ouled", "ولد", "بن", "ابن",
              "ابو", "أبو"}
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


MIN_WHOLE_SKELETON = 4      # shorter whole-name skeletons are too common to be evidence
SAME_SCRIPT_MIN_RATIO = 80  # spelling similarity two same-script full names need on top of
#                             a shared skeleton ("Sergey Lavrov" / "Sergueï Lavrov": 89)


def is_full_name(name: str) -> bool:
    """Two or more name tokens (particles aside)."""
    return len(name_tokens(name)) >= 2


def exact_key(name: str) -> str:
    """The spelling up to case, accents, particles and the Arabic article."""
    return " ".join(name_tokens(name))


@functools.lru_cache(maxsize=1 << 15)
def whole_skeletons(name: str) -> frozenset[str]:
    """Whole-name consonant skeletons of a full name (empty when too short to tell).

    Variants: with and without a leading Arabic article ("ألكسندر" is not "ال" + name), and
    Latin "ch" read as /k/ as well as /sh/ ("Christodoulides", "خريستودوليدس").
    """
    out = set()
    for sk in _token_skeleton_variants(name):
        if len(sk) >= 2:
            whole = re.sub(r"(.)\1+", r"\1", "".join(sk))
            if len(whole) >= MIN_WHOLE_SKELETON:
                out.add(whole)
    return frozenset(out)


_HARD_G = str.maketrans({"g": "k"})  # Maghreb ق is /g/ ("Merzoug", "مرزوق")


@functools.lru_cache(maxsize=1 << 15)
def _token_skeleton_variants(name: str) -> tuple[tuple[str, ...], ...]:
    """Per-token skeletons (g and k merged) of a name and of its spelling variants."""
    variants = [name]
    if not is_arabic(name):
        if "ch" in name.lower():
            variants.append(fold(name).replace("ch", "k"))
        toks = fold(name.replace("-", " ")).split()
        if len(toks) >= 2 and toks[-1].startswith(("al", "el")) and len(toks[-1]) >= 7:
            variants.append(" ".join(toks[:-1] + [toks[-1][2:]]))  # "Albusaidi"
    out: list[tuple[str, ...]] = []
    for v in variants:
        for sk in _skeletons(v):
            coarse = tuple(t.translate(_HARD_G) for t in sk)
            if coarse not in out:
                out.append(coarse)
    return tuple(out)


def first_last_keys(name: str) -> list[str]:
    """Keys of a full name's first and last tokens, and of its last token alone (skeletons):
    where the longer and shorter forms of one name ("Kandia Camara") are filed."""
    out: set[str] = set()
    for sk in _token_skeleton_variants(name):
        if len(sk) >= 2:
            out.add(f"fl:{sk[0]}|{sk[-1]}")
            out.add(f"lt:{sk[-1]}")
    return sorted(out)


@functools.lru_cache(maxsize=1 << 16)
def sub_name(a: str, b: str) -> bool:
    """One full name is a shorter form of the other: the same first and last names with
    middle names left out ("Kandia Camara" in "Kandia Kamissoko Camara"), or the last two or
    more names of it when they are distinctive ("Tayyip Erdogan"). Weaker evidence than
    `same_full_name`: the registry uses it only when a single known person fits."""
    if not is_full_name(a) or not is_full_name(b):
        return False
    for sa in _token_skeleton_variants(a):
        for sb in _token_skeleton_variants(b):
            short, long_ = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
            if len(short) < 2 or len(short) == len(long_):
                continue
            if short[0] == long_[0] and short[-1] == long_[-1] and _subsequence(short, long_):
                return _same_initials(a, b)
            if long_[-len(short):] == short and len("".join(short)) >= 7:
                return True
    return False


def _subsequence(short: tuple[str, ...], long_: tuple[str, ...]) -> bool:
    it = iter(long_)
    return all(any(t == x for x in it) for t in short)


def _same_initials(a: str, b: str) -> bool:
    if is_arabic(a) != is_arabic(b):
        return True
    return name_tokens(a)[0][:1] == name_tokens(b)[0][:1]


@functools.lru_cache(maxsize=1 << 16)
def same_full_name(a: str, b: str) -> bool:
    """The evidence that two full names denote one person: the same name up to script and
    transliteration. Same folded spelling; or a shared whole-name skeleton, which across
    scripts (Latin / Arabic) is enough and within one script also needs the same initials of
    the first and last tokens and a close spelling ("Ali Hassan" and "Ali Hussein" share a
    skeleton and stay two people). A shared surname or given name alone is never enough."""
    if not is_full_name(a) or not is_full_name(b):
        return False
    if exact_key(a) == exact_key(b):
        return True
    if not whole_skeletons(a) & whole_skeletons(b):
        return False
    if is_arabic(a) != is_arabic(b):
        return True
    ta, tb = name_tokens(a), name_tokens(b)
    if ta[0][:1] != tb[0][:1] or ta[-1][:1].translate(_HARD_G) != tb[-1][:1].translate(_HARD_G):
        return False
    return fuzz.ratio(" ".join(ta), " ".join(tb)) >= SAME_SCRIPT_MIN_RATIO


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
