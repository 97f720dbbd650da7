"""Dates: find date expressions and resolve them against a reference date, keeping precision.

Handles explicit dates ("25 septembre 2021", "September 25, 2021", "25 سبتمبر 2021"), weekdays
("jeudi", "on Monday", "مساء السبت", "أمس الخميس"), "hier"/"yesterday"/"أمس", "aujourd'hui"/
"today"/"اليوم", and dated tweet signature lines. Never invents a day: with a month-precision
reference a relative day gives the month; with no reference it gives None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    "fr": ["janvier", "février|fevrier", "mars", "avril", "mai", "juin", "juillet", "août|aout",
           "septembre", "octobre", "novembre", "décembre|decembre"],
    "en": ["january|jan\\.?", "february|feb\\.?", "march|mar\\.?", "april|apr\\.?", "may",
           "june|jun\\.?", "july|jul\\.?", "august|aug\\.?", "september|sept?\\.?",
           "october|oct\\.?", "november|nov\\.?", "december|dec\\.?"],
    "ar": ["يناير|جانفي|كانون الثاني", "فبراير|فيفري|شباط", "مارس|آذار", "أبريل|ابريل|أفريل|نيسان",
           "مايو|ماي|أيار", "يونيو|يونيه|جوان|حزيران", "يوليو|يوليه|جويلية|تموز",
           "أغسطس|اغسطس|أوت|آب", "سبتمبر|أيلول", "أكتوبر|اكتوبر|تشرين الأول",
           "نوفمبر|تشرين الثاني", "ديسمبر|كانون الأول"],
}
WEEKDAYS = {
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "en": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
    "ar": ["الاثنين|الإثنين|الأثنين", "الثلاثاء", "الأربعاء|الاربعاء", "الخميس", "الجمعة",
           "السبت", "الأحد|الاحد"],
}
RELATIVE = {
    "fr": {"avant-hier": -2, "hier": -1, "aujourd'hui": 0, "aujourd’hui": 0, "ce jour": 0,
           "demain": 1, "après-demain": 2},
    "en": {"the day before yesterday": -2, "yesterday": -1, "today": 0, "this morning": 0,
           "tomorrow": 1, "the day after tomorrow": 2},
    "ar": {"أول أمس": -2, "اول امس": -2, "أمس": -1, "الأمس": -1, "البارحة": -1, "اليوم": 0,
           "غدا": 1, "غداً": 1, "بعد غد": 2},
}
# A weekday said to come ("demain dimanche", "lundi prochain", "next Monday", "tomorrow,
# Sunday", "الأحد المقبل", "غدا الأحد") is the next one, not the last one.
_FORWARD = {
    "fr": re.compile(r"(?:demain|prochaine?)\W*$|^\W*(?:prochaine?|suivante?)\b", re.I),
    "en": re.compile(r"(?:tomorrow|next|coming)\W*$|^\W*(?:next|to come)\b", re.I),
    "ar": re.compile(r"(?:غدا|غداً)\W*$|^\W*(?:المقبل|القادم)"),
}
_WEEKDAY_OF_DATE = re.compile(r"[\s,]*(?:le|the|الموافق)?[\s,]*$", re.I)
_B = r"(?<![\w])"
_E = r"(?![\w])"
_TWEET_LINE = re.compile(
    r"^\s*[—–-]\s*.{0,120}\(@\w+\)\s*(?P<date>[A-Za-z]+\.? \d{1,2}, \d{4})\s*$", re.M)


@dataclass(frozen=True)
class PartialDate:
    """A date with its precision: 'day', 'month' or 'year'."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: str | None) -> PartialDate | None:
        if not value:
            return None
        parts = [int(p) for p in value.split("-")]
        return cls(*parts)  # type: ignore[arg-type]

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def as_date(self) -> date | None:
        return date(self.year, self.month, self.day) if self.day and self.month else None

    def iso(self) -> str:
        if self.day and self.month:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def month_key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"


@dataclass(frozen=True)
class DateExpr:
    start: int
    end: int
    kind: str          # explicit, weekday, relative, year
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    offset: int | None = None
    forward: bool = False  # a weekday to come (the next one, not the last one)


def _alt(options: list[str]) -> str:
    return "|".join(f"(?P<m{i}>{o})" for i, o in enumerate(options))


