"""Learned decision (c): are two events, reported by different articles (in any language),
the same real-world interaction?

An event's base id (`ingest.pipeline.event_id`) is a hash of its kind family, its persons,
its month and, for a visit, the country visited; two reports of one meeting get two ids when
one of them misses or adds a participant, gives the day instead of the month (or a date in
the next month), calls it a visit instead of talks, or names the place and the other not.
Here: the `EventSketch` of an event (what the id is made of, plus its date precision, place,
topics and language), the candidate pairs (two events of different articles sharing a
person, of compatible kinds, with dates at most `MAX_GAP_DAYS` apart), their features
(`EVENT_FEATURES`), and the training material: pairs labelled from the gold `xid`s (each
gold event matched to the predicted event of its article as the scorer's dedup does). The
index that uses the model when ids are minted is `ingest.identity.events`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from ingest.extract.triggers import FAMILY

MAX_GAP_DAYS = 31
REMOTE = frozenset({"phone_call", "message"})  # kinds where the persons did not meet
VISIT_AND_TALKS = frozenset({"visit", "meet"})  # families of a visit and its talks

EVENT_FEATURES = (
    "shared", "shared_min", "jaccard", "unshared", "single_one", "single_both",
    "same_family", "same_kind", "visit_vs_meeting", "remote_vs_met", "date_gap",
    "date_overlap", "both_day", "same_month", "both_stated", "one_unstated", "place_agree",
    "place_disagree", "place_unknown", "topic_overlap", "same_lang",
)


@dataclass(frozen=True)
class EventSketch:
    """One event of one article, as the event index files it."""

    id: str                     # the base id (`event_id`)
    article: str                # the article id
    lang: str
    kind: str
    persons: tuple[str, ...]    # person ids, sorted
    date: str | None            # YYYY[-MM[-DD]]: the stated date, else the publication date
    stated: bool                # the date comes from the text
    country: str | None         # the country of the event's place (or the place), if any
    topics: tuple[str, ...] = ()

    @property
    def family(self) -> str:
        return FAMILY.get(self.kind, self.kind)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | bytes) -> EventSketch:
        d = json.loads(text)
        d["persons"], d["topics"] = tuple(d["persons"]), tuple(d["topics"])
        return cls(**d)


def sketch_of(event: dict, article: dict, country_of: dict[str, str | None]) -> EventSketch:
    """The sketch of one event of an extraction (`Event` and `Article` as dicts). Its date
    counts as stated when it is not the publication day (the date an undated event gets)."""
    place = event.get("place")
    country = None
    if place is not None:
        country = place if place.startswith("country:") else (country_of.get(place) or place)
    date = event.get("date")
    return EventSketch(id=event["id"], article=article["id"], lang=article.get("lang") or "",
                       kind=event["kind"],
                       persons=tuple(sorted({p["entity"] for p in event["participants"]})),
                       date=date, stated=bool(date) and date != (article.get("date") or "")[:10],
                       country=country, topics=tuple(sorted(set(event.get("topics", [])))))


def extraction_sketches(pred: dict, country_of: dict[str, str | None]) -> list[EventSketch]:
    """The sketches of every event of an extraction dict (`model_dump(mode="json")`)."""
    return [sketch_of(ev, pred["article"], country_of) for ev in pred.get("events", [])]


def date_span(iso: str | None) -> tuple[int, int] | None:
    """First and last day (ordinals) of a YYYY[-MM[-DD]] date; None when absent or malformed."""
    if not iso:
        return None
    try:
        parts = [int(x) for x in iso.split("-")]
        if len(parts) == 3:
            d = dt.date(*parts).toordinal()
            return d, d
        if len(parts) == 2:
            first = dt.date(parts[0], parts[1], 1)
            nxt = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
            return first.toordinal(), nxt.toordinal() - 1
        return dt.date(parts[0], 1, 1).toordinal(), dt.date(parts[0], 12, 31).toordinal()
    except (ValueError, TypeError):
        return None


def date_gap(a: EventSketch, b: EventSketch) -> int | None:
    """Days between the two dates' spans (0 when they overlap); None when one is undated."""
    sa, sb = date_span(a.date), date_span(b.date)
    if sa is None or sb is None:
        return None
    return max(0, sb[0] - sa[1], sa[0] - sb[1])


def kinds_compatible(a: EventSketch, b: EventSketch) -> bool:
    """Whether two reports' kinds can name one interaction: the same kind family (talks and
    meetings are one), or a visit against the talks held during it (a report that names only
    the visit, another only its meeting). An agreement, a call, a message or a conference is
    an interaction of its own beside the talks of the same persons on the same day."""
    return a.family == b.family or {a.family, b.family} == VISIT_AND_TALKS


