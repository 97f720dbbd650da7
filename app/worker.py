"""The ingest queue on huey: SqliteHuey in the data dir by default, RedisHuey for redis:// URLs.

`IngestQueue.submit` records an article's status (queued/processing/done/failed, kept in the
huey key-value store so it survives restarts and is shared by every worker) and enqueues the
`ingest_article` task. The task runs `Services.ingest` (extract, then one write transaction);
a failure is retried `worker_retries` times, then the article is marked failed with its error.
`start_consumer` runs huey's consumer as threads inside the current process, which is how
`diplograph serve` keeps the embedded store single-writer.

Leases (`app.leases`): a worker processing an article records it `processing` with its `worker`
id and a `lease_until` (wall-clock time.time(), `worker_lease` s ahead), renewed every
`worker_heartbeat` s by the process's lease thread while the task runs. Every running consumer
(each `serve` with its worker, each `diplograph worker`) also reaps every `worker_reap_interval`
s: an article still `processing` after its lease has expired (its worker was killed) is queued
again. Two reapers never both queue it: each takes a claim on the article first (Redis `SET NX
PX`; on SQLite an `insert or abort` into huey's key-value table), then re-reads the record and
queues it only if it is still `processing` with an expired lease. A worker that stops with a
task unfinished releases that task's lease, so the next start (or any live worker) takes it at
once. Graph writes are idempotent upserts keyed by ids, so an article processed twice (a worker
stalled longer than its lease) gives the same graph.

States (`app.records`): every transition of a record is a read-modify-write under the
article's claim, so a delete and a worker never overwrite each other. Each submission has a
token that its task carries: a task whose record is a `deleted` tombstone, or whose token is
no longer the record's (the article was deleted and posted again), writes nothing; the
worker checks when it takes the task, after extraction, and after its write (a delete that
raced the write removes the article again). Start-up reconciliation is `app.reconcile`.
"""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

import structlog
from huey import Huey, RedisHuey, SqliteHuey
from huey.consumer import Consumer

from app.leases import LeaseKeeper, lease_expired, new_worker_id
from app.records import CLAIM, STATUS, ArticleRecords
from app.services import Services, ServicesClosed
from app.settings import Settings
from ingest.errors import IngestError
from ingest.reader import RawArticle

log = structlog.get_logger(__name__)

TASK_NAME = "ingest_article"
_STATUS = STATUS
_CLAIM = CLAIM


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


