"""`diplograph serve`: the HTTP API, with the ingest worker in the same process (embedded)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from app.commands.common import console, load_settings, open_services


def serve_command(
    host: Annotated[str | None, typer.Option(help="Bind address (DIPLOGRAPH_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (DIPLOGRAPH_PORT).")] = None,
    worker: Annotated[bool | None, typer.Option(
        "--worker/--no-worker",
        help="Run the ingest worker in this process; default: on for the embedded store, "
             "off with Neo4j (run `diplograph worker` beside it).")] = None,
    data_dir: Annotated[Path | None, typer.Option(help="Data folder (DIPLOGRAPH_DATA_DIR).")]
    = None,
) -> None:
    """Serve the API (and, on the embedded store, the ingest worker) until interrupted."""
    from app.main import create_app

    settings = load_settings(host=host, port=port, data_dir=data_dir)
    run_worker = worker if worker is not None else settings.store == "ladybug"
    with open_services(settings) as services:
        _ = services.store  # the embedded store's lock is taken here, before serving
        app = create_app(settings, services=services, run_worker=run_worker,
                         worker_threads=settings.worker_concurrency)
        console.print(f"diplograph on http://{settings.host}:{settings.port} "
                      f"(store: {settings.store}, worker: {'on' if run_worker else 'off'})")
        uvicorn.run(app, host=settings.host, port=settings.port,
                    log_level=settings.log_level.lower(), access_log=False)
