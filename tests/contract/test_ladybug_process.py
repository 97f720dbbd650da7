"""The embedded store across processes: ownership (one writer) and SIGKILL in mid-batch.

LadybugDB only: both tests start a real Python subprocess.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from graph.errors import StoreLocked
from graph.store import StoreConfig, open_store

pytestmark = pytest.mark.issue(4)
ROOT = Path(__file__).resolve().parents[2]

# Shared by the writer subprocess and the checks: article i, deterministic.
GENERATOR = textwrap.dedent('''
    from ingest.models import Extraction

    def article(i):
        people = [f"person:p{(i * 7 + k) % 50}" for k in range(3)]
        return Extraction.model_validate({
            "article": {"id": f"article:k{i}", "lang": ("fr", "ar", "en")[i % 3],
                        "date": "2021-10-%02d" % (1 + i % 28), "title": f"Article {i}"},
            "entities": [{"id": p, "type": "Person", "name": p.split(":")[1].upper(),
                          "aliases": [p.split(":")[1]]} for p in people]
                        + [{"id": "country:LY", "type": "Country", "name": "Libya"}],
            "events": [{"id": f"event:k{i}-{j}", "kind": "meeting", "date": "2021-10",
                        "participants": [{"entity": people[j], "role": "host"},
                                         {"entity": people[j + 1], "role": "guest"}],
                        "topics": ["country:LY"],
                        "evidence": [{"text": f"evidence {i} {j}", "start": 0, "end": 12}]}
                       for j in range(2)],
        })
''')

WRITER = GENERATOR + textwrap.dedent('''
    import sys
    from pathlib import Path
    from graph.store import StoreConfig, open_store

    store = open_store(StoreConfig(path=Path(sys.argv[1])))
    print("open", flush=True)
    i = 0
    while True:
        batch = [article(i + k) for k in range(20)]
        store.write_extractions(batch)
        for e in batch:
            print("ack", e.article.id, flush=True)
        i += 20
''')


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def test_store_second_writer_gets_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "graph.lbdb"
    store = open_store(StoreConfig(path=path))
    try:
        code = textwrap.dedent(f'''
            from pathlib import Path
            from graph.errors import GraphError
            from graph.store import StoreConfig, open_store
            try:
                open_store(StoreConfig(path=Path({str(path)!r})))
                print("opened")
            except GraphError as e:
                print(e.code); print(e)
        ''')
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env=_env(), timeout=120, check=True).stdout
        first, message = out.split("\n", 1)
        assert first == StoreLocked.code
        assert "already open read-write by another process" in message
        assert "Stop that process" in message
    finally:
        store.close()
    open_store(StoreConfig(path=path)).close()  # released on close


def test_store_sigkill_mid_batch_keeps_whole_articles(tmp_path: Path) -> None:
    path = tmp_path / "graph.lbdb"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE,
                            text=True, env=_env())
    acked: list[str] = []
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + 180
        while len(acked) < 60 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            if line.startswith("ack "):
                acked.append(line.split()[1])
        assert len(acked) >= 60, "the writer stopped early"
        proc.send_signal(signal.SIGKILL)  # the next batch is being written
    finally:
        proc.kill()
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL

    namespace: dict = {}
    exec(GENERATOR, namespace)  # noqa: S102 - the same generator as the writer's
    store = open_store(StoreConfig(path=path))
    try:
        present = 0
        for i in range(len(acked) + 100):
            got = store.get_extraction(f"article:k{i}")
            if got is None:
                assert f"article:k{i}" not in acked, f"acknowledged article:k{i} is missing"
                continue
            present += 1
            want = namespace["article"](i)
            assert [e.id for e in got.events] == [e.id for e in want.events]
            assert [e.evidence for e in got.events] == [e.evidence for e in want.events]
            assert sorted(e.id for e in got.entities) == sorted(e.id for e in want.entities)
            for g, w in zip(got.events, want.events, strict=True):
                assert sorted(p.entity for p in g.participants) == sorted(
                    p.entity for p in w.participants)
        assert present >= len(acked) and present % 20 == 0  # whole batches only
        stats = store.run("statistics")[0]
        assert stats["labels"]["Article"] == present
        assert stats["labels"]["Event"] == 2 * present
        assert stats["relationships"]["REPORTED_IN"] == 2 * present
    finally:
        store.close()


def test_store_written_before_search_keys_is_migrated(tmp_path: Path) -> None:
    """A store written before the search index existed gets it at open."""
    import ladybug as lb

    from ingest.models import Extraction

    fixture = (ROOT / "tests" / "data" / "graph_fixture.jsonl").read_text(encoding="utf-8")
    path = tmp_path / "graph.lbdb"
    store = open_store(StoreConfig(path=path))
    store.write_extractions([Extraction.model_validate_json(line)
                             for line in fixture.splitlines() if line.strip()])
    store.close()
    db = lb.Database(str(path))
    conn = lb.Connection(db)
    conn.execute("DROP TABLE SearchEntry")
    conn.close()
    db.close()
    store = open_store(StoreConfig(path=path))
    try:
        assert [r["id"] for r in store.run("search_entities", q="lam")] == [
            "person:ramtane-lamamra", "person:yael-lampert"]
        assert [r["id"] for r in store.run("search_entities", q="الجزائر")] == [
            "country:DZ", "location:algiers"]
    finally:
        store.close()