class IngestQueue(LeaseKeeper):
    """Submit articles, read their status, and run the consumer."""

    def __init__(self, settings: Settings, services: Services, huey: Huey | None = None) -> None:
        self.settings = settings
        self.services = services
        self.huey = huey or create_huey(settings)
        self._consumer: Consumer | None = None
        self._threads: list[Any] = []  # the consumer's threads, kept after it is stopped
        self.worker_id = new_worker_id()
        self.records = ArticleRecords(
            self.huey, self.worker_id,
            ttl=max(settings.worker_lease, settings.worker_reap_interval) * 2)
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
        return self.records.get(article_id)

    def _set_status(self, article_id: str, **fields: Any) -> dict[str, Any]:
        return self.records.update(article_id, **fields)

    def forget(self, article_id: str) -> bool:
        return self.records.forget(article_id)

    def delete(self, article_id: str) -> dict[str, Any] | None:
        """Leave a `deleted` tombstone in place of the article's record; returns the record
        it replaced (None when there was none, and then nothing is written)."""
        with self.records.locked(article_id):
            current = self.status(article_id)
            if current is not None and current.get("status") != "deleted":
                self.records.tombstone(article_id)
        if current is not None:
            log.info("article_tombstoned", article_id=article_id, was=current.get("status"))
        return current

    def ping(self) -> None:
        """Touch the queue storage (raises when it cannot be reached)."""
        self.huey.pending_count()

    # -- producer --------------------------------------------------------------------------
    def submit(self, raw: RawArticle, *, again: bool = False) -> dict[str, Any]:
        """Queue an article unless it is already queued, processing or done; `again=True`
        queues a `done` article anew (the store no longer has it).

        A failed or deleted record is a fresh submission with a new token. Under the
        article's claim the task is enqueued first, then the record written, so a worker
        (which takes the claim before reading the record) never sees one without the other;
        when either write fails the error propagates and nothing was acknowledged (a task
        whose record was not written finds the old record and writes nothing, or, for an
        article never seen, ingests it).
        """
        raw_json = raw.model_dump(mode="json")
        with self.records.locked(raw.id):
            current = self.status(raw.id)
            state = (current or {}).get("status")
            if state in ("queued", "processing") or (state == "done" and not again):
                return current  # type: ignore[return-value]
            token = uuid.uuid4().hex
            self._task(raw_json, token)
            record = self._set_status(raw.id, status="queued", error=None, raw=raw_json,
                                      attempts=0, submission=token, worker=None,
                                      lease_until=None, deleted_at=None)
        log.info("article_queued", article_id=raw.id, **({"again": True} if again else {}))
        return record

    def requeue_interrupted(self) -> int:
        """Reconcile queue, records and store at start (`app.reconcile`); returns how many
        articles were queued again.

        Articles a stopped process left in `processing` are queued again when their lease
        has expired or was released: one a live worker holds (another process on the same
        Redis) is left to it.
        """
        from app.reconcile import reconcile

        return reconcile(self).requeued

    def requeue_lost(self, article_id: str, submission: str | None) -> str | None:
        """Enqueue again the task of a `queued` record that has none behind it (still that
        submission); 'requeued', 'failed' when its text is gone, None when it changed."""
        with self.records.locked(article_id):
            record = self.status(article_id) or {}
            if record.get("status") != "queued" or record.get("submission") != submission:
                return None
            if not record.get("raw"):
                self._set_status(article_id, status="failed", error="its queued task was lost "
                                 "and its text was not kept: post it again")
                return "failed"
            token = submission or uuid.uuid4().hex
            self._set_status(article_id, submission=token)
            self._task(record["raw"], token)
        log.warning("article_requeued", article_id=article_id, reason="task lost")
        return "requeued"

    def mark_failed(self, article_id: str, error: str, *, expect: str) -> bool:
        """Mark an article failed with `error` if it is still in state `expect`."""
        with self.records.locked(article_id):
            if (self.status(article_id) or {}).get("status") != expect:
                return False
            self._set_status(article_id, status="failed", error=error, lease_until=None)
        log.warning("article_failed", article_id=article_id, error=error)
        return True

    # -- the task --------------------------------------------------------------------------
    def _unwanted(self, record: dict[str, Any] | None, token: str | None, *,
                  taking: bool = False) -> str | None:
        """Why a task of `token` must write nothing (None: go on). `taking`: it is about to
        start, so a finished article or one a live worker holds is left alone too."""
        if record is None:
            return None
        state = record.get("status")
        if state == "deleted":
            return "deleted"
        current = record.get("submission")
        if token and current and token != current:
            return "superseded"  # deleted, then posted again: the newer task does it
        if taking and state in ("done", "failed"):
            return f"already {state}"
        if (taking and state == "processing" and record.get("worker") != self.worker_id
                and not lease_expired(record, time.time())):
            return "held by another worker"
        return None

    def _ingest(self, raw_json: dict[str, Any], token: str | None = None,
                task: Any = None) -> None:
        raw = RawArticle.model_validate(raw_json)
        with self._held_lock, self.records.locked(raw.id):
            record = self.status(raw.id)
            reason = ("already being processed here" if raw.id in self._held
                      else self._unwanted(record, token, taking=True))
            if reason:
                log.info("article_skipped", article_id=raw.id, reason=reason)
                return
            attempts = int((record or {}).get("attempts", 0)) + 1
            self._set_status(raw.id, status="processing", attempts=attempts, raw=raw_json,
                             worker=self.worker_id, submission=(record or {}).get(
                                 "submission", token),
                             lease_until=time.time() + self.settings.worker_lease)
            self._held.add(raw.id)
        verdict: list[str] = []

        def before_write() -> bool:  # extraction done: is the article still wanted?
            reason = self._unwanted(self.status(raw.id), token)
            verdict.extend([reason] if reason else [])
            return reason is None

        try:
            self.services.ingest(raw, before_write=before_write)
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
            if self._record_failure(raw, raw_json, token, exc, task):
                raise  # huey retries it
            return
        if not verdict:  # written: a delete that raced the write removes the article again
            verdict.extend([r] if (r := self._unwanted(self.status(raw.id), token)) else [])
            if verdict == ["deleted"]:
                self.services.delete_article(raw.id)
        if verdict:
            with self._held_lock:
                self._held.discard(raw.id)
            log.info("article_skipped", article_id=raw.id, reason=verdict[0], after="extraction")
            return
        if self._finish(raw.id, token, raw_json=raw_json, status="done", error=None, raw=None,
                        lease_until=None):
            log.info("article_done", article_id=raw.id, attempts=attempts)

    def _release(self, article_id: str) -> bool:
        """Stop holding an article and expire its lease now, unless another worker has taken
        it over meanwhile; True when released."""
        with self._held_lock:
            self._held.discard(article_id)
        with self.records.locked(article_id):
            record = self.status(article_id) or {}
            if record.get("status") != "processing" or record.get("worker") != self.worker_id:
                return False
            self._set_status(article_id, lease_until=0.0)
            return True

    def _finish(self, article_id: str, token: str | None, *,
                raw_json: dict[str, Any] | None = None, **fields: Any) -> bool:
        """Write the outcome of this process's attempt (its lease is no longer renewed),
        unless the article was deleted or posted anew meanwhile; True when written.
        `raw_json` (with a `done` outcome): the text kept beside the record."""
        with self._held_lock:
            self._held.discard(article_id)
        with self.records.locked(article_id):
            if self._unwanted(self.status(article_id), token):
                return False
            if raw_json is not None:
                self.records.keep_raw(article_id, raw_json)
            self._set_status(article_id, **fields)
            return True

    def _record_failure(self, raw: RawArticle, raw_json: dict[str, Any], token: str | None,
                        exc: Exception, task: Any) -> bool:
        """Record a failed attempt (the text stays in the record); True when huey should
        retry it."""
        if isinstance(exc, IngestError):  # the article itself is bad: retrying cannot help
            self._finish(raw.id, token, status="failed", error=f"{exc.code}: {exc}",
                         raw=raw_json, lease_until=None)
            log.warning("article_failed", article_id=raw.id, error=str(exc))
            return False
        last = task is None or task.retries <= 0
        self._finish(raw.id, token, status="failed" if last else "queued", lease_until=None,
                     error=f"{type(exc).__name__}: {exc}", raw=raw_json)
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

    def probe_write(self) -> None:
        """Write and delete one small key (raises when the queue storage cannot be written:
        full disk, read-only file, damaged database); `/ready` calls it, cached."""
        key = f"diplograph:probe:{self.worker_id}"
        self.huey.put(key, time.time())
        self.huey.delete(key)
