"""The extract steps, in order: each declares what it reads and what it adds.

`build_steps()` checks that every step's inputs are produced by an earlier step (or the
article itself), like spaCy's pipeline analysis. `finishing_steps()` run after the learned
decisions (`ingest.learn`), on the events those leave. Step names are stable and recorded in each
Extraction's provenance; a change that alters output gets a new version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ingest.extract.doc import Doc


@dataclass(frozen=True)
class Step:
    name: str
    func: Callable[[Doc], None]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


class StepOrderError(ValueError):
    """A step needs something no earlier step produces."""


def _dates(doc: Doc) -> None:
    from ingest.extract.dates import PartialDate, find_tweets

    doc.tweets = find_tweets(doc.text)
    doc.ref_date = PartialDate.parse(doc.raw.date)
    if doc.ref_date is None and doc.tweets:
        doc.ref_date = max(doc.tweets, key=lambda t: t.date.iso()).date


def _registry() -> list[Step]:
    from ingest.extract import entities, events, persons, titles, visits
    from ingest.identity import clusters

    return [
        Step("reference_date.v1", _dates, ("text",), ("ref_date", "tweets")),
        Step("lexicon_entities.v1", entities.lexicon_entities, ("text",),
             ("matches", "topic_matches")),
        Step("ner_persons.v1", persons.ner_persons, ("ann", "matches"),
             ("persons", "other_entities")),
        Step("people_gazetteer.v1", persons.gazetteer_persons, ("persons", "matches"),
             ("persons",)),
        Step("title_rules.v1", titles.title_persons, ("persons", "matches"), ("persons",)),
        Step("surname_mentions.v1", persons.propagate_surnames, ("persons",), ("persons",)),
        Step("person_clusters.v1", clusters.cluster_persons, ("persons",),
             ("clusters", "main_actor", "title_map", "other_entities")),
        Step("events.v1", events.find_events,
             ("clusters", "main_actor", "title_map", "matches", "topic_matches", "ref_date",
              "tweets"), ("events",)),
        Step("implied_visits.v1", visits.implied_visits, ("events", "clusters", "matches"),
             ("events",)),
    ]


def finishing_steps() -> list[Step]:
    """The steps after the learned decisions, on the topics those gave: an implied meeting
    copies its source's (`implied.py`), a meeting told in part joins the fuller report."""
    from ingest.extract import implied, merging

    return [Step("implied_meetings.v1", implied.implied_meetings, ("events",), ("events",)),
            Step("partial_meetings.v1", merging.fold_partial_meetings, ("events",), ("events",))]


def build_steps(names: list[str] | None = None) -> list[Step]:
    """The registered steps (optionally a subset, by name), checked for order."""
    steps = _registry()
    if names is not None:
        by_name = {s.name: s for s in steps}
        steps = [by_name[n] for n in names]
    available = {"text", "ann", "raw"}
    for s in steps:
        missing = [r for r in s.requires if r not in available]
        if missing:
            raise StepOrderError(f"step {s.name!r} needs {missing}, which no earlier step "
                                 "assigns; reorder the steps")
        available.update(s.assigns)
    return steps


def run_steps(doc: Doc, steps: list[Step] | None = None) -> Doc:
    for step in build_steps() if steps is None else steps:
        step.func(doc)
    return doc
