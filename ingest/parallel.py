"""Stanza annotation in worker processes, handed back in input order (`ingest --jobs N`).

The NLP (`Extractor.annotate`: tokenisation and NER) and the rule and learned steps
(`Extractor.prepare`) are about nine tenths of an ingest's CPU time and depend on nothing but
the article, so they run in other processes. What mints ids (`Extractor.assemble`: person
resolution and the Extraction) stays in the calling process and sees the articles in input
order, so that N processes give the same Extractions, ids included, as one.
`annotate_in_order` does exactly that split.

Workers are forked from a `forkserver` (never from the caller, which holds threads, locks and an
open database; `spawn` where there is no fork server), use one torch thread each, and load each
language's Stanza pipeline once, on first use. They send back `Annotated` models (plain pydantic
data, about 20 KB pickled per article) and the prepared `Doc` without its lexicons, never
Stanza objects. Imports nothing from graph or app.
"""

from __future__ import annotations

import base64
import logging
import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from multiprocessing import forkserver
from typing import TYPE_CHECKING

from ingest.errors import IngestError

if TYPE_CHECKING:
    from ingest.annotated import Annotated
    from ingest.extract.doc import Doc
    from ingest.pipeline import ExtractConfig, Extractor
    from ingest.reader import RawArticle

#: Articles per `Extractor.annotate` call. Stanza batches sentences across the articles of one
#: call; 8 keeps its batches full while two workers still share 200 articles evenly. The same
#: chunks are used with one job or many, so Stanza sees identical batches either way.
CHUNK_ARTICLES = 8
#: Chunks queued per worker ahead of the consumer (bounds memory on very large inputs).
AHEAD_PER_JOB = 4
#: Modules the fork server imports once, before it forks the workers; the last one loads the
#: Stanza pipelines named in the PRELOAD_ENV variable (set only while the server starts).
PRELOAD = ["torch", "stanza", "ingest.pipeline", "ingest.parallel_preload"]
PRELOAD_ENV = "DIPLOGRAPH_NLP_PRELOAD"

log = logging.getLogger(__name__)

_worker_extractor: Extractor | None = None


class NLPWorkerFailed(IngestError):
    """An NLP worker process died or could not start (out of memory, killed)."""

    code = "nlp_worker_failed"


@dataclass(frozen=True)
class Annotation:
    """One article after NLP: its `Annotated`, or the error that stopped it ("code: message").

    `prepared` is the article after `Extractor.prepare` when a worker process ran it (its
    `lex` detached; `Extractor.assemble` puts it back); None when the caller must prepare it.
    """

    raw: RawArticle
    annotated: Annotated | None
    error: str | None = None
    prepared: Doc | None = None


def annotate_chunk(extractor: Extractor, raws: Sequence[RawArticle]
                   ) -> list[tuple[Annotated | None, str | None]]:
    """Annotate `raws` in one Stanza batch; when that fails, one by one to isolate the culprit.

    Returns, per article in order, `(annotated, None)` or `(None, "code: message")`.
    """
    try:
        return [(ann, None) for ann in extractor.annotate(raws)]
    except IngestError as exc:
        if len(raws) == 1:
            return [(None, f"{exc.code}: {exc}")]
    return [annotate_chunk(extractor, [raw])[0] for raw in raws]


def use_one_torch_thread() -> None:
    """One intra-op torch thread in this process (process-wide).

    Each NLP process, the caller's included, uses one core: with torch's default (one thread per
    core) a loaded machine spends most of the LSTM time spinning (measured here: 7x the CPU time
    for 24 articles at load 7 on 2 cores), and the same thread count everywhere keeps the
    floating-point results, hence the entities found, identical whatever `jobs` is.
    """
    import torch

    if torch.get_num_threads() != 1:
        torch.set_num_threads(1)


def prepare_worker(config: ExtractConfig, langs: Sequence[str] = ()) -> None:
    """Make this process ready to annotate and prepare: one torch thread, an Extractor with
    `config` (the caller's NLP and learned settings, no resolution state), `langs` loaded.

    Run by the fork server before it forks the workers (`ingest.parallel_preload`), so the
    Stanza models are loaded once and shared copy-on-write; a worker forked without them loads
    them on first use. A language that fails to load here fails later, per article.
    """
    global _worker_extractor
    use_one_torch_thread()
    from ingest import nlp
    from ingest.pipeline import Extractor

    if _worker_extractor is None or _worker_extractor.config != config:
        # No resolution state in a worker: it never resolves nor mints ids.
        _worker_extractor = Extractor(config)
    for lang in langs:
        try:
            nlp.get_pipeline(lang, config.nlp)
        except IngestError as exc:
            log.warning("nlp_preload_failed lang=%s error=%s", lang, exc)


def _init_worker(config: ExtractConfig) -> None:
    """Worker start (after the fork): one torch thread, and an Extractor for its work."""
    os.environ["OMP_NUM_THREADS"] = "1"
    os.environ["MKL_NUM_THREADS"] = "1"
    prepare_worker(config)


def _annotate_in_worker(raws: list[RawArticle]) -> list[tuple[Annotated | None, str | None]]:
    """NLP alone for `raws` (`ingest.annotator`): per article (annotated, error)."""
    assert _worker_extractor is not None, "worker not initialised"
    return annotate_chunk(_worker_extractor, raws)


