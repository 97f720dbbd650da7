"""`diplograph serve` as a real process: it serves, and Ctrl-C with a task in flight stops it
cleanly (exit 0, in bounded time, no native abort)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = (ROOT / "seeds" / "003_c6b8037a3e0ee50b.txt").read_bytes()
# What the shutdown may take: the consumer's wait (DIPLOGRAPH_SHUTDOWN_TIMEOUT=2) plus
# uvicorn's and the store's close, with room for a loaded 2-core machine.
EXIT_BOUND_S = 15.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _command() -> list[str]:
    script = Path(sys.executable).with_name("diplograph")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from app.cli import main; main()"]


def _wait_until(check, timeout: float, what: str) -> object:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            last = check()
        except httpx.HTTPError as exc:
            last = exc
        else:
            if last:
                return last
        time.sleep(0.1)
    raise AssertionError(f"{what} not reached in {timeout}s (last: {last!r})")


@pytest.mark.issue(5)
def test_serve_sigint_with_task_in_flight_exits_cleanly(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIPLOGRAPH_")}
    env |= {"DIPLOGRAPH_DATA_DIR": str(tmp_path / "data"), "DIPLOGRAPH_LOG_LEVEL": "INFO",
            "DIPLOGRAPH_SHUTDOWN_TIMEOUT": "2", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([*_command(), "serve", "--host", "127.0.0.1", "--port", str(port)],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=5.0) as http:
            _wait_until(lambda: http.get("/health").status_code == 200, 90, "/health")
            posted = http.post("/articles", content=ARTICLE,
                               headers={"content-type": "text/plain"})
            assert posted.status_code == 202, posted.text
            article_id = posted.json()["id"]

            def in_flight() -> bool:
                # A fresh process loads its models first, so the task stays `processing`
                # for seconds; `done` (a very fast machine) still exercises the shutdown.
                status = http.get(f"/articles/{article_id}").json()["status"]
                assert status != "failed", status
                return status in ("processing", "done")

            _wait_until(in_flight, 30, "the article being processed")
        started = time.monotonic()
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=EXIT_BOUND_S)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"serve still running {EXIT_BOUND_S}s after SIGINT") from None
        took = time.monotonic() - started
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    output = proc.stdout.read().decode("utf-8", "replace") if proc.stdout else ""
    assert proc.returncode == 0, output[-3000:]
    assert took < EXIT_BOUND_S
    assert "terminate called" not in output, output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    assert "diplograph stopped" in output, output[-3000:]
