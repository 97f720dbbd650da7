"""Learned decisions of extraction v2, on top of the rules' candidates.

The rules (`ingest.extract`) propose events, participants and candidate topics; the stages
here re-decide what hand-written rules get wrong, with small models trained on the annotated
gold sets (`python3 -m ingest.learn.train`, see MODELS.md) and shipped as JSON in `models/`:

- companions (a): is this person, named in the passage of an event but not put in it by the
  rules, a participant of it? (`companions.py`; trained with `--stages companions,...`, not
  shipped: the rules alone score higher, see MODELS.md)
- participants (a): is this person, found by the rules, a participant of that event?
  (`participants.py`; shipped: it drops a person named but absent, as the sender or the
  addressee of a message handed to someone else)
- topics (b): is this place, organisation, country or issue, named in the passage about an
  interaction, a topic of that event?
- events (c): are two events of different articles the same interaction? (`event_pairs.py`;
  applied when ids are minted, by the event index `ingest.identity.events`, not here)

`LearnedStages.apply(doc)` runs after the rule steps, before resolution and assembly. A model
file that is absent leaves the rules' decision unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ingest.extract.doc import Doc
from ingest.learn.model import BinaryModel, load_model


@dataclass
class LearnedStages:
    participants: BinaryModel | None = None
    topics: BinaryModel | None = None
    companions: BinaryModel | None = None
    events: BinaryModel | None = None  # (c), used when ids are minted (`ingest.pipeline`)

    @classmethod
    def load(cls, models_dir: Path | None = None) -> LearnedStages:
        return cls(participants=load_model("participants", models_dir),
                   topics=load_model("topics", models_dir),
                   companions=load_model("companions", models_dir),
                   events=load_model("events", models_dir))

    def apply(self, doc: Doc) -> None:
        if self.companions is not None and doc.events:
            from ingest.learn.companions import add_companions

            add_companions(doc, self.companions)
        if self.participants is not None and doc.events:
            from ingest.learn.participants import decide_participants

            decide_participants(doc, self.participants)
        if self.topics is not None and doc.events:
            decide_topics(doc, self.topics)


def decide_topics(doc: Doc, model: BinaryModel) -> None:
    """Replace each event's topics by the candidates the model accepts, in text order. A rule
    topic that is no candidate is dropped (the passage holds the event's sentence, so it is a
    word the candidates leave out on purpose: an issue word inside an office name).

    The model reads its features by name: one trained before features were added reads the
    ones it knows (and a feature it knows that is gone reads 0)."""
    from ingest.learn.features import TOPIC_FEATURES, topic_candidates

    cands = topic_candidates(doc)
    by_event: dict[int, list] = {}
    for c in cands:
        by_event.setdefault(c.event, []).append(c)
    read = _by_name(model.features, TOPIC_FEATURES)
    for ei, ev in enumerate(doc.events):
        mine = sorted(by_event.get(ei, []), key=lambda c: (c.first, c.entity))
        ev.topics = list(dict.fromkeys(c.entity for c in mine
                                       if model.decide(read(c.features))))


def _by_name(wanted: list[str], have: tuple[str, ...]):
    """A function from a vector in `have` order to one in `wanted` order (names missing: 0)."""
    if list(wanted) == list(have):
        return lambda x: x
    idx = {n: i for i, n in enumerate(have)}
    pos = [idx.get(n) for n in wanted]
    return lambda x: [0.0 if i is None else x[i] for i in pos]
