"""`diplograph serve`: the HTTP API, with the ingest worker in the same process (embedded).

Shutdown (Ctrl-C or SIGTERM), in this order: uvicorn stops accepting requests and finishes
the open ones; the lifespan stops the huey consumer and waits up to
`DIPLOGRAPH_SHUTDOWN_TIMEOUT` s for a task in progress; the store is closed once, under the
write lock; the command exits 0. A thread that outlives that wait (an extraction cannot be
interrupted, nor a model load) is running native code (torch) that aborts the interpreter's
normal exit ("terminate called without an active exception"), so the process then ends with
`os._exit(0)` once the store is closed: nothing was written for that article, and it is
queued again at the next start.

On the embedded store a thread checkpoints every `DIPLOGRAPH_CHECKPOINT_INTERVAL` s while
articles are written, and the close checkpoints once more: a checkpoint that fails there (full
disk) is logged as an error (`store_close_failed`) and the command exits 1, not "stopped". A
queue database that cannot be opened (damaged `queue.sqlite3`) is an error naming the file.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, NoReturn

import structlog
import typer
import uvicorn

from app.commands.common import console, err_console, load_settings, open_services
from app.commands.remote import serve_record
from app.services import Services
from app.settings import Settings
from graph.errors import GraphError

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
        start_checkpoints(services, settings)
        try:
            app = create_app(settings, services=services, run_worker=run_worker,
                             worker_threads=settings.worker_concurrency)
        except sqlite3.DatabaseError as exc:
            queue_damaged(settings, exc)
        console.print(f"diplograph on http://{settings.host}:{settings.port} "
                      f"(store: {settings.store}, worker: {'on' if run_worker else 'off'})")
        server = _Server(uvicorn.Config(app, host=settings.host, port=settings.port,
                                        log_level=settings.log_level.lower(), access_log=False,
                                        timeout_graceful_shutdown=5))
        try:
            with serve_record(settings):  # serve.json: read commands go through this API
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
        close_or_exit(services, busy=busy)
    console.print("diplograph stopped")
    if busy:
        log.warning("exit_with_task_in_progress",
                    note="the interrupted article is queued again at the next start")
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


def start_checkpoints(services: Services, settings: Settings) -> None:
    """Checkpoint the embedded store every `checkpoint_interval` s while it is written."""
    start = getattr(services.store, "start_checkpoints", None)
    if callable(start) and settings.checkpoint_interval > 0:
        start(settings.checkpoint_interval)


def close_or_exit(services: Services, *, busy: bool) -> None:
    """Close the store (its final checkpoint); when that fails, log the error and exit 1.

    The exit skips the interpreter's teardown (`os._exit`): after an I/O error the engine
    cannot be closed safely, and what was committed stays in its write-ahead log.
    """
    try:
        services.close(busy=busy)
    except GraphError as exc:
        log.error("store_close_failed", error=exc.message)
        err_console.print(f"[red]error:[/red] the store was not closed cleanly: {exc.message}",
                          soft_wrap=True)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(1)


def queue_damaged(settings: Settings, exc: sqlite3.DatabaseError) -> NoReturn:
    """A queue database SQLite cannot open: say which file and how to get past it; exit 1."""
    where = settings.queue_url or settings.queue_path
    err_console.print(
        f"[red]error:[/red] the queue database {where} cannot be used ({exc}). It holds the "
        "queued articles and their statuses. Restore the data folder from a backup "
        f"(`diplograph restore BACKUP`), or move the file away (mv {where} {where}.damaged) "
        "to start with an empty queue: articles still queued there are then lost and must be "
        "posted again.", soft_wrap=True)
    raise typer.Exit(1) from exc
