"""Cue tables the learned stages' features share (regex bodies per language, fr/ar/en), and
their compiled, cached form. One home: `participants`, `companions` and `features` read them."""

from __future__ import annotations

import functools
import re

# Someone named but absent: a patron, an instructing head of state, a sender, the represented.
ABSENT = {
    "fr": r"patronage|sous la présidence|instructions?|directives?|au nom d|de la part d|"
          r"message|lettre|missive|envoyée? spéciale?|représentant|invitation|ordre",
    "en": r"patronage|chaired by|instructions?|directives?|on behalf|message|letter|"
          r"envoy|representing|invitation|orders",
    "ar": r"رعاية|توجيهات|تعليمات|نيابة|رسالة|مبعوث|ممثل|بدعوة|بتكليف|أوامر",
}
# A head of state or government named by title.
HEAD = {"fr": r"président|roi|souverain|majesté|émir|prince|premier ministre|chef de l'état",
        "en": r"president|king|majesty|emir|prince|prime minister|head of state",
        "ar": r"الرئيس|الملك|جلالة|الأمير|سمو|رئيس الحكومة|رئيس الوزراء|فخامة"}


@functools.lru_cache(maxsize=512)
def _compiled(body: str, suffix: str) -> re.Pattern[str]:
    return re.compile(f"(?:{body}){suffix}", re.I)


def cue_regex(table: dict[str, str], lang: str, suffix: str = "") -> re.Pattern[str]:
    """The table's cue for `lang` (English where the table has no entry for it), followed by
    `suffix`, case-insensitive; compiled once."""
    return _compiled(table[lang] if lang in table else table["en"], suffix)
