"""GET /meetings on the seeded store: the headline query, through the real HTTP app."""

from __future__ import annotations

from typing import Any

import pytest

from ingest.normalize import fold

SIX = ("lempert", "dbeibah", "koni", "mangoush", "guterres", "shoukry")


def _surnames(body: dict[str, Any]) -> set[str]:
    found = set()
    for meeting in body["data"]:
        name = fold(meeting["person"]["name"])
        found.update(s for s in SIX if s in name)
    return found


@pytest.mark.issue(5)
@pytest.mark.parametrize(("person", "topic"), [
    ("Lamamra", "Libya"), ("lamamra", "libye"), ("LAMAMRA", "Libye"),
    ("Ramtane Lamamra", "ليبيا"), ("لعمامرة", "Libya"), ("person:ramtane-lamamra", "country:LY"),
])
def test_meetings_lamamra_libya_six_people(client: Any, person: str, topic: str) -> None:
    response = client.get("/meetings", params={"person": person, "topic": topic})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["person"]["id"] == "person:ramtane-lamamra"
    assert body["topic"]["id"] == "country:LY"
    assert _surnames(body) == set(SIX)
    assert body["count"] == len(body["data"])
    for meeting in body["data"]:
        assert meeting["kind"] and meeting["event_id"]
        assert any(t["id"] == "country:LY" for t in meeting["topics"])
        assert meeting["sources"], meeting
        for source in meeting["sources"]:
            assert source["article_id"].startswith("article:") and source["evidence"]


def test_meetings_evidence_mentions_the_counterpart(client: Any) -> None:
    body = client.get("/meetings", params={"person": "Lamamra", "topic": "Libya"}).json()
    for meeting in body["data"]:
        entity = client.get(f"/entities/{meeting['person']['id']}").json()
        names = [meeting["person"]["name"], *entity.get("aliases", [])]
        evidence = " ".join(fold(s["evidence"]) for s in meeting["sources"])
        # the evidence names the counterpart in the article's own script (any surface form)
        assert any(fold(n).split()[-1] in evidence for n in names if fold(n)), meeting


def test_meetings_without_topic_includes_other_countries(client: Any) -> None:
    body = client.get("/meetings", params={"person": "Lamamra"}).json()
    assert set(SIX) <= _surnames(body)
    assert body["count"] > 6


def test_meetings_filters_kind_and_dates(client: Any) -> None:
    all_rows = client.get("/meetings", params={"person": "Lamamra"}).json()["data"]
    kinds = {m["kind"] for m in all_rows}
    for kind in kinds:
        rows = client.get("/meetings", params={"person": "Lamamra", "kind": kind}).json()["data"]
        assert rows and {m["kind"] for m in rows} == {kind}
    rows = client.get("/meetings", params={"person": "Lamamra", "from": "2030"}).json()["data"]
    assert rows == []


def test_meetings_unknown_person_404_with_suggestions(client: Any) -> None:
    response = client.get("/meetings", params={"person": "Lamamre Zzyzx"})
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "not_found" and body["status"] == 404
    assert any(s["id"] == "person:ramtane-lamamra" for s in body["errors"]), body


def test_meetings_ambiguous_name_lists_candidates(client: Any) -> None:
    response = client.get("/meetings", params={"person": "a"})
    assert response.status_code == 409, response.text
    body = response.json()
    assert body["code"] == "ambiguous_name"
    assert len(body["errors"]) >= 2 and all("id" in c for c in body["errors"])


@pytest.mark.parametrize("value", ["2021-02-30", "2021-13", "yesterday", "20211"])
def test_meetings_invalid_date_422(client: Any, value: str) -> None:
    response = client.get("/meetings", params={"person": "Lamamra", "from": value})
    assert response.status_code == 422
    assert set(response.json()) == {"status", "code", "error", "errors"}


def test_meetings_missing_person_422(client: Any) -> None:
    response = client.get("/meetings")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
