"""Leases of the articles a worker is processing, and the reaper of expired ones.

A worker processing an article records it `processing` with its `worker` id and a
`lease_until` (wall-clock time.time(), `worker_lease` s ahead), renewed every
`worker_heartbeat` s by the process's lease thread while the task runs. Every running
consumer also reaps every `worker_reap_interval` s: an article still `processing` after its
lease has expired (its worker was killed) is queued again, by one reaper only (each takes the
article's claim first, then re-reads the record). `LeaseKeeper` is the part of
`app.worker.IngestQueue` that does this; it uses the queue's records, task and held set.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from typing import TYPE_CHECKING, Any

import structlog

if TYPE_CHECKING:
    from app.records import ArticleRecords
    from app.settings import Settings

log = structlog.get_logger(__name__)


def new_worker_id() -> str:
    """An id for one consumer process: host, pid and a random suffix (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def lease_expired(record: dict[str, Any], now: float) -> bool:
    """A `processing` record whose lease has expired or was released (or that has none)."""
    if record.get("status") != "processing":
        return False
    lease = record.get("lease_until")
    return lease is None or float(lease) <= now


class LeaseKeeper:
    """Heartbeats, release and reaping of leases (mixed into `IngestQueue`)."""

    settings: Settings
    records: ArticleRecords
    worker_id: str
    _held: set[str]
    _held_lock: threading.Lock
    _leases: threading.Thread | None
    _leases_stop: threading.Event
    _task: Any

    def status(self, article_id: str) -> dict[str, Any] | None:
        raise NotImplementedError

    def _set_status(self, article_id: str, **fields: Any) -> dict[str, Any]:
        raise NotImplementedError

    def _release(self, article_id: str) -> bool:
        raise NotImplementedError

    def _processing_records(self) -> list[dict[str, Any]]:
        return self.records.with_status("processing")

    def _claim(self, article_id: str) -> bool:
        """Take the claim on one article (atomic across processes); True if taken."""
        return self.records.claim(article_id)

    def _unclaim(self, article_id: str) -> None:
        self.records.unclaim(article_id)

    def reap_expired(self, now: float | None = None) -> list[str]:
        """Queue again every article left `processing` under an expired or released lease.

        Safe to run in any number of processes at once: each article is claimed first and
        re-read under the claim, so one reaper queues it. Returns the ids queued here.
        """
        now = time.time() if now is None else now
        requeued: list[str] = []
        for record in self._processing_records():
            article_id = str(record.get("id"))
            with self._held_lock:
                mine = article_id in self._held
            if mine or not lease_expired(record, now) or not self._claim(article_id):
                continue
            try:
                current = self.status(article_id) or {}
                if not lease_expired(current, now) or not current.get("raw"):
                    continue  # renewed, finished or queued by another reaper meanwhile
                self._set_status(article_id, status="queued", worker=None, lease_until=None)
                self._task(current["raw"], current.get("submission"))
                requeued.append(article_id)
                log.warning("article_requeued", article_id=article_id,
                            dead_worker=current.get("worker"),
                            lease_until=current.get("lease_until"))
            finally:
                self._unclaim(article_id)
        return requeued

    def renew_leases(self) -> int:
        """Push back the lease of every article this process is processing; returns how many.

        An article whose record another worker has taken over (this process stalled past its
        lease) is no longer renewed here.
        """
        renewed = 0
        with self._held_lock:
            for article_id in sorted(self._held):
                with self.records.locked(article_id):
                    record = self.status(article_id) or {}
                    if (record.get("status") != "processing"
                            or record.get("worker") != self.worker_id):
                        self._held.discard(article_id)
                        continue
                    self._set_status(article_id,
                                     lease_until=time.time() + self.settings.worker_lease)
                renewed += 1
        return renewed

    def release_leases(self) -> list[str]:
        """Expire now the leases this process holds (it stops with tasks unfinished)."""
        with self._held_lock:
            held = sorted(self._held)
        released = [article_id for article_id in held if self._release(article_id)]
        if released:
            log.info("leases_released", articles=released)
        return released

    def start_leases(self) -> None:
        """Start this process's lease thread: heartbeats for held articles, and the reaper."""
        if self._leases is not None and self._leases.is_alive():
            return
        self._leases_stop.clear()
        self._leases = threading.Thread(target=self._run_leases, name="diplograph-leases",
                                        daemon=True)
        self._leases.start()

    def stop_leases(self, *, release: bool = False) -> None:
        """Stop the lease thread; `release=True` also expires the leases still held."""
        thread, self._leases = self._leases, None
        self._leases_stop.set()
        if thread is not None:
            thread.join(5.0)
        if release:
            self.release_leases()

    def _run_leases(self) -> None:
        heartbeat = self.settings.worker_heartbeat
        reap_every = self.settings.worker_reap_interval
        next_beat = next_reap = time.monotonic()
        while not self._leases_stop.wait(max(min(next_beat, next_reap) - time.monotonic(), 0)):
            now = time.monotonic()
            try:
                if now >= next_beat:
                    next_beat = now + heartbeat
                    self.renew_leases()
                if now >= next_reap:
                    next_reap = now + reap_every
                    self.reap_expired()
            except Exception as exc:  # the queue storage is briefly unreachable: try again
                log.warning("lease_thread_error", error=repr(exc))
