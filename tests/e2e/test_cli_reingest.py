"""Re-ingest through the real CLI (issue 14): another path or a cosmetic change is the same
article (counts unchanged, the new source recorded); the same path with a new text replaces
the older version."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from app.cli import app as cli_app
from graph.store import StoreConfig, open_store
from ingest.reader import read_article

pytestmark = [pytest.mark.issue(14)]

ARTICLES = {
    "visit_fr.txt": " date 2031-04-02\nLa ministre des Affaires étrangères, Hélène Marchetti, a "
                    "reçu mercredi à Paris son homologue chilien, Tomás Irarrázaval. Les deux "
                    "ministres ont évoqué la coopération minière et la situation au Venezuela.\n",
    "call_en.txt": " date 2031-04-03\nForeign Minister Hugh Pemberton spoke by phone on Thursday "
                   "with his Kenyan counterpart, Wanjiru Otieno, about security in Somalia.\n",
}
EDITED = (" date 2031-04-05\nForeign Minister Hugh Pemberton received the Nigerian foreign "
          "minister, Chidi Okafor, in London on Saturday to discuss trade.\n")


def _ingest(env: dict[str, str], *paths: Path) -> Any:
    result = CliRunner().invoke(cli_app, ["ingest", *map(str, paths)], env=env)
    assert result.exit_code == 0, result.output
    return result


def _snapshot(data: Path) -> tuple[dict[str, int], dict[str, int], dict[str, list[str]]]:
    store = open_store(StoreConfig(engine="ladybug", path=data / "graph.lbug", read_only=True))
    try:
        stats = store.run("statistics")[0]
        sources = {}
        for path in sorted(data.parent.rglob("*.txt")):
            for raw in read_article(path):
                meta = store.run("article_meta", id=raw.id)
                if meta:
                    sources[raw.id] = sorted(meta[0]["sources"] or [])
        return dict(stats["labels"]), dict(stats["relationships"]), sources
    finally:
        store.close()


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    first = tmp_path / "inbox"
    first.mkdir()
    for name, text in ARTICLES.items():
        (first / name).write_text(text, encoding="utf-8")
    env = {"DIPLOGRAPH_DATA_DIR": str(tmp_path / "data"), "DIPLOGRAPH_LOG_LEVEL": "WARNING"}
    _ingest(env, first)
    return tmp_path, env


def test_another_path_and_cosmetic_changes_change_no_count(
        workspace: tuple[Path, dict[str, str]]) -> None:
    root, env = workspace
    labels, rels, _ = _snapshot(root / "data")
    copy = root / "copy"
    shutil.copytree(root / "inbox", copy)
    for path in copy.iterdir():  # another path, CRLF line ends and trailing white space
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n") + b"  \r\n")
    result = _ingest(env, copy)
    assert result.output.count("already ingested:") == 2, result.output
    _ingest(env, (root / "inbox").resolve())  # the first folder again, by its absolute path
    labels_after, rels_after, sources = _snapshot(root / "data")
    assert (labels_after, rels_after) == (labels, rels)
    assert len(sources) == 2
    for listed in sources.values():
        assert len(listed) == 2 and any("/copy/" in s for s in listed), sources


def test_same_path_new_text_replaces_the_older_version(
        workspace: tuple[Path, dict[str, str]]) -> None:
    root, env = workspace
    path = root / "inbox" / "call_en.txt"
    old_id = read_article(path)[0].id
    path.write_text(EDITED, encoding="utf-8")
    result = _ingest(env, path)
    assert "already ingested:" not in result.output
    store = open_store(StoreConfig(engine="ladybug", path=root / "data" / "graph.lbug",
                                   read_only=True))
    try:
        assert store.run("article_meta", id=old_id) == []
        assert store.run("article_meta", id=read_article(path)[0].id)[0]["sources"] == [str(path)]
        names = {r["name"] for r in store.run("search_entities", q="Otieno", type=None,
                                                  limit=5)}
        assert names == set()  # the replaced version's only person is gone with it
    finally:
        store.close()
