"""Resolution: one stable id per real-world entity, within and across articles and scripts.

Persons are matched by consonant skeletons (`ingest.extract.names.same_person`): "Lamamra",
"M. Lamamra", "Ramtane Lamamra", "رمطان لعمامرة" and "العمامرة" get one id; people who share
a surname but not a given name stay apart. The canonical name is Latin whenever any source
gives one (else arabic-name-romanizer's). State persists in SQLite at `path`, so an entity
keeps its id when new articles arrive. A listed public figure (`people.yaml`, see
`ingest.extract.people`) gets its conventional name ("Antony Blinken" for "أنطوني بلينكين"),
whatever the script or spelling of the article. Countries, organisations, places and topics take their
lexicon ids. Imports nothing from `graph` or `app`.

Event ids (the deduplication rule): `event:` + sha256 of
  kind family (meeting and talks are one family) | sorted person ids | date key
  [| place, for visits], where the date key is the event's month (`YYYY-MM`, from a day or
month date), else the publication month, else the article id. Month granularity lets a
day-dated and a month-dated report of one meeting agree, while the same people meeting in
different months (the devset's near-duplicates) stay apart.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ingest.extract.names import (full_name_score, is_arabic, name_tokens, romanize,
                                  same_person, skeleton)
from ingest.normalize import fold, slugify


@dataclass
class PersonRecord:
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    canonical: bool = False  # name fixed by the public-figures lexicon (people.yaml)


class Registry:
    """Persistent person registry (SQLite; in memory when `path` is None). Thread-safe."""

    def __init__(self, path: Path | None = None) -> None:
        self._lock = threading.RLock()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path) if path else ":memory:", check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS persons (id TEXT PRIMARY KEY, "
                         "name TEXT NOT NULL, aliases TEXT NOT NULL, "
                         "canonical INTEGER NOT NULL DEFAULT 0)")
        cols = {r[1] for r in self._db.execute("PRAGMA table_info(persons)")}
        if "canonical" not in cols:  # a registry written before people.yaml existed
            self._db.execute("ALTER TABLE persons ADD COLUMN canonical INTEGER NOT NULL DEFAULT 0")
        self._db.commit()
        self._persons: dict[str, PersonRecord] = {}
        for pid, name, aliases, canonical in self._db.execute(
                "SELECT id, name, aliases, canonical FROM persons"):
            self._persons[pid] = PersonRecord(pid, name, json.loads(aliases), bool(canonical))

    def close(self) -> None:
        self._db.close()

    def persons(self) -> list[PersonRecord]:
        return list(self._persons.values())

    def _find(self, names: list[str]) -> PersonRecord | None:
        full = [n for n in names if len(name_tokens(n)) >= 2]
        if full:
            for rec in self._persons.values():
                rec_full = [a for a in rec.aliases if len(name_tokens(a)) >= 2]
                if any(same_person(n, a) for n in full for a in rec_full):
                    return rec
            return None
        # Surname only: accept a unique candidate.
        cands = [rec for rec in self._persons.values()
                 if any(same_person(n, a) for n in names for a in rec.aliases)]
        folded = {fold(n) for n in names}
        exact = [r for r in cands if folded & {fold(a) for a in r.aliases}]
        if len(exact) == 1:
            return exact[0]
        if len(cands) == 1 and len(skeleton(names[0])[-1:][0] if skeleton(names[0]) else "") >= 3:
            return cands[0]
        return None

    def resolve_person(self, names: list[str], canonical: str | None = None) -> PersonRecord:
        """The registry record for a person known by `names` (created or updated).

        `canonical` is the conventional name of a listed public figure (people.yaml): it
        becomes the display name, and the id of a new record.
        """
        with self._lock:
            rec = None
            if canonical is not None:
                rec = self._persons.get("person:" + slugify(canonical))
            rec = rec or self._find(names)
            if rec is None:
                best = max(names, key=full_name_score)
                display = canonical or (best if not is_arabic(best) else romanize(best))
                pid = "person:" + slugify(display)
                n = 2
                while pid in self._persons:
                    pid = f"person:{slugify(display)}-{n}"
                    n += 1
                rec = PersonRecord(pid, display, [])
                self._persons[pid] = rec
            for n in names:
                if n not in rec.aliases:
                    rec.aliases.append(n)
            latin = [a for a in rec.aliases if not is_arabic(a)]
            if canonical is not None:
                rec.name, rec.canonical = canonical, True
            elif latin and not rec.canonical:
                rec.name = max(latin, key=full_name_score)
            self._db.execute("INSERT OR REPLACE INTO persons (id, name, aliases, canonical) "
                             "VALUES (?,?,?,?)", (rec.id, rec.name, json.dumps(
                                 rec.aliases, ensure_ascii=False), int(rec.canonical)))
            self._db.commit()
            return rec


def event_id(kind_family: str, person_ids: list[str], date_key: str,
             place: str | None = None) -> str:
    """Stable event id; see the module docstring for the rule."""
    parts = [kind_family, ",".join(sorted(set(person_ids))), date_key]
    if place is not None:
        parts.append(place)
    return "event:" + hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:16]
