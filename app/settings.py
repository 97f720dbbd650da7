"""Settings: the one place configuration is read (environment prefix DIPLOGRAPH_).

Only `app` reads Settings; `ingest` and `graph` take explicit configs built here.
Nothing is created at import time: call `get_settings()`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("diplograph"))


class Settings(BaseSettings):
    """diplograph configuration. Every field can be set as DIPLOGRAPH_<FIELD>."""

    model_config = SettingsConfigDict(
        env_prefix="DIPLOGRAPH_",
        env_file=".env",
        env_ignore_empty=True,
        extra="ignore",
        populate_by_name=True,
    )

    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="Folder for the embedded graph store, the queue and the resolution state.",
    )
    store: Literal["ladybug", "neo4j"] = Field(
        default="ladybug",
        description="Graph engine: 'ladybug' (embedded, default) or 'neo4j' (server).",
    )
    neo4j_uri: str | None = Field(
        default=None,
        validation_alias=AliasChoices("DIPLOGRAPH_NEO4J_URI", "NEO4J_URI"),
        description="Bolt URI of the Neo4j server, e.g. bolt://localhost:7687.",
    )
    neo4j_user: str = Field(
        default="neo4j",
        validation_alias=AliasChoices("DIPLOGRAPH_NEO4J_USER", "NEO4J_USER"),
        description="Neo4j user name.",
    )
    neo4j_password: SecretStr = Field(
        default=SecretStr(""),
        validation_alias=AliasChoices("DIPLOGRAPH_NEO4J_PASSWORD", "NEO4J_PASSWORD"),
        description="Neo4j password.",
    )
    neo4j_database: str = Field(default="neo4j", description="Neo4j database name.")
    queue_url: str | None = Field(
        default=None,
        description="Task queue: unset for SqliteHuey in the data dir, or redis://host:port/db.",
    )
    registry_url: str | None = Field(
        default=None,
        description="Where the person registry used by resolution lives, shared by every "
        "worker: redis://host:port/db, or unset for the queue's Redis when the queue is on "
        "Redis, else a SQLite file in the data dir.",
    )
    api_key: SecretStr | None = Field(
        default=None,
        description="Key required in the X-API-Key header for writes (POST/DELETE). "
        "Unset: writes are accepted only from loopback clients (127.0.0.1, ::1).",
    )
    read_requires_key: bool = Field(
        default=False, description="Also require the API key for reads."
    )
    host: str = Field(default="127.0.0.1", description="Address the HTTP server binds to.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port the HTTP server listens on.")
    models_dir: Path | None = Field(
        default=None,
        description="Folder of Stanza models to use instead of the bundled ones "
        "(official layout, like STANZA_RESOURCES_DIR).",
    )
    allow_model_download: bool = Field(
        default=False,
        description="Allow stanza.download() when no local model is found (off: fully offline).",
    )
    expand_mwt: bool = Field(
        default=False,
        description="Also run the multi-word-token expander (fr/en: 'du' -> 'de le'); NER tags "
        "tokens, so entities do not change and tagging is ~17% slower.",
    )
    nlp_threads: int | None = Field(
        default=None, ge=1, le=256,
        description="Threads the NLP models use in this process. Unset: all cores but one for "
        "`serve` (its HTTP server keeps a core while the in-process worker extracts), all "
        "cores elsewhere.",
    )
    nlp_process: bool = Field(
        default=True,
        description="`serve` runs the NLP models in one child process, so that extraction "
        "does not hold the interpreter the HTTP threads need (off: in the serve process).",
    )
    worker_retries: int = Field(default=3, ge=0, le=20, description="Retries of a failed ingest.")
    worker_retry_delay: float = Field(
        default=1.0, ge=0, description="Seconds between retries of a failed ingest."
    )
    worker_concurrency: int = Field(
        default=1, ge=1, le=64,
        description="Ingest tasks run at once by one worker (threads of `serve` or `worker`).",
    )
    shutdown_timeout: float = Field(
        default=5.0, ge=0, le=300,
        description="Seconds `serve` and `worker` wait at shutdown for an ingest in progress; "
                    "one still running is queued again at the next start.",
    )
    worker_lease: float = Field(
        default=30.0, ge=0.5, le=3600,
        description="Seconds an article in progress stays leased to its worker without a "
                    "heartbeat; a live worker queues it again once the lease has expired.",
    )
    worker_heartbeat: float = Field(
        default=5.0, gt=0, le=600,
        description="Seconds between two renewals of a worker's leases (below the lease).",
    )
    worker_reap_interval: float = Field(
        default=10.0, gt=0, le=600,
        description="Seconds between two checks, by every running worker, for expired leases.",
    )
    checkpoint_interval: float = Field(
        default=5.0, ge=0, le=3600,
        description="Seconds between two checkpoints of the embedded store while something "
                    "was written (`serve` and `worker`): writes newer than the last checkpoint "
                    "live only in graph.lbug.wal, so this bounds what a lost WAL loses. "
                    "0 disables them (the engine then checkpoints at 16 MiB of WAL and at a "
                    "clean stop).",
    )
    ready_probe_interval: float = Field(
        default=2.0, ge=0, le=60,
        description="Seconds `/ready` reuses its check that the store and the queue can be "
                    "written (a one-page write with fsync in the data dir, a queue write).",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="Logging level: DEBUG, INFO, WARNING or ERROR."
    )

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _heartbeat_below_lease(self) -> Settings:
        if self.worker_heartbeat >= self.worker_lease:
            raise ValueError(f"worker_heartbeat ({self.worker_heartbeat} s) must be below "
                             f"worker_lease ({self.worker_lease} s): set "
                             "DIPLOGRAPH_WORKER_HEARTBEAT to about a third of the lease")
        return self

    @field_validator("data_dir")
    @classmethod
    def _expand(cls, value: Path) -> Path:
        return value.expanduser()

    @property
    def ladybug_path(self) -> Path:
        return self.data_dir / "graph.lbug"

    @property
    def queue_path(self) -> Path:
        return self.data_dir / "queue.sqlite3"

    @property
    def resolution_path(self) -> Path:
        return self.data_dir / "resolution.sqlite3"

    @property
    def registry_location(self) -> str | Path:
        """The person registry: `registry_url`, else the queue's Redis, else the data dir."""
        if self.registry_url:
            return self.registry_url
        if self.queue_url and self.queue_url.startswith(("redis://", "rediss://", "unix://")):
            return self.queue_url
        return self.resolution_path


@lru_cache
def get_settings() -> Settings:
    return Settings()
