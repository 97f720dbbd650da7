"""`/ask`: a small grammar for questions in English, French and Arabic (no LLM).

Three intents, each with patterns per language: who met X [about Y], the timeline of X,
the path from X to Y. `parse_question` is pure; `answer_question` resolves the names and runs
the same functions as the REST routes. A question no pattern reads raises
`QuestionNotUnderstood` with examples of what the grammar understands.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from app.answers import find_meetings, find_path, person_timeline
from app.errors import QuestionNotUnderstood
from app.schemas import AskAnswer
from app.services import Services

EXAMPLES: list[dict[str, str]] = [
    {"lang": "en", "q": "who met Lamamra about Libya"},
    {"lang": "en", "q": "timeline of Ramtane Lamamra"},
    {"lang": "en", "q": "path from Lamamra to Guterres"},
    {"lang": "fr", "q": "qui a rencontré Lamamra au sujet de la Libye ?"},
    {"lang": "fr", "q": "chronologie de Ramtane Lamamra"},
    {"lang": "fr", "q": "chemin entre Lamamra et Guterres"},
    {"lang": "ar", "q": "من التقى لعمامرة بشأن ليبيا؟"},
    {"lang": "ar", "q": "الجدول الزمني لرمطان لعمامرة"},
    {"lang": "ar", "q": "العلاقة بين لعمامرة و غوتيريش"},
]

_X = r"(?P<x>.+?)"
_Y = r"(?P<y>.+?)"
_END = r"\s*[?？؟!.]*\s*$"

_EN_ABOUT = r"(?:about|on|regarding|concerning|to discuss|over)"
_FR_ABOUT = r"(?:au sujet d[eu]|au sujet des|à propos d[eu]|a propos d[eu]|à propos des|" \
            r"concernant|sur|pour parler d[eu])"
_AR_ABOUT = r"(?:بشأن|حول|عن|بخصوص|في شأن|لبحث)"

# (lang, intent, pattern); the first match wins, so longer forms come first.
_GRAMMAR: list[tuple[str, str, re.Pattern[str]]] = [
    (lang, intent, re.compile(r"^\s*" + pattern + _END, re.IGNORECASE))
    for lang, intent, pattern in [
        # English
        ("en", "who_met", rf"(?:who|whom) (?:has |have |did )?(?:met|meet|talked to|spoke with|"
                          rf"spoke to|held talks with)(?: with)? {_X} {_EN_ABOUT} {_Y}"),
        ("en", "who_met", rf"(?:who|whom) (?:has |have |did )?(?:met|meet|talked to|spoke with|"
                          rf"spoke to|held talks with)(?: with)? {_X}"),
        ("en", "who_met", rf"(?:who|whom) did {_X} meet(?: with)? {_EN_ABOUT} {_Y}"),
        ("en", "who_met", rf"(?:who|whom) did {_X} meet(?: with)?"),
        ("en", "who_met", rf"(?:with whom|who) did {_X} (?:meet|talk)(?: with)?"),
        ("en", "who_met", rf"meetings of {_X} {_EN_ABOUT} {_Y}"),
        ("en", "who_met", rf"meetings of {_X}"),
        ("en", "timeline", rf"(?:show (?:me )?)?(?:the )?(?:timeline|agenda|history) (?:of|for) {_X}"),
        ("en", "timeline", rf"what did {_X} do"),
        ("en", "path", rf"(?:show (?:me )?)?(?:the )?(?:shortest )?(?:path|connection|link) "
                       rf"(?:from|between) {_X} (?:to|and) {_Y}"),
        ("en", "path", rf"how (?:is|are) {_X} (?:connected|linked|related) to {_Y}"),
        ("en", "path", rf"how are {_X} and {_Y} (?:connected|linked|related)"),
        # French
        ("fr", "who_met", rf"qui (?:a|ont) (?:rencontré|rencontre|reçu|recu|vu|eu des entretiens "
                          rf"avec|parlé avec|parle avec|échangé avec|discuté avec|eu un entretien "
                          rf"avec|s'est entretenu avec|s’est entretenu avec) {_X},? {_FR_ABOUT} "
                          rf"{_Y}"),
        ("fr", "who_met", rf"qui (?:a|ont) (?:rencontré|rencontre|reçu|recu|vu|eu des entretiens "
                          rf"avec|parlé avec|parle avec|échangé avec|discuté avec|eu un entretien "
                          rf"avec|s'est entretenu avec|s’est entretenu avec) {_X}"),
        ("fr", "who_met", rf"qui s['’]est entretenu avec {_X},? {_FR_ABOUT} {_Y}"),
        ("fr", "who_met", rf"qui s['’]est entretenu avec {_X}"),
        ("fr", "who_met", rf"(?:avec qui|qui) {_X} a-t-(?:il|elle) (?:rencontré|parlé|discuté)"
                          rf"(?: {_FR_ABOUT} {_Y})?"),
        ("fr", "who_met", rf"(?:les )?rencontres de {_X} {_FR_ABOUT} {_Y}"),
        ("fr", "who_met", rf"(?:les )?rencontres de {_X}"),
        ("fr", "timeline", rf"(?:la )?(?:chronologie|agenda|calendrier|historique|parcours) "
                           rf"(?:de|d['’]) ?{_X}"),
        ("fr", "timeline", rf"qu['’]a fait {_X}"),
        ("fr", "path", rf"(?:le )?(?:plus court )?(?:chemin|lien|relation) (?:entre|de|d['’]) ?{_X} "
                       rf"(?:et|à|a) {_Y}"),
        ("fr", "path", rf"quel(?:le)? (?:est le )?(?:lien|relation|chemin) (?:entre|de) {_X} "
                       rf"(?:et|à) {_Y}"),
        ("fr", "path", rf"comment {_X} est-(?:il|elle) (?:lié|liée|relié|reliée)e? à {_Y}"),
        # Arabic
        ("ar", "who_met", rf"(?:من|مَن) (?:التقى|التقي|إلتقى|اجتمع|اجتمع مع|استقبل|استقبله|قابل|"
                          rf"التقى مع|تباحث مع|أجرى محادثات مع|اتصل ب|تحادث مع)\s*{_X}\s+"
                          rf"{_AR_ABOUT}\s+{_Y}"),
        ("ar", "who_met", rf"(?:من|مَن) (?:التقى|التقي|إلتقى|اجتمع|اجتمع مع|استقبل|استقبله|قابل|"
                          rf"التقى مع|تباحث مع|أجرى محادثات مع|اتصل ب|تحادث مع)\s*{_X}"),
        ("ar", "who_met", rf"(?:مع من|بمن) (?:التقى|اجتمع|تباحث|التقت|اجتمعت)\s+{_X}\s+"
                          rf"{_AR_ABOUT}\s+{_Y}"),
        ("ar", "who_met", rf"(?:مع من|بمن) (?:التقى|اجتمع|تباحث|التقت|اجتمعت)\s+{_X}"),
        ("ar", "who_met", rf"لقاءات\s+{_X}\s+{_AR_ABOUT}\s+{_Y}"),
        ("ar", "who_met", rf"لقاءات\s+{_X}"),
        ("ar", "timeline", rf"(?:ال)?(?:جدول الزمني|تسلسل الزمني|خط الزمني|نشاطات|أنشطة|نشاط)"
                           rf"\s+(?:الخاص ب)?{_X}"),
        ("ar", "timeline", rf"ماذا فعل\s+{_X}"),
        ("ar", "path", rf"(?:ما\s+)?(?:هي\s+)?(?:ال)?(?:علاقة|مسار|صلة|طريق) (?:بين|من)\s+{_X}\s+"
                       rf"(?:و|وبين|إلى|الى)\s*{_Y}"),
    ]
]


@dataclass(frozen=True)
class ParsedQuestion:
    lang: str
    intent: str
    x: str
    y: str | None = None


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[\u064b-\u0652\u0640]", "", text)  # Arabic diacritics and tatweel
    return re.sub(r"\s+", " ", text).strip()


def _name(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip(" \t?？؟!.,;:«»\"'“”")
    return text or None


def parse_question(question: str) -> ParsedQuestion:
    """Read a question with the grammar.

    Raises:
        QuestionNotUnderstood: no pattern matches; the error lists examples.
    """
    text = _clean(question)
    for lang, intent, pattern in _GRAMMAR:
        match = pattern.match(text)
        if not match:
            continue
        x = _name(match.group("x"))
        y = _name(match.groupdict().get("y"))
        if x:
            return ParsedQuestion(lang=lang, intent=intent, x=x, y=y)
    raise QuestionNotUnderstood(
        f"cannot read the question {question[:100]!r}; ask one of the forms in `errors`",
        errors=EXAMPLES)


def answer_question(services: Services, question: str) -> AskAnswer:
    """Parse a question and answer it with the same functions as the REST routes."""
    parsed = parse_question(question)
    if parsed.intent == "who_met":
        params = {"person": parsed.x} | ({"topic": parsed.y} if parsed.y else {})
        return AskAnswer(question=question, lang=parsed.lang, intent="who_met", params=params,
                         meetings=find_meetings(services, parsed.x, parsed.y))
    if parsed.intent == "timeline":
        return AskAnswer(question=question, lang=parsed.lang, intent="timeline",
                         params={"person": parsed.x},
                         timeline=person_timeline(services, parsed.x))
    assert parsed.y is not None
    return AskAnswer(question=question, lang=parsed.lang, intent="path",
                     params={"from": parsed.x, "to": parsed.y},
                     path=find_path(services, parsed.x, parsed.y))
