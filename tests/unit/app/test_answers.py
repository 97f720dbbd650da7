"""Date parameters and name variants (pure helpers of app.answers)."""

from __future__ import annotations

import pytest

from app.answers import _variants, parse_date
from app.errors import InvalidInput


@pytest.mark.parametrize(("value", "end", "expected"), [
    ("2021", False, "2021-01-01"), ("2021", True, "2021-12-31"),
    ("2024-02", True, "2024-02-29"), ("2021-10-21", False, "2021-10-21"), (None, False, None),
])
def test_parse_date_widens_partial_dates(value: str | None, end: bool, expected: str | None) -> None:
    assert parse_date(value, "from", end=end) == expected


@pytest.mark.parametrize("value", ["2021-13", "2021-02-30", "21-10-2021", "0000", "2021-00-01",
                                   "yesterday", "2021-1-1"])
def test_parse_date_rejects_invalid(value: str) -> None:
    with pytest.raises(InvalidInput):
        parse_date(value, "from")


@pytest.mark.parametrize(("name", "expected"), [
    ("la Libye", ["la Libye", "Libye"]),
    ("the United Nations", ["the United Nations", "United Nations"]),
    ("لعمامرة", ["لعمامرة", "عمامرة"]),
    ("Lamamra ?", ["Lamamra"]),
])
def test_variants_strip_determiners_and_clitics(name: str, expected: list[str]) -> None:
    assert _variants(name) == expected
