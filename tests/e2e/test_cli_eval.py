"""`diplograph eval GOLD [PRED]` through typer's CliRunner, on the real pipeline and bundled
models, with a small gold set written for this test: the shared scorer's figures per
language, scoring a given prediction file like ../shared/eval/score.py, and --cross-validate.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app as cli_app

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / "ingest" / "data" / "models"
SHARED_SCORER = ROOT.parent / "shared" / "eval" / "score.py"

pytestmark = [pytest.mark.issue(12), pytest.mark.skipif(
    not (MODELS / "fr" / "ner.pt").exists(), reason="bundled Stanza models missing")]


def _p(name):
    return {"name": name, "type": "PERSON", "canonical": name}


def _article(aid, lang, date, text, people, event, extra=()):
    return {"id": aid, "lang": lang, "date": date, "text": text,
            "entities": [_p(n) for n in people] + list(extra), "events": [event]}


GOLD = [
    _article("t-fr1", "fr", "2024-03-06",
             "Le ministre des Affaires étrangères Karim Haddad a reçu mardi à Alger son "
             "homologue, M. Tomas Lindqvist.\nLes deux ministres ont évoqué la situation au "
             "Mali et la coopération énergétique.",
             ["Karim Haddad", "Tomas Lindqvist"],
             {"kind": "meeting", "participants": ["Karim Haddad", "Tomas Lindqvist"],
              "date": "2024-03-05", "place": "Algiers", "topics": ["Mali", "energy"],
              "xid": "haddad-lindqvist"},
             [{"name": "Mali", "type": "LOC", "canonical": "Mali"}]),
    _article("t-en1", "en", "2024-03-06",
             "Foreign Minister Karim Haddad received Mr. Tomas Lindqvist in Algiers on "
             "Tuesday.\nThey discussed the situation in Mali.",
             ["Karim Haddad", "Tomas Lindqvist"],
             {"kind": "meeting", "participants": ["Karim Haddad", "Tomas Lindqvist"],
              "date": "2024-03-05", "place": "Algiers", "topics": ["Mali"],
              "xid": "haddad-lindqvist"}),
    _article("t-en2", "en", "2024-05-14",
             "Foreign Minister Elena Varga held talks in Rabat on Monday with Mr. Samuel "
             "Okoro.\nThe talks focused on migration and on the situation in Libya.",
             ["Elena Varga", "Samuel Okoro"],
             {"kind": "talks", "participants": ["Elena Varga", "Samuel Okoro"],
              "date": "2024-05-13", "place": "Rabat", "topics": ["migration", "Libya"],
              "xid": "t-en2-e0"}),
    _article("t-fr2", "fr", "2024-05-15",
             "La ministre Elena Varga s'est entretenue lundi à Rabat avec M. Samuel Okoro.\n"
             "Les entretiens ont porté sur la migration et la situation en Libye.",
             ["Elena Varga", "Samuel Okoro"],
             {"kind": "talks", "participants": ["Elena Varga", "Samuel Okoro"],
              "date": "2024-05-13", "place": "Rabat", "topics": ["migration", "Libya"],
              "xid": "t-fr2-e0"}),
]


@pytest.fixture()
def gold_file(tmp_path: Path) -> Path:
    p = tmp_path / "gold.jsonl"
    p.write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in GOLD), "utf-8")
    return p


def _run(args: list[str], tmp_path: Path):
    env = {"DIPLOGRAPH_DATA_DIR": str(tmp_path / "data"), "DIPLOGRAPH_LOG_LEVEL": "WARNING"}
    return CliRunner().invoke(cli_app, args, env=env)


def _summary(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("SUMMARY"))


def test_cli_eval_extracts_and_prints_figures_per_language(gold_file: Path, tmp_path: Path):
    result = _run(["eval", str(gold_file), "--cache", str(tmp_path / "ann.jsonl")], tmp_path)
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split() for line in result.stdout.splitlines() if line}
    assert {"all", "fr", "en"} <= set(rows) and "ar" not in rows
    assert rows["all"][1] == "4" and rows["fr"][1] == "2"
    pairs_f1 = float(_summary(result.stdout).split("pairs_f1=")[1].split()[0])
    assert pairs_f1 > 0.5
    # the cache makes a second run skip Stanza, with the same figures
    again = _run(["eval", str(gold_file), "--cache", str(tmp_path / "ann.jsonl")], tmp_path)
    assert again.stdout == result.stdout


def test_cli_eval_scores_a_prediction_file_like_the_shared_scorer(gold_file: Path,
                                                                   tmp_path: Path):
    inp = tmp_path / "in.jsonl"
    inp.write_text("".join(json.dumps({"text": g["text"], "date": g["date"], "source": g["id"]},
                                      ensure_ascii=False) + "\n" for g in GOLD), "utf-8")
    ext = _run(["extract", str(inp)], tmp_path)
    assert ext.exit_code == 0, ext.output
    pred = tmp_path / "pred.jsonl"
    pred.write_text(ext.stdout, "utf-8")
    result = _run(["eval", str(gold_file), str(pred)], tmp_path)
    assert result.exit_code == 0, result.output
    ours = _summary(result.stdout)
    assert "topics_f1=" in ours and "dedup_f1=" in ours
    if SHARED_SCORER.is_file():
        shared = subprocess.run([sys.executable, str(SHARED_SCORER), str(gold_file), str(pred)],
                                capture_output=True, text=True, check=True).stdout
        assert ours == _summary(shared)


def test_cli_eval_cross_validate(gold_file: Path, tmp_path: Path):
    result = _run(["eval", str(gold_file), "--cross-validate", "2"], tmp_path)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "fold 1" in out and "fold 2" in out and "mean" in out and "pooled" in out
    assert _summary(out).startswith("SUMMARY pairs_f1=")


def test_cli_eval_errors_are_clear(gold_file: Path, tmp_path: Path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", "utf-8")
    result = _run(["eval", str(bad)], tmp_path)
    assert result.exit_code == 1 and "not a JSON record" in " ".join(result.output.split())
    result = _run(["eval", str(gold_file), "--cross-validate", "9"], tmp_path)
    assert result.exit_code == 1 and "cannot make 9 folds" in " ".join(result.output.split())
    result = _run(["eval", str(gold_file), str(gold_file), "--cross-validate", "2"], tmp_path)
    assert result.exit_code == 2
