"""The one root conftest: shared fixtures for every test package.

- `tmp_settings`: Settings on a fresh data dir under tmp_path (no .env, a test API key).
- `tmp_store`: a fresh LadybugDB under tmp_path.
- `seeded_services` / `seeded_store` / `seed_extractions` (session): `seeds/` ingested once per
  session through the real pipeline (real Stanza models) into a tmp LadybugDB;
  `seed_extracted`: the same articles' Extractions as extracted (never extract seeds twice).
- `seeded_app` / `client` (session): `create_app` on that store, through httpx (TestClient).
- Network: every test runs with non-loopback connections refused (`block_network`); the hosts
  of NEO4J_URI and DIPLOGRAPH_TEST_REDIS_URL are let through.
- `--slow` runs tests marked `slow` (kept out of CI).

Real servers (never mocked). A test that needs one asks for its fixture; without the server
it is SKIPPED with the reason on a developer machine, and FAILS when DIPLOGRAPH_CI=1 (set by
`.ci/run`), so CI never passes by skipping:
- `neo4j_env` (session): a `Neo4jEnv(uri, user, password, database)` read from NEO4J_URI,
  NEO4J_USER (default neo4j), NEO4J_PASSWORD, NEO4J_DATABASE (default neo4j), after a TCP probe
  of the server; `.config()` gives the StoreConfig, `.open_empty()` a store on it with the
  database EMPTIED, `.env()` the variables for a subprocess (`diplograph worker`).
- `redis_url` (session): DIPLOGRAPH_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/0) after a PING;
  that Redis database is FLUSHED once per session, at first use. Never DIPLOGRAPH_QUEUE_URL: a
  developer's queue is not a test fixture.
- `service_missing(reason)`: the same skip-or-fail rule for any other required service.
DIPLOGRAPH_CI and DIPLOGRAPH_TEST_* are read once at import and are not scrubbed by
`_no_env_leak`; every other DIPLOGRAPH_* variable is.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple, NoReturn
from urllib.parse import urlsplit

import pytest
from pydantic import SecretStr

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
API_KEY = "test-key-0123456789"
# Read once, before `_no_env_leak` runs; `.ci/run` sets both.
IN_CI = os.environ.get("DIPLOGRAPH_CI", "").strip().lower() in ("1", "true", "yes")
TEST_REDIS_URL = os.environ.get("DIPLOGRAPH_TEST_REDIS_URL", "").strip()
KEPT_ENV = ("DIPLOGRAPH_CI",)  # besides DIPLOGRAPH_TEST_*: test-run switches, not settings


# -- options and markers ---------------------------------------------------------------------
def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", default=False,
                     help="also run tests marked slow (training, long evaluations)")


SERVER_FIXTURES = {"neo4j": "neo4j_env", "redis": "redis_url"}
_server_tests: dict[str, set[str]] = {name: set() for name in SERVER_FIXTURES}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:  # the tests that need a real server, for the summary below
        for name, fixture in SERVER_FIXTURES.items():
            if name in item.keywords or fixture in getattr(item, "fixturenames", ()):
                _server_tests[name].add(item.nodeid)
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """How the tests that need Neo4j or Redis ended (each one listed under DIPLOGRAPH_CI=1)."""
    outcomes: dict[str, dict[str, str]] = {name: {} for name in SERVER_FIXTURES}
    for outcome in ("passed", "failed", "error", "skipped"):
        for report in terminalreporter.stats.get(outcome, []):
            for name, nodeids in _server_tests.items():
                if getattr(report, "nodeid", None) in nodeids:
                    # a test's worst phase wins (an error at teardown after a pass)
                    if outcomes[name].get(report.nodeid) in (None, "passed"):
                        outcomes[name][report.nodeid] = outcome
    if not any(outcomes.values()):
        return
    terminalreporter.section("tests that need a real server")
    for name, seen in outcomes.items():
        counts = {o: sum(1 for v in seen.values() if v == o)
                  for o in ("passed", "failed", "error", "skipped")}
        terminalreporter.write_line(f"{name}: " + ", ".join(f"{n} {o}" for o, n in counts.items()))
        if IN_CI:
            for nodeid in sorted(seen):
                terminalreporter.write_line(f"  {seen[nodeid].upper()} {nodeid}")


# -- network ---------------------------------------------------------------------------------
class NetworkBlocked(RuntimeError):
    """A test tried to reach a non-loopback address."""


def _allowed_hosts() -> set[str]:
    """Servers a test run is pointed at on purpose (NEO4J_URI, DIPLOGRAPH_TEST_REDIS_URL)."""
    urls = (os.environ.get("NEO4J_URI", ""), TEST_REDIS_URL)
    return {h for h in (urlsplit(u).hostname for u in urls) if h}


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


# -- real servers: skip on a developer machine, fail in CI ----------------------------------
def require(reason: str) -> NoReturn:
    """Give up on a test whose server is missing: skip with `reason`, or fail under CI."""
    if IN_CI:
        pytest.fail(f"{reason} (DIPLOGRAPH_CI=1: CI must run this test, not skip it; "
                    "see .ci/run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def service_missing() -> Any:
    """`service_missing(reason)`: skip (developer machine) or fail (DIPLOGRAPH_CI=1)."""
    return require


def _probe(host: str, port: int, timeout: float = 3.0) -> str | None:
    """None when host:port accepts a TCP connection, else the error text."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return None
    except OSError as e:
        return f"{type(e).__name__}: {e}"


