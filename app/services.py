"""The service layer: configs from Settings, one store and one extractor per process.

This is the only place that turns `Settings` into `ExtractConfig` and `StoreConfig`.
`Services` is shared by the HTTP app, the in-process worker and the CLI: in the embedded
default one process owns the LadybugDB store, so the API and the worker use the same
`Services` (threads). No Cypher here: queries go through `store.run(name, **params)`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import structlog

from app.cache import ResultCache, Touched
from app.settings import Settings
from graph.store import StoreConfig, open_store
from ingest.models import Extraction
from ingest.nlp import NLPConfig

if TYPE_CHECKING:
    from graph.store import GraphStore
    from ingest.annotator import AnnotatorProcess
    from ingest.pipeline import Extractor
    from ingest.reader import RawArticle

log = structlog.get_logger(__name__)


def store_config(settings: Settings, *, read_only: bool = False) -> StoreConfig:
    """The graph store configuration for these settings."""
    if settings.store == "neo4j":
        return StoreConfig(
            engine="neo4j",
            neo4j_uri=settings.neo4j_uri or "bolt://localhost:7687",
            neo4j_user=settings.neo4j_user,
            neo4j_password=settings.neo4j_password.get_secret_value(),
            neo4j_database=settings.neo4j_database,
            read_only=read_only,
        )
    return StoreConfig(engine="ladybug", path=settings.ladybug_path, read_only=read_only)


def nlp_config(settings: Settings) -> NLPConfig:
    return NLPConfig(models_dir=settings.models_dir,
                     allow_download=settings.allow_model_download,
                     expand_mwt=settings.expand_mwt)


def extract_config(settings: Settings) -> Any:
    """The extraction configuration for these settings (an `ingest.pipeline.ExtractConfig`)."""
    from ingest.pipeline import ExtractConfig

    return ExtractConfig(nlp=nlp_config(settings), resolution_path=settings.registry_location)


class ServicesClosed(RuntimeError):
    """A write was attempted after `Services.close()` (the process is shutting down)."""


class Services:
    """One graph store and one extractor, opened lazily, shared by threads of one process."""

    def __init__(self, settings: Settings, *, store: GraphStore | None = None,
                 extractor: Extractor | None = None, read_only: bool = False) -> None:
        self.settings = settings
        self._store = store
        self._owns_store = store is None
        self._extractor = extractor
        self._owns_extractor = extractor is None
        self._read_only = read_only
        self._lock = threading.RLock()
        self._write_lock = threading.Lock()
        # Results can be cached only where this process sees every write (embedded store).
        self._cache = ResultCache() if settings.store == "ladybug" else None
        self._on_write: list[Callable[[], None]] = []
        #: threads of the NLP models (None: torch's default, all cores); `serve` keeps a core
        #: for HTTP (`create_app(run_worker=True)`)
        self.nlp_threads: int | None = settings.nlp_threads
        #: run the NLP models in a child process (`serve`: the HTTP threads keep the GIL)
        self.nlp_in_child = False
        self._annotator: AnnotatorProcess | None = None
        self._closed = False

    # -- resources -------------------------------------------------------------------------
    @property
    def store(self) -> GraphStore:
        if self._store is None:
            with self._lock:
                self._check_open()
                if self._store is None:
                    if self.settings.store == "ladybug":
                        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
                    self._store = open_store(store_config(self.settings,
                                                          read_only=self._read_only))
                    log.info("store_opened", engine=self.settings.store)
        return self._store

    @property
    def store_opened(self) -> bool:
        return self._store is not None

    @property
    def extractor(self) -> Extractor:
        if self._extractor is None:
            with self._lock:
                if self._extractor is None:
                    from ingest.pipeline import Extractor

                    self.settings.data_dir.mkdir(parents=True, exist_ok=True)
                    if self.nlp_threads:
                        from ingest.nlp import set_threads

                        set_threads(self.nlp_threads)
                    self._extractor = Extractor(extract_config(self.settings))
                    log.info("extractor_ready")
        return self._extractor

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self, *, busy: bool = False, write_timeout: float = 30.0) -> None:
        """Close the store and the extractor, once; later writes raise `ServicesClosed`.

        The store is closed while holding the write lock, so a write in progress finishes
        (commits) first and none starts after. `busy=True` means a worker thread may still be
        extracting: the extractor it uses is then left open (the process is about to exit).
        """
        with self._lock:
            if self._closed:
                return
            self._closed = True
        locked = self._write_lock.acquire(timeout=write_timeout)
        try:
            with self._lock:
                if self._store is not None and self._owns_store:
                    self._store.close()
                    self._store = None
                if self._extractor is not None and self._owns_extractor and not busy:
                    self._extractor.close()
                    self._extractor = None
                if self._annotator is not None:  # busy: its article is not acknowledged
                    self._annotator.close(wait=not busy)
                    self._annotator = None
        finally:
            if locked:
                self._write_lock.release()
        log.info("services_closed", busy=busy)

    # -- reads -----------------------------------------------------------------------------
    def run(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run a catalog query, through the result cache where it is exact."""
        if self._cache is None:
            return self.store.run(name, **params)
        key = (name, tuple(sorted((k, _hashable(v)) for k, v in params.items())))
        rows = self._cache.get(key)
        if rows is None:
            rows = self.store.run(name, **params)
            self._cache.put(key, name, params, rows)
        return rows

    def get_extraction(self, article_id: str) -> Extraction | None:
        return self.store.get_extraction(article_id)

    # -- writes ----------------------------------------------------------------------------
    def ingest(self, raw: RawArticle, *,
               before_write: Callable[[], bool] | None = None) -> Extraction:
        """Extract one article and write its facts (one transaction); `before_write`, asked
        once the extraction is done, can veto the write (the article was deleted meanwhile)."""
        extraction = self.extract(raw)
        if before_write is None or before_write():
            self.write(extraction)
        return extraction

    def extract(self, raw: RawArticle) -> Extraction:
        """Extract one article; the NLP runs in the annotator process when there is one."""
        annotator = self._annotator_for_extract()
        if annotator is None:
            return self.extractor.extract(raw)
        from ingest.annotator import AnnotatorClosed

        try:
            annotated = annotator.annotate([raw])[0]
        except AnnotatorClosed as exc:
            raise ServicesClosed(str(exc)) from exc
        return self.extractor.extract_annotated(raw, annotated)

    def warm_up(self) -> None:
        """Load the extractor and every language's NLP models now (so the first article is
        fast): in the annotator process when `nlp_in_child`, else in this process."""
        extractor = self.extractor
        annotator = self._annotator_for_extract()
        if annotator is not None:
            annotator.warm_up()
            return
        from ingest.nlp import get_pipeline

        for lang in ("fr", "ar", "en"):
            get_pipeline(lang, extractor.config.nlp)

    def loaded_languages(self) -> list[str]:
        """The languages whose NLP models are loaded (in the annotator process, if any)."""
        if self._annotator is not None:
            return self._annotator.loaded_languages()
        from ingest.nlp import loaded_languages

        return loaded_languages()

    def _annotator_for_extract(self) -> AnnotatorProcess | None:
        if not self.nlp_in_child:
            return None
        with self._lock:
            self._check_open()
            if self._annotator is None:
                from ingest.annotator import AnnotatorProcess

                self._annotator = AnnotatorProcess(nlp_config(self.settings))
            return self._annotator

    def ingest_many(self, raws: Sequence[RawArticle]) -> list[Extraction]:
        extractions = self.extractor.extract_many(raws)
        for extraction in extractions:
            self.write(extraction)
        return extractions

    def write(self, extraction: Extraction) -> Any:
        """Write one article's facts; cached results it may change are dropped."""
        with self._write_lock:
            self._check_open()
            result = None
            try:
                result = self.store.write_extraction(extraction)
                return result
            finally:  # on failure the store may be partly written: drop everything
                self._invalidate(Touched.of(extraction, replaced=result is None
                                            or result.replaced))

    def add_article_source(self, article_id: str, source: str) -> bool:
        """Record another source of a stored article's text (see `GraphStore`); False when
        the article is absent or already lists it (nothing written)."""
        meta = self.store.run("article_meta", id=article_id)
        if not meta or source in (meta[0].get("sources") or []):
            return False
        with self._write_lock:
            self._check_open()
            try:
                return self.store.add_article_source(article_id, source)
            finally:
                self._invalidate(Touched(everything=True))

    def delete_article(self, article_id: str) -> bool:
        """Remove an article and the facts only it reported; cached results it fed are dropped."""
        with self._write_lock:
            self._check_open()
            old = self.store.get_extraction(article_id) if self._cache is not None else None
            try:
                return self.store.delete_article(article_id)
            finally:
                self._invalidate(Touched.of(old) if old is not None
                                 else Touched(everything=True))

    def _check_open(self) -> None:
        if self._closed:
            raise ServicesClosed("the store is closed: this process is shutting down")

    def _invalidate(self, touched: Touched) -> None:
        if self._cache is not None:
            self._cache.invalidate(touched)


def _hashable(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    return value
