"""Durability of the embedded store: its files, checkpoints, and the writability probe.

`Durability` is the half of `LadybugStore` that bounds what lives only in the write-ahead log
(periodic checkpoints), refuses writes after an I/O error and answers `/ready`'s probe; the
functions check the store's files before opening. No engine library is imported here: the
mixin runs `CHECKPOINT` through the store's own connection.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

import structlog

from graph.errors import GraphError, StoreUnavailable

log = structlog.get_logger("graph.store")

PROBE_BYTES = 4096  # one page: a full disk refuses it even where a 1-byte write would fit


def wal_path(path: Path) -> Path:
    """The write-ahead log beside a store file (`graph.lbug` → `graph.lbug.wal`)."""
    return path.with_name(path.name + ".wal")


def recovery_hint(path: Path) -> str:
    """How to get past a damaged store file (a sentence for error messages)."""
    return (f"Restore the data folder from a backup (`diplograph restore BACKUP`), or move "
            f"the file away (mv {path} {path}.damaged) to start with an empty store.")


def check_store_file(path: Path) -> None:
    """Refuse a store file that exists but cannot be a database: empty, unreadable, not a file.

    A zero-length `graph.lbug` is what a crash or a full disk leaves, never a valid store;
    opening it would silently give a new, empty one (LadybugDB 0.22 does).
    """
    if not path.exists() and not path.is_symlink():
        return
    if path.is_dir():
        raise StoreUnavailable(f"the graph store {path} is a folder, not a store file. "
                               f"Move it away (mv {path} {path}.old), or point "
                               "DIPLOGRAPH_DATA_DIR to another folder.")
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            f.read(1)
    except OSError as e:
        raise StoreUnavailable(f"the graph store file {path} cannot be read "
                               f"({e.strerror or e}). Fix its permissions or the disk; "
                               + recovery_hint(path)) from e
    if size == 0:
        raise StoreUnavailable(f"the graph store file {path} is empty (0 bytes): it is damaged "
                               "(a crash or a full disk), not a new store, so it is not "
                               "opened. " + recovery_hint(path))


def is_io_error(text: str) -> bool:
    """An engine error that comes from the disk (full, read-only, failing), not the query."""
    lowered = text.lower()
    return "io exception" in lowered or "no space left" in lowered or "disk full" in lowered


def probe_folder(folder: Path) -> str | None:
    """Write one page to a fresh file in `folder`, fsync it and remove it; the error, or None."""
    probe = folder / f".write-probe-{os.getpid()}-{threading.get_ident()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, b"\0" * PROBE_BYTES)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as e:
        return f"{folder}: {e.strerror or e}"
    finally:
        try:
            probe.unlink()
        except OSError:
            pass
    return None


class Durability:
    """Checkpoints, the broken-after-I/O-error state and the probe of a file-backed store.

    The host class sets `path`, `read_only`, `_closed`, `_write_lock` and `_conn()`, and calls
    `_init_durability()` once open; its transactions call `_refuse_if_broken()` first and set
    `_dirty` after each commit.
    """

    path: Path | None
    read_only: bool
    _closed: bool
    _write_lock: Any

    def _conn(self) -> Any:
        raise NotImplementedError

    def _init_durability(self) -> None:
        #: the I/O error after which this store refuses writes (None while healthy)
        self.write_error: str | None = None
        #: why the last checkpoint failed (None once one succeeds)
        self.checkpoint_error: str | None = None
        self.last_checkpoint = time.monotonic()
        self._dirty = False  # committed since the last checkpoint
        self._checkpoints: threading.Thread | None = None
        self._checkpoints_stop = threading.Event()

    def _refuse_if_broken(self) -> None:
        if self.write_error is not None:
            raise StoreUnavailable(
                f"the graph store {self.path} refuses writes after an I/O error "
                f"({self.write_error}). Free disk space (or fix the disk), then restart the "
                "service; if it then reports a damaged write-ahead log, run `diplograph "
                "recover`.")

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the store file (under the write lock).

        Raises StoreUnavailable when it fails; the log then still holds every commit.
        """
        if self.read_only or self.path is None:
            return
        with self._write_lock:
            self._refuse_if_broken()
            dirty, self._dirty = self._dirty, False
            try:  # not `_exec`: a failed checkpoint leaves the engine usable (its log intact)
                self._conn().execute("CHECKPOINT").close()
            except Exception as e:
                self._dirty = self._dirty or dirty
                self.checkpoint_error = str(e).splitlines()[0] if str(e) else repr(e)
                raise StoreUnavailable(f"checkpoint of the graph store {self.path} failed "
                                       f"({self.checkpoint_error}); its write-ahead log "
                                       f"{wal_path(self.path)} still holds every commit") from e
            self.checkpoint_error = None
            self.last_checkpoint = time.monotonic()

    def start_checkpoints(self, interval: float) -> None:
        """Checkpoint every `interval` s while something was written (a daemon thread)."""
        if self.read_only or self.path is None or interval <= 0 or (
                self._checkpoints is not None and self._checkpoints.is_alive()):
            return
        self._checkpoints_stop.clear()
        self._checkpoints = threading.Thread(target=self._run_checkpoints, args=(interval,),
                                             name="diplograph-checkpoints", daemon=True)
        self._checkpoints.start()

    def _run_checkpoints(self, interval: float) -> None:
        while not self._checkpoints_stop.wait(interval):
            if not self._dirty or self._closed or self.write_error is not None:
                continue
            try:
                self.checkpoint()
                log.debug("store_checkpointed", path=str(self.path))
            except GraphError as e:  # reported by /ready; tried again at the next tick
                log.error("checkpoint_failed", path=str(self.path), error=e.message)

    def _stop_checkpoints(self) -> None:
        thread, self._checkpoints = self._checkpoints, None
        self._checkpoints_stop.set()
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def probe_writable(self) -> str | None:
        """Why this store cannot take writes now, or None: a past I/O error or failed
        checkpoint, the store file gone or emptied, or its folder refusing a one-page write
        with fsync (full, read-only). Costs one small file write; callers cache it."""
        if self.read_only:
            return "the graph store is open read-only"
        if self.path is None:
            return None
        if self.write_error is not None:
            return f"graph store write failed: {self.write_error}"
        try:
            if self.path.stat().st_size == 0:
                return f"the graph store file {self.path} is empty"
        except OSError as e:
            return f"the graph store file {self.path} is gone ({e.strerror or e})"
        problem = probe_folder(self.path.parent)
        if problem is not None:
            return f"the graph store's folder cannot be written: {problem}"
        if self.checkpoint_error is not None and is_io_error(self.checkpoint_error):
            # (one that waited too long for readers is retried at the next tick)
            return f"the last checkpoint failed: {self.checkpoint_error}"
        return None
