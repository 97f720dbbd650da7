"""Identity over everything at once: gold sets, then the seeds, ingested into ONE store.

    python benchmarks/identity_bench.py ../shared/devset/articles.jsonl \
        ../shared/trainset/articles.jsonl --scorer ../shared/eval/score.py

Every article of the given gold files (JSON Lines with `id`, `text`, `date`) goes through the
real pipeline into a fresh embedded store with one persistent person registry, then the five
seeds do. Prints the scorer's identity figures over the gold articles (false merges: one id
covering two real people; splits: one person over several ids, each listed) and checks that
the seeds' headline answer ("who met Lamamra about Libya") is exactly the answer of the seeds
ingested alone (by person id; `tests/e2e/test_seeds.py` pins that one to the six people).
The gold files are read at run time, never copied.
"""

# ruff: noqa: T201  (a benchmark prints its figures)

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))



def _load_scorer(path: Path):  # noqa: ANN202 - a module
    spec = importlib.util.spec_from_file_location("gold_score", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def _headline(data_dir: Path, before: list[Path], preds: list[dict] | None = None) -> set[str]:
    """Ingest `before` then the seeds into a fresh store; the headline answer's person ids."""
    from app.services import Services
    from app.settings import Settings
    from ingest.reader import RawArticle, read_articles

    services = Services(Settings(data_dir=data_dir, _env_file=None))  # type: ignore[call-arg]
    try:
        for path in [*before, *sorted((ROOT / "seeds").glob("*.txt"))]:
            for raw in read_articles(path):
                if isinstance(raw, RawArticle):
                    ext = services.ingest(raw)
                    if preds is not None and path in before:
                        preds.append(ext.model_dump(mode="json"))
        rows = services.store.run("who_met", person="person:ramtane-lamamra", topic="country:LY")
    finally:
        services.close()
    return {r["person_id"] for r in rows}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("gold", nargs="+", type=Path, help="gold JSON Lines files")
    ap.add_argument("--scorer", type=Path, required=True, help="the product lead's score.py")
    args = ap.parse_args()

    gold = [json.loads(line) for path in args.gold
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "gold.jsonl"
        inputs.write_text("".join(json.dumps({"text": g["text"], "date": g.get("date"),
                                              "source": g["id"]}, ensure_ascii=False) + "\n"
                                  for g in gold), encoding="utf-8")
        alone = _headline(Path(tmp) / "alone", [])
        started = time.perf_counter()
        preds: list[dict] = []
        answer = _headline(Path(tmp) / "all", [inputs], preds)
        elapsed = time.perf_counter() - started
    scorer = _load_scorer(args.scorer)
    res = scorer.score(gold, preds)
    ident = res["identity"]
    print(f"{len(gold)} gold articles, then the seeds, in one store in {elapsed:.1f}s")
    print(f"identity: false_merges={ident['false_merges']} splits={ident['splits']} "
          f"persons={ident['persons']}")
    for pid, names in ident["merged"].items():
        print(f"  merged {pid}: {names}")
    for name, ids in ident["split"].items():
        print(f"  split  {name}: {ids}")
    ok = answer == alone
    print(f"seeds' headline after them: {'exact' if ok else 'WRONG'} {sorted(answer)}")
    if not ok:
        print(f"  seeds alone answer {sorted(alone)}")
    return 0 if ok and ident["false_merges"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
