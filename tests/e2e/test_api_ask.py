"""POST /ask: the same question in English, French and Arabic gives the same answer."""

from __future__ import annotations

from typing import Any

import pytest

from ingest.normalize import fold

SIX = ("lempert", "dbeibah", "koni", "mangoush", "guterres", "shoukry")


def _surnames(body: dict[str, Any]) -> set[str]:
    return {s for m in body["data"] for s in SIX if s in fold(m["person"]["name"])}

QUESTIONS = [
    ("en", "who met Lamamra about Libya"),
    ("fr", "qui a rencontré Lamamra au sujet de la Libye ?"),
    ("ar", "من التقى لعمامرة بشأن ليبيا؟"),
]


@pytest.mark.issue(5)
@pytest.mark.parametrize(("lang", "question"), QUESTIONS)
def test_ask_who_met_in_three_languages(client: Any, lang: str, question: str) -> None:
    response = client.post("/ask", json={"q": question})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["lang"] == lang and body["intent"] == "who_met"
    assert _surnames(body["meetings"]) == set(SIX)


def test_ask_answers_match_across_languages(client: Any) -> None:
    answers = [client.post("/ask", json={"q": q}).json()["meetings"] for _, q in QUESTIONS]
    assert answers[0] == answers[1] == answers[2]
    direct = client.get("/meetings", params={"person": "Lamamra", "topic": "Libya"}).json()
    assert answers[0] == direct


@pytest.mark.parametrize("question", ["timeline of Lamamra", "chronologie de Lamamra",
                                      "الجدول الزمني لعمامرة"])
def test_ask_timeline(client: Any, question: str) -> None:
    response = client.post("/ask", json={"q": question})
    assert response.status_code == 200, response.text
    assert response.json()["timeline"]["count"] >= 5


def test_ask_path(client: Any) -> None:
    response = client.post("/ask", json={"q": "path from Lamamra to Guterres"})
    assert response.status_code == 200, response.text
    path = response.json()["path"]
    assert path["nodes"][0]["id"] == "person:ramtane-lamamra" and path["length"] >= 1


def test_ask_unparseable_422_with_examples(client: Any) -> None:
    response = client.post("/ask", json={"q": "MATCH (n) DETACH DELETE n"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "question_not_understood"
    assert {e["lang"] for e in body["errors"]} == {"en", "fr", "ar"}


@pytest.mark.parametrize(("kwargs", "status"), [
    ({"json": {}}, 422), ({"json": {"q": ""}}, 422), ({"json": {"q": "x" * 501}}, 422),
    ({"content": b"who met Lamamra", "headers": {"content-type": "text/plain"}}, 415),
    ({"content": b"{", "headers": {"content-type": "application/json"}}, 422),
])
def test_ask_bad_bodies(client: Any, kwargs: dict[str, Any], status: int) -> None:
    response = client.post("/ask", **kwargs)
    assert response.status_code == status
    assert set(response.json()) == {"status", "code", "error", "errors"}
