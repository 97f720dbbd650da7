"""`diplograph extract FILE…`: one Extraction JSON per article (JSON Lines) on stdout."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from app.commands.common import err_console, load_settings
from app.services import extract_config


def extract_command(
    files: list[Path] = typer.Argument(..., help="Article files: .txt (seed format), .json, .jsonl."),
    lang: str | None = typer.Option(None, "--lang", help="Language of every article: fr, ar or en."),
    date: str | None = typer.Option(None, "--date", help="Publication date, YYYY[-MM[-DD]]."),
    pretty: bool = typer.Option(False, "--pretty", help="Indent the JSON (one object per block)."),
    use_registry: bool = typer.Option(
        False, "--use-registry",
        help="Resolve persons against the ingest store's person registry (and extend it). By "
        "default extract is storeless: identities are resolved among the given articles only."),
) -> None:
    """Extract entities and diplomatic events from articles; print one Extraction per article.

    The exit status is the number of articles that failed (capped at 100); each failure is
    reported on stderr with the file it came from.
    """
    from ingest.errors import IngestError
    from ingest.pipeline import Extractor, extract_files

    config = extract_config(load_settings())
    if not use_registry:
        config.resolution_path = None  # storeless: an in-memory registry for this run
    extractor = Extractor(config)
    failed = 0
    try:
        results = extract_files(extractor, files, lang=lang, date=date)
    except IngestError as exc:
        err_console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    finally:
        extractor.close()
    for item in results:
        if isinstance(item, Exception):
            failed += 1
            code = getattr(item, "code", "error")
            err_console.print(f"[red]error[/red] ({code}): {item}")
            continue
        data = item.model_dump(mode="json")
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2 if pretty else None,
                              sort_keys=False))
    if failed:
        err_console.print(f"{failed} article(s) failed")
    raise typer.Exit(min(failed, 100))
