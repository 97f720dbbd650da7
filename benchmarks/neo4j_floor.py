"""The bare Neo4j server's write rates, with no diplograph code in the way.

    NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_USER=neo4j NEO4J_PASSWORD=… \\
        python benchmarks/neo4j_floor.py [--rows 100000] [--graph 0.5]

Creates two labels with uniqueness constraints in the database NEO4J_URI points at, then times
single `UNWIND $rows` statements: CREATE and MERGE of nodes, and CREATE and MERGE of
relationships between nodes found through those constraints. Those are the cheapest statements
that can write a graph like ours, so their rates bound what `graph_bench.py --engine neo4j` can
reach on that server (edges per second of the whole write).

`--graph SCALE` also writes the very graph `graph_bench.py --scale SCALE` writes (same nodes,
edges and property values, search entries included, under labels and types of its own with the
same constraints and indexes) with nothing but CREATE statements of 10,000 rows in
transactions of at most 120,000 rows, as the store cuts them: no MERGE, no lookup of what
exists, no alias union, no event counts. Its events/s is the most the product's write could
reach on this server; compare it with `graph_bench.py --engine neo4j` in the same session.
It removes everything it created.
"""

# ruff: noqa: T201  (a benchmark prints its figures)

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from neo4j import GraphDatabase

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

LABELS = ("FloorBenchA", "FloorBenchB")
PREFIX = "Floor"  # --graph: FloorArticle, FLOOR_MENTIONS, …
STATEMENT_ROWS = 10_000
TX_ROWS = 120_000


