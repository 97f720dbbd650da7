"""Articles per second of `diplograph ingest --jobs 1` against `--jobs N`, and the same graph.

Builds about 200 articles from `seeds/` and, at run time, the texts of `../shared/devset/` and
`../shared/trainset/` (never copied into the repository), repeated when fewer than
`--articles`, each copy with a distinct last line (a distinct article: the id hashes the text). Each run is a fresh process ingesting them into a fresh data dir
(or an emptied Neo4j) through `app.batch.ingest_bulk`, the function the command calls; the
time counts everything after the imports: model loads, worker start-up, NLP, extraction and
writes. Prints articles/s per run, the ratio, and whether node and relationship counts and
every article's stored Extraction are identical.

Run: `python benchmarks/ingest_bench.py [--articles 200] [--jobs 2] [--rounds 1]`
     `python benchmarks/ingest_bench.py --engine neo4j`  # NEO4J_URI/USER/PASSWORD (EMPTIES it)
"""
# ruff: noqa: T201  (a benchmark prints its figures)

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def build_articles(n: int, out: Path) -> int:
    """Write up to `n` articles as JSON Lines into `out`; returns how many."""
    from app.batch import collect_files, read_files

    raws, _ = read_files(collect_files([ROOT / "seeds"]))
    pool = [{"text": r.text, "lang": r.lang, "date": r.date, "source": r.source or r.id}
            for r in raws]
    for path in (SHARED / "devset" / "articles.jsonl", SHARED / "trainset" / "articles.jsonl"):
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                obj = json.loads(line)
                pool.append({k: obj.get(k) for k in ("text", "lang", "date", "source")})
    rows = []
    for i in range(n):
        row = dict(pool[i % len(pool)])
        if i >= len(pool):  # a repeat: another article (the id hashes the text)
            copy = i // len(pool)
            row["source"] = f"{row['source']}#bench-copy-{copy}"
            row["text"] = f"{row['text']}\n\n[bench copy {copy}]"
        rows.append(row)
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                   encoding="utf-8")
    return len(rows)


