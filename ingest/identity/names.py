"""Person names across scripts: consonant skeletons, romanisation and the same-person test.

`skeleton("Ramtane Lamamra") == skeleton("رمطان لعمامرة") == ["rmtn", "lmr"]`: names are
reduced to consonant classes so French, English and Arabic spellings of one name compare
equal. A skeleton only proposes: across articles two full names are one person when they are
the same name up to script and transliteration (`same_full_name`: across scripts every name
transliterated letter for letter, `transliterates`, so "أحمد" is never "Mohamed"), or a
longer or shorter form of one another (`sub_name`). `same_person` is the looser test within
one article. Arabic-only names get a Latin display name from arabic-name-romanizer, kept
behind `romanize()` (young package, pinned).
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
              "ابو", "أبو", "بو", "وبن", "وابن", "فون", "فان", "دي"}
_AR_ABD = "عبد"                     # "عبد الله" / "عبدالله": one name, one token
_LATIN_ABD = {"abdel", "abdul", "abdal", "abdoul", "abdelle"}
_ARABIC = re.compile("[\u0600-\u06ff]")


def is_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text))


_SEMI_VOWELS = {"ي": "y", "ح": "h", "ه": "h", "و": "w", "y": "y", "h": "h", "w": "w"}


def _token_skeleton(tok: str) -> str:
    if is_arabic(tok):
        out = "".join(_AR_MAP.get(c, "") for c in tok)
    else:
        t = tok
        for a, b in _LATIN_RULES:
            t = t.replace(a, b)
        out = "".join(c for c in t if c not in _DROP and c.isalpha())
    if not out:  # a name of vowels and semi-vowels ("Yahya", "يحيى") keeps those
        out = "".join(_SEMI_VOWELS.get(c, "") for c in tok)
    return re.sub(r"(.)\1+", r"\1", out)


def _token_h_skeleton(tok: str) -> str:
    """`_token_skeleton` keeping /h/: Arabic ح and a non-final ه, Latin h outside digraphs
    (a final ه is mostly the ة of "فاطمة")."""
    if is_arabic(tok):
        body = tok[:-1] if tok.endswith("ه") else tok
        out = "".join("h" if c in "حه" else _AR_MAP.get(c, "") for c in body)
    else:
        t = tok
        for a, b in _LATIN_RULES:
            t = t.replace(a, b)
        out = "".join(c for c in t if (c not in _DROP or c == "h") and c.isalpha())
        if out.startswith("h") and t.startswith("h"):
            out = "H" + out[1:]  # a word-initial h is pronounced ("Harris")
    return re.sub(r"(.)\1+", r"\1", out.translate(_HARD_G))


def name_tokens(name: str, strip_article: bool = True) -> list[str]:
    """Folded name tokens without particles ('al', 'ال-' prefixes, 'ben', 'ould'…).

    Spacing variants are one spelling: "عبد الله" and "Abdel Fattah" are one token like
    "عبدالله" and "Abdelfattah"; a particle run into a name is cut off ("احمدبن", "ابوزيد").
    """
    return list(_name_tokens(name, strip_article))


@functools.lru_cache(maxsize=1 << 15)
def _name_tokens(name: str, strip_article: bool) -> tuple[str, ...]:
    raw: list[str] = []
    for t in fold(name.replace("-", " ")).split():
        if is_arabic(t) and len(t) >= 5 and t.endswith("بن") and not t.startswith("ال"):
            raw += [t[:-2], "بن"]
        elif is_arabic(t) and len(t) >= 5 and t.startswith("ابو"):
            raw += ["ابو", t[3:]]
        else:
            raw.append(t)
    toks: list[str] = []
    glue = False
    for t in raw:
        if t in _PARTICLES:
            continue
        if glue:
            toks[-1] += t
            glue = False
            continue
        if strip_article and t.startswith("ال") and len(t) > 3:
            t = t[2:]
        toks.append(t)
        glue = t == _AR_ABD or t in _LATIN_ABD
    return tuple(toks)


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
    if not _given_initials_agree(a, b):
        return False
    return any(_same(list(sa), list(sb)) for va in _spelling_variants(a)
               for vb in _spelling_variants(b) for sa in _skeletons(va) for sb in _skeletons(vb))


def _same(sa: list[str], sb: list[str]) -> bool:
    if not sa or not sb:
        return False
    if not _close(sa[-1], sb[-1]):
        # "Abdelhamid Dbeibah" vs "Abdul Hamid Dbeibah": the same whole skeleton (exactly:
        # a close whole skeleton is no evidence, "Badr X" is not "Abd Rabbuh X Y").
        # An over-long span ("<name> <common word>") still opens with the whole name. Within
        # one article only, and with the same first name ("Badr X" is not "Abd Rabbuh X Y").
        if len(sa) < 2 or len(sb) < 2 or sa[0] != sb[0]:
            return False
        ja, jb = sorted(("".join(sa), "".join(sb)), key=len)
        return ja == jb or len(ja) >= 5 and jb.startswith(ja) or _close(ja, jb)
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
_INITIAL = str.maketrans({"g": "k", "c": "k", "q": "k"})


def _initial(tok: str) -> str:
    """A token's first letter, c/k/q/g as one ("Cordahi", "Kordahi")."""
    return tok[:1].translate(_INITIAL)


