"""Resolution: one stable id per real-world person, within and across articles, scripts and
processes.

Identity is evidence-based. Two clusters of names (one per article, from
`ingest.identity.clusters.cluster_persons`) are the same person only when:
- a gazetteer entry (`people.yaml`, matched by the caller) lists the form: the id is the slug
  of the entry's conventional name, whatever the article's script or spelling; or
- they share a full name (two or more name tokens) up to script and transliteration:
  the same folded spelling, or the same consonant skeleton of the whole name, checked across
  scripts (Latin vs Arabic) and, within one script, also by spelling similarity and the
  initials of the first and last tokens ("Ali Hassan" and "Ali Hussein" share a skeleton but
  stay apart); or
- a shorter form of a known full name (middle names left out, `names.sub_name`), or a
  surname-only cluster ("M. Diop"), when exactly one known person fits.
A fuzzy score or a shared given name alone never merges two people; a merge never renames a
person whose name came from the gazetteer.

The registry is shared state: records and their match keys live in a `RegistryBackend`,
read and extended under the backend's lock, so any number of threads, processes or machines
mint the ids one process would. Backends: in memory (`diplograph extract`), SQLite in the
data dir (the embedded store's single process), Redis (production workers, the queue's
server). The display name is a stable rule over the aliases (gazetteer name, else the
fullest Latin alias, ties by spelling), so it does not depend on article order.

Event ids are minted from the persons' ids by `ingest.pipeline.event_id`.

Imports nothing from `graph` or `app`.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ingest.identity.names import (
    exact_key,
    first_last_keys,
    full_name_score,
    is_arabic,
    is_full_name,
    name_tokens,
    romanize,
    same_full_name,
    sub_name,
    whole_skeletons,
)
from ingest.identity.shared_state import MemoryState, RedisState, is_redis_url
from ingest.normalize import slugify


@dataclass
class PersonRecord:
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    canonical: bool = False  # name fixed by the public-figures lexicon (people.yaml)

    def to_json(self) -> str:
        return json.dumps({"id": self.id, "name": self.name, "aliases": self.aliases,
                           "canonical": self.canonical}, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | bytes) -> PersonRecord:
        d = json.loads(text)
        return cls(d["id"], d["name"], list(d["aliases"]), bool(d["canonical"]))


def match_keys(name: str) -> list[str]:
    """The keys a name is filed under: full names by exact spelling and whole skeletons,
    every name by its last token (for surname-only mentions)."""
    keys: list[str] = []
    if is_full_name(name):
        keys.append("fx:" + exact_key(name))
        keys += sorted("sk:" + sk for sk in whole_skeletons(name))
        keys += first_last_keys(name)
    toks = name_tokens(name)
    if toks and len(toks[-1]) >= 3:
        keys.append("sn:" + toks[-1])
    return keys


def display_name(aliases: list[str]) -> str:
    """Stable display rule: the fullest Latin alias (ties by spelling), else a romanisation."""
    latin = [a for a in aliases if not is_arabic(a)]
    if latin:
        return min(latin, key=lambda a: (tuple(-x for x in full_name_score(a)), a))
    best = min(aliases, key=lambda a: (tuple(-x for x in full_name_score(a)), a))
    return romanize(best)


# -- backends --------------------------------------------------------------------------------
class RegistryBackend(Protocol):
    """Where the registry lives. Reads and writes happen inside `locked()`."""

    def locked(self) -> AbstractContextManager[None]: ...
    def get(self, ids: list[str]) -> dict[str, PersonRecord]: ...
    def bucket(self, keys: list[str]) -> dict[str, list[str]]: ...
    def save(self, record: PersonRecord, keys: list[str]) -> None: ...
    def all(self) -> list[PersonRecord]: ...
    def close(self) -> None: ...


class MemoryBackend(MemoryState):
    """One process, nothing persisted (`diplograph extract`, tests)."""

    def __init__(self) -> None:
        super().__init__()
        self._records: dict[str, PersonRecord] = {}
        self._keys: dict[str, list[str]] = {}

    def get(self, ids: list[str]) -> dict[str, PersonRecord]:
        return {i: self._records[i] for i in ids if i in self._records}

    def bucket(self, keys: list[str]) -> dict[str, list[str]]:
        return {k: list(self._keys[k]) for k in keys if k in self._keys}

    def save(self, record: PersonRecord, keys: list[str]) -> None:
        self._records[record.id] = record
        self._append(self._keys, keys, record.id)

    def all(self) -> list[PersonRecord]:
        return [self._records[i] for i in sorted(self._records)]


class SqliteBackend(MemoryBackend):
    """A SQLite file in the data dir: the embedded store's one process (threads share it)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS persons (id TEXT PRIMARY KEY, "
                         "name TEXT NOT NULL, aliases TEXT NOT NULL, "
                         "canonical INTEGER NOT NULL DEFAULT 0)")
        cols = {r[1] for r in self._db.execute("PRAGMA table_info(persons)")}
        if "canonical" not in cols:  # a registry written before people.yaml existed
            self._db.execute("ALTER TABLE persons ADD COLUMN canonical INTEGER NOT NULL DEFAULT 0")
        self._db.commit()
        for pid, name, aliases, canonical in self._db.execute(
                "SELECT id, name, aliases, canonical FROM persons ORDER BY id"):
            rec = PersonRecord(pid, name, json.loads(aliases), bool(canonical))
            super().save(rec, sorted({k for a in rec.aliases for k in match_keys(a)}))

    def save(self, record: PersonRecord, keys: list[str]) -> None:
        super().save(record, keys)
        self._db.execute("INSERT OR REPLACE INTO persons (id, name, aliases, canonical) "
                         "VALUES (?,?,?,?)", (record.id, record.name, json.dumps(
                             record.aliases, ensure_ascii=False), int(record.canonical)))
        self._db.commit()

    def close(self) -> None:
        self._db.close()


