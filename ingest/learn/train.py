"""Train the learned decisions from annotated gold sets and ship them as JSON package data.

    python3 -m ingest.learn.train                      # trainset -> ingest/learn/models/
    python3 -m ingest.learn.train --select ../shared/devset/articles.jsonl --cache /tmp/ann.jsonl

Reads the gold records (texts are read at run time, never copied), runs Stanza once (cached
with `--cache`), runs the rule steps, builds candidates and features, labels them from the gold
(`labels.py`), reports K-fold cross-validated scores (folds by article), fits on everything,
writes `models/companions.json`, `models/participants.json`, `models/topics.json` and
`models/events.json`, and rewrites the learned section of MODELS.md. Stages run in order
(companions: who else named in the passage takes part; participants: who of the rules'
participants stays; topics; events: which events of different articles are one interaction,
`event_stage.py`), each trained on the events the earlier ones leave; with `--select`, the
participant thresholds are the ones with the best pairs F1 on the selection set. Seeded and
deterministic.
"""

# ruff: noqa: T201  (a command-line script: it prints its figures)

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest.annotated import Annotated
from ingest.extract import build_steps, run_steps
from ingest.extract.doc import Doc
from ingest.extract.lexicons import get_lexicons
from ingest.learn import LearnedStages
from ingest.learn.companions import COMPANION_FEATURES, add_companions, companion_candidates
from ingest.learn.features import TOPIC_FEATURES, topic_candidates
from ingest.learn.fitting import SEED, _prf, fit, folds_of
from ingest.learn.labels import companion_labels, participant_labels, topic_labels
from ingest.learn.model import MODELS_DIR, BinaryModel
from ingest.learn.participants import (
    PARTICIPANT_FEATURES,
    decide_participants,
    participant_candidates,
)
from ingest.learn.scorer import GoldNamer
from ingest.reader import RawArticle

__all__ = ["Item", "cross_validate", "extract_items", "fit", "folds_of", "load_items",
           "train_stages"]

DEFAULT_GOLD = "../shared/trainset/articles.jsonl"
REPO_MODELS_MD = Path(__file__).resolve().parents[2] / "MODELS.md"
THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
SELECT_THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45)
PAIR_THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
STAGES = ("companions", "participants", "topics", "events")  # what can be trained, in order
# trained by default and shipped (MODELS.md); companions: not shipped, the rules score higher
SHIPPED = ("participants", "topics", "events")


@dataclass
class Item:
    gold: dict
    raw: RawArticle
    ann: Annotated


def load_items(gold_paths: Sequence[str | Path], cache: str | Path | None = None,
               progress: Callable[[int], None] | None = None) -> list[Item]:
    """Gold records with their articles and NLP output (Stanza runs once per text)."""
    from ingest.learn.corpus import annotate_cached, gold_articles, load_gold
    from ingest.pipeline import ExtractConfig, Extractor

    golds, raws = [], []
    for p in gold_paths:
        g = load_gold(p)
        golds += g
        raws += gold_articles(g, p)
    extractor = Extractor(ExtractConfig(learned=False))
    try:
        anns = annotate_cached(extractor, raws, cache, progress)
    finally:
        extractor.close()
    return [Item(g, r, a) for g, r, a in zip(golds, raws, anns, strict=False)]


def rule_doc(item: Item, participants: BinaryModel | None = None,
             companions: BinaryModel | None = None) -> Doc:
    """The article after the rule steps (and the participant stages, when given)."""
    doc = run_steps(Doc(raw=item.raw, ann=item.ann, lex=get_lexicons()), build_steps())
    if companions is not None and doc.events:
        add_companions(doc, companions)
    if participants is not None:
        decide_participants(doc, participants)
    return doc


Rows = tuple[list[list[float]], list[int], list[int]]