@functools.lru_cache(maxsize=1 << 15)
def _token_skeleton_variants(name: str) -> tuple[tuple[str, ...], ...]:
    """Per-token skeletons (g and k merged) of a name and of its spelling variants."""
    out: list[tuple[str, ...]] = []
    for v in _spelling_variants(name):
        for sk in _skeletons(v):
            coarse = tuple(t.translate(_HARD_G) for t in sk)
            if coarse not in out:
                out.append(coarse)
    return tuple(out)


@functools.lru_cache(maxsize=1 << 15)
def _spelling_variants(name: str) -> tuple[str, ...]:
    variants = [name]
    if not is_arabic(name):
        if "ch" in name.lower():
            variants.append(fold(name).replace("ch", "k"))
        toks = fold(name.replace("-", " ")).split()
        if len(toks) >= 2 and toks[-1].startswith(("al", "el")) and len(toks[-1]) >= 7:
            variants.append(" ".join(toks[:-1] + [toks[-1][2:]]))  # "Albusaidi"
        if len(toks) >= 2 and toks[0].endswith("es") and len(toks[0]) >= 6:
            variants.append(" ".join([toks[0][:-1]] + toks[1:]))  # French "Georges", "Charles"
        low = fold(name)
        if "gn" in low or "z" in low:  # Italian gn /ny/ and z /ts/, as Arabic writes them
            variants.append(low.replace("gn", "ny").replace("z", "ts"))
    return tuple(variants)


def first_last_keys(name: str) -> list[str]:
    """Keys of a full name's first and last tokens, and of its last token alone (skeletons):
    where the longer and shorter forms of one name ("Kandia Camara") are filed."""
    out: set[str] = set()
    for sk in _token_skeleton_variants(name):
        if len(sk) >= 2:
            out.add(f"fl:{sk[0]}|{sk[-1]}")
            out.add(f"lt:{sk[-1]}")
    return sorted(out)


LINEAGE = frozenset({"bin", "ben", "ibn", "ould", "oueld", "ouled", "bint", "بن", "ابن", "ولد",
                     "بنت"})  # "son of" / "daughter of" in a lineage name


def names_an_ancestor(short: str, long_: str) -> bool:
    """Whether `short` is the part of the lineage name `long_` after "bin", "ould", "بن"…:
    the father's name ("Rami bin Karim Al Fulani" holds "Karim Al Fulani"), not the person's."""
    words = fold(long_.replace("-", " ")).split()
    want = name_tokens(short)
    return bool(want) and any(
        words[i - 1] in LINEAGE and (name_tokens(" ".join(words[i:])) == want
                                      or same_full_name(" ".join(words[i:]), short))
        for i in range(1, len(words)))


