"""`diplograph worker`: an ingest worker process (Neo4j + Redis; N of them side by side).

While it runs, the worker renews the leases of the articles it is processing and re-queues
those whose lease has expired (a worker killed with SIGKILL), every
`DIPLOGRAPH_WORKER_HEARTBEAT` / `DIPLOGRAPH_WORKER_REAP_INTERVAL` s (see `app.worker`).

Ctrl-C stops taking tasks and waits up to `DIPLOGRAPH_SHUTDOWN_TIMEOUT` s for the ones in
progress; then the store is closed once. A task still extracting after that wait is left to
be retried (its article stays `processing` with its lease released, so a live worker or the
next start queues it again), and the process ends with `os._exit(0)` so that no native
thread (torch) aborts the interpreter's exit (see `app.commands.serve`). On the embedded store
it checkpoints like `serve`, and a final checkpoint that fails is an error with exit code 1.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path
from typing import Annotated

import typer

from app.commands.common import console, err_console, load_settings, open_services
from app.commands.serve import close_or_exit, queue_damaged, start_checkpoints
from app.worker import IngestQueue


def worker_command(
    workers: Annotated[int | None, typer.Option(
        help="Concurrent tasks in this process (DIPLOGRAPH_WORKER_CONCURRENCY).")] = None,
    data_dir: Annotated[Path | None, typer.Option(help="Data folder (DIPLOGRAPH_DATA_DIR).")]
    = None,
) -> None:
    """Consume the ingest queue until interrupted (Neo4j; `serve` runs it on the embedded store)."""
    settings = load_settings(data_dir=data_dir, worker_concurrency=workers)
    with open_services(settings) as services:
        if settings.store == "ladybug":
            # Taking the embedded store's lock fails while a `serve` process owns it.
            _ = services.store
            err_console.print("note: on the embedded store this worker owns the database; "
                              "the API cannot run beside it (use `diplograph serve`).")
            start_checkpoints(services, settings)
        try:
            queue = IngestQueue(settings, services)
        except sqlite3.DatabaseError as exc:
            queue_damaged(settings, exc)
        console.print(f"worker {queue.worker_id} on {queue.backend} queue, store "
                      f"{settings.store}, {settings.worker_concurrency} thread(s)")
        queue.requeue_interrupted()
        queue.start_leases()
        consumer = queue.huey.create_consumer(workers=settings.worker_concurrency,
                                              worker_type="thread", periodic=False,
                                              max_delay=0.5, check_worker_health=True,
                                              shutdown_timeout=settings.shutdown_timeout)
        try:
            consumer.run()
        finally:
            busy = any(t.is_alive() for _, t in consumer.worker_threads)
            queue.stop_leases(release=busy)
        close_or_exit(services, busy=busy)
    console.print("worker stopped")
    if busy:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
