"""Durability of the embedded store (issue 14): honest `/ready`, damage refused at open, a
failed final checkpoint reported, periodic checkpoints that bound what a lost WAL loses.

Faults are real: a small tmpfs filled up (disk full), a read-only bind mount, files emptied or
overwritten, the WAL deleted after a SIGKILL. Mounting needs root; without it the disk-full
tests skip and the read-only test uses a folder without write permission.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from graph.errors import StoreUnavailable
from graph.store import StoreConfig, open_store
from ingest.models import Extraction

pytestmark = pytest.mark.issue(14)

ROOT = Path(__file__).resolve().parents[2]


# -- helpers ---------------------------------------------------------------------------------
def _extraction(n: int) -> Extraction:
    """A small article written for these tests (no NLP: the store is under test)."""
    return Extraction.model_validate({
        "article": {"id": f"article:durable-{n}", "lang": "en"},
        "entities": [{"id": "person:tomas-brekke", "type": "Person", "name": "Tomas Brekke"},
                     {"id": "country:NO", "type": "Country", "name": "Norway"}],
        "events": [{"id": f"event:durable-{n}", "kind": "talks",
                    "participants": [{"entity": "person:tomas-brekke"}],
                    "topics": ["country:NO"]}]})


def _present(store_path: Path, ids: list[int]) -> list[int]:
    store = open_store(StoreConfig(engine="ladybug", path=store_path))
    try:
        return [n for n in ids if store.get_extraction(f"article:durable-{n}") is not None]
    finally:
        store.close()


def _env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIPLOGRAPH_")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env | {"DIPLOGRAPH_DATA_DIR": str(data_dir), "DIPLOGRAPH_LOG_LEVEL": "INFO",
                  "PYTHONUNBUFFERED": "1", "COLUMNS": "500"} | extra


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from app.cli import main; main()", *args]


_WRITER = """
import os, sys, time
from graph.store import StoreConfig, open_store
from tests.e2e.test_durability import _extraction
store = open_store(StoreConfig(engine="ladybug", path=sys.argv[1]))
interval = float(sys.argv[2])
before = [int(n) for n in sys.argv[3].split(",") if n]
after = [int(n) for n in sys.argv[4].split(",") if n]
for n in before:
    store.write_extraction(_extraction(n))
if interval > 0:
    store.start_checkpoints(interval)
    deadline = time.monotonic() + 20
    while store._dirty and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not store._dirty, "no periodic checkpoint"
    store._stop_checkpoints()
for n in after:
    store.write_extraction(_extraction(n))
os._exit(0)  # a crash: no close, no final checkpoint
"""


def _write_then_crash(store_path: Path, before: Sequence[int], after: Sequence[int] = (),
                      interval: float = 0.0) -> None:
    """In a child process: write `before`, wait for a periodic checkpoint (interval > 0),
    write `after`, then die without closing the store."""
    subprocess.run([sys.executable, "-c", _WRITER, str(store_path), str(interval),
                    ",".join(map(str, before)), ",".join(map(str, after))],
                   check=True, env=_env(store_path.parent), cwd=ROOT, timeout=120)


def _run(cmd: list[str], data_dir: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, env=_env(data_dir), cwd=data_dir.parent, capture_output=True,
                          text=True, timeout=timeout)


@contextlib.contextmanager
def _mounted(*args: str, target: Path) -> Iterator[bool]:
    """`mount ARGS TARGET` for the block (False when mounting is not allowed here)."""
    target.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        yield False
        return
    done = subprocess.run(["mount", *args, str(target)], capture_output=True)
    if done.returncode != 0:
        yield False
        return
    try:
        yield True
    finally:
        for _ in range(20):
            if subprocess.run(["umount", str(target)], capture_output=True).returncode == 0:
                break
            time.sleep(0.1)
        else:  # still busy (a file open on it): detach it now, the kernel frees it later
            subprocess.run(["umount", "-l", str(target)], capture_output=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 MiB tmpfs (root only; skipped otherwise)."""
    with _mounted("-t", "tmpfs", "-o", "size=16m", "tmpfs", target=tmp_path / "disk") as ok:
        if not ok:
            pytest.skip("disk-full tests mount a small tmpfs, which needs root")
        yield tmp_path / "disk"