@functools.lru_cache(maxsize=1 << 16)
def sub_name(a: str, b: str) -> bool:
    """One full name is a shorter form of the other: the same first and last names with
    middle names left out ("Kandia Camara" in "Kandia Kamissoko Camara"), or the last two or
    more names of it when they are distinctive ("Tayyip Erdogan"), never the father's name a
    lineage holds (`names_an_ancestor`). Weaker evidence than `same_full_name`: the registry
    uses it only when a single known person fits."""
    if not is_full_name(a) or not is_full_name(b):
        return False
    if names_an_ancestor(a, b) or names_an_ancestor(b, a):
        return False
    for sa in _token_skeleton_variants(a) + _h_tuples(a):
        for sb in _token_skeleton_variants(b) + _h_tuples(b):
            short, long_ = (sa, sb) if len(sa) <= len(sb) else (sb, sa)
            if len(short) < 2 or len(short) == len(long_):
                continue
            if short[0] == long_[0] and short[-1] == long_[-1] and _subsequence(short, long_):
                return _same_initials(a, b) and _ends_transliterate(a, b, True)
            if long_[-len(short):] == short and (len("".join(short)) >= 7 or len(
                    "".join(name_tokens(a if len(sa) <= len(sb) else b))) >= 12):
                return _ends_transliterate(a, b, False)
    return False


def _ends_transliterate(a: str, b: str, first_too: bool) -> bool:
    """Across scripts, the last names (and the first ones) of the two forms must be one name
    letter for letter (`transliterates`), not merely share a consonant skeleton."""
    if is_arabic(a) == is_arabic(b):
        return True
    ar, lat = (a, b) if is_arabic(a) else (b, a)
    ta, tl = name_tokens(ar), name_tokens(lat)
    if not transliterates(ta[-1], tl[-1]):
        return False
    return not first_too or transliterates(ta[0], tl[0])


@functools.lru_cache(maxsize=1 << 15)
def _h_tuples(name: str) -> tuple[tuple[str, ...], ...]:
    """Per-token skeletons keeping /h/, so that a name of vowels and h ("Yahya") counts."""
    out = []
    for v in _spelling_variants(name):
        for strip in (True, False):
            sk = tuple(x for x in (_token_h_skeleton(t) for t in name_tokens(v, strip)) if x)
            if sk not in out:
                out.append(sk)
    return tuple(out)


def _subsequence(short: tuple[str, ...], long_: tuple[str, ...]) -> bool:
    it = iter(long_)
    return all(any(t == x for x in it) for t in short)


_VOWEL_LIKE = set("aeiouyhw")  # "Omar"/"Umar", "Ismail"/"Esmail": one name


def _given_initials_agree(a: str, b: str) -> bool:
    """Two names of one script agree on the first sound of their first names (of the one
    name and the other's last name when one is a single name), up to vowels: a shared
    consonant skeleton ("Ahmed" and "Mohammed" both read "md", as do "أحمد" and "محمد") is
    no evidence that two names are one."""
    if is_arabic(a) != is_arabic(b):
        return True
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return True
    # both with a first name: the first names (an over-long span may end in a common word);
    # else the one name against the other's last name
    x, y = (ta[0], tb[0]) if len(ta) >= 2 and len(tb) >= 2 else (ta[-1], tb[-1])
    if len(x) < 3 or len(y) < 3:
        return True
    ix, iy = _first_sound(x), _first_sound(y)
    return ix == iy or ix in _VOWEL_LIKE and iy in _VOWEL_LIKE


def _first_sound(token: str) -> str:
    """The first sound of a name token as the skeleton spells it, c/k/q/g as one and a
    vowel-like sound as "a" ("Chakib" and "Shakib": s; "Djamel" and "Jamal": k; "Qasim" and
    "Kassem": k; "عمر" and "أمين": a)."""
    if is_arabic(token[:1]):
        return _initial(_AR_MAP.get(token[0], token[0]) or "a")
    return _initial(next((b for a, b in _LATIN_RULES if token.startswith(a) and b), token))


