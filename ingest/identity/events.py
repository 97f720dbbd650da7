"""The event index: one id per real-world interaction across articles and languages.

Beside the person registry (`ingest.identity.registry`), with the same three backends and
lock: in memory (`diplograph extract`), a table of the registry's SQLite file in the data dir,
Redis for the workers (read and extend under the backend's lock, so any number of processes
mint the ids one process would). It maps each event base id (`ingest.pipeline.event_id`)
to the id the event was given, and files every new event's sketch under its persons.

`EventIndex.assign` gives the ids of one article's events:
- a base id already known keeps the id it was given (re-ingesting an article changes nothing);
- else the indexed events of other articles that share a person, with a compatible kind and
  close dates (`ingest.learn.event_pairs.close`), are scored with the learned pair model; the
  best one at or above the model's threshold gives its id (ties: highest score, then smallest
  id), except an id another event of the same article already took;
- else the base id is the event's id.
Without a model nothing is looked up or written: every event keeps its base id.

Imports nothing from `graph` or `app`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from ingest.identity.shared_state import MemoryState, RedisState, is_redis_url
from ingest.learn.event_pairs import EventSketch, close, features
from ingest.learn.model import BinaryModel


class EventBackend(Protocol):
    """Where the index lives. Reads and writes happen inside `locked()`."""

    def locked(self) -> AbstractContextManager[None]: ...
    def ids(self, base_ids: list[str]) -> dict[str, str]: ...
    def by_person(self, persons: list[str]) -> list[str]: ...
    def sketches(self, base_ids: list[str]) -> dict[str, EventSketch]: ...
    def save(self, sketch: EventSketch, event_id: str) -> None: ...
    def close(self) -> None: ...


class MemoryEvents(MemoryState):
    """One process, nothing persisted (`diplograph extract`, tests)."""

    def __init__(self) -> None:
        super().__init__()
        self._ids: dict[str, str] = {}
        self._sketches: dict[str, EventSketch] = {}
        self._persons: dict[str, list[str]] = {}

    def ids(self, base_ids: list[str]) -> dict[str, str]:
        return {b: self._ids[b] for b in base_ids if b in self._ids}

    def by_person(self, persons: list[str]) -> list[str]:
        return sorted({b for p in persons for b in self._persons.get(p, ())})

    def sketches(self, base_ids: list[str]) -> dict[str, EventSketch]:
        return {b: self._sketches[b] for b in base_ids if b in self._sketches}

    def save(self, sketch: EventSketch, event_id: str) -> None:
        self._ids[sketch.id] = event_id
        self._sketches[sketch.id] = sketch
        self._append(self._persons, list(sketch.persons), sketch.id)


class SqliteEvents(MemoryEvents):
    """A table of the registry's SQLite file (the embedded store's one process)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
        self._db.execute("CREATE TABLE IF NOT EXISTS events (base TEXT PRIMARY KEY, "
                         "id TEXT NOT NULL, sketch TEXT NOT NULL)")
        self._db.commit()
        for base, eid, sketch in self._db.execute(
                "SELECT base, id, sketch FROM events ORDER BY base"):
            super().save(EventSketch.from_json(sketch), eid)
            self._ids[base] = eid

    def save(self, sketch: EventSketch, event_id: str) -> None:
        super().save(sketch, event_id)
        self._db.execute("INSERT OR REPLACE INTO events (base, id, sketch) VALUES (?,?,?)",
                         (sketch.id, event_id, sketch.to_json()))
        self._db.commit()

    def close(self) -> None:
        self._db.close()


class RedisEvents(RedisState):
    """Hashes in Redis (ids, sketches, person -> base ids), extended under a Redis lock:
    shared by every worker."""

    def __init__(self, url: str, prefix: str = "diplograph:events") -> None:
        super().__init__(url, prefix)

    def ids(self, base_ids: list[str]) -> dict[str, str]:
        return {b: v.decode() for b, v in self._get("ids", base_ids).items()}

    def by_person(self, persons: list[str]) -> list[str]:
        return sorted({b for v in self._get("persons", persons).values() for b in json.loads(v)})

    def sketches(self, base_ids: list[str]) -> dict[str, EventSketch]:
        return {b: EventSketch.from_json(v) for b, v in self._get("sketches", base_ids).items()}

    def save(self, sketch: EventSketch, event_id: str) -> None:
        pipe = self._redis.pipeline(transaction=True)
        pipe.hset(self._hash("ids"), sketch.id, event_id)
        pipe.hset(self._hash("sketches"), sketch.id, sketch.to_json())
        self._append(pipe, "persons", list(sketch.persons), sketch.id)
        pipe.execute()


def open_events(location: str | Path | None) -> EventBackend:
    """`None`: in memory; `redis://…`: Redis; anything else: the registry's SQLite file."""
    if location is None:
        return MemoryEvents()
    text = str(location)
    if is_redis_url(text):
        return RedisEvents(text)
    return SqliteEvents(Path(text))


class EventIndex:
    """The event index over a backend (see the module docstring for the rule)."""

    def __init__(self, location: str | Path | None = None) -> None:
        self.location = location
        self._backend: EventBackend | None = None

    @property
    def backend(self) -> EventBackend:
        if self._backend is None:  # opened on first use: no model, no index
            self._backend = open_events(self.location)
        return self._backend

    def close(self) -> None:
        if self._backend is not None:
            self._backend.close()

    def assign(self, sketches: Sequence[EventSketch], model: BinaryModel | None
               ) -> dict[str, str]:
        """The id of each of one article's events, by base id (see the module docstring)."""
        if model is None or not sketches:
            return {s.id: s.id for s in sketches}
        out: dict[str, str] = {}
        with self.backend.locked():
            known = self.backend.ids([s.id for s in sketches])
            for s in sorted(sketches, key=lambda s: s.id):
                if s.id in known:
                    out[s.id] = known[s.id]
            for s in sorted(sketches, key=lambda s: s.id):
                if s.id in out:
                    continue
                taken = {out[x.id] for x in sketches if x.id in out}
                out[s.id] = self._match(s, model, taken) or s.id
                self.backend.save(s, out[s.id])
        return out

    def _match(self, s: EventSketch, model: BinaryModel, taken: set[str]) -> str | None:
        bases = self.backend.by_person(list(s.persons))
        others = self.backend.sketches(bases)
        ids = self.backend.ids(sorted(others))
        best: tuple[float, str] | None = None
        for base in sorted(others):
            o = others[base]
            eid = ids.get(base, base)
            if eid in taken or not close(s, o):
                continue
            p = model.score(features(s, o))
            if p >= model.threshold and (best is None or p > best[0]
                                         or (p == best[0] and eid < best[1])):
                best = (p, eid)
        return best[1] if best else None

