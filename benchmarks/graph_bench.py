"""Graph store benchmark: bulk write and hot queries on a synthetic graph.

Generates N articles, M events and P persons (default 100k / 50k / 20k, as in issue 4),
writes them through the public bulk API (`GraphStore.write_extractions`; one transaction per
batch on LadybugDB, transactions under the memory cap on Neo4j) and times "who met X about
Y", name search and timeline over at least 200 queries
each. Prints write throughput (with where the write time goes: engine statements, COMMIT,
Python; on Neo4j a statement's time includes sending its rows and reading its results; the
server's own floor is `benchmarks/neo4j_floor.py`), query p50/p95/p99, store size on disk,
process RSS and the load average (the machine is shared: compare figures within one run).

    python benchmarks/graph_bench.py                       # full size, LadybugDB in a temp dir
    python benchmarks/graph_bench.py --scale 0.1           # a tenth of the size
    python benchmarks/graph_bench.py --engine neo4j        # NEO4J_URI/USER/PASSWORD (EMPTIES it)
    python benchmarks/graph_bench.py --engine both         # both engines, one input, the ratios
"""

# ruff: noqa: T201  (a benchmark prints its figures)

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import logging  # noqa: E402

import structlog  # noqa: E402

from graph.store import StoreConfig, open_store  # noqa: E402
from ingest.models import EVENT_KINDS, Extraction  # noqa: E402

FIRST = ["Ahmed", "Yael", "Najla", "Sergei", "Ramtane", "Marie", "John", "Fatima", "Omar",
         "Leila", "Karim", "Anna", "Pierre", "Salma", "Youssef", "Elena", "Tariq", "Nadia"]
LAST = ["Lamamra", "Lampert", "Mangoush", "Lavrov", "Attaf", "Dubois", "Smith", "Haddad",
        "Benali", "Kovacs", "Martin", "Saidi", "Rahman", "Petrov", "Ouali", "Garcia"]


def _person(i: int) -> dict:
    first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
    name = f"{first} {last} {i}"
    return {"id": f"person:p{i}", "type": "Person", "name": name,
            "aliases": [f"{last} {i}", f"{first[0]}. {last} {i}"]}


def build(n_articles: int, n_events: int, n_persons: int, seed: int = 7) -> list[Extraction]:
    """Synthetic Extractions: each event has 2-3 participants, 1-2 topics, a place and is
    reported by 1-3 articles; every article reports at least one event or none at random."""
    rnd = random.Random(seed)
    countries = [{"id": f"country:C{i}", "type": "Country", "name": f"Country {i}",
                  "aliases": [f"Pays {i}"]} for i in range(200)]
    topics = [{"id": f"topic:t{i}", "type": "Topic", "name": f"Topic {i}", "aliases": []}
              for i in range(50)]
    places = [{"id": f"location:l{i}", "type": "Location", "name": f"City {i}", "aliases": [],
               "country": f"country:C{i % 200}"} for i in range(500)]
    by_id = {e["id"]: e for e in countries + topics + places}
    events = []
    for i in range(n_events):
        parts = rnd.sample(range(n_persons), rnd.choice((2, 2, 3)))
        day = rnd.randrange(1, 29)
        events.append({
            "id": f"event:e{i}", "kind": rnd.choice(EVENT_KINDS),
            "date": f"{rnd.randrange(2015, 2025)}-{rnd.randrange(1, 13):02d}-{day:02d}",
            "place": places[rnd.randrange(500)]["id"],
            "participants": [{"entity": f"person:p{p}", "role": r}
                             for p, r in zip(parts, ("host", "guest", "participant"),
                                             strict=False)],
            "topics": rnd.sample([c["id"] for c in countries[:40]] + [t["id"] for t in topics],
                                 rnd.choice((1, 2))),
            "evidence": [{"text": f"Evidence sentence for event {i}.", "start": 0, "end": 30}],
        })
    reports: list[list[dict]] = [[] for _ in range(n_articles)]
    for i, ev in enumerate(events):  # every event reported by 1-3 articles
        for a in {i % n_articles, *rnd.sample(range(n_articles), rnd.choice((0, 1, 2)))}:
            reports[a].append(ev)
    out = []
    for a, evs in enumerate(reports):
        ids = list(dict.fromkeys(
            [p["entity"] for ev in evs for p in ev["participants"]]
            + [t for ev in evs for t in ev["topics"]] + [ev["place"] for ev in evs]))
        entities = [_person(int(i.split(":p")[1])) if i.startswith("person:") else by_id[i]
                    for i in ids]
        out.append(Extraction.model_validate({
            "article": {"id": f"article:a{a}", "lang": ("fr", "ar", "en")[a % 3],
                        "date": "2023-05-01", "title": f"Article {a}", "source": f"bench/{a}"},
            "entities": entities, "events": evs}))
    return out


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def _time(fn, args_list) -> tuple[float, float, float, float]:  # type: ignore[no-untyped-def]
    times = []
    for args in args_list:
        t = time.perf_counter()
        fn(**args)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), _pct(times, 95), _pct(times, 99), max(times)


