"""LadybugStore: the embedded default (LadybugDB, in-process Cypher). The only `ladybug` import.

One process owns the database directory read-write (a second writer gets `StoreLocked`);
threads share one `Database` and use one `Connection` each. Writes are serialised by a lock
and run in explicit transactions (`BEGIN TRANSACTION` … `COMMIT`).

Bulk path: `write_extractions` creates new nodes and edges of a table with `COPY … FROM` an
Arrow table built in memory when there are at least `copy_min_rows` of them (fewer go through
`UNWIND … CREATE`). COPY runs inside the batch's transaction (a crash or an error rolls the
whole batch back, as the SIGKILL contract test checks). LadybugDB 0.22 checkpoints at every
COMMIT that follows a COPY, rewriting the CSR adjacency of the rel tables it touched: the cost
of a commit grows with the store (0.35 s on an empty one, 1.5-2 s at 100k articles), so bulk
loads should come in large batches (see `benchmarks/graph_bench.py --batch`). A second COPY
into the same node table in one transaction crashes LadybugDB 0.22, hence at most one per
table (`_copied`).

Durability: a commit is durable once in the write-ahead log (`graph.lbug.wal`); a checkpoint
folds the log into `graph.lbug`. `start_checkpoints(interval)` checkpoints every `interval` s
when something was written (what a lost WAL can lose is bounded by it), and `close()`
checkpoints explicitly and raises when that fails (the log then still holds the writes). A
zero-length or unreadable store file is refused at open, never replaced by an empty store. After
an I/O error (disk full) LadybugDB 0.22 can neither write nor close safely (its next write
hangs, its close aborts the process): the store then refuses writes (`write_error`) and
`close()` leaves the engine open for the process to exit. `probe_writable()` is the cheap check
`/ready` makes; `salvage_wal()` replays a damaged log up to its last complete commit.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from pathlib import Path
from typing import Any

import ladybug as lb
import pyarrow as pa
import structlog

from graph import schema, statements
from graph.errors import GraphError, StoreLocked, StoreUnavailable
from graph.rows import ExtractionRows, TupleRows, entity_row, merge_entity_rows
from graph.store.base import GraphStore, Tx, chunks
from graph.store.durability import (
    Durability,
    check_store_file,
    is_io_error,
    recovery_hint,
    wal_path,
)

log = structlog.get_logger("graph.store")

_ENDPOINTS = itemgetter("src", "dst")


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


_ARROW_TYPES = {schema.STRING: pa.string(), schema.INT64: pa.int64(),
                schema.STRING_LIST: pa.list_(pa.string()), schema.INT64_LIST: pa.list_(pa.int64())}


def _arrow_table(rows: Sequence[dict], cols: list[tuple[str, str]]) -> pa.Table:
    """The rows as a columnar table with the store's column types (ISO strings → DATE)."""
    fields = [(p, pa.string() if t == schema.DATE else _ARROW_TYPES[t]) for p, t in cols]
    if isinstance(rows, TupleRows):
        columns = rows.columns()
        table = pa.table({p: pa.array(columns[p], t) if p in columns else pa.nulls(len(rows), t)
                          for p, t in fields})
    else:
        table = pa.Table.from_pylist(rows, schema=pa.schema(fields))
    for i, (prop, typ) in enumerate(cols):
        if typ == schema.DATE:
            table = table.set_column(i, prop, table.column(i).cast(pa.date32()))
    return table


def _translate(e: Exception, path: Path | None, *, opening: bool = False) -> GraphError:
    text = str(e)
    if "lock" in text.lower():
        return StoreLocked(
            f"the graph store at {path} is already open read-write by another process "
            f"({text.splitlines()[0]}). Stop that process (the API server or worker), or open "
            "this store read-only, or point this process to another data directory.")
    if opening and path is not None:
        first = text.splitlines()[0] if text else type(e).__name__
        wal = wal_path(path)
        if "wal" in text.lower() or (wal.exists() and "not a valid" not in text.lower()):
            return StoreUnavailable(
                f"the graph store {path} cannot be opened: its write-ahead log {wal} is "
                f"damaged ({first}); a full disk or a crash can cut it short. Run "
                "`diplograph recover` to replay it up to its last complete commit (a copy "
                "of the damaged log is kept), or restore a backup (`diplograph restore "
                "BACKUP`).")
        return StoreUnavailable(f"the graph store file {path} is damaged or not a LadybugDB "
                                f"store ({first}). " + recovery_hint(path))
    return StoreUnavailable(f"LadybugDB failed: {text}")


