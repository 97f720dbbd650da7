"""`diplograph extract FILE…` through typer's CliRunner, on the real pipeline and bundled models.

JSON Lines on stdout (one Extraction per article), --lang/--date/--pretty, and bad input:
each bad file gets a clear message naming it, the other files are still processed, and the
exit status is the number of articles that failed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app as cli_app
from ingest.models import Extraction

ROOT = Path(__file__).resolve().parents[2]
SEED_FR = ROOT / "seeds" / "000_db88455749bd403d.txt"
SEED_FR2 = ROOT / "seeds" / "003_c6b8037a3e0ee50b.txt"
MODELS = ROOT / "ingest" / "data" / "models"

pytestmark = [pytest.mark.issue(3), pytest.mark.skipif(
    not (MODELS / "fr" / "ner.pt").exists(),
    reason="bundled French Stanza NER model (ingest/data/models/fr/ner.pt) missing")]

FR_TEXT = ("Le ministre des Affaires étrangères, Karim Haddad, a reçu mardi à Alger son "
           "homologue, Mme Sofia Marchetti, avec laquelle il a évoqué la situation au Mali.")


def _run(args: list[str], tmp_path: Path):
    env = {"DIPLOGRAPH_DATA_DIR": str(tmp_path / "data"), "DIPLOGRAPH_LOG_LEVEL": "WARNING"}
    return CliRunner().invoke(cli_app, ["extract", *args], env=env)


def _lines(output: str) -> list[Extraction]:
    return [Extraction.model_validate_json(line) for line in output.splitlines()
            if line.startswith("{")]


def test_cli_extract_jsonl_one_object_per_article(tmp_path: Path) -> None:
    result = _run([str(SEED_FR), str(SEED_FR2)], tmp_path)
    assert result.exit_code == 0, result.output
    got = _lines(result.stdout)
    assert len(got) == 2 and len(result.stdout.strip().splitlines()) == 2
    assert got[0].article.lang == "fr" and got[0].article.date == "2021-10"
    assert got[0].article.source == str(SEED_FR)
    assert any(e.name == "Ramtane Lamamra" for e in got[0].entities)
    assert got[0].events and got[1].events


def test_cli_extract_is_deterministic(tmp_path: Path) -> None:
    a = _run([str(SEED_FR)], tmp_path / "a")
    b = _run([str(SEED_FR)], tmp_path / "b")
    assert a.exit_code == b.exit_code == 0
    assert a.stdout == b.stdout


def test_cli_extract_pretty(tmp_path: Path) -> None:
    result = _run([str(SEED_FR), "--pretty"], tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("{\n  ")
    assert json.loads(result.stdout)["article"]["lang"] == "fr"


def test_cli_extract_lang_and_date_options(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(FR_TEXT, encoding="utf-8")
    result = _run([str(f), "--lang", "fr", "--date", "2023-04-26"], tmp_path)
    assert result.exit_code == 0, result.output
    (x,) = _lines(result.stdout)
    assert x.article.lang == "fr" and x.article.date == "2023-04-26"
    ev = next(e for e in x.events if e.kind == "meeting")
    assert ev.date == "2023-04-25"  # mardi, resolved against --date
    assert ev.place == "location:algiers"


def test_cli_extract_json_and_jsonl_inputs(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"text": FR_TEXT, "date": "2023-04-26", "title": "T"}), "utf-8")
    many = tmp_path / "many.jsonl"
    many.write_text("\n".join(json.dumps({"text": FR_TEXT, "lang": "fr", "source": f"s{i}"})
                              for i in range(2)) + "\n", "utf-8")
    result = _run([str(one), str(many)], tmp_path)
    assert result.exit_code == 0, result.output
    got = _lines(result.stdout)
    assert [x.article.source for x in got] == [str(one), "s0", "s1"]
    assert got[0].article.title == "T"


@pytest.mark.parametrize("name,content,code", [
    ("empty.txt", b"  \n\n", "empty_article"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
     "unreadable_article"),
    ("latin1.txt", "Le ministre a reçu à Alger son homologue algérien.".encode("latin-1"),
     "unreadable_article"),
    ("huge.txt", ("Le ministre a reçu son homologue. " * 160_000).encode("utf-8"),
     "article_too_large"),
    ("german.txt", ("Der Außenminister hat am Dienstag in Berlin seinen Amtskollegen "
                    "empfangen, um über die Lage in der Region zu sprechen.").encode("utf-8"),
     "unsupported_language"),
])
def test_cli_extract_bad_input_is_reported_and_others_processed(
        tmp_path: Path, name: str, content: bytes, code: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    result = _run([str(bad), str(SEED_FR)], tmp_path)
    assert result.exit_code == 1, result.output
    assert str(bad) in result.stderr and code in result.stderr, result.stderr
    got = _lines(result.stdout)
    assert len(got) == 1 and got[0].article.source == str(SEED_FR)


def test_cli_extract_exit_status_counts_failures(tmp_path: Path) -> None:
    files = []
    for i, content in enumerate([b"", b"\x00\x01\x02binary", b"caf\xe9 au lait"]):
        f = tmp_path / f"bad{i}.txt"
        f.write_bytes(content)
        files.append(str(f))
    result = _run([*files, str(SEED_FR)], tmp_path)
    assert result.exit_code == 3, result.output
    assert all(f in result.stderr for f in files)
    assert "3 article(s) failed" in result.stderr
    assert len(_lines(result.stdout)) == 1


def test_cli_extract_bad_line_in_jsonl(tmp_path: Path) -> None:
    f = tmp_path / "mixed.jsonl"
    f.write_text(json.dumps({"text": FR_TEXT, "lang": "fr"}) + "\n{not json\n"
                 + json.dumps({"text": "x", "lang": "de"}) + "\n", "utf-8")
    result = _run([str(f)], tmp_path)
    assert result.exit_code == 2, result.output
    assert f"{f}:2" in result.stderr and f"{f}:3" in result.stderr
    assert len(_lines(result.stdout)) == 1


def test_cli_extract_unsupported_lang_option(tmp_path: Path) -> None:
    result = _run([str(SEED_FR), "--lang", "de"], tmp_path)
    assert result.exit_code == 1
    assert str(SEED_FR) in result.stderr and "unsupported_language" in result.stderr


def test_cli_extract_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    result = _run([str(missing), str(SEED_FR)], tmp_path)
    assert result.exit_code == 1
    assert str(missing) in result.stderr
    assert len(_lines(result.stdout)) == 1