def graph_floor(driver, scale: float) -> tuple[dict[str, int], float, float]:  # type: ignore[no-untyped-def]
    """Write graph_bench's graph at `scale` with bare CREATEs: (counts, write s, commit s)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from graph_bench import build  # the benchmark's own generator

    from graph import schema
    from graph.rows import ExtractionRows, extraction_rows, merge_entity_rows

    n_a, n_e, n_p = (max(10, int(x * scale)) for x in (100_000, 50_000, 20_000))
    plan = ExtractionRows()
    for ext in build(n_a, n_e, n_p):
        extraction_rows(ext, into=plan)
    statements: list[tuple[str, list[dict]]] = []
    entries: list[dict] = []
    for node in schema.ALL_NODES:
        if node.name == schema.SEARCH_LABEL:
            continue
        rows = plan.nodes.get(node.name, [])
        if node.name in schema.ENTITY_LABELS:
            merged = merge_entity_rows(node.name, list(rows))
            stubs = {r["id"]: r for r in plan.stubs.get(node.name, []) if r["id"] not in merged}
            rows = [*merged.values(), *stubs.values()]
            entries += [{**{k: r[k] for k in ("id", "name", "type", "aliases", "search_keys")},
                         "events": 0} for r in rows]
        else:
            rows = list({r["id"]: r for r in rows}.values())
        statements.append((_create_node(node.name), rows))
    statements.append((_create_node(schema.SEARCH_LABEL, with_events=True), entries))
    for (rel, src, dst), rows in sorted(plan.rels.items()):
        uniq = list({(r["src"], r["dst"]): r for r in rows}.values())
        statements.append((_create_rel(rel, src, dst), uniq))
    counts = {"nodes": sum(len(r) for t, r in statements if "(n:" in t),
              "edges": sum(len(r) for t, r in statements if "(n:" not in t), "events": n_e}
    write = commit = 0.0
    with driver.session() as session:
        tx, in_tx = session.begin_transaction(), 0
        started = time.perf_counter()
        for text, rows in statements:
            for i in range(0, len(rows), STATEMENT_ROWS):
                chunk = rows[i:i + STATEMENT_ROWS]
                if in_tx and in_tx + len(chunk) > TX_ROWS:
                    t = time.perf_counter()
                    tx.commit()
                    commit += time.perf_counter() - t
                    tx, in_tx = session.begin_transaction(), 0
                tx.run(text, rows=chunk).consume()
                in_tx += len(chunk)
        t = time.perf_counter()
        tx.commit()
        commit += time.perf_counter() - t
        write = time.perf_counter() - started
    return counts, write, commit


def _create_node(label: str, *, with_events: bool = False) -> str:
    from graph import schema

    node = schema.NODE_BY_NAME[label]
    props = [(p, f"date(r.{p})" if t == schema.DATE else f"r.{p}")
             for p, t in node.properties.items()
             if p not in schema.DERIVED or with_events]
    body = ", ".join(f"{p}: {v}" for p, v in props)
    return f"UNWIND $rows AS r CREATE (n:{PREFIX}{label} {{{body}}})"


def _create_rel(rel: str, src: str, dst: str) -> str:
    from graph import schema

    props = ", ".join(f"{p}: r.{p}" for p in schema.REL_BY_NAME[rel].properties)
    return (f"UNWIND $rows AS r MATCH (a:{PREFIX}{src} {{id: r.src}}) "
            f"MATCH (b:{PREFIX}{dst} {{id: r.dst}}) "
            f"CREATE (a)-[:{PREFIX.upper()}_{rel} {{{props}}}]->(b)")


def graph_ddl(create: bool) -> list[str]:
    from graph import schema

    out = []
    for text in schema.neo4j_ddl():
        # "CREATE [TEXT ]INDEX|CONSTRAINT name IF NOT EXISTS FOR (n:Label) …"
        name = text.split(" IF NOT EXISTS")[0].split()[-1]
        if create:
            out.append(text.replace(f" {name} ", f" floor_{name} ").replace("(n:", f"(n:{PREFIX}"))
        else:
            kind = "CONSTRAINT" if " CONSTRAINT " in text else "INDEX"
            out.append(f"DROP {kind} floor_{name} IF EXISTS")
    return out


def cleanup_graph(driver) -> None:  # type: ignore[no-untyped-def]
    from graph import schema

    for label in (n.name for n in schema.ALL_NODES):
        while driver.execute_query(
                f"MATCH (n:{PREFIX}{label}) WITH n LIMIT 5000 DETACH DELETE n "
                "RETURN count(*) AS c").records[0]["c"]:
            pass
    for text in graph_ddl(create=False):
        driver.execute_query(text)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=100_000, help="rows per statement")
    ap.add_argument("--graph", type=float, default=None, metavar="SCALE",
                    help="also write graph_bench.py's graph at this --scale with bare CREATEs")
    args = ap.parse_args()
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        print("NEO4J_URI is not set: start a server (../shared/neo4j/neo4j-server start) and "
              "eval \"$(../shared/neo4j/neo4j-server env)\"", file=sys.stderr)
        return 2
    driver = GraphDatabase.driver(uri, auth=(os.environ.get("NEO4J_USER", "neo4j"),
                                             os.environ.get("NEO4J_PASSWORD", "")))

    def timed(text: str, **params: object) -> float:
        started = time.perf_counter()
        driver.execute_query(text, params)
        return time.perf_counter() - started

    def cleanup() -> None:
        for label in LABELS:
            while driver.execute_query(
                    f"MATCH (n:{label}) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS c"
                    ).records[0]["c"]:
                pass
            driver.execute_query(f"DROP CONSTRAINT {label.lower()}_id IF EXISTS")

    n = args.rows
    a, b = LABELS
    try:
        cleanup()
        for label in LABELS:
            driver.execute_query(f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS "
                                 f"FOR (n:{label}) REQUIRE n.id IS UNIQUE")
        ids = [{"id": f"n{i}"} for i in range(n)]
        pairs = [{"s": f"n{i}", "d": f"n{(i * 7) % n}"} for i in range(n)]
        match = f"UNWIND $rows AS r MATCH (a:{a} {{id: r.s}}) MATCH (b:{b} {{id: r.d}}) "
        rates = {
            "CREATE node": n / timed(f"UNWIND $rows AS r CREATE (:{a} {{id: r.id}})", rows=ids),
            "MERGE node": n / timed(f"UNWIND $rows AS r MERGE (:{b} {{id: r.id}})", rows=ids),
            "CREATE rel": n / timed(match + "CREATE (a)-[:FLOOR_C]->(b)", rows=pairs),
            "MERGE rel": n / timed(match + "MERGE (a)-[:FLOOR_M]->(b)", rows=pairs),
        }
    finally:
        cleanup()
    print(f"bare Neo4j at {uri}, {n:,} rows per statement:")
    for name, rate in rates.items():
        print(f"  {name:12s} {rate:10,.0f} rows/s")
    if args.graph is not None:
        try:
            cleanup_graph(driver)
            for text in graph_ddl(create=True):
                driver.execute_query(text)
            counts, write_s, commit_s = graph_floor(driver, args.graph)
        finally:
            cleanup_graph(driver)
        print(f"graph_bench --scale {args.graph} graph with bare CREATEs: {counts['nodes']:,} "
              f"nodes and {counts['edges']:,} edges in {write_s:.1f}s (COMMIT {commit_s:.1f}s): "
              f"{counts['events'] / write_s:,.0f} events/s, "
              f"{(counts['nodes'] + counts['edges']) / write_s:,.0f} rows/s")
    driver.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
