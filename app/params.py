"""Query and path parameters shared by the routes, declared once with their limits and docs.

Each alias carries the limit the service enforces (the OpenAPI document shows exactly what is
accepted: schema-valid input is never refused for its form) and a description with an
example. `DATE_PATTERN` accepts only real calendar dates (leap days included), so a date that
matches the documented pattern is always usable. No Cypher here.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from app.errors import PATTERN_HELP, InvalidInput

_YEAR = r"(?:[0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})"  # 0001-9999
_LEAP_YEAR = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_MONTH_DAY = (r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
              r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
              r"|02-(?:0[1-9]|1[0-9]|2[0-8]))")
DATE_PATTERN = (rf"^(?:{_YEAR}(?:-(?:0[1-9]|1[0-2]))?|{_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)$")
"""YYYY, YYYY-MM or YYYY-MM-DD, a real date from year 1 to 9999."""

DATE_HELP = "YYYY, YYYY-MM or YYYY-MM-DD (a real calendar date, year 1 to 9999)"
PATTERN_HELP[DATE_PATTERN] = f"a date: use {DATE_HELP}"

MAX_NAME = 200
"""Longest name or id a route resolves (the catalog's name search takes at most 200)."""

MAX_OFFSET = 5000
"""Deepest page start: the embedded store (LadybugDB 0.22) crashes the process on a SKIP
beyond ~7,000 (reported upstream), so offsets stay well below."""

DateFrom = Annotated[str | None, Query(
    alias="from", max_length=10, pattern=DATE_PATTERN, examples=["2021"],
    description=f"Start of the period, inclusive: {DATE_HELP}. A partial date starts on its "
                "first day (2021 = from 1 January 2021). Events with a partial date count when "
                "their span overlaps the period.")]
DateTo = Annotated[str | None, Query(
    alias="to", max_length=10, pattern=DATE_PATTERN, examples=["2022-06"],
    description=f"End of the period, inclusive: {DATE_HELP}. A partial date ends on its last "
                "day (2022-06 = up to 30 June 2022). Must not be before `from`.")]


def page_limit(default: int, maximum: int) -> object:
    """`Query` of a page size: 1 to `maximum`."""
    return Query(ge=1, le=maximum, examples=[min(default, 10)],
                 description=f"Page size: at most this many items (1-{maximum}, "
                             f"default {default}).")


Offset = Annotated[int, Query(
    ge=0, le=MAX_OFFSET, examples=[0],
    description=f"Items to skip before the page starts (0-{MAX_OFFSET}); the next page starts "
                "at `offset + limit`.")]


def check_period(date_from: str | None, date_to: str | None) -> None:
    """Refuse a period whose start is after its end, in the caller's own terms.

    Raises:
        InvalidInput: `from` is after `to` (compared as the first and the last day they name).
    """
    if period_is_reversed(date_from, date_to):
        raise InvalidInput(
            f"from ({date_from}) is after to ({date_to}); give a start on or before the end",
            errors=[{"loc": ["query", "from"], "type": "period_reversed",
                     "msg": f"from ({date_from}) is after to ({date_to})"}])


def period_is_reversed(date_from: str | None, date_to: str | None) -> bool:
    """Whether the first day `date_from` names is after the last day `date_to` names (both
    `DATE_PATTERN` dates; False when either is missing)."""
    if not date_from or not date_to:
        return False
    return _first_day(date_from) > _last_day(date_to)


def _first_day(value: str) -> str:
    parts = value.split("-")
    return "-".join(parts + ["01", "01"][len(parts) - 1:])


def _last_day(value: str) -> str:  # only compared: "31" stands for any month's last day
    parts = value.split("-")
    return "-".join(parts + ["12", "31"][len(parts) - 1:])
