"""`diplograph stats`: counts of nodes and relationships in the graph."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from app.commands.common import console, load_settings, open_reader
from app.commands.remote import ServeClient


def stats_command(
    data_dir: Annotated[Path | None, typer.Option(help="Data folder (DIPLOGRAPH_DATA_DIR).")]
    = None,
) -> None:
    """Print the number of nodes per label and relationships per type.

    Works while `diplograph serve` runs on the same data folder (through its API)."""
    settings = load_settings(data_dir=data_dir)
    with open_reader(settings) as reader:
        if isinstance(reader, ServeClient):
            stats = reader.stats().model_dump()
        else:
            rows = reader.run("statistics")
            stats = rows[0] if rows else {"labels": {}, "relationships": {}}
    table = Table(title=f"diplograph ({settings.store})")
    table.add_column("kind")
    table.add_column("name")
    table.add_column("count", justify="right")
    for label, n in stats["labels"].items():
        table.add_row("node", label, str(n))
    for rel, n in stats["relationships"].items():
        table.add_row("relationship", rel, str(n))
    console.print(table)
