"""What every command shares: settings, services, and turning our errors into exit codes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from pydantic import ValidationError
from rich.console import Console

from app.errors import AppError
from app.logs import configure_logging
from app.services import Services
from app.settings import Settings
from graph.errors import GraphError, StoreLocked
from ingest.errors import IngestError

console = Console()
err_console = Console(stderr=True)


def load_settings(**overrides: object) -> Settings:
    """Fresh settings from the environment, with command-line overrides."""
    try:
        settings = Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        err_console.print(f"[red]error:[/red] invalid configuration: {exc}")
        raise typer.Exit(2) from exc
    configure_logging(settings.log_level)
    return settings


@contextmanager
def open_services(settings: Settings, *, read_only: bool = False) -> Iterator[Services]:
    """Services for one command; errors of ours become a message and exit code 1."""
    services = Services(settings, read_only=read_only)
    try:
        yield services
    except StoreLocked as exc:
        err_console.print(f"[red]error:[/red] {exc}\nThe embedded store at {settings.ladybug_path} "
                          "is owned by another process (a running `diplograph serve`?). "
                          "Stop it, or post articles to its API instead.")
        raise typer.Exit(1) from exc
    except (AppError, GraphError, IngestError) as exc:
        err_console.print(f"[red]error:[/red] {getattr(exc, 'message', None) or exc}")
        for item in getattr(exc, "errors", [])[:10]:
            err_console.print(f"  - {item}")
        raise typer.Exit(1) from exc
    finally:
        services.close()
