"""API benchmark: `/meetings` throughput on a synthetic 100k-article graph, and the time from
`POST /articles` to the facts being queryable with a warm worker.

Both parts run the real server (`diplograph serve`, uvicorn) in a subprocess on loopback and
drive it with a small keep-alive HTTP/1.1 load generator (asyncio), bounded in time.

    python benchmarks/api_bench.py                    # both parts, full size (builds the graph)
    python benchmarks/api_bench.py --scale 0.1        # a tenth of the graph
    python benchmarks/api_bench.py --part meetings --data-dir /tmp/bench100k   # reuse a graph
    python benchmarks/api_bench.py --part ingest
    python benchmarks/api_bench.py --part graph-under-ingest --concurrency 8

Targets (issue 5): /meetings >= 300 requests/s with p99 <= 50 ms; POST->queryable <= 2 s p95.
Target (issue 14): `/graph` at concurrency 8 while articles are ingested >= 50 % of its idle
throughput (both measured in one run, on the same server).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


# -- server ----------------------------------------------------------------------------------
def start_server(data_dir: Path, port: int, *, worker: bool) -> subprocess.Popen[bytes]:
    env = os.environ | {"DIPLOGRAPH_DATA_DIR": str(data_dir), "DIPLOGRAPH_LOG_LEVEL": "WARNING",
                        "DIPLOGRAPH_PORT": str(port), "DIPLOGRAPH_HOST": "127.0.0.1"}
    env.pop("DIPLOGRAPH_API_KEY", None)  # loopback writes are allowed without a key
    cmd = [sys.executable, "-c", "from app.cli import main; main()", "serve",
           "--worker" if worker else "--no-worker"]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    wait_ready(port, proc, path="/ready", timeout=300)
    time.sleep(0.5)
    if proc.poll() is not None:
        raise SystemExit(f"server exited with {proc.returncode} (port {port} taken?)")
    return proc


def wait_ready(port: int, proc: subprocess.Popen[bytes], path: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise SystemExit(f"server not ready after {timeout}s")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


# -- load generator --------------------------------------------------------------------------
async def _connection(port: int, paths: list[str], stop: float, latencies: list[float],
                      statuses: dict[int, int], rnd: random.Random,
                      queue: list[str] | None = None) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < stop:
            if queue is not None:
                if not queue:
                    break
                path = queue.pop()
            else:
                path = rnd.choice(paths)
            started = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split()[1])
            length = next(int(x.split(":", 1)[1]) for x in lines
                          if x.lower().startswith("content-length:"))
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            statuses[status] = statuses.get(status, 0) + 1
    finally:
        writer.close()


async def load(port: int, paths: list[str], seconds: float, concurrency: int,
               seed: int = 3, once: bool = False) -> tuple[list[float], dict[int, int], float]:
    """Random paths for `seconds` on `concurrency` connections (or each path once)."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    started = time.perf_counter()
    stop = started + seconds
    queue = list(reversed(paths)) if once else None
    await asyncio.gather(*(_connection(port, paths, stop, latencies, statuses,
                                       random.Random(seed + i), queue)
                           for i in range(concurrency)))
    return latencies, statuses, time.perf_counter() - started


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def report(name: str, latencies: list[float], statuses: dict[int, int], elapsed: float) -> None:
    print(f"{name}: {len(latencies)} requests in {elapsed:.1f}s = "
          f"{len(latencies) / elapsed:,.0f} req/s; latency p50 {pct(latencies, 50):.1f} ms, "
          f"p95 {pct(latencies, 95):.1f} ms, p99 {pct(latencies, 99):.1f} ms, "
          f"max {max(latencies) * 1000:.1f} ms; statuses {dict(sorted(statuses.items()))}")


