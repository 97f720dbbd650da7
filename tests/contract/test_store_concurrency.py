"""Contract: writes are idempotent upserts, also when two writers race (issue 13).

Writing a batch twice, or two overlapping batches at the same time, must leave exactly what
one write of their union leaves: the same nodes and relationships, every entity's aliases
unioned, every search entry's event count exact. On Neo4j the two writers are two separate
processes (each its own driver and transactions, like two `diplograph worker`s), cut into
small transactions so that they interleave; LadybugDB has one writer process, so there the
two writers are threads sharing the store.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from graph import schema
from graph.store import GraphStore
from ingest.models import Extraction

pytestmark = pytest.mark.issue(13)

# Invented people, places and topics; aliases differ per article so that unions matter.
PEOPLE = [
    ("person:amara-okafor", "Amara Okafor", ["Okafor", "A. Okafor", "أمارا أوكافور"]),
    ("person:lucien-marchetti", "Lucien Marchetti", ["Marchetti", "لوسيان ماركيتي"]),
    ("person:samira-haddou", "Samira Haddou", ["Mme Haddou", "سميرة حدو", "Haddou"]),
    ("person:tomas-lindqvist", "Tomas Lindqvist", ["Lindqvist", "توماس ليندكفيست"]),
    ("person:nadia-ferhat", "Nadia Ferhat", ["Ferhat", "نادية فرحات", "N. Ferhat"]),
    ("person:oskar-brandt", "Oskar Brandt", ["Brandt", "أوسكار برانت"]),
]
COUNTRIES = [("country:NE", "Niger", ["النيجر"]),
             ("country:SE", "Sweden", ["Suède", "السويد"]),
             ("country:TN", "Tunisia", ["Tunisie", "تونس"])]
PLACES = [("location:niamey", "Niamey", ["نيامي"], "country:NE"),
          ("location:malmo", "Malmö", ["Malmo", "مالمو"], "country:SE")]
TOPICS = [("topic:water", "Water", ["eau", "المياه"])]
N_ARTICLES, N_EVENTS = 48, 20


def _article(i: int) -> Extraction:
    """Article i reports events i and i+1 (mod N_EVENTS): most events have two reports."""
    events, entity_ids = [], []
    for k in (i % N_EVENTS, (i + 1) % N_EVENTS):
        a, b = PEOPLE[k % len(PEOPLE)][0], PEOPLE[(k * 5 + 1) % len(PEOPLE)][0]
        topics = [COUNTRIES[k % len(COUNTRIES)][0]] + ([TOPICS[0][0]] if k % 3 == 0 else [])
        place = PLACES[k % len(PLACES)][0]
        events.append({
            "id": f"event:race-{k}", "kind": "meeting", "date": f"2024-03-{k + 1:02d}",
            "place": place,
            "participants": [{"entity": a, "role": "host"}, {"entity": b, "role": "guest"}],
            "topics": topics,
            "evidence": [{"text": f"report {i} of meeting {k}", "start": 0, "end": 20}]})
        entity_ids += [a, b, *topics, place]
    described = {p[0]: p for p in PEOPLE + COUNTRIES + TOPICS}
    entities = []
    for eid in dict.fromkeys(entity_ids):
        if eid.startswith("location:"):
            pid, name, aliases, country = next(p for p in PLACES if p[0] == eid)
            entities.append({"id": pid, "type": "Location", "name": name,
                             "aliases": aliases[: 1 + i % 2], "country": country})
            continue
        _, name, aliases = described[eid]
        entities.append({"id": eid, "type": schema.label_of_id(eid), "name": name,
                         "aliases": aliases[i % 2: i % 2 + 1 + i % 3]})
    return Extraction.model_validate({
        "article": {"id": f"article:race-{i}", "lang": ("fr", "ar", "en")[i % 3],
                    "date": "2024-03", "title": f"Race {i}"},
        "entities": entities, "events": events})


def _snapshot(store: GraphStore) -> dict:
    """Node and relationship counts, aliases and event counts of every entity."""
    entries = store._read("MATCH (s:SearchEntry) RETURN s.id AS id, s.aliases AS aliases, "
                          "s.events AS events ORDER BY id", {})
    nodes = {label: store._read(f"MATCH (n:{label}) RETURN n.id AS id, n.aliases AS aliases "
                                "ORDER BY id", {})
             for label in schema.ENTITY_LABELS}
    return {"statistics": store.run("statistics")[0], "entries": entries, "entities": nodes}


def _assert_counts_exact(store: GraphStore) -> None:
    for label in schema.ENTITY_LABELS:
        rows = store._read(
            f"MATCH (n:{label}) OPTIONAL MATCH (n)-[:PARTICIPATED_IN|ABOUT|HELD_IN]-(e:Event) "
            "WITH n, count(DISTINCT e) AS c MATCH (s:SearchEntry {id: n.id}) "
            "RETURN n.id AS id, c, s.events AS events", {})
        assert [r["id"] for r in rows if r["c"] != r["events"]] == [], label


def _clear(store: GraphStore) -> None:
    store.clear()


BATCH_A = range(0, 32)
BATCH_B = range(16, N_ARTICLES)  # articles 16-31 in both batches

WRITER = """
import json, os, sys
from graph.store import StoreConfig, open_store
from ingest.models import Extraction
store = open_store(StoreConfig(engine="neo4j", neo4j_uri=os.environ["NEO4J_URI"],
                               neo4j_user=os.environ["NEO4J_USER"],
                               neo4j_password=os.environ["NEO4J_PASSWORD"],
                               neo4j_database=os.environ["NEO4J_DATABASE"]))
