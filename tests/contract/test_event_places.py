"""An event two reports place differently (one names the city, the other the country) on both
engines: it keeps both HELD_IN edges, and every read that shows one place per event shows the
same one (the city), whatever order the engine returns rows in."""

from __future__ import annotations

from graph.results import event_place
from graph.store import GraphStore
from tests.contract.conftest import load_fixture


def _two_places() -> list:
    a1, a2, *_ = load_fixture()
    a2 = a2.model_copy(deep=True)
    for ev in a2.events:
        if ev.id == "event:e1":
            ev.place = "country:LY"  # a1 says Tripoli, a2 only the country
    return [a1, a2]


def test_event_place_rule() -> None:
    assert event_place([]) is None
    assert event_place([None]) is None
    assert event_place(["country:LY", "location:tripoli"]) == "location:tripoli"
    assert event_place(["location:tripoli", "country:LY"]) == "location:tripoli"
    assert event_place(["country:TN", "country:LY"]) == "country:LY"
    assert event_place(["location:tunis", "location:sfax"]) == "location:sfax"


def test_an_article_rebuilt_shows_each_event_once(store: GraphStore) -> None:
    a1, a2 = _two_places()
    store.write_extractions([a1, a2])
    for art in (a1, a2):
        rebuilt = store.get_extraction(art.article.id)
        assert rebuilt is not None
        ids = [e.id for e in rebuilt.events]
        assert ids == sorted(set(ids)), ids  # no event twice
        [e1] = [e for e in rebuilt.events if e.id == "event:e1"]
        assert e1.place == "location:tripoli"


def test_events_list_and_event_show_one_place(store: GraphStore) -> None:
    store.write_extractions(_two_places())
    rows = [r for r in store.run("events") if r["event_id"] == "event:e1"]
    assert len(rows) == 1
    assert (rows[0]["place_id"], rows[0]["place_type"]) == ("location:tripoli", "Location")
    [one] = store.run("event", id="event:e1")
    assert (one["place_id"], one["place_name"]) == ("location:tripoli", rows[0]["place_name"])
