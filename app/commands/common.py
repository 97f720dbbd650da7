"""What every command shares: settings, services, and turning our errors into exit codes.

Read commands (`stats`, `ask`, `export`) use `open_reader`: the store itself, or, while a
`diplograph serve` owns the embedded store of the same data folder, that server's API.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from pydantic import ValidationError
from rich.console import Console

from app.commands.remote import ServeClient, running_server
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


def _fail(exc: AppError | GraphError | IngestError) -> typer.Exit:
    err_console.print(f"[red]error:[/red] {getattr(exc, 'message', None) or exc}")
    for item in getattr(exc, "errors", [])[:10]:
        err_console.print(f"  - {item}")
    return typer.Exit(1)


@contextmanager
def open_services(settings: Settings, *, read_only: bool = False) -> Iterator[Services]:
    """Services for one command; errors of ours become a message and exit code 1."""
    services = Services(settings, read_only=read_only)
    try:
        yield services
    except StoreLocked as exc:
        err_console.print(f"[red]error:[/red] {exc}\nThe embedded store at {settings.ladybug_path} "
                          "is owned by another process (a running `diplograph serve`?). "
                          "Stop it, or post articles to its API instead; read commands go "
                          "through a server that left its address in "
                          f"{settings.data_dir / 'serve.json'}.")
        raise typer.Exit(1) from exc
    except (AppError, GraphError, IngestError) as exc:
        raise _fail(exc) from exc
    finally:
        _close(services)


def _close(services: Services) -> None:
    """Close the store; a failed final checkpoint (full disk) is an error, exit 1."""
    try:
        services.close()
    except GraphError as exc:
        err_console.print(f"[red]error:[/red] the store was not closed cleanly: {exc}. What was "
                          "committed is in its write-ahead log; free space and run "
                          "`diplograph recover` if the next start refuses the store.",
                          soft_wrap=True)
        raise typer.Exit(1) from exc


@contextmanager
def open_reader(settings: Settings) -> Iterator[Services | ServeClient]:
    """What a read command reads from: the running server's API when `diplograph serve` owns
    this data folder's embedded store (its `serve.json`), else the store itself."""
    url = running_server(settings)
    if url is None:
        with open_services(settings) as services:
            yield services
        return
    err_console.print(f"reading through the running diplograph serve at {url}")
    client = ServeClient(url, settings)
    try:
        yield client
    except AppError as exc:
        raise _fail(exc) from exc
    finally:
        client.close()
