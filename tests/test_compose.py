"""docker-compose.yml and the Dockerfile, checked without a Docker engine."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.cli import app as cli_app
from app.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def _env(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


def _ports(service: dict[str, Any]) -> set[str]:
    return {str(p).split(":")[-2] if str(p).count(":") else str(p) for p in service.get("ports", [])}


def test_compose_has_the_four_services(compose: dict[str, Any]) -> None:
    assert set(compose["services"]) == {"neo4j", "redis", "api", "worker"}
    for name, service in compose["services"].items():
        assert "healthcheck" in service and service["healthcheck"]["test"], name


def test_compose_neo4j_browser_credentials_and_volume(compose: dict[str, Any]) -> None:
    neo4j = compose["services"]["neo4j"]
    assert re.match(r"^neo4j:5(\.|$)", neo4j["image"])
    assert {"7474", "7687"} <= _ports(neo4j)
    auth = _env(neo4j)["NEO4J_AUTH"]
    assert "${NEO4J_PASSWORD" in auth, "credentials come from the environment, not the file"
    volumes = [str(v) for v in neo4j["volumes"]]
    assert any(v.endswith(":/data") for v in volumes)
    assert volumes[0].split(":")[0] in compose["volumes"]


def test_compose_api_and_worker_point_at_neo4j_and_redis(compose: dict[str, Any]) -> None:
    services = compose["services"]
    fields = set(Settings.model_fields)
    for name in ("api", "worker"):
        service = services[name]
        env = _env(service)
        assert env["DIPLOGRAPH_STORE"] == "neo4j"
        assert env["DIPLOGRAPH_NEO4J_URI"].startswith("bolt://neo4j:")
        assert env["DIPLOGRAPH_QUEUE_URL"].startswith("redis://redis:")
        assert "${NEO4J_PASSWORD" in env["NEO4J_PASSWORD"]
        assert "${DIPLOGRAPH_API_KEY" in env["DIPLOGRAPH_API_KEY"]
        for key in env:  # every DIPLOGRAPH_ variable is a real setting
            if key.startswith("DIPLOGRAPH_"):
                assert key.removeprefix("DIPLOGRAPH_").lower() in fields, key
        depends = service["depends_on"]
        assert depends["neo4j"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
    assert "8000" in _ports(services["api"])
    assert services["worker"]["deploy"]["replicas"] >= 2


def test_compose_commands_are_cli_commands(compose: dict[str, Any]) -> None:
    commands = {c.name for c in cli_app.registered_commands}
    for name in ("api", "worker"):
        argv = compose["services"][name]["command"]
        assert argv[0] == "diplograph" and argv[1] in commands


def test_dockerfile_builds_the_package() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert text.startswith("#") and "FROM python:3.11" in text
    assert "torch==2.13.0" in text and "pip install ." in text
    assert re.search(r"^EXPOSE 8000$", text, re.M)
    assert 'CMD ["diplograph", "serve"]' in text
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert ".git" in ignored and ".venv" in ignored
