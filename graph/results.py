"""What the named queries' rows become (`graph.queries`): pure functions over plain rows, the same
on every engine (sorted, de-duplicated, assembled per event), so that both stores answer alike.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from graph.params import DATE_MAX, DATE_MIN, QueryParams
from graph.rows import date_bounds
from graph.schema import NODES, RELS

Post = Callable[[list[dict], QueryParams], list[dict]]


_PLAIN = frozenset({str, int, float, bool})


def tidy(value: Any, *, sort_lists: bool = True) -> Any:
    """Make a result value JSON-ready and engine-independent.

    Dates become ISO strings; lists of maps lose all-null maps (OPTIONAL MATCH misses) and
    duplicates, and are sorted (`collect()` order differs between engines) unless
    `sort_lists` is False (paths keep their order).
    """
    if value is None or type(value) in _PLAIN:
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: tidy(v, sort_lists=sort_lists) for k, v in value.items()}
    if isinstance(value, list):
        items = [tidy(v, sort_lists=sort_lists) for v in value]
        if sort_lists and items and all(isinstance(v, dict) for v in items):
            keyed = {json.dumps(v, sort_keys=True, ensure_ascii=False): v
                     for v in items if any(x is not None for x in v.values())}
            return [keyed[k] for k in sorted(keyed)]
        return items
    return value


def _unique_sorted(items: list[dict]) -> list[dict]:
    """`tidy`'s order for flat maps of strings (sorted keys, null after any string), faster."""
    keyed = {tuple((v is None, v or "") for _, v in sorted(d.items())): d for d in items}
    return [keyed[k] for k in sorted(keyed)]


def sorted_rows(key: Callable[[dict], Any]) -> Post:
    def post(rows: list[dict], params: QueryParams) -> list[dict]:
        return sorted(rows, key=key)
    return post


def event_place(places: Sequence[str | None]) -> str | None:
    """The one place an event is shown with when reports gave it several (one article names
    the city, another the country: the event keeps a HELD_IN edge to each): a Location (city,
    site) before a Country, since it says more, then the smallest id, so the answer never
    depends on the order the engine returns rows in."""
    ids = [p for p in places if p]
    if not ids:
        return None
    return min(ids, key=lambda p: (not p.startswith("location:"), p))


def one_place_per_event(rows: list[dict], params: QueryParams) -> list[dict]:
    """`events` rows, one per event: an event held in two places (a city in one report, the
    country in another) comes back once, with the place `event_place` picks."""
    out: dict[str, dict] = {}
    places: dict[str, dict[str | None, dict]] = {}
    for r in rows:
        out.setdefault(r["event_id"], r)
        places.setdefault(r["event_id"], {})[r["place_id"]] = r
    for eid, by_place in places.items():
        if len(by_place) > 1:
            best = by_place[event_place(list(by_place))]
            out[eid] = {**out[eid], "place_id": best["place_id"],
                        "place_name": best["place_name"], "place_type": best["place_type"]}
    return list(out.values())


def _event_facts(rows: list[dict]) -> dict[str, dict]:
    """`person_event_facts` rows grouped per event."""
    events: dict[str, dict] = {}
    for r in rows:
        e = events.get(r["event_id"])
        if e is None:
            if r["part"] == "place_country":  # the event's own row comes first
                continue
            e = events[r["event_id"]] = {
                "kind": r["kind"], "date": r["date"], "role": r["role"], "counterparts": [],
                "topics": [], "places": [], "place_types": {}, "place_countries": set(),
                "sources": []}
        part = r["part"]
        if part == "counterpart":
            e["counterparts"].append({"id": r["a"], "name": r["b"], "role": r["c"],
                                      "type": r["d"] or None})
        elif part == "topic":
            e["topics"].append({"id": r["a"], "name": r["b"], "type": r["d"] or None})
        elif part == "Article":
            e["sources"].append({"article_id": r["a"], "title": r["t"], "lang": r["c"],
                                 "evidence": r["d"]})
        elif part == "place_country":
            e["place_countries"].add(r["a"])
        elif part != "event":
            e["places"].append((r["a"], r["b"]))
            e["place_types"][r["a"]] = part
    for e in events.values():
        e["counterparts"], e["topics"], e["sources"] = (
            _unique_sorted(e["counterparts"]), _unique_sorted(e["topics"]),
            _unique_sorted(e["sources"]))
        e["places"] = (sorted(set(e["places"]), key=lambda p: (p[0] or "", p[1] or ""))
                       or [(None, None)])
    return events


