"""The Stanza models in a child process, for a process that also serves HTTP (`serve`).

In `serve` the ingest worker runs as threads of the API process. Stanza's tokeniser and the
project's rules are Python: on the same interpreter they hold the GIL for most of an article,
and the HTTP threads wait (measured: `/graph` at 27 % of its idle throughput while ingesting).
`AnnotatorProcess` moves the NLP (about three quarters of an ingest's CPU, `Extractor.annotate`)
into one long-lived process forked from the `ingest.parallel` fork server, with one torch
thread; the caller keeps the rule steps, resolution and the write. The results are identical to
in-process annotation (same models, one torch thread in both: `ingest.parallel`).
Imports nothing from graph or app.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from ingest import parallel
from ingest.errors import IngestError

if TYPE_CHECKING:
    from ingest.annotated import Annotated
    from ingest.nlp import NLPConfig
    from ingest.pipeline import ExtractConfig
    from ingest.reader import RawArticle

LANGS: tuple[str, ...] = ("fr", "ar", "en")


class AnnotatorClosed(RuntimeError):
    """`annotate` was called on (or interrupted by) a closed annotator: the process exits."""


class AnnotationFailed(IngestError):
    """The NLP of one article failed in the annotator process (its code is the original's)."""

    code = "nlp_failed"

    def __init__(self, message: str, *, code: str | None = None,
                 source: str | None = None) -> None:
        if code:
            self.code = code
        super().__init__(message, source=source)


def _watch_owner(owner: int, every: float = 1.0) -> None:
    """In the child: exit as soon as the process that started the annotator is gone.

    The child is forked by the fork server, not by its owner, and holds the fork server's
    "alive" pipe: if the owner dies (kill -9, or an exit while the child was still being
    forked), nothing else would ever stop the child, nor the fork server waiting for it, and
    both would keep the owner's stdout open.
    """
    while True:
        time.sleep(every)
        try:
            os.kill(owner, 0)
        except ProcessLookupError:
            os._exit(0)
        except PermissionError:  # a process of another user took the pid: the owner is gone
            os._exit(0)


def _init_annotator(config: ExtractConfig, owner: int) -> None:
    """Child start: the NLP worker set-up of `ingest.parallel`, and the owner watchdog."""
    parallel._init_worker(config)
    threading.Thread(target=_watch_owner, args=(owner,), name="owner-watchdog",
                     daemon=True).start()


def _load(langs: Sequence[str]) -> list[str]:
    """In the child: load the pipelines of `langs` (the fork server may have already)."""
    from ingest import nlp

    assert parallel._worker_extractor is not None, "annotator process not initialised"
    for lang in langs:
        nlp.get_pipeline(lang, parallel._worker_extractor.config.nlp)
    return list(langs)


class AnnotatorProcess:
    """`annotate(raws)` in one child process; restarted once if it dies."""

    def __init__(self, config: NLPConfig, langs: Sequence[str] = LANGS) -> None:
        self.config = config
        self.langs = tuple(langs)
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._loaded: list[str] = []
        self._closed = False

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._closed:
                raise AnnotatorClosed("the NLP process was stopped: this process is exiting")
            if self._pool is None:
                from ingest.pipeline import ExtractConfig

                # NLP only: the caller runs the rules (no learned models needed here)
                worker = ExtractConfig(nlp=self.config, learned=False)
                context = parallel._context(worker, self.langs)
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=context,
                                                 initializer=_init_annotator,
                                                 initargs=(worker, os.getpid()))
            return self._pool

    def warm_up(self) -> None:
        """Start the process and load every language's models (blocks until loaded)."""
        self._loaded = sorted(self._executor().submit(_load, self.langs).result())

    def loaded_languages(self) -> list[str]:
        """The languages loaded by `warm_up` (empty before, or after a restart)."""
        return list(self._loaded)

    def annotate(self, raws: Sequence[RawArticle]) -> list[Annotated]:
        """Annotate `raws` in the child process, in order.

        Raises:
            AnnotationFailed: the NLP of an article failed (code and message of the original).
            AnnotatorClosed: `close` was called (before or during this call).
            parallel.NLPWorkerFailed: the process died twice in a row.
        """
        results = None
        for attempt in (1, 2):
            try:
                results = self._executor().submit(parallel._annotate_in_worker,
                                                  list(raws)).result()
                break
            except BrokenProcessPool as exc:
                self._discard()
                if attempt == 2:
                    raise parallel.NLPWorkerFailed(
                        f"the NLP process died twice in a row ({exc}); free memory and "
                        "retry") from exc
        out: list[Annotated] = []
        for ann, err in results or []:
            if ann is None:
                code, _, message = (err or "nlp_failed: unknown error").partition(": ")
                raise AnnotationFailed(message, code=code)
            out.append(ann)
        return out

    def _discard(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
            self._loaded = []
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def close(self, *, wait: bool = True) -> None:
        """Stop the child process: after the article in progress, or at once (`wait=False`:
        the caller is exiting; the process is terminated, its article is not acknowledged)."""
        with self._lock:
            pool, self._pool = self._pool, None
            self._loaded = []
            self._closed = True
        if pool is None:
            return
        if not wait:
            # the pool's own processes (concurrent.futures keeps them in `_processes`)
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()
        pool.shutdown(wait=wait, cancel_futures=True)
