"""Article records: each posted article's state, kept in huey's key-value store.

One record per article id, under `diplograph:status:<id>`, shared by every process on the
same queue storage (SQLite file or Redis). Its `status` is one of:

- `queued`: a task is in the queue; `raw` holds the text and `submission` the token the
  task carries.
- `processing`: a worker holds it under a lease (`worker`, `lease_until`); `raw` kept.
- `done`: its facts are in the store; the text moves to `diplograph:raw:<id>` (kept so that
  start-up reconciliation can ingest it again if the store lost it), out of the record so
  that scans of records stay small.
- `failed`: `error` says why; `raw` kept (posting it again retries it).
- `deleted`: a tombstone left by `DELETE /articles/{id}`: a task of that article that runs
  later writes nothing. Posting the same content again replaces it (a fresh submission).

Every read-modify-write of a record runs under the article's claim (`locked`), which is
atomic across processes: a Redis `SET NX PX` key, or an `insert or abort` into huey's SQLite
key-value table. A claim left by a process killed while holding it (milliseconds) is dropped
once older than `ttl`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from huey import Huey, RedisHuey
from huey.storage import SqliteStorage

STATUS = "diplograph:status:"
RAW = "diplograph:raw:"
CLAIM = "diplograph:reap:"
STATES = ("queued", "processing", "done", "failed", "deleted")


class RecordBusy(RuntimeError):
    """An article's claim stayed taken longer than its time-to-live (should not happen)."""


class ArticleRecords:
    """Read and write article records and their kept text; claim an article."""

    def __init__(self, huey: Huey, owner: str, ttl: float) -> None:
        self.huey = huey
        self.owner = owner  # written into claims (the worker id)
        self.ttl = ttl

    # -- records ---------------------------------------------------------------------------
    def get(self, article_id: str) -> dict[str, Any] | None:
        value = self.huey.get(STATUS + article_id, peek=True)
        return value if isinstance(value, dict) else None

    def update(self, article_id: str, **fields: Any) -> dict[str, Any]:
        """Merge `fields` into the record (created if missing) and store it."""
        record = (self.get(article_id) or {"id": article_id, "attempts": 0}) | fields
        record["updated_at"] = time.time()
        self.huey.put(STATUS + article_id, record)
        return record

    def forget(self, article_id: str) -> bool:
        self.huey.delete(RAW + article_id)
        return bool(self.huey.delete(STATUS + article_id))

    def tombstone(self, article_id: str) -> dict[str, Any]:
        """Replace the record by a `deleted` tombstone and drop the kept text."""
        now = time.time()
        record = {"id": article_id, "status": "deleted", "deleted_at": now, "updated_at": now,
                  "attempts": 0, "submission": None}
        self.huey.put(STATUS + article_id, record)
        self.huey.delete(RAW + article_id)
        return record

    def all(self) -> list[dict[str, Any]]:
        """Every record, sorted by id (one scan of the record keys, never of the texts)."""
        return [value for _, value in self._scan(STATUS) if isinstance(value, dict)]

    def with_status(self, status: str) -> list[dict[str, Any]]:
        return [r for r in self.all() if r.get("status") == status]

    # -- kept text of done articles --------------------------------------------------------
    def keep_raw(self, article_id: str, raw_json: dict[str, Any]) -> None:
        self.huey.put(RAW + article_id, raw_json)

    def kept_raw(self, article_id: str) -> dict[str, Any] | None:
        value = self.huey.get(RAW + article_id, peek=True)
        return value if isinstance(value, dict) else None

    def _scan(self, prefix: str) -> list[tuple[str, Any]]:
        """(key without prefix, value) of the key-value entries under `prefix`, by key."""
        storage = self.huey.storage
        items: Any
        if isinstance(self.huey, RedisHuey):
            items = ((k.decode() if isinstance(k, bytes) else k, v) for k, v in
                     storage.conn.hscan_iter(storage.result_key, match=prefix + "*"))
        elif isinstance(storage, SqliteStorage):
            upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)  # the key range of the prefix
            items = storage.sql("select key, value from kv where queue = ? and key >= ? "
                                "and key < ?", (storage.name, prefix, upper), results=True)
        else:
            items = storage.result_items().items()
        found = []
        for key, value in items:
            if not str(key).startswith(prefix):
                continue
            data = self.huey.serializer.deserialize(bytes(value)) \
                if isinstance(value, bytes | memoryview) else value
            found.append((str(key)[len(prefix):], data))
        return sorted(found, key=lambda kv: kv[0])

    # -- claims ----------------------------------------------------------------------------
    def claim(self, article_id: str) -> bool:
        """Take the article's claim (atomic across processes); True if taken."""
        key = CLAIM + article_id
        if isinstance(self.huey, RedisHuey):
            conn = self.huey.storage.conn
            return bool(conn.set(key, self.owner, nx=True, px=int(self.ttl * 1000)))
        storage = self.huey.storage
        stamp = f"{self.owner}|{time.time()}".encode()
        if storage.put_if_empty(key, stamp):
            return True
        # A claim left by a process killed while holding it (milliseconds) is dropped once old.
        held = storage.peek_data(key)
        try:
            taken_at = float(bytes(held).rsplit(b"|", 1)[-1]) if held else 0.0
        except ValueError:
            taken_at = 0.0
        if time.time() - taken_at > self.ttl:
            storage.delete_data(key)
            return bool(storage.put_if_empty(key, stamp))
        return False

    def unclaim(self, article_id: str) -> None:
        key = CLAIM + article_id
        if isinstance(self.huey, RedisHuey):
            self.huey.storage.conn.delete(key)
        else:
            self.huey.storage.delete_data(key)

    @contextmanager
    def locked(self, article_id: str) -> Iterator[None]:
        """Hold the article's claim (waiting for it) around a read-modify-write of its record."""
        deadline = time.monotonic() + self.ttl + 1.0
        pause = 0.002
        while not self.claim(article_id):
            if time.monotonic() > deadline:
                raise RecordBusy(f"article {article_id}: its record stayed claimed over "
                                 f"{self.ttl:.0f} s")
            time.sleep(pause)
            pause = min(pause * 2, 0.05)
        try:
            yield
        finally:
            self.unclaim(article_id)
