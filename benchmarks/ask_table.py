"""The `/ask` question table: share of questions read with the right form, per language.

    python benchmarks/ask_table.py [--show-misses]

Reads the table of `tests/unit/app/test_ask_grammar.py` (≥ 40 questions per language, written
for the tests) and parses each question with the grammar (pure: no store, no models). A
question counts as answered with the right form when its language, intent, persons, event
kind, date range, place and topic are all the expected ones. Target: ≥ 95 % per language.
Also prints the parse time per question (median, after the first call compiles the forms).
"""

# ruff: noqa: T201  (a benchmark prints its figures)

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.ask import parse_question  # noqa: E402
from app.errors import QuestionNotUnderstood  # noqa: E402

TARGET = 0.95


def _table() -> list[tuple[str, str, dict]]:
    path = ROOT / "tests" / "unit" / "app" / "test_ask_grammar.py"
    spec = importlib.util.spec_from_file_location("ask_table", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.TABLE)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show-misses", action="store_true", help="list the misread questions")
    args = parser.parse_args()
    table = _table()
    parse_question(table[0][1])  # compile the forms once
    right: dict[str, int] = {}
    total: dict[str, int] = {}
    times: list[float] = []
    misses = []
    for lang, question, form in table:
        total[lang] = total.get(lang, 0) + 1
        start = time.perf_counter()
        try:
            parsed = parse_question(question)
            got: object = (parsed.lang, parsed.form)
        except QuestionNotUnderstood:
            got = None
        times.append(time.perf_counter() - start)
        if got == (lang, form):
            right[lang] = right.get(lang, 0) + 1
        else:
            misses.append((lang, question, got, form))
    ok = True
    for lang in ("en", "fr", "ar"):
        rate = right.get(lang, 0) / total[lang]
        ok &= rate >= TARGET
        print(f"{lang}: {right.get(lang, 0)}/{total[lang]} right form = {rate:.1%} "
              f"(target {TARGET:.0%})")
    print(f"parse time: median {statistics.median(times) * 1000:.2f} ms, "
          f"max {max(times) * 1000:.2f} ms per question")
    if args.show_misses:
        for lang, question, got, form in misses:
            print(f"  miss [{lang}] {question!r}\n    got  {got}\n    want {form}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
