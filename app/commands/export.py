"""`diplograph export`: the graph of events as GraphML, JSON or CSV."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, cast

import typer

from app.commands.common import err_console, load_settings, open_reader
from app.commands.remote import RemoteEvents, ServeClient
from app.export import collect_graph, to_csv, to_graphml, to_json
from app.services import Services


class ExportFormat(str, Enum):
    graphml = "graphml"
    json = "json"
    csv = "csv"


def export_command(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="graphml, json or csv.")]
    = ExportFormat.json,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="File to write (for csv: a folder for nodes.csv and edges.csv); "
                               "standard output when omitted.")] = None,
    data_dir: Annotated[Path | None, typer.Option(help="Data folder (DIPLOGRAPH_DATA_DIR).")]
    = None,
) -> None:
    """Export events, participants, topics and places for other graph tools.

    Works while `diplograph serve` runs on the same data folder (through its API)."""
    settings = load_settings(data_dir=data_dir)
    with open_reader(settings) as reader:
        source = cast(Services, RemoteEvents(reader)) if isinstance(reader, ServeClient) \
            else reader
        dump = collect_graph(source)
    if format is ExportFormat.csv:
        nodes, edges = to_csv(dump)
        if output is None:
            typer.echo(nodes + "\n" + edges, nl=False)
        else:
            output.mkdir(parents=True, exist_ok=True)
            (output / "nodes.csv").write_text(nodes, encoding="utf-8")
            (output / "edges.csv").write_text(edges, encoding="utf-8")
    else:
        text = to_graphml(dump) if format is ExportFormat.graphml else to_json(dump)
        if output is None:
            typer.echo(text)
        else:
            output.write_text(text + "\n", encoding="utf-8")
    err_console.print(f"exported {len(dump.nodes)} nodes and {len(dump.edges)} edges")
