"""The real-server fixtures of the root conftest: `neo4j_env`, `redis_url`, `service_missing`.

A missing server skips a test on a developer machine and fails it under DIPLOGRAPH_CI=1; with
the servers up, `redis_url` carries the app's own huey queue and `neo4j_env` opens an empty
Neo4j store.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.issue(13)


@pytest.mark.parametrize(("ci", "outcome"), [(False, pytest.skip.Exception),
                                             (True, pytest.fail.Exception)],
                         ids=["developer-skips", "ci-fails"])
def test_servers_missing_service_skips_locally_and_fails_in_ci(
        service_missing: Any, monkeypatch: pytest.MonkeyPatch, ci: bool, outcome: Any) -> None:
    monkeypatch.setitem(service_missing.__globals__, "IN_CI", ci)
    with pytest.raises(outcome, match="no test server here"):
        service_missing("no test server here")


def test_servers_redis_url_carries_the_app_queue(redis_url: str, settings_factory: Any) -> None:
    from huey import RedisHuey

    from app.worker import create_huey

    huey = create_huey(settings_factory(queue_url=redis_url))
    assert isinstance(huey, RedisHuey)
    huey.flush()

    @huey.task()
    def add(a: int, b: int) -> int:
        return a + b

    result = add(2, 3)
    assert huey.pending_count() == 1
    huey.execute(huey.dequeue())
    assert result.get() == 5
    assert huey.pending_count() == 0
    huey.flush()


def test_servers_neo4j_env_opens_an_empty_store(neo4j_env: Any) -> None:
    assert neo4j_env.env()["NEO4J_URI"] == neo4j_env.uri
    store = neo4j_env.open_empty()
    try:
        assert store.engine == "neo4j"
        stats = store.run("statistics")[0]
        assert not any(stats["labels"].values()), stats
        assert not any(stats["relationships"].values()), stats
    finally:
        store.close()
