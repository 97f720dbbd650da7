"""Extraction → rows (pure mapping, no database)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from graph.errors import InvalidExtraction
from graph.rows import (
    ARTICLE_COLUMNS,
    MENTIONS_COLUMNS,
    REPORTED_IN_COLUMNS,
    TupleRows,
    date_bounds,
    extraction_rows,
    search_keys,
)
from graph.statements import copy_columns
from ingest.models import Extraction


@pytest.mark.parametrize(("value", "expected"), [
    ("2021", (date(2021, 1, 1), date(2021, 12, 31))),
    ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
    ("2021-09-25", (date(2021, 9, 25), date(2021, 9, 25))),
    (None, (None, None)),
])
def test_rows_date_bounds(value: str | None, expected: tuple) -> None:
    assert date_bounds(value) == expected


@pytest.mark.parametrize(("name", "aliases", "key", "some_keys"), [
    ("Ramtane Lamamra", ["رمطان لعمامرة"], "ramtane lamamra", {"lamamra", "رمطان لعمامره", "لعمامره"}),
    ("Algérie", ["الجزائر"], "algerie", {"الجزاير"}),
    ("Sergueï Lavrov", ["Сергей Лавров"], "serguei lavrov", {"lavrov", "сергеи лавров"}),
])
def test_rows_search_keys_fold_every_script(name: str, aliases: list, key: str,
                                             some_keys: set) -> None:
    name_key, alias_keys = search_keys(name, aliases)
    assert name_key == key and some_keys <= set(alias_keys) and key not in alias_keys
    assert alias_keys == sorted(alias_keys)


def _extraction(**events: object) -> Extraction:
    return Extraction.model_validate({
        "article": {"id": "article:1", "lang": "fr", "date": "2021-10", "title": "T"},
        "entities": [
            {"id": "person:a", "type": "Person", "name": "A", "country": "country:DZ",
             "mentions": [{"text": "A", "start": 3, "end": 4}]},
            {"id": "location:tripoli", "type": "Location", "name": "Tripoli",
             "country": "country:LY"},
            {"id": "country:LY", "type": "Country", "name": "Libya"},
        ],
        "events": [{"id": "event:1", "kind": "meeting", "date": "2021-10-21",
                    "place": "location:tripoli",
                    "participants": [{"entity": "person:a", "role": "host"},
                                     {"entity": "person:b", "role": "guest"}],
                    "topics": ["country:LY"],
                    "evidence": [{"text": "A a reçu B", "start": 0, "end": 10}], **events}],
    })


def test_rows_extraction_mapping() -> None:
    rows = extraction_rows(_extraction())
    assert rows.nodes["Article"][0]["date_start"] == "2021-10-01"
    assert rows.nodes["Event"][0] == {
        "id": "event:1", "name": "meeting 2021-10-21", "type": "Event", "kind": "meeting",
        "date": "2021-10-21", "date_start": "2021-10-21", "date_end": "2021-10-21"}
    assert {r["id"] for r in rows.stubs["Person"]} == {"person:b"}
    assert {r["id"] for r in rows.stubs["Country"]} == {"country:DZ"}
    assert rows.rels[("PARTICIPATED_IN", "Person", "Event")] == [
        {"src": "person:a", "dst": "event:1", "role": "host"},
        {"src": "person:b", "dst": "event:1", "role": "guest"}]
    assert rows.rels[("HELD_IN", "Event", "Location")] == [{"src": "event:1", "dst": "location:tripoli"}]
    assert rows.rels[("LOCATED_IN", "Location", "Country")] == [
        {"src": "location:tripoli", "dst": "country:LY"}]
    assert rows.rels[("REPRESENTS", "Person", "Country")] == [{"src": "person:a", "dst": "country:DZ"}]
    [rep] = rows.rels[("REPORTED_IN", "Event", "Article")]
    assert rep["evidence"] == "A a reçu B"
    assert json.loads(rep["spans"]) == [{"text": "A a reçu B", "start": 0, "end": 10}]
    assert len(rows.rels[("MENTIONS", "Article", "Person")]) == 1


def test_rows_unknown_reference_is_refused() -> None:
    with pytest.raises(InvalidExtraction, match="mystery:x"):
        extraction_rows(_extraction(topics=["mystery:x"]))


def test_rows_wrong_type_reference_is_refused() -> None:
    with pytest.raises(InvalidExtraction, match="place"):
        extraction_rows(_extraction(place="person:a"))


def test_tuple_rows_read_as_dict_rows() -> None:
    rows = TupleRows(("src", "dst"))
    assert rows.columns() == {"src": (), "dst": ()}
    rows.tuples += [("a", "b"), ("c", "d")]
    assert len(rows) == 2
    assert rows[1] == {"src": "c", "dst": "d"}
    assert rows[0:1] == [{"src": "a", "dst": "b"}]
    assert list(rows) == [{"src": "a", "dst": "b"}, {"src": "c", "dst": "d"}]
    assert rows.columns() == {"src": ("a", "c"), "dst": ("b", "d")}


def test_tuple_rows_match_the_schema_columns() -> None:
    assert [p for p, _ in copy_columns("Article")] == list(ARTICLE_COLUMNS)
    assert [p for p, _ in copy_columns("MENTIONS")] == list(MENTIONS_COLUMNS)
    assert [p for p, _ in copy_columns("REPORTED_IN")] == list(REPORTED_IN_COLUMNS)
