"""Whether the persons listed as the objects of one meeting trigger met as one encounter or
had one audience each.

A list after a meeting trigger is read as separate audiences ("received A, then B",
"bilateral meetings with A, B and C" on the sidelines of a conference) unless the sentence
says the list met together:
- the encounter is named as trilateral, tripartite or joint ("اجتماعا ثلاثيا", "a trilateral
  meeting", "une réunion tripartite");
- a summit is the occasion itself, not its sidelines, and its host receives the list ("the
  summit opened in Lima, where the president received A, B and C"; "على هامش القمة" and
  "en marge du sommet" stay separate, and so do those a summit's guest met there);
- the list is the members of a group met as a whole ("a meeting with the group's foreign
  ministers, including A, B and C", "avec les ministres…, dont A, B et C", "من بينهم");
- the persons after the first are named in addition to it as more of the receiving party
  ("received the guest, in addition to A and B", "ainsi que A et B", "إضافة إلى A و B").
A cue of separate encounters ("bilateral meetings", "séparément", "لقاءات ثنائية") in the
sentence or the one before it always wins.
"""

from __future__ import annotations

import re

from ingest.annotated import Sentence
from ingest.extract.doc import Doc
from ingest.extract.participants import joined_to_group
from ingest.extract.triggers import sentences_of

_MEETINGS = {
    "fr": r"(?:entretiens?|réunions?|rencontres?|audiences?|discussions|consultations|"
          r"échanges|pourparlers)",
    "en": r"(?:talks|meetings?|discussions|consultations|encounters|audiences?)",
    "ar": r"(?:ال)?(?:لقاءات|لقاء|لقاءين|اجتماعات|اجتماع|اجتماعين|محادثات|مباحثات|مشاورات)",
}
# Separate encounters: "bilateral talks", "séparément", "لقاءات ثنائية", "each in turn".
_SEPARATE = {
    "fr": re.compile(rf"{_MEETINGS['fr']}\s+(?:\w+\s+)?bilat[ée]ra(?:l|le|les|ux)\b"
                     r"|\bbilat[ée]ra(?:l|le|les|ux)\b\s+(?:\w+\s+)?" + _MEETINGS["fr"]
                     + r"|\bs[ée]par[ée]ment\b|\btour à tour\b|\bsuccessivement\b", re.I),
    "en": re.compile(rf"\bbilateral\s+(?:\w+\s+)?{_MEETINGS['en']}|\bseparate(?:ly)?\b"
                     r"|\bin turn\b|\bone[- ]on[- ]one\b|\bsuccessively\b", re.I),
    "ar": re.compile(rf"{_MEETINGS['ar']}\s+(?:\S+\s+)?(?:ال)?ثنائية"
                     r"|(?:ال)?منفصل[ةه]?|(?:ال)?منفرد[ةه]?|كل على حد[ةه]|على التوالي"),
}
# The encounter named as one of three or more, or as joint ("trilateral meeting").
_JOINT = {
    "fr": re.compile(r"\b(?:tripartite|trilat[ée]rale?|quadripartite|quadrilat[ée]rale?|"
                     r"multilat[ée]rale?|conjointe?)\b", re.I),
    "en": re.compile(r"\b(?:trilateral|tripartite|quadrilateral|quadripartite|multilateral|"
                     r"joint|three-way|four-way)\b", re.I),
    "ar": re.compile(r"(?:ال)?(?:ثلاثي|ثلاثيا|ثلاثية|رباعي|رباعيا|رباعية|مشترك|مشتركا|"
                     r"مشتركة)(?![\w])"),
}
_SUMMIT = {
    "fr": re.compile(r"\b(?:sommet|mini-sommet)\b", re.I),
    "en": re.compile(r"\bsummit\b", re.I),
    "ar": re.compile(r"(?<![\w])(?:ال)?قم[ةه](?![\w])"),
}
# What makes a summit the setting of side encounters rather than the encounter itself.
_SIDELINE = {
    "fr": re.compile(r"(?:en marge|à l['’]occasion|lors|au cours|durant|pendant)\s+"
                     r"(?:\S+\s+){0,3}$", re.I),
    "en": re.compile(r"(?:sidelines?|margins?|on the occasion|during|at|ahead|after|before)\s+"
                     r"(?:\S+\s+){0,3}$", re.I),
    "ar": re.compile(r"(?:هامش|بمناسبة|خلال|أثناء|اثناء|عقب|قبيل|قبل|بعد)\s+(?:\S+\s+){0,3}$"),
}
# "with the group's ministers, including A, B and C": a group met as a whole.
_GROUP_INCLUDING = {
    "fr": re.compile(r"\b(?:ministres|dirigeants|chefs|responsables|membres|présidents|"
                     r"représentants|homologues)\b[^.;:!?]{0,80}?\b(?:dont|notamment|"
                     r"parmi lesquels|parmi eux|à savoir)\b", re.I),
    "en": re.compile(r"\b(?:ministers|leaders|heads|officials|members|presidents|"
                     r"representatives|counterparts)\b[^.;:!?]{0,80}?\b(?:including|"
                     r"among them|among whom|namely)\b", re.I),
    "ar": re.compile(r"(?:وزراء|قادة|رؤساء|المسؤولين|مسؤولي|أعضاء|ممثلي|نظرائه|نظرائها)"
                     r"[^.;:!?؟]{0,80}?(?:من بينهم|بينهم|ومنهم|منهم|وهم)(?![\w])"),
}
# "…, in addition to A and B": more of the party, not another audience; a repeated "with"
# ("ainsi qu'avec", "as well as with", "وكذا مع") opens another encounter.
_ADDITIVE = {
    "fr": re.compile(r"(?:ainsi que|de même que|en plus d[eu']|outre)\s+(?!avec\b)", re.I),
    "en": re.compile(r"(?:as well as|along with|together with|in addition to)\s+(?!with\b)",
                     re.I),
    "ar": re.compile(r"(?:بالإضافة|بالاضافة|إضافة|اضافة)\s+(?:إلى|الى|ل)\s*(?!مع)"),
}
_RECEIVE = {
    "fr": re.compile(r"re[çc]u|accueill", re.I),
    "en": re.compile(r"receiv|welcom|host|greet", re.I),
    "ar": re.compile(r"استقب|إستقب|رحب"),
}


