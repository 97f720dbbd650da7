"""POST /ask on the seeded app: the question forms of the grammar give the same answers as
the REST routes with the same filters, in English, French and Arabic."""

from __future__ import annotations

from typing import Any

import pytest

from ingest.normalize import fold

SIX = ("lempert", "dbeibah", "koni", "mangoush", "guterres", "shoukry")
LAMAMRA = "person:ramtane-lamamra"


def _surnames(body: dict[str, Any]) -> set[str]:
    return {s for m in body["data"] for s in SIX if s in fold(m["person"]["name"])}


def _ask(client: Any, question: str) -> dict[str, Any]:
    response = client.post("/ask", json={"q": question})
    assert response.status_code == 200, (question, response.text)
    return response.json()


def _meetings(client: Any, **params: str) -> dict[str, Any]:
    response = client.get("/meetings", params=params)
    assert response.status_code == 200, response.text
    return response.json()


QUESTIONS = [
    ("en", "who met Lamamra about Libya"),
    ("fr", "qui a rencontré Lamamra au sujet de la Libye ?"),
    ("ar", "من التقى لعمامرة بشأن ليبيا؟"),
]


@pytest.mark.issue(5)
@pytest.mark.parametrize(("lang", "question"), QUESTIONS)
def test_ask_who_met_in_three_languages(client: Any, lang: str, question: str) -> None:
    body = _ask(client, question)
    assert body["lang"] == lang and body["intent"] == "who_met"
    assert _surnames(body["meetings"]) == set(SIX)


def test_ask_answers_match_across_languages(client: Any) -> None:
    answers = [_ask(client, q)["meetings"] for _, q in QUESTIONS]
    assert answers[0] == answers[1] == answers[2]
    assert answers[0] == _meetings(client, person="Lamamra", topic="Libya")


@pytest.mark.issue(15)
@pytest.mark.parametrize(("question", "intent"), [
    ("when did Lamamra meet Guterres", "when"),
    ("who did Lamamra call", "who_met"),
    ("où Lamamra a-t-il rencontré Bayramov", "where"),
    ("who did Lamamra meet in 2022", "who_met"),
    ("متى التقى لعمامرة غوتيريش؟", "when"),
    ("qui a rencontré Lamamra en Libye ?", "who_met"),
    ("من اتصل بلعمامرة؟", "who_met"),
])
def test_ask_issue_examples_answer(client: Any, question: str, intent: str) -> None:
    assert _ask(client, question)["intent"] == intent


@pytest.mark.issue(15)
@pytest.mark.parametrize("question", ["who did Lamamra call", "who called Lamamra",
                                      "qui Lamamra a-t-il appelé ?", "من اتصل بلعمامرة؟",
                                      "بمن اتصل لعمامرة؟"])
def test_ask_called_is_phone_calls_only(client: Any, question: str) -> None:
    body = _ask(client, question)
    assert body["params"]["kind"] == "phone_call"
    assert body["meetings"] == _meetings(client, person="Lamamra", kind="phone_call")
    assert body["meetings"]["person"]["id"] == LAMAMRA
    everyone = _meetings(client, person="Lamamra")
    assert body["meetings"]["count"] < everyone["count"]


@pytest.mark.issue(15)
@pytest.mark.parametrize("question", ["when did Lamamra meet Guterres",
                                      "quand Lamamra a-t-il rencontré Guterres ?",
                                      "متى التقى لعمامرة غوتيريش؟",
                                      "متى التقى لعمامرة وغوتيريش؟",
                                      "when did Lamamra and Guterres meet"])
def test_ask_when_lists_the_events_of_both(client: Any, question: str) -> None:
    body = _ask(client, question)
    assert body["intent"] == "when"
    page = body["meetings"]
    everyone = _meetings(client, person="Lamamra")
    guterres = {m["person"]["id"] for m in everyone["data"] if "guterres" in fold(
        m["person"]["name"])}
    assert len(guterres) == 1
    want = [m for m in everyone["data"] if m["person"]["id"] in guterres]
    assert page["data"] == want and page["count"] >= 1
    assert all(m["date"] for m in page["data"])


