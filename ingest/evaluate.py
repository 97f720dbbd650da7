"""Evaluation against name-based gold (the devset format): precision/recall/F1 per facet.

Gold records: `{id, lang, text, date, entities: [{name, type, canonical}], events: [{kind,
participants, other_parties?, date, place, topics, evidence, xid}]}` (../shared/devset/README.md).
Predicted events are matched to gold events within an article by participant overlap, names
compared accent- and transliteration-insensitively (`same_person`); meeting and talks count as
one kind; a city matches the country containing it; a month/year gold date is matched by any
date inside it; null gold dates are skipped. Also `who_met_about`, the seed query helper.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ingest.extract.events import FAMILY
from ingest.extract.lexicons import get_lexicons
from ingest.identity.names import same_person
from ingest.models import Extraction
from ingest.normalize import fold
from ingest.reader import RawArticle


@dataclass
class Score:
    tp: float = 0.0
    fp: float = 0.0
    fn: float = 0.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class EvalReport:
    scores: dict[str, Score] = field(default_factory=dict)
    articles: int = 0

    def score(self, name: str) -> Score:
        return self.scores.setdefault(name, Score())

    def render(self) -> str:
        lines = [f"articles: {self.articles}",
                 f"{'facet':<28}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
        for name in sorted(self.scores):
            s = self.scores[name]
            lines.append(f"{name:<28}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}"
                         f"{s.tp:6.0f}{s.fp:6.0f}{s.fn:6.0f}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, dict[str, float]]:
        return {k: {"precision": v.precision, "recall": v.recall, "f1": v.f1, "tp": v.tp,
                    "fp": v.fp, "fn": v.fn} for k, v in sorted(self.scores.items())}


def _names_match(a: str, b: str) -> bool:
    return fold(a) == fold(b) or same_person(a, b)


def _set_score(score: Score, gold: Sequence[str], pred: Sequence[str], same) -> None:
    used: set[int] = set()
    for g in gold:
        hit = next((i for i, p in enumerate(pred) if i not in used and same(g, p)), None)
        if hit is None:
            score.fn += 1
        else:
            used.add(hit)
            score.tp += 1
    score.fp += len(pred) - len(used)


def _lookup() -> dict[str, str]:
    """folded English name -> entity id, for places/topics in gold."""
    lex = get_lexicons()
    return {fold(name): eid for eid, name in lex.names.items()}


def _place_match(gold: str, pred_id: str | None, pred_name: str | None) -> bool:
    if pred_id is None:
        return False
    lex = get_lexicons()
    lookup = _lookup()
    gid = lookup.get(fold(gold))
    if pred_name and fold(pred_name) == fold(gold):
        return True
    if gid is None:
        return False
    if gid == pred_id:
        return True
    return lex.country_of.get(pred_id) == gid or lex.country_of.get(gid) == pred_id or (
        lex.country_of.get(gid) is not None and lex.country_of.get(gid) == lex.country_of.get(
            pred_id) and False)


def _date_match(gold: str, pred: str | None) -> bool:
    return pred is not None and (pred == gold or pred.startswith(gold + "-"))


def _family(kind: str) -> str:
    return FAMILY.get(kind, kind)


def evaluate(gold: list[dict], pred: list[Extraction]) -> EvalReport:
    """Score predicted Extractions against gold records (matched by text, else by order)."""
    report = EvalReport()
    lookup = _lookup()
    by_text = {}
    for p in pred:
        by_text.setdefault(p.article.id, p)
    for gi, g in enumerate(gold):
        p = pred[gi] if gi < len(pred) else None
        if p is None:
            continue
        report.articles += 1
        names = {e.id: e.name for e in p.entities}
        aliases = {e.id: [e.name, *e.aliases] for e in p.entities}
        gold_persons = sorted({e["canonical"] for e in g.get("entities", [])
                               if e.get("type") == "PERSON"})
        pred_persons = sorted({e.name for e in p.entities if e.type == "Person"})
        pred_person_aliases = {e.name: [e.name, *e.aliases] for e in p.entities
                               if e.type == "Person"}
        _set_score(report.score("persons"), gold_persons, pred_persons,
                   lambda a, b: any(_names_match(a, x) for x in pred_person_aliases[b]))

        def pnames(ev) -> list[str]:
            return [pid for pid in (x.entity for x in ev.participants)]

        def pmatch(gname: str, pid: str) -> bool:
            return any(_names_match(gname, a) for a in aliases.get(pid, [names.get(pid, pid)]))

        # Match events greedily by participant overlap.
        gold_events = g.get("events", [])
        pairs: list[tuple[int, int, int]] = []
        for i, ge in enumerate(gold_events):
            for j, pe in enumerate(p.events):
                overlap = sum(1 for gn in ge["participants"] if any(pmatch(gn, x)
                                                                     for x in pnames(pe)))
                if overlap:
                    bonus = 1 if _family(ge["kind"]) == _family(pe.kind) else 0
                    pairs.append((overlap * 2 + bonus, i, j))
        pairs.sort(reverse=True)
        used_g, used_p, matched = set(), set(), []
        for _, i, j in pairs:
            if i in used_g or j in used_p:
                continue
            used_g.add(i)
            used_p.add(j)
            matched.append((gold_events[i], p.events[j]))
        ev = report.score("events")
        ev.tp += len(matched)
        ev.fn += len(gold_events) - len(matched)
        ev.fp += len(p.events) - len(matched)
        kinds = {(_family(ge["kind"])) for ge in gold_events} | {_family(pe.kind)
                                                                 for pe in p.events}
        for k in kinds:
            s = report.score(f"events.{k}")
            gk = [ge for ge in gold_events if _family(ge["kind"]) == k]
            pk = [pe for pe in p.events if _family(pe.kind) == k]
            hit = sum(1 for ge, pe in matched if _family(ge["kind"]) == k == _family(pe.kind))
            s.tp += hit
            s.fn += len(gk) - hit
            s.fp += len(pk) - hit
        # who-met-whom pairs (unordered person pairs per event)
        gpairs = {tuple(sorted((a, b))) for ge in gold_events
                  for a in ge["participants"] for b in ge["participants"] if a < b}
        ppairs = {tuple(sorted((a, b))) for pe in p.events
                  for a in pnames(pe) for b in pnames(pe) if a < b}
        _set_score(report.score("pairs"), sorted(gpairs), sorted(ppairs),
                   lambda gp, pp: (pmatch(gp[0], pp[0]) and pmatch(gp[1], pp[1])) or
                   (pmatch(gp[0], pp[1]) and pmatch(gp[1], pp[0])))
        for ge, pe in matched:
            if ge.get("date"):
                s = report.score("dates")
                if _date_match(ge["date"], pe.date):
                    s.tp += 1
                else:
                    s.fn += 1
                    if pe.date:
                        s.fp += 1
            if ge.get("place") or pe.place:
                s = report.score("places")
                if ge.get("place") and _place_match(ge["place"], pe.place, names.get(pe.place or "")):
                    s.tp += 1
                else:
                    if ge.get("place"):
                        s.fn += 1
                    if pe.place:
                        s.fp += 1
            gt = [lookup.get(fold(t), "?" + fold(t)) for t in ge.get("topics", [])]
            _set_score(report.score("topics"), gt, pe.topics, lambda a, b: a == b)
    return report


def who_met_about(extractions: Iterable[Extraction], person: str,
                  topic: str | None = None) -> set[str]:
    """Names of the Person counterparts of `person` (an id) in events about `topic` (an id)."""
    out: set[str] = set()
    for x in extractions:
        names = {e.id: e for e in x.entities}
        for ev in x.events:
            ids = [p.entity for p in ev.participants]
            if person not in ids or (topic is not None and topic not in ev.topics):
                continue
            for pid in ids:
                ent = names.get(pid)
                if pid != person and ent is not None and ent.type == "Person":
                    out.add(ent.name)
    return out


def _gold_article(g: dict, gold_path: Path) -> RawArticle:
    """The article of a gold record: its `text`, or the seed-format `file` it names (a path
    relative to the working directory or to a parent of the gold file)."""
    from ingest.reader import raw_article_from_json, read_article

    if "text" in g:
        return raw_article_from_json({"text": g["text"], "date": g.get("date"),
                                      "lang": g.get("lang"), "source": g.get("id")})
    rel = Path(g["file"])
    for base in (Path.cwd(), *gold_path.resolve().parents):
        if (base / rel).is_file():
            return read_article(base / rel, lang=g.get("lang"))[0]
    raise FileNotFoundError(f"{gold_path}: gold record {g.get('id')!r} names {rel}, "
                            "which was not found")


def evaluate_file(gold_path: str, *, use_nlp: bool = True, by_lang: bool = True,
                  resolution_path: str | None = None) -> dict[str, EvalReport]:
    """Extract every gold record's text (read from `gold_path`, never copied) and score it.

    `use_nlp=False` runs the rules without Stanza (lexicons and title rules only).
    """
    import json

    from ingest.annotated import Annotated
    from ingest.pipeline import ExtractConfig, Extractor
    golds = [json.loads(x) for x in Path(gold_path).read_text("utf-8").splitlines() if x.strip()]
    extractor = Extractor(ExtractConfig(resolution_path=Path(resolution_path)
                                        if resolution_path else None))
    raws = [_gold_article(g, Path(gold_path)) for g in golds]
    if use_nlp:
        preds = extractor.extract_many(raws)
    else:
        preds = [extractor.extract_annotated(r, Annotated(text=r.text, lang=r.lang)) for r in raws]
    out = {"all": evaluate(golds, preds)}
    if by_lang:
        for lang in ("fr", "ar", "en"):
            idx = [i for i, g in enumerate(golds) if g.get("lang") == lang]
            out[lang] = evaluate([golds[i] for i in idx], [preds[i] for i in idx])
    return out


# --- The shared scorer's figures (ingest.learn.scorer), per language, cross-validated -------

FIGURES = ("pairs_f1", "persons_f1", "topics_f1", "about_f1", "dates", "kinds", "dedup_f1",
           "false_merges", "splits")


def score_by_lang(golds: Sequence[dict], preds: Sequence[dict]) -> dict[str, dict]:
    """The scorer's result on every gold record (`all`) and on each language's records alone
    (as if the gold file held that language only)."""
    from ingest.learn.scorer import score

    out = {"all": score(golds, preds)}
    for lang in ("fr", "ar", "en"):
        sub = [g for g in golds if g.get("lang") == lang]
        if sub:
            ids = {g["id"] for g in sub}
            out[lang] = score(sub, [p for p in preds
                                    if ((p.get("article") or {}).get("source")) in ids])
    return out


def extract_gold(gold_path: str | Path, *, learned: bool = True, cache: str | Path | None = None,
                 progress=None) -> tuple[list[dict], list[dict]]:
    """Gold records and the extraction of their texts (a fresh in-memory person registry,
    as `diplograph extract` does), each prediction's `article.source` the record id."""
    from ingest.learn import LearnedStages
    from ingest.learn.train import extract_items, load_items

    items = load_items([gold_path], cache, progress)
    stages = LearnedStages.load() if learned else LearnedStages()
    return [i.gold for i in items], extract_items(items, stages)