def stage_rows(items: Sequence[Item], stage: str, namer: GoldNamer,
               participants: BinaryModel | None = None,
               companions: BinaryModel | None = None) -> Rows:
    """Feature rows, labels and article indexes of every labelled candidate of a stage (each
    stage sees the events the earlier ones leave: companions, participants, topics)."""
    X, y, groups = [], [], []
    for ai, item in enumerate(items):
        if stage == "companions":
            doc = rule_doc(item)
            cands = companion_candidates(doc)
            labels = companion_labels(doc, cands, item.gold, namer)
        elif stage == "participants":
            doc = rule_doc(item, companions=companions)
            cands = participant_candidates(doc)
            labels = participant_labels(doc, cands, item.gold, namer)
        else:
            doc = rule_doc(item, participants, companions)
            cands = topic_candidates(doc)
            labels = topic_labels(doc, cands, item.gold, namer)
        for c, lab in zip(cands, labels, strict=False):
            if lab is not None:
                X.append(c.features)
                y.append(lab)
                groups.append(ai)
    return X, y, groups


def _features(stage: str) -> tuple[str, ...]:
    return {"participants": PARTICIPANT_FEATURES,
            "companions": COMPANION_FEATURES}.get(stage, TOPIC_FEATURES)


def train_stages(items: Sequence[Item], thresholds: dict[str, float], kind: str = "logreg",
                 stages: Sequence[str] = SHIPPED, seed: int = SEED,
                 namer: GoldNamer | None = None, *, rules_if_one_class: bool = False
                 ) -> LearnedStages:
    """Fit the stages on `items` (participants first: topics learn from the events it keeps).

    A stage whose candidates in `items` are all of one class cannot be learned: an error,
    unless `rules_if_one_class` (a small cross-validation fold), where it runs by the rules.
    """
    namer = namer or GoldNamer([i.gold for i in items])
    out = LearnedStages()

    def learn(X: list[list[float]], y: list[int], stage: str,
              features: Sequence[str]) -> BinaryModel | None:
        if rules_if_one_class and len(set(y)) < 2:
            return None
        return fit(X, y, kind, seed, thresholds[stage], features)

    if "companions" in stages:
        X, y, _ = stage_rows(items, "companions", namer)
        out.companions = learn(X, y, "companions", COMPANION_FEATURES)
    if "participants" in stages:
        X, y, _ = stage_rows(items, "participants", namer, companions=out.companions)
        out.participants = learn(X, y, "participants", PARTICIPANT_FEATURES)
    if "topics" in stages:
        X, y, _ = stage_rows(items, "topics", namer, out.participants, out.companions)
        out.topics = learn(X, y, "topics", TOPIC_FEATURES)
    if "events" in stages:  # (c) learns from the ids the earlier stages' events get
        from ingest.learn import event_stage

        mat = event_stage.material(items, out, namer)
        out.events = event_stage.fit_events(mat, range(len(items)),
                                            thresholds.get("events", 0.6), seed)
        if out.events is None and not rules_if_one_class:
            raise ValueError("events: the candidate pairs are of one class only")
    return out


def cv_decisions(rows: Rows, n_items: int, k: int, kind: str, stage: str,
                 seed: int = SEED) -> dict:
    """Out-of-fold candidate-level scores of one decision, per threshold ("rules": the rules'
    own decision)."""
    X, y, groups = rows
    fold = folds_of(n_items, k, seed)
    feats = _features(stage)
    probs = [0.0] * len(y)
    for f in range(k):
        tr = [i for i, g in enumerate(groups) if fold[g] != f]
        te = [i for i, g in enumerate(groups) if fold[g] == f]
        if te:
            m = fit([X[i] for i in tr], [y[i] for i in tr], kind, seed, 0.5, feats)
            for i in te:
                probs[i] = m.score(X[i])
    rule = {"participants": "rule_participant", "topics": "rule_topic"}.get(stage)
    out = {"rules": _prf([(int(rule is not None and x[feats.index(rule)] > 0), t)
                          for x, t in zip(X, y, strict=False)])}
    for th in THRESHOLDS:
        out[f"model@{th}"] = _prf([(int(p >= th), t) for p, t in zip(probs, y, strict=False)])
    return out


def extract_items(items: Sequence[Item], learned: LearnedStages) -> list[dict]:
    """Extractions (as JSON dicts) of the items, in order, with one in-memory registry."""
    from ingest.pipeline import ExtractConfig, Extractor

    x = Extractor(ExtractConfig(learned=False))
    x.learned = learned
    try:
        return [x.extract_annotated(i.raw, i.ann).model_dump(mode="json") for i in items]
    finally:
        x.close()


