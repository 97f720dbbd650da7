"""`GET /events/{id}`, `/graph` centred on an event, an article or an entity without events, and
article dates in `sources`, on the seeded store."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph.queries import CATALOG


def _libya_meeting(client: TestClient) -> dict[str, Any]:
    response = client.get("/meetings", params={"person": "Lamamra", "topic": "Libya"})
    assert response.status_code == 200, response.text
    return response.json()["data"][0]


def test_read_meetings_sources_carry_article_date(client: TestClient) -> None:
    meeting = _libya_meeting(client)
    assert meeting["sources"]
    for source in meeting["sources"]:
        assert "date" in source and "title" in source
        article = client.get(f"/articles/{source['article_id']}").json()
        assert source["date"] == article["extraction"]["article"]["date"]


def test_read_graph_centre_article(client: TestClient) -> None:
    article_id = _libya_meeting(client)["sources"][0]["article_id"]
    response = client.get("/graph", params={"center": article_id})
    assert response.status_code == 200, response.text
    body = response.json()
    ids = {n["id"] for n in body["nodes"]}
    assert article_id in ids
    assert {"person:ramtane-lamamra", "country:LY"} <= ids
    assert {n["type"] for n in body["nodes"]} >= {"Article", "Event", "Person"}
    assert all(article_id in (e["source"], e["target"]) for e in body["edges"])
    assert {e["type"] for e in body["edges"]} == {"MENTIONS", "REPORTED_IN"}


def test_read_graph_centre_article_not_found(client: TestClient) -> None:
    response = client.get("/graph", params={"center": "article:0000000000000000"})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_read_graph_centre_entity_without_events(client: TestClient,
                                                seed_extractions: list[Any]) -> None:
    in_events = {ref for ext in seed_extractions for ev in ext.events
                 for ref in [ev.place, *ev.topics, *(p.entity for p in ev.participants)]}
    lonely = sorted(e.id for ext in seed_extractions for e in ext.entities
                    if e.id not in in_events)
    assert lonely, "the seeds should hold an entity that takes part in no event"
    response = client.get("/graph", params={"center": lonely[0]})
    assert response.status_code == 200, response.text
    assert lonely[0] in {n["id"] for n in response.json()["nodes"]}


def test_read_event_without_catalog_query_not_implemented(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a graph package that lacks the `event` query the routes say so (501)."""
    monkeypatch.delitem(CATALOG, "event", raising=False)
    event_id = "event:0123456789abcdef"  # never asked before: the result cache cannot answer
    for response in (client.get(f"/events/{event_id}"),
                     client.get("/graph", params={"center": event_id})):
        assert response.status_code == 501
        body = response.json()
        assert body["code"] == "not_implemented" and "'event'" in body["error"]


def test_read_event(client: TestClient) -> None:
    meeting = _libya_meeting(client)
    response = client.get(f"/events/{meeting['event_id']}")
    assert response.status_code == 200, response.text
    event = response.json()
    assert event["event_id"] == meeting["event_id"] and event["kind"] == meeting["kind"]
    assert event["date"] == meeting["date"]
    assert "person:ramtane-lamamra" in {p["id"] for p in event["participants"]}
    assert "country:LY" in {t["id"] for t in event["topics"]}
    assert {s["article_id"] for s in event["sources"]} >= {
        s["article_id"] for s in meeting["sources"]}
    assert all(s["evidence"] and "date" in s for s in event["sources"])


def test_read_graph_centre_event(client: TestClient) -> None:
    meeting = _libya_meeting(client)
    response = client.get("/graph", params={"center": meeting["event_id"]})
    assert response.status_code == 200, response.text
    body = response.json()
    ids = {n["id"] for n in body["nodes"]}
    assert {meeting["event_id"], "person:ramtane-lamamra", "country:LY"} <= ids
    assert all(meeting["event_id"] in (e["source"], e["target"]) for e in body["edges"])


def test_read_event_not_found(client: TestClient) -> None:
    response = client.get("/events/event:0000000000000000")
    assert response.status_code == 404
    assert client.get("/events/not-an-event").status_code == 422


# --- one shape everywhere (issue 15) ------------------------------------------------------------

_TYPES = {"Person", "Country", "Organisation", "Location", "Topic"}


def _check_refs(event: dict[str, Any]) -> None:
    for participant in event.get("participants", []):
        assert participant["type"] in {"Person", "Organisation", "Country"}, participant
    for topic in event["topics"]:
        assert topic["type"] in _TYPES, topic
    if event.get("place"):
        assert event["place"]["type"] in {"Location", "Country"}, event["place"]
    for source in event["sources"]:
        assert source["title"], source  # every article has a headline
        assert source["evidence"] and source["lang"] in {"fr", "ar", "en"}
        assert set(source) >= {"article_id", "title", "outlet", "url", "date", "evidence"}


@pytest.mark.issue(15)
def test_read_events_list_has_the_shape_of_one_event(client: TestClient) -> None:
    page = client.get("/events", params={"limit": 500}).json()
    assert page["count"] >= 6
    for event in page["data"]:
        _check_refs(event)
        assert event["sources"], f"{event['event_id']} lists no source"
        one = client.get(f"/events/{event['event_id']}").json()
        assert event == one  # the list and the detail say the same thing


