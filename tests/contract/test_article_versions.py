"""One Article per content, on every engine (issue 14): the same text from another source is
the same Article with one more source; a source given a new text replaces its older version."""

from __future__ import annotations

import pytest

from graph.store import GraphStore
from ingest.models import Article, Entity, Event, Extraction, Participant, Span
from ingest.reader import article_id

pytestmark = [pytest.mark.issue(14)]


def _extraction(text: str, source: str | None, person: str) -> Extraction:
    """One meeting between a fixed host and `person`, reported by an article with `text`."""
    host = Entity(id="person:test-host", type="Person", name="Test Host",
                  mentions=[Span(text="Test Host", start=0, end=9)])
    guest = Entity(id=f"person:{person}", type="Person", name=person.replace("-", " ").title())
    event = Event(id=f"event:{person}", kind="meeting", date="2031-02-03",
                  participants=[Participant(entity=host.id, role="host"),
                                Participant(entity=guest.id, role="guest")],
                  evidence=[Span(text=text[:20], start=0, end=20)])
    return Extraction(article=Article(id=article_id(text), lang="en", source=source, text=text,
                                      title=text.split(".")[0]),
                      entities=[host, guest], events=[event])


def _article(store: GraphStore, aid: str) -> dict:
    rows = store.run("article_meta", id=aid)
    return rows[0] if rows else {}


FIRST = "Test Host received the envoy of a far island on Monday. They talked about fisheries."
SECOND = "Test Host called a mountain republic's minister on Friday about water rights."


def test_same_text_from_two_sources_is_one_article(store: GraphStore) -> None:
    store.write_extraction(_extraction(FIRST, "/data/a/first.txt", "island-envoy"))
    store.write_extraction(_extraction(FIRST + "\n", "/elsewhere/first.txt", "island-envoy"))
    meta = _article(store, article_id(FIRST))
    assert meta["sources"] == ["/data/a/first.txt", "/elsewhere/first.txt"]
    assert meta["source"] == "/elsewhere/first.txt"
    assert meta["text"] == FIRST + "\n"
    assert len(store.run("events", limit=50)) == 1


def test_source_with_new_text_replaces_the_old_version(store: GraphStore) -> None:
    store.write_extraction(_extraction(FIRST, "/data/news.txt", "island-envoy"))
    store.write_extraction(_extraction(SECOND, "/data/news.txt", "mountain-minister"))
    assert _article(store, article_id(FIRST)) == {}
    assert _article(store, article_id(SECOND))["sources"] == ["/data/news.txt"]
    assert [e["event_id"] for e in store.run("events", limit=50)] == ["event:mountain-minister"]
    assert store.run("entity_profile", id="person:island-envoy") == []


def test_old_version_kept_while_another_source_still_holds_it(store: GraphStore) -> None:
    store.write_extraction(_extraction(FIRST, "/data/news.txt", "island-envoy"))
    store.write_extraction(_extraction(FIRST, "https://example.org/news/1", "island-envoy"))
    store.write_extraction(_extraction(SECOND, "/data/news.txt", "mountain-minister"))
    assert _article(store, article_id(FIRST))["sources"] == ["https://example.org/news/1"]
    assert _article(store, article_id(SECOND))["sources"] == ["/data/news.txt"]
    assert sorted(e["event_id"] for e in store.run("events", limit=50)) == [
        "event:island-envoy", "event:mountain-minister"]


def test_add_article_source(store: GraphStore) -> None:
    store.write_extraction(_extraction(FIRST, "/data/news.txt", "island-envoy"))
    store.write_extraction(_extraction(SECOND, "/data/other.txt", "mountain-minister"))
    assert store.add_article_source(article_id(FIRST), "/data/other.txt") is True
    assert _article(store, article_id(FIRST))["sources"] == ["/data/news.txt", "/data/other.txt"]
    assert _article(store, article_id(SECOND)) == {}  # its only source now holds FIRST
    assert store.add_article_source("article:0000000000000000", "/x") is False


def test_rewriting_changes_no_count(store: GraphStore) -> None:
    ext = _extraction(FIRST, "/data/news.txt", "island-envoy")
    store.write_extraction(ext)
    before = store.run("statistics")
    store.write_extraction(ext)
    store.write_extractions([ext, ext])
    assert store.run("statistics") == before


def test_delete_prunes_a_person_kept_only_by_their_own_country_link(store: GraphStore) -> None:
    ext = _extraction(SECOND, "/data/news.txt", "mountain-minister")
    guest = ext.entities[1].model_copy(update={"country": "country:XK"})
    ext = ext.model_copy(update={"entities": [ext.entities[0], guest,
                                              Entity(id="country:XK", type="Country",
                                                     name="Mountain Republic")]})
    store.write_extraction(ext)
    assert store.run("entity_profile", id="person:mountain-minister")
    assert store.delete_article(article_id(SECOND)) is True
    assert store.run("entity_profile", id="person:mountain-minister") == []
    assert store.run("entity_profile", id="country:XK") == []
    assert store.run("entity_profile", id="person:test-host") == []
