"""Neo4jStore: production store on Neo4j 5 through the official driver. The only `neo4j` import.

Reads are auto-commit READ sessions: one round trip each (RUN and PULL pipelined; a managed
transaction adds BEGIN and COMMIT), retried briefly on transient errors; every session shares
one bookmark manager, so a read sees the writes this store acknowledged.

Any number of worker processes may write at once, so every write is an idempotent upsert, never
a read-then-create: parameterised `UNWIND $rows … MERGE` statements keyed on the constrained
`id` (nodes) and on the end-node pair (relationships, one edge per pair: `schema.RelType`; the
edges of an event or article that has none of them yet are CREATEd, see `_write_rows`), entity
aliases unioned by the server under the node's write lock (`statements.merge_entity`). Write
transactions are managed (`session.execute_write`): a transient failure (a deadlock between two
writers) reruns the whole transaction with a bounded exponential backoff, which is safe because
it only upserts. A bulk write is cut into transactions of at most `max_tx_rows` rows (whole
articles) to stay under the server's transaction memory cap (70 % of the heap). The server is
retried with a bounded backoff at open, then fails with a clear message.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import neo4j
import structlog
from neo4j import GraphDatabase
from neo4j.exceptions import (
    AuthError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)
from neo4j.graph import Node, Path, Relationship
from neo4j.time import Date, DateTime

from graph import schema, statements
from graph.cypher import SEARCH_ENTRIES_NEO4J, collected_rows
from graph.errors import GraphError, StoreUnavailable
from graph.queries import Query
from graph.rows import ExtractionRows, entity_row, merge_entity_rows
from graph.store.base import GraphStore, Tx, chunks

log = structlog.get_logger("graph.store")
T = TypeVar("T")
EVENT_LINKS = ("PARTICIPATED_IN", "ABOUT", "HELD_IN")  # the links `events` counts
#: the edges a node upserted by `_write_rows` anchors: relationship → (end, label), and per
#: label the types checked by `statements.upsert_node_linked` (a node with none gets CREATEs)
ANCHORS = {"PARTICIPATED_IN": ("dst", "Event"), "ABOUT": ("src", "Event"),
           "HELD_IN": ("src", "Event"), "MENTIONS": ("src", "Article"),
           "REPORTED_IN": ("dst", "Article")}
ANCHORED = {"Event": "PARTICIPATED_IN|ABOUT|HELD_IN", "Article": "MENTIONS|REPORTED_IN"}
_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})
READ_ATTEMPTS = 3


def _plain(value: Any) -> Any:
    if type(value) in _PLAIN_TYPES:
        return value
    if isinstance(value, Date):
        return value.to_native()
    if isinstance(value, DateTime):
        return value.to_native()
    if isinstance(value, Node):
        labels = sorted(value.labels)
        return {"id": value.get("id"), "type": value.get("type") or (labels[0] if labels else None),
                "name": value.get("name")}
    if isinstance(value, Relationship):
        return {"source": value.start_node.get("id") if value.start_node else None,
                "target": value.end_node.get("id") if value.end_node else None,
                "type": value.type}
    if isinstance(value, Path):
        return {"nodes": [_plain(n) for n in value.nodes],
                "rels": [_plain(r) for r in value.relationships]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _record(record: neo4j.Record) -> dict:
    return {k: v if type(v) in _PLAIN_TYPES else _plain(v) for k, v in record.items()}


class Neo4jStore(GraphStore):
    """A store on a Neo4j 5 server (constraints and indexes created when writable)."""

    engine = "neo4j"
    #: rows (`graph.rows.estimated_rows`) per write transaction. Measured on the 1 GB-heap
    #: server with the benchmark's articles: 20,000 articles (~350k rows) in one transaction
    #: fit, 100,000 fail (MemoryPoolOutOfMemoryError); fewer, larger transactions rewrite the
    #: shared entities and recount their events less often (40k rows: 2x slower than 200k).
    max_tx_rows = 120_000
    #: rows per `UNWIND $rows` statement
    statement_rows = 10_000

    def __init__(self, uri: str, user: str, password: str, database: str = "neo4j", *,
                 read_only: bool = False, attempts: int = 5, retry_s: float = 30.0) -> None:
        self.database = database
        self.read_only = read_only
        # `retry_s`: how long a managed write transaction is retried after transient errors
        # (deadlocks, leader switches), with the driver's jittered exponential backoff
        # UNRECOGNIZED: "property `title` does not exist" on every read of an untitled
        # article (optional properties are simply absent in Neo4j); other warnings stay on.
        self._driver = GraphDatabase.driver(uri, auth=(user, password),
                                            max_transaction_retry_time=retry_s,
                                            notifications_disabled_classifications=[
                                                "UNRECOGNIZED"])
        self._bookmarks = self._driver.execute_query_bookmark_manager
        delay = 0.5
        for attempt in range(1, attempts + 1):
            try:
                self._driver.verify_connectivity()
                break
            except AuthError as e:
                self._driver.close()
                raise StoreUnavailable(f"Neo4j at {uri} refused user {user!r}: check "
                                       "NEO4J_USER and NEO4J_PASSWORD") from e
            except (ServiceUnavailable, OSError) as e:
                if attempt == attempts:
                    self._driver.close()
                    raise StoreUnavailable(f"Neo4j at {uri} is unreachable after {attempts} "
                                           f"attempts ({e}); start it (docker compose up neo4j) "
                                           "or check NEO4J_URI") from e
                time.sleep(delay)
                delay = min(delay * 2, 5.0)
        if not read_only:
            for ddl in schema.neo4j_ddl():
                self._write_one(ddl)
            self._sync_search_entries()

    def _write_one(self, text: str) -> None:
        try:
            self._driver.execute_query(text, database_=self.database)
        except Neo4jError as e:
            raise StoreUnavailable(f"Neo4j failed: {e}") from e

    def _session(self, access_mode: str = neo4j.WRITE_ACCESS) -> neo4j.Session:
        return self._driver.session(database=self.database, default_access_mode=access_mode,
                                    bookmark_manager=self._bookmarks)

    def _read(self, text: str, params: dict[str, Any]) -> list[dict]:
        delay = 0.05
        for attempt in range(1, READ_ATTEMPTS + 1):
            try:
                with self._session(neo4j.READ_ACCESS) as session:
                    return [_record(r) for r in session.run(text, params)]
            except (TransientError, SessionExpired, ServiceUnavailable) as e:
                if attempt == READ_ATTEMPTS:
                    raise StoreUnavailable(f"Neo4j is unreachable or busy: {e}") from e
                time.sleep(delay)
                delay *= 4
            except Neo4jError as e:
                raise StoreUnavailable(f"Neo4j failed: {e}") from e
        raise AssertionError("unreachable")  # pragma: no cover

    def _read_rows(self, query: Query, text: str, params: dict[str, Any]) -> list[dict]:
        """A query with `columns` (tens of flat rows per answer) comes back as ONE record
        holding the rows as lists: the driver parses one Bolt record instead of one per row
        (p50 of `person_event_facts` 2.5 -> 1.6 ms on the loaded 2-core box, same rows)."""
        if not query.columns:
            return self._read(text, params)
        rows = self._read(collected_rows(text, query.columns), params)
        return [dict(zip(query.columns, row, strict=True)) for row in rows[0]["rows"]]

    def _composite(self, query: Query, model: Any) -> list[dict]:
        """`search_entities` in one round trip (`cypher.SEARCH_ENTRIES_NEO4J`), ranked in
        Python as `search_candidates` is; the other composites as on every engine."""
        if query.name != "search_entities":
            return super()._composite(query, model)
        rows = self._read(SEARCH_ENTRIES_NEO4J, model.bind())
        rows = sorted(rows, key=lambda r: (-r["exact"], -r["events"], r["name"] or "",
                                           r["id"]))[: model.limit]
        return [{"id": r["id"], "type": r["type"], "name": r["name"],
                 "aliases": r["aliases"] or []} for r in rows]

    @contextmanager
    def _transaction_raw(self) -> Iterator[neo4j.Transaction]:
        with self._session() as session:
            tx = session.begin_transaction()
            try:
                yield tx
            except BaseException:
                tx.rollback()
                raise
            tx.commit()

    @contextmanager
    def _transaction(self) -> Iterator[Tx]:
        if self.read_only:
            raise StoreUnavailable("this graph store was opened read-only; writes are refused")
        try:
            with self._transaction_raw() as raw:
                def tx(text: str, **params: Any) -> list[dict]:
                    return [_record(r) for r in raw.run(text, params)]

                yield tx
        except GraphError:
            raise
        except Neo4jError as e:
            raise StoreUnavailable(f"Neo4j failed: {e}") from e
        except ServiceUnavailable as e:
            raise StoreUnavailable(f"Neo4j is unreachable: {e}") from e

    def _write_tx(self, work: Callable[[Tx], T]) -> T:
        """Run `work` in a managed write transaction, rerun whole after a transient error."""
        if self.read_only:
            raise StoreUnavailable("this graph store was opened read-only; writes are refused")
        attempts = 0

        def run(raw: neo4j.ManagedTransaction) -> T:
            nonlocal attempts
            attempts += 1
            if attempts > 1:
                log.warning("graph_write_retry", attempt=attempts)

            def tx(text: str, **params: Any) -> list[dict]:
                return [_record(r) for r in raw.run(text, params)]

            return work(tx)

        try:
            with self._session() as session:
                return session.execute_write(run)
        except GraphError:
            raise
        except Neo4jError as e:
            raise StoreUnavailable(f"Neo4j failed after {attempts} attempt(s): {e}") from e
        except (ServiceUnavailable, SessionExpired) as e:
            raise StoreUnavailable(f"Neo4j is unreachable: {e}") from e

    def _create_nodes(self, tx: Tx, label: str, rows: list[dict]) -> None:
        """Upsert (a MERGE, not a CREATE): another process may be creating the same ids."""
        for chunk in chunks(sorted(rows, key=_by_id), self.statement_rows):
            tx(statements.upsert_node(label), rows=chunk)

    def _write_rows(self, tx: Tx, plan: ExtractionRows, prune: dict[str, set[str]]
                    ) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        """Upsert every row (see `GraphStore._write_rows` for the rules), in id order so that
        concurrent writers lock shared nodes in the same order (fewer deadlocks).

        Events and articles are upserted before any edge, and `statements.upsert_node_linked`
        tells which of them already have edges of the types they anchor (`ANCHORS`): the
        edges of the others are CREATEd (the server looks for no existing edge of the pair),
        the rest MERGEd. That is safe with concurrent writers: the upsert's SET write-locks
        the node until commit, and every writer of such an edge upserts its anchor first.

        Returns every entity given an event link (their counts are recounted) and no
        "created" set: a new search entry starts at 0 events (`ON CREATE`).
        """
        size = self.statement_rows
        for label in schema.ENTITY_LABELS:
            merged = merge_entity_rows(label, plan.nodes.get(label, []))
            fixes = []
            for chunk in chunks([merged[i] for i in sorted(merged)], size):
                for r in tx(statements.merge_entity(label), rows=chunk):
                    fixes.append(entity_row(r["id"], label, r["name"], r["aliases"] or []))
            for chunk in chunks(fixes, size):
                tx(statements.update_node(label), rows=chunk)
            stubs = sorted({r["id"]: r for r in plan.stubs.get(label, [])
                            if r["id"] not in merged}.values(), key=_by_id)
            for chunk in chunks(stubs, size):
                tx(statements.ensure_node(label), rows=chunk)
            for chunk in chunks(sorted([*merged, *(r["id"] for r in stubs)]), size):
                tx(statements.sync_search_entry(label), ids=chunk)
        has_edges: dict[str, set[str]] = {}
        for label in ("Event", "Article"):
            rows = sorted({r["id"]: r for r in plan.nodes.get(label, [])}.values(), key=_by_id)
            text = statements.upsert_node_linked(label, ANCHORED[label])
            has_edges[label] = {r["id"] for chunk in chunks(rows, size)
                                for r in tx(text, rows=chunk)}
        linked: dict[str, set[str]] = {}
        for (rel, src, dst), rows in sorted(plan.rels.items()):
            uniq = sorted({(r["src"], r["dst"]): r for r in rows}.items())  # last one wins
            new, old = [r for _, r in uniq], []
            if rel in ANCHORS:
                end, label = ANCHORS[rel]
                old = [r for r in new if r[end] in has_edges[label]]
                if old:
                    new = [r for r in new if r[end] not in has_edges[label]]
            for chunk in chunks(new, size):
                tx(statements.upsert_rel(rel, src, dst, create=rel in ANCHORS), rows=chunk)
            for chunk in chunks(old, size):
                tx(statements.upsert_rel(rel, src, dst), rows=chunk)
            if rel in EVENT_LINKS:
                end, label = ("src", src) if rel == "PARTICIPATED_IN" else ("dst", dst)
                linked.setdefault(label, set()).update(r[end] for _, r in uniq)
        self._prune(tx, prune)
        return linked, {}

    def _recount(self, tx: Tx, linked: dict[str, set[str]], new: dict[str, set[str]]) -> None:
        """`GraphStore._recount` in one statement per label, writing only changed counts."""
        for label in schema.ENTITY_LABELS:
            ids = sorted(linked.get(label, set()) | new.get(label, set()))
            for chunk in chunks(ids, self.statement_rows):
                tx(statements.recount_events_neo4j(label), ids=chunk)

    def close(self) -> None:
        self._driver.close()


def _by_id(row: dict) -> str:
    return row["id"]