def shipped_thresholds() -> dict[str, float]:
    shipped = LearnedStages.load()
    return {"participants": shipped.participants.threshold if shipped.participants else 0.5,
            "topics": shipped.topics.threshold if shipped.topics else 0.3,
            "companions": shipped.companions.threshold if shipped.companions else 0.5,
            "events": shipped.events.threshold if shipped.events else 0.6}


def cross_validate(items: Sequence[Item], k: int = 5, kind: str = "logreg",
                   thresholds: dict[str, float] | None = None, stages: Sequence[str] | None = None,
                   seed: int = SEED, progress: Callable[[int], None] | None = None
                   ) -> tuple[list[dict], list[dict]]:
    """Train the stages on k-1 folds of `items` (by article) and extract the held-out fold
    with them (a stage with one class only in a fold's training part runs by the rules there);
    returns every article's extraction (in order, one person registry, so the
    figures are those of one run) and each article's fold (as `{"fold": f}` dicts)."""
    from ingest.pipeline import ExtractConfig, Extractor

    thresholds = thresholds or shipped_thresholds()
    if stages is None:
        shipped = LearnedStages.load()
        stages = [s for s in STAGES if getattr(shipped, s) is not None] or list(SHIPPED)
    fold = folds_of(len(items), k, seed)
    namer = GoldNamer([i.gold for i in items])
    per_fold = []
    for f in range(k):
        train = [it for it, g in zip(items, fold, strict=False) if g != f]
        per_fold.append(train_stages(train, thresholds, kind, stages, seed, namer,
                                     rules_if_one_class=True))
        if progress is not None:
            progress(1)
    x = Extractor(ExtractConfig(learned=False))
    try:
        preds = []
        for i, item in enumerate(items):
            x.learned = per_fold[fold[i]]
            preds.append(x.extract_annotated(item.raw, item.ann).model_dump(mode="json"))
    finally:
        x.close()
    return preds, [{"fold": f} for f in fold]


def _fmt(s: dict) -> str:
    return " ".join(f"{k}={s[k]}" for k in ("pairs_f1", "persons_f1", "topics_f1", "about_f1",
                                             "dedup_f1"))


def _name(path: str) -> str:
    return f"{Path(path).parent.name}/{Path(path).name}"