class RedisBackend(RedisState):
    """Records and keys in Redis hashes, extended under a Redis lock: shared by every worker."""

    def __init__(self, url: str, prefix: str = "diplograph:registry") -> None:
        super().__init__(url, prefix)

    def get(self, ids: list[str]) -> dict[str, PersonRecord]:
        return {i: PersonRecord.from_json(v) for i, v in self._get("persons", ids).items()}

    def bucket(self, keys: list[str]) -> dict[str, list[str]]:
        return {k: json.loads(v) for k, v in self._get("keys", keys).items()}

    def save(self, record: PersonRecord, keys: list[str]) -> None:
        pipe = self._redis.pipeline(transaction=True)
        pipe.hset(self._hash("persons"), record.id, record.to_json())
        self._append(pipe, "keys", keys, record.id)
        pipe.execute()

    def all(self) -> list[PersonRecord]:
        return sorted((PersonRecord.from_json(v)
                       for v in self._redis.hvals(self._hash("persons"))), key=lambda r: r.id)


def open_backend(location: str | Path | None) -> RegistryBackend:
    """`None`: in memory; `redis://…`: Redis; anything else: a SQLite file."""
    if location is None:
        return MemoryBackend()
    text = str(location)
    if is_redis_url(text):
        return RedisBackend(text)
    return SqliteBackend(Path(text))


# -- the registry ----------------------------------------------------------------------------
def _fits(name: str, record: PersonRecord) -> bool:
    """`name` is a shorter or longer form of the record's name and contradicts none of its
    full names in the same script ("Aminata Sow Keita" does not fit a record holding
    "Aminata Diallo Keita", even through its short alias "Aminata Keita"; another script's
    spelling, joined by a strong match already, is no contradiction)."""
    fulls = [a for a in record.aliases if is_full_name(a)]
    return any(sub_name(name, a) for a in fulls) and all(
        same_full_name(name, a) or sub_name(name, a)
        for a in fulls if is_arabic(a) == is_arabic(name))


class Registry:
    """The person registry over a backend (see the module docstring for the rules)."""

    def __init__(self, location: str | Path | None = None) -> None:
        self.backend = open_backend(location)

    def close(self) -> None:
        self.backend.close()

    def persons(self) -> list[PersonRecord]:
        return self.backend.all()

    def _candidate(self, names: list[str]) -> PersonRecord | None:
        full = sorted({n for n in names if is_full_name(n)})
        if full:
            keys = sorted({k for n in full for k in match_keys(n) if not k.startswith("sn:")})
            # (fl:/lt: keys find the longer and shorter forms of a name: `names.sub_name`)
            ids = sorted({i for v in self.backend.bucket(keys).values() for i in v})
            records = [r for _, r in sorted(self.backend.get(ids).items())]
            for rec in records:
                if any(same_full_name(n, a) for n in full for a in rec.aliases):
                    return rec
            shorter = [r for r in records if any(_fits(n, r) for n in full)]
            return shorter[0] if len(shorter) == 1 else None
        # Surname only: attach to the one person known by that surname, if exactly one.
        keys = sorted({k for n in names for k in match_keys(n)})
        ids = sorted({i for v in self.backend.bucket(keys).values() for i in v})
        recs = [r for _, r in sorted(self.backend.get(ids).items())
                if any(is_full_name(a) for a in r.aliases)]
        return recs[0] if len(recs) == 1 else None

    def resolve_person(self, names: list[str], canonical: str | None = None) -> PersonRecord:
        """The registry record for a person known (in one article) by `names`.

        `canonical` is the conventional name of a listed public figure (people.yaml): it is
        the display name, and the id is its slug.
        """
        names = [n for n in dict.fromkeys(names) if n.strip()]
        with self.backend.locked():
            before: tuple[str, tuple[str, ...], bool] | None = None
            if canonical is not None:
                pid = "person:" + slugify(canonical)
                known = self.backend.get([pid]).get(pid)
                if known is not None:
                    before = (known.name, tuple(known.aliases), known.canonical)
                rec = known or PersonRecord(pid, canonical, [], True)
                rec.name, rec.canonical = canonical, True
            else:
                rec = self._candidate(names)
                if rec is not None:
                    before = (rec.name, tuple(rec.aliases), rec.canonical)
                else:
                    display = display_name(names)
                    base = "person:" + slugify(display)
                    pid, n = base, 2
                    while self.backend.get([pid]):
                        pid, n = f"{base}-{n}", n + 1
                    rec = PersonRecord(pid, display, [])
            for n in names:
                if n not in rec.aliases:
                    rec.aliases.append(n)
            if not rec.canonical:
                rec.name = display_name(rec.aliases)
            if before != (rec.name, tuple(rec.aliases), rec.canonical):
                # a known person under known names changes nothing: no write (and no commit)
                self.backend.save(rec, sorted({k for n in names for k in match_keys(n)}))
            return PersonRecord(rec.id, rec.name, list(rec.aliases), rec.canonical)
