"""The one root conftest: shared fixtures for every test package.

- `tmp_settings`: Settings on a fresh data dir under tmp_path (no .env, a test API key).
- `tmp_store`: a fresh LadybugDB under tmp_path.
- `seeded_services` / `seeded_store` / `seed_extractions` (session): `seeds/` ingested once per
  session through the real pipeline (real Stanza models) into a tmp LadybugDB;
  `seed_extracted`: the same articles' Extractions as extracted (never extract seeds twice).
- `seeded_app` / `client` (session): `create_app` on that store, through httpx (TestClient).
- Network: every test runs with non-loopback connections refused (`block_network`).
- `--slow` runs tests marked `slow` (kept out of CI).
"""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
API_KEY = "test-key-0123456789"


# -- options and markers ---------------------------------------------------------------------
def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", default=False,
                     help="also run tests marked slow (training, long evaluations)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


# -- network ---------------------------------------------------------------------------------
class NetworkBlocked(RuntimeError):
    """A test tried to reach a non-loopback address."""


def _allowed_hosts() -> set[str]:
    """Servers a test run is pointed at on purpose (NEO4J_URI for the contract tests)."""
    from urllib.parse import urlsplit

    return {h for h in (urlsplit(os.environ.get("NEO4J_URI", "")).hostname,) if h}


def _is_local(address: Any) -> bool:
    if isinstance(address, str | bytes):  # AF_UNIX
        return True
    host = address[0] if isinstance(address, tuple) and address else ""
    if host in ("localhost", "") or host in _allowed_hosts():
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def block_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse every connection that is not to loopback or a Unix socket."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def connect(self: socket.socket, address: Any) -> Any:
        if not _is_local(address):
            raise NetworkBlocked(f"test tried to reach {address!r}; tests run offline")
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> Any:
        if not _is_local(address):
            raise NetworkBlocked(f"test tried to reach {address!r}; tests run offline")
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)


@pytest.fixture(autouse=True, scope="session")
def _offline() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        block_network(mp)
        yield


# -- settings and stores ---------------------------------------------------------------------
def make_settings(data_dir: Path, **overrides: Any) -> Any:
    """Settings for tests: a given data dir, no .env file, the test API key."""
    from app.settings import Settings

    values: dict[str, Any] = {"data_dir": data_dir, "api_key": SecretStr(API_KEY),
                              "worker_retry_delay": 0.0}
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
def tmp_settings(tmp_path: Path) -> Any:
    return make_settings(tmp_path / "data")


@pytest.fixture
def settings_factory(tmp_path: Path) -> Any:
    """`settings_factory(**overrides)`: Settings on a fresh data dir under tmp_path."""
    counter = iter(range(1000))

    def factory(**overrides: Any) -> Any:
        return make_settings(tmp_path / f"data{next(counter)}", **overrides)

    return factory


@pytest.fixture
def tmp_store(tmp_path: Path) -> Iterator[Any]:
    from graph.store import StoreConfig, open_store

    store = open_store(StoreConfig(engine="ladybug", path=tmp_path / "graph.lbug"))
    yield store
    store.close()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seeded_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """`seeds/` ingested once per session through the real pipeline into a tmp LadybugDB."""
    from app.batch import collect_files, ingest_articles, read_files
    from app.services import Services

    settings = make_settings(tmp_path_factory.mktemp("seeded") / "data")
    services = Services(settings)
    raws, failures = read_files(collect_files([SEEDS]))
    assert not failures, failures
    extracted: dict[str, Any] = {}
    ingest = services.ingest

    def keep(raw: Any) -> Any:  # the Extraction as extracted, before the store's round trip
        extracted[raw.id] = ingest(raw)
        return extracted[raw.id]

    services.ingest = keep  # type: ignore[method-assign]
    summary = ingest_articles(services, raws)
    del services.ingest
    assert not summary.failures, summary.failures
    services.seed_raws = raws  # type: ignore[attr-defined]
    services.seed_extracted = [extracted[r.id] for r in raws]  # type: ignore[attr-defined]
    yield services
    services.close()


@pytest.fixture(scope="session")
def seeded_store(seeded_services: Any) -> Any:
    return seeded_services.store


@pytest.fixture(scope="session")
def seed_extractions(seeded_services: Any) -> list[Any]:
    """The Extraction of each seed article, as stored (article order of `seeds/`)."""
    return [seeded_services.get_extraction(raw.id) for raw in seeded_services.seed_raws]


@pytest.fixture(scope="session")
def seed_extracted(seeded_services: Any) -> list[Any]:
    """The Extraction of each seed article as the pipeline returned it during the session's
    ingest (before the store): tests of extraction reuse it instead of extracting again."""
    return list(seeded_services.seed_extracted)


@pytest.fixture(scope="session")
def seeded_app(seeded_services: Any) -> Any:
    from app.main import create_app

    return create_app(seeded_services.settings, services=seeded_services)


@pytest.fixture(scope="session")
def client(seeded_app: Any) -> Iterator[Any]:
    """An httpx client on the seeded app (in-process ASGI, lifespan run)."""
    from fastapi.testclient import TestClient

    with TestClient(seeded_app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def cli_ingested(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """`diplograph ingest` run once per session on two seeds (fr, Libya; fr, Baku) and an
    empty file: the data dir, the CliRunner result and the env to reuse it."""
    from typer.testing import CliRunner

    from app.cli import app as cli_app

    root = tmp_path_factory.mktemp("cli")
    inputs = root / "in"
    inputs.mkdir()
    for name in ("000_db88455749bd403d.txt", "003_c6b8037a3e0ee50b.txt"):
        (inputs / name).write_bytes((SEEDS / name).read_bytes())
    (inputs / "empty.txt").write_text("   \n", encoding="utf-8")
    env = {"DIPLOGRAPH_DATA_DIR": str(root / "data"), "DIPLOGRAPH_LOG_LEVEL": "WARNING"}
    result = CliRunner().invoke(cli_app, ["ingest", str(inputs)], env=env)
    return {"data_dir": root / "data", "result": result, "env": env}


@pytest.fixture
def write_headers() -> dict[str, str]:
    return {"X-API-Key": API_KEY}


@pytest.fixture(autouse=True)
def _no_env_leak(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never pick up a developer's DIPLOGRAPH_* environment."""
    for name in list(os.environ):
        if name.startswith("DIPLOGRAPH_") or name in ("NEO4J_URI_DIPLOGRAPH_TESTS",):
            monkeypatch.delenv(name, raising=False)