@pytest.mark.issue(15)
@pytest.mark.parametrize(("question", "surname"), [
    ("where did Lamamra meet Bayramov", "bayramov"),
    ("où Lamamra a-t-il rencontré Bayramov", "bayramov"),
    ("أين التقى لعمامرة غوتيريش؟", "guterres"),
    ("أين التقى رمطان لعمامرة أنطونيو غوتيريش؟", "guterres"),  # two names side by side
])
def test_ask_where_gives_places(client: Any, question: str, surname: str) -> None:
    body = _ask(client, question)
    assert body["intent"] == "where"
    data = body["meetings"]["data"]
    assert data and all(surname in fold(m["person"]["name"]) and m["place"] for m in data)


@pytest.mark.issue(15)
@pytest.mark.parametrize(("question", "year"), [
    ("who did Lamamra meet in 2022", "2022"), ("qui Lamamra a-t-il rencontré en 2021 ?", "2021"),
    ("من التقى لعمامرة في 2021؟", "2021"), ("من التقى لعمامرة عام ٢٠٢١؟", "2021"),
])
def test_ask_date_range_filters(client: Any, question: str, year: str) -> None:
    body = _ask(client, question)
    assert body["params"]["from"] == year and body["params"]["to"] == year
    assert body["meetings"] == _meetings(client, person="Lamamra", **{"from": year, "to": year})
    assert all((m["date"] or "").startswith(year) for m in body["meetings"]["data"])


@pytest.mark.issue(15)
@pytest.mark.parametrize("question", ["qui a rencontré Lamamra en Libye ?",
                                      "who met Lamamra in Libya", "من التقى لعمامرة في ليبيا؟"])
def test_ask_place_is_held_in_not_topic(client: Any, question: str) -> None:
    body = _ask(client, question)
    assert "topic" not in body["params"] and body["params"]["place"]
    held = _meetings(client, person="Lamamra", place="Libya")
    assert body["meetings"] == held
    assert held != _meetings(client, person="Lamamra", topic="Libya")


@pytest.mark.issue(15)
def test_ask_about_what_lists_topics(client: Any) -> None:
    body = _ask(client, "what did Lamamra and Guterres discuss")
    assert body["intent"] == "what_about"
    assert any(m["topics"] for m in body["meetings"]["data"])


@pytest.mark.issue(15)
def test_ask_where_did_he_go_is_a_filtered_timeline(client: Any) -> None:
    body = _ask(client, "where did Lamamra go")
    assert body["intent"] == "where" and body["timeline"] is not None
    assert all(t["kind"] == "visit" for t in body["timeline"]["data"])


@pytest.mark.parametrize("question", ["timeline of Lamamra", "chronologie de Lamamra",
                                      "الجدول الزمني لعمامرة"])
def test_ask_timeline(client: Any, question: str) -> None:
    assert _ask(client, question)["timeline"]["count"] >= 5


def test_ask_path(client: Any) -> None:
    path = _ask(client, "path from Lamamra to Guterres")["path"]
    assert path["nodes"][0]["id"] == LAMAMRA and path["length"] >= 1


@pytest.mark.parametrize(("question", "lang"), [
    ("MATCH (n) DETACH DELETE n", "en"), ("when Lamamra met Guterres", "en"),
    ("quelle heure est-il ?", "fr"), ("ما هو الطقس اليوم؟", "ar"),
])
def test_ask_unparseable_422_with_closest_forms(client: Any, question: str, lang: str) -> None:
    response = client.post("/ask", json={"q": question})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "question_not_understood"
    assert body["errors"] and {e["lang"] for e in body["errors"]} == {lang}


def test_ask_unknown_person_404(client: Any) -> None:
    response = client.post("/ask", json={"q": "who met Zzyzxwq"})
    assert response.status_code == 404


@pytest.mark.parametrize(("kwargs", "status"), [
    ({"json": {}}, 422), ({"json": {"q": ""}}, 422), ({"json": {"q": "x" * 501}}, 422),
    ({"content": b"who met Lamamra", "headers": {"content-type": "text/plain"}}, 415),
    ({"content": b"{", "headers": {"content-type": "application/json"}}, 422),
])
def test_ask_bad_bodies(client: Any, kwargs: dict[str, Any], status: int) -> None:
    response = client.post("/ask", **kwargs)
    assert response.status_code == status
    assert set(response.json()) == {"status", "code", "error", "errors"}