def _queries(sample: list[Extraction], n_persons: int, n: int,
             seed: int) -> tuple[list[dict], list[dict], list[dict]]:
    """`n` parameter sets each for who_met, timeline and search_entities, drawn with `seed`."""
    rnd = random.Random(seed)
    who, tl, search = [], [], []
    for _ in range(n):
        ev = rnd.choice(rnd.choice(sample).events)
        who.append({"person": ev.participants[0].entity, "topic": rnd.choice(ev.topics)})
        tl.append({"person": ev.participants[-1].entity})
        p = _person(rnd.randrange(n_persons))
        text = rnd.choice([p["name"], *p["aliases"]])
        search.append({"q": text[: rnd.randrange(3, len(text) + 1)], "limit": 20})
    return who, tl, search


def _load() -> str:
    loads = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"load average {loads} ({os.cpu_count()} CPUs)"


def _rss_mb() -> tuple[float, float]:
    current = 0.0
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                current = int(line.split()[1]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return current, peak


def _size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def bench_engine(engine: str, extractions: list[Extraction], n_rels: int, n_events: int,
                 n_persons: int, args: argparse.Namespace, path: Path) -> dict[str, tuple]:
    """Write the extractions to a fresh store of `engine`, time the hot queries; print both."""
    print(f"--- {engine} ---")
    if engine == "ladybug":
        store = open_store(StoreConfig(path=path))
    else:
        store = open_store(StoreConfig(
            engine="neo4j", neo4j_uri=os.environ["NEO4J_URI"],
            neo4j_user=os.environ.get("NEO4J_USER", "neo4j"),
            neo4j_password=os.environ.get("NEO4J_PASSWORD", "")))
        if not args.reuse:
            store.clear()
    spent = {"COMMIT": 0.0, "statements": 0.0}
    if engine == "ladybug":  # where the write time goes
        exec_ = store._exec

        def timed_exec(conn, text, params):  # type: ignore[no-untyped-def]
            t = time.perf_counter()
            try:
                return exec_(conn, text, params)
            finally:
                spent["COMMIT" if text == "COMMIT" else "statements"] += time.perf_counter() - t
        store._exec = timed_exec  # type: ignore[method-assign]
    else:  # Neo4j: time each statement (sent, run, results read) and each whole transaction
        write_tx = store._write_tx

        def timed_write_tx(work):  # type: ignore[no-untyped-def]
            def timed_work(tx):  # type: ignore[no-untyped-def]
                def timed_tx(text, **params):  # type: ignore[no-untyped-def]
                    t = time.perf_counter()
                    try:
                        return tx(text, **params)
                    finally:
                        spent["statements"] += time.perf_counter() - t
                return work(timed_tx)
            t, before = time.perf_counter(), spent["statements"]
            try:
                return write_tx(timed_work)
            finally:  # the transaction's time outside its statements: mostly COMMIT
                spent["COMMIT"] += time.perf_counter() - t - (spent["statements"] - before)
        store._write_tx = timed_write_tx  # type: ignore[method-assign]
    n_a = len(extractions)
    t0 = time.perf_counter()
    for i in range(0, n_a if not args.reuse else 0, args.batch):
        store.write_extractions(extractions[i:i + args.batch])
    write_s = max(time.perf_counter() - t0, 1e-9)
    if engine == "ladybug":
        store._exec = exec_  # type: ignore[method-assign]
    else:
        store._write_tx = write_tx  # type: ignore[method-assign]
    atomic = ("one transaction each" if store.max_tx_rows is None else
              f"split into transactions of <= {store.max_tx_rows:,} rows")
    if args.reuse:
        print("bulk write: skipped (--reuse)")
    else:
        print(f"bulk write: {write_s:.1f}s  {n_events / write_s:,.0f} events/s  "
              f"{n_a / write_s:,.0f} articles/s  {n_rels / write_s:,.0f} edges/s "
              f"(batches of {args.batch} articles, {atomic})")
    if not args.reuse:
        py = write_s - spent["COMMIT"] - spent["statements"]
        what = "rows, Arrow tables, diffs" if engine == "ladybug" else "rows"
        print(f"  write time: engine statements {spent['statements']:.1f}s, COMMIT "
              f"{spent['COMMIT']:.1f}s, Python ({what}) {py:.1f}s; {_load()}")
    print("statistics:", store.run("statistics")[0])

    sample = [x for x in extractions if x.events]
    who, tl, search = _queries(sample, n_persons, args.queries, seed=11)
    if args.warmup:  # other people: plans compiled and caches warm, not the answers timed
        for fn, params in zip(("who_met", "timeline", "search_entities"),
                              _queries(sample, n_persons, args.warmup, seed=5), strict=True):
            _time(lambda fn=fn, **k: store.run(fn, **k), params)
        print(f"reads timed after {args.warmup} untimed warm-up queries of each kind")
    results: dict[str, tuple] = {
        "write events/s": (n_events / write_s,),
        "who_met (person + topic)": _time(lambda **k: store.run("who_met", **k), who),
        "search_entities (prefix)": _time(lambda **k: store.run("search_entities", **k), search),
        "timeline": _time(lambda **k: store.run("timeline", **k), tl),
    }
    for name, times in list(results.items())[1:]:
        p50, p95, p99, worst = times
        print(f"{name:28s} p50 {p50:6.2f} ms  p95 {p95:6.2f} ms  p99 {p99:6.2f} ms  "
              f"max {worst:7.2f} ms  ({args.queries} queries)")
    print(_load())
    rss, peak = _rss_mb()
    store.close()
    if engine == "ladybug":
        print(f"store size on disk: {_size_mb(path):.1f} MiB ({path})")
    print(f"process RSS: {rss:.0f} MiB now, {peak:.0f} MiB peak (includes the generated input)")
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--events", type=int, default=50_000)
    ap.add_argument("--persons", type=int, default=20_000)
    ap.add_argument("--batch", type=int, default=100_000,
                    help="articles per write_extractions call (LadybugDB: one transaction each, "
                         "and it checkpoints at every COMMIT after a COPY, so a bulk load wants "
                         "few, large batches: 2,000 gives ~450 events/s, 100,000 ~5,000; Neo4j "
                         "splits a call into transactions under its memory cap)")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--warmup", type=int, default=30,
                    help="untimed queries of each kind before the timed ones, on other "
                         "people (query plans compiled, caches warm: the steady state a "
                         "serving API sees; 0 times the cold start too)")
    ap.add_argument("--engine", choices=("ladybug", "neo4j", "both"), default="ladybug",
                    help="'both': LadybugDB then Neo4j on the same input, with the ratios")
    ap.add_argument("--path", type=Path, default=None, help="LadybugDB path (default: temp)")
    ap.add_argument("--reuse", action="store_true",
                    help="query the store as it is (written by an earlier run; LadybugDB: "
                         "the one at --path)")
    args = ap.parse_args()
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.INFO))
    n_a, n_e, n_p = (max(10, int(x * args.scale)) for x in (args.articles, args.events,
                                                             args.persons))
    tmp = Path(tempfile.mkdtemp(prefix="diplograph-bench-"))
    path = args.path or tmp / "graph.lbdb"
    print(_load())
    t0 = time.perf_counter()
    extractions = build(n_a, n_e, n_p)
    n_rels = sum(len(ev.participants) + len(ev.topics) + 1 + bool(ev.place)
                 for x in extractions for ev in x.events)
    n_rels += sum(len(x.entities) for x in extractions)
    print(f"generated {n_a} articles, {n_e} events, {n_p} persons "
          f"({n_rels} edges incl. article edges) in {time.perf_counter() - t0:.1f}s")
    engines = ("ladybug", "neo4j") if args.engine == "both" else (args.engine,)
    results = {e: bench_engine(e, extractions, n_rels, n_e, n_p, args, path) for e in engines}
    if len(results) == 2:
        lb, neo = results["ladybug"], results["neo4j"]
        print("--- neo4j / ladybug (same run, same input) ---")
        neo_w, lb_w = neo["write events/s"][0], lb["write events/s"][0]
        if not args.reuse:
            print(f"write events/s: {neo_w:,.0f} vs {lb_w:,.0f} ({neo_w / lb_w:.2f}x)")
        for name in list(lb)[1:]:
            print(f"{name:28s} p95 {neo[name][1]:6.2f} vs {lb[name][1]:6.2f} ms "
                  f"({neo[name][1] / lb[name][1]:.2f}x)")
    if args.path is None:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
