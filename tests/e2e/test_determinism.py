"""Deterministic extraction: byte-identical Extraction JSON under any PYTHONHASHSEED.

`diplograph extract` runs in separate processes with PYTHONHASHSEED 0-3 (set and dict orders
differ between them) on two seeds and on three articles written for this test (one meeting
reported in French, Arabic and English, with several candidate countries per person); every
run must print the same bytes. A set-order tie anywhere (nationality votes, candidate order,
topic order) shows up here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / "ingest" / "data" / "models"
ARTICLES = [ROOT / "seeds" / "000_db88455749bd403d.txt",
            ROOT / "seeds" / "002_89f3d445d5bfa33a.txt",
            ROOT / "tests" / "data" / "determinism" / "ties.jsonl"]

pytestmark = [pytest.mark.issue(13), pytest.mark.issue(12), pytest.mark.skipif(
    not (MODELS / "fr" / "ner.pt").exists(), reason="bundled Stanza models missing")]


def _extract(seed: int, tmp_path: Path) -> bytes:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIPLOGRAPH_")}
    env |= {"PYTHONHASHSEED": str(seed), "DIPLOGRAPH_DATA_DIR": str(tmp_path / f"d{seed}"),
            "DIPLOGRAPH_LOG_LEVEL": "WARNING"}
    done = subprocess.run([sys.executable, "-c", "from app.cli import main; main()", "extract",
                           *map(str, ARTICLES)],
                          env=env, cwd=ROOT, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    return done.stdout


def test_extraction_is_byte_identical_under_any_hash_seed(tmp_path: Path) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        outputs = list(pool.map(lambda s: _extract(s, tmp_path), range(4)))
    assert outputs[0].count(b"\n") == len(ARTICLES) + 2  # the JSONL file holds three
    for seed, out in enumerate(outputs[1:], start=1):
        assert out == outputs[0], f"PYTHONHASHSEED={seed} changed the extraction"