def cross_validate_gold(gold_path: str | Path, k: int, *, cache: str | Path | None = None,
                        kind: str = "logreg", progress=None) -> dict:
    """K-fold cross-validation of the learned stages on a gold set: each fold is extracted
    with stages trained on the other folds. Returns `folds` (the scorer's result per fold),
    `mean` (the mean of each figure over folds) and `pooled` (every held-out article scored
    at once, per language)."""
    from ingest.learn.scorer import score
    from ingest.learn.train import cross_validate, load_items

    if k < 2:
        raise ValueError("--cross-validate needs at least 2 folds")
    items = load_items([gold_path], cache, progress)
    if len(items) < k:
        raise ValueError(f"{len(items)} gold articles cannot make {k} folds")
    preds, folds = cross_validate(items, k, kind)
    golds = [i.gold for i in items]
    per_fold = []
    for f in range(k):
        idx = [i for i, x in enumerate(folds) if x["fold"] == f]
        per_fold.append(score([golds[i] for i in idx], [preds[i] for i in idx]))
    sums = [figures(r) for r in per_fold]
    mean = {}
    for key in FIGURES:
        vals = [s[key] for s in sums if s[key] is not None]
        mean[key] = round(sum(vals) / len(vals), 3) if vals else None
    return {"folds": per_fold, "mean": mean, "pooled": score_by_lang(golds, preds)}