@pytest.mark.issue(15)
def test_read_meetings_and_timeline_types_filled(client: TestClient) -> None:
    meetings = client.get("/meetings", params={"person": "Lamamra"}).json()["data"]
    assert meetings
    for meeting in meetings:
        assert meeting["person"]["type"] in {"Person", "Organisation", "Country"}
        _check_refs(meeting)
    timeline = client.get("/people/person:ramtane-lamamra/timeline").json()["data"]
    assert timeline
    for entry in timeline:
        _check_refs(entry)
        assert all(c["type"] in {"Person", "Organisation", "Country"}
                   for c in entry["counterparts"])


@pytest.mark.issue(15)
def test_read_events_paging_is_a_window_of_the_full_list(client: TestClient) -> None:
    whole = client.get("/events", params={"limit": 500}).json()["data"]
    everything = [e["event_id"] for e in whole]
    pages = [e["event_id"] for offset in range(0, len(everything), 2)
             for e in client.get("/events", params={"limit": 2, "offset": offset}).json()["data"]]
    assert pages == everything
    beyond = client.get("/events", params={"offset": 5000}).json()
    assert beyond == {"data": [], "count": 0}


@pytest.mark.issue(15)
@pytest.mark.parametrize(("params", "message"), [
    ({"from": "2022", "to": "2021"}, "from (2022) is after to (2021)"),
    ({"from": "2021-06-02", "to": "2021-06-01"}, "from (2021-06-02) is after to (2021-06-01)"),
    ({"from": "2021-02-29"}, "from: '2021-02-29' is not a date"),
    ({"to": "2021-13"}, "to: '2021-13' is not a date"),
    ({"limit": "0"}, "limit must be at least 1"),
    ({"limit": "ten"}, "limit must be a whole number, not 'ten'"),
    ({"offset": "5001"}, "offset must be at most 5000"),
    ({"kind": "lunch"}, "kind must be one of 'meeting'"),
])
def test_read_events_invalid_parameters_in_user_terms(client: TestClient, params: dict[str, str],
                                                      message: str) -> None:
    response = client.get("/events", params=params)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "invalid_input"
    assert message in body["error"], body["error"]
    text = response.text
    for internal in ("date_from", "date_to", "Value error", "invalid parameters", "query events",
                     "pattern '"):
        assert internal not in text, internal
    assert all(set(e) == {"loc", "msg", "type"} for e in body["errors"])


@pytest.mark.issue(15)
def test_read_events_same_partial_bounds_accepted(client: TestClient) -> None:
    for params in ({"from": "2021", "to": "2021"}, {"from": "2021-10", "to": "2021-10-31"},
                   {"from": "2024-02-29", "to": "2024-02"}):
        assert client.get("/events", params=params).status_code == 200, params
    meetings = client.get("/meetings", params={"person": "Lamamra", "from": "2022",
                                               "to": "2021"})
    assert meetings.status_code == 422
    assert "from (2022) is after to (2021)" in meetings.json()["error"]


@pytest.mark.issue(15)
def test_read_events_sources_carry_title_outlet_and_web_address(settings_factory: Any) -> None:
    """An article read from the web: its headline, outlet and address in every source list."""
    from app.main import create_app
    from app.services import Services
    from ingest.models import Extraction

    text = "Le ministre Karim Ouali a reçu mardi à Oran son homologue Anna Kovacs."
    extraction = Extraction.model_validate({
        "article": {"id": "article:0a1b2c3d4e5f6071", "lang": "fr", "date": "2023-05-09",
                    "title": "Ouali reçoit Kovacs à Oran", "outlet": "journal.example",
                    "source": "https://journal.example/2023/05/ouali-kovacs", "text": text},
        "entities": [
            {"id": "person:karim-ouali", "type": "Person", "name": "Karim Ouali"},
            {"id": "person:anna-kovacs", "type": "Person", "name": "Anna Kovacs"},
            {"id": "location:oran", "type": "Location", "name": "Oran"}],
        "events": [{"id": "event:0a1b2c3d4e5f6072", "kind": "meeting", "date": "2023-05-09",
                    "place": "location:oran",
                    "participants": [{"entity": "person:karim-ouali", "role": "host"},
                                     {"entity": "person:anna-kovacs", "role": "guest"}],
                    "evidence": [{"text": text, "start": 0, "end": len(text)}]}]})
    settings = settings_factory()
    services = Services(settings)
    try:
        services.write(extraction)
        with TestClient(create_app(settings, services=services)) as web:
            [listed] = web.get("/events").json()["data"]
            one = web.get(f"/events/{listed['event_id']}").json()
            meetings = web.get("/meetings", params={"person": "Ouali"}).json()["data"]
    finally:
        services.close()
    expected = {"article_id": "article:0a1b2c3d4e5f6071", "title": "Ouali reçoit Kovacs à Oran",
                "outlet": "journal.example", "url": "https://journal.example/2023/05/ouali-kovacs",
                "lang": "fr", "date": "2023-05-09", "evidence": text}
    assert listed["sources"] == one["sources"] == meetings[0]["sources"] == [expected]
    assert listed["place"] == {"id": "location:oran", "name": "Oran", "type": "Location"}
    assert listed == one
