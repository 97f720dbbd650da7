"""`diplograph ingest` through typer's CliRunner, on the real pipeline and a tmp LadybugDB."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from app.cli import app as cli_app


def test_cli_ingest_summary_and_failures(cli_ingested: dict[str, Any]) -> None:
    result = cli_ingested["result"]
    assert result.exit_code == 1, result.output  # the empty file is a failure
    assert re.search(r"articles ingested\W+2\b", result.output), result.output
    assert "events added" in result.output and "entities added" in result.output
    assert "empty.txt" in result.output and "empty_article" in result.output


def test_cli_ingest_again_adds_nothing(cli_ingested: dict[str, Any], tmp_path: Path) -> None:
    seed = next(Path(cli_ingested["data_dir"]).parent.joinpath("in").glob("000_*.txt"))
    result = CliRunner().invoke(cli_app, ["ingest", str(seed)], env=cli_ingested["env"])
    assert result.exit_code == 0, result.output
    assert re.search(r"events added\W+0\b", result.output), result.output


def test_cli_ingest_no_files(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli_app, ["ingest", str(tmp_path)],
                                env={"DIPLOGRAPH_DATA_DIR": str(tmp_path / "d")})
    assert result.exit_code == 1
    assert "no .txt, .json or .jsonl files" in result.output


def test_cli_ingest_missing_path_is_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli_app, ["ingest", str(tmp_path / "nope")])
    assert result.exit_code == 2


def test_cli_worker_refuses_store_owned_by_another_process(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from graph.store import StoreConfig, open_store
        store = open_store(StoreConfig(path=Path({str(data / 'graph.lbug')!r})))
        print('open', flush=True)
        time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        started = time.monotonic()
        article = tmp_path / "a.txt"
        article.write_text("Le ministre Ramtane Lamamra a reçu jeudi à Alger son homologue.",
                           encoding="utf-8")
        for command in (["worker"], ["ingest", "--lang", "fr", str(article)]):
            result = CliRunner().invoke(cli_app, command, env={"DIPLOGRAPH_DATA_DIR": str(data)})
            assert result.exit_code == 1, result.output
            assert "owned by another process" in result.output, result.output
        assert time.monotonic() - started < 30
    finally:
        holder.kill()
        holder.wait()


# -- --jobs: the NLP in worker processes gives the same graph --------------------------------

JOBS_ARTICLES = [
    ("fr", "Le ministre des Affaires étrangères Karim Benali a reçu mardi à Tunis son homologue "
           "Sofia Lindqvist. Les deux responsables ont évoqué la situation au Sahel."),
    ("fr", "La présidente Claire Dubois s'est entretenue jeudi au téléphone avec le roi "
           "Idriss Alaoui au sujet de la sécurité en Méditerranée."),
    ("fr", "Karim Benali s'est rendu vendredi à Rome où il a rencontré Marco Bellini, ministre "
           "italien des Affaires étrangères, pour parler de la Libye."),
    ("en", "Foreign Minister Sofia Lindqvist met Karim Benali in Stockholm on Monday to discuss "
           "energy cooperation and the situation in Mali."),
    ("en", "President Claire Dubois received Prime Minister Jonas Berg in Paris on Wednesday; "
           "they talked about Ukraine."),
    ("en", "Marco Bellini held talks with his Egyptian counterpart Tarek Mansour in Cairo on "
           "Sunday about migration."),
    ("ar", "استقبل وزير الخارجية كريم بن علي يوم الثلاثاء في تونس نظيرته صوفيا ليندكفيست وبحثا "
           "الوضع في منطقة الساحل."),
    ("ar", "أجرى الملك إدريس العلوي اتصالا هاتفيا مع الرئيسة كلير دوبوا تناول الأمن في البحر "
           "المتوسط."),
    ("ar", "التقى طارق منصور وزير الخارجية المصري في القاهرة يوم الأحد نظيره الإيطالي ماركو "
           "بيليني."),
    ("en", "Tarek Mansour and Jonas Berg met in Oslo on Thursday to discuss the Gaza ceasefire."),
]


def _write_jobs_articles(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "articles.jsonl"
    path.write_text("".join(json.dumps({"text": text, "lang": lang, "date": "2024-03-05",
                                        "source": f"jobs-test-{i}"}, ensure_ascii=False) + "\n"
                            for i, (lang, text) in enumerate(JOBS_ARTICLES)), encoding="utf-8")
    return path


def _graph_of(store: Any, path: Path) -> tuple[dict, list[str]]:
    from app.batch import read_files

    raws, _ = read_files([path])
    stats = store.run("statistics")[0]
    facts = []
    for raw in raws:
        extraction = store.get_extraction(raw.id)
        assert extraction is not None, raw.id
        data = extraction.model_dump(mode="json", exclude={"provenance"})
        # the order a store lists an event's rows in is the engine's, not part of the graph
        data["events"] = sorted(json.dumps(e, sort_keys=True) for e in data["events"])
        facts.append(json.dumps(data, sort_keys=True))
    return stats, facts


def _summary_lines(output: str) -> list[str]:
    return [line for line in output.splitlines()
            if re.search(r"articles ingested|added|failures|\b[A-Z][a-z]+\b.*[+-]\d", line)]


def test_cli_ingest_jobs_two_same_graph_as_one(tmp_path: Path) -> None:
    from graph.store import StoreConfig, open_store

    path = _write_jobs_articles(tmp_path / "in")
    runs = {}
    for jobs in (1, 2):
        data = tmp_path / f"data{jobs}"
        # batches of 3: several transactions, and a pool that really gets two workers
        result = CliRunner().invoke(cli_app, ["ingest", "--jobs", str(jobs), "--batch-size", "3",
                                              "--data-dir", str(data), str(path)],
                                    env={"DIPLOGRAPH_STORE": "ladybug"})
        assert result.exit_code == 0, result.output
        assert re.search(r"articles ingested\W+10\b", result.output), result.output
        store = open_store(StoreConfig(engine="ladybug", path=data / "graph.lbug",
                                       read_only=True))
        try:
            runs[jobs] = (_summary_lines(result.output), *_graph_of(store, path))
        finally:
            store.close()
    assert runs[2][0] == runs[1][0]  # the same summary table
    assert runs[2][1] == runs[1][1]  # node and relationship counts
    assert runs[2][2] == runs[1][2]  # every article's facts, ids included
    assert runs[1][1]["labels"]["Person"] >= 4 and runs[1][1]["labels"]["Event"] >= 3


@pytest.mark.neo4j
def test_cli_ingest_jobs_two_on_neo4j_same_graph_as_one(tmp_path: Path, neo4j_env: Any) -> None:
    from graph.store import StoreConfig, open_store

    path = _write_jobs_articles(tmp_path / "in")
    embedded = tmp_path / "embedded"
    result = CliRunner().invoke(cli_app, ["ingest", "--data-dir", str(embedded), str(path)],
                                env={"DIPLOGRAPH_STORE": "ladybug"})
    assert result.exit_code == 0, result.output
    store = open_store(StoreConfig(engine="ladybug", path=embedded / "graph.lbug",
                                   read_only=True))
    try:
        embedded_stats = _graph_of(store, path)[0]
    finally:
        store.close()
    runs = {}
    for jobs in (1, 2):
        neo4j_env.open_empty().close()
        result = CliRunner().invoke(cli_app, ["ingest", "--jobs", str(jobs), "--batch-size", "4",
                                              "--data-dir", str(tmp_path / f"server{jobs}"),
                                              str(path)], env=neo4j_env.env())
        assert result.exit_code == 0, result.output
        store = open_store(neo4j_env.config())
        try:
            runs[jobs] = _graph_of(store, path)
        finally:
            store.close()
    assert runs[2] == runs[1]
    assert runs[2][0] == embedded_stats  # node and relationship counts of the embedded store


@pytest.mark.parametrize("jobs", ["0", "-1"])
def test_cli_ingest_jobs_below_one_is_usage_error(tmp_path: Path, jobs: str) -> None:
    path = _write_jobs_articles(tmp_path / "in")
    result = CliRunner().invoke(cli_app, ["ingest", "--jobs", jobs, "--data-dir",
                                          str(tmp_path / "d"), str(path)])
    assert result.exit_code == 2
    message = " ".join(result.output.replace("│", " ").split())
    assert "Invalid value for '--jobs'" in message, result.output
    assert re.search(r"greater than or equal to 1\b|x>=1\b", message), result.output
    assert not (tmp_path / "d").exists()
