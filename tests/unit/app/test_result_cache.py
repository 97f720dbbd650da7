"""The result cache drops what a write touches, not everything (issue 14)."""

from __future__ import annotations

import pytest

from app.cache import ResultCache, Touched
from ingest.models import Article, Entity, Event, Extraction, Participant

pytestmark = [pytest.mark.issue(14)]


def _write(*people: str, aliases: tuple[str, ...] = ()) -> Extraction:
    ents = [Entity(id=f"person:{p}", type="Person", name=p.replace("-", " ").title(),
                   aliases=list(aliases)) for p in people]
    ev = Event(id="event:" + "-".join(people), kind="meeting",
               participants=[Participant(entity=e.id) for e in ents])
    return Extraction(article=Article(id="article:00000000000000ab", lang="en"),
                      entities=ents, events=[ev])


@pytest.fixture
def cache() -> ResultCache:
    c = ResultCache()
    c.put("a", "who_met", {"person": "person:north-envoy"},
          [{"person": {"id": "person:east-minister"}, "event_id": "event:one"}])
    c.put("b", "subgraph", {"center": "person:south-envoy", "depth": 1},
          [{"id": "person:south-envoy"}, {"id": "event:two"}])
    c.put("c", "events", {"kind": "meeting"}, [{"event_id": "event:one"}])
    c.put("d", "entity_profile", {"id": "Oceanic Delegate"}, [])
    return c


def test_write_drops_results_tagged_with_a_touched_id(cache: ResultCache) -> None:
    dropped = cache.invalidate(Touched.of(_write("east-minister", "west-minister")))
    assert dropped == 3  # a (its row names east-minister), c (a list), d (no id)
    assert cache.get("b") is not None
    assert cache.get("a") is None and cache.get("c") is None


def test_untouched_neighbourhood_survives(cache: ResultCache) -> None:
    cache.invalidate(Touched.of(_write("far-traveller", "west-minister")))
    assert cache.get("a") is not None and cache.get("b") is not None
    assert cache.get("c") is None  # lists may gain rows from any write


def test_a_new_alias_matching_a_name_parameter_drops_it() -> None:
    c = ResultCache()
    c.put("p", "entity_profile", {"id": "Océanique"}, [{"id": "person:someone", "name": "X"}])
    c.invalidate(Touched.of(_write("island-delegate", aliases=("المندوب", "Délégué Océanique"))))
    assert c.get("p") is None


def test_a_replacing_write_drops_everything(cache: ResultCache) -> None:
    cache.invalidate(Touched.of(_write("far-traveller"), replaced=True))
    assert len(cache) == 0


def test_lru_bound_and_index_stay_consistent() -> None:
    c = ResultCache(size=2)
    for i in range(5):
        c.put(i, "event", {"id": f"event:{i}"}, [{"id": f"event:{i}"}])
    assert len(c) == 2 and c.get(0) is None and c.get(4) is not None
    assert c.invalidate(Touched(ids=frozenset({"event:4"}))) == 1
    assert len(c) == 1
