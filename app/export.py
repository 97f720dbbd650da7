"""Export the graph of events as GraphML, JSON or CSV (what `diplograph export` runs).

The export walks the catalog's `events` query page by page: every event, the people and
organisations who took part (PARTICIPATED_IN, with role), what it was about (ABOUT) and where
it was held (HELD_IN). No Cypher here.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any, Literal

from app.services import Services

Format = Literal["graphml", "json", "csv"]
PAGE = 1000


@dataclass
class GraphDump:
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: list[dict[str, Any]] = field(default_factory=list)


def _type_of(entity_id: str) -> str:
    prefix = entity_id.split(":", 1)[0]
    return {"person": "Person", "country": "Country", "org": "Organisation",
            "organisation": "Organisation", "location": "Location", "topic": "Topic",
            "event": "Event"}.get(prefix, prefix.capitalize())


def collect_graph(services: Services) -> GraphDump:
    """Every event with its participants, topics and place."""
    dump = GraphDump()
    offset = 0
    while True:
        rows = services.store.run("events", limit=PAGE, offset=offset)
        for row in rows:
            eid = row["event_id"]
            dump.nodes[eid] = {"id": eid, "type": "Event", "name": f"{row['kind']} {row.get('date') or ''}".strip(),
                               "kind": row["kind"], "date": row.get("date") or ""}
            for p in row.get("participants") or []:
                dump.nodes.setdefault(p["id"], {"id": p["id"], "type": _type_of(p["id"]),
                                                "name": p.get("name") or p["id"]})
                dump.edges.append({"source": p["id"], "target": eid, "type": "PARTICIPATED_IN",
                                   "role": p.get("role") or ""})
            for t in row.get("topics") or []:
                dump.nodes.setdefault(t["id"], {"id": t["id"], "type": _type_of(t["id"]),
                                                "name": t.get("name") or t["id"]})
                dump.edges.append({"source": eid, "target": t["id"], "type": "ABOUT", "role": ""})
            if row.get("place_id"):
                pid = row["place_id"]
                dump.nodes.setdefault(pid, {"id": pid, "type": _type_of(pid),
                                            "name": row.get("place_name") or pid})
                dump.edges.append({"source": eid, "target": pid, "type": "HELD_IN", "role": ""})
        if len(rows) < PAGE:
            break
        offset += PAGE
    return dump


def to_json(dump: GraphDump) -> str:
    nodes = [dump.nodes[k] for k in sorted(dump.nodes)]
    return json.dumps({"nodes": nodes, "edges": dump.edges}, ensure_ascii=False, indent=1,
                      sort_keys=True)


def to_graphml(dump: GraphDump) -> str:
    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    for key, target in [("type", "node"), ("name", "node"), ("kind", "node"), ("date", "node"),
                        ("rel", "edge"), ("role", "edge")]:
        ET.SubElement(root, "key", {"id": f"{target}_{key}", "for": target, "attr.name": key,
                                    "attr.type": "string"})
    graph = ET.SubElement(root, "graph", id="diplograph", edgedefault="directed")
    for node_id in sorted(dump.nodes):
        node = dump.nodes[node_id]
        element = ET.SubElement(graph, "node", id=node_id)
        for key in ("type", "name", "kind", "date"):
            if node.get(key):
                ET.SubElement(element, "data", key=f"node_{key}").text = str(node[key])
    for i, edge in enumerate(dump.edges):
        element = ET.SubElement(graph, "edge", id=f"e{i}", source=edge["source"],
                                target=edge["target"])
        ET.SubElement(element, "data", key="edge_rel").text = edge["type"]
        if edge.get("role"):
            ET.SubElement(element, "data", key="edge_role").text = edge["role"]
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def to_csv(dump: GraphDump) -> tuple[str, str]:
    """Two CSV texts: nodes and edges."""
    nodes, edges = io.StringIO(), io.StringIO()
    writer = csv.DictWriter(nodes, ["id", "type", "name", "kind", "date"], extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    for node_id in sorted(dump.nodes):
        writer.writerow(dump.nodes[node_id])
    writer = csv.DictWriter(edges, ["source", "target", "type", "role"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(dump.edges)
    return nodes.getvalue(), edges.getvalue()
