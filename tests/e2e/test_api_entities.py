"""/entities, /people/{id}/timeline, /path, /events, /graph on the seeded store."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize("q", ["lamamra", "LAMAMRA", "لعمامرة", "Ramtane"])
def test_entities_search_any_script(client: Any, q: str) -> None:
    response = client.get("/entities", params={"q": q, "type": "Person"})
    assert response.status_code == 200
    ids = [e["id"] for e in response.json()["data"]]
    assert ids[0] == "person:ramtane-lamamra"


def test_entities_read_profile(client: Any) -> None:
    response = client.get("/entities/person:ramtane-lamamra")
    assert response.status_code == 200
    body = response.json()
    assert body["type"] == "Person" and body["events"] >= 5 and body["articles"] == 5


def test_entities_read_unknown_404(client: Any) -> None:
    response = client.get("/entities/person:nobody-at-all")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_entities_neighbours(client: Any) -> None:
    response = client.get("/entities/person:ramtane-lamamra/neighbours")
    assert response.status_code == 200
    assert any(n["id"] == "country:LY" for n in response.json()["data"])


def test_people_timeline_in_date_order(client: Any) -> None:
    response = client.get("/people/person:ramtane-lamamra/timeline")
    assert response.status_code == 200
    dates = [e["date"] for e in response.json()["data"] if e["date"]]
    assert dates == sorted(dates) and len(dates) >= 3


def test_people_timeline_unknown_404(client: Any) -> None:
    assert client.get("/people/person:nobody-at-all/timeline").status_code == 404


def test_path_between_two_people(client: Any) -> None:
    response = client.get("/path", params={"from": "Lampert", "to": "Guterres"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["nodes"][0]["id"] == body["source"]["id"]
    assert body["nodes"][-1]["id"] == body["target"]["id"]
    assert body["length"] == len(body["edges"]) >= 2


def test_events_filters(client: Any) -> None:
    everything = client.get("/events").json()
    assert everything["count"] >= 6
    libya = client.get("/events", params={"country": "Libya"}).json()
    assert 0 < libya["count"] <= everything["count"]
    later = client.get("/events", params={"from": "2022"}).json()
    assert all((e["date"] or "9999") >= "2022" for e in later["data"])
    assert client.get("/events", params={"to": "2021-02-30"}).status_code == 422


def test_graph_center_depth(client: Any) -> None:
    one = client.get("/graph", params={"center": "Lamamra", "depth": 1}).json()
    two = client.get("/graph", params={"center": "Lamamra", "depth": 2}).json()
    ids = {n["id"] for n in one["nodes"]}
    assert "person:ramtane-lamamra" in ids
    assert len(two["nodes"]) >= len(one["nodes"])
    for edge in one["edges"]:
        assert edge["source"] in ids and edge["target"] in ids
    assert client.get("/graph", params={"center": "Lamamra", "depth": 9}).status_code == 422


def test_stats_counts(client: Any) -> None:
    body = client.get("/stats").json()
    assert body["labels"]["Article"] == 5 and body["labels"]["Person"] >= 7


# --- listing and paging (issue 15) ------------------------------------------------------------

@pytest.mark.issue(15)
def test_entities_list_without_q_in_name_order(client: Any) -> None:
    body = client.get("/entities", params={"limit": 100}).json()
    assert body["count"] == len(body["data"]) >= 20
    keys = [(e["name"], e["id"]) for e in body["data"]]
    assert keys == sorted(keys)
    assert {e["type"] for e in body["data"]} >= {"Person", "Country", "Topic"}
    assert client.get("/entities", params={"limit": 100}).json() == body  # deterministic


@pytest.mark.issue(15)
@pytest.mark.parametrize("kind", ["Person", "Country", "Organisation", "Location", "Topic"])
def test_entities_list_by_type_pages_cover_the_whole_list(client: Any, kind: str) -> None:
    whole = client.get("/entities", params={"type": kind, "limit": 100}).json()["data"]
    assert whole and all(e["type"] == kind for e in whole)
    paged = []
    for offset in range(0, len(whole) + 3, 3):
        page = client.get("/entities", params={"type": kind, "limit": 3, "offset": offset})
        assert page.status_code == 200
        paged += page.json()["data"]
    assert paged == whole


@pytest.mark.issue(15)
def test_entities_search_pages(client: Any) -> None:
    whole = client.get("/entities", params={"q": "a", "limit": 100}).json()["data"]
    assert len(whole) >= 4
    second = client.get("/entities", params={"q": "a", "limit": 2, "offset": 2}).json()["data"]
    assert second == whole[2:4]


@pytest.mark.issue(15)
@pytest.mark.parametrize("q", ["?!", "---", "\u0640"])
def test_entities_search_without_letters_matches_nothing(client: Any, q: str) -> None:
    response = client.get("/entities", params={"q": q})
    assert response.status_code == 200, response.text
    assert response.json() == {"data": [], "count": 0}


@pytest.mark.issue(15)
def test_entities_list_limits_in_user_terms(client: Any) -> None:
    response = client.get("/entities", params={"limit": 101})
    assert response.status_code == 422
    assert response.json()["error"] == "limit must be at most 100, not '101'"
    response = client.get("/entities", params={"type": "Event"})
    assert response.status_code == 422
    assert response.json()["error"].startswith("type must be one of 'Person'")


@pytest.mark.issue(15)
def test_entities_long_name_is_refused_by_the_schema_not_the_catalog(client: Any) -> None:
    long_name = "x" * 201
    for path in (f"/entities/{long_name}/neighbours", f"/people/{long_name}/timeline"):
        response = client.get(path)
        assert response.status_code == 422, path
        assert response.json()["error"] == "id has 201 characters; at most 200 are accepted"
    assert client.get(f"/people/{'x' * 200}/timeline").status_code == 404
