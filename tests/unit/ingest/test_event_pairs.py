"""Cross-article event identity (issue 12, decision c): the learned pair model and the event
index that uses it when ids are minted. Events and articles written for the test (persons of
our own invention), the shipped model `ingest/learn/models/events.json`."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import replace

import pytest

from ingest.annotated import Annotated
from ingest.identity.events import EventIndex
from ingest.learn.event_pairs import EVENT_FEATURES, EventSketch, candidate_pairs, features
from ingest.learn.model import BinaryModel, load_model
from ingest.pipeline import ExtractConfig, Extractor
from ingest.reader import raw_article_from_text

pytestmark = [pytest.mark.issue(12)]

HADDAD, LINDQVIST = "person:karim-haddad", "person:tomas-lindqvist"
BERGLUND = "person:oskar-berglund"
NUAIMI, OKAFOR = "person:salim-al-nuaimi", "person:adaeze-okafor"


@pytest.fixture(scope="module")
def model() -> BinaryModel:
    m = load_model("events")
    if m is None:
        pytest.skip("no shipped event model (ingest/learn/models/events.json)")
    return m


def ev(base: str, article: str, lang: str, kind: str, persons: Sequence[str], date: str,
       stated: bool = True, country: str | None = None) -> EventSketch:
    return EventSketch(id=f"event:{base}", article=article, lang=lang, kind=kind,
                       persons=tuple(sorted(persons)), date=date, stated=stated,
                       country=country)


# the same meeting: French with the day, Arabic with the month only, English with a third,
# spurious participant; then another meeting of the same pair five months later (the ids are
# the index's keys: what makes two base ids differ is tested through the pipeline below)
DAY = ev("a-day", "art-fr", "fr", "meeting", [HADDAD, LINDQVIST], "2031-04-30",
         country="country:TN")
MONTH = ev("a-month", "art-ar", "ar", "talks", [HADDAD, LINDQVIST], "2031-04")
EXTRA = ev("a-extra", "art-en", "en", "meeting", [HADDAD, LINDQVIST, BERGLUND], "2031-04-30",
           country="country:TN")
LATER = ev("a-later", "art-en2", "en", "meeting", [HADDAD, LINDQVIST], "2031-09-22")
VISIT = ev("a-visit", "art-fr2", "fr", "visit", [NUAIMI], "2031-04-30", country="country:SN")
OTHER = ev("a-other", "art-ar2", "ar", "meeting", [NUAIMI, OKAFOR], "2031-06-02",
           country="country:NG")


def ids_of(index: EventIndex, model: BinaryModel | None,
           articles: Sequence[Sequence[EventSketch]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for sketches in articles:
        out.update(index.assign(sketches, model))
    return out


def partition(ids: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for base, eid in ids.items():
        groups.setdefault(eid, set()).add(base)
    return {frozenset(g) for g in groups.values()}


def test_features_are_symmetric_and_named() -> None:
    for a, b in itertools.permutations([DAY, MONTH, EXTRA, VISIT], 2):
        assert features(a, b) == features(b, a)
        assert len(features(a, b)) == len(EVENT_FEATURES)


def test_candidates_share_a_person_within_a_month_across_articles() -> None:
    pairs = candidate_pairs([DAY, MONTH, EXTRA, LATER, VISIT, OTHER])
    assert (0, 1) in pairs and (0, 2) in pairs and (1, 2) in pairs
    assert (0, 3) not in pairs  # five months apart
    assert all(5 not in p for p in pairs)  # no person shared with anything close
    assert not candidate_pairs([DAY, replace(MONTH, article=DAY.article)])  # one article


def test_candidates_need_kinds_that_can_name_one_interaction(model: BinaryModel) -> None:
    # talks and the agreement signed at them, a message handed over the same day, a visit
    signed = ev("k-agr", "art-en", "en", "agreement", [HADDAD, LINDQVIST], "2031-04-30",
                country="country:TN")
    message = ev("k-msg", "art-ar", "ar", "message", [HADDAD, LINDQVIST], "2031-04-30")
    visit = ev("k-visit", "art-ar2", "ar", "visit", [LINDQVIST], "2031-04-30",
               country="country:TN")
    pairs = candidate_pairs([DAY, signed, message, visit])
    assert (0, 3) in pairs  # the visit against the talks held during it
    assert not {(0, 1), (0, 2), (1, 2), (1, 3), (2, 3)} & set(pairs)
    ids = ids_of(EventIndex(None), model, [[DAY], [signed], [message]])
    assert len(set(ids.values())) == 3  # same persons, same day: three interactions


def test_same_meeting_with_day_or_month_date_is_one_event(model: BinaryModel) -> None:
    ids = ids_of(EventIndex(None), model, [[DAY], [MONTH]])
    assert ids[MONTH.id] == ids[DAY.id] == DAY.id


def test_same_meeting_with_an_extra_participant_is_one_event(model: BinaryModel) -> None:
    ids = ids_of(EventIndex(None), model, [[DAY], [EXTRA]])
    assert ids[EXTRA.id] == DAY.id


def test_meetings_months_apart_and_other_pairs_stay_apart(model: BinaryModel) -> None:
    ids = ids_of(EventIndex(None), model, [[DAY], [LATER], [VISIT], [OTHER]])
    assert len(set(ids.values())) == 4
    # a visit and a meeting of another pair, same person, same day: no shared counterpart
    visit = ev("b-visit", "art-1", "en", "visit", [HADDAD], "2031-04-30", country="country:SN")
    other = ev("b-meet", "art-2", "fr", "meeting", [NUAIMI, OKAFOR], "2031-04-30",
               country="country:SN")
    ids = ids_of(EventIndex(None), model, [[visit], [other]])
    assert ids[visit.id] != ids[other.id]


def test_without_a_model_every_event_keeps_its_base_id() -> None:
    ids = ids_of(EventIndex(None), None, [[DAY], [MONTH], [EXTRA]])
    assert ids == {s.id: s.id for s in (DAY, MONTH, EXTRA)}


def test_two_input_orders_give_the_same_partition(model: BinaryModel) -> None:
    articles = [[DAY], [MONTH], [EXTRA], [LATER], [VISIT, ev("c", "art-fr2", "fr", "talks",
                                                             [NUAIMI, OKAFOR], "2031-05-01")]]
    first = partition(ids_of(EventIndex(None), model, articles))
    second = partition(ids_of(EventIndex(None), model, articles[::-1]))
    assert first == second
    assert frozenset({DAY.id, MONTH.id, EXTRA.id}) in first


def test_one_article_never_merges_its_own_events(model: BinaryModel) -> None:
    twin = replace(DAY, id="event:a-twin")
    ids = ids_of(EventIndex(None), model, [[DAY, twin]])
    assert ids[DAY.id] != ids[twin.id]


def test_sqlite_and_memory_backends_agree_and_persist(model: BinaryModel, tmp_path) -> None:
    articles = [[DAY], [LATER], [MONTH], [VISIT], [EXTRA], [OTHER]]
    memory = ids_of(EventIndex(None), model, articles)
    path = tmp_path / "resolution.sqlite3"
    index = EventIndex(path)
    try:
        assert ids_of(index, model, articles) == memory
    finally:
        index.close()
    reopened = EventIndex(path)  # a later process: known events keep their ids
    try:
        assert ids_of(reopened, model, articles[::-1]) == memory
    finally:
        reopened.close()


def test_redis_backend_agrees_and_is_shared(model: BinaryModel, redis_url: str) -> None:
    """Two indexes on one Redis (two workers) mint the ids one in-memory index mints."""
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    articles = [[DAY], [LATER], [MONTH], [VISIT], [EXTRA], [OTHER]]
    memory = ids_of(EventIndex(None), model, articles)
    one, two = EventIndex(redis_url), EventIndex(redis_url)
    try:
        got = {}
        for i, sketches in enumerate(articles):  # the articles shared out between two workers
            got.update((one if i % 2 else two).assign(sketches, model))
        assert got == memory
        assert ids_of(one, model, articles[::-1]) == memory  # known events keep their ids
    finally:
        one.close()
        two.close()
        redis.Redis.from_url(redis_url).flushdb()


# -- through the pipeline ------------------------------------------------------------------
TEXTS = {  # one meeting reported with its day in French and with the next day elsewhere
    "fr": ("2031-05-02", "Le ministre des Affaires étrangères Karim Haddad s'est entretenu le "
                         "30 avril à Tunis avec son homologue, M. Tomas Lindqvist."),
    "en": ("2031-05-02", "Foreign Minister Karim Haddad met his counterpart Mr. Tomas Lindqvist "
                         "on May 1 in Tunis."),
    "ar": ("2031-05-02", "التقى وزير الخارجية كريم حداد يوم 1 مايو نظيره السيد توماس ليندكفيست "
                         "في تونس."),
}


@pytest.fixture()
def extractor(tmp_path) -> Iterator[Extractor]:
    x = Extractor(ExtractConfig(resolution_path=tmp_path / "resolution.sqlite3"))
    yield x
    x.close()


def _meeting_ids(x: Extractor, lang: str) -> list[str]:
    date, text = TEXTS[lang]
    raw = raw_article_from_text(text, lang=lang, date=date, source=f"test-{lang}")
    ext = x.extract_annotated(raw, Annotated(text=text, lang=lang))
    return sorted(e.id for e in ext.events
                  if {p.entity for p in e.participants} == {HADDAD, LINDQVIST})


def test_pipeline_reuses_the_id_across_months_and_stays_idempotent(
        extractor: Extractor, model: BinaryModel) -> None:
    extractor.learned = replace(extractor.learned, events=None)
    base = {lang: _meeting_ids(extractor, lang) for lang in TEXTS}
    assert len(base["fr"]) == len(base["en"]) == len(base["ar"]) == 1
    assert base["fr"] != base["en"] == base["ar"]  # April vs May: two base ids
    extractor.learned = replace(extractor.learned, events=model)
    got = {lang: _meeting_ids(extractor, lang) for lang in TEXTS}
    assert got["fr"] == got["en"] == got["ar"] == base["fr"]
    # re-ingesting (in another order) changes nothing
    assert {lang: _meeting_ids(extractor, lang) for lang in ("ar", "en", "fr")} == got


def test_threshold_keeps_the_precision_of_the_rule() -> None:
    from ingest.learn.event_stage import best_threshold
    from ingest.learn.scorer import prf

    cv = {"rules": prf(40, 30, 60), "model@0.4": prf(70, 70, 30),  # best F1, precision lost
          "model@0.5": prf(55, 35, 45), "model@0.6": prf(50, 30, 50)}
    assert best_threshold(cv, (0.4, 0.5, 0.6)) == 0.5  # more false pairs, higher precision
    cv["model@0.5"] = prf(55, 45, 45)
    assert best_threshold(cv, (0.4, 0.5, 0.6)) == 0.6
    assert best_threshold({**cv, "model@0.6": prf(41, 40, 59)}, (0.4, 0.5, 0.6)) == 1.0
