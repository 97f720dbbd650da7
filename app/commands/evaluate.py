"""`diplograph eval GOLD [PRED]`: the gold-set scorer's figures, per language, cross-validated."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from app.commands.common import err_console


def eval_command(
    gold: Path = typer.Argument(..., help="Gold JSON Lines in the devset's format "
                                          "(../shared/devset/README.md)."),
    pred: Path | None = typer.Argument(
        None, help="Extractions to score (JSON Lines from `diplograph extract`, whose "
                   "article.source is the gold record id). Omitted: extract the gold texts now."),
    cross_validate: int | None = typer.Option(
        None, "--cross-validate", metavar="K",
        help="Train the learned stages on K-1 folds of GOLD, extract the held-out fold, and "
             "print the figures of each fold, their mean, and all held-out articles pooled."),
    rules_only: bool = typer.Option(False, "--rules-only",
                                    help="Extract with the rules alone (no learned stages)."),
    cache: Path | None = typer.Option(
        None, "--cache", help="JSON Lines file keeping the NLP output of the gold texts, so a "
                              "second run skips Stanza."),
    as_json: bool = typer.Option(False, "--json", help="Print the scorer's full results as JSON."),
) -> None:
    """Score extraction against gold annotations with the shared scorer's definitions.

    Prints, for all articles and per language (fr, ar, en): pairs F1 (who met whom), persons
    F1, topics F1, about F1 (topics that are places/organisations), dates, kinds, dedup F1
    (the same interaction across articles) and identity (false merges, splits), then the
    scorer's SUMMARY line.

    Examples:

      diplograph eval ../shared/devset/articles.jsonl

      diplograph eval ../shared/devset/articles.jsonl pred.jsonl

      diplograph eval ../shared/trainset/articles.jsonl --cross-validate 5
    """
    from rich.progress import Progress

    from ingest.errors import IngestError
    from ingest.evaluate import (
        cross_validate_gold,
        extract_gold,
        render_figures,
        score_by_lang,
        summary_line,
    )
    from ingest.learn.corpus import load_gold

    if cross_validate is not None and pred is not None:
        err_console.print("[red]error:[/red] --cross-validate extracts the gold texts itself; "
                          "give no PRED file")
        raise typer.Exit(2)
    try:
        golds = load_gold(gold)
        if not golds or not all("id" in g and "events" in g for g in golds):
            raise ValueError(f"{gold}: no gold records with an id and events")
        with Progress(console=err_console, transient=True) as bar:
            task = bar.add_task("NLP on the gold texts", total=len(golds))

            def advance(n: int) -> None:
                bar.advance(task, n)

            if cross_validate is not None:
                res = cross_validate_gold(gold, cross_validate, cache=cache, progress=advance)
            elif pred is not None:
                preds = [json.loads(x) for x in pred.read_text("utf-8").splitlines() if x.strip()]
                res = score_by_lang(golds, preds)
            else:
                golds, preds = extract_gold(gold, learned=not rules_only, cache=cache,
                                            progress=advance)
                res = score_by_lang(golds, preds)
    except (OSError, ValueError, IngestError) as exc:
        err_console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    if as_json:
        typer.echo(json.dumps(res, ensure_ascii=False, indent=2))
        return
    if cross_validate is not None:
        rows = {f"fold {i + 1}": r for i, r in enumerate(res["folds"])}
        rows["mean"] = res["mean"]
        typer.echo(f"{cross_validate}-fold cross-validation (learned stages trained on the "
                   "other folds)")
        typer.echo(render_figures(rows))
        typer.echo("\nall held-out articles, pooled:")
        typer.echo(render_figures(res["pooled"]))
        typer.echo(summary_line(res["pooled"]["all"]))
        return
    typer.echo(render_figures(res))
    typer.echo(summary_line(res["all"]))