# -- part 1: /meetings -----------------------------------------------------------------------
def build_graph(data_dir: Path, scale: float) -> list:  # type: ignore[type-arg]
    import graph_bench

    from graph.store import StoreConfig, open_store

    n_a, n_e, n_p = (max(10, int(x * scale)) for x in (100_000, 50_000, 20_000))
    extractions = graph_bench.build(n_a, n_e, n_p)
    marker = data_dir / "bench.json"
    if marker.exists() and json.loads(marker.read_text())["articles"] == n_a:
        print(f"reusing the {n_a}-article graph in {data_dir}")
        return extractions
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    store = open_store(StoreConfig(path=data_dir / "graph.lbug"))
    started = time.perf_counter()
    for i in range(0, n_a, 2000):
        store.write_extractions(extractions[i:i + 2000])
    print(f"built {n_a} articles, {n_e} events, {n_p} persons in "
          f"{time.perf_counter() - started:.0f}s: {store.run('statistics')[0]['labels']}")
    store.close()
    marker.write_text(json.dumps({"articles": n_a}))
    return extractions


def bench_meetings(args: argparse.Namespace) -> None:
    data_dir = args.data_dir or Path(tempfile.gettempdir()) / f"diplograph-bench-{args.scale}"
    extractions = build_graph(data_dir, args.scale)
    rnd = random.Random(5)
    names = {e.id: e for x in extractions for e in x.entities}
    pool = []
    events = [ev for x in extractions for ev in x.events]
    for _ in range(args.pool):
        ev = rnd.choice(events)
        person = names[ev.participants[0].entity]
        topic = names[rnd.choice(ev.topics)]
        # names as users type them: an alias or the full name, and the topic's name
        who = rnd.choice([person.name, *person.aliases])
        pool.append("/meetings?" + urllib.parse.urlencode({"person": who, "topic": topic.name}))
    proc = start_server(data_dir, args.port, worker=False)
    try:
        cold = asyncio.run(load(args.port, pool, 600, args.concurrency, once=True))
        report(f"cold: each of the {len(pool)} distinct queries once (name resolution and "
               f"who_met run in the store)", *cold)
        hot = asyncio.run(load(args.port, pool, args.seconds, args.concurrency, seed=4))
        report(f"warm: random picks among the same {len(pool)} queries, {args.concurrency} "
               f"connections, {args.seconds:.0f}s", *hot)
        latencies, _, elapsed = hot
        ok = len(latencies) / elapsed >= 300 and pct(latencies, 99) <= 50
        print(f"target >= 300 req/s, p99 <= 50 ms: {'MET' if ok else 'NOT MET'}")
    finally:
        stop_server(proc)


# -- part 2: POST -> queryable ---------------------------------------------------------------
def _post(port: int, text: str) -> str:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/articles", data=text.encode(),
                                     headers={"content-type": "text/plain"}, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["id"]


def _status(port: int, article_id: str) -> dict:  # type: ignore[type-arg]
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/articles/{article_id}", timeout=30) as r:
        return json.loads(r.read())


def _queryable(port: int, article_id: str, timeout: float = 60) -> tuple[float, dict]:  # type: ignore[type-arg]
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        body = _status(port, article_id)
        if body["status"] in ("done", "failed"):
            return time.perf_counter() - started, body
        time.sleep(0.01)
    raise SystemExit(f"{article_id} not processed in {timeout}s")


def bench_ingest(args: argparse.Namespace) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="diplograph-ingest-bench-"))
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    proc = start_server(data_dir, args.port, worker=True)
    try:
        _queryable(args.port, _post(args.port, seeds[0]))  # warm-up
        timings = []
        for i in range(args.posts):
            text = seeds[i % len(seeds)] + f"\n\n({i})"  # new content, so a new article
            started = time.perf_counter()
            article_id = _post(args.port, text)
            _, body = _queryable(args.port, article_id)
            elapsed = time.perf_counter() - started
            assert body["status"] == "done", body
            timings.append(elapsed)
        print(f"POST /articles -> done and queryable, {len(timings)} seed-sized articles, warm "
              f"worker: p50 {pct(timings, 50):.0f} ms, p95 {pct(timings, 95):.0f} ms, "
              f"max {max(timings) * 1000:.0f} ms, mean {statistics.mean(timings) * 1000:.0f} ms")
        print(f"target p95 <= 2000 ms: {'MET' if pct(timings, 95) <= 2000 else 'NOT MET'}")
    finally:
        stop_server(proc)
        shutil.rmtree(data_dir, ignore_errors=True)


