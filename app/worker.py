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

from app.services import Services
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
        self._task = self.huey.task(name=TASK_NAME, retries=settings.worker_retries,
                                    retry_delay=settings.worker_retry_delay,
                                    context=True)(self._ingest)

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
        except IngestError as exc:  # the article itself is bad: retrying cannot help
            self._set_status(raw.id, status="failed", error=f"{exc.code}: {exc}", raw=None)
            log.warning("article_failed", article_id=raw.id, error=str(exc))
            return
        except Exception as exc:
            last = task is None or task.retries <= 0
            self._set_status(raw.id, status="failed" if last else "queued",
                             error=f"{type(exc).__name__}: {exc}", raw=None if last else raw_json)
            log.warning("article_error", article_id=raw.id, error=repr(exc), final=last)
            raise
        self._set_status(raw.id, status="done", error=None, raw=None)
        log.info("article_done", article_id=raw.id, attempts=attempts)

    # -- consumer --------------------------------------------------------------------------
    def start_consumer(self, workers: int = 1) -> Consumer:
        """Run the consumer as threads in this process; `stop_consumer` ends it."""
        consumer = _ThreadConsumer(self.huey, workers=workers, worker_type="thread",
                                   periodic=False, initial_delay=0.05, backoff=1.1,
                                   max_delay=0.25, scheduler_interval=1,
                                   check_worker_health=False)
        consumer.start()
        self._consumer = consumer
        log.info("consumer_started", workers=workers, backend=self.backend)
        return consumer

    def stop_consumer(self, timeout: float = 10.0) -> None:
        if self._consumer is None:
            return
        self._consumer.shutdown_timeout = timeout
        self._consumer.stop(graceful=True)
        self._consumer = None
        log.info("consumer_stopped")

    def wait(self, article_id: str, timeout: float = 30.0, interval: float = 0.02) -> dict[str, Any]:
        """Poll until an article is done or failed (tests, CLI); returns its status record."""
        deadline = time.monotonic() + timeout
        while True:
            record = self.status(article_id) or {}
            if record.get("status") in ("done", "failed") or time.monotonic() > deadline:
                return record
            time.sleep(interval)
