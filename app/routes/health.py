"""`GET /health` (the process answers) and `GET /ready` (store and queue usable, models loaded).

`/ready` also checks that the store and the queue can be *written*: a full disk, a read-only
mount or a damaged file make it answer 503 with the reason, while reads may still work. That
check writes (one page with fsync in each data folder, one queue key), so its answer is reused
for `DIPLOGRAPH_READY_PROBE_INTERVAL` s.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request

from app.deps import ReadKeyDep, ServicesDep
from app.errors import ServiceUnavailable
from app.responses import errors
from app.schemas import Health, Ready, Stats
from app.services import Services
from graph.store.durability import probe_folder

router = APIRouter(tags=["health"])
_probe_lock = threading.Lock()


@router.get("/health", response_model=Health)
def health() -> Health:
    """The process is up."""
    return Health()


@router.get("/ready", response_model=Ready, responses={503: errors(503)[503]})
def ready(request: Request, services: ServicesDep) -> Ready:
    """The store answers and can be written, the queue can be written, and, where this
    process runs the worker, the models are loaded."""
    try:
        services.store.run("statistics")
    except Exception as exc:
        raise ServiceUnavailable(f"store not reachable: {exc}") from exc
    queue = request.app.state.queue
    problem = _cached_write_problem(request.app.state, services, queue)
    if problem is not None:
        raise ServiceUnavailable(f"cannot write: {problem}")
    models = services.loaded_languages()
    if request.app.state.run_worker and not request.app.state.models_ready.is_set():
        error = request.app.state.models_error
        raise ServiceUnavailable(f"NLP models failed to load: {error}" if error
                                 else "NLP models are still loading")
    return Ready(store=services.settings.store, models=models,
                 queue=queue.backend if queue else "none")


def _cached_write_problem(state: Any, services: Services, queue: Any) -> str | None:
    """The last probe's answer while it is fresh, else a new probe."""
    ttl = services.settings.ready_probe_interval
    with _probe_lock:
        last = getattr(state, "write_probe", None)
        now = time.monotonic()
        if last is not None and now - last[0] < ttl:
            return last[1]  # type: ignore[no-any-return]
        problem = write_problem(services, queue)
        state.write_probe = (time.monotonic(), problem)
        return problem


def write_problem(services: Services, queue: Any) -> str | None:
    """Why the store or the queue cannot take a write now ("; "-joined), or None."""
    problems: list[str] = []
    folders: set[Path] = set()
    store = services.store
    probe = getattr(store, "probe_writable", None)
    if callable(probe):  # the embedded store (a Neo4j server reports its own failures)
        problem = probe()
        if problem is not None:
            problems.append(problem)
        if getattr(store, "path", None) is not None:
            folders.add(Path(store.path).parent)
    if queue is not None:
        try:
            queue.probe_write()
        except Exception as exc:  # sqlite3 or redis errors: full, read-only, damaged
            problems.append(f"the queue cannot be written ({type(exc).__name__}: {exc})")
        filename = getattr(getattr(queue.huey, "storage", None), "filename", None)
        if queue.backend == "sqlite" and filename and not problems:
            folder = Path(filename).parent
            if folder not in folders:  # SQLite reuses its log's space: probe the folder too
                problem = probe_folder(folder)
                if problem is not None:
                    problems.append(f"the queue's folder cannot be written: {problem}")
    return "; ".join(problems) or None


@router.get("/stats", response_model=Stats, responses=errors(), dependencies=[ReadKeyDep])
def stats(services: ServicesDep) -> Stats:
    """Counts of nodes per label and relationships per type."""
    rows = services.run("statistics")
    return Stats.model_validate(rows[0] if rows else {"labels": {}, "relationships": {}})
