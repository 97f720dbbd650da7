"""Settings: environment prefix, aliases, validation."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from app.settings import Settings


def test_settings_read_prefixed_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DIPLOGRAPH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DIPLOGRAPH_PORT", "9001")
    monkeypatch.setenv("NEO4J_URI", "bolt://db:7687")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.data_dir == tmp_path
    assert settings.port == 9001
    assert settings.neo4j_uri == "bolt://db:7687"
    assert settings.ladybug_path == tmp_path / "graph.lbug"


@pytest.mark.parametrize(("field", "value"), [("store", "sqlite"), ("port", "0"),
                                               ("log_level", "LOUD"), ("worker_retries", "-1")])
def test_settings_reject_bad_values(monkeypatch: pytest.MonkeyPatch, field: str, value: str) -> None:
    monkeypatch.setenv(f"DIPLOGRAPH_{field.upper()}", value)
    with pytest.raises(ValidationError):
        Settings(_env_file=None)  # type: ignore[call-arg]
