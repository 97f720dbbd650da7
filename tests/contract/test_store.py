"""Contract suite: every catalog query and every write rule, same rows on every engine.

The fixture graph (tests/data/graph_fixture.jsonl): four articles (fr, ar, en, en), six
events; event:e1 is reported by two articles (French and Arabic).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import InvalidExtraction, InvalidQueryParams, QueryNotFound
from graph.store import GraphStore
from ingest.models import Extraction

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "graph_fixture.jsonl"


def load_fixture() -> list[Extraction]:
    return [Extraction.model_validate_json(line)
            for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]

pytestmark = pytest.mark.issue(4)

LAMAMRA, LAMPERT = "person:ramtane-lamamra", "person:yael-lampert"
MANGOUSH, LAVROV = "person:najla-mangoush", "person:sergei-lavrov"
A1_SOURCE = {"article_id": "article:a1", "title": "Lamamra reçoit Lampert", "lang": "fr",
             "evidence": "M. Lamamra a reçu Mme Lampert à Tripoli."}
A2_SOURCE = {"article_id": "article:a2", "title": "لقاء في طرابلس", "lang": "ar",
             "evidence": "استقبل لعمامرة لامبرت في طرابلس."}
E1_TOPICS = [{"id": "country:EH", "name": "Western Sahara", "type": "Country"},
             {"id": "country:LY", "name": "Libya", "type": "Country"},
             {"id": "country:ML", "name": "Mali", "type": "Country"}]


def ids(rows: list[dict], key: str = "id") -> list[str]:
    return [r[key] for r in rows]


# --- who met ---------------------------------------------------------------------------------

def test_who_met_all(fixture_store: GraphStore) -> None:
    rows = fixture_store.run("who_met", person=LAMAMRA)
    assert [(r["person_id"], r["event_id"]) for r in rows] == [
        (MANGOUSH, "event:e2"), (LAMPERT, "event:e1"), (LAVROV, "event:e4"),
        ("organisation:un", "event:e5")]
    assert rows[1] == {
        "person_id": LAMPERT, "person_name": "Yael Lampert", "person_type": "Person",
        "role": "guest", "counterpart_role": "host", "event_id": "event:e1", "kind": "meeting",
        "date": "2021-10-21", "place_id": "location:tripoli", "place_name": "Tripoli",
        "place_type": "Location", "topics": E1_TOPICS, "sources": [A1_SOURCE, A2_SOURCE]}
    assert rows[0]["place_id"] is None and rows[0]["date"] == "2021-10"
    assert rows[3]["date"] is None


@pytest.mark.parametrize(("params", "expected"), [
    ({"topic": "country:ML"}, ["event:e1", "event:e4"]),
    ({"topic": "topic:energy"}, ["event:e4"]),
    ({"kind": "meeting"}, ["event:e1"]),
    ({"date_from": "2021-10-01", "date_to": "2021-10-31"}, ["event:e2", "event:e1"]),
    ({"date_from": "2021-10-21", "date_to": "2021-10-21"}, ["event:e2", "event:e1"]),  # overlap
    ({"date_from": "2022-01-01"}, ["event:e4"]),  # undated events drop out of a range
    ({"place": "location:tripoli"}, ["event:e1"]),
    ({"place": "country:LY"}, ["event:e1"]),  # a country covers its locations
    ({"topic": "country:ML", "kind": "visit", "date_to": "2022-12-31"}, ["event:e4"]),
    ({"topic": "country:DZ"}, []),
])
def test_who_met_filters(fixture_store: GraphStore, params: dict, expected: list[str]) -> None:
    assert ids(fixture_store.run("who_met", person=LAMAMRA, **params), "event_id") == expected


def test_who_met_unknown_person_is_empty(fixture_store: GraphStore) -> None:
    assert fixture_store.run("who_met", person="person:nobody") == []


def test_who_met_organisation_participant(fixture_store: GraphStore) -> None:
    rows = fixture_store.run("who_met", person="organisation:un")
    assert [(r["person_id"], r["event_id"]) for r in rows] == [(LAMAMRA, "event:e5")]
    assert rows[0]["person_type"] == "Person" and rows[0]["place_type"] == "Location"
    back = fixture_store.run("who_met", person=LAMAMRA, topic="country:EH", kind="talks")
    assert [(r["person_id"], r["person_type"]) for r in back] == [
        ("organisation:un", "Organisation")]


# --- timeline ---------------------------------------------------------------------------------

def test_timeline(fixture_store: GraphStore) -> None:
    rows = fixture_store.run("timeline", person=LAMPERT)
    assert ids(rows, "event_id") == ["event:e1", "event:e3", "event:e6"]
    assert rows[0] == {
        "event_id": "event:e1", "kind": "meeting", "date": "2021-10-21",
        "place_id": "location:tripoli", "place_name": "Tripoli", "place_type": "Location",
        "role": "guest",
        "counterparts": [{"id": LAMAMRA, "name": "Ramtane Lamamra", "role": "host",
                          "type": "Person"}],
        "topics": E1_TOPICS, "sources": [A1_SOURCE, A2_SOURCE]}
    assert rows[2]["topics"] == [] and rows[2]["place_id"] is None


def test_timeline_undated_last(fixture_store: GraphStore) -> None:
    rows = fixture_store.run("timeline", person=LAMAMRA)
    assert [(r["event_id"], r["date"]) for r in rows] == [
        ("event:e2", "2021-10"), ("event:e1", "2021-10-21"), ("event:e4", "2022-03"),
        ("event:e5", None)]


# --- search -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("q", "expected"), [
    ("lam", [LAMAMRA, LAMPERT]),  # both 0 exact; Lamamra has more events
    ("LAMAMRA", [LAMAMRA]),
    ("Lampert", [LAMPERT]),
    ("ALGÉR", ["location:algiers", "country:DZ"]),  # "alger" is an exact alias of Algiers
    ("algerie", ["country:DZ"]),  # accent-insensitive
    ("الجزائر", ["country:DZ", "location:algiers"]),
    ("الجزاءر", []),
    ("لعمامره", [LAMAMRA]),  # ta marbuta / ha folded; an alias's second word is no prefix
    ("رمطان", [LAMAMRA]),
    ("نجلاء", [MANGOUSH]),
    ("sergueï", [LAVROV]),
    ("Etats-Unis", ["country:US"]),
    ("zzz", []),
])
def test_search_entities(fixture_store: GraphStore, q: str, expected: list[str]) -> None:
    assert ids(fixture_store.run("search_entities", q=q)) == expected


def test_search_entities_type_and_limit(fixture_store: GraphStore) -> None:
    assert ids(fixture_store.run("search_entities", q="alg", type="Country")) == ["country:DZ"]
    assert ids(fixture_store.run("search_entities", q="lam", limit=1)) == [LAMAMRA]
    row = fixture_store.run("search_entities", q="mangoush")[0]
    assert row == {"id": MANGOUSH, "type": "Person", "name": "Najla Mangoush",
                   "aliases": ["Mangoush", "نجلاء المنقوش"]}


# --- profile, neighbours, networks, paths ------------------------------------------------------

def test_entity_profile(fixture_store: GraphStore) -> None:
    assert fixture_store.run("entity_profile", id=LAMAMRA) == [{
        "id": LAMAMRA, "type": "Person", "name": "Ramtane Lamamra",
        "aliases": ["Lamamra", "رمطان لعمامرة"], "events": 4, "articles": 3, "counterparts": 4}]
    assert fixture_store.run("entity_profile", id="country:ML") == [{
        "id": "country:ML", "type": "Country", "name": "Mali", "aliases": ["مالي"],
        "events": 2, "articles": 3, "counterparts": 0}]
    assert fixture_store.run("entity_profile", id="person:nobody") == []


def test_entity_neighbours(fixture_store: GraphStore) -> None:
    rows = fixture_store.run("entity_neighbours", id="location:tripoli")
    assert [(r["id"], r["relation"], r["weight"]) for r in rows] == [
        (LAMPERT, "hosted", 2), (MANGOUSH, "hosted", 1), (LAMAMRA, "hosted", 1),
        ("country:LY", "located_in", 1)]
    rows = fixture_store.run("entity_neighbours", id=LAMAMRA, limit=3)
    assert [(r["id"], r["relation"], r["weight"]) for r in rows] == [
        ("country:EH", "about", 2), ("country:LY", "about", 2), ("country:ML", "about", 2)]
    assert rows[0]["type"] == "Country" and rows[0]["name"] == "Western Sahara"


def test_ego_network(fixture_store: GraphStore) -> None:
    rows = fixture_store.run("ego_network", id=LAMPERT)
    assert [(r["a_id"], r["b_id"], r["events"]) for r in rows] == [
        (MANGOUSH, LAMAMRA, 1), (LAMAMRA, LAVROV, 1),
        (LAMPERT, MANGOUSH, 1), (LAMPERT, LAMAMRA, 1), (LAMPERT, LAVROV, 1)]


def test_top_pairs(fixture_store: GraphStore) -> None:
    rows = fixture_store.run("top_pairs", limit=10)
    assert [(r["a_id"], r["b_id"], r["events"]) for r in rows] == [
        ("organisation:un", LAMAMRA, 1), (MANGOUSH, LAMAMRA, 1), (MANGOUSH, LAMPERT, 1),
        (LAMAMRA, LAVROV, 1), (LAMAMRA, LAMPERT, 1), (LAVROV, LAMPERT, 1)]
    assert rows[0]["a_name"] == "United Nations"


def test_shortest_path(fixture_store: GraphStore) -> None:
    [row] = fixture_store.run("shortest_path", source=LAVROV, target=MANGOUSH)
    assert ids(row["nodes"]) == [LAVROV, "event:e4", LAMAMRA, "event:e2", MANGOUSH]
    assert row["nodes"][1] == {"id": "event:e4", "type": "Event", "name": "visit 2022-03"}
    assert row["edges"] == [
        {"source": LAVROV, "target": "event:e4", "type": "PARTICIPATED_IN"},
        {"source": LAMAMRA, "target": "event:e4", "type": "PARTICIPATED_IN"},
        {"source": LAMAMRA, "target": "event:e2", "type": "PARTICIPATED_IN"},
        {"source": MANGOUSH, "target": "event:e2", "type": "PARTICIPATED_IN"}]


def test_shortest_path_through_places(fixture_store: GraphStore) -> None:
    [row] = fixture_store.run("shortest_path", source="location:moscow", target="country:RU")
    assert row["edges"] == [{"source": "location:moscow", "target": "country:RU",
                             "type": "LOCATED_IN"}]


def test_shortest_path_none(fixture_store: GraphStore) -> None:
    assert fixture_store.run("shortest_path", source=LAVROV, target="person:nobody") == []


def test_subgraph(fixture_store: GraphStore) -> None:
    [row] = fixture_store.run("subgraph", center="location:moscow", depth=1)
    assert ids(row["nodes"]) == ["country:RU", "event:e4", "location:moscow"]
    assert row["edges"] == [
        {"source": "event:e4", "target": "location:moscow", "type": "HELD_IN"},
        {"source": "location:moscow", "target": "country:RU", "type": "LOCATED_IN"}]
    [row] = fixture_store.run("subgraph", center="location:moscow", depth=2)
    assert ids(row["nodes"]) == ["country:ML", "country:RU", "event:e4", "location:moscow",
                                 LAMAMRA, LAVROV, "topic:energy"]


# --- events -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("params", "expected"), [
    ({}, ["event:e2", "event:e1", "event:e3", "event:e4", "event:e6", "event:e5"]),
    ({"country": "country:LY"}, ["event:e2", "event:e1", "event:e3"]),
    ({"country": "country:RU"}, ["event:e4", "event:e6"]),  # held in Moscow; Lavrov represents
    ({"country": "country:DZ"}, ["event:e2", "event:e1", "event:e4", "event:e5"]),
    ({"organisation": "organisation:un"}, ["event:e5"]),
    ({"kind": "meeting"}, ["event:e1", "event:e3"]),
    ({"date_from": "2022-01-01", "date_to": "2022-12-31"}, ["event:e4", "event:e6"]),
    ({"limit": 2, "offset": 1}, ["event:e1", "event:e3"]),
])
def test_events(fixture_store: GraphStore, params: dict, expected: list[str]) -> None:
    assert ids(fixture_store.run("events", **params), "event_id") == expected


def test_event_with_all_its_facts(fixture_store: GraphStore) -> None:
    [row] = fixture_store.run("event", id="event:e1")
    assert (row["event_id"], row["kind"], row["date"]) == ("event:e1", "meeting", "2021-10-21")
    assert (row["place_id"], row["place_name"], row["place_type"]) == (
        "location:tripoli", "Tripoli", "Location")
    assert [(p["id"], p["role"]) for p in row["participants"]] == [
        (LAMAMRA, "host"), (LAMPERT, "guest")]
    assert row["topics"] == E1_TOPICS
    assert row["sources"] == [A1_SOURCE, A2_SOURCE]  # reported in French and in Arabic


def test_event_unknown_is_empty(fixture_store: GraphStore) -> None:
    assert fixture_store.run("event", id="event:nope") == []


def test_events_row(fixture_store: GraphStore) -> None:
    [row] = fixture_store.run("events", organisation="organisation:un")
    [a3] = fixture_store.run("article_meta", id="article:a3")
    assert row == {
        "event_id": "event:e5", "kind": "talks", "date": None, "place_id": "location:algiers",
        "place_name": "Algiers", "place_type": "Location",
        "participants": [{"id": "organisation:un", "name": "United Nations", "role": "participant",
                          "type": "Organisation"},
                         {"id": LAMAMRA, "name": "Ramtane Lamamra", "role": "participant",
                          "type": "Person"}],
        "topics": [{"id": "country:EH", "name": "Western Sahara", "type": "Country"}],
        "sources": [{"article_id": "article:a3", "title": "Lamamra in Moscow", "lang": "en",
                     "evidence": "Lamamra held talks with the UN in Algiers.",
                     "date": a3["date"], "outlet": a3["outlet"],
                     "url": a3["source"]}]}


@pytest.mark.issue(15)
def test_events_rows_say_what_the_event_query_says(fixture_store: GraphStore) -> None:
    """The list and the one-event query give the same participants, topics, place, sources."""
    meta = ("date", "outlet", "url")
    for row in fixture_store.run("events", limit=50):
        [one] = fixture_store.run("event", id=row["event_id"])
        listed = [{k: v for k, v in s.items() if k not in meta} for s in row["sources"]]
        assert {**row, "sources": listed} == one, row["event_id"]
        for source in row["sources"]:  # and each article's own properties
            [art] = fixture_store.run("article_meta", id=source["article_id"])
            assert (source["date"], source["outlet"], source["url"]) == (
                art["date"], art["outlet"], art["source"])
    [e1] = fixture_store.run("events", kind="meeting", date_from="2021-10-21",
                             date_to="2021-10-21")
    assert [{k: v for k, v in s.items() if k not in meta} for s in e1["sources"]] == [
        A1_SOURCE, A2_SOURCE]  # reported in French and in Arabic


# --- entity listing ---------------------------------------------------------------------------

@pytest.mark.issue(15)
def test_list_entities_by_name(fixture_store: GraphStore) -> None:
    rows = fixture_store.run("list_entities", limit=100)
    assert len(rows) == 15 and [r["name"] for r in rows] == sorted(r["name"] for r in rows)
    assert rows[0] == {"id": "country:DZ", "type": "Country", "name": "Algeria",
                       "aliases": rows[0]["aliases"]}
    assert ids(fixture_store.run("list_entities", type="Person")) == [
        MANGOUSH, LAMAMRA, LAVROV, LAMPERT]
    assert ids(fixture_store.run("list_entities", type="Location", limit=2, offset=1)) == [
        "location:moscow", "location:tripoli"]
    assert fixture_store.run("list_entities", type="Topic", offset=1) == []


# --- statistics, article ----------------------------------------------------------------------

def test_statistics(fixture_store: GraphStore) -> None:
    assert fixture_store.run("statistics") == [{
        "labels": {"Article": 4, "Country": 6, "Event": 6, "Location": 3, "Organisation": 1,
                   "Person": 4, "Topic": 1},
        "relationships": {"ABOUT": 8, "HELD_IN": 4, "LOCATED_IN": 3, "MENTIONS": 31,
                          "PARTICIPATED_IN": 12, "REPORTED_IN": 7, "REPRESENTS": 4}}]


def test_article_round_trip(fixture_store: GraphStore) -> None:
    for original in load_fixture():
        got = fixture_store.get_extraction(original.article.id)
        assert got is not None
        assert got.article == original.article
        assert got.provenance == original.provenance
        assert sorted(e.model_dump_json() for e in got.entities) == sorted(
            e.model_dump_json() for e in original.entities)
        want_events = sorted(original.events, key=lambda e: e.id)
        assert [e.id for e in got.events] == [e.id for e in want_events]
        for g, w in zip(got.events, want_events, strict=True):
            assert (g.kind, g.date, g.place, g.evidence) == (w.kind, w.date, w.place, w.evidence)
            assert sorted(g.topics) == sorted(w.topics)
            assert sorted((p.entity, p.role) for p in g.participants) == sorted(
                (p.entity, p.role) for p in w.participants)
    [row] = fixture_store.run("article", id="article:a4")
    assert row["article"]["id"] == "article:a4" and row["events"][0]["id"] == "event:e6"
    assert fixture_store.run("article", id="article:none") == []


# --- errors -----------------------------------------------------------------------------------

def test_run_unknown_query(fixture_store: GraphStore) -> None:
    with pytest.raises(QueryNotFound) as err:
        fixture_store.run("drop_everything")
    assert err.value.code == "query_not_found"


@pytest.mark.parametrize(("name", "params"), [
    ("who_met", {}),
    ("who_met", {"person": LAMAMRA, "kind": "dinner"}),
    ("who_met", {"person": LAMAMRA, "date_from": "2022-01-01", "date_to": "2021-01-01"}),
    ("search_entities", {"q": "  "}),
    ("search_entities", {"q": "x", "type": "Event"}),
    ("list_entities", {"type": "Article"}),
    ("list_entities", {"offset": 5001}),
    ("shortest_path", {"source": LAMAMRA, "target": LAMAMRA}),
    ("subgraph", {"center": LAMAMRA, "depth": 9}),
    ("timeline", {"person": LAMAMRA, "cypher": "MATCH (n) DETACH DELETE n"}),
])
def test_run_invalid_params(fixture_store: GraphStore, name: str, params: dict) -> None:
    with pytest.raises(InvalidQueryParams) as err:
        fixture_store.run(name, **params)
    assert err.value.code == "invalid_query_params"


# --- writes -----------------------------------------------------------------------------------

def _stats(store: GraphStore) -> dict:
    return store.run("statistics")[0]


def test_write_is_idempotent(store: GraphStore) -> None:
    fixture = load_fixture()
    store.write_extractions(fixture)
    before = _stats(store)
    results = [store.write_extraction(e) for e in fixture]
    assert all(r.replaced for r in results)
    assert _stats(store) == before
    store.write_extractions(fixture)
    assert _stats(store) == before
    assert store.run("who_met", person=LAMAMRA)[1]["sources"] == [A1_SOURCE, A2_SOURCE]


def test_write_edited_article_replaces_its_facts(store: GraphStore) -> None:
    a1, a2, a3, a4 = load_fixture()
    store.write_extractions([a1, a2, a3, a4])
    edited = a1.model_copy(deep=True)
    edited.events = [e for e in edited.events if e.id == "event:e1"]  # drop e2, keep shared e1
    edited.events[0].evidence[0].text = "Lamamra et Lampert se sont vus."
    edited.article.title = "Titre corrigé"
    assert store.write_extraction(edited).replaced is True
    assert ids(store.run("timeline", person=MANGOUSH), "event_id") == ["event:e3"]  # e2 gone
    [e1] = store.run("who_met", person=LAMAMRA, kind="meeting")
    assert e1["sources"] == [
        {"article_id": "article:a1", "title": "Titre corrigé", "lang": "fr",
         "evidence": "Lamamra et Lampert se sont vus."}, A2_SOURCE]
    assert _stats(store)["labels"]["Event"] == 5


def test_write_unshared_event_replaced_wholesale(store: GraphStore) -> None:
    a1, a2, a3, a4 = load_fixture()
    store.write_extractions([a1, a2, a3, a4])
    edited = a4.model_copy(deep=True)
    edited.events[0].participants[1].role = "addressee"
    edited.events[0].topics = ["country:US"]
    store.write_extraction(edited)
    [row] = store.run("events", kind="message")
    assert row["participants"][1] == {"id": LAMPERT, "name": "Yael Lampert", "role": "addressee",
                                      "type": "Person"}
    assert row["topics"] == [{"id": "country:US", "name": "United States", "type": "Country"}]


def test_delete_article_keeps_shared_facts(store: GraphStore) -> None:
    store.write_extractions(load_fixture())
    assert store.delete_article("article:a1") is True
    assert store.delete_article("article:a1") is False
    assert store.get_extraction("article:a1") is None
    # e2 was reported only by a1: gone; e1 is also reported by a2: kept with its participants
    assert ids(store.run("who_met", person=LAMAMRA), "event_id") == [
        "event:e1", "event:e4", "event:e5"]
    [e1] = store.run("who_met", person=LAMAMRA, kind="meeting")
    assert e1["sources"] == [A2_SOURCE]
    stats = _stats(store)
    assert stats["labels"]["Article"] == 3 and stats["labels"]["Event"] == 5
    assert stats["labels"]["Person"] == 4  # shared entities stay
    assert stats["labels"]["Country"] == 6


def test_delete_article_prunes_orphan_entities(store: GraphStore) -> None:
    store.write_extractions(load_fixture())
    store.delete_article("article:a3")  # the only article naming the UN
    assert store.run("entity_profile", id="organisation:un") == []
    assert store.run("entity_profile", id=LAVROV)[0]["events"] == 1  # e6 (a4) remains


def test_write_aliases_accumulate(store: GraphStore) -> None:
    a1, a2, *_ = load_fixture()
    a1 = a1.model_copy(deep=True)
    a1.entities[0].aliases = ["Ramtane Lamamra", "R. Lamamra"]
    store.write_extraction(a1)
    store.write_extraction(a2)
    [row] = store.run("search_entities", q="r lamamra")
    assert row["aliases"] == ["Lamamra", "R. Lamamra", "Ramtane Lamamra", "رمطان لعمامرة"]


def test_write_stub_for_unlisted_reference(store: GraphStore) -> None:
    ext = Extraction.model_validate({
        "article": {"id": "article:x", "lang": "en"},
        "events": [{"id": "event:x", "kind": "meeting",
                    "participants": [{"entity": "person:a"}, {"entity": "person:b"}],
                    "topics": ["country:FR"]}]})
    store.write_extraction(ext)
    [row] = store.run("who_met", person="person:a")
    assert (row["person_id"], row["role"], row["topics"]) == (
        "person:b", "participant", [{"id": "country:FR", "name": "FR", "type": "Country"}])


def test_write_invalid_reference_writes_nothing(store: GraphStore) -> None:
    good, *_ = load_fixture()
    bad = Extraction.model_validate({
        "article": {"id": "article:bad", "lang": "fr"},
        "events": [{"id": "event:x", "kind": "meeting",
                    "participants": [{"entity": "mystery:thing"}]}]})
    with pytest.raises(InvalidExtraction) as err:
        store.write_extractions([good, bad])
    assert err.value.code == "invalid_extraction" and "mystery:thing" in str(err.value)
    assert _stats(store)["labels"]["Article"] == 0


# --- derived event counts (name search orders by them) ----------------------------------------

def _assert_event_counts_exact(store: GraphStore) -> None:
    """The search index holds one entry per entity, with its exact event count."""
    from graph.schema import ENTITY_LABELS

    stored = {r["id"]: (r["type"], r["name"], r["aliases"], r["events"]) for r in store._read(
        "MATCH (s:SearchEntry) RETURN s.id AS id, s.type AS type, s.name AS name, "
        "s.aliases AS aliases, s.events AS events", {})}
    computed = {}
    for label in ENTITY_LABELS:
        computed |= {r["id"]: (label, r["name"], r["aliases"], r["events"]) for r in store._read(
            f"MATCH (n:{label}) OPTIONAL MATCH (n)-[:PARTICIPATED_IN|ABOUT|HELD_IN]-(e:Event) "
            "RETURN n.id AS id, n.name AS name, n.aliases AS aliases, "
            "count(DISTINCT e.id) AS events", {})}
    assert stored == computed


def test_event_counts_follow_writes_replaces_and_deletes(store: GraphStore) -> None:
    a1, a2, a3, a4 = load_fixture()
    store.write_extractions([a1, a3])
    _assert_event_counts_exact(store)
    store.write_extractions([a2, a4])  # e1 gains a second report
    _assert_event_counts_exact(store)
    edited = a4.model_copy(deep=True)
    edited.events[0].topics = ["country:US"]
    store.write_extraction(edited)
    _assert_event_counts_exact(store)
    store.write_extractions([a1, a2, a3, a4])
    _assert_event_counts_exact(store)
    store.delete_article("article:a1")
    _assert_event_counts_exact(store)
    store.delete_article("article:a3")
    _assert_event_counts_exact(store)
    found = ids(store.run("search_entities", q="lam"))
    counts = [store.run("entity_profile", id=i)[0]["events"] for i in found]
    assert sorted(found) == [LAMAMRA, LAMPERT] and counts == sorted(counts, reverse=True)
