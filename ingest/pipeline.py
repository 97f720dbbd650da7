"""`Extractor`: RawArticle -> NLP -> extract steps -> resolution -> Extraction (the entry point).

One Extractor per process: it holds the lexicons and the resolution registry. Imports
nothing from `graph` or `app`; `ingest.nlp` (Stanza) is imported lazily on first use.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.annotated import Annotated
from ingest.extract import build_steps, finishing_steps, run_steps
from ingest.extract.doc import Doc
from ingest.extract.events import FAMILY
from ingest.extract.lexicons import get_lexicons
from ingest.identity.events import EventIndex
from ingest.identity.registry import Registry
from ingest.identity.resolution import resolve_cluster
from ingest.learn import LearnedStages
from ingest.models import Article, Entity, Event, Extraction, Participant, Span
from ingest.reader import RawArticle

try:  # the NLP engineer's module; absent in a bare checkout
    from ingest.nlp import NLPConfig
except ImportError:  # pragma: no cover
    @dataclass(frozen=True)
    class NLPConfig:  # type: ignore[no-redef]
        models_dir: Path | None = None
        allow_download: bool = False


# The entity type an id's prefix names (ids minted by the lexicons: `lexicons.py`).
_TYPE_OF_PREFIX = {"topic": "Topic", "organisation": "Organisation", "country": "Country",
                   "location": "Location"}


def event_id(kind_family: str, person_ids: list[str], date_key: str,
             place: str | None = None) -> str:
    """The stable id of an event, the same in every article that reports it (the dedup rule):
    `event:` + sha256 of kind family | sorted person ids | date key [| place key, for visits]
    (`event_key`), where the date key is the event's month (`YYYY-MM`, from a day or month
    date), else the publication month, else the article id."""
    parts = [kind_family, ",".join(sorted(set(person_ids))), date_key]
    if place is not None:
        parts.append(place)
    return "event:" + hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:16]


def event_key(kind: str, place: str | None,
              country_of: dict[str, str | None]) -> tuple[str, str | None]:
    """The kind family and place part of an event's id (`event_id`): talks and
    meetings are one family (an agreement signed at them stays an event of its own); a visit
    is keyed by the country visited, since one report names the city and another the
    country of the same trip."""
    family = FAMILY.get(kind, kind)
    if kind != "visit" or place is None:
        return family, None
    return family, country_of.get(place) or place


@dataclass
class ExtractConfig:
    """Settings-free configuration of the extractor (built by `app.services`)."""

    nlp: Any = field(default_factory=NLPConfig)
    # where the person registry lives: None = in memory, a path = SQLite, redis://… = Redis
    resolution_path: Path | str | None = None
    # the learned decisions (ingest/learn, shipped models); False = the rules alone
    learned: bool = True


class Extractor:
    """Holds lexicons and the resolution registry; extracts articles into Extractions."""

    def __init__(self, config: ExtractConfig | None = None) -> None:
        self.config = config or ExtractConfig()
        self.lex = get_lexicons()
        self.steps = build_steps()
        self.finishing = finishing_steps()
        self.registry = Registry(self.config.resolution_path)
        self.event_index = EventIndex(self.config.resolution_path)  # beside the registry
        self.learned = LearnedStages.load() if self.config.learned else LearnedStages()
        self._lock = threading.Lock()

    def close(self) -> None:
        self.registry.close()
        self.event_index.close()

    def annotate(self, raws: Sequence[RawArticle]) -> list[Annotated]:
        from ingest import nlp
        from ingest.errors import ModelNotFound

        out: list[Annotated | None] = [None] * len(raws)
        by_lang: dict[str, list[int]] = {}
        for i, r in enumerate(raws):
            by_lang.setdefault(r.lang, []).append(i)
        for lang, idx in by_lang.items():
            try:
                anns = nlp.annotate_many([raws[i].text for i in idx], lang, self.config.nlp)
            except ModelNotFound:
                raise
            except (OSError, FileNotFoundError) as e:
                raise ModelNotFound(f"no Stanza model for {lang!r} ({e})") from e
            for i, a in zip(idx, anns, strict=True):
                out[i] = a
        return [a for a in out if a is not None]

    def extract(self, raw: RawArticle) -> Extraction:
        return self.extract_many([raw])[0]

    def extract_many(self, raws: Sequence[RawArticle]) -> list[Extraction]:
        anns = self.annotate(raws)
        return [self.extract_annotated(r, a) for r, a in zip(raws, anns, strict=True)]

    def extract_annotated(self, raw: RawArticle, ann: Annotated) -> Extraction:
        """Extract from an article already through NLP (tests build `ann` by hand)."""
        return self.assemble(self.prepare(raw, ann))

    def prepare(self, raw: RawArticle, ann: Annotated) -> Doc:
        """What depends on the article alone: the rule steps, the learned decisions and the
        finishing steps (`ingest.extract.finishing_steps`).

        Reads no resolution state and mints no id, so any process may run it
        (`ingest.parallel` runs it in the NLP workers); `assemble` finishes the job.
        """
        doc = run_steps(Doc(raw=raw, ann=ann, lex=self.lex), self.steps)
        self.learned.apply(doc)
        return run_steps(doc, self.finishing)

    def assemble(self, doc: Doc) -> Extraction:
        """Resolve `doc`'s persons and build its Extraction: this mints the ids, so the
        articles of a run must reach it in input order, in one process or through the
        shared registry."""
        doc.lex = self.lex  # a Doc prepared in another process comes back without it
        with self._lock:
            return self._assemble(doc)

    def _assemble(self, doc: Doc) -> Extraction:
        lex = self.lex
        entities: dict[str, Entity] = {}

        def add(eid: str, etype: str, name: str, surface: str | None = None,
                span: tuple[int, int] | None = None, country: str | None = None) -> None:
            ent = entities.get(eid)
            if ent is None:
                ent = Entity(id=eid, type=etype, name=name, country=country)  # type: ignore[arg-type]
                entities[eid] = ent
            if surface and surface not in ent.aliases:
                ent.aliases.append(surface)
            if span:
                ent.mentions.append(Span(text=doc.text[span[0]:span[1]], start=span[0],
                                         end=span[1]))

        cluster_ids: dict[int, str] = {}
        for ci, c in enumerate(doc.clusters):
            rec, entry = resolve_cluster(self.registry, c.names)
            cluster_ids[ci] = rec.id
            represents = c.represents or (entry.represents if entry else None)
            for m in c.mentions:
                add(rec.id, "Person", rec.name, m.name, (m.start, m.end), represents)
            for a in rec.aliases:
                if a not in entities[rec.id].aliases:
                    entities[rec.id].aliases.append(a)
        for m in doc.matches + doc.other_entities:
            e = m.entry
            country = lex.country_of.get(e.id) if e.type == "Location" else None
            add(e.id, e.type, e.name, doc.text[m.start:m.end], (m.start, m.end), country)

        events: dict[str, Event] = {}
        for ev in doc.events:
            parts: list[Participant] = []
            for ref, role in ev.participants:
                pid = cluster_ids[int(ref.split(":")[1])]
                if all(p.entity != pid for p in parts):
                    parts.append(Participant(entity=pid, role=role))
            if not parts:
                continue
            if ev.place and ev.place not in entities:
                etype = "Country" if ev.place.startswith("country:") else "Location"
                add(ev.place, etype, lex.names.get(ev.place, ev.place.split(":", 1)[1]),
                    country=lex.country_of.get(ev.place))
            for t in ev.topics:  # a topic no mention of the article names (a cue word)
                if t not in entities:
                    add(t, _TYPE_OF_PREFIX.get(t.split(":", 1)[0], "Location"),
                        lex.names.get(t, t.split(":", 1)[1]),
                        country=lex.country_of.get(t))
            if ev.date is not None:
                key = ev.date.month_key()
            elif doc.ref_date is not None:
                key = doc.ref_date.month_key()
            else:
                key = "article:" + doc.raw.id
            fam, place_key = event_key(ev.kind, ev.place, lex.country_of)
            eid = event_id(fam, [p.entity for p in parts], key, place_key)
            evidence = [Span(text=doc.text[s:e], start=s, end=e) for s, e in ev.evidence]
            if eid in events:  # two in-article candidates collapsing onto one id
                old = events[eid]
                old.topics = list(dict.fromkeys(old.topics + ev.topics))
                old.evidence += [x for x in evidence if x not in old.evidence]
                old.place = old.place or ev.place
                continue
            date = ev.date or doc.ref_date  # none stated: the day of the report
            events[eid] = Event(id=eid, kind=ev.kind, date=date.iso() if date else None,
                                place=ev.place, participants=parts, topics=list(ev.topics),
                                evidence=evidence)
        events = self._cross_article(doc, events)
        for ent in entities.values():
            ent.mentions.sort(key=lambda s: s.start)
        raw = doc.raw
        return Extraction(
            article=Article(id=raw.id, lang=raw.lang, date=raw.date, title=raw.title,
                            source=raw.source, outlet=raw.outlet, text=raw.text),
            entities=sorted(entities.values(), key=lambda e: (e.type, e.id)),
            events=sorted(events.values(), key=lambda e: (e.date or "", e.id)),
            provenance={"steps": ",".join(s.name for s in self.steps + self.finishing),
                        "extractor": "diplograph-ingest/0.1"},
        )

    def _cross_article(self, doc: Doc, events: dict[str, Event]) -> dict[str, Event]:
        """The events under their cross-article ids (`ingest.identity.events`): an event that
        another article reported keeps that report's id; two events of the article ending on
        one id collapse. Without the learned pair model, every id stays its base id."""
        model = self.learned.events
        if model is None or not events:
            return events
        from ingest.learn.event_pairs import sketch_of

        art = {"id": doc.raw.id, "lang": doc.raw.lang, "date": doc.raw.date}
        sketches = [sketch_of(e.model_dump(include={"id", "kind", "date", "place",
                                                    "participants", "topics"}),
                              art, self.lex.country_of) for e in events.values()]
        ids = self.event_index.assign(sketches, model)
        out: dict[str, Event] = {}
        for base, ev in events.items():
            eid = ids.get(base, base)
            old = out.get(eid)
            if old is None:
                out[eid] = ev.model_copy(update={"id": eid})
                continue
            old.topics = list(dict.fromkeys(old.topics + ev.topics))
            old.evidence += [x for x in ev.evidence if x not in old.evidence]
            old.place = old.place or ev.place
            old.participants += [p for p in ev.participants
                                 if all(q.entity != p.entity for q in old.participants)]
        return out


def extract_files(extractor: Extractor, paths: Sequence[Path], *, lang: str | None = None,
                  date: str | None = None) -> list[Extraction | Exception]:
    """Read and extract every article of every file; per-article errors come back as values.

    An unreadable file (empty, binary, undecodable, too large, unsupported language) yields
    one IngestError naming it; the other files are still processed.
    """
    from ingest.errors import IngestError
    from ingest.reader import read_articles

    items: list[RawArticle | Exception] = []
    for path in paths:
        try:
            items.extend(read_articles(Path(path), lang=lang, date=date))
        except IngestError as e:
            items.append(e)
    raws = [i for i in items if isinstance(i, RawArticle)]
    done = iter(extractor.extract_many(raws)) if raws else iter(())
    return [next(done) if isinstance(i, RawArticle) else i for i in items]