# -- part 3: /graph while ingesting ----------------------------------------------------------
def _ingest_texts() -> list[str]:
    """Test-written articles (fr/ar/en) and the seeds: what the worker ingests."""
    files = sorted((ROOT / "tests" / "data" / "multiworker").glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in files + sorted((ROOT / "seeds").glob("*.txt"))]


def _poster(port: int, texts: list[str], stop: threading.Event, done: list[str]) -> None:
    """Post `texts` (then new variants of them) one at a time until `stop`, waiting for each."""
    i = 0
    while not stop.is_set():
        text = texts[i % len(texts)] + ("" if i < len(texts) else f"\n\n({i})")
        article_id = _post(port, text)
        while not stop.is_set() and _status(port, article_id)["status"] not in ("done", "failed"):
            time.sleep(0.02)
        done.append(article_id)
        i += 1


def bench_graph_under_ingest(args: argparse.Namespace) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="diplograph-graph-bench-"))
    texts = _ingest_texts()
    first, rest = texts[: len(texts) // 2], texts[len(texts) // 2:]
    proc = start_server(data_dir, args.port, worker=True)
    try:
        ids = [_post(args.port, t) for t in first]
        centers: set[str] = set()
        for article_id in ids:
            _, body = _queryable(args.port, article_id, timeout=300)
            for ent in (body.get("extraction") or {}).get("entities", []):
                if ent["type"] in ("Person", "Country", "Organisation"):
                    centers.add(ent["id"])
        pool = [f"/graph?{urllib.parse.urlencode({'center': c, 'depth': 1})}"
                for c in sorted(centers)]
        print(f"{len(ids)} articles ingested; {len(pool)} /graph centres")
        idle = asyncio.run(load(args.port, pool, args.seconds, args.concurrency, seed=7))
        report(f"idle: /graph, {args.concurrency} connections", *idle)
        stop, posted = threading.Event(), []
        poster = threading.Thread(target=_poster, args=(args.port, rest, stop, posted),
                                  daemon=True)
        poster.start()
        time.sleep(1.0)  # the worker is busy from here on
        busy = asyncio.run(load(args.port, pool, args.seconds, args.concurrency, seed=7))
        stop.set()
        poster.join(timeout=120)
        report(f"while ingesting ({len(posted)} articles done meanwhile): /graph, "
               f"{args.concurrency} connections", *busy)
        ratio = (len(busy[0]) / busy[2]) / (len(idle[0]) / idle[2])
        print(f"/graph throughput while ingesting = {ratio:.0%} of idle; target >= 50 %: "
              f"{'MET' if ratio >= 0.5 else 'NOT MET'}")
    finally:
        stop_server(proc)
        shutil.rmtree(data_dir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("meetings", "ingest", "graph-under-ingest", "all"),
                        default="all")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the 100k graph")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="where to build (or reuse) the synthetic graph")
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument("--seconds", type=float, default=20.0, help="load duration")
    parser.add_argument("--concurrency", type=int, default=4, help="keep-alive connections")
    parser.add_argument("--pool", type=int, default=300, help="distinct /meetings queries")
    parser.add_argument("--posts", type=int, default=20, help="articles for the ingest part")
    args = parser.parse_args()
    if not args.port:
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            args.port = sock.getsockname()[1]
    if args.part in ("meetings", "all"):
        bench_meetings(args)
    if args.part in ("ingest", "all"):
        bench_ingest(args)
    if args.part in ("graph-under-ingest", "all"):
        bench_graph_under_ingest(args)


if __name__ == "__main__":
    main()
