"""StoreConfig and open_store(): the one way to get a GraphStore (LadybugDB or Neo4j).

Engine modules are imported lazily, so importing `graph.store` loads neither engine library.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from graph.errors import StoreUnavailable
from graph.store.base import GraphStore, WriteResult

__all__ = ["GraphStore", "StoreConfig", "WriteResult", "open_store"]


@dataclass(frozen=True)
class StoreConfig:
    """How to open the graph store (built from Settings by `app/services.py`)."""

    engine: Literal["ladybug", "neo4j"] = "ladybug"
    path: Path | None = None  # LadybugDB database path (a file/dir inside the data dir)
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str = ""
    neo4j_database: str = "neo4j"
    read_only: bool = False


def open_store(config: StoreConfig) -> GraphStore:
    """Open the configured store, creating its schema when writable.

    Raises:
        StoreLocked: the LadybugDB directory is open read-write in another process.
        StoreUnavailable: bad configuration, or the engine cannot be reached.
    """
    if config.engine == "ladybug":
        from graph.store.ladybug import LadybugStore

        if config.path is None:
            raise StoreUnavailable("StoreConfig.path is required for the ladybug engine; "
                                   "set DIPLOGRAPH_DATA_DIR")
        return LadybugStore(config.path, read_only=config.read_only)
    if config.engine == "neo4j":
        from graph.store.neo4j import Neo4jStore

        if not config.neo4j_uri:
            raise StoreUnavailable("the neo4j engine needs a URI: set NEO4J_URI "
                                   "(e.g. bolt://localhost:7687)")
        return Neo4jStore(config.neo4j_uri, config.neo4j_user, config.neo4j_password,
                          config.neo4j_database, read_only=config.read_only)
    raise StoreUnavailable(f"unknown graph engine {config.engine!r}; use 'ladybug' or 'neo4j'")
