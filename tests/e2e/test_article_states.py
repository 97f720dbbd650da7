"""The article state machine through the real app, the real queue (SqliteHuey in tmp_path, or
Redis) and the real pipeline: a delete wins over a queued or running ingest, and start-up
reconciliation re-queues what was acknowledged but has no task or is missing from the store.

A worker is made slow deterministically by `GatedServices`: the real extractor and store,
with a test hook that waits on an Event after the extraction (before the write check) or
just before the write.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from structlog.testing import capture_logs

from app.main import create_app
from app.services import Services
from app.worker import IngestQueue

pytestmark = pytest.mark.issue(14)

# Written for these tests (a meeting the French rules extract).
TEXT = ("Le ministre sénégalais des Affaires étrangères, Yassine Fall, a reçu lundi à Dakar "
        "son homologue gambien Mamadou Tangara pour parler de la pêche.")
PERSON, OTHER = "Yassine Fall", "tangara"


class GatedServices(Services):
    """The real Services; `ingest` stops at `extracted` after the extraction (before the
    worker checks the article is still wanted) and `write` stops at `writing`, each until the
    test opens the gate."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.extracted, self.after_extraction = threading.Event(), threading.Event()
        self.writing, self.write_gate = threading.Event(), threading.Event()
        self.after_extraction.set()
        self.write_gate.set()

    def ingest(self, raw: Any, *, before_write: Callable[[], bool] | None = None) -> Any:
        def gated() -> bool:
            self.extracted.set()
            assert self.after_extraction.wait(60)
            return before_write() if before_write is not None else True

        return super().ingest(raw, before_write=gated)

    def write(self, extraction: Any) -> Any:
        self.writing.set()
        assert self.write_gate.wait(60)
        return super().write(extraction)


@pytest.fixture(params=["sqlite", "redis"])
def make_queue(request: pytest.FixtureRequest, tmp_settings: Any
               ) -> Iterator[Callable[[Services], IngestQueue]]:
    """`make_queue(services)`: an IngestQueue on a real SqliteHuey in tmp_path, or on Redis
    (a queue name of its own, flushed after the test)."""
    hueys: list[Any] = []

    def make(services: Services) -> IngestQueue:
        if request.param == "sqlite":
            return IngestQueue(tmp_settings, services)
        from huey import RedisHuey

        name = f"diplograph-states-{uuid.uuid4().hex[:8]}"
        hueys.append(RedisHuey(name, url=request.getfixturevalue("redis_url")))
        return IngestQueue(tmp_settings, services, huey=hueys[-1])

    yield make
    for huey in hueys:
        huey.storage.flush_all()


def _post(client: TestClient, headers: dict[str, str], text: str = TEXT) -> dict[str, Any]:
    response = client.post("/articles", content=text.encode(),
                           headers=headers | {"content-type": "text/plain"})
    assert response.status_code == 202, response.text
    return response.json()  # type: ignore[no-any-return]


def _met(client: TestClient) -> bool:
    """/meetings of PERSON names OTHER."""
    response = client.get("/meetings", params={"person": PERSON})
    if response.status_code == 404:
        return False
    assert response.status_code == 200, response.text
    return any(OTHER in m["person"]["name"].lower() for m in response.json()["data"])


def _until(check: Callable[[], Any], what: str, timeout: float = 120.0) -> Any:
    deadline = time.monotonic() + timeout
    while not (value := check()):
        assert time.monotonic() < deadline, what
        time.sleep(0.02)
    return value


def _run_next_task(queue: IngestQueue) -> None:
    """Take the next task off the real queue and run it here (one worker, synchronously)."""
    task = queue.huey.dequeue()
    assert task is not None, "no task in the queue"
    queue.huey.execute(task)


