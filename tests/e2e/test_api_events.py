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
