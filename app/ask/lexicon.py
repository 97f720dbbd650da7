"""The words of the `/ask` grammar, per language (en, fr, ar): verbs and their event kinds,
the words that introduce a place or a topic, month names, examples.

Data only, plus `fold_chars`, the one-to-one folding (case, accents, Arabic letter variants)
under which questions are matched, so that a name is cut from the question as it was written.
Month names come from CLDR through babel (Gregorian, Levantine and Maghrebi Arabic names).
Imports nothing from the store or the models.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

LANGS = ("en", "fr", "ar")
# Event kinds (ingest.models.EVENT_KINDS) a verb asks for; None: any encounter ("met").
MEET, CALL, VISIT, MESSAGE, AGREEMENT = None, "phone_call", "visit", "message", "agreement"

_AR_MAP = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ـ": " ",
                         "’": "'", "‘": "'", "`": "'", "،": ",", "؟": "?",
                         **{chr(0x660 + i): str(i) for i in range(10)},
                         **{chr(0x6F0 + i): str(i) for i in range(10)}})


def fold_char(ch: str) -> str:
    """One character, lower-cased, without accent, with Arabic letter variants unified."""
    ch = ch.translate(_AR_MAP)
    low = ch.lower()
    ch = low if len(low) == 1 else ch
    base = unicodedata.normalize("NFD", ch)[0]
    return base if base.isalpha() or base == ch else ch


def fold_chars(text: str) -> str:
    """`text` folded character by character: the result has the same length as `text`."""
    return "".join(fold_char(c) for c in text)


@dataclass(frozen=True)
class Verb:
    """One verb phrase: the event kind it asks about, its forms, and (Arabic) the clitic
    preposition that may be glued to the name after it ("اتصل بلعمامرة")."""

    kind: str | None
    past: tuple[str, ...]       # en: past tense; fr: participle; ar: past
    base: tuple[str, ...] = ()  # en: infinitive after "did"; fr: reflexive participle (se sont …)
    clitic: str = ""
    reflexive: bool = False     # fr: conjugated with "s'est" / "se sont"


VERBS: dict[str, list[Verb]] = {
    "en": [
        Verb(MEET, ("met with", "met", "talked with", "talked to", "spoke with", "spoke to",
                    "held talks with", "had talks with", "received", "hosted", "saw",
                    "conferred with", "sat down with"),
             ("meet with", "meet", "talk with", "talk to", "speak with", "speak to",
              "hold talks with", "have talks with", "receive", "host", "see", "confer with",
              "sit down with")),
        Verb(CALL, ("spoke by phone with", "spoke on the phone with", "spoke by telephone with",
                    "had a phone call with", "had a call with", "held a phone call with",
                    "telephoned", "phoned", "called", "rang"),
             ("speak by phone with", "speak on the phone with", "have a phone call with",
              "have a call with", "telephone", "phone", "call", "ring")),
        Verb(VISIT, ("paid a visit to", "visited", "went to see"), ("pay a visit to", "visit")),
        Verb(MESSAGE, ("sent a letter to", "sent a message to", "addressed a letter to",
                       "wrote to", "wrote", "messaged"),
             ("send a letter to", "send a message to", "write to", "write", "message")),
        Verb(AGREEMENT, ("signed an agreement with", "signed a deal with",
                         "signed a memorandum with", "concluded an agreement with",
                         "signed with", "signed"),
             ("sign an agreement with", "sign a deal with", "sign a memorandum with",
              "conclude an agreement with", "sign with", "sign")),
    ],
    "fr": [
        Verb(MEET, ("eu un entretien avec", "eu des entretiens avec", "eu une reunion avec",
                    "eu des discussions avec", "tenu une reunion avec", "discute avec",
                    "parle avec", "echange avec", "rencontre", "recu", "vu", "accueilli")),
        Verb(MEET, ("entretenu avec", "reuni avec", "entretenus avec", "reunis avec"),
             ("rencontres", "rencontre", "entretenus", "reunis", "vus", "parle"), reflexive=True),
        Verb(CALL, ("eu un entretien telephonique avec", "eu un echange telephonique avec",
                    "eu un appel telephonique avec", "eu un appel avec", "eu au telephone",
                    "joint par telephone", "telephone a", "appele")),
        Verb(CALL, ("entretenu par telephone avec", "entretenu au telephone avec"),
             ("telephone", "appeles", "parle au telephone"), reflexive=True),
        Verb(VISIT, ("rendu visite a", "visite")),
        Verb(VISIT, ("rendu chez", "rendu aupres de", "rendu"), reflexive=True),
        Verb(MESSAGE, ("adresse une lettre a", "envoye une lettre a", "envoye un message a",
                       "adresse un message a", "ecrit a")),
        Verb(MESSAGE, (), ("ecrit",), reflexive=True),
        Verb(AGREEMENT, ("signe un accord avec", "conclu un accord avec", "signe avec",
                         "signe un accord", "signe")),
    ],
    "ar": [
        Verb(MEET, ("التقى مع", "التقت مع", "اجتمع مع", "اجتمعت مع", "تباحث مع", "تباحثت مع",
                    "أجرى محادثات مع", "عقد لقاء مع", "عقد اجتماعا مع", "تحادث مع", "تحدث مع",
                    "التقى", "التقت", "اجتمع", "اجتمعت", "قابل", "قابلت", "استقبل", "استقبلت",
                    "تباحث", "تحادث"), clitic="ب"),
        Verb(CALL, ("أجرى اتصالا هاتفيا مع", "أجرى مكالمة هاتفية مع", "تحادث هاتفيا مع",
                    "تحدث هاتفيا مع", "تلقى اتصالا هاتفيا من", "تلقى اتصالا من",
                    "أجرى اتصالا هاتفيا", "أجرى اتصالا", "اتصل", "اتصلت", "هاتف", "هاتفت"),
             clitic="ب"),
        Verb(VISIT, ("قام بزيارة إلى", "قام بزيارة", "زار", "زارت", "سافر إلى", "توجه إلى")),
        Verb(MESSAGE, ("بعث رسالة إلى", "بعث برسالة إلى", "وجه رسالة إلى", "أرسل رسالة إلى",
                       "كتب إلى", "كتبت إلى", "راسل", "راسلت")),
        Verb(AGREEMENT, ("وقع اتفاقية مع", "وقع اتفاقا مع", "وقع اتفاق مع", "أبرم اتفاقا مع",
                         "وقعت مع", "وقع مع", "وقع")),
    ],
}

# Words that open a modifier after the names: a place the event was held in, or a topic.
# Longest first where one is the start of another ("au sujet de" before "au").
PLACE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("in", "at"),
    "fr": ("aux", "au", "en", "a", "dans"),
    "ar": ("في",),
}
TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("to discuss", "regarding", "concerning", "about", "over", "on"),
    "fr": ("au sujet des", "au sujet du", "au sujet de la", "au sujet de l'", "au sujet de",
           "au sujet d'", "a propos des", "a propos du", "a propos de la", "a propos de l'",
           "a propos de", "a propos d'", "pour parler des", "pour parler du",
           "pour parler de la", "pour parler de", "pour discuter de", "concernant", "sur"),
    "ar": ("في شأن", "فيما يخص", "بخصوص", "بشأن", "حول", "حيال", "لبحث", "لمناقشة", "عن"),
}
# Words that say the kind of event where a name or a modifier stands ("by phone",
# "au téléphone", "هاتفيا"; Arabic objects after the subject: "وقع لعمامرة اتفاقية مع …").
KIND_WORDS: dict[str, dict[str, str | None]] = {
    "en": {"by phone": CALL, "on the phone": CALL, "by telephone": CALL, "over the phone": CALL},
    "fr": {"au téléphone": CALL, "par téléphone": CALL},
    "ar": {"هاتفيا": CALL, "اتصالا هاتفيا": CALL, "اتصالا": CALL, "عبر الهاتف": CALL,
           "اتفاقية": AGREEMENT, "اتفاقا": AGREEMENT, "اتفاق": AGREEMENT, "رسالة": MESSAGE,
           "محادثات": MEET, "لقاء": MEET, "اجتماعا": MEET},
}
# Articles left in front of a place or topic ("la Libye", "the Sahel"); Arabic keeps "ال".
ARTICLES: dict[str, tuple[str, ...]] = {
    "en": ("the ",), "fr": ("la ", "le ", "les ", "l'", "l’"), "ar": (),
}

# Date words: a single date ("in 2022"), a range ("between March and May 2022"), open ranges.
DATE_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {"in": ("in the year", "in", "during", "throughout", "on"),
           "between": ("between", "from"), "and": ("and", "to", "until", "till", "through"),
           "since": ("since",), "after": ("after",), "before": ("before", "prior to"),
           "until": ("until", "till", "up to")},
    "fr": {"in": ("au cours de l'annee", "au cours de", "pendant l'annee", "pendant",
                  "durant", "courant", "en l'an", "en", "le"),
           "between": ("entre le", "entre", "du", "de"), "and": ("et le", "et", "au", "a"),
           "since": ("depuis le", "depuis"), "after": ("apres le", "apres"),
           "before": ("avant le", "avant"), "until": ("jusqu'en", "jusqu'au", "jusqu'a")},
    "ar": {"in": ("في عام", "في سنة", "خلال عام", "خلال سنة", "خلال", "في شهر", "في", "عام",
                  "سنة", "يوم"),
           "between": ("بين", "من"), "and": ("و", "إلى", "الى", "حتى"),
           "since": ("منذ",), "after": ("بعد",), "before": ("قبل",), "until": ("حتى",)},
}


@lru_cache(maxsize=1)
def month_names() -> dict[str, dict[str, int]]:
    """Folded month name -> month number, per language (CLDR wide and abbreviated names)."""
    from babel.dates import get_month_names

    locales = {"en": ("en",), "fr": ("fr",), "ar": ("ar", "ar_SY", "ar_DZ", "ar_MA")}
    out: dict[str, dict[str, int]] = {}
    for lang, locs in locales.items():
        names: dict[str, int] = {}
        for loc in locs:
            for width in ("wide", "abbreviated"):
                for number, name in get_month_names(width, locale=loc).items():
                    key = fold_chars(str(name)).rstrip(".")
                    if len(key) >= 3:
                        names.setdefault(key, number)
        if lang == "en":
            names.setdefault("sept", 9)
        if lang == "fr":
            names.setdefault("fevr", 2)
        out[lang] = names
    return out


# Forms the grammar reads, shown (closest first, in the question's language) when a
# question is not understood.
EXAMPLES: list[dict[str, str]] = [
    {"lang": "en", "q": "who met Lamamra about Libya"},
    {"lang": "en", "q": "who did Lamamra call in 2022"},
    {"lang": "en", "q": "who met Lamamra in Libya"},
    {"lang": "en", "q": "when did Lamamra meet Guterres"},
    {"lang": "en", "q": "where did Lamamra meet Bayramov"},
    {"lang": "en", "q": "what did Lamamra and Shoukry discuss"},
    {"lang": "en", "q": "who did Lamamra meet between March and May 2022"},
    {"lang": "en", "q": "timeline of Ramtane Lamamra"},
    {"lang": "en", "q": "path from Lamamra to Guterres"},
    {"lang": "fr", "q": "qui a rencontré Lamamra au sujet de la Libye ?"},
    {"lang": "fr", "q": "qui Lamamra a-t-il appelé en 2022 ?"},
    {"lang": "fr", "q": "qui a rencontré Lamamra en Libye ?"},
    {"lang": "fr", "q": "quand Lamamra a-t-il rencontré Guterres ?"},
    {"lang": "fr", "q": "où Lamamra a-t-il rencontré Bayramov ?"},
    {"lang": "fr", "q": "de quoi Lamamra et Choukri ont-ils parlé ?"},
    {"lang": "fr", "q": "qui Lamamra a-t-il rencontré en octobre 2021 ?"},
    {"lang": "fr", "q": "chronologie de Ramtane Lamamra"},
    {"lang": "fr", "q": "chemin entre Lamamra et Guterres"},
    {"lang": "ar", "q": "من التقى لعمامرة بشأن ليبيا؟"},
    {"lang": "ar", "q": "من اتصل بلعمامرة في 2022؟"},
    {"lang": "ar", "q": "من التقى لعمامرة في ليبيا؟"},
    {"lang": "ar", "q": "متى التقى لعمامرة غوتيريش؟"},
    {"lang": "ar", "q": "أين التقى لعمامرة بايراموف؟"},
    {"lang": "ar", "q": "ماذا ناقش لعمامرة مع شكري؟"},
    {"lang": "ar", "q": "الجدول الزمني لرمطان لعمامرة"},
    {"lang": "ar", "q": "العلاقة بين لعمامرة و غوتيريش"},
]
