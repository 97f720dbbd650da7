"""`diplograph eval GOLD PRED`: precision/recall/F1 of extractions against a gold file."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from app.commands.common import err_console


def eval_command(
    gold: Path = typer.Argument(..., help="Gold JSON Lines in the devset's name-based format."),
    pred: Path = typer.Argument(..., help="Extractions (JSON Lines from `diplograph extract`), "
                                          "in the same order as the gold records."),
    lang: str | None = typer.Option(None, "--lang", help="Score only gold records in this language."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Score extractions: persons, events (by kind), who-met-whom pairs, dates, places, topics."""
    from ingest.evaluate import evaluate
    from ingest.models import Extraction

    try:
        golds = [json.loads(line) for line in gold.read_text("utf-8").splitlines() if line.strip()]
        preds = [Extraction.model_validate_json(line)
                 for line in pred.read_text("utf-8").splitlines() if line.strip()]
    except (OSError, ValueError) as exc:
        err_console.print(f"[red]error:[/red] cannot read the input: {exc}")
        raise typer.Exit(1) from exc
    if lang:
        keep = [i for i, g in enumerate(golds) if g.get("lang") == lang]
        golds, preds = [golds[i] for i in keep], [preds[i] for i in keep if i < len(preds)]
    report = evaluate(golds, preds)
    typer.echo(json.dumps(report.as_dict(), indent=2) if as_json else report.render())