def separate_cue(doc: Doc, si: int, sent: Sentence) -> bool:
    """Whether the sentence, or the one before it, tells of separate encounters."""
    rx = _SEPARATE[doc.lang]
    if rx.search(sent.text):
        return True
    return si > 0 and bool(rx.search(sentences_of(doc)[si - 1].text))


def one_encounter(doc: Doc, si: int, sent: Sentence, t0: int, t1: int, objects: list[int],
                  people: list[tuple[int, int, int]]) -> bool:
    """Whether the objects of the trigger at (t0, t1) met together, as one encounter."""
    lang = doc.lang
    if separate_cue(doc, si, sent):
        return False
    listed = [p for p in people if p[2] in objects and p[0] >= t1]
    first = min((p[0] for p in listed), default=sent.end)
    # the trigger named trilateral or joint
    if _JOINT[lang].search(doc.text[max(sent.start, t0 - 12):min(sent.end, t1 + 20)]):
        return True
    receives = bool(_RECEIVE[lang].search(doc.text[t0:t1]))
    # a summit told of as the occasion itself, before its host's reception of the list
    for m in _SUMMIT[lang].finditer(doc.text, sent.start, t0 if receives else sent.start):
        if not _SIDELINE[lang].search(doc.text[max(sent.start, m.start() - 40):m.start()]):
            return True
    # "the two presidents and X": the pair told of before, with more persons, met as one
    if joined_to_group(doc, sent, people):
        return True
    # a group named before the list, with "including"
    if _GROUP_INCLUDING[lang].search(doc.text, t1, first):
        return True
    # a reception whose list goes on "in addition to" the first person
    if len(listed) >= 2 and receives and \
            _ADDITIVE[lang].search(doc.text, t1, listed[1][0]):
        return True
    return False
