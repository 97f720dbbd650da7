"""The Neo4j Browser style file and the README queries cover the schema."""

from __future__ import annotations

import re
from pathlib import Path

from graph import schema

ROOT = Path(__file__).resolve().parents[3]


def test_browser_style_covers_every_label_and_type() -> None:
    grass = (ROOT / "graph" / "browser" / "style.grass").read_text(encoding="utf-8")
    for node in schema.NODES:
        block = re.search(r"node\." + node.name + r" \{(.*?)\n\}", grass, re.S)
        assert block, node.name
        assert "color:" in block.group(1) and "diameter:" in block.group(1)
        assert 'caption: "{name}"' in block.group(1)
    for rel in schema.RELS:
        assert f"relationship.{rel.name} {{" in grass, rel.name


def test_browser_queries_use_only_schema_names() -> None:
    doc = (ROOT / "docs" / "neo4j-browser.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```cypher\n(.*?)```", doc, re.S)
    assert len(blocks) >= 8
    for text in blocks:
        for label in re.findall(r"\(\w*:(\w+)", text):
            assert label in schema.NODE_BY_NAME, label
        for types in re.findall(r"\[\w*:([A-Z_|]+)", text):
            for rel in types.split("|"):
                assert rel in schema.REL_BY_NAME, rel
