"""Contract fixtures: one store per engine, the same fixture graph, the same expected rows.

LadybugDB always runs (a fresh database under tmp_path). Neo4j runs on the server of the root
conftest's `neo4j_env` fixture (NEO4J_URI, NEO4J_USER / NEO4J_PASSWORD): without one its
params are skipped with the reason shown on a developer machine, and FAIL under DIPLOGRAPH_CI=1.
The Neo4j database named by NEO4J_DATABASE (default neo4j) is EMPTIED by these tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store import GraphStore, StoreConfig, open_store
from ingest.models import Extraction

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "graph_fixture.jsonl"
ENGINES = [
    pytest.param("ladybug", id="ladybug"),
    # the same store with every bulk write through COPY FROM a CSV (the 32-row threshold off)
    pytest.param("ladybug-copy", id="ladybug-copy"),
    # skipped (developer machine) or failed (CI) by the `neo4j_env` fixture without a server
    pytest.param("neo4j", id="neo4j", marks=[pytest.mark.neo4j]),
]


def load_fixture() -> list[Extraction]:
    return [Extraction.model_validate_json(line)
            for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]


def _open(engine: str, path: Path, request: pytest.FixtureRequest) -> GraphStore:
    if engine == "ladybug":
        return open_store(StoreConfig(engine="ladybug", path=path / "graph.lbdb"))
    if engine == "ladybug-copy":
        from graph.store.ladybug import LadybugStore

        return LadybugStore(path / "graph.lbdb", copy_min_rows=1)
    return request.getfixturevalue("neo4j_env").open_empty()


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def store(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[GraphStore]:
    """An empty store on each engine."""
    s = _open(engine, tmp_path, request)
    yield s
    s.close()


@pytest.fixture(scope="module", params=ENGINES)
def fixture_store(request: pytest.FixtureRequest,
                  tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    """A store holding the fixture graph (tests/data/graph_fixture.jsonl); read-only use."""
    s = _open(request.param, tmp_path_factory.mktemp("graph"), request)
    s.write_extractions(load_fixture())
    yield s
    s.close()