def _fill(folder: Path) -> Path:
    """Fill the file system of `folder` to the last byte; returns the filler to delete."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as f:
        for size in (1 << 20, 1 << 12, 1 << 9, 1):
            try:
                while True:
                    f.write(b"\1" * size)
            except OSError:
                continue
    return filler


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def _serve(data_dir: Path, **env: str) -> Iterator[tuple[subprocess.Popen[str], httpx.Client]]:
    """`diplograph serve --no-worker` on `data_dir`, answering /health."""
    port = _free_port()
    proc = subprocess.Popen(_cli("serve", "--no-worker", "--port", str(port)),
                            env=_env(data_dir, **env), cwd=data_dir.parent, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5.0) as http:
            deadline = time.monotonic() + 90
            while True:
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                try:
                    if http.get("/health").status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, "serve did not start"
                time.sleep(0.1)
            yield proc, http
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _app_client(data_dir: Path) -> Any:
    from app.main import create_app
    from app.settings import Settings

    settings = Settings(_env_file=None, data_dir=data_dir,  # type: ignore[call-arg]
                        ready_probe_interval=0.0)
    return TestClient(create_app(settings, run_worker=False), raise_server_exceptions=False)


# -- damage refused at open ------------------------------------------------------------------
def test_zero_length_store_is_refused_not_replaced(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    store_file = data / "graph.lbug"
    store_file.touch()
    with pytest.raises(StoreUnavailable) as error:
        open_store(StoreConfig(engine="ladybug", path=store_file))
    message = error.value.message
    assert str(store_file) in message and "empty" in message
    assert "diplograph restore" in message and "mv " in message
    assert store_file.stat().st_size == 0  # left as found, not made a new store
    done = _run(_cli("stats"), data)
    assert done.returncode == 1, done.stdout + done.stderr
    assert str(store_file) in done.stderr and "Traceback" not in done.stderr


def test_garbage_store_file_is_refused_with_the_way_back(tmp_path: Path) -> None:
    store_file = tmp_path / "graph.lbug"
    store_file.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(StoreUnavailable) as error:
        open_store(StoreConfig(engine="ladybug", path=store_file))
    assert str(store_file) in error.value.message
    assert "diplograph restore" in error.value.message


def test_damaged_wal_is_named_and_recover_keeps_the_last_commit(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store_file = data / "graph.lbug"
    _write_then_crash(store_file, [1, 2])
    wal = data / "graph.lbug.wal"
    with wal.open("r+b") as f:  # cut the last record short, as a full disk does
        f.truncate(wal.stat().st_size - 40)
    with pytest.raises(StoreUnavailable) as error:
        open_store(StoreConfig(engine="ladybug", path=store_file))
    assert str(wal) in error.value.message and "diplograph recover" in error.value.message
    done = _run(_cli("recover"), data)
    assert done.returncode == 0, done.stdout + done.stderr
    assert list(data.glob("graph.lbug.wal.damaged-*")), "the damaged log was not kept"
    assert _present(store_file, [1, 2]) == [1]  # the first commit is whole, the second cut


def test_damaged_queue_database_is_a_clear_error(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "queue.sqlite3").write_bytes(b"this is not a database, it was overwritten\n" * 200)
    done = _run(_cli("serve", "--no-worker", "--port", str(_free_port())), data)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "queue.sqlite3" in output and "diplograph restore" in output
    assert "Traceback" not in output


# -- periodic checkpoints bound what lives only in the WAL -----------------------------------
def test_wal_removal_after_a_periodic_checkpoint_loses_nothing_before_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store_file = data / "graph.lbug"
    _write_then_crash(store_file, before=[1, 2, 3], after=[4], interval=0.2)
    wal = data / "graph.lbug.wal"
    assert wal.exists() and wal.stat().st_size > 0  # article 4 lives only there
    wal.unlink()
    assert _present(store_file, [1, 2, 3, 4]) == [1, 2, 3]


def test_serve_checkpoints_periodically(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store_file = data / "graph.lbug"
    _write_then_crash(store_file, [7])  # committed, only in the WAL
    wal = data / "graph.lbug.wal"
    assert wal.exists()
    with _serve(data, DIPLOGRAPH_CHECKPOINT_INTERVAL="0.3") as (proc, _):
        deadline = time.monotonic() + 30
        while wal.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    wal.unlink(missing_ok=True)
    assert _present(store_file, [7]) == [7]


# -- /ready tells the truth ------------------------------------------------------------------
def test_ready_503_while_the_disk_is_full(small_disk: Path) -> None:
    data = small_disk / "data"
    with _app_client(data) as client:
        assert client.get("/ready").status_code == 200
        filler = _fill(small_disk)
        try:
            response = client.get("/ready")
            assert response.status_code == 503, response.text
            body = response.json()
            assert set(body) == {"status", "code", "error", "errors"}
            assert "No space left" in body["error"], body
        finally:
            filler.unlink()
        assert client.get("/ready").status_code == 200


def test_ready_503_while_the_data_dir_is_read_only(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with _app_client(data) as client:
        assert client.get("/ready").status_code == 200
        with _mounted("--bind", str(data), target=data) as bound:
            if bound:
                subprocess.run(["mount", "-o", "remount,bind,ro", str(data)], check=True)
            else:
                data.chmod(0o555)
            try:
                response = client.get("/ready")
                assert response.status_code == 503, response.text
                error = response.json()["error"]
                assert "Read-only file system" in error or "Permission denied" in error, error
            finally:
                if not bound:
                    data.chmod(0o755)
        assert client.get("/ready").status_code == 200


def test_ready_503_when_the_store_file_is_gone(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with _app_client(data) as client:
        assert client.get("/ready").status_code == 200
        moved = data / "graph.lbug.moved"
        (data / "graph.lbug").rename(moved)
        try:
            response = client.get("/ready")
            assert response.status_code == 503
            assert "graph.lbug" in response.json()["error"]
        finally:
            moved.rename(data / "graph.lbug")


# -- a full disk: writes refused, shutdown reported, recovery --------------------------------
_FILL_WRITER = """
import os, sys
from graph.errors import StoreUnavailable
from graph.store import StoreConfig, open_store
from tests.e2e.test_durability import _extraction, _fill
store = open_store(StoreConfig(engine="ladybug", path=sys.argv[1]))
store.write_extraction(_extraction(1))
store.checkpoint()
store.write_extraction(_extraction(2))
if sys.argv[2] == "tmpfs":
    filler = _fill(store.path.parent.parent)