def _prepare_in_worker(raws: list[RawArticle]
                       ) -> list[tuple[Annotated | None, Doc | None, str | None]]:
    """NLP and `Extractor.prepare` for `raws`: per article (annotated, prepared, error)."""
    extractor = _worker_extractor
    assert extractor is not None, "worker not initialised"
    out: list[tuple[Annotated | None, Doc | None, str | None]] = []
    for raw, (ann, err) in zip(raws, annotate_chunk(extractor, raws), strict=True):
        doc = None
        if ann is not None:
            try:
                doc = extractor.prepare(raw, ann)
                doc.lex = None  # type: ignore[assignment]  # the caller has its own
            except IngestError:
                doc = None  # the caller prepares it again and reports the error as its own
        out.append((ann, doc, err))
    return out


def _chunks(raws: Sequence[RawArticle], size: int) -> list[list[RawArticle]]:
    return [list(raws[i:i + size]) for i in range(0, len(raws), size)]


def annotate_in_order(extractor: Extractor, raws: Sequence[RawArticle], *, jobs: int = 1,
                      chunk: int = CHUNK_ARTICLES) -> Iterator[Annotation]:
    """Annotate every article, with `jobs` worker processes, yielding results in input order.

    `jobs=1` annotates in this process with `extractor`, without a pool. Every NLP process, this
    one included, uses one torch thread (`use_one_torch_thread`). With more, the workers
    use `extractor.config.nlp`; results come back in the order of `raws` whatever order the
    workers finish in, so the caller can mint ids exactly as a one-process run would. An
    article whose NLP fails is yielded with its error; the others go on.

    Args:
        extractor: this process's extractor (its NLP config is sent to the workers).
        raws: the articles, in the order their results must come back.
        jobs: number of NLP processes (1: none, everything in this process).
        chunk: articles per Stanza batch.

    Raises:
        ValueError: `jobs` or `chunk` is below 1.
        NLPWorkerFailed: a worker process died; the pool is shut down.
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    if chunk < 1:
        raise ValueError(f"chunk must be at least 1, got {chunk}")
    chunks = _chunks(raws, chunk)
    if jobs == 1 or len(chunks) <= 1:
        return _annotate_here(extractor, chunks)
    return _annotate_pooled(extractor, chunks, min(jobs, len(chunks)))


def _annotate_here(extractor: Extractor, chunks: list[list[RawArticle]]) -> Iterator[Annotation]:
    if chunks:
        use_one_torch_thread()
    for part in chunks:
        for raw, (ann, err) in zip(part, annotate_chunk(extractor, part), strict=True):
            yield Annotation(raw, ann, err)


def worker_config(config: ExtractConfig) -> ExtractConfig:
    """What a worker process runs with: the caller's NLP and learned settings, and no
    resolution state (a worker never resolves nor mints ids)."""
    return replace(config, resolution_path=None)


def _context(config: ExtractConfig, langs: Sequence[str]
             ) -> multiprocessing.context.BaseContext:
    """A `forkserver` that imports torch and Stanza and loads the `langs` pipelines, once.

    Never plain `fork` (the caller holds threads, locks and an open database). Against `spawn`,
    each worker saves importing torch, Stanza and the extract modules and loading the models
    (about 4 s of CPU for the three languages). A fork server already running (an earlier pool
    of this process) is reused as it is.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():  # pragma: no cover
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    previous = os.environ.get(PRELOAD_ENV)
    os.environ[PRELOAD_ENV] = base64.b64encode(pickle.dumps((config, list(langs)))).decode()
    try:
        forkserver.ensure_running()
    finally:
        if previous is None:
            os.environ.pop(PRELOAD_ENV, None)
        else:
            os.environ[PRELOAD_ENV] = previous
    return context


def warm_up(config: ExtractConfig, langs: Sequence[str]) -> None:
    """Start the fork server now, loading the `langs` pipelines in the background, so that the
    caller's own start-up (reading and language detection, the store, the lexicons) overlaps
    with the model loading instead of preceding it. Call it before `annotate_in_order` with
    jobs > 1; the pool then reuses this server."""
    _context(worker_config(config), sorted(set(langs)))


def _annotate_pooled(extractor: Extractor, chunks: list[list[RawArticle]],
                     jobs: int) -> Iterator[Annotation]:
    config = worker_config(extractor.config)
    context = _context(config, sorted({raw.lang for part in chunks for raw in part}))
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                               initializer=_init_worker, initargs=(config,))
    pending: deque[tuple[list[RawArticle],
                         Future[list[tuple[Annotated | None, Doc | None, str | None]]]]]
    pending = deque()
    todo = iter(chunks)
    try:
        for part in todo:
            pending.append((part, pool.submit(_prepare_in_worker, part)))
            if len(pending) >= jobs * AHEAD_PER_JOB:
                break
        while pending:
            part, future = pending.popleft()
            try:
                results = future.result()
            except BrokenProcessPool as exc:
                raise NLPWorkerFailed(
                    f"an NLP worker process died or failed to start ({exc}); see its error "
                    "above. Nothing of its batch was written: free memory or lower --jobs, then "
                    "run the command again (articles already written are replaced, not "
                    "duplicated).") from exc
            next_part = next(todo, None)
            if next_part is not None:
                pending.append((next_part, pool.submit(_prepare_in_worker, next_part)))
            for raw, (ann, doc, err) in zip(part, results, strict=True):
                yield Annotation(raw, ann, err, doc)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
