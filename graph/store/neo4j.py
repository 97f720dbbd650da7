"""Neo4jStore: production store on Neo4j 5 through the official driver. The only `neo4j` import.

Reads go through `execute_query` with READ routing; writes run in one explicit transaction.
The server is retried with a bounded backoff at open, then fails with a clear message.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable
from neo4j.graph import Node, Path, Relationship
from neo4j.time import Date, DateTime

from graph import schema
from graph.errors import GraphError, StoreUnavailable
from graph.store.base import GraphStore, Tx


def _plain(value: Any) -> Any:
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
    return {k: _plain(v) for k, v in record.items()}


class Neo4jStore(GraphStore):
    """A store on a Neo4j 5 server (constraints and indexes created when writable)."""

    engine = "neo4j"

    def __init__(self, uri: str, user: str, password: str, database: str = "neo4j", *,
                 read_only: bool = False, attempts: int = 5) -> None:
        self.database = database
        self.read_only = read_only
        self._driver = GraphDatabase.driver(uri, auth=(user, password))
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

    def _read(self, text: str, params: dict[str, Any]) -> list[dict]:
        try:
            records, _, _ = self._driver.execute_query(
                text, params, database_=self.database, routing_=RoutingControl.READ)
        except Neo4jError as e:
            raise StoreUnavailable(f"Neo4j failed: {e}") from e
        except ServiceUnavailable as e:
            raise StoreUnavailable(f"Neo4j is unreachable: {e}") from e
        return [_record(r) for r in records]

    @contextmanager
    def _transaction_raw(self) -> Iterator[neo4j.Transaction]:
        with self._driver.session(database=self.database) as session:
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

    def close(self) -> None:
        self._driver.close()