def test_article_delete_while_queued_writes_nothing(make_queue: Any, tmp_settings: Any,
                                                    write_headers: dict[str, str]) -> None:
    services = Services(tmp_settings)
    queue = make_queue(services)
    with TestClient(create_app(tmp_settings, services=services, queue=queue)) as client:
        accepted = _post(client, write_headers)
        article_id, url = accepted["id"], accepted["status_url"]
        assert accepted["status"] == "queued"
        assert client.delete(url, headers=write_headers).status_code == 204
        gone = client.get(url)
        assert gone.status_code == 404 and "deleted" in gone.json()["error"]
        assert queue.status(article_id)["status"] == "deleted"  # the tombstone

        _run_next_task(queue)  # the worker reaches the task: it sees the tombstone
        assert queue.huey.pending_count() == 0
        assert queue.status(article_id)["status"] == "deleted"
        assert services.get_extraction(article_id) is None
        assert client.get(url).status_code == 404 and not _met(client)
        assert client.delete(url, headers=write_headers).status_code == 404  # already gone

        again = _post(client, write_headers)  # the same content later: a fresh submission
        assert again == accepted
        _run_next_task(queue)
        done = client.get(url)
        assert done.status_code == 200 and done.json()["status"] == "done", done.text
        assert _met(client)
    services.close()


def _start_worker(settings: Any, services: Services, queue: IngestQueue | None = None
                  ) -> TestClient:
    return TestClient(create_app(settings, services=services, queue=queue, run_worker=True))


def test_article_delete_while_processing_writes_nothing(make_queue: Any, tmp_settings: Any,
                                                        write_headers: dict[str, str]) -> None:
    services = GatedServices(tmp_settings)
    services.after_extraction.clear()
    with _start_worker(tmp_settings, services, make_queue(services)) as client:
        queue: IngestQueue = client.app.state.queue  # type: ignore[attr-defined]
        accepted = _post(client, write_headers)
        article_id, url = accepted["id"], accepted["status_url"]
        _until(lambda: services.extracted.is_set(), "the worker never extracted the article")
        assert client.get(url).json()["status"] == "processing"
        assert client.delete(url, headers=write_headers).status_code == 204
        assert client.get(url).status_code == 404
        services.after_extraction.set()  # the worker finds the tombstone: it writes nothing
        _until(lambda: article_id not in queue._held, "the worker never let go of the article")
        assert not services.writing.is_set()
        assert queue.status(article_id)["status"] == "deleted"
        assert services.get_extraction(article_id) is None
        assert client.get(url).status_code == 404 and not _met(client)

        again = _post(client, write_headers)  # posted again: processed anew
        assert again["status"] == "queued"
        _until(lambda: client.get(url).json().get("status") == "done", "not processed again")
        assert _met(client)
    services.close()


def test_article_delete_racing_the_write_removes_it_again(make_queue: Any, tmp_settings: Any,
                                                         write_headers: dict[str, str]) -> None:
    services = GatedServices(tmp_settings)
    services.write_gate.clear()
    with _start_worker(tmp_settings, services, make_queue(services)) as client:
        queue: IngestQueue = client.app.state.queue  # type: ignore[attr-defined]
        accepted = _post(client, write_headers)
        article_id, url = accepted["id"], accepted["status_url"]
        # The worker has checked the article is wanted and is about to write it.
        _until(lambda: services.writing.is_set(), "the worker never reached the write")
        assert client.delete(url, headers=write_headers).status_code == 204  # nothing to remove
        services.write_gate.set()  # the write lands after the delete…
        _until(lambda: article_id not in queue._held, "the worker never let go of the article")
        assert services.get_extraction(article_id) is None  # …and the worker removed it again
        assert queue.status(article_id)["status"] == "deleted"
        assert client.get(url).status_code == 404 and not _met(client)
    services.close()


def test_reconcile_requeues_queued_record_whose_task_was_lost(
        make_queue: Any, tmp_settings: Any, write_headers: dict[str, str]) -> None:
    services = Services(tmp_settings)
    queue = make_queue(services)
    with TestClient(create_app(tmp_settings, services=services, queue=queue)) as client:
        accepted = _post(client, write_headers)
    queue.huey.storage.flush_queue()  # the task is lost; the record still says queued
    assert queue.huey.pending_count() == 0
    assert queue.status(accepted["id"])["status"] == "queued"

    with capture_logs() as logs:
        assert queue.requeue_interrupted() == 1  # what every start runs
    summary = [e for e in logs if e["event"] == "reconcile_done"]
    assert summary and summary[0]["lost"] == 1 and summary[0]["records"] == 1, logs
    assert queue.huey.pending_count() == 1
    assert queue.requeue_interrupted() == 0  # its task is back: nothing more to do
    _run_next_task(queue)
    assert queue.status(accepted["id"])["status"] == "done"
    assert services.get_extraction(accepted["id"]) is not None
    services.close()


