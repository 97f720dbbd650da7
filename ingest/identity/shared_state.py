"""What the identity indexes (the person registry, `registry.py`, and the event index,
`events.py`) share about where they live: one process in memory, or Redis for every worker.

- `is_redis_url`: a location that names a Redis server (else: a SQLite file, or memory).
- `MemoryState`: a re-entrant lock for `locked()`, and an append-only multi-map (key -> ids).
- `RedisState`: one Redis connection, a cross-process lock for `locked()` (with a local lock
  so that threads of one process queue up before it), and the same multi-map kept in a Redis
  hash as JSON lists, extended in the caller's transaction.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

_REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def is_redis_url(location: str) -> bool:
    return location.startswith(_REDIS_SCHEMES)


class MemoryState:
    """One process: a re-entrant lock, and multi-maps in dicts."""

    def __init__(self) -> None:
        self._lock = threading.RLock()

    def locked(self) -> AbstractContextManager[None]:
        return self._lock  # type: ignore[return-value]

    @staticmethod
    def _append(index: dict[str, list[str]], keys: list[str], value: str) -> None:
        """Add `value` under every key of `keys` (once, in order of arrival)."""
        for k in keys:
            values = index.setdefault(k, [])
            if value not in values:
                values.append(value)

    def close(self) -> None:
        return None


class RedisState:
    """Redis hashes under one key prefix, read and extended inside `locked()`."""

    def __init__(self, url: str, prefix: str) -> None:
        import redis

        self._redis = redis.Redis.from_url(url)
        self._prefix = prefix
        self._lock_name = prefix + ":lock"
        self._local = threading.Lock()

    @contextmanager
    def locked(self) -> Iterator[None]:
        with self._local, self._redis.lock(self._lock_name, timeout=30, blocking_timeout=120):
            yield

    def _hash(self, name: str) -> str:
        return f"{self._prefix}:{name}"

    def _get(self, name: str, fields: list[str]) -> dict[str, bytes]:
        """The values of `fields` present in the hash `name`."""
        if not fields:
            return {}
        values = self._redis.hmget(self._hash(name), fields)
        return {f: v for f, v in zip(fields, values, strict=True) if v is not None}

    def _append(self, pipe: Any, name: str, keys: list[str], value: str) -> None:
        """Queue on `pipe` the addition of `value` under every key of `keys` in the multi-map
        hash `name` (JSON lists; read now, under the caller's lock)."""
        known = self._get(name, keys)
        for k in keys:
            values = json.loads(known[k]) if k in known else []
            if value not in values:
                pipe.hset(self._hash(name), k, json.dumps(values + [value]))

    def close(self) -> None:
        self._redis.close()
