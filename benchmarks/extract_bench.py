"""Articles per second extracting the seeds (NLP included, one core) and the share outside Stanza.

Run: `taskset -c 0 python benchmarks/extract_bench.py [--rounds N]`.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import torch

from ingest.pipeline import Extractor
from ingest.reader import read_article

torch.set_num_threads(1)
rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 5
raws = [read_article(p)[0] for p in sorted(Path("seeds").glob("*.txt"))]
x = Extractor()
x.extract_many(raws)  # warm-up: model loads
nlp_s = total_s = 0.0
for _ in range(rounds):
    t0 = time.perf_counter()
    anns = x.annotate(raws)
    t1 = time.perf_counter()
    for r, a in zip(raws, anns):
        x.extract_annotated(r, a)
    t2 = time.perf_counter()
    nlp_s += t1 - t0
    total_s += t2 - t0
n = rounds * len(raws)
print(f"articles/s: {n / total_s:.2f}  (target >= 5)")
print(f"outside Stanza: {100 * (total_s - nlp_s) / total_s:.1f}% of the total (target <= 30%)")
