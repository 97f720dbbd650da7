"""Sentences per second for tokenize+NER per language, batched, on one core; and peak RSS.

    python benchmarks/nlp_bench.py                 # seeds + test sets, all languages
    python benchmarks/nlp_bench.py --langs fr --test-sentences 2000 --batch 64 --repeat 5

Runs the bundled pipelines through `ingest.nlp.annotate_many` (the application's path) with
`torch.set_num_threads(1)`. "Seeds" are the articles in seeds/ (split per language, one text per
paragraph); "test" are raw sentences rebuilt from the corpora's test sets (`../shared/corpora/`).
Prints one line per (language, input) and the RSS once all three pipelines are loaded. Besides
wall-clock sentences/s it prints sentences per CPU-second of this process (`time.process_time`),
which is the one-core figure on a machine whose cores are shared with other jobs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _rss_mb() -> float:
    """Current resident set size (VmRSS) in MB, and the peak (ru_maxrss) as fallback."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _seed_texts() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"fr": [], "ar": [], "en": []}
    for path in sorted((REPO / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        paras = [p.strip() for p in text.split("\n") if p.strip()]
        arabic = sum("\u0600" <= c <= "\u06ff" for c in text) > len(text) / 4
        out["ar" if arabic else "fr"].extend(paras)
    return out


def _test_texts(lang: str, limit: int) -> list[str]:
    from ingest.training import corpora as C

    corp = REPO.parent / "shared" / "corpora"
    if lang == "fr":
        sents = C.read_indexed_bio(corp / "wikineural_fr/test.conllu.xz")
    elif lang == "ar":
        sents = C.read_blank_separated(corp / "anercorp_ar/ANERCorp_CamelLab_test.txt.xz", arabic=True)
    else:
        sents = C.read_indexed_bio(corp / "wikiann_en/test.conllu.xz")
    return [" ".join(t for t, _ in s) for s in sents[:limit]]


def _one_pass(lang: str, texts: list[str], batch: int) -> tuple[float, float, int, int]:
    from ingest import nlp

    t0 = time.perf_counter()
    c0 = time.process_time()
    n_sent = 0
    n_ents = 0
    for i in range(0, len(texts), batch):
        for ann in nlp.annotate_many(texts[i:i + batch], lang):
            n_sent += len(ann.sentences)
            n_ents += len(ann.entities)
    return time.perf_counter() - t0, time.process_time() - c0, n_sent, n_ents


def bench(lang: str, texts: list[str], batch: int, repeat: int = 1) -> dict[str, float]:
    """Tag `texts` `repeat` times; the figures are those of the median pass (by wall time)."""
    from ingest import nlp

    nlp.annotate_many(texts[:batch], lang)  # warm-up
    passes = sorted((_one_pass(lang, texts, batch) for _ in range(repeat)), key=lambda p: p[0])
    secs, cpu, n_sent, n_ents = passes[len(passes) // 2]
    return {"texts": len(texts), "sentences": n_sent, "entities": n_ents, "seconds": round(secs, 2),
            "sentences_per_s": round(n_sent / secs, 1) if secs else 0.0,
            "cpu_seconds": round(cpu, 2), "sentences_per_cpu_s": round(n_sent / cpu, 1) if cpu else 0.0,
            "repeat": repeat, "sentences_per_s_all": [round(n_sent / p[0], 1) for p in passes]}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--langs", default="fr,ar,en")
    p.add_argument("--batch", type=int, default=64, help="texts per annotate_many call")
    p.add_argument("--test-sentences", type=int, default=2000)
    p.add_argument("--seed-repeat", type=int, default=5, help="repeat the seed paragraphs to get stable timings")
    p.add_argument("--repeat", type=int, default=3,
                   help="passes over each input; the median pass is reported (the machine is shared and noisy)")
    p.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = p.parse_args()

    import torch

    torch.set_num_threads(1)
    from ingest import nlp

    langs = args.langs.split(",")
    rss0 = _rss_mb()
    t0 = time.perf_counter()
    for lang in nlp.LANGUAGES:
        nlp.get_pipeline(lang)
    load_s = time.perf_counter() - t0
    rss_loaded = _rss_mb()
    print(f"loaded fr,ar,en pipelines in {load_s:.1f}s; RSS {rss_loaded:.0f} MB (before load {rss0:.0f} MB)")
    results: dict[str, object] = {"rss_loaded_mb": round(rss_loaded, 1), "load_seconds": round(load_s, 1),
                                  "torch_threads": torch.get_num_threads(), "runs": []}
    seeds = _seed_texts()
    seeds["en"] = [
        "Secretary of State Antony Blinken met Algerian Foreign Minister Ramtane Lamamra in Washington.",
        "UN Secretary-General Antonio Guterres travelled to Libya and Mali to discuss the Sahel crisis.",
        "The African Union and the Arab League called for a ceasefire in Tripoli on Tuesday.",
    ]
    for lang in langs:
        for name, texts in (("seeds", seeds[lang] * args.seed_repeat), ("test", _test_texts(lang, args.test_sentences))):
            if not texts:
                continue
            r = bench(lang, texts, args.batch, args.repeat)
            r.update({"lang": lang, "input": name})
            results["runs"].append(r)  # type: ignore[attr-defined]
            print(f"{lang} {name:5s}: {r['sentences']:6d} sentences in {r['seconds']:7.2f}s = "
                  f"{r['sentences_per_s']:7.1f} sentences/s wall, {r['sentences_per_cpu_s']:7.1f} per CPU-second "
                  f"(1 thread, batch {args.batch}), {r['entities']} entities; median of {args.repeat} passes: "
                  f"{', '.join(map(str, r['sentences_per_s_all']))}")
    results["load_average"] = list(os.getloadavg())
    results["rss_peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(f"RSS after the runs {_rss_mb():.0f} MB, peak {results['rss_peak_mb']:.0f} MB")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
