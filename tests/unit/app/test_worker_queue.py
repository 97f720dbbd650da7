"""app/worker.py: the queue backend choice and the article status records (real SqliteHuey,
no consumer).

Named test_worker_queue.py: pytest (rootdir imports) refuses two modules named test_worker.py."""

from __future__ import annotations

from typing import Any

import pytest
from huey import RedisHuey, SqliteHuey

from app.services import Services
from app.worker import IngestQueue, create_huey
from ingest.reader import RawArticle


def test_create_huey_sqlite_in_data_dir(tmp_settings: Any) -> None:
    huey = create_huey(tmp_settings)
    assert isinstance(huey, SqliteHuey)
    assert huey.storage.filename == str(tmp_settings.queue_path)


def test_create_huey_redis_url(settings_factory: Any) -> None:
    huey = create_huey(settings_factory(queue_url="redis://localhost:6379/3"))
    assert isinstance(huey, RedisHuey)  # nothing connects until used


def test_create_huey_rejects_unknown_scheme(settings_factory: Any) -> None:
    with pytest.raises(ValueError, match="redis://"):
        create_huey(settings_factory(queue_url="amqp://x"))


def test_queue_submit_is_idempotent(tmp_settings: Any) -> None:
    queue = IngestQueue(tmp_settings, Services(tmp_settings))
    raw = RawArticle(id="article:00000000000000aa", text="x", lang="fr")
    first = queue.submit(raw)
    second = queue.submit(raw)
    assert first["status"] == second["status"] == "queued"
    assert queue.huey.pending_count() == 1
    assert queue.forget(raw.id) and queue.status(raw.id) is None