store.max_tx_rows, store.statement_rows = 120, 16  # many small transactions: they interleave
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
for start in range(0, len(lines), 8):
    store.write_extractions([Extraction.model_validate_json(x) for x in lines[start:start + 8]])
store.close()
"""


def _race(store: GraphStore, engine: str, tmp_path: Path, request: pytest.FixtureRequest,
          batches: list[list[Extraction]]) -> None:
    """Write the batches at the same time: two processes on Neo4j, two threads elsewhere."""
    if engine != "neo4j":
        errors: list[BaseException] = []

        def write(batch: list[Extraction]) -> None:
            try:
                for start in range(0, len(batch), 8):
                    store.write_extractions(batch[start:start + 8])
            except BaseException as e:  # noqa: BLE001 - reported by the assertion below
                errors.append(e)

        threads = [threading.Thread(target=write, args=(b,)) for b in batches]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        return
    neo = request.getfixturevalue("neo4j_env")
    env = {**os.environ, "NEO4J_URI": neo.uri, "NEO4J_USER": neo.user,
           "NEO4J_PASSWORD": neo.password, "NEO4J_DATABASE": neo.database}
    root = Path(__file__).resolve().parents[2]
    procs = []
    for n, batch in enumerate(batches):
        path = tmp_path / f"batch{n}.jsonl"
        path.write_text("\n".join(e.model_dump_json() for e in batch), encoding="utf-8")
        procs.append(subprocess.Popen([sys.executable, "-c", WRITER, str(path)], cwd=root,
                                      env=env, stderr=subprocess.PIPE, text=True))
    results = [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in procs]
    assert [rc for rc, _ in results] == [0, 0], json.dumps([err[-2000:] for _, err in results])


def test_write_same_batch_twice_changes_nothing(store: GraphStore) -> None:
    batch = [_article(i) for i in range(N_ARTICLES)]
    store.write_extractions(batch)
    once = _snapshot(store)
    assert once["statistics"]["labels"]["Event"] == N_EVENTS
    assert all(r.replaced for r in store.write_extractions(batch))
    assert _snapshot(store) == once
    _assert_counts_exact(store)


def test_write_concurrent_overlapping_batches_equal_one_write(
        store: GraphStore, engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    store.write_extractions([_article(i) for i in range(N_ARTICLES)])
    expected = _snapshot(store)
    amara = next(r for r in expected["entities"]["Person"] if r["id"] == PEOPLE[0][0])
    assert amara["aliases"] == sorted(PEOPLE[0][2])  # every article's aliases, unioned
    for round_ in range(2):  # two races: different interleavings
        _clear(store)
        order = [BATCH_A, BATCH_B] if round_ == 0 else [BATCH_B, BATCH_A]
        _race(store, engine, tmp_path, request, [[_article(i) for i in r] for r in order])
        assert _snapshot(store) == expected, f"round {round_}"
        _assert_counts_exact(store)
