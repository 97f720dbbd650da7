"""The query result cache of the embedded store, invalidated by what a write touches.

A cached result is tagged with the graph ids it depends on (every `person:…`, `event:…`,
`article:…`… id in its parameters and rows) and with the free-text parameters it resolved
(a name such as "Lamamra"). A write touches the ids of its article, events and entities and
the folded names and aliases of those entities; it drops only the results tagged with one of
those ids, or whose name parameter a touched entity's name or alias contains, plus the results
with no id at all (lists, statistics, empty answers), which any write may change. A write that
replaced an older version of an article drops everything (what the older one touched is not
known without another read).

Why exact: every edge a write adds or removes has an endpoint among the touched ids. An
*anchored* query (`ANCHORED`: one entity's, event's or article's neighbourhood) can only change
through an edge with an endpoint in its result or its anchor, so it carries that id. Every other
query (lists with filters, search, statistics, paths, pairs) may gain rows from anywhere: any
write drops it. Only the process that owns the embedded store caches (`Services`).
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ingest.models import Extraction
from ingest.normalize import fold

_GRAPH_ID = re.compile(r"^(?:person|country|organisation|location|topic|event|article):\S")
ANCHORED: frozenset[str] = frozenset({
    "entity_type", "entity_profile", "entity_neighbours", "who_met", "timeline",
    "person_event_facts", "person_event_place_countries", "ego_network", "event", "subgraph",
    "article", "article_meta", "article_entities", "article_events",
})
"""Catalog queries whose result is the neighbourhood of the ids in their parameters."""


@dataclass(frozen=True)
class Touched:
    """What one write touched: graph ids, and folded names/aliases of the entities."""

    ids: frozenset[str] = frozenset()
    names: tuple[str, ...] = ()
    everything: bool = False

    @classmethod
    def of(cls, extraction: Extraction, *, replaced: bool = False) -> Touched:
        ids = {extraction.article.id}
        names: set[str] = set()
        for ent in extraction.entities:
            ids.add(ent.id)
            if ent.country:
                ids.add(ent.country)
            names.update(k for k in (fold(n) for n in (ent.name, *ent.aliases)) if k)
        for ev in extraction.events:
            ids.add(ev.id)
            ids.update(p.entity for p in ev.participants)
            ids.update(ev.topics)
            if ev.place:
                ids.add(ev.place)
        return cls(frozenset(ids), tuple(sorted(names)), everything=replaced)


@dataclass
class _Entry:
    rows: list[dict[str, Any]]
    ids: frozenset[str]
    texts: tuple[str, ...] = field(default=())

    @property
    def is_global(self) -> bool:
        return not self.ids


def _collect_ids(value: Any, out: set[str]) -> None:
    if isinstance(value, str):
        if _GRAPH_ID.match(value):
            out.add(value)
    elif isinstance(value, dict):
        for v in value.values():
            _collect_ids(v, out)
    elif isinstance(value, list | tuple):
        for v in value:
            _collect_ids(v, out)


def _free_texts(params: dict[str, Any]) -> tuple[str, ...]:
    """Folded string parameters that are not graph ids (names the query resolved)."""
    texts = (fold(v) for v in params.values() if isinstance(v, str) and not _GRAPH_ID.match(v))
    return tuple(sorted({t for t in texts if t}))


class ResultCache:
    """Query results keyed by (name, params), LRU-bounded, dropped by what writes touch."""

    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._items: OrderedDict[Any, _Entry] = OrderedDict()
        self._by_id: dict[str, set[Any]] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Any) -> list[dict[str, Any]] | None:
        with self._lock:
            entry = self._items.get(key)
            if entry is None:
                return None
            self._items.move_to_end(key)
            return entry.rows

    def put(self, key: Any, name: str, params: dict[str, Any],
            rows: list[dict[str, Any]]) -> None:
        """Cache `rows` of query `name`; anchored queries are tagged with their ids."""
        ids: set[str] = set()
        if name in ANCHORED:
            _collect_ids(params, ids)
            _collect_ids(rows, ids)
        entry = _Entry(rows, frozenset(ids), _free_texts(params))
        with self._lock:
            self._drop(key)
            self._items[key] = entry
            for i in entry.ids:
                self._by_id.setdefault(i, set()).add(key)
            while len(self._items) > self._size:
                self._drop(next(iter(self._items)))

    def invalidate(self, touched: Touched) -> int:
        """Drop the results `touched` may change; returns how many were dropped."""
        with self._lock:
            if touched.everything:
                n = len(self._items)
                self._items.clear()
                self._by_id.clear()
                return n
            doomed = {k for i in touched.ids for k in self._by_id.get(i, ())}
            for key, entry in self._items.items():
                if entry.is_global or _names_hit(entry.texts, touched.names):
                    doomed.add(key)
            for key in doomed:
                self._drop(key)
            return len(doomed)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._by_id.clear()

    def _drop(self, key: Any) -> None:
        entry = self._items.pop(key, None)
        if entry is None:
            return
        for i in entry.ids:
            keys = self._by_id.get(i)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self._by_id[i]


def _names_hit(texts: Iterable[str], names: tuple[str, ...]) -> bool:
    return any(t in n for t in texts for n in names)
