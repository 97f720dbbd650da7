"""Training and cross-validating the event-identity decision (c) (`event_pairs.py`), the
"events" stage of `python3 -m ingest.learn.train`.

The material is the extraction of the gold articles by the earlier stages (one person
registry, no event model: every event under its base id): the sketch of each event, the
gold xids it stands for (`event_pairs.event_xids`), the labelled candidate pairs. The
cross-validated figure is the scorer's dedup over all the articles in input order, each
article's ids minted by the model trained on the other folds (as `diplograph eval
--cross-validate` runs the stages); the rule (base ids only) is scored on the same run.
"""

# ruff: noqa: T201  (the training stage prints its figures)

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ingest.identity.events import EventIndex
from ingest.learn.event_pairs import EVENT_FEATURES, EventSketch, extraction_sketches, relabel
from ingest.learn.event_pairs import rows as pair_rows
from ingest.learn.fitting import SEED, fit, folds_of
from ingest.learn.model import BinaryModel
from ingest.learn.scorer import GoldNamer, prf, score_dedup

THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass
class EventMaterial:
    golds: list[dict]
    preds: list[dict]                       # extraction dicts, events under their base ids
    sketches: list[list[EventSketch]]       # per article
    xids: dict[tuple[str, str], set[str]]   # (article id, base id) -> gold xids

    def rows(self, keep: Sequence[int]) -> tuple[list[list[float]], list[int]]:
        flat = [s for i in keep for s in self.sketches[i]]
        X, y, _ = pair_rows(flat, self.xids)
        return X, y


def material(items: Sequence, learned, namer: GoldNamer | None = None) -> EventMaterial:
    """Extract `items` (train.Item) with `learned` less its event model."""
    from dataclasses import replace

    from ingest.extract.lexicons import get_lexicons
    from ingest.learn.event_pairs import event_xids
    from ingest.learn.train import extract_items

    golds = [i.gold for i in items]
    namer = namer or GoldNamer(golds)
    preds = extract_items(items, replace(learned, events=None))
    country_of = get_lexicons().country_of
    sketches = [extraction_sketches(p, country_of) for p in preds]
    xids: dict[tuple[str, str], set[str]] = {}
    for g, p in zip(golds, preds, strict=True):
        for eid, xs in event_xids(g, p, namer).items():
            xids[(p["article"]["id"], eid)] = xs
    return EventMaterial(golds, preds, sketches, xids)


def fit_events(mat: EventMaterial, keep: Sequence[int], threshold: float = 0.5,
               seed: int = SEED) -> BinaryModel | None:
    """The pair model fitted on the articles `keep`; None when their pairs are one class."""
    X, y = mat.rows(keep)
    if len(set(y)) < 2:
        return None
    return fit(X, y, "logreg", seed, threshold, EVENT_FEATURES)


def assign(mat: EventMaterial, keep: Sequence[int],
           model: BinaryModel | None | Sequence[BinaryModel | None]) -> list[dict]:
    """The predictions of the articles `keep`, ids minted in order by one in-memory index
    (with `model`, or with `model[i]` for article i when given one per article)."""
    index = EventIndex(None)
    mapping: dict[tuple[str, str], str] = {}
    for i in keep:
        m = model[i] if isinstance(model, Sequence) else model
        for base, eid in index.assign(mat.sketches[i], m).items():
            mapping[(mat.preds[i]["article"]["id"], base)] = eid
    return relabel([mat.preds[i] for i in keep], mapping)


def dedup_counts(mat: EventMaterial, keep: Sequence[int], preds: list[dict],
                 namer: GoldNamer) -> tuple[int, int, int]:
    golds = [mat.golds[i] for i in keep]
    by_id = {p["article"]["source"] or p["article"]["id"]: p for p in preds}
    d = score_dedup(golds, by_id, namer)
    return d["tp"], d["fp"], d["fn"]


def cross_validate(mat: EventMaterial, k: int = 5, thresholds: Sequence[float] = THRESHOLDS,
                   seed: int = SEED) -> dict[str, dict]:
    """Dedup P/R/F1 (and pair counts) of the rule and of the model at each threshold over all
    the articles in input order, each article's ids minted by the model trained on the other
    folds (as `diplograph eval --cross-validate` runs the stages)."""
    namer = GoldNamer(mat.golds)
    n = len(mat.golds)
    fold = folds_of(n, k, seed)
    per_fold = [fit_events(mat, [i for i in range(n) if fold[i] != f], 0.5, seed)
                for f in range(k)]
    out = {"rules": prf(*dedup_counts(mat, range(n), assign(mat, range(n), None), namer))}
    for t in thresholds:
        models = [None if m is None else BinaryModel(**{**m.__dict__, "threshold": t})
                  for m in per_fold]
        preds = assign(mat, range(n), [models[fold[i]] for i in range(n)])
        out[f"model@{t}"] = prf(*dedup_counts(mat, range(n), preds, namer))
    return out