def event_rows(rows: list[dict], params: QueryParams) -> list[dict]:
    """`event` facts assembled into one row (none when the event does not exist)."""
    head = next((r for r in rows if r["part"] == "event"), None)
    if head is None:
        return []
    out: dict[str, Any] = {"event_id": head["event_id"], "kind": head["kind"],
                           "date": head["date"], "place_id": None, "place_name": None,
                           "place_type": None, "participants": [], "topics": [], "sources": []}
    places: dict[str, tuple[str, str]] = {}
    for r in rows:
        part = r["part"]
        if part == "participant":
            out["participants"].append({"id": r["a"], "name": r["b"], "role": r["c"],
                                        "type": r["d"]})
        elif part == "topic":
            out["topics"].append({"id": r["a"], "name": r["b"], "type": r["d"]})
        elif part == "Article":
            out["sources"].append({"article_id": r["a"], "title": r["t"], "lang": r["c"],
                                   "evidence": r["d"]})
        elif part != "event":
            places[r["a"]] = (r["b"], part)
    chosen = event_place(list(places))
    if chosen is not None:
        out["place_id"], (out["place_name"], out["place_type"]) = chosen, places[chosen]
    for key in ("participants", "topics", "sources"):
        out[key] = _unique_sorted(out[key])
    return [out]


def _event_order(row: dict) -> tuple:
    return (row["date"] or "9999", row["event_id"])


def who_met_rows(rows: list[dict], params: QueryParams) -> list[dict]:
    """One row per (counterpart, event) of the person's events that pass the filters."""
    p: Any = params
    out = []
    for eid, e in _event_facts(rows).items():
        if p.kind and e["kind"] != p.kind:
            continue
        if p.date_from or p.date_to:
            start, end = date_bounds(e["date"])
            if start is None or end < (p.date_from or DATE_MIN) or start > (p.date_to or DATE_MAX):
                continue
        if p.topic and p.topic not in {t["id"] for t in e["topics"]}:
            continue
        if p.place and p.place not in {pl for pl, _ in e["places"]} | e["place_countries"]:
            continue
        for c in e["counterparts"]:
            for place_id, place_name in e["places"]:
                out.append({"person_id": c["id"], "person_name": c["name"],
                            "person_type": c["type"], "role": c["role"],
                            "counterpart_role": e["role"], "event_id": eid, "kind": e["kind"],
                            "date": e["date"], "place_id": place_id, "place_name": place_name,
                            "place_type": e["place_types"].get(place_id),
                            "topics": e["topics"], "sources": e["sources"]})
    return sorted(out, key=lambda r: (*_event_order(r), r["person_id"]))


def timeline_rows(rows: list[dict], params: QueryParams) -> list[dict]:
    """The person's events with counterparts, topics and sources, dated first."""
    out = []
    for eid, e in _event_facts(rows).items():
        for place_id, place_name in e["places"]:
            out.append({"event_id": eid, "kind": e["kind"], "date": e["date"],
                        "place_id": place_id, "place_name": place_name,
                        "place_type": e["place_types"].get(place_id), "role": e["role"],
                        "counterparts": e["counterparts"], "topics": e["topics"],
                        "sources": e["sources"]})
    return sorted(out, key=lambda r: (*_event_order(r), r["place_id"] or ""))


def sorted_limit(key: Callable[[dict], Any], drop: tuple[str, ...] = ()) -> Post:
    def post(rows: list[dict], params: QueryParams) -> list[dict]:
        rows = sorted(rows, key=key)[: getattr(params, "limit", len(rows))]
        return [{k: v for k, v in r.items() if k not in drop} for r in rows]
    return post


def graph_rows(rows: list[dict], params: QueryParams) -> list[dict]:
    nodes: dict[str, dict] = {}
    edges: dict[tuple[str, str, str], dict] = {}
    for row in rows:
        for n in row.get("nodes") or []:
            nodes[n["id"]] = n
        for e in row.get("rels") or []:
            edges[(e["source"], e["target"], e["type"])] = e
    if not nodes:
        return []
    return [{"nodes": [nodes[k] for k in sorted(nodes)], "edges": [edges[k] for k in sorted(edges)]}]


def path_rows(rows: list[dict], params: QueryParams) -> list[dict]:
    paths = [r for r in rows if r.get("nodes")]
    if not paths:
        return []
    best = min(paths, key=lambda r: (len(r["nodes"]), [n["id"] for n in r["nodes"]]))
    return [{"nodes": best["nodes"], "edges": best["rels"]}]


def statistics_rows(rows: list[dict], params: QueryParams) -> list[dict]:
    # an empty label yields no row at all (its literal columns are grouping keys)
    labels = {n.name: 0 for n in NODES} | {r["name"]: r["n"] for r in rows if r["kind"] == "label"}
    rels = {r.name: 0 for r in RELS} | {r["name"]: r["n"] for r in rows if r["kind"] == "rel"}
    return [{"labels": dict(sorted(labels.items())), "relationships": dict(sorted(rels.items()))}]
