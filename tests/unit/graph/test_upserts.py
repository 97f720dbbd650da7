"""The Neo4j upsert texts (issue 13): MERGE keyed on constrained ids, no read-then-create,
and the pure helpers that size and merge write batches."""

from __future__ import annotations

import re

import pytest

from graph import schema, statements
from graph.rows import entity_row, estimated_rows, merge_entity_rows, tx_groups
from ingest.models import Extraction

pytestmark = pytest.mark.issue(13)


def _neo4j_write_texts() -> list[str]:
    texts = [statements.merge_entity(label) for label in schema.ENTITY_LABELS]
    texts += [statements.sync_search_entry(label) for label in schema.ENTITY_LABELS]
    texts += [statements.ensure_node(label) for label in schema.ENTITY_LABELS]
    texts += [statements.upsert_node(node.name) for node in schema.ALL_NODES]
    texts += [statements.upsert_rel(rel.name, a, b) for rel in schema.RELS for a, b in rel.pairs]
    return texts


def test_upserts_merge_only_on_constrained_keys() -> None:
    """Every node a write text anchors or MERGEs is found through a uniqueness constraint."""
    constrained = {(m[1], m[2]) for m in (re.search(r"FOR \(n:(\w+)\) REQUIRE n\.(\w+) IS UNIQUE",
                                                    d) for d in schema.neo4j_ddl()) if m}
    for text in _neo4j_write_texts():
        anchors = re.findall(r"\(\w+:(\w+) \{(\w+): ", text)
        assert anchors, text
        for label, key in anchors:
            assert (label, key) in constrained, (label, key, text)
        assert "CREATE (" not in text, text  # MERGE, never a blind CREATE


def test_upserts_rels_keyed_on_the_pair() -> None:
    assert all(rel.key == () for rel in schema.RELS)  # the contract: one edge per pair
    assert statements.upsert_rel("MENTIONS", "Article", "Person") == (
        "UNWIND $rows AS r MATCH (a:Article {id: r.src}) MATCH (b:Person {id: r.dst}) "
        "MERGE (a)-[x:MENTIONS]->(b) SET x.spans = r.spans")


def test_upserts_merge_entity_locks_before_the_union() -> None:
    text = statements.merge_entity("Person")
    assert text.startswith("UNWIND $rows AS r MERGE (n:Person {id: r.id}) ON CREATE SET ")
    # the name SET (which write-locks the node) comes before the union that re-reads aliases
    lock = text.index("SET n.name = r.name ")
    union = text.index("SET n.aliases = n.aliases + [a IN r.aliases WHERE NOT a IN n.aliases]")
    assert lock < union
    assert text.endswith("RETURN n.id AS id, n.name AS name, n.aliases AS aliases")


def test_upserts_search_entry_copies_the_stored_entity() -> None:
    text = statements.sync_search_entry("Country")
    assert text.startswith("UNWIND $ids AS i MATCH (n:Country {id: i}) "
                           "MERGE (s:SearchEntry {id: i}) ON CREATE SET s.events = 0 ")
    assert "SET n.name = n.name SET s.name = n.name" in text
    assert "s.aliases = n.aliases" in text and "r." not in text


def _extraction(article: str, n_events: int) -> Extraction:
    return Extraction.model_validate({
        "article": {"id": article, "lang": "en"},
        "entities": [{"id": "person:ana-vidal", "type": "Person", "name": "Ana Vidal"},
                     {"id": "country:PE", "type": "Country", "name": "Peru"}],
        "events": [{"id": f"event:{article}-{k}", "kind": "talks",
                    "participants": [{"entity": "person:ana-vidal"}], "topics": ["country:PE"]}
                   for k in range(n_events)]})


def test_rows_estimated_rows_counts_nodes_and_edges() -> None:
    # article + 2 x (entity + mention) + per event (event, report, place slot) + 1 + 1
    assert estimated_rows(_extraction("article:x", 0)) == 5
    assert estimated_rows(_extraction("article:x", 2)) == 5 + 2 * 5


def test_rows_tx_groups_keeps_articles_whole_and_in_order() -> None:
    batch = [_extraction(f"article:{i}", i % 3) for i in range(10)]
    assert tx_groups(batch, None) == [batch]
    groups = tx_groups(batch, 20)
    assert [e for g in groups for e in g] == batch
    assert all(sum(map(estimated_rows, g)) <= 20 for g in groups)
    assert len(groups) > 1
    huge = _extraction("article:huge", 10)
    assert tx_groups([huge, batch[0]], 20) == [[huge], [batch[0]]]  # too big: alone


def test_rows_merge_entity_rows_unions_aliases_last_name_wins() -> None:
    a = entity_row("person:ana-vidal", "Person", "Ana Vidal", ["Vidal", "آنا فيدال"])
    b = entity_row("person:ana-vidal", "Person", "Ana María Vidal", ["A. Vidal"])
    merged = merge_entity_rows("Person", [a, b])
    assert merged["person:ana-vidal"]["name"] == "Ana María Vidal"
    assert merged["person:ana-vidal"]["aliases"] == ["A. Vidal", "Vidal", "آنا فيدال"]
    assert merge_entity_rows("Person", [a, a]) == {"person:ana-vidal": a}