def _compile(lang: str) -> list[tuple[str, re.Pattern[str]]]:
    months = _alt(MONTHS[lang])
    day = r"(?P<day>1er|\d{1,2})" if lang == "fr" else r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    year = r"(?P<year>(?:19|20)\d{2})"
    pats = [("dmy", rf"{_B}{day}\s+(?:{months}){_E}(?:,?\s+{year})?")]
    if lang == "en":
        pats.append(("mdy", rf"{_B}(?:{months})\s+{day}{_E}(?:,?\s+{year})?"))
    pats.append(("my", rf"{_B}(?:{months})\s+{year}"))
    pats.append(("num", rf"{_B}(?P<nday>\d{{1,2}})[/.](?P<nmonth>\d{{1,2}})[/.]{year}"))
    pats.append(("iso", rf"{_B}{year}-(?P<imonth>\d{{2}})-(?P<iday>\d{{2}}){_E}"))
    flags = re.I
    return [(k, re.compile(p, flags)) for k, p in pats]


_PATTERNS = {lang: _compile(lang) for lang in MONTHS}
_WEEKDAY_RE = {
    lang: re.compile(_B + "(?:" + "|".join(f"(?P<w{i}>{w})" for i, w in enumerate(ws)) + ")" + _E,
                     re.I)
    for lang, ws in WEEKDAYS.items()
}
# A year alone after "in" ("In 2019, X visited…", "en 2019", "في عام 2019"): the least
# precise date, taken when the sentence states no other.
_YEAR_RE = {
    "fr": re.compile(r"(?<![\w])en\s+(?P<year>(?:19|20)\d\d)(?![\w])", re.I),
    "en": re.compile(r"(?<![\w])in\s+(?P<year>(?:19|20)\d\d)(?![\w])", re.I),
    "ar": re.compile(r"(?:في\s+)?(?:عام|سنة|العام)\s+(?P<year>(?:19|20)\d\d)(?![\w])"),
}
_REL_RE = {
    lang: re.compile(_B + "(?:و|ف)?(" + "|".join(re.escape(k) for k in sorted(rel, key=len,
                                                                           reverse=True))
                     + ")" + _E, re.I) if lang == "ar" else
    re.compile(_B + "(" + "|".join(re.escape(k) for k in sorted(rel, key=len, reverse=True))
               + ")" + _E, re.I)
    for lang, rel in RELATIVE.items()
}
_REL_LOOKUP = {lang: {k.lower(): v for k, v in rel.items()} for lang, rel in RELATIVE.items()}


def _which(m: re.Match[str], prefix: str) -> int | None:
    for name, value in m.groupdict().items():
        if value is not None and name.startswith(prefix) and name[len(prefix):].isdigit():
            return int(name[len(prefix):])
    return None


def find_dates(text: str, lang: str) -> list[DateExpr]:
    """Every date expression in `text`, in order, without overlaps."""
    found: list[DateExpr] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for kind, pat in _PATTERNS.get(lang, []):
        for m in pat.finditer(text):
            if not free(m.start(), m.end()):
                continue
            gd = m.groupdict()
            if kind == "num":
                mo, d, y = int(gd["nmonth"]), int(gd["nday"]), int(gd["year"])
            elif kind == "iso":
                mo, d, y = int(gd["imonth"]), int(gd["iday"]), int(gd["year"])
            else:
                idx = _which(m, "m")
                if idx is None:
                    continue
                mo = idx + 1
                d = None
                if gd.get("day"):
                    d = 1 if gd["day"].lower() == "1er" else int(gd["day"])
                y = int(gd["year"]) if gd.get("year") else None
            if not 1 <= mo <= 12 or (d is not None and not 1 <= d <= 31):
                continue
            found.append(DateExpr(m.start(), m.end(), "explicit", y, mo, d))
            taken.append((m.start(), m.end()))
    explicit_starts = [d.start for d in found]
    for m in _WEEKDAY_RE[lang].finditer(text):
        # "mardi 3 mars", "Tuesday, March 3", "الثلاثاء الموافق 3 مارس": the weekday is part
        # of the explicit date after it.
        if any(_WEEKDAY_OF_DATE.match(text, m.end(), s) for s in explicit_starts if s >= m.end()):
            continue
        if free(m.start(), m.end()):
            ahead = bool(_FORWARD[lang].search(text[max(0, m.start() - 14):m.start()])
                         or _FORWARD[lang].search(text[m.end():m.end() + 14]))
            found.append(DateExpr(m.start(), m.end(), "weekday", weekday=_which(m, "w"),
                                  forward=ahead))
            taken.append((m.start(), m.end()))
    for m in _YEAR_RE[lang].finditer(text):
        if free(m.start("year"), m.end("year")):
            found.append(DateExpr(m.start("year"), m.end("year"), "year",
                                  year=int(m.group("year"))))
            taken.append((m.start("year"), m.end("year")))
    for m in _REL_RE[lang].finditer(text):
        if free(m.start(1), m.end(1)):
            found.append(DateExpr(m.start(1), m.end(1), "relative",
                                  offset=_REL_LOOKUP[lang].get(m.group(1).lower(), 0)))
            taken.append((m.start(1), m.end(1)))
    return sorted(found, key=lambda d: d.start)


