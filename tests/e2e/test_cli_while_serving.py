"""`diplograph stats`, `ask` and `export` while `diplograph serve` owns the embedded store.

A real `serve` process on a free port, and the read commands as real processes on the same
data folder: they go through the server's API (its `serve.json`), and read the store itself
again once it has stopped. The graph is written beforehand through the store (a hand-built
Extraction: no NLP model is loaded by these tests).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph.store import StoreConfig, open_store
from ingest.models import Extraction

pytestmark = pytest.mark.issue(15)
ROOT = Path(__file__).resolve().parents[2]
LAMAMRA, GUTERRES, BLINKEN = ("person:ramtane-lamamra", "person:antonio-guterres",
                              "person:antony-blinken")

GRAPH = Extraction.model_validate({
    "article": {"id": "article:cli-serving-1", "lang": "en", "date": "2022-03-10",
                "title": "Test article for the CLI while serving"},
    "entities": [
        {"id": LAMAMRA, "type": "Person", "name": "Ramtane Lamamra",
         "aliases": ["Lamamra", "لعمامرة"]},
        {"id": GUTERRES, "type": "Person", "name": "António Guterres",
         "aliases": ["Guterres", "غوتيريش"]},
        {"id": BLINKEN, "type": "Person", "name": "Antony Blinken", "aliases": ["Blinken"]},
        {"id": "country:LY", "type": "Country", "name": "Libya", "aliases": ["Libye"]},
    ],
    "events": [
        {"id": "event:cli-serving-meeting", "kind": "meeting", "date": "2022-03-09",
         "participants": [{"entity": LAMAMRA, "role": "guest"},
                          {"entity": GUTERRES, "role": "host"}],
         "topics": ["country:LY"],
         "evidence": [{"text": "a meeting written for this test", "start": 0, "end": 31}]},
        {"id": "event:cli-serving-call", "kind": "phone_call", "date": "2021-08-02",
         "participants": [{"entity": LAMAMRA, "role": "callee"},
                          {"entity": BLINKEN, "role": "caller"}],
         "evidence": [{"text": "a call written for this test", "start": 0, "end": 28}]},
    ],
})


def _free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _command() -> list[str]:
    script = Path(sys.executable).with_name("diplograph")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from app.cli import main; main()"]


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIPLOGRAPH_")}
    return env | {"DIPLOGRAPH_DATA_DIR": str(data_dir), "DIPLOGRAPH_LOG_LEVEL": "WARNING",
                  "DIPLOGRAPH_SHUTDOWN_TIMEOUT": "2", "PYTHONUNBUFFERED": "1"}


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*_command(), *args], env=_env(data_dir), cwd=data_dir.parent,
                          capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module")
def serving(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The test graph in a data folder, served by a real `diplograph serve`."""
    data_dir = tmp_path_factory.mktemp("serving") / "data"
    data_dir.mkdir()
    store = open_store(StoreConfig(path=data_dir / "graph.lbug"))
    try:
        store.write_extraction(GRAPH)
    finally:
        store.close()
    port = _free_port()
    proc = subprocess.Popen([*_command(), "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--no-worker"], env=_env(data_dir), cwd=data_dir.parent,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
            assert time.monotonic() < deadline, "serve did not answer /health"
            time.sleep(0.2)
        yield {"data_dir": data_dir, "port": port, "proc": proc}
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_serve_records_its_address(serving: dict[str, Any]) -> None:
    record = json.loads((serving["data_dir"] / "serve.json").read_text(encoding="utf-8"))
    assert record["port"] == serving["port"] and record["pid"] == serving["proc"].pid
    assert record["url"] == f"http://127.0.0.1:{serving['port']}"


def test_cli_stats_while_serving(serving: dict[str, Any]) -> None:
    result = _cli(serving["data_dir"], "stats")
    assert result.returncode == 0, result.stderr
    assert "reading through the running diplograph serve" in result.stderr
    assert "Lock is held" not in result.stderr
    assert "PARTICIPATED_IN" in result.stdout and "Event" in result.stdout


@pytest.mark.parametrize("question", ["who did Lamamra call", "من اتصل بلعمامرة؟"])
def test_cli_ask_while_serving(serving: dict[str, Any], question: str) -> None:
    result = _cli(serving["data_dir"], "ask", question, "--json")
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["params"]["kind"] == "phone_call"
    assert [m["person"]["id"] for m in body["meetings"]["data"]] == [BLINKEN]


def test_cli_ask_while_serving_not_understood_exit_1(serving: dict[str, Any]) -> None:
    result = _cli(serving["data_dir"], "ask", "quelle heure est-il ?")
    assert result.returncode == 1
    assert "cannot read the question" in result.stderr
    assert "qui" in result.stderr  # the closest forms, in French


def test_cli_export_while_serving(serving: dict[str, Any]) -> None:
    result = _cli(serving["data_dir"], "export", "--format", "json")
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    ids = {n["id"] for n in body["nodes"]}
    assert {LAMAMRA, GUTERRES, BLINKEN, "country:LY", "event:cli-serving-meeting"} <= ids
    assert {(e["source"], e["target"]) for e in body["edges"]
            if e["type"] == "PARTICIPATED_IN"} == {
        (LAMAMRA, "event:cli-serving-meeting"), (GUTERRES, "event:cli-serving-meeting"),
        (LAMAMRA, "event:cli-serving-call"), (BLINKEN, "event:cli-serving-call")}


def test_cli_reads_the_store_once_serve_stopped(serving: dict[str, Any]) -> None:
    """Last in this module: stops the server, then the same commands open the store."""
    proc = serving["proc"]
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 0
    assert not (serving["data_dir"] / "serve.json").exists()
    result = _cli(serving["data_dir"], "stats")
    assert result.returncode == 0, result.stderr
    assert "reading through" not in result.stderr and "PARTICIPATED_IN" in result.stdout


def test_cli_ignores_a_stale_serve_record(tmp_path: Path) -> None:
    """A record left by a killed server (its process gone) does not send reads to it."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    store = open_store(StoreConfig(path=data_dir / "graph.lbug"))
    try:
        store.write_extraction(GRAPH)
    finally:
        store.close()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    (data_dir / "serve.json").write_text(json.dumps(
        {"host": "127.0.0.1", "port": 9, "pid": int(dead.stdout), "url": "http://127.0.0.1:9"}),
        encoding="utf-8")
    result = _cli(data_dir, "ask", "who met Lamamra about Libya", "--json")
    assert result.returncode == 0, result.stderr
    assert [m["person"]["id"] for m in json.loads(result.stdout)["meetings"]["data"]] == [
        GUTERRES]
