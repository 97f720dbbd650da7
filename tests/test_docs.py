"""The docs are tested: commands have help, settings are described and documented, CI runs
the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from app.cli import app as cli_app
from app.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = typer.main.get_command(cli_app).commands  # type: ignore[attr-defined]


def _readme_commands() -> list[str]:
    return [line.strip() for line in README.splitlines() if line.startswith("    python3 -m pip")]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_docs_every_command_has_help(name: str) -> None:
    command = COMMANDS[name]
    assert command.help and len(command.help.strip()) > 10, name
    for param in command.params:
        if param.name != "help":
            assert getattr(param, "help", None), f"{name} {param.name}: no help"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_docs_every_command_in_readme(name: str) -> None:
    assert f"`diplograph {name}" in README, f"README: no entry for `diplograph {name}`"


def test_docs_expected_commands_exist() -> None:
    assert {"ingest", "serve", "worker", "ask", "stats", "export"} <= set(COMMANDS)


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_docs_every_setting_described_and_in_readme_table(field: str) -> None:
    info = Settings.model_fields[field]
    assert info.description and len(info.description) > 10, field
    row = next((line for line in README.splitlines()
                if line.startswith(f"| `DIPLOGRAPH_{field.upper()}`")), None)
    assert row, f"README configuration table: no row for DIPLOGRAPH_{field.upper()}"
    assert info.description in row, f"README row for {field} differs from the description"


def test_docs_readme_set_up_commands() -> None:
    install_run, tests = _readme_commands()
    assert "diplograph ingest seeds/" in install_run and "diplograph serve" in install_run
    assert tests.endswith("python3 -m pytest")
    assert "curl 'localhost:8000/meetings?person=Lamamra&topic=Libya'" in README


def test_docs_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.startswith("#!/usr/bin/env bash") and "set -euo pipefail" in ci
    _, tests = _readme_commands()
    assert re.search(r"^" + re.escape(tests) + r"$", ci, re.M), "CI must run the README command"


def test_docs_readme_links_exist() -> None:
    links = re.findall(r"\]\(([^)#:]+)\)", README)
    assert {"docs/web.md", "docs/neo4j-browser.md", "MODELS.md"} <= set(links)
    for link in links:
        assert (ROOT / link).is_file(), f"README links to a missing file: {link}"


def test_docs_readme_lists_every_benchmark() -> None:
    for bench in sorted((ROOT / "benchmarks").glob("*.py")):
        assert f"python benchmarks/{bench.name}" in README, f"README: no line for {bench.name}"


def test_docs_readme_has_the_browser_queries() -> None:
    browser = (ROOT / "docs" / "neo4j-browser.md").read_text(encoding="utf-8")
    queries = re.findall(r"```cypher\n(.*?)```", browser, re.S)
    assert queries
    section = README.split("## Ready Cypher queries for Neo4j Browser", 1)[1]
    for query in queries:
        assert query in section, f"README lacks the Browser query: {query.splitlines()[0]}"