def resolve(expr: DateExpr, ref: PartialDate | None) -> PartialDate | None:
    """Absolute date for one expression, given the reference (publication) date."""
    if expr.kind == "year":
        return PartialDate(expr.year) if expr.year else None
    if expr.kind == "explicit":
        year = expr.year
        if year is None:
            if ref is None:
                return None
            year = ref.year
            if ref.month and expr.month and expr.month > ref.month + 1:
                year -= 1
        return PartialDate(year, expr.month, expr.day)
    if ref is None:
        return None
    ref_day = ref.as_date()
    if ref_day is None:
        return PartialDate(ref.year, ref.month) if ref.month else None
    if expr.kind == "weekday" and expr.weekday is not None:
        if expr.forward:
            d = ref_day + timedelta(days=(expr.weekday - ref_day.weekday()) % 7 or 7)
        else:
            d = ref_day - timedelta(days=(ref_day.weekday() - expr.weekday) % 7)
    else:
        d = ref_day + timedelta(days=expr.offset or 0)
    return PartialDate(d.year, d.month, d.day)


def resolve_in(text: str, lang: str, ref: PartialDate | None,
               near: int | None = None) -> PartialDate | None:
    """The date stated in `text` (closest to offset `near` when several), or None."""
    exprs = find_dates(text, lang)
    if not exprs:
        return None
    # Relative words combined with a weekday ("أمس الخميس"): the weekday decides.
    rank = {"explicit": 0, "weekday": 1, "relative": 2, "year": 3}
    exprs.sort(key=lambda e: (rank[e.kind], abs(e.start - near) if near is not None else 0))
    found = [r for r in (resolve(e, ref) for e in exprs) if r is not None]
    # A date well after the report ("talks to begin by next spring") is a plan or a deadline:
    # another date of the sentence tells when the reported event took place.
    told = [r for r in found if not _planned(r, ref)]
    return (told or found or [None])[0]


_PLAN_DAYS = 7  # a date starting more than this after the report's day is still to come


def _planned(d: PartialDate, ref: PartialDate | None) -> bool:
    """Whether `d` starts more than `_PLAN_DAYS` after the reference (publication) day."""
    day = ref.as_date() if ref else None
    if day is None:
        return False
    first = date(d.year, d.month or 1, d.day or 1)
    return (first - day).days > _PLAN_DAYS


@dataclass(frozen=True)
class Tweet:
    """A quoted tweet: its body span and the date on its signature line."""

    start: int
    end: int
    date: PartialDate
    signature: int = -1  # where the signature line ("— Name (@handle) Month D, YYYY") starts


def find_tweets(text: str) -> list[Tweet]:
    """Tweets quoted as '<body>\\n— Name (@handle) Month D, YYYY' (embedded-tweet format)."""
    out = []
    for m in _TWEET_LINE.finditer(text):
        exprs = find_dates(m.group("date"), "en")
        if not exprs or exprs[0].year is None:
            continue
        d = PartialDate(exprs[0].year, exprs[0].month, exprs[0].day)
        body_end = m.start()
        prev = text.rfind("\n", 0, max(body_end - 1, 0))
        body_start = prev + 1 if prev >= 0 else 0
        out.append(Tweet(body_start, m.end(), d, body_end))
    return out