def main(argv: Sequence[str] | None = None) -> int:
    from ingest.learn import card
    from ingest.learn.scorer import score, summary

    ap = argparse.ArgumentParser(prog="python3 -m ingest.learn.train", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", action="append", help=f"gold JSON Lines (default {DEFAULT_GOLD})")
    ap.add_argument("--cache", help="JSON Lines cache of the NLP output (reused across runs)")
    ap.add_argument("--folds", type=int, default=5, help="cross-validation folds (default 5)")
    ap.add_argument("--model", choices=("logreg", "gbt"), default="logreg",
                    help="logistic regression (default) or gradient-boosted trees")
    ap.add_argument("--stages", default=",".join(SHIPPED),
                    help="comma-separated stages to train, among companions,participants,"
                    f"topics,events (default: {','.join(SHIPPED)}, the shipped ones)")
    ap.add_argument("--out", default=str(MODELS_DIR), help="where the JSON models go")
    ap.add_argument("--select", help="a gold set kept out of training (the devset), scored "
                    "with and without the models and recorded in the model card")
    ap.add_argument("--card", default=str(REPO_MODELS_MD),
                    help="the MODELS.md whose learned section is rewritten ('' to skip)")
    a = ap.parse_args(argv)
    stages = [s for s in a.stages.split(",") if s]
    if not stages or any(s not in STAGES for s in stages):
        ap.error(f"--stages: choose among {', '.join(STAGES)}")
    stages = [s for s in STAGES if s in stages]
    gold = a.gold or [DEFAULT_GOLD]
    items = load_items(gold, a.cache)
    namer = GoldNamer([i.gold for i in items])
    thresholds: dict[str, float] = {}
    meta: dict = {"data": [_name(g) for g in gold], "articles": len(items), "folds": a.folds,
                  "seed": SEED, "stages": stages}
    final = LearnedStages()
    sel = load_items([a.select], a.cache) if a.select else []
    sgold = [i.gold for i in sel]
    for stage in stages:
        if stage == "events":
            from ingest.learn import event_stage

            model = event_stage.train(items, final, namer, a.folds)
            thresholds[stage] = model.threshold
            final.events = model
            continue
        rows = stage_rows(items, stage, namer, final.participants, final.companions)
        cv = cv_decisions(rows, len(items), a.folds, a.model, stage)
        th = max(THRESHOLDS, key=lambda t: (cv[f"model@{t}"]["f1"], -abs(t - 0.5)))
        thresholds[stage] = th
        print(f"{stage}: {len(rows[1])} labelled candidates ({sum(rows[1])} positive)")
        for name, s in cv.items():
            print(f"  {a.folds}-fold {name:<12} P {s['p']:.3f}  R {s['r']:.3f}  F1 {s['f1']:.3f}")
        model = fit(rows[0], rows[1], a.model, SEED, th, _features(stage))
        model.meta = {"candidates": len(rows[1]), "positives": sum(rows[1]),
                      "cv_candidates": cv, "threshold": th}
        setattr(final, stage, model)
        if sel and stage != "topics":
            # a participant threshold: the best pairs F1 of the scorer on the selection set
            def pairs_at(t: float, model: BinaryModel = model) -> tuple[float, float]:
                model.threshold = t
                s = summary(score(sgold, extract_items(sel, final)))
                print(f"  selection set pairs F1 at threshold {t}: {s['pairs_f1']}")
                return (s["pairs_f1"] or 0.0, -abs(t - 0.5))
            th = max(PAIR_THRESHOLDS, key=pairs_at)
            model.threshold = thresholds[stage] = th
            model.meta.update(threshold=th, threshold_from="selection set")
    golds = [i.gold for i in items]
    if final.topics is not None:
        # The topic threshold: the best end-to-end topics + about F1 of the scorer out of fold
        # on the training data plus (with --select) on the selection set (the devset: "train
        # on the trainset, select on the devset"), so that the choice does not fit the devset
        # alone (the devset alone peaks at .25 on a spike; the folds prefer .3).
        def merit(t: float) -> tuple[float, float]:
            preds, _ = cross_validate(items, a.folds, a.model, {**thresholds, "topics": t},
                                      [x for x in stages if x != "events"])  # (no topic change)
            s = summary(score(golds, preds))
            print(f"  {a.folds}-fold figures at threshold {t}: topics_f1={s['topics_f1']} "
                  f"about_f1={s['about_f1']}")
            total = s["topics_f1"] + s["about_f1"]
            if sel:
                final.topics.threshold = t
                s = summary(score(sgold, extract_items(sel, final)))
                print(f"  selection set figures at threshold {t}: {_fmt(s)}")
                total += s["topics_f1"] + s["about_f1"]
            return (round(total, 6), -abs(t - 0.5))
        th = max(SELECT_THRESHOLDS, key=merit)
        final.topics.threshold = thresholds["topics"] = th
        final.topics.meta["threshold"] = th
        final.topics.meta["threshold_from"] = ("cross-validation and selection set" if sel
                                               else "cross-validation")
    rules = summary(score(golds, extract_items(items, LearnedStages())))
    preds, _ = cross_validate(items, a.folds, a.model, thresholds, stages)
    learned = summary(score(golds, preds))
    print(f"scorer figures, rules alone:        {_fmt(rules)}")
    print(f"scorer figures, {a.folds}-fold learned:    {_fmt(learned)}")
    meta["cv_figures"] = {"rules": rules, "learned": learned}
    if a.select:
        meta["select"] = _name(a.select)
        meta["select_figures"] = {
            "rules": summary(score(sgold, extract_items(sel, LearnedStages()))),
            "learned": summary(score(sgold, extract_items(sel, final)))}
        print(f"selection set, rules alone:   {_fmt(meta['select_figures']['rules'])}")
        print(f"selection set, learned:       {_fmt(meta['select_figures']['learned'])}")
    for stage in stages:
        model = getattr(final, stage)
        model.meta = {**meta, **model.meta}
        out = Path(a.out) / f"{stage}.json"
        model.save(out)
        print(f"wrote {out} ({model.kind}, threshold {model.threshold})")
    if a.card:
        for name in ("topics", "events"):  # the card describes the shipped models too
            if getattr(final, name) is None:
                setattr(final, name, getattr(LearnedStages.load(Path(a.out)), name)
                        or getattr(LearnedStages.load(), name))
        card.write(final, Path(a.card))
        print(f"wrote the learned section of {a.card}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
