"""Date expressions in a question: "in 2022", "en octobre 2021", "في 2022",
"between March and May 2022", "depuis 2021", "قبل مارس 2022"…

`find_dates` works on the folded question (see `lexicon.fold_chars`) and returns the date
range it read with the spans to cut out. Bounds are partial dates (`YYYY`, `YYYY-MM`,
`YYYY-MM-DD`), widened by the query to the first or last day; nothing is invented (a month
without a year is read only inside a range that gives the year).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from app.ask.lexicon import DATE_WORDS, fold_chars, month_names

_DAY = r"\d{1,2}(?:er|st|nd|rd|th)?"
_YEAR = r"\d{4}"


@dataclass(frozen=True)
class DateRange:
    date_from: str | None
    date_to: str | None
    spans: tuple[tuple[int, int], ...]


def _alt(words: tuple[str, ...] | list[str]) -> str:
    folded = {fold_chars(w) for w in words}
    return "|".join(re.escape(w) for w in sorted(folded, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=3)
def _patterns(lang: str) -> list[tuple[str, re.Pattern[str]]]:
    months = _alt(list(month_names()[lang]))
    m = rf"(?:{months})\.?"
    full = (rf"(?:{_DAY}\s+{m}\s+{_YEAR}|{m}\s+{_DAY},?\s+{_YEAR}|{m},?\s+{_YEAR}|"
            rf"{_YEAR}-\d{{2}}-\d{{2}}|{_YEAR}-\d{{2}}|{_YEAR})")
    loose = rf"(?:{full}|{_DAY}\s+{m}|{m})"
    words = DATE_WORDS[lang]
    glue = r"\s*" if lang == "ar" else r"\s+"  # Arabic "و" is written against the next word
    edge = r"(?<![\w'])"
    out = [("between", re.compile(rf"{edge}(?:{_alt(words['between'])})\s+(?P<a>{loose})\s+"
                                  rf"(?:{_alt(words['and'])}){glue}(?P<b>{full})(?!\w)"))]
    for key in ("since", "after", "before", "until", "in"):
        out.append((key, re.compile(rf"{edge}(?:{_alt(words[key])})\s+(?P<a>{full})(?!\w)")))
    return out


def _atom(text: str, lang: str) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) of one date atom; None where the atom does not say."""
    names = month_names()[lang]
    year = re.search(r"\d{4}", text)
    iso = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text)
    if iso:
        return int(iso[1]), int(iso[2]), int(iso[3]) if iso[3] else None
    rest = text.replace(year[0], " ") if year else text
    day = re.search(r"\d{1,2}", rest)
    month = None
    for name in sorted(names, key=len, reverse=True):
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", rest):
            month = names[name]
            break
    return (int(year[0]) if year else None, month, int(day[0]) if day else None)


def _partial(y: int, m: int | None, d: int | None) -> str | None:
    if m is not None and not 1 <= m <= 12:
        return None
    if d is not None and (m is None or not 1 <= d <= calendar.monthrange(y, m)[1]):
        return None
    return f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if d else "")


def _bound(y: int, m: int | None, d: int | None, *, end: bool) -> dt.date:
    month = m or (12 if end else 1)
    day = d or (calendar.monthrange(y, month)[1] if end else 1)
    return dt.date(y, month, day)


def find_dates(folded: str, lang: str) -> DateRange | None:
    """The first date expression of the question, or None."""
    for key, pattern in _patterns(lang):
        match = pattern.search(folded)
        if not match:
            continue
        y, m, d = _atom(match["a"], lang)
        if key == "between":
            y2, m2, d2 = _atom(match["b"], lang)
            if y2 is None:
                continue
            start = _partial(y if y is not None else y2, m, d)
            stop = _partial(y2, m2, d2)
            if start is None or stop is None:
                continue
            return DateRange(start, stop, (match.span(),))
        if y is None or _partial(y, m, d) is None:
            continue
        span = (match.span(),)
        if key == "in":
            value = _partial(y, m, d)
            return DateRange(value, value, span)
        if key == "since":
            return DateRange(_partial(y, m, d), None, span)
        if key == "until":
            return DateRange(None, _partial(y, m, d), span)
        if key == "after":
            return DateRange((_bound(y, m, d, end=True) + dt.timedelta(days=1)).isoformat(),
                             None, span)
        return DateRange(None, (_bound(y, m, d, end=False) - dt.timedelta(days=1)).isoformat(),
                         span)
    return None