class Neo4jEnv(NamedTuple):
    """The Neo4j server a test run is pointed at (NEO4J_* variables)."""

    uri: str
    user: str
    password: str
    database: str

    def config(self) -> Any:
        """The StoreConfig that opens this server."""
        from graph.store import StoreConfig

        return StoreConfig(engine="neo4j", neo4j_uri=self.uri, neo4j_user=self.user,
                           neo4j_password=self.password, neo4j_database=self.database)

    def open_empty(self) -> Any:
        """A Neo4jStore on this server, its database EMPTIED first (constraints kept)."""
        from graph.store import open_store

        store = open_store(self.config())
        store.clear()
        return store

    def env(self) -> dict[str, str]:
        """Environment variables that point a `diplograph` subprocess at this server."""
        return {"DIPLOGRAPH_STORE": "neo4j", "NEO4J_URI": self.uri, "NEO4J_USER": self.user,
                "NEO4J_PASSWORD": self.password, "DIPLOGRAPH_NEO4J_DATABASE": self.database}


def require_neo4j() -> Neo4jEnv:
    """The Neo4j of NEO4J_URI, reachable; otherwise skip (or fail under DIPLOGRAPH_CI=1)."""
    uri = os.environ.get("NEO4J_URI", "").strip()
    if not uri:
        require("NEO4J_URI is not set: no Neo4j server for this test (start one with "
                "../shared/neo4j/neo4j-server start; eval \"$(../shared/neo4j/neo4j-server env)\")")
    parts = urlsplit(uri)
    if not parts.hostname:
        require(f"NEO4J_URI={uri!r} names no host (expected e.g. bolt://127.0.0.1:7687)")
    error = _probe(parts.hostname, parts.port or 7687)
    if error:
        require(f"Neo4j at NEO4J_URI={uri} is unreachable ({error})")
    return Neo4jEnv(uri, os.environ.get("NEO4J_USER", "neo4j"),
                    os.environ.get("NEO4J_PASSWORD", ""),
                    os.environ.get("NEO4J_DATABASE", "neo4j"))


def require_redis() -> str:
    """DIPLOGRAPH_TEST_REDIS_URL, answering PING; otherwise skip (or fail under CI)."""
    if not TEST_REDIS_URL:
        require("DIPLOGRAPH_TEST_REDIS_URL is not set: no Redis server for this test "
                "(e.g. redis-server --port 6379 --bind 127.0.0.1 --daemonize yes --save '' and "
                "DIPLOGRAPH_TEST_REDIS_URL=redis://127.0.0.1:6379/0)")
    if urlsplit(TEST_REDIS_URL).scheme not in ("redis", "rediss", "unix"):
        require(f"DIPLOGRAPH_TEST_REDIS_URL={TEST_REDIS_URL!r} is not a redis:// URL")
    import redis

    client = redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=3, socket_timeout=5)
    try:
        client.ping()
    except redis.RedisError as e:
        require(f"Redis at DIPLOGRAPH_TEST_REDIS_URL={TEST_REDIS_URL} is unreachable "
                f"({type(e).__name__}: {e})")
    finally:
        client.close()
    return TEST_REDIS_URL


@pytest.fixture(scope="session")
def neo4j_env() -> Neo4jEnv:
    """The Neo4j server of NEO4J_URI (skip, or fail in CI, without one)."""
    return require_neo4j()


@pytest.fixture(scope="session")
def redis_url() -> str:
    """DIPLOGRAPH_TEST_REDIS_URL, its database flushed once (skip, or fail in CI, without it)."""
    import redis

    url = require_redis()
    client = redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=5)
    try:
        client.flushdb()
    finally:
        client.close()
    return url


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
    """Tests never pick up a developer's DIPLOGRAPH_* environment (the test-run switches
    DIPLOGRAPH_CI and DIPLOGRAPH_TEST_* stay)."""
    for name in list(os.environ):
        if name in KEPT_ENV or name.startswith("DIPLOGRAPH_TEST_"):
            continue
        if name.startswith("DIPLOGRAPH_") or name in ("NEO4J_URI_DIPLOGRAPH_TESTS",):
            monkeypatch.delenv(name, raising=False)
