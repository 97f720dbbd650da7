"""GraphError and its subclasses: every failure of the graph layer, each with a stable `code`.

Foreign exceptions (ladybug, neo4j, pydantic) are caught in the module that imports the
library and re-raised as one of these `from e`.
"""

from __future__ import annotations


class GraphError(Exception):
    """Root of every graph-layer error."""

    code = "graph_error"

    def __init__(self, message: str, *, errors: list[dict] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or []


class QueryNotFound(GraphError):
    """A catalog query name that does not exist."""

    code = "query_not_found"


class InvalidQueryParams(GraphError):
    """Parameters that do not fit a catalog query's params model."""

    code = "invalid_query_params"


class InvalidExtraction(GraphError):
    """An Extraction that cannot be written (e.g. a reference to an id of unknown type)."""

    code = "invalid_extraction"


class StoreLocked(GraphError):
    """The embedded store is already opened read-write by another process."""

    code = "store_locked"


class StoreUnavailable(GraphError):
    """The store cannot be opened or reached, or a query failed inside the engine."""

    code = "store_unavailable"
