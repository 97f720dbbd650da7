"""Share of extraction time spent in the learned stages (ingest/learn), on the seeds.

Run: `taskset -c 0 python benchmarks/learn_bench.py [--rounds N] [FILES…]` (default: seeds/*.txt).
Prints the time per article of Stanza, the rule steps, the learned stages and the assembly,
and the learned stages' share of the whole extraction (target <= 20%).
"""

# ruff: noqa: T201  (a benchmark prints its figures)

from __future__ import annotations

import sys
import time
from pathlib import Path

import torch

from ingest.extract import run_steps
from ingest.extract.doc import Doc
from ingest.pipeline import Extractor
from ingest.reader import read_article

torch.set_num_threads(1)
args = sys.argv[1:]
rounds = 5
if "--rounds" in args:
    i = args.index("--rounds")
    rounds = int(args[i + 1])
    del args[i:i + 2]
paths = [Path(a) for a in args] or sorted(Path("seeds").glob("*.txt"))
raws = [r for p in paths for r in read_article(p)]
x = Extractor()
x.extract_many(raws)  # warm-up: model loads
t = {"stanza": 0.0, "rules": 0.0, "learned": 0.0, "assemble": 0.0}
for _ in range(rounds):
    t0 = time.perf_counter()
    anns = x.annotate(raws)
    t["stanza"] += time.perf_counter() - t0
    for r, a in zip(raws, anns, strict=False):
        t0 = time.perf_counter()
        doc = run_steps(Doc(raw=r, ann=a, lex=x.lex), x.steps)
        t1 = time.perf_counter()
        x.learned.apply(doc)
        t2 = time.perf_counter()
        x._assemble(doc)
        t3 = time.perf_counter()
        t["rules"] += t1 - t0
        t["learned"] += t2 - t1
        t["assemble"] += t3 - t2
n = rounds * len(raws)
total = sum(t.values())
for k, v in t.items():
    print(f"{k:<9} {1000 * v / n:8.2f} ms/article  {100 * v / total:5.1f}%")
print(f"articles/s: {n / total:.2f}")
print(f"learned stages: {100 * t['learned'] / total:.1f}% of extraction time (target <= 20%)")
