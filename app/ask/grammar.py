"""The `/ask` grammar: question forms as data, compiled to patterns, and `parse_question`.

A form is a template per language and intent: `{X}`/`{Y}` are names (`{OBJ}`: the verb's
object), `{V}` a verb in the
past (fr: a participle after "a"), `{B}` an English infinitive after "did", `{R}` a French
participle after "s'est", `{RR}` a French reciprocal ("se sont rencontrés"), `{XY}` two Arabic
names side by side ("التقى لعمامرة غوتيريش"), `{N}` a noun naming an event kind. The verb
matched gives the event kind; what follows the names is read as modifiers: a date range, a
place the event was held in ("in Libya", "en Libye", "في ليبيا") or a topic ("about Libya",
"au sujet de la Libye", "بشأن ليبيا"). Matching runs on the folded question
(`lexicon.fold_chars`), names are cut from the question as written. Pure: no store.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from app.ask.dates import find_dates
from app.ask.forms import FORMS, NOUNS
from app.ask.lexicon import (
    ARTICLES,
    EXAMPLES,
    KIND_WORDS,
    LANGS,
    PLACE_WORDS,
    TOPIC_WORDS,
    VERBS,
    VISIT,
    fold_chars,
)
from app.errors import QuestionNotUnderstood

_ARABIC = re.compile(r"[\u0600-\u06ff]")
_END = r"\s*[?.!]*\s*$"
_PREPS = {"en": (" with", " to"), "fr": (" avec", " a", " aupres de", " chez"),
          "ar": (" مع", " الى", " من")}


@dataclass(frozen=True)
class ParsedQuestion:
    """What the grammar read. `persons`: one or two names; `pair`: `persons[0]` holds two
    Arabic names side by side, split when they are resolved. `alternates`: a name as
    written before a clitic (ب, و) was taken off, tried when the stripped name is unknown."""

    lang: str
    intent: str
    persons: tuple[str, ...]
    kind: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    place: str | None = None
    topic: str | None = None
    pair: bool = False
    alternates: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def form(self) -> dict[str, object]:
        """The parsed form, for tests and the benchmark table."""
        return {"intent": self.intent, "persons": list(self.persons), "kind": self.kind,
                "from": self.date_from, "to": self.date_to, "place": self.place,
                "topic": self.topic}


def _alt(words: tuple[str, ...] | list[str] | set[str]) -> str:
    folded = {fold_chars(w) for w in words}
    return "|".join(re.escape(w) for w in sorted(folded, key=lambda w: (-len(w), w)))


def _verb_regex(phrase: str, lang: str, *, agree: bool) -> str:
    """A verb phrase as a pattern: trailing preposition optional, French agreement."""
    phrase = fold_chars(phrase)
    tail = ""
    for prep in _PREPS[lang]:
        if phrase.endswith(fold_chars(prep)) and phrase != fold_chars(prep).strip():
            # any preposition, greedy: "talked to" is not "talked" + a name "to …"
            preps = "|".join(re.escape(fold_chars(p).strip()) for p in _PREPS[lang])
            phrase, tail = phrase[: -len(prep)], rf"(?:\s+(?:{preps}))?"
            break
    words = [re.escape(w) for w in phrase.split(" ")]
    if agree and lang == "fr":
        words[0] += "(?:e?s?)"
    return r"\s+".join(words) + tail


@lru_cache(maxsize=3)
def _verb_table(lang: str) -> dict[str, list[tuple[re.Pattern[str], str | None, str]]]:
    """slot -> [(pattern, kind, clitic)]: the verb forms each template slot accepts."""
    slots: dict[str, list[tuple[re.Pattern[str], str | None, str]]] = {
        "V": [], "B": [], "R": [], "RR": []}
    for verb in VERBS[lang]:
        if lang == "fr":
            past_slot, base_slot = ("R", "RR") if verb.reflexive else ("V", "RR")
        else:
            past_slot, base_slot = "V", "B"
        for slot, phrases in ((past_slot, verb.past), (base_slot, verb.base)):
            for phrase in phrases:
                rx = _verb_regex(phrase, lang, agree=lang == "fr")
                slots[slot].append((re.compile(rx), verb.kind, verb.clitic))
    return slots


def _slot(lang: str, slot: str) -> str:
    rxs = sorted({p.pattern for p, _, _ in _verb_table(lang)[slot]}, key=lambda s: (-len(s), s))
    return f"(?P<v>{'|'.join(rxs)})" if rxs else "(?!)"


def _kind_of(lang: str, slot: str, text: str) -> tuple[str | None, str]:
    for pattern, kind, clitic in _verb_table(lang)[slot]:
        if pattern.fullmatch(text):
            return kind, clitic
    return None, ""


@lru_cache(maxsize=3)
def _compiled(lang: str) -> list[tuple[str, re.Pattern[str], str, str | None]]:
    """(intent, pattern, verb slot, kind override) per form, in order."""
    mods = _alt(PLACE_WORDS[lang] + TOPIC_WORDS[lang])
    rest = rf"(?P<rest>(?:\s*,?\s+(?:{mods})(?:\s+|(?<=')).*)?)"
    name = r"[^\s,?!].*?"
    nouns = _alt(list(NOUNS[lang]))
    out = []
    for intent, template, kind in FORMS[lang]:
        text = fold_chars(template)
        slot = next((s for s in ("RR", "V", "B", "R") if "{" + s + "}" in template), "")
        text = re.sub(r" +", r"\\s+", text)
        text = (text.replace("{xy}", f"(?P<x>{name})").replace("{obj}", f"(?P<x>{name})")
                .replace("{x}", f"(?P<x>{name})")
                .replace("{y}", f"(?P<y>{name})").replace("{n}", f"(?P<n>{nouns})"))
        if slot:
            text = text.replace("{" + slot.lower() + "}", _slot(lang, slot))
        pair = "{XY}" in template
        intent += "+pair" if pair else "+obj" if "{OBJ}" in template else ""
        out.append((intent,
                    re.compile(r"^\s*" + text + rest + _END), slot, kind))
    return out


def detect_lang(text: str) -> str:
    """ar for Arabic script; fr for French words or letters; en otherwise."""
    if _ARABIC.search(text):
        return "ar"
    if re.search(r"[éèêàùçôîœû]", text.lower()):
        return "fr"
    words = set(re.findall(r"[\w'-]+", fold_chars(text)))
    french = {"qui", "quand", "ou", "quoi", "avec", "a-t-il", "a-t-elle", "de", "le", "la",
              "les", "du", "des", "au", "aux", "et", "en", "est", "est-ce", "il", "elle",
              "quel", "quelle", "quels", "quelles", "sont", "ont", "pour", "sur", "dans",
              "chronologie", "chemin", "entre", "rencontre", "est-il", "est-elle"}
    english = {"who", "whom", "when", "where", "what", "which", "did", "the", "of", "in",
               "about", "and", "with", "how", "is", "are"}
    return "fr" if len(words & french) > len(words & english) else "en"


def _clean(text: str) -> str:
    text = re.sub(r"[\u064b-\u0652\u0670]", "", text)  # Arabic diacritics
    text = text.replace("\u0640", "")  # tatweel
    return re.sub(r"\s+", " ", text).strip()


def _strip_name(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip(" \t?？؟!.,;:«»\"'“”")
    return text or None


def _strip_article(text: str, lang: str) -> str:
    low = fold_chars(text)
    for article in ARTICLES[lang]:
        if low.startswith(fold_chars(article)) and len(text) > len(article):
            return text[len(article):].strip()
    return text


def _modifiers(rest: str, folded: str, lang: str
               ) -> tuple[str | None, str | None, str | None] | None:
    """(place, topic, kind) read from the text after the names; None if it cannot be read."""
    words = [(w, "place") for w in PLACE_WORDS[lang]] + [(w, "topic") for w in TOPIC_WORDS[lang]]
    words += [(w, "kind") for w in KIND_WORDS[lang]]
    alt = _alt([w for w, _ in words])
    kinds = {fold_chars(w): k for w, k in words}
    pattern = re.compile(rf"(?:^|[\s,]+)({alt})(?:\s+|(?<=')|(?=[\s?.!,]*$))")
    cuts = list(pattern.finditer(folded))
    place = topic = kind = None
    for i, cut in enumerate(cuts):
        end = cuts[i + 1].start() if i + 1 < len(cuts) else len(rest)
        phrase = _strip_name(rest[cut.end():end])
        what = kinds[cut.group(1)]
        if what == "kind":
            if phrase:
                return None
            kind = _lookup(KIND_WORDS[lang], cut.group(1))
            continue
        if not phrase:
            return None
        phrase = _strip_article(phrase, lang)
        if what == "place" and place is None:
            place = phrase
        elif what == "topic" and topic is None:
            topic = phrase
        else:
            return None
    return place, topic, kind


def _place_phrase(text: str, lang: str) -> str:
    """A place as the object of a visit, without its preposition and article ("au Caire")."""
    folded = fold_chars(text)
    for word in sorted(PLACE_WORDS[lang], key=len, reverse=True):
        if folded.startswith(fold_chars(word) + " "):
            text = text[len(word) + 1:]
            break
    return _strip_article(text, lang)


def _lookup(table: dict[str, str | None], folded: str) -> str | None:
    return next(v for k, v in table.items() if fold_chars(k) == folded)


def _trailing_kind(name: str, lang: str) -> tuple[str, str | None, bool]:
    """A kind word written after a name ("لعمامرة هاتفيا") taken off: (name, kind, found)."""
    folded = fold_chars(name)
    for word in sorted(KIND_WORDS[lang], key=len, reverse=True):
        tail = " " + fold_chars(word)
        if folded.endswith(tail) and len(folded) > len(tail):
            return name[: -len(tail)].rstrip(), KIND_WORDS[lang][word], True
    return name, None, False


def _unclitic(name: str, clitic: str, alternates: dict[str, str]) -> str:
    """Take a glued preposition off an Arabic name ("بلعمامرة" -> "لعمامرة")."""
    if clitic and name.startswith(clitic) and len(name) > len(clitic) + 2:
        bare = name[len(clitic):].lstrip()
        alternates[bare] = name
        return bare
    return name


def _is_place(name: str, lang: str) -> bool:
    from ingest.extract.lexicons import get_lexicons

    matches = get_lexicons().match_entities(name, lang)
    return any(m.start == 0 and m.end == len(name) and m.entry.type in ("Country", "Location")
               for m in matches)


def _read(text: str, lang: str) -> ParsedQuestion | None:
    folded = fold_chars(text)
    dates = find_dates(folded, lang)
    if dates is not None:
        for start, end in sorted(dates.spans, reverse=True):
            text = text[:start] + " " + text[end:]
        text = re.sub(r"\s+", " ", text).strip(" ,")
        folded = fold_chars(text)
    for intent, pattern, slot, kind_override in _compiled(lang):
        match = pattern.match(folded)
        if not match:
            continue
        x = _strip_name(text[match.start("x"):match.end("x")])
        y = _strip_name(text[match.start("y"):match.end("y")]) if "y" in pattern.groupindex \
            else None
        if not x or ("y" in pattern.groupindex and not y):
            continue
        kind, clitic = _kind_of(lang, slot, match["v"]) if slot else (None, "")
        if "n" in pattern.groupindex:
            kind = _lookup(NOUNS[lang], match["n"])
        kind = kind_override if kind_override is not None else kind
        mods = _modifiers(text[match.start("rest"):], match["rest"], lang)
        if mods is None:
            continue
        place, topic, said = mods
        x, x_kind, x_found = _trailing_kind(x, lang)
        y, y_kind, y_found = _trailing_kind(y, lang) if y else (y, None, False)
        for found, value in ((x_found, x_kind), (y_found, y_kind), (said is not None, said)):
            if found and value is not None:
                kind = value
        pair, obj = intent.endswith("+pair"), intent.endswith("+obj")
        intent = intent.removesuffix("+pair").removesuffix("+obj")
        alternates: dict[str, str] = {}
        if obj and not re.search(r"\s(?:مع|الى|من)$", match["v"]):
            x = _unclitic(x, clitic, alternates)  # the verb's object, its preposition glued
        if pair and len(x.split()) == 2:
            x, y, pair = *x.split(), False
        persons = (x,) if y is None else (x, y)
        if y is not None and kind == VISIT and place is None and \
                _is_place(_place_phrase(y, lang), lang):
            persons, place = (x,), _place_phrase(y, lang)
        return ParsedQuestion(lang=lang, intent=intent, persons=persons, kind=kind,
                              date_from=dates.date_from if dates else None,
                              date_to=dates.date_to if dates else None, place=place,
                              topic=topic, pair=pair, alternates=alternates)
    return None


def parse_question(question: str) -> ParsedQuestion:
    """Read a question with the grammar.

    Raises:
        QuestionNotUnderstood: no form matches; `errors` lists the closest forms the
            grammar reads, in the question's language.
    """
    text = _clean(question)
    lang = detect_lang(text)
    order = [lang] + [other for other in LANGS if other != lang and (lang == "ar") == (
        other == "ar")]
    for candidate in order:
        parsed = _read(text, candidate)
        if parsed is not None:
            return parsed
    raise QuestionNotUnderstood(
        f"cannot read the question {question[:100]!r}; ask it in one of the forms in `errors`",
        errors=closest_forms(text, lang))


def closest_forms(text: str, lang: str, n: int = 5) -> list[dict[str, str]]:
    """The examples of `lang` most like `text`, closest first."""
    folded = fold_chars(text)
    pool = [e for e in EXAMPLES if e["lang"] == lang]
    scored = sorted(pool, key=lambda e: -difflib.SequenceMatcher(
        None, folded, fold_chars(e["q"])).ratio())
    return scored[:n]
