"""`app.batch`: batched writes and argument checks of `ingest_bulk`, on a real tmp LadybugDB.

No NLP here: the Extractions are built by hand (the NLP path is tested in
tests/e2e/test_parallel_nlp.py and tests/e2e/test_cli_ingest.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.batch import IngestSummary, ingest_bulk, write_batch
from app.logs import configure_logging
from app.services import Services
from app.settings import Settings
from ingest.models import Extraction


def _extraction(n: int, *, bad: bool = False) -> Extraction:
    guest = "mystery:nobody" if bad else f"person:guest-{n}"
    return Extraction.model_validate({
        "article": {"id": f"article:batch-{n}", "lang": "en", "date": "2024-05",
                    "source": f"batch-{n}.txt"},
        "entities": [
            {"id": f"person:host-{n}", "type": "Person", "name": f"Host {n}",
             "mentions": [{"text": f"Host {n}", "start": 0, "end": 6}]},
            {"id": f"person:guest-{n}", "type": "Person", "name": f"Guest {n}",
             "mentions": [{"text": f"Guest {n}", "start": 11, "end": 18}]},
        ],
        "events": [{"id": f"event:batch-{n}", "kind": "meeting", "date": "2024-05-02",
                    "participants": [{"entity": f"person:host-{n}", "role": "host"},
                                     {"entity": guest, "role": "guest"}],
                    "evidence": [{"text": "met", "start": 7, "end": 10}]}],
    })


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    # an earlier CliRunner test may have bound the log output to its (closed) captured stderr
    configure_logging("WARNING")
    settings = Settings(_env_file=None, data_dir=tmp_path / "data",  # type: ignore[call-arg]
                        store="ladybug")
    services = Services(settings)
    yield services
    services.close()


def test_batch_write_one_transaction_for_the_batch(services: Services) -> None:
    summary = IngestSummary()
    write_batch(services, [_extraction(i) for i in range(3)], summary)
    assert summary.articles == 3 and not summary.failures
    labels = services.store.run("statistics")[0]["labels"]
    assert labels["Article"] == 3 and labels["Event"] == 3 and labels["Person"] == 6


def test_batch_write_isolates_the_faulty_article(services: Services) -> None:
    summary = IngestSummary()
    write_batch(services, [_extraction(0), _extraction(1, bad=True), _extraction(2)], summary)
    assert summary.articles == 2
    assert [f.source for f in summary.failures] == ["batch-1.txt"]
    assert summary.failures[0].error.startswith("invalid_extraction:")
    assert "mystery:nobody" in summary.failures[0].error
    assert services.get_extraction("article:batch-1") is None
    assert services.get_extraction("article:batch-2") is not None


@pytest.mark.parametrize(("jobs", "batch_size", "message"), [
    (0, None, "jobs must be at least 1, got 0"),
    (2, 0, "batch_size must be at least 1, got 0"),
])
def test_batch_ingest_bulk_rejects_bad_numbers(services: Services, jobs: int,
                                               batch_size: int | None, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ingest_bulk(services, [], jobs=jobs, batch_size=batch_size)
    assert not services.store_opened  # refused before touching the store


def test_batch_ingest_bulk_nothing_to_do(services: Services) -> None:
    summary = ingest_bulk(services, [], jobs=2)
    assert summary.articles == 0 and not summary.failures
    assert not any(summary.added.values())
