"""LadybugStore: the embedded default (LadybugDB, in-process Cypher). The only `ladybug` import.

One process owns the database directory read-write (a second writer gets `StoreLocked`);
threads share one `Database` and use one `Connection` each. Writes are serialised by a lock
and run in explicit transactions (`BEGIN TRANSACTION` … `COMMIT`).

Bulk path: `write_extractions` creates new nodes and edges of a table with `COPY … FROM` a CSV
file in a temporary folder when there are at least `copy_min_rows` of them (fewer go through
`UNWIND … CREATE`). COPY runs inside the batch's transaction (a crash or an error rolls the
whole batch back, as the SIGKILL contract test checks). Measured at 40% of the issue-4 graph
on the shared 2-core box: 649 events/s with COPY against 484 with `UNWIND … CREATE` only.
LadybugDB 0.22 writes COPYed pages at COMMIT (no WAL): COMMIT is then ~45% of the write time
and grows with the store (0.3 s per 2,000-article batch on an empty store, 1.5-2 s at 100k
articles). A second COPY into the same node table in one transaction crashes LadybugDB 0.22,
hence at most one per table (`_copied`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import ladybug as lb

from graph import schema
from graph.errors import GraphError, StoreLocked, StoreUnavailable
from graph.store.base import GraphStore, Tx


def _node_key(internal: dict) -> tuple[int, int]:
    return (internal["table"], internal["offset"])


def _map_graph_values(row: dict) -> dict:
    """Turn LadybugDB node/rel dicts into `{id, type, name}` and `{source, target, type}`."""
    ids: dict[tuple[int, int], str] = {}

    def scan(v: Any) -> None:
        if isinstance(v, dict):
            if "_ID" in v and "_LABEL" in v and "_SRC" not in v and "id" in v:
                ids[_node_key(v["_ID"])] = v["id"]
            for x in v.values():
                scan(x)
        elif isinstance(v, list):
            for x in v:
                scan(x)

    def conv(v: Any) -> Any:
        if isinstance(v, dict):
            if "_SRC" in v and "_DST" in v and "_LABEL" in v:
                return {"source": ids.get(_node_key(v["_SRC"])),
                        "target": ids.get(_node_key(v["_DST"])), "type": v["_LABEL"]}
            if "_ID" in v and "_LABEL" in v:
                return {"id": v.get("id"), "type": v.get("type") or v["_LABEL"],
                        "name": v.get("name")}
            return {k: conv(x) for k, x in v.items()}
        if isinstance(v, list):
            return [conv(x) for x in v]
        return v

    if not any(isinstance(v, (dict, list)) for v in row.values()):
        return row
    scan(row)
    return {k: conv(v) for k, v in row.items()}


def _csv_field(value: Any, list_type: bool) -> str:
    if value is None:
        return ""
    if list_type:
        value = schema.LIST_SEP.join(value)
    return '"' + str(value).replace('"', '""') + '"'


def _copyable(rows: list[dict], cols: list[tuple[str, str]]) -> bool:
    """False when a list value would not survive the CSV round trip (empty or LIST_SEP items)."""
    lists = [p for p, t in cols if t.endswith("[]")]
    return all(not any(not x or schema.LIST_SEP in x for x in r.get(p) or ())
               for r in rows for p in lists)


def _write_csv(path: str, rows: list[dict], cols: list[tuple[str, str]]) -> None:
    spec = [(p, t.endswith("[]")) for p, t in cols]
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.writelines(",".join(_csv_field(r.get(p), lt) for p, lt in spec) + "\n" for r in rows)


def _translate(e: Exception, path: Path | None) -> GraphError:
    text = str(e)
    if "lock" in text.lower():
        return StoreLocked(
            f"the graph store at {path} is already open read-write by another process "
            f"({text.splitlines()[0]}). Stop that process (the API server or worker), or open "
            "this store read-only, or point this process to another data directory.")
    return StoreUnavailable(f"LadybugDB failed: {text}")


class LadybugStore(GraphStore):
    """The embedded store on a LadybugDB directory (created with its schema on first open)."""

    engine = "ladybug"

    def __init__(self, path: Path | None, *, read_only: bool = False,
                 buffer_pool_size: int = 0, copy_min_rows: int = 32) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        # Bulk writes of at least this many new nodes (or edges) of one table go through
        # `COPY … FROM` a CSV file (5-10x faster than `UNWIND … CREATE`); fewer go row-wise.
        self.copy_min_rows = copy_min_rows
        self._tmp: str | None = None
        self._copied: set[str] = set()  # node tables COPYed into in the open transaction
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = lb.Database(str(self.path) if self.path else ":memory:",
                                   read_only=read_only, buffer_pool_size=buffer_pool_size)
        except Exception as e:  # ladybug raises RuntimeError for everything
            raise _translate(e, self.path) from e
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._conns: list[lb.Connection] = []
        self._conns_lock = threading.Lock()
        self._closed = False
        if not read_only:
            conn = self._conn()
            for ddl in schema.ladybug_ddl():
                self._exec(conn, ddl, {})
            self._migrate(conn)
            self._sync_search_entries()

    def _migrate(self, conn: lb.Connection) -> None:
        """Add the columns a store written by an older schema lacks (null until backfilled)."""
        for node in schema.ALL_NODES:
            have = {r["name"] for r in self._exec(conn, schema.ladybug_columns(node.name), {})}
            for prop in node.properties:
                if prop not in have:
                    self._exec(conn, schema.ladybug_add_column(node.name, prop), {})

    def _conn(self) -> lb.Connection:
        if self._closed:
            raise StoreUnavailable("the graph store is closed; open it again with open_store()")
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = lb.Connection(self._db)
            # One thread per read: small queries on a loaded machine wait for a second
            # worker thread far longer than they run (p95 13.6 -> 6.4 ms on a busy 2-core box).
            conn.set_max_threads_for_exec(1)
            self._local.conn = conn
            with self._conns_lock:
                self._conns.append(conn)
        return conn

    def _exec(self, conn: lb.Connection, text: str, params: dict[str, Any]) -> list[dict]:
        try:
            result = conn.execute(text, params)
            if isinstance(result, list):  # several statements: keep the last
                result = result[-1]
            cols = result.get_column_names()
            rows = [_map_graph_values(dict(zip(cols, r, strict=True))) for r in result.get_all()]
            result.close()
            return rows
        except GraphError:
            raise
        except Exception as e:
            raise _translate(e, self.path) from e

    def _read(self, text: str, params: dict[str, Any]) -> list[dict]:
        return self._exec(self._conn(), text, params)

    @contextmanager
    def _transaction(self) -> Iterator[Tx]:
        if self.read_only:
            raise StoreUnavailable("this graph store was opened read-only; writes are refused")
        conn = self._conn()
        with self._write_lock:
            self._exec(conn, "BEGIN TRANSACTION", {})

            def tx(text: str, **params: Any) -> list[dict]:
                return self._exec(conn, text, params)

            try:
                yield tx
            except BaseException:
                try:
                    conn.execute("ROLLBACK")
                except Exception:  # noqa: S110 - the original error matters more
                    pass
                raise
            finally:
                self._copied.clear()
                if self._tmp is not None:
                    shutil.rmtree(self._tmp, ignore_errors=True)
                    self._tmp = None
            self._exec(conn, "COMMIT", {})

    def _csv(self, name: str, rows: list[dict], cols: list[tuple[str, str]]) -> str:
        if self._tmp is None:
            self._tmp = tempfile.mkdtemp(prefix="diplograph-copy-")
        path = os.path.join(self._tmp, f"{name}.csv")
        _write_csv(path, rows, cols)
        return path

    def _create_nodes(self, tx: Tx, label: str, rows: list[dict]) -> None:
        # callers COPY into a node table at most once per transaction: a second COPY into the
        # same node table in one transaction crashes LadybugDB 0.22 (segfault)
        cols = schema.csv_columns(label)
        if len(rows) < self.copy_min_rows or label in self._copied or not _copyable(rows, cols):
            super()._create_nodes(tx, label, rows)
            return
        self._copied.add(label)
        text = schema.ladybug_copy_node(label, self._csv(label, rows, cols))
        tx(text, **({"sep": schema.LIST_SEP} if "$sep" in text else {}))

    def _create_rels(self, tx: Tx, rel: str, src: str, dst: str, rows: list[dict]) -> None:
        if len(rows) < self.copy_min_rows:
            super()._create_rels(tx, rel, src, dst, rows)
            return
        path = self._csv(f"{rel}-{src}-{dst}", rows, schema.csv_columns(rel))
        tx(schema.ladybug_copy_rel(rel, src, dst, path))

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with self._conns_lock:
            for conn in self._conns:
                conn.close()
            self._conns.clear()
        self._db.close()