else:  # no room to grow any file past its size now (+ 64 KiB): writes fail with EFBIG
    import resource, signal
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    limit = max(p.stat().st_size for p in store.path.parent.iterdir()) + (64 << 10)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    filler = None
n = 3
try:
    while n < 10_000:
        store.write_extraction(_extraction(n))
        n += 1
except StoreUnavailable:
    pass
assert store.write_error, "no I/O error recorded"
assert store.probe_writable(), "the probe saw no problem"
try:
    store.write_extraction(_extraction(99))  # refused at once (the engine would hang)
except StoreUnavailable as e:
    assert "refuses writes" in e.message, e.message
else:
    raise AssertionError("a write after the I/O error was accepted")
try:
    store.close()
except StoreUnavailable as e:
    print("CLOSE:", e.message)
if filler is not None:
    filler.unlink()
sys.stdout.flush()
os._exit(0)
"""


@pytest.mark.parametrize("limit", ["tmpfs", "rlimit"])
def test_disk_full_refuses_writes_and_recover_brings_back_the_commits(
        limit: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """A full tmpfs (root), or without root a file-size limit (RLIMIT_FSIZE) in the writer."""
    disk = request.getfixturevalue("small_disk") if limit == "tmpfs" else tmp_path
    data = disk / "data"
    store_file = data / "graph.lbug"
    done = subprocess.run([sys.executable, "-c", _FILL_WRITER, str(store_file), limit],
                          env=_env(data), cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    assert "CLOSE:" in done.stdout and "not closed cleanly" in done.stdout
    try:
        present = _present(store_file, [1, 2])
    except StoreUnavailable as error:  # the log ends with a record cut short
        assert "diplograph recover" in error.message
        recovered = _run(_cli("recover"), data)
        assert recovered.returncode == 0, recovered.stdout + recovered.stderr
        present = _present(store_file, [1, 2])
    assert present == [1, 2]


def test_failed_checkpoint_at_shutdown_exits_nonzero(small_disk: Path) -> None:
    data = small_disk / "data"
    store_file = data / "graph.lbug"
    _write_then_crash(store_file, list(range(1, 40)))  # a WAL to fold in at the close
    with _serve(data, DIPLOGRAPH_CHECKPOINT_INTERVAL="0") as (proc, http):
        assert http.get("/ready").status_code == 200
        filler = _fill(small_disk)
        try:
            proc.send_signal(signal.SIGINT)
            output, _ = proc.communicate(timeout=60)
        finally:
            filler.unlink()
    assert proc.returncode == 1, output[-3000:]
    assert "store_close_failed" in output and "not closed cleanly" in output
    assert "diplograph stopped" not in output and "Traceback" not in output
    assert _present(store_file, [1, 39]) == [1, 39]  # the WAL kept them