def best_threshold(cv: dict[str, dict], thresholds: Sequence[float] = THRESHOLDS) -> float:
    """The threshold with the best cross-validated dedup F1 whose precision is no lower than
    the rule's (ties: fewer false merges, then the one nearest 0.5); 1.0 (no merge) when none.

    Precision, not the count of false merges: most of the rule's false merges are one event
    of an article standing for two gold interactions (a visit reported only through its
    talks, an agreement only through the meeting), so a right merge of that event across
    articles adds a false pair with each true one, and a bar on any added false pair turns
    the model off whenever the extraction conflates one more event."""
    rule_p = cv["rules"]["p"] or 0.0
    ok = [t for t in thresholds if (cv[f"model@{t}"]["p"] or 0.0) >= rule_p]
    if not ok:
        return 1.0
    return max(ok, key=lambda t: (cv[f"model@{t}"]["f1"], -cv[f"model@{t}"]["fp"],
                                  -abs(t - 0.5)))


def train(items: Sequence, final, namer: GoldNamer, folds: int = 5,
          seed: int = SEED) -> BinaryModel:
    """The events stage of `python3 -m ingest.learn.train`: material from the stages trained
    so far (the shipped ones for those not trained in this run), cross-validated dedup per
    threshold, the threshold (`best_threshold`), the model fitted on every article."""
    from ingest.learn import LearnedStages

    shipped = LearnedStages.load()
    base = LearnedStages(**{k: getattr(final, k) or getattr(shipped, k)
                            for k in ("companions", "participants", "topics")})
    mat = material(items, base, namer)
    X, y = mat.rows(range(len(items)))
    cv = cross_validate(mat, folds, seed=seed)
    th = best_threshold(cv)
    print(f"events: {len(y)} labelled candidate pairs ({sum(y)} positive)")
    for name, s in cv.items():
        print(f"  {folds}-fold dedup {name:<10} P {s['p']:.3f}  R {s['r']:.3f}  F1 {s['f1']:.3f}"
              f"  (tp {s['tp']}, fp {s['fp']}, fn {s['fn']})")
    model = fit_events(mat, range(len(items)), th, seed)
    if model is None:
        raise ValueError("events: the candidate pairs are of one class only")
    model.meta = {"candidates": len(y), "positives": sum(y), "cv_dedup": cv, "threshold": th,
                  "threshold_from": "cross-validated dedup, precision of the rule kept",
                  "folds": folds}
    return model


def card_lines(model: BinaryModel | None) -> list[str]:
    """The MODELS.md paragraph of the events decision (`ingest.learn.card`)."""
    if model is None:
        return ["Cross-article identity (c) is the rules' event id (kind family, "
                "participants, month); no `models/events.json` is shipped."]
    m = model.meta
    cv = m.get("cv_dedup", {})
    th = m.get("threshold", model.threshold)
    lines = [
        "**Event identity decision (c)**: `models/events.json`, logistic regression, "
        f"threshold {th} (the one with the best cross-validated dedup F1 whose precision is "
        "no lower than the rule's). Used when ids are minted (`ingest/identity/events.py`): an "
        "event whose base id (kind family, persons, month, visited country) is new takes the "
        "id of the best-scoring indexed event of another article sharing a person within "
        "31 days, of a compatible kind (the same family, or a visit against talks), when the "
        "score reaches the threshold.",
        "",
        f"- Data: {m.get('candidates')} labelled candidate pairs ({m.get('positives')} the same "
        "interaction): events of different articles sharing a person, of compatible kinds, "
        "dates at most 31 days apart, both matched to gold events with an `xid` as the "
        "scorer's dedup matches them. "
        f"Features ({len(model.features)}): shared persons (count, of the smaller, Jaccard, "
        "unshared), one-person events, same kind / family, visit against meeting, call or "
        "message against a meeting, date gap, "
        "overlap, both day-precise, same month, stated or publication dates, place country "
        "agrees / disagrees / unknown, topic overlap, same language.",
        "",
        f"Dedup of the scorer, {m.get('folds')} folds by article (each article's ids minted "
        "by the model trained on the other folds, all articles in input order):",
        "",
        "| ids | precision | recall | F1 | tp | fp | fn |", "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in ("rules", f"model@{th}"):
        s = cv.get(name)
        if s:
            label = "rules (base id)" if name == "rules" else f"model, threshold {th}"
            lines.append(f"| {label} | {s['p']} | {s['r']} | {s['f1']} | {s['tp']} | "
                         f"{s['fp']} | {s['fn']} |")
    return lines
