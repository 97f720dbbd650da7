"""`diplograph backup` / `restore` (issue 14): a consistent copy of the store (checkpointed,
WAL included) and of the data folder's SQLite databases; restore checks the copy, refuses to
overwrite without --force, and refuses while a process holds the store."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app as cli_app
from graph.store import StoreConfig, open_store

pytestmark = pytest.mark.issue(14)

ROOT = Path(__file__).resolve().parents[2]

_CRASH_WRITER = """
import os, sys
from graph.store import StoreConfig, open_store
from ingest.models import Extraction
store = open_store(StoreConfig(engine="ladybug", path=sys.argv[1]))
for n in sys.argv[2].split(","):
    store.write_extraction(Extraction.model_validate(
        {"article": {"id": f"article:kept-{n}", "lang": "fr"}, "entities": [], "events": []}))
if sys.argv[3] == "hold":
    print("holding", flush=True)
    sys.stdin.read()
os._exit(0)  # no close: the writes live only in the WAL
"""


def _writer(store: Path, ids: str, hold: bool = False) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIPLOGRAPH_")}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.Popen([sys.executable, "-c", _CRASH_WRITER, str(store), ids,
                             "hold" if hold else "exit"], env=env, cwd=ROOT, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)


def _make_data(data: Path, ids: str) -> None:
    """Articles committed only to the store's WAL, a queue and a registry database."""
    assert _writer(data / "graph.lbug", ids).wait(120) == 0
    with sqlite3.connect(data / "queue.sqlite3") as db:
        db.execute("create table kv (key text primary key, value text)")
        db.execute("insert into kv values ('status:one', 'queued')")
    with sqlite3.connect(data / "resolution.sqlite3") as db:
        db.execute("create table people (id text primary key)")
        db.execute("insert into people values ('person:ilse-marchetti')")


def _articles(data: Path) -> list[str]:
    store = open_store(StoreConfig(engine="ladybug", path=data / "graph.lbug", read_only=True))
    try:
        return sorted(n for n in "1234" if store.get_extraction(f"article:kept-{n}"))
    finally:
        store.close()


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli_app, list(args), env={"COLUMNS": "500"})
    return result.exit_code, result.output


@pytest.fixture
def backed_up(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    data, backup = tmp_path / "data", tmp_path / "backup"
    data.mkdir()
    _make_data(data, "1,2")
    code, output = _cli("backup", str(backup), "--data-dir", str(data))
    assert code == 0, output
    yield data, backup


def test_backup_then_restore_brings_back_store_and_databases(backed_up: tuple[Path, Path],
                                                             tmp_path: Path) -> None:
    _, backup = backed_up
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == ["graph.lbug", "queue.sqlite3", "resolution.sqlite3"]
    assert manifest["counts"]["labels"]["Article"] == 2  # the WAL's commits are in the copy
    assert not list(backup.glob("*.wal"))
    fresh = tmp_path / "fresh"
    code, output = _cli("restore", str(backup), "--data-dir", str(fresh))
    assert code == 0, output
    assert _articles(fresh) == ["1", "2"]
    with sqlite3.connect(fresh / "queue.sqlite3") as db:
        assert db.execute("select value from kv").fetchall() == [("queued",)]
    with sqlite3.connect(fresh / "resolution.sqlite3") as db:
        assert db.execute("select id from people").fetchall() == [("person:ilse-marchetti",)]


def test_restore_refuses_a_data_dir_in_use_unless_forced(backed_up: tuple[Path, Path]) -> None:
    data, backup = backed_up
    assert _writer(data / "graph.lbug", "3").wait(120) == 0  # written after the backup
    code, output = _cli("restore", str(backup), "--data-dir", str(data))
    assert code == 1 and "not empty" in output and "--force" in output
    assert _articles(data) == ["1", "2", "3"]  # untouched
    code, output = _cli("restore", str(backup), "--data-dir", str(data), "--force")
    assert code == 0, output
    assert _articles(data) == ["1", "2"]
    (aside,) = data.glob("replaced-*")
    assert {p.name for p in aside.iterdir()} >= {"graph.lbug", "graph.lbug.wal", "queue.sqlite3"}
    assert _articles(aside) == ["1", "2", "3"]  # nothing deleted: the old store is kept


def test_backup_and_restore_refuse_while_a_process_holds_the_store(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    holder = _writer(data / "graph.lbug", "4", hold=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        code, output = _cli("backup", str(tmp_path / "b"), "--data-dir", str(data))
        assert code == 1 and "online backup" in output, output
        assert not (tmp_path / "b").exists()
        other = tmp_path / "other"
        other.mkdir()
        _make_data(other, "1")
        assert _cli("backup", str(tmp_path / "b2"), "--data-dir", str(other))[0] == 0
        code, output = _cli("restore", str(tmp_path / "b2"), "--data-dir", str(data), "--force")
        assert code == 1 and "open in another process" in output, output
    finally:
        holder.kill()
        holder.wait()
    assert _articles(data) == ["4"]


def test_restore_refuses_a_damaged_backup(backed_up: tuple[Path, Path], tmp_path: Path) -> None:
    _, backup = backed_up
    with (backup / "graph.lbug").open("r+b") as f:
        f.seek(5000)
        f.write(b"\xff\x00\xff")
    code, output = _cli("restore", str(backup), "--data-dir", str(tmp_path / "fresh"))
    assert code == 1 and "differs from its manifest" in output
    assert not (tmp_path / "fresh" / "graph.lbug").exists()


def test_backup_refuses_an_existing_destination(backed_up: tuple[Path, Path]) -> None:
    data, backup = backed_up
    code, output = _cli("backup", str(backup), "--data-dir", str(data))
    assert code == 1 and "not an empty folder" in output
