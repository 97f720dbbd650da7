"""The one schema definition and what it generates."""

from __future__ import annotations

from graph import schema, statements


def test_schema_every_node_has_id_name_type() -> None:
    for node in schema.NODES:
        assert {"id", "name", "type"} <= set(node.properties), node.name


def test_schema_ladybug_ddl_nodes_before_rels() -> None:
    ddl = schema.ladybug_ddl()
    assert len(ddl) == len(schema.ALL_NODES) + len(schema.RELS)
    assert all(d.startswith("CREATE NODE TABLE IF NOT EXISTS")
               for d in ddl[: len(schema.ALL_NODES)])
    assert "CREATE NODE TABLE IF NOT EXISTS Event(id STRING, name STRING, type STRING, " \
           "kind STRING, date STRING, date_start DATE, date_end DATE, PRIMARY KEY (id))" in ddl
    assert ("CREATE REL TABLE IF NOT EXISTS HELD_IN(FROM Event TO Location, "
            "FROM Event TO Country)") in ddl


def test_schema_neo4j_ddl_is_rerunnable() -> None:
    ddl = schema.neo4j_ddl()
    assert all("IF NOT EXISTS" in d for d in ddl)
    assert ("CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE"
            in ddl)
    assert "CREATE INDEX person_name_key IF NOT EXISTS FOR (n:Person) ON (n.name_key)" in ddl


def test_schema_upsert_texts() -> None:
    assert statements.upsert_node("Event") == (
        "UNWIND $rows AS r MERGE (n:Event {id: r.id}) SET n.name = r.name, n.type = r.type, "
        "n.kind = r.kind, n.date = r.date, n.date_start = date(r.date_start), "
        "n.date_end = date(r.date_end)")
    assert statements.upsert_rel("PARTICIPATED_IN", "Person", "Event") == (
        "UNWIND $rows AS r MATCH (a:Person {id: r.src}) MATCH (b:Event {id: r.dst}) "
        "MERGE (a)-[x:PARTICIPATED_IN]->(b) SET x.role = r.role")
    assert "CREATE (a)-[x:ABOUT]->(b)" in statements.upsert_rel("ABOUT", "Event", "Topic", create=True)


def test_schema_label_of_id() -> None:
    assert schema.label_of_id("person:ramtane-lamamra") == "Person"
    assert schema.label_of_id("country:EH") == "Country"
    assert schema.label_of_id("org:un") == "Organisation"
    assert schema.label_of_id("mystery:x") is None
    assert schema.label_of_id("no-prefix") is None