def _same_initials(a: str, b: str) -> bool:
    if is_arabic(a) != is_arabic(b):
        return True
    return name_tokens(a)[0][:1] == name_tokens(b)[0][:1]


@functools.lru_cache(maxsize=1 << 16)
def same_full_name(a: str, b: str) -> bool:
    """The evidence that two full names denote one person: the same name up to script and
    transliteration. Same folded spelling; or a shared whole-name skeleton, which across
    scripts (Latin / Arabic) also needs every name transliterated letter for letter
    (`transliterates`) and within one script the same initials of the first and last tokens
    and a close spelling ("Ali Hassan" and "Ali Hussein" share a skeleton and stay two
    people). A shared surname or given name alone is never enough."""
    if not is_full_name(a) or not is_full_name(b):
        return False
    if exact_key(a) == exact_key(b):
        return True
    if not whole_skeletons(a) & whole_skeletons(b):
        return False
    if is_arabic(a) != is_arabic(b):
        return transliterates(a, b) if is_arabic(a) else transliterates(b, a)
    ta, tb = name_tokens(a), name_tokens(b)
    if _initial(ta[0]) != _initial(tb[0]) or _initial(ta[-1]) != _initial(tb[-1]):
        return False
    return fuzz.ratio(" ".join(ta), " ".join(tb)) >= SAME_SCRIPT_MIN_RATIO


def _without_some_h(text: str) -> set[str]:
    """`text` with any subset of its inner h deleted (a Latin h may be silent: "John",
    "Fatimah"; a word-initial one, marked H, may not)."""
    out = {""}
    for c in text:
        out = {o + c for o in out} | (set(out) if c == "h" else set())
    return {re.sub(r"(.)\1+", r"\1", o.lower()) for o in out}


def _token_transliterates(ar: str, lat: str) -> bool:
    ars = {_token_h_skeleton(ar)}
    if ar.startswith("ال") and len(ar) > 3:
        ars.add(_token_h_skeleton(ar[2:]))
    lats = {_token_h_skeleton(lat)}
    if lat.startswith(("al", "el")) and len(lat) >= 7:
        lats.add(_token_h_skeleton(lat[2:]))  # "Albusaidi"
    return any(a in _without_some_h(x) for x in lats for a in ars if a)


@functools.lru_cache(maxsize=1 << 16)
def transliterates(arabic: str, latin: str) -> bool:
    """An Arabic and a Latin spelling of one name: as many names, each with the same
    consonants letter for letter, an Arabic ح or ه written h in the Latin one ("أحمد" is
    "Ahmed", never "Mohamed"; "محمد" never "Ahmed"). The Latin spelling may hold silent h's
    of its own. A shared consonant skeleton alone is no evidence."""
    ta = tuple(name_tokens(arabic, False))
    return any(_aligned(ta, tuple(name_tokens(v, False))) for v in _spelling_variants(latin))


def _aligned(ta: tuple[str, ...], tl: tuple[str, ...]) -> bool:
    """Every name of each side matched in order, one to one, or one to two written as one
    word on the other side ("ديرلاين" for "der Leyen")."""
    if not ta or not tl:
        return not ta and not tl
    if _token_transliterates(ta[0], tl[0]) and _aligned(ta[1:], tl[1:]):
        return True
    if len(tl) >= 2 and _glued(ta[0], tl[0], tl[1]) and _aligned(ta[1:], tl[2:]):
        return True
    return False


def _glued(ar: str, lat1: str, lat2: str) -> bool:
    """One Arabic word for two Latin ones: the skeletons put end to end, no letter lost."""
    a = _token_h_skeleton(ar)
    return len(a) >= 4 and any(a == x + y for x in _without_some_h(_token_h_skeleton(lat1))
                               for y in _without_some_h(_token_h_skeleton(lat2)))


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
