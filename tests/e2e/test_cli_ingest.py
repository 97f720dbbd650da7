"""`diplograph ingest` through typer's CliRunner, on the real pipeline and a tmp LadybugDB."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

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
