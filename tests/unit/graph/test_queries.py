"""The catalog against the portable-subset rules of DESIGN.md ("Graph stores")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph import schema
from graph.queries import CATALOG, QueryParams

# Overrides are allowed only where DESIGN.md says a portable text cannot exist.
ALLOWED_OVERRIDES = {"shortest_path": {"ladybug", "neo4j"}}
FORBIDDEN = [
    (re.compile(r"\blabels\s*\("), "labels()"),
    (re.compile(r"\blabel\s*\("), "label()"),
    (re.compile(r"\btype\s*\("), "type()"),
    (re.compile(r"shortestPath|allShortestPaths|\bSHORTEST\b", re.I), "shortest-path syntax"),
    (re.compile(r"SET\s+\w+\s*\+="), "SET n += {…}"),
    (re.compile(r"\bCALL\s*\{", re.I), "CALL {}"),
    (re.compile(r"\(\w*:\w+:\w+"), "multi-label pattern"),
    (re.compile(r"\b(datetime|date|timestamp|localdatetime)\s*\(\s*\)", re.I), "server clock"),
    (re.compile(r"\[\w*:IN\b"), "relationship type IN"),
]
NODE_VAR = re.compile(r"\((\w*)(?::(\{\w+\}|\w+))?\s*(\{[^}]*\})?\)")
REL_TYPES = re.compile(r"\[\w*:([A-Z_|]+)")
PARAM = re.compile(r"\$(\w+)")

PORTABLE = [(q.name, q.text) for q in CATALOG.values() if q.text is not None]
ALL_TEXTS = PORTABLE + [(f"{q.name}[{eng}]", t) for q in CATALOG.values()
                        for eng, t in q.overrides.items()]
ORDER_EXEMPT = {"entity_type", "entity_profile", "article_meta", "statistics", "subgraph"}


def test_catalog_every_entry_is_complete() -> None:
    for name, query in CATALOG.items():
        assert query.name == name and re.fullmatch(r"[a-z][a-z_]*", name)
        assert len(query.description) > 20, name
        assert issubclass(query.params, QueryParams)
        assert query.composite or query.text or set(query.overrides) == {"ladybug", "neo4j"}


def test_catalog_overrides_only_where_unavoidable() -> None:
    for name, query in CATALOG.items():
        assert set(query.overrides) <= ALLOWED_OVERRIDES.get(name, set()), name


@pytest.mark.parametrize(("name", "text"), PORTABLE)
def test_catalog_portable_text_has_no_forbidden_construct(name: str, text: str) -> None:
    for pattern, what in FORBIDDEN:
        assert not pattern.search(text), f"{name}: {what} is outside the portable subset"


@pytest.mark.parametrize(("name", "text"), ALL_TEXTS)
def test_catalog_params_bound_before_any(name: str, text: str) -> None:
    for body in re.findall(r"\bany\s*\((.*?)\)", text, re.S):
        assert "$" not in body, f"{name}: bind $params with WITH before any(…)"


@pytest.mark.parametrize(("name", "text"), ALL_TEXTS)
def test_catalog_anchored_nodes_are_labelled(name: str, text: str) -> None:
    for var, label, props in NODE_VAR.findall(text):
        if var.isupper():  # (DISTINCT {…}) is a map, not a node
            continue
        if props:
            assert label, f"{name}: ({var} {props}) anchors a node without a label"
        if label and not label.startswith("{"):
            assert label in schema.NODE_BY_NAME, f"{name}: unknown label {label}"
    for types in REL_TYPES.findall(text):
        for rel in types.split("|"):
            assert rel in schema.REL_BY_NAME, f"{name}: unknown relationship type {rel}"


@pytest.mark.parametrize(("name", "text"), ALL_TEXTS)
def test_catalog_repeated_relationship_types_are_filtered(name: str, text: str) -> None:
    for part in text.split("UNION ALL"):
        for line in part.split("\n"):
            if line.strip().startswith(("MATCH", "OPTIONAL MATCH")) and \
                    line.count(":PARTICIPATED_IN]") >= 2:
                assert "<>" in part or "<" in part.replace("<-", ""), (
                    f"{name}: a pattern repeats PARTICIPATED_IN without an explicit filter")


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_catalog_results_are_ordered(name: str) -> None:
    query = CATALOG[name]
    if query.composite or name in ORDER_EXEMPT or query.post is not None:
        return
    for eng in ("ladybug", "neo4j"):
        assert "ORDER BY" in query.text_for(eng), f"{name}: no deterministic ORDER BY"


@pytest.mark.parametrize("name", sorted(n for n, q in CATALOG.items() if not q.composite))
def test_catalog_params_match_the_model(name: str) -> None:
    query = CATALOG[name]
    fields = query.params.model_fields
    required = {k: "person:x" if k != "q" else "x" for k, f in fields.items() if f.is_required()}
    if name == "shortest_path":
        required["target"] = "person:y"
    bound = set(query.params(**required).bind())
    for eng in ("ladybug", "neo4j"):
        used = set(PARAM.findall(query.text_for(eng)))
        assert used <= bound, f"{name}: parameters {used - bound} are never bound"


def test_cypher_lives_only_in_schema_statements_and_cypher() -> None:
    root = Path(__file__).resolve().parents[3]
    allowed = {root / "graph" / f for f in ("schema.py", "statements.py", "cypher.py")}
    # Cypher openings; SQL's CREATE TABLE/INDEX (SQLite state files) is not Cypher
    pattern = re.compile(
        r"[\"'](MATCH|MERGE|CREATE(?! (?:TABLE|INDEX|UNIQUE))|UNWIND|OPTIONAL MATCH|DETACH)\b")
    for path in [*(root / "graph").rglob("*.py"), *(root / "app").rglob("*.py")]:
        if path not in allowed:
            assert not pattern.search(path.read_text(encoding="utf-8")), f"Cypher in {path}"


def test_graph_imports_nothing_from_app_or_heavy_ingest() -> None:
    root = Path(__file__).resolve().parents[3] / "graph"
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) app\b", text, re.M), path
        for mod in re.findall(r"^\s*from (ingest[\w.]*) import", text, re.M):
            assert mod in ("ingest.models", "ingest.normalize"), path
