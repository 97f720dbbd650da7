"""The ingest queue on huey: SqliteHuey in the data dir by default, RedisHuey for redis:// URLs.

`IngestQueue.submit` records an article's status (queued/processing/done/failed, kept in the
huey key-value store so it survives restarts and is shared by every worker) and enqueues the
`ingest_article` task. The task runs `Services.ingest` (extract, then one write transaction);
a failure is retried `worker_retries` times, then the article is marked failed with its error.
`start_consumer` runs huey's consumer as threads inside the current process, which is how
`diplograph serve` keeps the embedded store single-writer.
"""

from __future__ import annotations

import time
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
        """Queue again the articles a stopped process left in `processing` (embedded only)."""
        count = 0
        for key, value in self.huey.all_results().items():
            if not str(key).startswith(_STATUS):
                continue
            record = self.huey.serializer.deserialize(value) if isinstance(value, bytes) else value
            if isinstance(record, dict) and record.get("status") == "processing" and record.get("raw"):
                self._set_status(record["id"], status="queued")
                self._task(record["raw"])
                count += 1
        return count

    # -- the task --------------------------------------------------------------------------
    def _ingest(self, raw_json: dict[str, Any], task: Any = None) -> None:
        raw = RawArticle.model_validate(raw_json)
        record = self.status(raw.id) or {}
        attempts = int(record.get("attempts", 0)) + 1
        self._set_status(raw.id, status="processing", attempts=attempts, raw=raw_json)
        try:
            self.services.ingest(raw)
        except ServicesClosed:
            # Shutting down mid-task: nothing was written; the record stays `processing`
            # with its text, and `requeue_interrupted` queues it again at the next start.
            log.info("article_interrupted", article_id=raw.id)
            return
        except Exception as exc:
            if self.services.closed:  # the extractor or store went away under this task
                log.info("article_interrupted", article_id=raw.id, error=repr(exc))
                return
            if self._record_failure(raw, raw_json, exc, task):
                raise  # huey retries it
            return
        self._set_status(raw.id, status="done", error=None, raw=None)
        log.info("article_done", article_id=raw.id, attempts=attempts)

    def _record_failure(self, raw: RawArticle, raw_json: dict[str, Any], exc: Exception,
                        task: Any) -> bool:
        """Record a failed attempt; True when huey should retry it."""
        if isinstance(exc, IngestError):  # the article itself is bad: retrying cannot help
            self._set_status(raw.id, status="failed", error=f"{exc.code}: {exc}", raw=None)
            log.warning("article_failed", article_id=raw.id, error=str(exc))
            return False
        last = task is None or task.retries <= 0
        self._set_status(raw.id, status="failed" if last else "queued",
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
        log.info("consumer_started", workers=workers, backend=self.backend)
        return consumer

    def stop_consumer(self, timeout: float = 5.0) -> bool:
        """Stop taking tasks and wait up to `timeout` s for the one in progress.

        Returns True when every consumer thread has ended; False when a task is still
        running (an extraction cannot be interrupted): its article stays `processing` and is
        queued again at the next start.
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
        log.info("consumer_stopped", busy=busy)
        return not busy

    def wait(self, article_id: str, timeout: float = 30.0, interval: float = 0.02) -> dict[str, Any]:
        """Poll until an article is done or failed (tests, CLI); returns its status record."""
        deadline = time.monotonic() + timeout
        while True:
            record = self.status(article_id) or {}
            if record.get("status") in ("done", "failed") or time.monotonic() > deadline:
                return record
            time.sleep(interval)
