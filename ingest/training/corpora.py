"""Readers and converters for the training corpora in `../shared/corpora/` (no stanza import).

Each reader returns sentences as lists of `(token, BIO tag)` pairs with coarse labels
PER/LOC/ORG/MISC. Writers produce the files Stanza's trainers read: NER JSON (a list of
sentences, each a list of `{"text", "ner"}`), CoNLL-U with `# text` and `SpaceAfter=No`
(for the tokenizer data preparation) and plain word lists for word2vec.
"""

from __future__ import annotations

import json
import lzma
import random
import re
from dataclasses import dataclass
from collections.abc import Iterable, Iterator
from pathlib import Path

from ingest.normalize import normalize_arabic

Sentence = list[tuple[str, str]]

#: First line (1-based) of the ANERcorp tail that corresponds to the CAMeL Lab test split.
ANERCORP_TEST_START = 125304
_TAG_MAP = {"PERS": "PER", "PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}


def open_text(path: Path) -> Iterator[str]:
    """Yield the lines of a text file, decompressing `.xz` on the fly."""
    if path.suffix == ".xz":
        with lzma.open(path, "rt", encoding="utf-8") as fh:
            yield from fh
    else:
        with path.open(encoding="utf-8") as fh:
            yield from fh


def coarse(tag: str) -> str:
    """Map a BIO tag to the coarse PER/LOC/ORG/MISC set ("O" for anything unknown)."""
    if tag == "O" or "-" not in tag:
        return "O"
    prefix, _, label = tag.partition("-")
    label = _TAG_MAP.get(label)
    return f"{prefix}-{label}" if label and prefix in ("B", "I") else "O"


def repair_bio(sent: Sentence) -> Sentence:
    """Turn an I- tag that does not continue an entity of the same type into B-."""
    out: Sentence = []
    prev = "O"
    for tok, tag in sent:
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append((tok, tag))
        prev = tag
    return out


def read_indexed_bio(path: Path) -> list[Sentence]:
    """WikiNEuRal / WikiANN format: `idx<TAB>token<TAB>tag`, blank line between sentences."""
    sents: list[Sentence] = []
    cur: Sentence = []
    for line in open_text(path):
        parts = line.rstrip("\r\n").split("\t")
        if len(parts) < 3 or not parts[1]:
            if cur:
                sents.append(repair_bio(cur))
                cur = []
            continue
        cur.append((parts[1], coarse(parts[2])))
    if cur:
        sents.append(repair_bio(cur))
    return sents


def _split_on_periods(pairs: Iterable[tuple[str, str]], max_len: int = 120) -> list[Sentence]:
    sents: list[Sentence] = []
    cur: Sentence = []
    for tok, tag in pairs:
        cur.append((tok, tag))
        if (tok in (".", "!", "?", "؟") and tag == "O") or len(cur) >= max_len:
            sents.append(cur)
            cur = []
    if cur:
        sents.append(cur)
    return sents


def read_anercorp(path: Path, *, train_part: bool = True) -> list[Sentence]:
    """ANERcorp (`token tag` per line, no sentence breaks): split on sentence-final periods.

    `train_part=True` returns lines before `ANERCORP_TEST_START` (the CAMeL train split), else the
    tail. Tokens are normalised with `normalize_arabic` (alef/ya/ta marbuta), as at inference.
    """
    pairs = []
    for i, line in enumerate(open_text(path), start=1):
        if (i < ANERCORP_TEST_START) != train_part:
            continue
        parts = line.split()
        if len(parts) != 2:
            continue
        pairs.append((normalize_arabic(parts[0].replace("\u200e", "")), coarse(parts[1])))
    return [repair_bio(s) for s in _split_on_periods(pairs)]


def read_blank_separated(path: Path, *, arabic: bool = False) -> list[Sentence]:
    """`token<space or tab>tag` per line, blank line between sentences (CAMeL ANERcorp test)."""
    sents: list[Sentence] = []
    cur: Sentence = []
    for line in open_text(path):
        parts = line.replace("\u200e", "").replace("\ufeff", "").split()
        if len(parts) != 2:
            if cur:
                sents.append(repair_bio(cur))
                cur = []
            continue
        tok = normalize_arabic(parts[0]) if arabic else parts[0]
        cur.append((tok, coarse(parts[1])))
    if cur:
        sents.append(repair_bio(cur))
    return sents


def split_dev(sents: list[Sentence], n_dev: int, seed: int = 1234) -> tuple[list[Sentence], list[Sentence]]:
    """Deterministically hold `n_dev` sentences out of `sents` for early stopping."""
    idx = list(range(len(sents)))
    random.Random(seed).shuffle(idx)
    dev_idx = set(idx[:n_dev])
    train = [s for i, s in enumerate(sents) if i not in dev_idx]
    dev = [s for i, s in enumerate(sents) if i in dev_idx]
    return train, dev


def concat_fragments(sents: list[Sentence], n: int, seed: int = 1234) -> list[Sentence]:
    """`n` longer pseudo-sentences, each three random fragments joined by ',', 'and' or 'with'.

    WikiANN sentences are short title-like fragments; joined ones teach the tagger entity
    boundaries inside longer running text.
    """
    rng = random.Random(seed)
    out: list[Sentence] = []
    for _ in range(n):
        a, b, c = rng.sample(sents, 3)
        j1, j2 = rng.choice([",", "and", "with"]), rng.choice([",", "and", "with"])
        out.append([*a, (j1, "O"), *b, (j2, "O"), *c, (".", "O")])
    return out


@dataclass(frozen=True)
class GenreLexicon:
    """Role titles, demonyms, time phrases and sentence templates of diplomatic news, all tagged
    O; `{PER}`, `{LOC}`, `{ORG}` slots are filled with entities, `{T}`, `{D}`, `{W}` with a
    title, a demonym and a time phrase. Tokens are space-separated as in the corpus."""

    titles: tuple[str, ...]
    demonyms: tuple[str, ...]
    days: tuple[str, ...]
    templates: tuple[str, ...]
    arabic: bool = False  # fillers are normalised with `normalize_arabic`, as the corpus is


ENGLISH_GENRE = GenreLexicon(
    titles=("Secretary of State", "Foreign Minister", "President", "Prime Minister",
            "Minister of Foreign Affairs", "Deputy Foreign Minister", "Ambassador", "King",
            "Secretary - General", "Special Envoy", "Minister", "Mr.", "Ms.", "Senator"),
    demonyms=("Algerian", "Moroccan", "American", "French", "Egyptian", "Libyan", "Malian",
              "Tunisian", "Russian", "Chinese", "Turkish", "Saudi", "Mauritanian", "British"),
    days=("on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday",
          "on Sunday", "yesterday", "last week", "on 6 August"),
    templates=(
        "{T} {PER} met {D} {T} {PER} in {LOC} {W} .",
        "{T} {PER} received {PER} , {D} {T} , in {LOC} {W} .",
        "{PER} held talks with his {D} counterpart {PER} {W} on the situation in {LOC} .",
        "{ORG} {T} {PER} travelled to {LOC} and {LOC} to discuss the crisis in {LOC} .",
        "In a phone call with {T} {PER} , {PER} discussed bilateral relations and {LOC} .",
        "{T} {PER} said {W} that {LOC} and {LOC} would strengthen cooperation within the {ORG} .",
        "The {D} {T} , {PER} , arrived in {LOC} {W} for a two-day visit .",
        "{PER} and {PER} signed two agreements in {LOC} on the sidelines of the {ORG} meeting .",
    ),
)

# Modern Standard Arabic news phrasing; clitics stay attached to the word, as in ANERcorp.
ARABIC_GENRE = GenreLexicon(
    titles=("وزير الخارجية", "وزير الشؤون الخارجية", "الرئيس", "رئيس الوزراء", "رئيس الحكومة",
            "نائب وزير الخارجية", "السفير", "الملك", "الأمين العام", "المبعوث الخاص", "الوزير",
            "السيد", "السيدة", "وزيرة الخارجية", "كاتب الدولة"),
    demonyms=("الجزائري", "المغربي", "الأمريكي", "الفرنسي", "المصري", "الليبي", "المالي",
              "التونسي", "الروسي", "الصيني", "التركي", "السعودي", "الموريتاني", "البريطاني"),
    days=("يوم الاثنين", "يوم الثلاثاء", "يوم الأربعاء", "يوم الخميس", "يوم الجمعة", "مساء السبت",
          "يوم الأحد", "أمس", "الأسبوع الماضي", "اليوم"),
    templates=(
        "استقبل {T} {PER} {W} في {LOC} {T} {D} {PER} .",
        "التقى {T} {D} {PER} {W} في {LOC} مع {T} {PER} .",
        "أجرى {T} {PER} مكالمة هاتفية مع نظيره {D} {PER} تناولت الوضع في {LOC} .",
        "بحث {T} {PER} مع {PER} {W} العلاقات الثنائية والأزمة في {LOC} .",
        "وصل {T} {D} {PER} إلى {LOC} {W} في زيارة تستغرق يومين .",
        "قال {T} {PER} {W} إن {LOC} ستعزز التعاون مع {ORG} .",
        "شارك {T} {PER} في اجتماع {ORG} الذي عقد في {LOC} {W} .",
        "تلقى {T} {PER} اتصالا هاتفيا من {T} {D} {PER} .",
        "وأكد {T} {PER} خلال لقائه مع {PER} دعم {LOC} للحل السياسي في {LOC} .",
        "أشاد {T} {D} {PER} بدور {ORG} في {LOC} .",
        "ناقش {T} {PER} مع نظيره القضايا الإقليمية ، لا سيما {LOC} ، {LOC} و{LOC} .",
        "بحث الجانبان الوضع في كل من {LOC} و{LOC} .",
        "زار {T} {PER} {LOC} و{LOC} {W} .",
    ),
    arabic=True,
)


def _spans_by_type(sents: list[Sentence]) -> dict[str, list[list[str]]]:
    """Every entity span of the corpus, as token lists, grouped by label."""
    spans: dict[str, list[list[str]]] = {"PER": [], "LOC": [], "ORG": []}
    for sent in sents:
        cur: list[str] = []
        label = ""
        for tok, tag in [*sent, ("", "O")]:
            if tag.startswith("I-") and cur and tag[2:] == label:
                cur.append(tok)
                continue
            if cur and label in spans:
                spans[label].append(cur)
            cur, label = ([tok], tag[2:]) if tag.startswith("B-") else ([], "")
    return spans


#: An entity slot of a template, with an optional attached clitic: "{PER}", "و{LOC}".
_SLOT = re.compile(r"^(\w*)\{(PER|LOC|ORG)\}$")


def genre_sentences(sents: list[Sentence], n: int, seed: int = 1234, *,
                    lexicon: GenreLexicon = ENGLISH_GENRE,
                    extra_persons: list[list[str]] | None = None,
                    extra_places: list[list[str]] | None = None) -> list[Sentence]:
    """`n` news-genre sentences from `lexicon`'s templates, filled with the corpus's own entities.

    The training corpora have little running diplomatic news; these teach the tagger that a
    role title before a name ("Secretary of State", "وزير الخارجية") is not part of the entity,
    and what persons, places and organisations look like in reports of meetings and calls.
    `extra_persons` (e.g. gazetteer names) and `extra_places` (e.g. country names) join the
    corpus's PER and LOC spans as fillers.
    """
    rng = random.Random(seed)
    spans = _spans_by_type(sents)
    spans["PER"] = spans["PER"] + list(extra_persons or [])
    spans["LOC"] = spans["LOC"] + list(extra_places or [])
    norm = normalize_arabic if lexicon.arabic else (lambda t: t)
    out: list[Sentence] = []
    for _ in range(n):
        sent: Sentence = []
        for piece in rng.choice(lexicon.templates).split():
            slot = _SLOT.match(piece)
            if slot:
                clitic, label = slot.groups()  # "و{LOC}": the clitic sticks to the name, as in ANERcorp
                toks = rng.choice(spans[label])
                sent += [(clitic + toks[0], f"B-{label}")] + [(t, f"I-{label}") for t in toks[1:]]
                continue
            filler = {"{T}": rng.choice(lexicon.titles), "{D}": rng.choice(lexicon.demonyms),
                      "{W}": rng.choice(lexicon.days)}.get(piece, piece)
            sent += [(norm(t), "O") for t in filler.split()]
        out.append(sent)
    return out


def write_ner_json(sents: list[Sentence], path: Path) -> None:
    """Write Stanza's NER training format."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = [[{"text": t, "ner": g} for t, g in s] for s in sents]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


_NO_SPACE_BEFORE = set(".,،؛;:!?؟)]}»%")
_NO_SPACE_AFTER = set("([{«")


def write_tokenizer_conllu(sents: list[Sentence], path: Path, per_paragraph: int = 6) -> None:
    """CoNLL-U with `# text`, `SpaceAfter=No` and paragraph breaks, for the tokenizer trainer.

    The text is rebuilt from the tokens with the usual spacing around punctuation, so the
    tokenizer learns to split exactly as the NER training data is split.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    for n, sent in enumerate(sents):
        toks = [t for t, _ in sent]
        no_space = [
            i + 1 < len(toks) and (toks[i + 1][0] in _NO_SPACE_BEFORE or toks[i][-1] in _NO_SPACE_AFTER)
            for i in range(len(toks))
        ]
        text = "".join(t + ("" if ns else " ") for t, ns in zip(toks, no_space, strict=True)).strip()
        if n % per_paragraph == 0:
            lines.append("# newpar")
        lines.append(f"# text = {text}")
        for i, (tok, ns) in enumerate(zip(toks, no_space, strict=True), start=1):
            misc = "SpaceAfter=No" if ns else "_"
            lines.append(f"{i}\t{tok}\t_\t_\t_\t_\t{i - 1}\t{'root' if i == 1 else 'dep'}\t_\t{misc}")
        lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def split_conllu(path: Path, n_tail: int) -> tuple[str, str]:
    """Split a CoNLL-U file into (head, last `n_tail` sentences) as strings."""
    blocks = [b for b in "".join(open_text(path)).split("\n\n") if b.strip()]
    head, tail = blocks[:-n_tail], blocks[-n_tail:]
    return "\n\n".join(head) + "\n\n", "\n\n".join(tail) + "\n\n"


def conllu_words(path: Path) -> list[list[str]]:
    """Syntactic words of each sentence of a CoNLL-U file (for word2vec)."""
    out: list[list[str]] = []
    cur: list[str] = []
    for line in open_text(path):
        line = line.rstrip("\n")
        if not line:
            if cur:
                out.append(cur)
                cur = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if cols[0].isdigit():
                cur.append(cols[1])
    if cur:
        out.append(cur)
    return out


def read_gazetteer(path: Path) -> list[str]:
    """One name per line (ANERGazet_Pers.txt), normalised like the corpus; duplicates dropped."""
    seen: dict[str, None] = {}
    for line in open_text(path):
        name = normalize_arabic(line.replace("\u200e", "").replace("\ufeff", "").strip())
        if name and len(name.split()) == 1:
            seen[name] = None
    return list(seen)


def person_name_pool(sents: list[Sentence], names: list[str]) -> list[str]:
    """The gazetteer names that occur in `sents` at least as often inside a PER span as outside."""
    o_count: dict[str, int] = {}
    per_count: dict[str, int] = {}
    for sent in sents:
        for tok, tag in sent:
            d = per_count if tag.endswith("-PER") else o_count
            d[tok] = d.get(tok, 0) + 1
    return [m for m in names if o_count.get(m, 0) <= per_count.get(m, 0)]


def read_name_lexicon() -> tuple[list[str], list[str]]:
    """Arabic given names and family names (one token each, normalised like the corpus) from
    the name index shipped in the `arabic-name-romanizer` wheel (Wikidata humans of 22
    Arabic-speaking countries, CC0, and Algerian name corpora, CC0/MIT).

    Used at training time only, as substitution fillers: ANERcorp's persons are mostly
    Middle-Eastern and 2000s newswire; this teaches the tagger Maghrebi and recent names.
    """
    import sqlite3
    from importlib.resources import files

    db = files("arabic_name_romanizer") / "resources" / "names.sqlite3"
    given: dict[str, None] = {}
    family: dict[str, None] = {}
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT DISTINCT arabic_key, role FROM units ORDER BY arabic_key, role")
        for key, role in rows:
            name = normalize_arabic(key.strip())
            if name and " " not in name and len(name) > 1:
                (given if role == "given" else family)[name] = None
    return list(given), list(family)


def arabic_country_names() -> list[list[str]]:
    """The CLDR Arabic names of countries and regions (babel), as token lists, normalised."""
    from babel import Locale

    names = {normalize_arabic(n) for code, n in Locale("ar").territories.items() if code.isalpha()}
    return [n.split() for n in sorted(names)]


def random_full_names(given: list[str], family: list[str], n: int,
                      seed: int = 1234) -> list[list[str]]:
    """`n` person names: a given name, sometimes a second one, and a family name."""
    rng = random.Random(seed)
    names = []
    for _ in range(n):
        first = [rng.choice(given)] + ([rng.choice(given)] if rng.random() < 0.25 else [])
        names.append(first + [rng.choice(family)])
    return names


def substitute_persons(sents: list[Sentence], names: list[str], n: int, seed: int = 1234) -> list[Sentence]:
    """`n` copies of PER-bearing training sentences with every PER token replaced by a random
    gazetteer name (span lengths kept: B-PER I-PER ...), everything else unchanged.

    ANERcorp's persons are mostly Middle-Eastern; substituting names from ANERGazet_Pers (which
    includes Maghrebi ones) teaches the tagger to find unseen names from their context and
    characters instead of memorising the training names. Gazetteer entries that occur in `sents`
    more often outside a PER span than inside one (common words such as "مطلق", "الملك") are left
    out: with them the tagger learned to tag ordinary words as PER. Only training sentences and
    the gazetteer are used (never dev, test or seed text).
    """
    pool = person_name_pool(sents, names)
    rng = random.Random(seed)
    with_per = [s for s in sents if any(t == "B-PER" for _, t in s)]
    out: list[Sentence] = []
    for _ in range(n):
        src = rng.choice(with_per)
        out.append([(rng.choice(pool), tag) if tag.endswith("-PER") else (tok, tag) for tok, tag in src])
    return out