def figures(res: dict) -> dict:
    """The headline figures of a scorer result; dedup is None (not 0) where no pair of
    reports of one interaction exists (one language, a small fold)."""
    from ingest.learn.scorer import summary

    out = summary(res)
    d = res.get("dedup")
    if d is not None and d["tp"] + d["fp"] + d["fn"] == 0:
        out["dedup_f1"] = None
    return out


def render_figures(results: dict[str, dict]) -> str:
    """One row per scope (all, fr, ar, en, fold …): the scorer's headline figures."""
    head = f"{'':<8}{'articles':>9}" + "".join(f"{k:>14}" for k in FIGURES)
    lines = [head]
    for name, res in results.items():
        s = figures(res) if "pairs" in res else res
        n = res.get("articles", "")
        lines.append(f"{name:<8}{n!s:>9}" + "".join(
            f"{'-' if s.get(k) is None else s[k]!s:>14}" for k in FIGURES))
    return "\n".join(lines)


def summary_line(res: dict) -> str:
    """The shared scorer's SUMMARY line (its fields, its order)."""
    return (f"SUMMARY pairs_f1={res['pairs']['f1']} persons_f1={res['persons']['f1']} "
            f"topics_f1={res['topics']['f1']} about_f1={res['topics_entities']['f1']} "
            f"dates={res['dates']['exact']} qa_f1=None dedup_f1={res.get('dedup', {}).get('f1')} "
            f"false_merges={res['identity']['false_merges']} splits={res['identity']['splits']}")


if __name__ == "__main__":  # python -m ingest.evaluate GOLD [--no-nlp]
    import sys

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    reports = evaluate_file(args[0] if args else "../shared/devset/articles.jsonl",
                            use_nlp="--no-nlp" not in sys.argv)
    for name, rep in reports.items():
        print(f"== {name}")
        print(rep.render())