def _machine_busy() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine (/proc/stat): how contended the run was."""
    try:
        ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return 0, 0
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)
    return sum(ticks) - idle, sum(ticks)


def run_one(jobs: int, data_dir: Path, file: Path, engine: str, batch: int | None) -> dict:
    """One measured ingest (in this process, which must be fresh); returns figures as a dict."""
    from app.batch import collect_files, ingest_bulk, read_files
    from app.services import Services
    from app.settings import Settings

    settings = Settings(data_dir=data_dir, store=engine, log_level="WARNING")
    services = Services(settings)
    if engine == "neo4j":
        services.store.clear()  # a fresh graph for every run
    raws, failures = read_files(collect_files([file]))
    busy0, t0 = _machine_busy(), time.perf_counter()
    summary = ingest_bulk(services, raws, jobs=jobs, batch_size=batch)
    seconds = time.perf_counter() - t0
    busy1 = _machine_busy()
    stats = services.store.run("statistics")[0]
    digest = hashlib.sha256()
    for raw in sorted(raws, key=lambda r: r.id):
        ext = services.get_extraction(raw.id)
        digest.update(ext.model_dump_json(exclude={"provenance"}).encode() if ext else b"-")
    services.close()
    return {"jobs": jobs, "articles": summary.articles,
            "failures": len(summary.failures) + len(failures), "seconds": seconds,
            "articles_per_s": summary.articles / seconds,
            "machine_busy": (busy1[0] - busy0[0]) / max(busy1[1] - busy0[1], 1),
            "load": os.getloadavg()[0], "labels": stats["labels"],
            "relationships": stats["relationships"], "digest": digest.hexdigest()[:16]}


def _cpu_ticks() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, user + system CPU ticks) of every process (/proc)."""
    out = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[int(stat.parent.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    return out


def _tree_cpu(root: int, seen: dict[int, int]) -> None:
    """Record the CPU ticks of `root` and its descendants (workers are grandchildren)."""
    procs = _cpu_ticks()
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, (ppid, _) in procs.items() if ppid in tree} - tree
        grew = bool(more)
        tree |= more
    for pid in tree:
        if pid in procs:
            seen[pid] = max(seen.get(pid, 0), procs[pid][1])


def _measure(jobs: int, file: Path, engine: str, batch: int | None) -> dict:
    """One run in a fresh process; adds `tree_cpu_s`, the CPU its process tree used."""
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as tmp:
        cmd = [sys.executable, __file__, "--run", str(jobs), "--data-dir", tmp,
               "--file", str(file), "--engine", engine]
        if batch:
            cmd += ["--batch-size", str(batch)]
        out_path, err_path = Path(tmp) / "out.txt", Path(tmp) / "err.txt"
        with out_path.open("w") as out, err_path.open("w") as err:  # files: pipes could fill
            proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True, cwd=ROOT)
            seen: dict[int, int] = {}
            while proc.poll() is None:  # sampled: a process's last 0.2 s may be missed
                _tree_cpu(proc.pid, seen)
                time.sleep(0.2)
        if proc.returncode:
            raise SystemExit(f"--jobs {jobs} run failed:\n{err_path.read_text()[-5000:]}")
        result = json.loads(out_path.read_text().strip().splitlines()[-1])
    result["tree_cpu_s"] = sum(seen.values()) / os.sysconf("SC_CLK_TCK")
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=2, help="compared with --jobs 1")
    ap.add_argument("--rounds", type=int, default=1, help="pairs of runs (1 then N)")
    ap.add_argument("--engine", choices=("ladybug", "neo4j"), default="ladybug")
    ap.add_argument("--batch-size", type=int, default=None)
    ap.add_argument("--run", type=int, help=argparse.SUPPRESS)  # internal: one measured run
    ap.add_argument("--data-dir", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run:
        print(json.dumps(run_one(args.run, args.data_dir, args.file, args.engine,
                                 args.batch_size)))
        return
    with tempfile.TemporaryDirectory(prefix="ingest-bench-in-") as tmp:
        file = Path(tmp) / "articles.jsonl"
        n = build_articles(args.articles, file)
        print(f"{n} articles, engine {args.engine}, {os.cpu_count()} CPUs, "
              f"load before {os.getloadavg()[0]:.2f}")
        ratios = []
        for rnd in range(args.rounds):
            one = _measure(1, file, args.engine, args.batch_size)
            many = _measure(args.jobs, file, args.engine, args.batch_size)
            for r in (one, many):
                print(f"  round {rnd + 1} --jobs {r['jobs']}: {r['articles']} articles in "
                      f"{r['seconds']:.1f}s = {r['articles_per_s']:.2f} articles/s "
                      f"(CPU of its processes {r['tree_cpu_s']:.1f}s = "
                      f"{r['tree_cpu_s'] / r['seconds']:.2f} cores, failures {r['failures']}, "
                      f"machine CPU "
                      f"{100 * r['machine_busy']:.0f}% busy, load {r['load']:.2f}, "
                      f"graph {r['digest']})")
            same = (one["labels"] == many["labels"]
                    and one["relationships"] == many["relationships"])
            ratio = many["articles_per_s"] / one["articles_per_s"]
            ratios.append(ratio)
            print(f"  round {rnd + 1}: CPU --jobs {args.jobs} / --jobs 1 = "
                  f"{many['tree_cpu_s'] / one['tree_cpu_s']:.2f} (the parallel overhead; "
                  f"on {args.jobs} idle cores the ratio is at most "
                  f"{args.jobs * one['tree_cpu_s'] / many['tree_cpu_s']:.2f}x)")
            print(f"  round {rnd + 1}: ratio {ratio:.2f}x (target >= 1.7); node and "
                  f"relationship counts equal: {same}; every Extraction equal: "
                  f"{one['digest'] == many['digest']}")
            if not same:
                print(f"    --jobs 1: {one['labels']} {one['relationships']}\n"
                      f"    --jobs {args.jobs}: {many['labels']} {many['relationships']}")
        print(f"ratios: {', '.join(f'{r:.2f}' for r in ratios)}; "
              f"nodes {sum(one['labels'].values())}, "
              f"relationships {sum(one['relationships'].values())}")


if __name__ == "__main__":
    main()
