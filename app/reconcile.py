"""Start-up reconciliation of the ingest queue, the article records and the graph store.

Run by every consumer at start (`diplograph serve` with its worker, `diplograph worker`),
through `IngestQueue.requeue_interrupted`. Every article acknowledged with a 202 ends up
`done` in the store, `queued`/`processing` with a live task, or `failed` with its reason:

- `processing` under an expired or released lease (its worker stopped): queued again;
- `queued` with no task in the queue or the retry schedule carrying its submission (the
  enqueue failed, e.g. on a full disk, or the queue file was replaced): queued again, or
  `failed` when its text is gone;
- `done` but missing from the store (the store lost its last writes): queued again from the
  text kept beside the record, or `failed` with "post it again" when no text was kept; when
  its source now holds another article (a newer text from the same source replaced it:
  `graph.store.versions`), `failed` with "replaced", never queued again;
- `failed` and `deleted` records are left as they are.

One `reconcile_done` log line gives the counts. Running it while other workers run (Redis)
is safe: each change is made under the article's claim after re-reading its record, and a
task queued twice is skipped by the worker that finds the article held or finished.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import structlog

from ingest.reader import RawArticle

if TYPE_CHECKING:
    from app.worker import IngestQueue

log = structlog.get_logger(__name__)

MISSING_NO_TEXT = ("was processed, but the store no longer has it and its text was not kept: "
                   "post it again")


@dataclass
class ReconcileSummary:
    """What one reconciliation did (counts of articles)."""

    records: int = 0
    interrupted: int = 0  # processing under a dead lease: queued again
    lost: int = 0  # queued with no task behind it: queued again
    reingested: int = 0  # done but missing from the store: queued again from the kept text
    failed: int = 0  # lost or missing with no text to queue again: marked failed
    replaced: int = 0  # missing because a newer text from its source replaced it: marked
    store_unchecked: bool = False  # the store could not be read: done records not checked

    @property
    def requeued(self) -> int:
        return self.interrupted + self.lost + self.reingested


def _live_tasks(queue: IngestQueue) -> set[tuple[str, str | None]]:
    """(article id, submission token) of every task in the queue or the retry schedule."""
    live: set[tuple[str, str | None]] = set()
    for task in [*queue.huey.pending(), *queue.huey.scheduled()]:
        args: tuple[Any, ...] = tuple(task.args or ())
        if not args or not isinstance(args[0], dict):
            continue
        token = args[1] if len(args) > 1 else task.kwargs.get("token") if task.kwargs else None
        live.add((str(args[0].get("id")), token))
    return live


def _has_task(live: set[tuple[str, str | None]], record: dict[str, Any]) -> bool:
    article_id, submission = str(record.get("id")), record.get("submission")
    return any(aid == article_id and (token is None or submission is None or token == submission)
               for aid, token in live)


def _in_store(queue: IngestQueue, article_id: str) -> bool:
    return bool(queue.services.store.run("article_meta", id=article_id))


def _newer_version(queue: IngestQueue, raw: dict[str, Any] | None) -> str | None:
    """The article that now holds this article's source (a newer text replaced it), if any."""
    source = (raw or {}).get("source")
    if not source:
        return None
    rows = queue.services.store.run("articles_from_source", id=source)
    return rows[0]["id"] if rows else None


def reconcile(queue: IngestQueue) -> ReconcileSummary:
    """Reconcile once (see the module docstring); returns the counts, also logged."""
    summary = ReconcileSummary(interrupted=len(queue.reap_expired()))
    records = queue.records.all()  # before the tasks: a task enqueued later is seen
    live = _live_tasks(queue)
    summary.records = len(records)
    for record in records:
        article_id, state = str(record.get("id")), record.get("status")
        if state == "queued" and not _has_task(live, record):
            outcome = queue.requeue_lost(article_id, record.get("submission"))
            summary.lost += outcome == "requeued"
            summary.failed += outcome == "failed"
        elif state == "done" and not summary.store_unchecked:
            try:
                present = _in_store(queue, article_id)
            except Exception as exc:  # the store cannot be read: say so, check next start
                log.warning("reconcile_store_unreadable", error=repr(exc))
                summary.store_unchecked = True
                continue
            if present:
                continue
            raw = record.get("raw") or queue.records.kept_raw(article_id)
            newer = _newer_version(queue, raw)
            if newer:
                if queue.mark_failed(article_id, f"replaced: its source now holds {newer}",
                                     expect="done"):
                    summary.replaced += 1
                continue
            if raw:
                queue.submit(RawArticle.model_validate(raw), again=True)
                summary.reingested += 1
                log.warning("article_reingested", article_id=article_id,
                            reason="done but missing from the store")
            elif queue.mark_failed(article_id, MISSING_NO_TEXT, expect="done"):
                summary.failed += 1
    log.info("reconcile_done", **asdict(summary))
    return summary
