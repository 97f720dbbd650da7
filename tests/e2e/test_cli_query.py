"""`diplograph ask`, `stats` and `export` on the data `diplograph ingest` wrote."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from app.cli import app as cli_app


def _run(cli_ingested: dict[str, Any], *args: str) -> Any:
    result = CliRunner().invoke(cli_app, list(args), env=cli_ingested["env"])
    return result


@pytest.mark.parametrize("question", ["who met Lamamra about Libya",
                                      "qui a rencontré Lamamra au sujet de la Libye ?"])
def test_cli_ask_json(cli_ingested: dict[str, Any], question: str) -> None:
    result = _run(cli_ingested, "ask", question, "--json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    names = " ".join(m["person"]["name"] for m in body["meetings"]["data"]).lower()
    assert "lempert" in names and "dbeibah" in names


def test_cli_ask_table(cli_ingested: dict[str, Any]) -> None:
    result = _run(cli_ingested, "ask", "who met Lamamra")
    assert result.exit_code == 0, result.output
    assert "Lempert" in result.output


def test_cli_ask_not_understood_exit_1(cli_ingested: dict[str, Any]) -> None:
    result = _run(cli_ingested, "ask", "bonjour")
    assert result.exit_code == 1
    assert "cannot read the question" in result.output


def test_cli_ask_unknown_person_exit_1(cli_ingested: dict[str, Any]) -> None:
    result = _run(cli_ingested, "ask", "who met Zzyzx Qwerty")
    assert result.exit_code == 1 and "no person matches" in result.output


def test_cli_stats(cli_ingested: dict[str, Any]) -> None:
    result = _run(cli_ingested, "stats")
    assert result.exit_code == 0, result.output
    assert "Article" in result.output and "PARTICIPATED_IN" in result.output


def test_cli_export_json(cli_ingested: dict[str, Any]) -> None:
    result = _run(cli_ingested, "export", "--format", "json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    ids = {n["id"] for n in body["nodes"]}
    assert "person:ramtane-lamamra" in ids and "country:LY" in ids
    for edge in body["edges"]:
        assert edge["source"] in ids and edge["target"] in ids


def test_cli_export_graphml(cli_ingested: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "g.graphml"
    result = _run(cli_ingested, "export", "--format", "graphml", "--output", str(out))
    assert result.exit_code == 0, result.output
    root = ET.parse(out).getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert root.findall(".//g:node", ns) and root.findall(".//g:edge", ns)


def test_cli_export_csv(cli_ingested: dict[str, Any], tmp_path: Path) -> None:
    result = _run(cli_ingested, "export", "-f", "csv", "-o", str(tmp_path / "csv"))
    assert result.exit_code == 0, result.output
    with open(tmp_path / "csv" / "edges.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {"PARTICIPATED_IN", "ABOUT"} <= {r["type"] for r in rows}


def test_cli_export_bad_format_usage_error(cli_ingested: dict[str, Any]) -> None:
    assert _run(cli_ingested, "export", "--format", "xml").exit_code == 2


@pytest.mark.parametrize("page", [2])
def test_export_event_rows_small_pages_every_event_once(seeded_services: Any, page: int) -> None:
    """Export splits the events by kind and date window, never by a large SKIP (LadybugDB
    0.22 crashes beyond ~7000): with tiny pages every path runs, and each event comes once."""
    from app.export import iter_event_rows

    everything = seeded_services.store.run("events", limit=1000)
    assert len(everything) > 3
    rows = list(iter_event_rows(seeded_services, page=page))
    ids = [r["event_id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert sorted(ids) == sorted(r["event_id"] for r in everything)
    by_id = {r["event_id"]: r for r in everything}
    assert all(r == by_id[r["event_id"]] for r in rows)


def test_export_event_rows_skip_bound(seeded_services: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the SKIP the store survives, export fails with a clear error, not a crash."""
    import app.export as export

    monkeypatch.setattr(export, "MAX_SKIP", 0)
    with pytest.raises(export.ExportTooLarge, match="keyset"):
        list(export.iter_event_rows(seeded_services, page=1))


def test_export_event_rows_over_7000_events(tmp_store: Any) -> None:
    """9,000 events (a tenth undated): every one exported once, no SKIP over the bound
    (about 10 s: the only check of the store size where LadybugDB's SKIP was reported to crash)."""
    from types import SimpleNamespace

    from app.export import MAX_SKIP, iter_event_rows
    from ingest.models import Extraction

    def extraction(i: int) -> Extraction:
        a, b = f"person:p{i % 300}", f"person:q{(i * 7) % 311}"
        date = None if i % 10 == 0 else f"20{10 + i % 12}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        return Extraction.model_validate({
            "article": {"id": f"article:{i:016x}", "lang": "en", "date": date,
                        "source": f"synthetic/{i}"},
            "entities": [{"id": a, "type": "Person", "name": f"P {i % 300}"},
                         {"id": b, "type": "Person", "name": f"Q {(i * 7) % 311}"},
                         {"id": "country:LY", "type": "Country", "name": "Libya"}],
            "events": [{"id": f"event:{i:016x}", "kind": ("meeting", "phone_call", "visit")[i % 3],
                        "date": date, "place": "country:LY", "topics": ["country:LY"],
                        "participants": [{"entity": a, "role": "host"},
                                         {"entity": b, "role": "guest"}],
                        "evidence": [{"text": "x", "start": 0, "end": 1}]}]})

    n = 9000
    for start in range(0, n, 3000):
        tmp_store.write_extractions([extraction(i) for i in range(start, start + 3000)])
    skips: list[int] = []
    run = tmp_store.run

    def spy(name: str, **params: Any) -> Any:
        skips.append(params.get("offset", 0))
        return run(name, **params)

    tmp_store.run = spy
    ids = [r["event_id"] for r in iter_event_rows(SimpleNamespace(store=tmp_store))]
    assert len(ids) == len(set(ids)) == n
    assert max(skips) <= MAX_SKIP
