"""Reads through a running `diplograph serve`: the record it leaves in the data folder, and a
small HTTP client for the read commands (`stats`, `ask`, `export`).

The embedded store has one owner: while `serve` runs, another process cannot open it
read-write, and a read-only handle beside a writer is refused while a checkpoint is pending
("Cannot open database in read-only mode while checkpoint recovery is pending", LadybugDB
0.22; measured in tests/e2e/test_cli_while_serving.py's notes) and unsafe once open (the
writer may checkpoint under the reader). So `serve` writes `serve.json` (host, port, pid) into
the data folder and removes it when it stops, and the read commands ask its API instead.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from app.errors import AppError
from app.schemas import AskAnswer, Stats
from app.settings import Settings

SERVE_FILE = "serve.json"
TIMEOUT_S = 300.0  # an export pages through every event
CONNECT_WAIT_S = 60.0  # a server that wrote serve.json may still be loading
PAGE = 500  # GET /events' largest `limit`


class ServerError(AppError):
    """The running `diplograph serve` answered with an error, or could not be reached."""

    status = 502
    code = "serve_error"


def serve_record_path(settings: Settings) -> Path:
    return settings.data_dir / SERVE_FILE


@contextlib.contextmanager
def serve_record(settings: Settings) -> Iterator[Path]:
    """Record this process's address in the data folder while it serves; removed at stop."""
    path = serve_record_path(settings)
    host = settings.host if settings.host not in ("0.0.0.0", "::", "") else "127.0.0.1"
    record = {"host": host, "port": settings.port, "pid": os.getpid(),
              "url": f"http://{host}:{settings.port}", "store": settings.store,
              "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(path)
    try:
        yield path
    finally:
        with contextlib.suppress(FileNotFoundError, ValueError, OSError):
            if json.loads(path.read_text(encoding="utf-8")).get("pid") == os.getpid():
                path.unlink()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def running_server(settings: Settings) -> str | None:
    """The URL of the `diplograph serve` that owns this data folder's store, or None.

    Only the embedded store has one owner; with Neo4j every command opens its own driver. A
    record whose process has died (a killed server) is ignored.
    """
    if settings.store != "ladybug":
        return None
    path = serve_record_path(settings)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        pid, url = int(record["pid"]), str(record["url"])
    except (FileNotFoundError, ValueError, KeyError, TypeError, OSError):
        return None
    if pid == os.getpid() or not _alive(pid):
        return None
    return url


class ServeClient:
    """The read routes of a running server, as the commands need them."""

    def __init__(self, url: str, settings: Settings) -> None:
        key = settings.api_key.get_secret_value() if settings.api_key else None
        self.url = url
        self._http = httpx.Client(base_url=url, timeout=TIMEOUT_S,
                                  headers={"X-API-Key": key} if key else {})

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        deadline = time.monotonic() + CONNECT_WAIT_S
        while True:
            try:
                response = self._http.request(method, path, **kwargs)
                break
            except httpx.ConnectError as exc:  # a server still starting: wait a little
                if time.monotonic() > deadline:
                    raise ServerError(f"the running diplograph serve at {self.url} did not "
                                      f"answer ({exc}); is it still starting?") from exc
                time.sleep(0.5)
            except httpx.HTTPError as exc:
                raise ServerError(f"the running diplograph serve at {self.url} did not "
                                  f"answer ({exc}); is it still running?") from exc
        body = response.json() if response.headers.get("content-type", "").startswith(
            "application/json") else {}
        if response.status_code >= 400:
            error = AppError(body.get("error") or f"{self.url}{path}: HTTP "
                             f"{response.status_code}", errors=body.get("errors") or [])
            error.status, error.code = response.status_code, body.get("code", "serve_error")
            raise error
        return body

    def stats(self) -> Stats:
        return Stats.model_validate(self._call("GET", "/stats"))

    def ask(self, question: str) -> AskAnswer:
        return AskAnswer.model_validate(self._call("POST", "/ask", json={"q": question}))

    def events(self, **params: Any) -> list[dict[str, Any]]:
        """The catalog's `events` rows, read from `GET /events` (same filters and order)."""
        query: dict[str, Any] = {}
        for key, name in (("date_from", "from"), ("date_to", "to"), ("kind", "kind")):
            value = params.get(key)
            if value is not None:
                query[name] = value.isoformat() if isinstance(value, dt.date) else value
        limit, offset = int(params.get("limit", 100)), int(params.get("offset", 0))
        rows: list[dict[str, Any]] = []
        while len(rows) < limit:  # the route serves at most PAGE rows at a time
            size = min(PAGE, limit - len(rows))
            page = self._call("GET", "/events", params={**query, "limit": size,
                                                        "offset": offset + len(rows)})["data"]
            rows += page
            if len(page) < size:
                break
        return [{"event_id": r["event_id"], "kind": r["kind"], "date": r.get("date"),
                 "place_id": (r.get("place") or {}).get("id"),
                 "place_name": (r.get("place") or {}).get("name"),
                 "participants": r.get("participants") or [], "topics": r.get("topics") or []}
                for r in rows]


class RemoteEvents:
    """What `app.export.collect_graph` reads (`services.store.run("events", …)`), served by a
    running server: the export pages through `GET /events` with the same splitting."""

    def __init__(self, client: ServeClient) -> None:
        self.client = client
        self.store = self

    def run(self, name: str, **params: Any) -> list[dict[str, Any]]:
        if name != "events":
            raise ServerError(f"query {name!r} is not read through the API")
        return self.client.events(**params)
