"""Text folding shared by resolution, search keys and evaluation (pure Python, no heavy imports).

`fold("Ramtane LAMAMRA")` == `fold("Ramtane Lamamra")`; accents, Arabic diacritics, tatweel
and the alef/ya/ta-marbuta variants are folded so that a search in any script and spelling
finds the same keys. `graph` may import this module (it holds no NLP).
"""

from __future__ import annotations

import re
import unicodedata

_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTER_MAP = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي", "ئ": "ي",
    "ة": "ه",
    "ؤ": "و",
    "\u200e": None, "\u200f": None, "\u200b": None, "\u200c": None, "\u200d": None,
})
_LATIN_EXTRA = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "œ": "oe", "æ": "ae", "ß": "ss",
                              "ø": "o", "ł": "l", "đ": "d", "ı": "i"})
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


def normalize_arabic(text: str) -> str:
    """Same-length Arabic normalisation (alef, ya, ta marbuta, hamza seats).

    Keeps one character per character so offsets into the original text stay valid;
    diacritics are *not* removed here (that would change lengths).
    """
    return text.translate(str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
                                         "ى": "ي", "ة": "ه"}))


def fold(text: str) -> str:
    """Lower-case, strip accents and Arabic diacritics, unify letter variants and punctuation."""
    if text.isascii():  # the same result, 5x faster: no normalisation form changes ASCII
        text = text.lower().replace("`", " ").replace("'", " ").replace("_", " ")
        return _SPACES.sub(" ", _NON_WORD.sub(" ", text)).strip()
    text = unicodedata.normalize("NFKC", text)
    text = _ARABIC_DIACRITICS.sub("", text).translate(_ARABIC_LETTER_MAP)
    text = text.lower().translate(_LATIN_EXTRA)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    text = _NON_WORD.sub(" ", text.replace("'", " ").replace("_", " "))
    return _SPACES.sub(" ", text).strip()


def slugify(text: str) -> str:
    """`fold` with dashes: 'Ramtane Lamamra' -> 'ramtane-lamamra' (used in entity ids)."""
    return fold(text).replace(" ", "-") or "x"
