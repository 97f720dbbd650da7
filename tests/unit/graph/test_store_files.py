"""The embedded store's file checks and writability probe (issue 14), without the engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import StoreUnavailable
from graph.store.durability import check_store_file, is_io_error, probe_folder, wal_path

pytestmark = pytest.mark.issue(14)


def test_check_store_file_accepts_missing_and_refuses_empty_or_folder(tmp_path: Path) -> None:
    check_store_file(tmp_path / "graph.lbug")  # absent: a new store will be created
    (tmp_path / "graph.lbug").touch()
    with pytest.raises(StoreUnavailable, match="empty \\(0 bytes\\)"):
        check_store_file(tmp_path / "graph.lbug")
    (tmp_path / "dir.lbug").mkdir()
    with pytest.raises(StoreUnavailable, match="is a folder"):
        check_store_file(tmp_path / "dir.lbug")
    (tmp_path / "ok.lbug").write_bytes(b"\1" * 10)
    check_store_file(tmp_path / "ok.lbug")  # its content is the engine's to judge


def test_probe_folder_writes_nothing_that_stays(tmp_path: Path) -> None:
    assert probe_folder(tmp_path) is None
    assert list(tmp_path.iterdir()) == []
    problem = probe_folder(tmp_path / "missing")
    assert problem is not None and "No such file" in problem


def test_is_io_error_and_wal_path() -> None:
    assert is_io_error("IO exception: Cannot write to file. path: /d/graph.lbug.wal")
    assert is_io_error("[Errno 28] No space left on device")
    assert not is_io_error("Binder exception: table Person does not exist")
    assert wal_path(Path("/d/graph.lbug")) == Path("/d/graph.lbug.wal")
