"""`diplograph serve`: the HTTP API, with the ingest worker in the same process (embedded).

Shutdown (Ctrl-C or SIGTERM), in this order: uvicorn stops accepting requests and finishes
the open ones; the lifespan stops the huey consumer and waits up to
`DIPLOGRAPH_SHUTDOWN_TIMEOUT` s for a task in progress; the store is closed once, under the
write lock; the command exits 0. A thread that outlives that wait (an extraction cannot be
interrupted, nor a model load) is running native code (torch) that aborts the interpreter's
normal exit ("terminate called without an active exception"), so the process then ends with
`os._exit(0)` once the store is closed: nothing was written for that article, and it is
queued again at the next start.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import structlog
import typer
import uvicorn

from app.commands.common import console, load_settings, open_services

log = structlog.get_logger(__name__)


class _Server(uvicorn.Server):
    """uvicorn's server, minus re-raising the captured Ctrl-C/SIGTERM after a graceful shutdown
    (uvicorn ≥ 0.29 does, which turns a clean stop into a KeyboardInterrupt or a kill)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        with super().capture_signals():
            try:
                yield
            finally:
                self.stopped_by = list(self._captured_signals)
                self._captured_signals.clear()


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
        server = _Server(uvicorn.Config(app, host=settings.host, port=settings.port,
                                        log_level=settings.log_level.lower(), access_log=False,
                                        timeout_graceful_shutdown=5))
        try:
            server.run()
        except KeyboardInterrupt:  # a second Ctrl-C, or one before the server started
            pass
        if not server.started and not getattr(server, "stopped_by", None):
            raise typer.Exit(1)  # could not start (port in use, lifespan failure): logged
        queue = app.state.queue
        if queue.consuming:  # the lifespan's shutdown did not run (forced exit)
            queue.stop_consumer(timeout=settings.shutdown_timeout)
        busy = bool(app.state.busy_at_shutdown) or queue.busy or any(
            t.is_alive() for t in app.state.background)
        services.close(busy=busy)
    console.print("diplograph stopped")
    if busy:
        log.warning("exit_with_task_in_progress",
                    note="the interrupted article is queued again at the next start")
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
