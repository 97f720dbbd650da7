"""The bare Neo4j server's write rates, with no diplograph code in the way.

    NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_USER=neo4j NEO4J_PASSWORD=… \
        python benchmarks/neo4j_floor.py [--rows 100000]

Creates two labels with uniqueness constraints in the database NEO4J_URI points at, then times
single `UNWIND $rows` statements: CREATE and MERGE of nodes, and CREATE and MERGE of
relationships between nodes found through those constraints. Those are the cheapest statements
that can write a graph like ours, so their rates bound what `graph_bench.py --engine neo4j` can
reach on that server (edges per second of the whole write). It removes everything it created.
"""

# ruff: noqa: T201  (a benchmark prints its figures)

from __future__ import annotations

import argparse
import os
import sys
import time

from neo4j import GraphDatabase

LABELS = ("FloorBenchA", "FloorBenchB")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=100_000, help="rows per statement")
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
        driver.close()
    print(f"bare Neo4j at {uri}, {n:,} rows per statement:")
    for name, rate in rates.items():
        print(f"  {name:12s} {rate:10,.0f} rows/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
