"""A cluster of names (one person within one article) resolved to its registry record: a
gazetteer entry listing one of its forms gives the conventional name (and thus the id);
otherwise the registry's evidence rules decide (`registry.Registry.resolve_person`)."""

from __future__ import annotations

from ingest.identity.gazetteer import PersonEntry, get_people
from ingest.identity.registry import PersonRecord, Registry


def resolve_cluster(registry: Registry, names: list[str]
                    ) -> tuple[PersonRecord, PersonEntry | None]:
    """The person `names` designate, and the gazetteer entry that named them (if any)."""
    entry = get_people().find(names)
    return registry.resolve_person(names, entry.name if entry else None), entry