def close(a: EventSketch, b: EventSketch) -> bool:
    """A candidate pair: different articles, a shared person, compatible kinds
    (`kinds_compatible`), dates close enough."""
    if a.article == b.article or not set(a.persons) & set(b.persons):
        return False
    if not kinds_compatible(a, b):
        return False
    gap = date_gap(a, b)
    return gap is not None and gap <= MAX_GAP_DAYS


def features(a: EventSketch, b: EventSketch) -> list[float]:
    """The feature vector of a pair (symmetric: `features(a, b) == features(b, a)`)."""
    pa, pb = set(a.persons), set(b.persons)
    shared, union = len(pa & pb), len(pa | pb)
    gap = date_gap(a, b)
    gap = MAX_GAP_DAYS + 1 if gap is None else min(gap, MAX_GAP_DAYS + 1)
    day_a, day_b = len(a.date or "") == 10, len(b.date or "") == 10
    meet = {"meet", "visit"}
    ta, tb = set(a.topics), set(b.topics)
    known = a.country is not None and b.country is not None
    return [
        float(shared), shared / max(1, min(len(pa), len(pb))), shared / max(1, union),
        float(union - shared), float(min(len(pa), len(pb)) == 1),
        float(len(pa) == 1 and len(pb) == 1),
        float(a.family == b.family), float(a.kind == b.kind),
        float(a.family != b.family and {a.family, b.family} == meet),
        float((a.kind in REMOTE) != (b.kind in REMOTE)),
        gap / MAX_GAP_DAYS, float(gap == 0), float(day_a and day_b and a.stated and b.stated),
        float((a.date or "")[:7] == (b.date or "")[:7] and len(a.date or "") >= 7),
        float(a.stated and b.stated), float(a.stated != b.stated),
        float(known and a.country == b.country), float(known and a.country != b.country),
        float(not known),
        len(ta & tb) / len(ta | tb) if ta | tb else 0.0, float(a.lang == b.lang),
    ]


def candidate_pairs(sketches: Sequence[EventSketch]) -> list[tuple[int, int]]:
    """Index pairs (i < j) of the candidate pairs among `sketches`."""
    by_person: dict[str, list[int]] = {}
    for i, s in enumerate(sketches):
        for p in s.persons:
            by_person.setdefault(p, []).append(i)
    seen: set[tuple[int, int]] = set()
    for ids in by_person.values():
        for x, i in enumerate(ids):
            for j in ids[x + 1:]:
                if (i, j) not in seen and close(sketches[i], sketches[j]):
                    seen.add((i, j))
    return sorted(seen)


# -- labels from the gold ---------------------------------------------------------------------
def event_xids(gold: dict, pred: dict, namer) -> dict[str, set[str]]:
    """The gold `xid`s each predicted event (by id) stands for in one article: every gold
    event with an xid goes to the predicted event sharing the most of its participants (at
    least two, or its one), ties by same kind then same date (the scorer's dedup matching)."""
    from ingest.learn.scorer import dedup_matches

    out: dict[str, set[str]] = {}
    for xid, best in dedup_matches(gold, pred, namer):
        if best is not None:
            out.setdefault(best, set()).add(xid)
    return out


def labelled_pairs(sketches: Sequence[EventSketch], xids: dict[tuple[str, str], set[str]]
                   ) -> list[tuple[int, int, int]]:
    """(i, j, label) for the candidate pairs whose two events both stand for gold xids:
    1 when they share one, else 0 (pairs with an event matching no gold xid are left out)."""
    out = []
    for i, j in candidate_pairs(sketches):
        xa = xids.get((sketches[i].article, sketches[i].id))
        xb = xids.get((sketches[j].article, sketches[j].id))
        if xa and xb:
            out.append((i, j, int(bool(xa & xb))))
    return out


def rows(sketches: Sequence[EventSketch], xids: dict[tuple[str, str], set[str]]
         ) -> tuple[list[list[float]], list[int], list[tuple[str, str]]]:
    """Feature rows, labels and the (article, article) of each labelled candidate pair."""
    X, y, arts = [], [], []
    for i, j, lab in labelled_pairs(sketches, xids):
        X.append(features(sketches[i], sketches[j]))
        y.append(lab)
        arts.append((sketches[i].article, sketches[j].article))
    return X, y, arts


def relabel(preds: Iterable[dict], mapping: dict[tuple[str, str], str]) -> list[dict]:
    """Copies of extraction dicts with each event id replaced by `mapping[(article, id)]`."""
    out = []
    for p in preds:
        art = p["article"]["id"]
        q = dict(p)
        q["events"] = [{**ev, "id": mapping.get((art, ev["id"]), ev["id"])}
                       for ev in p.get("events", [])]
        out.append(q)
    return out
