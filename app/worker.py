"""The ingest queue on huey: SqliteHuey in the data dir by default, RedisHuey for redis:// URLs.

`IngestQueue.submit` records an article's status (queued/processing/done/failed, kept in the
huey key-value store so it survives restarts and is shared by every worker) and enqueues the
`ingest_article` task. The task runs `Services.ingest` (extract, then one write transaction);
a failure is retried `worker_retries` times, then the article is marked failed with its error.
`start_consumer` runs huey's consumer as threads inside the current process, which is how
`diplograph serve` keeps the embedded store single-writer.

Leases: a worker processing an article records it `processing` with its `worker` id and a
`lease_until` (wall-clock time.time(), `worker_lease` s ahead), renewed every `worker_heartbeat`
s by the process's lease thread while the task runs. Every running consumer (each `serve` with
its worker, each `diplograph worker`) also reaps every `worker_reap_interval` s: an article
still `processing` after its lease has expired (its worker was killed) is queued again. Two
reapers never both queue it: each takes a claim on the article first (Redis `SET NX PX`; on
SQLite an `insert or abort` into huey's key-value table), then re-reads the record and queues
it only if it is still `processing` with an expired lease. A worker that stops with a
task unfinished releases that task's lease, so the next start (or any live worker) takes it
at once. Graph writes are idempotent upserts keyed by ids, so an article processed twice (a
worker stalled longer than its lease) gives the same graph.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from typing import Any

import structlog
from huey import Huey, RedisHuey, SqliteHuey
from huey.consumer import Consumer

from app.services import Services, ServicesClosed
from app.settings import Settings
from ingest.errors import IngestError
from ingest.reader import RawArticle

log = structlog.get_logger(__name__)

TASK_NAME = "ingest_article"
_STATUS = "diplograph:status:"
_CLAIM = "diplograph:reap:"


def new_worker_id() -> str:
    """An id for one consumer process: host, pid and a random suffix (pids are reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def lease_expired(record: dict[str, Any], now: float) -> bool:
    """A `processing` record whose lease has expired or was released (or that has none)."""
    if record.get("status") != "processing":
        return False
    lease = record.get("lease_until")
    return lease is None or float(lease) <= now


def create_huey(settings: Settings) -> Huey:
    """The huey instance for these settings (nothing connects until first use)."""
    url = settings.queue_url
    if url and url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey("diplograph", url=url)
    if url and not url.startswith("sqlite:"):
        raise ValueError(f"queue_url {url!r}: use redis://host:port/db or leave it unset")
    path = url.removeprefix("sqlite:///").removeprefix("sqlite:") if url else None
    filename = path or str(settings.queue_path)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("diplograph", filename=filename)


class _ThreadConsumer(Consumer):
    """huey's consumer without signal handlers, so it can run beside uvicorn."""

    def _set_signal_handlers(self) -> None:
        return None


class IngestQueue:
    """Submit articles, read their status, and run the consumer."""

    def __init__(self, settings: Settings, services: Services, huey: Huey | None = None) -> None:
        self.settings = settings
        self.services = services
        self.huey = huey or create_huey(settings)
        self._consumer: Consumer | None = None
        self._threads: list[Any] = []  # the consumer's threads, kept after it is stopped
        self.worker_id = new_worker_id()
        self._held: set[str] = set()  # articles this process is processing (leases to renew)
        self._held_lock = threading.Lock()  # orders status writes of held articles
        self._leases: threading.Thread | None = None
        self._leases_stop = threading.Event()
        self._task = self.huey.task(name=TASK_NAME, retries=settings.worker_retries,
                                    retry_delay=settings.worker_retry_delay,
                                    context=True)(self._ingest)

    @property
    def consuming(self) -> bool:
        """The consumer runs (started and not stopped)."""
        return self._consumer is not None

    @property
    def busy(self) -> bool:
        """A consumer thread is still alive (a task outlived `stop_consumer`)."""
        return any(t.is_alive() for t in self._threads)

    @property
    def backend(self) -> str:
        return "redis" if isinstance(self.huey, RedisHuey) else "sqlite"

    # -- status ----------------------------------------------------------------------------
    def status(self, article_id: str) -> dict[str, Any] | None:
        value = self.huey.get(_STATUS + article_id, peek=True)
        return value if isinstance(value, dict) else None

    def _set_status(self, article_id: str, **fields: Any) -> dict[str, Any]:
        record = (self.status(article_id) or {"id": article_id, "attempts": 0}) | fields
        record["updated_at"] = time.time()
        self.huey.put(_STATUS + article_id, record)
        return record

    def forget(self, article_id: str) -> bool:
        return self.huey.delete(_STATUS + article_id)

    def ping(self) -> None:
        """Touch the queue storage (raises when it cannot be reached)."""
        self.huey.pending_count()

    # -- producer --------------------------------------------------------------------------
    def submit(self, raw: RawArticle) -> dict[str, Any]:
        """Queue an article unless it is already queued, processing or done."""
        current = self.status(raw.id)
        if current and current.get("status") in ("queued", "processing", "done"):
            return current
        record = self._set_status(raw.id, status="queued", error=None,
                                  raw=raw.model_dump(mode="json"), attempts=0)
        self._task(record["raw"])
        log.info("article_queued", article_id=raw.id)
        return record

    def requeue_interrupted(self) -> int:
        """Queue again the articles a stopped process left in `processing` (run at start).

        Only those whose lease has expired or was released: an article a live worker holds
        (another process on the same Redis) is left to it.
        """
        return len(self.reap_expired())

    # -- leases ----------------------------------------------------------------------------
    def _processing_records(self) -> list[dict[str, Any]]:
        records = []
        for key, value in self.huey.all_results().items():
            if not str(key).startswith(_STATUS):
                continue
            record = self.huey.serializer.deserialize(value) if isinstance(value, bytes) else value
            if isinstance(record, dict) and record.get("status") == "processing":
                records.append(record)
        return sorted(records, key=lambda r: str(r.get("id")))

    def _claim(self, article_id: str) -> bool:
        """Take the reaper's claim on one article (atomic across processes); True if taken."""
        key = _CLAIM + article_id
        ttl = max(self.settings.worker_lease, self.settings.worker_reap_interval) * 2
        if isinstance(self.huey, RedisHuey):
            conn = self.huey.storage.conn
            return bool(conn.set(key, self.worker_id, nx=True, px=int(ttl * 1000)))
        storage = self.huey.storage
        stamp = f"{self.worker_id}|{time.time()}".encode()
        if storage.put_if_empty(key, stamp):
            return True
        # A claim left by a process killed while reaping (milliseconds) is dropped once old.
        held = storage.peek_data(key)
        taken_at = float(bytes(held).rsplit(b"|", 1)[-1]) if isinstance(held, bytes) else 0.0
        if time.time() - taken_at > ttl:
            storage.delete_data(key)
            return bool(storage.put_if_empty(key, stamp))
        return False

    def _unclaim(self, article_id: str) -> None:
        key = _CLAIM + article_id
        if isinstance(self.huey, RedisHuey):
            self.huey.storage.conn.delete(key)
        else:
            self.huey.storage.delete_data(key)

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
                self._task(current["raw"])
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
                record = self.status(article_id) or {}
                if record.get("status") != "processing" or record.get("worker") != self.worker_id:
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

    # -- the task --------------------------------------------------------------------------
    def _ingest(self, raw_json: dict[str, Any], task: Any = None) -> None:
        raw = RawArticle.model_validate(raw_json)
        with self._held_lock:
            record = self.status(raw.id) or {}
            attempts = int(record.get("attempts", 0)) + 1
            self._set_status(raw.id, status="processing", attempts=attempts, raw=raw_json,
                             worker=self.worker_id,
                             lease_until=time.time() + self.settings.worker_lease)
            self._held.add(raw.id)
        try:
            self.services.ingest(raw)
        except ServicesClosed:
            # Shutting down mid-task: nothing was written; the record stays `processing`
            # with its text and a released lease, so the next start (or a live worker)
            # queues it again.
            self._release(raw.id)
            log.info("article_interrupted", article_id=raw.id)
            return
        except Exception as exc:
            if self.services.closed:  # the extractor or store went away under this task
                self._release(raw.id)
                log.info("article_interrupted", article_id=raw.id, error=repr(exc))
                return
            if self._record_failure(raw, raw_json, exc, task):
                raise  # huey retries it
            return
        self._finish(raw.id, status="done", error=None, raw=None, lease_until=None)
        log.info("article_done", article_id=raw.id, attempts=attempts)

    def _release(self, article_id: str) -> bool:
        """Stop holding an article and expire its lease now, unless another worker has taken
        it over meanwhile; True when released."""
        with self._held_lock:
            self._held.discard(article_id)
            record = self.status(article_id) or {}
            if record.get("status") != "processing" or record.get("worker") != self.worker_id:
                return False
            self._set_status(article_id, lease_until=0.0)
            return True

    def _finish(self, article_id: str, **fields: Any) -> dict[str, Any]:
        """Write the outcome of this process's attempt; its lease is no longer renewed."""
        with self._held_lock:
            self._held.discard(article_id)
            return self._set_status(article_id, **fields)

    def _record_failure(self, raw: RawArticle, raw_json: dict[str, Any], exc: Exception,
                        task: Any) -> bool:
        """Record a failed attempt; True when huey should retry it."""
        if isinstance(exc, IngestError):  # the article itself is bad: retrying cannot help
            self._finish(raw.id, status="failed", error=f"{exc.code}: {exc}", raw=None,
                         lease_until=None)
            log.warning("article_failed", article_id=raw.id, error=str(exc))
            return False
        last = task is None or task.retries <= 0
        self._finish(raw.id, status="failed" if last else "queued", lease_until=None,
                     error=f"{type(exc).__name__}: {exc}", raw=None if last else raw_json)
        log.warning("article_error", article_id=raw.id, error=repr(exc), final=last)
        return True

    # -- consumer --------------------------------------------------------------------------
    def start_consumer(self, workers: int = 1) -> Consumer:
        """Run the consumer as threads in this process; `stop_consumer` ends it."""
        consumer = _ThreadConsumer(self.huey, workers=workers, worker_type="thread",
                                   periodic=False, initial_delay=0.05, backoff=1.1,
                                   max_delay=0.25, scheduler_interval=1,
                                   check_worker_health=False)
        consumer.start()
        self._consumer = consumer
        self._threads = [t for _, t in consumer.worker_threads] + [consumer.scheduler]
        self.start_leases()
        log.info("consumer_started", workers=workers, backend=self.backend)
        return consumer

    def stop_consumer(self, timeout: float = 5.0) -> bool:
        """Stop taking tasks and wait up to `timeout` s for the one in progress.

        Returns True when every consumer thread has ended; False when a task is still
        running (an extraction cannot be interrupted): its article stays `processing`, its
        lease released, and the next start (or another live worker) queues it again.
        """
        consumer, self._consumer = self._consumer, None
        if consumer is None:
            return True
        consumer.stop_flag.set()
        deadline = time.monotonic() + timeout
        threads = self._threads
        for thread in threads:
            thread.join(max(deadline - time.monotonic(), 0.0))
        busy = [t.name for t in threads if t.is_alive()]
        self.stop_leases(release=bool(busy))
        log.info("consumer_stopped", busy=busy)
        return not busy

    def wait(self, article_id: str, timeout: float = 30.0,
             interval: float = 0.02) -> dict[str, Any]:
        """Poll until an article is done or failed (tests, CLI); returns its status record."""
        deadline = time.monotonic() + timeout
        while True:
            record = self.status(article_id) or {}
            if record.get("status") in ("done", "failed") or time.monotonic() > deadline:
                return record
            time.sleep(interval)