def test_reconcile_reingests_done_article_missing_from_store(
        tmp_settings: Any, write_headers: dict[str, str]) -> None:
    services = Services(tmp_settings)
    with _start_worker(tmp_settings, services) as client:
        accepted = _post(client, write_headers)
        url = accepted["status_url"]
        _until(lambda: client.get(url).json().get("status") == "done", "never processed")
        services.store.delete_article(accepted["id"])  # the store lost it (e.g. its WAL)
        lost = client.get(url)
        assert lost.status_code == 404 and "no longer in the store" in lost.json()["error"]
    restarted = _start_worker(tmp_settings, services)
    with capture_logs() as logs, restarted as client:  # its start reconciles
        done = _until(lambda: (r := client.get(url)).status_code == 200 and
                      r.json()["status"] == "done" and r.json(), "not ingested again")
        assert done["extraction"]["events"] and _met(client)
    summary = [e for e in logs if e["event"] == "reconcile_done"]
    assert summary and summary[0]["reingested"] == 1, logs
    services.close()


def test_reconcile_marks_done_article_without_text_failed(
        tmp_settings: Any, write_headers: dict[str, str]) -> None:
    services = Services(tmp_settings)
    queue = IngestQueue(tmp_settings, services)
    with TestClient(create_app(tmp_settings, services=services, queue=queue)) as client:
        accepted = _post(client, write_headers)
        _run_next_task(queue)
        article_id, url = accepted["id"], accepted["status_url"]
        assert queue.records.kept_raw(article_id)  # the text is kept beside the done record
        services.store.delete_article(article_id)
        queue.huey.delete("diplograph:raw:" + article_id)  # and its text is gone too
        assert queue.requeue_interrupted() == 0
        failed = client.get(url).json()
        assert failed["status"] == "failed" and "post it again" in failed["error"], failed
        again = _post(client, write_headers)  # which works
        assert again["status"] == "queued" and queue.huey.pending_count() == 1
    services.close()


def test_reconcile_leaves_a_replaced_version_replaced(
        tmp_settings: Any, write_headers: dict[str, str]) -> None:
    """A source posted again with a new text replaces its older version in the store; the
    older record is not re-ingested at the next start (it would replace the newer one)."""
    services = Services(tmp_settings)
    queue = IngestQueue(tmp_settings, services)
    source = "https://news.example.org/2031/fisheries-talks"
    with TestClient(create_app(tmp_settings, services=services, queue=queue)) as client:
        ids = []
        for text in (TEXT, TEXT + " Les deux ministres ont aussi parlé du climat."):
            response = client.post("/articles", json={"text": text, "source": source},
                                   headers=write_headers)
            assert response.status_code == 202, response.text
            ids.append(response.json()["id"])
            _run_next_task(queue)
        older, newer = ids
        assert older != newer
        assert services.store.run("article_meta", id=older) == []
        assert services.store.run("article_meta", id=newer)[0]["sources"] == [source]
        assert queue.requeue_interrupted() == 0
        record = client.get(f"/articles/{older}").json()
        assert record["status"] == "failed" and newer in record["error"], record
        assert queue.huey.pending_count() == 0
        assert client.get(f"/articles/{newer}").json()["status"] == "done"
        mirror = "https://mirror.example.net/fisheries-talks"  # the same text elsewhere
        again = client.post("/articles", json={"text": TEXT + " Les deux ministres ont aussi "
                                               "parlé du climat.\n", "source": mirror},
                            headers=write_headers)
        assert again.json() == {"id": newer, "status": "done", "status_url": f"/articles/{newer}"}
        assert services.store.run("article_meta", id=newer)[0]["sources"] == sorted(
            [source, mirror])
        assert queue.huey.pending_count() == 0
    services.close()