class LadybugStore(Durability, GraphStore):
    """The embedded store on a LadybugDB directory (created with its schema on first open)."""

    engine = "ladybug"

    def __init__(self, path: Path | None, *, read_only: bool = False,
                 buffer_pool_size: int = 0, copy_min_rows: int = 32,
                 salvage_wal: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        # Bulk writes of at least this many new nodes (or edges) of one table go through
        # `COPY … FROM` an Arrow table (5-10x faster than `UNWIND … CREATE`); fewer go row-wise.
        self.copy_min_rows = copy_min_rows
        self._copied: set[str] = set()  # node tables COPYed into in the open transaction
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            check_store_file(self.path)
        try:
            self._db = lb.Database(str(self.path) if self.path else ":memory:",
                                   read_only=read_only, buffer_pool_size=buffer_pool_size,
                                   throw_on_wal_replay_failure=not salvage_wal)
        except Exception as e:  # ladybug raises RuntimeError for everything
            raise _translate(e, self.path, opening=True) from e
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._conns: list[lb.Connection] = []
        self._conns_lock = threading.Lock()
        self._closed = False
        self._init_durability()
        # a log replayed at open is folded into the store at the first checkpoint
        self._dirty = self.path is not None and wal_path(self.path).exists()
        if not read_only:
            conn = self._conn()
            for ddl in schema.ladybug_ddl():
                self._exec(conn, ddl, {})
            self._migrate(conn)
            self._sync_search_entries()

    def _migrate(self, conn: lb.Connection) -> None:
        """Add the columns a store written by an older schema lacks (null until backfilled)."""
        for node in schema.ALL_NODES:
            have = {r["name"] for r in self._exec(conn, statements.ladybug_columns(node.name), {})}
            for prop in node.properties:
                if prop not in have:
                    self._exec(conn, statements.ladybug_add_column(node.name, prop), {})

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
            if is_io_error(str(e)) and self.write_error is None:
                self.write_error = str(e).splitlines()[0]
                log.error("store_io_error", path=str(self.path), error=self.write_error)
            raise _translate(e, self.path) from e

    def _read(self, text: str, params: dict[str, Any]) -> list[dict]:
        return self._exec(self._conn(), text, params)

    @contextmanager
    def _transaction(self) -> Iterator[Tx]:
        if self.read_only:
            raise StoreUnavailable("this graph store was opened read-only; writes are refused")
        conn = self._conn()
        with self._write_lock:
            self._refuse_if_broken()
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
            self._exec(conn, "COMMIT", {})
            self._dirty = True

    def _create_nodes(self, tx: Tx, label: str, rows: list[dict]) -> None:
        # callers COPY into a node table at most once per transaction: a second COPY into the
        # same node table in one transaction crashes LadybugDB 0.22 (segfault)
        if len(rows) < self.copy_min_rows or label in self._copied:
            super()._create_nodes(tx, label, rows)
            return
        self._copied.add(label)
        tx(statements.ladybug_copy_node(label), rows=_arrow_table(rows, statements.copy_columns(label)))

    def _create_rels(self, tx: Tx, rel: str, src: str, dst: str, rows: list[dict]) -> None:
        """Create edges known to be absent, between nodes known to exist."""
        if len(rows) < self.copy_min_rows:
            for chunk in chunks(rows):
                tx(statements.upsert_rel(rel, src, dst, create=True), rows=chunk)
            return
        table = _arrow_table(rows, statements.copy_columns(rel))
        tx(statements.ladybug_copy_rel(rel, src, dst), rows=table)

    def _write_rows(self, tx: Tx, plan: ExtractionRows, prune: dict[str, set[str]]
                    ) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        """Look nodes and edges up by primary key, create only what is missing (COPY) and
        update only what differs (see `GraphStore._write_rows` for the rules).

        Lookup-then-create is no race here: one process owns the database read-write and
        `_transaction` serialises its writers. Returns the entities that gained an event link
        and the entities created.
        """
        linked: dict[str, set[str]] = {}
        created: dict[str, set[str]] = {}
        entries: list[dict] = []  # one COPY per table and transaction (a second one crashes
        for label in schema.ENTITY_LABELS:  # LadybugDB 0.22)
            merged = merge_entity_rows(label, plan.nodes.get(label, []))
            stubs = {r["id"]: r for r in plan.stubs.get(label, []) if r["id"] not in merged}
            ids = sorted(merged) + sorted(stubs)
            if not ids:
                continue
            stored = {r["id"]: r for r in self._lookup(tx, statements.read_aliases(label), ids)}
            updates = []
            for eid, row in merged.items():
                old = stored.get(eid)
                if old is None:
                    continue
                old_aliases = set(old["aliases"] or [])
                if not old_aliases <= set(row["aliases"]):
                    row = entity_row(eid, label, row["name"],
                                     sorted(old_aliases | set(row["aliases"])))
                if row["name"] != old["name"] or sorted(old_aliases) != row["aliases"]:
                    updates.append(row)
            creates = [r for eid, r in merged.items() if eid not in stored]
            creates += [r for eid, r in stubs.items() if eid not in stored]
            self._create_nodes(tx, label, creates)
            entries += creates
            created[label] = {r["id"] for r in creates}
            for chunk in chunks(updates):
                tx(statements.update_node(label), rows=chunk)
                tx(statements.update_node(schema.SEARCH_LABEL), rows=chunk)
        self._create_nodes(tx, schema.SEARCH_LABEL, entries)
        events = list({r["id"]: r for r in plan.nodes.get("Event", [])}.values())
        stored_events = {r["id"]: r for r in self._lookup(tx, statements.read_events(),
                                                          [r["id"] for r in events])}
        old_events = set(stored_events)
        self._create_nodes(tx, "Event", [r for r in events if r["id"] not in old_events])
        changed = [r for r in events if r["id"] in old_events and
                   (stored_events[r["id"]]["kind"], stored_events[r["id"]]["date"])
                   != (r["kind"], r["date"])]
        for chunk in chunks(changed):
            tx(statements.update_node("Event"), rows=chunk)
        self._create_nodes(tx, "Article", plan.nodes.get("Article", []))
        for (rel, src, dst), rows in sorted(plan.rels.items()):
            if rel in ("REPORTED_IN", "MENTIONS"):  # unique per article, and the article is new
                self._create_rels(tx, rel, src, dst, rows)
                continue
            # last one wins
            uniq = list(dict(zip(map(_ENDPOINTS, rows), rows, strict=True)).values())
            if rel in ("PARTICIPATED_IN", "ABOUT", "HELD_IN"):
                anchor = "dst" if rel == "PARTICIPATED_IN" else "src"
                new = [r for r in uniq if r[anchor] not in old_events]
                old = [r for r in uniq if r[anchor] in old_events]
            else:
                new, old, anchor = [], uniq, "src"
            if old:
                props = tuple(schema.REL_BY_NAME[rel].properties)
                stored_rels = {(r["src"], r["dst"]): r for r in self._lookup(
                    tx, statements.read_rels(rel, src, dst, anchor), sorted({r[anchor] for r in old}))}
                new += [r for r in old if (r["src"], r["dst"]) not in stored_rels]
                differ = [r for r in old if (r["src"], r["dst"]) in stored_rels and any(
                    stored_rels[(r["src"], r["dst"])][p] != r[p] for p in props)]
                for chunk in chunks(differ):
                    tx(statements.update_rel(rel, src, dst), rows=chunk)
            self._create_rels(tx, rel, src, dst, new)
            if rel in ("PARTICIPATED_IN", "ABOUT", "HELD_IN") and new:
                end, label = ("src", src) if rel == "PARTICIPATED_IN" else ("dst", dst)
                linked.setdefault(label, set()).update(r[end] for r in new)
        self._prune(tx, prune)
        return linked, created

    def close(self) -> None:
        """Checkpoint, then close. Raises StoreUnavailable when the checkpoint fails (the
        engine is closed anyway, and its log keeps the writes for the next open)."""
        if self._closed:
            return
        self._stop_checkpoints()
        failure: GraphError | None = None
        if not self.read_only and self.path is not None and self.write_error is None:
            try:
                self.checkpoint()
            except GraphError as e:
                failure = e
        self._closed = True
        if self.write_error is not None:
            # LadybugDB 0.22 aborts the process when it closes after an I/O error: leave
            # the engine to the process's exit (the commands end with os._exit).
            _ABANDONED.append(self._db)
            raise StoreUnavailable(
                f"the graph store {self.path} was not closed cleanly after an I/O error "
                f"({self.write_error}); what was committed before it is in {wal_path(self.path)}"
                ". Free disk space and start again; if the log is reported damaged, run "
                "`diplograph recover`.")
        with self._conns_lock:
            for conn in self._conns:
                conn.close()
            self._conns.clear()
        self._db.close()
        if failure is not None:
            raise failure


_ABANDONED: list[Any] = []  # engines left open after an I/O error (see LadybugStore.close)


def salvage_wal(path: Path) -> Path | None:
    """Open a store whose write-ahead log is damaged, replaying the log up to its last
    complete commit, and checkpoint it. A copy of the damaged log is kept beside it first.

    Returns the copy (None when there was no log). Raises StoreLocked / StoreUnavailable.
    """
    check_store_file(path)
    wal = wal_path(path)
    kept = None
    if wal.exists():
        kept = wal.with_name(f"{wal.name}.damaged-{time.strftime('%Y%m%dT%H%M%S')}")
        shutil.copy2(wal, kept)
    store = LadybugStore(path, salvage_wal=True)
    store.close()
    return kept
