"""Bad input before parsing (issue 14): JSON depth and encoding, control characters, the
Allow header, the key on every path when reads need it, schema limits equal to the enforced
ones. Real app through TestClient; the CLI through CliRunner."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from app.cli import app as cli_app
from app.main import MAX_BODY_BYTES, create_app
from ingest.reader import MAX_ARTICLE_CHARS, MAX_JSON_DEPTH, raw_article_from_json

TEXT = ("Le ministre des Affaires étrangères, Ramtane Lamamra, a reçu mardi à Alger "
        "son homologue tunisien, Othman Jerandi, avec lequel il a évoqué la situation en Libye.")
DEEP = b'{"text": ' + b"[" * 1000 + b"]" * 1000 + b"}"  # ~2 KB, 1,001 levels
JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module")
def strict_client(seeded_app: Any) -> Iterator[TestClient]:
    """A client that re-raises any exception escaping the app: what resets a keep-alive
    connection under uvicorn makes the request itself fail here."""
    with TestClient(seeded_app, raise_server_exceptions=True) as test_client:
        yield test_client


@pytest.mark.parametrize("path", ["/articles", "/ask"])
def test_deep_json_is_422_before_parsing(strict_client: TestClient, write_headers: dict[str, str],
                                         path: str) -> None:
    response = strict_client.post(path, content=DEEP, headers=write_headers | JSON)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "invalid_input"
    assert f"deeper than {MAX_JSON_DEPTH}" in body["error"]
    # the same connection/client goes on serving
    assert strict_client.get("/health").status_code == 200


def test_deep_json_in_chunks_is_422(strict_client: TestClient,
                                    write_headers: dict[str, str]) -> None:
    def chunks() -> Iterator[bytes]:
        for start in range(0, len(DEEP), 100):
            yield DEEP[start:start + 100]

    response = strict_client.post("/articles", content=chunks(), headers=write_headers | JSON)
    assert response.status_code == 422, response.text
    assert "deeper than" in response.json()["error"]


def test_brackets_inside_strings_are_not_nesting(client: Any,
                                                 write_headers: dict[str, str]) -> None:
    text = TEXT + ' [[[[{{{{"\\"' * 50  # brackets and escaped quotes inside the string
    response = client.post("/articles", json={"text": text, "lang": "fr"}, headers=write_headers)
    assert response.status_code == 202, response.text
    client.delete(response.json()["status_url"], headers=write_headers)


def test_depth_at_the_limit_reaches_validation(client: Any,
                                               write_headers: dict[str, str]) -> None:
    inner = MAX_JSON_DEPTH - 1  # the object is one level
    body = b'{"text": ' + b"[" * inner + b"]" * inner + b"}"
    response = client.post("/articles", content=body, headers=write_headers | JSON)
    assert response.status_code == 422
    assert "deeper than" not in response.json()["error"]  # refused by the schema, not the guard
    assert response.json()["errors"][0]["loc"] == ["body", "text"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
@pytest.mark.parametrize(("path", "payload"), [
    ("/articles", {"text": TEXT, "lang": "fr"}), ("/ask", {"q": "who met Lamamra"})])
def test_json_must_be_utf8(client: Any, write_headers: dict[str, str], encoding: str,
                           path: str, payload: dict[str, str]) -> None:
    body = json.dumps(payload).encode(encoding)
    response = client.post(path, content=body, headers=write_headers | JSON)
    assert response.status_code == 422, response.text
    assert "UTF-8" in response.json()["error"]
    assert response.json()["code"] == "invalid_input"


def test_utf8_json_with_bom_is_accepted(client: Any, write_headers: dict[str, str]) -> None:
    body = b"\xef\xbb\xbf" + json.dumps({"text": TEXT + " BOM.", "lang": "fr"}).encode()
    response = client.post("/articles", content=body, headers=write_headers | JSON)
    assert response.status_code == 202, response.text
    client.delete(response.json()["status_url"], headers=write_headers)


def test_control_characters_are_stripped_before_the_id(client: Any,
                                                       write_headers: dict[str, str]) -> None:
    dirty = TEXT.replace("Alger", "Al\x00ger").replace("Jerandi", "Jeran\x1bdi\x7f") + " NUL."
    clean = TEXT + " NUL."
    first = client.post("/articles", json={"text": dirty, "lang": "fr", "title": "t\x00"},
                        headers=write_headers)
    assert first.status_code == 202, first.text
    second = client.post("/articles", json={"text": clean, "lang": "fr"}, headers=write_headers)
    assert second.json()["id"] == first.json()["id"]  # the id is that of the stripped text
    plain = client.post("/articles", content=dirty.encode(),
                        headers=write_headers | {"content-type": "text/plain"},
                        params={"lang": "fr"})
    assert plain.json()["id"] == first.json()["id"]
    client.delete(first.json()["status_url"], headers=write_headers)


def test_control_characters_never_reach_names_and_offsets_hold(seeded_services: Any) -> None:
    raw = raw_article_from_json({"text": TEXT.replace("Alger", "Al\x00ger")
                                 .replace("Lamamra", "Lam\x01amra"), "lang": "fr"})
    assert "\x00" not in raw.text and "\x01" not in raw.text
    extraction = seeded_services.extractor.extract(raw)
    names = [e.name for e in extraction.entities] + [
        a for e in extraction.entities for a in getattr(e, "aliases", [])]
    assert any("Lamamra" in n for n in names), names
    assert not any(ord(c) < 32 for n in names for c in n), names
    for event in extraction.events:
        for span in event.evidence:
            assert raw.text[span.start:span.end] == span.text


def test_mostly_control_characters_is_refused_as_binary(client: Any,
                                                        write_headers: dict[str, str]) -> None:
    response = client.post("/articles", json={"text": "\x01" * 6 + TEXT, "lang": "fr"},
                           headers=write_headers)
    assert response.status_code == 422
    assert "binary" in response.json()["error"]


def test_options_article_lists_delete(client: Any) -> None:
    path = "/articles/article:18dc67424a579d86"
    response = client.options(path)
    assert response.status_code == 204
    allow = {m.strip() for m in response.headers["allow"].split(",")}
    assert {"GET", "DELETE", "OPTIONS"} <= allow and "POST" not in allow
    wrong = client.put(path)
    assert wrong.status_code == 405
    assert wrong.json()["code"] == "method_not_allowed"
    assert {"GET", "DELETE"} <= {m.strip() for m in wrong.headers["allow"].split(",")}
    assert client.options("/articles").headers["allow"].replace(" ", "") == "OPTIONS,POST"
    assert client.options("/no-such-path").status_code == 404


@pytest.fixture(scope="module")
def keyed_client(seeded_services: Any, tmp_path_factory: pytest.TempPathFactory
                 ) -> Iterator[TestClient]:
    settings = seeded_services.settings.model_copy(update={"read_requires_key": True})
    app = create_app(settings, services=seeded_services)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.mark.parametrize("path", ["/metrics", "/openapi.json", "/docs", "/redoc", "/",
                                  "/static/app.js", "/entities?q=Lamamra", "/stats",
                                  "/articles/article:18dc67424a579d86", "/no-such-path"])
def test_read_key_guards_every_path(keyed_client: TestClient, write_headers: dict[str, str],
                                    path: str) -> None:
    for headers in ({}, {"X-API-Key": "wrong"}):
        response = keyed_client.get(path, headers=headers)
        assert response.status_code == 401, (path, headers, response.text)
        assert response.json()["code"] == "unauthorized"
        assert response.headers["www-authenticate"] == "ApiKey"
    assert keyed_client.options(path).status_code == 401
    with_key = keyed_client.get(path, headers=write_headers)
    assert with_key.status_code in ((404,) if "no-such" in path or "article:" in path
                                    else (200,)), with_key.text


@pytest.mark.parametrize("path", ["/health", "/ready"])
def test_probes_stay_open_with_read_key(keyed_client: TestClient, path: str) -> None:
    assert keyed_client.get(path).status_code == 200


def test_reads_stay_open_without_the_setting(client: Any) -> None:
    for path in ("/metrics", "/openapi.json", "/", "/entities?q=Lamamra"):
        assert client.get(path).status_code == 200, path


def test_schema_states_the_enforced_limits(client: Any, write_headers: dict[str, str]) -> None:
    spec = client.get("/openapi.json").json()
    body = spec["paths"]["/articles"]["post"]["requestBody"]["content"]
    json_text = body["application/json"]["schema"]["properties"]["text"]
    assert json_text["maxLength"] == MAX_ARTICLE_CHARS == 200_000
    assert body["text/plain"]["schema"]["maxLength"] == MAX_ARTICLE_CHARS
    assert MAX_BODY_BYTES == 2 * 1024 * 1024
    assert "2 MiB" in spec["paths"]["/articles"]["post"]["description"]
    assert "stripped" in spec["paths"]["/articles"]["post"]["description"]
    assert f"{MAX_JSON_DEPTH} levels" in spec["paths"]["/articles"]["post"]["description"]
    assert f"{MAX_JSON_DEPTH} levels" in spec["info"]["description"]
    too_long = client.post("/articles", json={"text": "a" * (MAX_ARTICLE_CHARS + 1), "lang": "en"},
                           headers=write_headers)
    assert too_long.status_code == 422
    assert too_long.json()["errors"][0]["loc"] == ["body", "text"]
    longest = client.post("/articles", json={"text": "a " * (MAX_ARTICLE_CHARS // 2), "lang": "en"},
                          headers=write_headers)
    assert longest.status_code == 202, longest.text
    client.delete(longest.json()["status_url"], headers=write_headers)


def test_cli_ingest_deep_json_is_a_per_file_error(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "deep.json").write_bytes(DEEP)
    (inputs / "deep.jsonl").write_bytes(DEEP + b"\n")
    env = {"DIPLOGRAPH_DATA_DIR": str(tmp_path / "data"), "DIPLOGRAPH_LOG_LEVEL": "WARNING"}
    result = CliRunner().invoke(cli_app, ["ingest", str(inputs)], env=env)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "RecursionError" not in result.output
    assert "deep.json" in result.output and "deep.jsonl:1" in result.output
    assert f"deeper than {MAX_JSON_DEPTH}" in result.output
