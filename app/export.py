"""Export the graph of events as GraphML, JSON or CSV (what `diplograph export` runs).

The export walks the catalog's `events` query part by part (`iter_event_rows`): every event,
the people and organisations who took part (PARTICIPATED_IN, with role), what it was about
(ABOUT) and where it was held (HELD_IN). Every property goes out: an event's kind, date and
place; an edge's type, role, and the evidence and source articles of its event (the catalog's
`event` query, when reading the store itself). No Cypher here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from app.errors import ExportTooLarge
from app.services import Services
from ingest.models import EVENT_KINDS

Format = Literal["graphml", "json", "csv"]
PAGE = 1000
MAX_SKIP = 5000  # LadybugDB 0.22 crashes the process on SKIP beyond ~7000
DATE_MIN, DATE_MAX = dt.date(1, 1, 1), dt.date(9999, 12, 31)


@dataclass
class GraphDump:
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: list[dict[str, Any]] = field(default_factory=list)


def _type_of(entity_id: str) -> str:
    prefix = entity_id.split(":", 1)[0]
    return {"person": "Person", "country": "Country", "org": "Organisation",
            "organisation": "Organisation", "location": "Location", "topic": "Topic",
            "event": "Event"}.get(prefix, prefix.capitalize())


NODE_FIELDS = ("type", "name", "kind", "date", "place", "evidence", "sources")
EDGE_FIELDS = ("type", "role", "kind", "date", "evidence", "sources")


def _event_sources(services: Services, event_id: str) -> list[dict[str, Any]]:
    """The articles that report an event, with the evidence (empty when the reader is not the
    store itself, e.g. the export through a running server's `GET /events`)."""
    if not isinstance(services, Services):
        return []
    rows = services.store.run("event", id=event_id)
    return list(rows[0].get("sources") or []) if rows else []


def collect_graph(services: Services) -> GraphDump:
    """Every event with its participants, topics and place, and the evidence for each."""
    dump = GraphDump()
    rows = sorted(iter_event_rows(services), key=lambda r: (r.get("date") or "9999",
                                                            r["event_id"]))
    for row in rows:
        eid = row["event_id"]
        sources = row["sources"] if row.get("sources") else _event_sources(services, eid)
        facts = {"kind": row["kind"], "date": row.get("date") or "",
                 "evidence": "\n\n".join(s["evidence"] for s in sources if s.get("evidence")),
                 "sources": " ".join(sorted({s["article_id"] for s in sources}))}
        dump.nodes[eid] = {"id": eid, "type": "Event",
                           "name": f"{row['kind']} {row.get('date') or ''}".strip(),
                           "place": row.get("place_id") or "", **facts}
        for p in row.get("participants") or []:
            dump.nodes.setdefault(p["id"], {"id": p["id"], "type": _type_of(p["id"]),
                                            "name": p.get("name") or p["id"]})
            dump.edges.append({"source": p["id"], "target": eid, "type": "PARTICIPATED_IN",
                               "role": p.get("role") or "", **facts})
        for t in row.get("topics") or []:
            dump.nodes.setdefault(t["id"], {"id": t["id"], "type": _type_of(t["id"]),
                                            "name": t.get("name") or t["id"]})
            dump.edges.append({"source": eid, "target": t["id"], "type": "ABOUT", "role": "",
                               **facts})
        if row.get("place_id"):
            pid = row["place_id"]
            dump.nodes.setdefault(pid, {"id": pid, "type": _type_of(pid),
                                        "name": row.get("place_name") or pid})
            dump.edges.append({"source": eid, "target": pid, "type": "HELD_IN", "role": "",
                               **facts})
    return dump


def iter_event_rows(services: Services, page: int = PAGE) -> Iterator[dict[str, Any]]:
    """Every row of the catalog's `events` query once, without large SKIPs.

    LadybugDB 0.22 crashes the process on `SKIP` beyond ~7000, and the catalog has no keyset
    cursor, so the events are split with the query's own filters until each part fits in one
    page: by kind, then by date windows halved while full. Undated events sort after the
    dated ones of their kind and can only be reached with a SKIP of that many; over
    `MAX_SKIP` the export stops with `ExportTooLarge` instead of crashing.
    """
    first = _events(services, limit=page)
    if len(first) < page:
        yield from first
        return
    for kind in EVENT_KINDS:
        rows = _events(services, kind=kind, limit=page)
        if len(rows) < page:
            yield from rows
            continue
        dated: set[str] = set()
        for row in _dated(services, kind, DATE_MIN, DATE_MAX, page):
            if row["event_id"] not in dated:
                dated.add(row["event_id"])
                yield row
        # The undated events of this kind follow its `len(dated)` dated ones.
        for row in _skip_pages(services, page, start=len(dated), kind=kind):
            if not row.get("date"):
                yield row


def _events(services: Services, **params: Any) -> list[dict[str, Any]]:
    # The store directly: export pages are read once and would only crowd the result cache.
    return services.store.run("events", **params)


def _dated(services: Services, kind: str, lo: dt.date, hi: dt.date,
           page: int) -> Iterator[dict[str, Any]]:
    """The dated events of `kind` overlapping [lo, hi] (an event may come more than once)."""
    rows = _events(services, kind=kind, date_from=lo, date_to=hi, limit=page)
    if len(rows) < page:
        yield from rows
    elif lo == hi:  # more than a page of events on one day: SKIP within that day only
        yield from _skip_pages(services, page, start=0, kind=kind, date_from=lo, date_to=hi)
    else:
        mid = lo + (hi - lo) // 2
        yield from _dated(services, kind, lo, mid, page)
        yield from _dated(services, kind, mid + dt.timedelta(days=1), hi, page)


def _skip_pages(services: Services, page: int, *, start: int,
                **params: Any) -> Iterator[dict[str, Any]]:
    offset = start
    while True:
        if offset > MAX_SKIP:
            raise ExportTooLarge(
                f"export: {params} needs SKIP {offset}, over the {MAX_SKIP} that LadybugDB "
                "0.22 survives; the catalog needs a keyset-paged events query")
        rows = _events(services, limit=page, offset=offset, **params)
        yield from rows
        if len(rows) < page:
            return
        offset += page


def to_json(dump: GraphDump) -> str:
    nodes = [dump.nodes[k] for k in sorted(dump.nodes)]
    return json.dumps({"nodes": nodes, "edges": dump.edges}, ensure_ascii=False, indent=1,
                      sort_keys=True)


def to_graphml(dump: GraphDump) -> str:
    """GraphML with every property; the articles are attribute `source` (`sources` in JSON,
    where an edge's `source` is its end)."""
    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    attr = {"sources": "source"}
    for target, fields in (("node", NODE_FIELDS), ("edge", EDGE_FIELDS)):
        for key in fields:
            ET.SubElement(root, "key", {"id": f"{target}_{attr.get(key, key)}", "for": target,
                                        "attr.name": attr.get(key, key), "attr.type": "string"})
    graph = ET.SubElement(root, "graph", id="diplograph", edgedefault="directed")
    for node_id in sorted(dump.nodes):
        node = dump.nodes[node_id]
        element = ET.SubElement(graph, "node", id=node_id)
        for key in NODE_FIELDS:
            if node.get(key):
                ET.SubElement(element, "data", key=f"node_{attr.get(key, key)}").text = \
                    str(node[key])
    for i, edge in enumerate(dump.edges):
        element = ET.SubElement(graph, "edge", id=f"e{i}", source=edge["source"],
                                target=edge["target"])
        for key in EDGE_FIELDS:
            if edge.get(key):
                ET.SubElement(element, "data", key=f"edge_{attr.get(key, key)}").text = \
                    str(edge[key])
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def to_csv(dump: GraphDump) -> tuple[str, str]:
    """Two CSV texts: nodes and edges."""
    nodes, edges = io.StringIO(), io.StringIO()
    writer = csv.DictWriter(nodes, ["id", *NODE_FIELDS], extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    for node_id in sorted(dump.nodes):
        writer.writerow(dump.nodes[node_id])
    writer = csv.DictWriter(edges, ["source", "target", *EDGE_FIELDS], extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(dump.edges)
    return nodes.getvalue(), edges.getvalue()
