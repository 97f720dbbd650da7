"""Issue phrases the word lexicon cannot list: relations named by the two parties' adjectives
or names ("les relations algéro-tunisiennes", "Egypt-Qatar relations", "the Mauritanian-Malian
ties", "العلاقات المصرية التونسية") are bilateral relations (fr/ar/en). They become topic
candidates of `features.topic_candidates` like the lexicon's cues.
"""

from __future__ import annotations

import re

from ingest.extract.doc import Doc
from ingest.extract.lexicons import LexEntry, Match

# On? Measured, retrained (mean over 3 fold seeds x thresholds .2-.4): training set 5-fold
# topics/about F1 .619/.561 -> .617/.559, devset .661/.599 -> .667/.600; at threshold .3:
# .629/.593 -> .627/.592 and .681/.639 -> .685/.639. A wash on the folds, a little on the devset.
ADD_PHRASES = True
BILATERAL = "topic:bilateral-relations"
# French joins the first party as a prefix ending in -o ("algéro-", "tuniso-", "sino-").
_FR = re.compile(r"\b(?:relations|coopération|partenariat|liens)\s+(?:bilatérales?\s+)?"
                 r"(\w+?)o[-–](\w+)", re.I)
_EN_NOUN = re.compile(r"^\s*(?:relations|ties|cooperation|partnership|relationship)\b", re.I)
_AR_NOUN = re.compile(r"(?:^|\s)[وبل]?(?:ال)?(?:علاقات|العلاقات|التعاون|الشراكة)\s+$")
_JOIN = re.compile(r"^\s*[-–]\s*$|^\s+$")


def _named(doc: Doc) -> list[Match]:
    """Countries, organisations and places the lexicons found, names or adjectives."""
    return sorted((m for m in doc.matches if m.entry.type in ("Country", "Organisation",
                                                               "Location")),
                  key=lambda m: (m.start, m.end))


def bilateral_phrases(doc: Doc) -> list[Match]:
    """Matches of `BILATERAL` for "relations" named by two parties, in text order."""
    name = doc.lex.names.get(BILATERAL, "bilateral relations")
    entry = LexEntry("Topic", BILATERAL, name)
    text, out = doc.text, []
    named = _named(doc)
    if doc.lang == "fr":  # the second party is an adjective the lexicons know
        adjectives = [(m.start, m.end) for m in named if m.entry.demonym]
        for m in _FR.finditer(text):
            s, e = m.span(2)
            if not m.group(2).lower().startswith(m.group(1).lower()[:4]) and \
                    any(a < e and s < b for a, b in adjectives):  # not "arabo-arabes"
                out.append(Match(m.start(), m.end(), entry))
        return out
    for a, b in zip(named, named[1:], strict=False):
        gap = text[a.end:b.start]
        if a.entry.id == b.entry.id or not _JOIN.match(gap):
            continue
        if doc.lang == "en" and gap.strip() and _EN_NOUN.match(text[b.end:b.end + 20]):
            out.append(Match(a.start, b.end, entry))
        elif doc.lang == "ar" and a.entry.demonym and b.entry.demonym and \
                _AR_NOUN.search(text[max(0, a.start - 20):a.start]):
            out.append(Match(a.start, b.end, entry))
    return out


def add_phrases(matches: list[Match], doc: Doc) -> list[Match]:
    """`matches` with the bilateral phrases that no bilateral cue already covers."""
    extra = bilateral_phrases(doc)
    if not extra:
        return matches
    have = [(m.start, m.end) for m in matches if m.entry.id == BILATERAL]
    keep = [x for x in extra if not any(s < x.end and x.start < e for s, e in have)]
    return sorted(matches + keep, key=lambda m: (m.start, m.entry.id))
