"""The service layer: configs from Settings, one store and one extractor per process.

This is the only place that turns `Settings` into `ExtractConfig` and `StoreConfig`.
`Services` is shared by the HTTP app, the in-process worker and the CLI: in the embedded
default one process owns the LadybugDB store, so the API and the worker use the same
`Services` (threads). No Cypher here: queries go through `store.run(name, **params)`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import structlog

from app.settings import Settings
from graph.store import StoreConfig, open_store
from ingest.models import Extraction
from ingest.nlp import NLPConfig

if TYPE_CHECKING:
    from graph.store import GraphStore
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


class _ResultCache:
    """Query results keyed by (name, params), dropped on every write (one process owns writes)."""

    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._items: OrderedDict[Any, list[dict[str, Any]]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> list[dict[str, Any]] | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: Any, value: list[dict[str, Any]]) -> None:
        with self._lock:
            self._items[key] = value
            if len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


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
        self._cache = _ResultCache() if settings.store == "ladybug" else None
        self._on_write: list[Callable[[], None]] = []
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
            self._cache.put(key, rows)
        return rows

    def get_extraction(self, article_id: str) -> Extraction | None:
        return self.store.get_extraction(article_id)

    # -- writes ----------------------------------------------------------------------------
    def ingest(self, raw: RawArticle) -> Extraction:
        """Extract one article and write its facts (one transaction)."""
        extraction = self.extractor.extract(raw)
        self.write(extraction)
        return extraction

    def ingest_many(self, raws: Sequence[RawArticle]) -> list[Extraction]:
        extractions = self.extractor.extract_many(raws)
        for extraction in extractions:
            self.write(extraction)
        return extractions

    def write(self, extraction: Extraction) -> Any:
        with self._write_lock:
            self._check_open()
            try:
                return self.store.write_extraction(extraction)
            finally:
                self._invalidate()

    def delete_article(self, article_id: str) -> bool:
        with self._write_lock:
            self._check_open()
            try:
                return self.store.delete_article(article_id)
            finally:
                self._invalidate()

    def _check_open(self) -> None:
        if self._closed:
            raise ServicesClosed("the store is closed: this process is shutting down")

    def _invalidate(self) -> None:
        if self._cache is not None:
            self._cache.clear()


def _hashable(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    return value
