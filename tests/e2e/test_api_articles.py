"""POST/GET/DELETE /articles and the guards: API key, body size, content type, bad ids."""

from __future__ import annotations

from typing import Any

import pytest

TEXT = ("Le ministre des Affaires étrangères, Ramtane Lamamra, a reçu mardi à Alger "
        "son homologue tunisien, Othman Jerandi, avec lequel il a évoqué la situation en Libye.")


def test_articles_post_needs_api_key(client: Any) -> None:
    response = client.post("/articles", content=TEXT.encode(),
                           headers={"content-type": "text/plain", "X-API-Key": "wrong"})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_articles_post_is_idempotent_and_reports_status(client: Any,
                                                        write_headers: dict[str, str]) -> None:
    headers = write_headers | {"content-type": "text/plain"}
    first = client.post("/articles", content=TEXT.encode(), headers=headers)
    second = client.post("/articles", content=TEXT.encode(), headers=headers)
    assert first.status_code == second.status_code == 202
    assert first.json()["id"] == second.json()["id"]
    assert first.headers["location"] == first.json()["status_url"]
    status = client.get(first.json()["status_url"])
    assert status.status_code == 200
    assert status.json()["status"] == "queued"  # this app runs no worker
    delete = client.delete(first.json()["status_url"], headers=write_headers)
    assert delete.status_code == 204
    assert client.get(first.json()["status_url"]).status_code == 404


def test_articles_post_json(client: Any, write_headers: dict[str, str]) -> None:
    body = {"text": TEXT + " Bis.", "date": "2021-10-05", "lang": "fr", "title": "t"}
    response = client.post("/articles", json=body, headers=write_headers)
    assert response.status_code == 202
    client.delete(response.json()["status_url"], headers=write_headers)


def test_articles_seed_already_ingested_is_done(client: Any, seeded_services: Any,
                                                seed_extractions: list[Any]) -> None:
    article_id = seed_extractions[0].article.id
    response = client.get(f"/articles/{article_id}")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "done"
    assert body["extraction"]["article"]["id"] == article_id
    assert body["extraction"]["events"]


@pytest.mark.parametrize(("body", "status"), [
    ({"text": ""}, 422), ({"text": "x", "date": "2021-02-30"}, 422), ({"nope": 1}, 422),
    ({"text": TEXT, "lang": "de"}, 422), ({"text": TEXT, "extra": 1}, 422),
])
def test_articles_post_invalid_json_422(client: Any, write_headers: dict[str, str],
                                        body: dict[str, Any], status: int) -> None:
    response = client.post("/articles", json=body, headers=write_headers)
    assert response.status_code == status, response.text
    assert set(response.json()) == {"status", "code", "error", "errors"}


@pytest.mark.parametrize("body", [b"\x00\x00\x00\x00\x00", b"\x80", b"\xff\xfe{", b"{\"text\": \"\xe9\"}"])
def test_articles_post_undecodable_json_422(client: Any, write_headers: dict[str, str],
                                            body: bytes) -> None:
    response = client.post("/articles", content=body,
                           headers=write_headers | {"content-type": "application/json"})
    assert response.status_code == 422, response.text
    assert "body" in response.json()["error"]


def test_articles_body_over_2mb_413(client: Any, write_headers: dict[str, str]) -> None:
    big = b"a" * (2 * 1024 * 1024 + 1)
    response = client.post("/articles", content=big,
                           headers=write_headers | {"content-type": "text/plain"})
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"


def test_articles_chunked_body_over_2mb_413(client: Any, write_headers: dict[str, str]) -> None:
    def chunks() -> Any:
        for _ in range(3):
            yield b"a" * (1024 * 1024)

    response = client.post("/articles", content=chunks(),
                           headers=write_headers | {"content-type": "text/plain"})
    assert response.status_code == 413


@pytest.mark.parametrize("media", ["application/xml", "multipart/form-data", "", "text/html"])
def test_articles_wrong_content_type_415(client: Any, write_headers: dict[str, str],
                                         media: str) -> None:
    response = client.post("/articles", content=TEXT.encode(),
                           headers=write_headers | {"content-type": media})
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


@pytest.mark.parametrize("article_id", ["article:0000000000000000", "article:ffffffffffffffff"])
def test_articles_unknown_404(client: Any, write_headers: dict[str, str], article_id: str) -> None:
    assert client.get(f"/articles/{article_id}").status_code == 404
    assert client.delete(f"/articles/{article_id}", headers=write_headers).status_code == 404


@pytest.mark.parametrize("article_id", ["../../etc/passwd", "article:..%2F..", "x" * 200])
def test_articles_malformed_id_rejected(client: Any, article_id: str) -> None:
    response = client.get(f"/articles/{article_id}")
    assert response.status_code in (404, 422)
    assert set(response.json()) == {"status", "code", "error", "errors"}
