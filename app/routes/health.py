"""`GET /health` (the process answers) and `GET /ready` (store reachable, models loaded)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from app.deps import ReadKeyDep, ServicesDep
from app.errors import ServiceUnavailable
from app.responses import errors
from app.schemas import Health, Ready, Stats
from ingest.nlp import loaded_languages

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
def health() -> Health:
    """The process is up."""
    return Health()


@router.get("/ready", response_model=Ready, responses={503: errors(503)[503]})
def ready(request: Request, services: ServicesDep) -> Ready:
    """The store answers, and, where this process runs the worker, the models are loaded."""
    try:
        services.store.run("statistics")
    except Exception as exc:
        raise ServiceUnavailable(f"store not reachable: {exc}") from exc
    models = loaded_languages()
    queue = request.app.state.queue
    if request.app.state.run_worker and not request.app.state.models_ready.is_set():
        error = request.app.state.models_error
        raise ServiceUnavailable(f"NLP models failed to load: {error}" if error
                                 else "NLP models are still loading")
    return Ready(store=services.settings.store, models=models,
                 queue=queue.backend if queue else "none")


@router.get("/stats", response_model=Stats, responses=errors(), dependencies=[ReadKeyDep])
def stats(services: ServicesDep) -> Stats:
    """Counts of nodes per label and relationships per type."""
    rows = services.run("statistics")
    return Stats.model_validate(rows[0] if rows else {"labels": {}, "relationships": {}})
