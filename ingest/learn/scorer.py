"""The gold-set scorer: the figures of `../shared/eval/score.py`, reimplemented in the package.

Same definitions (micro over articles), so `diplograph eval` and the shared script agree:

- persons: canonical persons found per article;
- pairs: unordered person pairs that interacted in some event (who met whom);
- topics: (pair, topic) triples, issue synonyms folded; about: the same restricted to topics
  that are places or organisations;
- dates: for each correctly found pair whose gold events carry a date, whether some predicted
  event of that pair has a date inside it; kinds: the same for the kind (meeting == talks);
- dedup: cross-article identity of gold events with an `xid` (pairwise P/R/F1);
- identity: predicted person ids covering two gold persons (false merges) or one gold person
  spread over several ids (splits).

Predicted names map to gold canonical names by folded exact match, then a fuzzy match
(rapidfuzz token-set ratio >= 90, or a whole-token surname of 5+ letters). Predictions are
`Extraction` dicts (`model_dump(mode="json")`) whose `article.source` is the gold record id.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz

_AR_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي",
                          "ـ": None, "_": " "})
_TITLES = re.compile(r"^(m\.|mme|mr\.?|mrs\.?|ms\.?|dr\.?|president|le president|la|le|al-|el-|"
                     r"السيد|السيدة|الرئيس|الوزير|سعادة)\s+", re.I)
_AR_PREFIXES = ("و", "ب", "ل", "ف", "وال", "بال", "لل", "ال")

# The gold sets' issue vocabulary (not named entities), synonyms folded together.
ISSUE_SYNONYMS = {"security cooperation": "security", "counter-terrorism": "terrorism",
                  "regional stability": "regional situation", "trade": "economic cooperation",
                  "investment": "economic cooperation"}
ISSUES = frozenset({
    "bilateral relations", "economic cooperation", "energy", "security", "terrorism",
    "migration", "regional situation", "international situation", "decolonisation",
    "humanitarian situation", "peace process", "elections", "culture", "education", "health",
    "climate", "human rights", "Arab-Russian relations", "African-Russian relations", "COP29",
}) | frozenset(ISSUE_SYNONYMS)


def gold_fold(s: str | None) -> str:
    """The scorer's folding: no accents, Arabic letter variants merged, no punctuation,
    casefolded, one leading title dropped."""
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.translate(_AR_FOLD).casefold()
    s = re.sub(r"[\u064b-\u0652]", "", s)
    s = re.sub(r"[^\w\s]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    return _TITLES.sub("", s)


def _variants(s: str) -> list[str]:
    """`s` and `s` without one attached Arabic prefix (when 3+ letters remain)."""
    return [s] + [s[len(p):] for p in _AR_PREFIXES if s.startswith(p) and len(s) - len(p) >= 3]


def norm_topic(t: str) -> str:
    t = t.lstrip("?")
    return ISSUE_SYNONYMS.get(t, t)


class GoldNamer:
    """Maps predicted strings to the gold canonical names of a set of gold records."""

    def __init__(self, golds: Iterable[dict]) -> None:
        self.surface: dict[str, str] = {}
        self.canon: dict[str, str] = {}
        self.types: dict[str, str] = {}
        for g in golds:
            for e in g.get("entities", []):
                c = e["canonical"]
                self.types[c] = e["type"]
                self.canon[gold_fold(c)] = c
                for v in _variants(gold_fold(e["name"])):
                    self.surface.setdefault(v, c)
            for ev in g.get("events", []):
                for c in ev.get("topics", []) + ([ev["place"]] if ev.get("place") else []):
                    self.canon.setdefault(gold_fold(c), c)
                    self.types.setdefault(c, "TOPIC")
        self._memo: dict[tuple[str, ...], str | None] = {}

    def canonical(self, strings: Sequence[str]) -> str | None:
        key = tuple(strings)
        if key not in self._memo:
            self._memo[key] = self._canonical(strings)
        return self._memo[key]

    def _canonical(self, strings: Sequence[str]) -> str | None:
        best, best_score = None, 0.0
        for s in strings:
            f = gold_fold(s)
            if not f:
                continue
            for v in _variants(f):
                if v in self.surface:
                    return self.surface[v]
                if v in self.canon:
                    return self.canon[v]
            for key, c in itertools.chain(self.canon.items(), self.surface.items()):
                sc = fuzz.token_set_ratio(f, key) if min(len(f), len(key)) >= 4 else 0
                if sc > best_score and (sc >= 90 or (f in key.split() and len(f) >= 5)):
                    best, best_score = c, max(sc, 90)
        return best


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3), "tp": tp, "fp": fp, "fn": fn}


def same_kind(a: str | None, b: str | None) -> bool:
    def norm(k):
        return "meeting" if k == "talks" else k
    return norm(a) == norm(b)


def _pred_events(pred: dict, namer: GoldNamer):
    """(kind, date, place, {participants}, {topics}) per predicted event, names canonical."""
    ents = {e["id"]: e for e in pred.get("entities", [])}

    def name_of(eid):
        e = ents.get(eid)
        if not e:
            return None
        strings = [e.get("name", ""), *e.get("aliases", []),
                   *(m.get("text", "") for m in e.get("mentions", []))]
        return namer.canonical(strings) or "?" + e.get("name", eid)

    for ev in pred.get("events", []):
        parts = {name_of(p["entity"]) for p in ev.get("participants", [])} - {None}
        topics = {name_of(t) for t in ev.get("topics", [])} - {None}
        place = name_of(ev["place"]) if ev.get("place") else None
        yield ev.get("kind"), ev.get("date"), place, parts, topics


def _source(pred: dict) -> str | None:
    art = pred.get("article") or {}
    return art.get("source") or art.get("id")


def score(golds: Sequence[dict], preds: Sequence[dict], namer: GoldNamer | None = None) -> dict:
    """The shared scorer's figures for predictions of the gold records `golds`."""
    namer = namer or GoldNamer(golds)
    by_id = {_source(p): p for p in preds}
    persons, pairs, topics, about = [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]
    dates, kinds = [0, 0], [0, 0]
    missing = []

    def add(acc, gold, pred):
        acc[0] += len(gold & pred)
        acc[1] += len(pred - gold)
        acc[2] += len(gold - pred)

    for g in golds:
        p = by_id.get(g["id"])
        if p is None:
            missing.append(g["id"])
            p = {}
        gp = {e["canonical"] for e in g["entities"] if e["type"] == "PERSON"}
        pp = set()
        for e in p.get("entities", []):
            if e.get("type") == "Person":
                c = namer.canonical([e.get("name", ""), *e.get("aliases", [])])
                pp.add(c or "?" + e.get("name", ""))
        add(persons, gp, pp)
        gold_pairs: dict[tuple[str, str], list[dict]] = {}
        for ev in g["events"]:
            ps = [x for x in ev["participants"] if namer.types.get(x) == "PERSON"]
            for a, b in itertools.combinations(sorted(set(ps)), 2):
                gold_pairs.setdefault((a, b), []).append(ev)
        pred_pairs: dict[tuple[str, str], list[tuple]] = {}
        for kind, date, place, parts, tops in _pred_events(p, namer):
            ps = sorted(x for x in parts if namer.types.get(x, "PERSON") == "PERSON")
            for a, b in itertools.combinations(ps, 2):
                pred_pairs.setdefault((a, b), []).append((kind, date, place, tops))
        add(pairs, set(gold_pairs), set(pred_pairs))
        gt = {(k, norm_topic(t)) for k, evl in gold_pairs.items() for ev in evl
              for t in ev["topics"]}
        pt = {(k, norm_topic(t)) for k, evl in pred_pairs.items() for ev in evl for t in ev[3]}
        add(topics, gt, pt)
        add(about, {x for x in gt if x[1] not in ISSUES}, {x for x in pt if x[1] not in ISSUES})
        for k in set(gold_pairs) & set(pred_pairs):
            gdates = {ev["date"] for ev in gold_pairs[k] if ev.get("date")}
            if gdates:
                dates[1] += 1
                dates[0] += any(pe[1] and any(pe[1].startswith(gd) for gd in gdates)
                                for pe in pred_pairs[k])
            kinds[1] += 1
            kinds[0] += any(same_kind(pe[0], ev["kind"]) for pe in pred_pairs[k]
                            for ev in gold_pairs[k])
    out = {
        "articles": len(golds), "missing_predictions": missing,
        "persons": prf(*persons), "pairs": prf(*pairs), "topics": prf(*topics),
        "topics_entities": prf(*about),
        "dates": {"exact": round(dates[0] / dates[1], 3) if dates[1] else None, "n": dates[1]},
        "kinds": {"acc": round(kinds[0] / kinds[1], 3) if kinds[1] else None, "n": kinds[1]},
        "identity": score_identity(golds, by_id, namer),
    }
    if any(ev.get("xid") for g in golds for ev in g["events"]):
        out["dedup"] = score_dedup(golds, by_id, namer)
    return out


def dedup_matches(gold: dict, pred: dict, namer: GoldNamer) -> list[tuple[str, str | None]]:
    """(xid, predicted event id or None) for each gold event of one article that carries an
    xid: the predicted event sharing the most participants (at least two, or all of a
    one-person event; ties by same kind, then same date)."""
    ents = {e["id"]: e for e in pred.get("entities", [])}

    def canon(eid: str) -> str | None:
        e = ents.get(eid)
        return namer.canonical([e.get("name", ""), *e.get("aliases", [])]) if e else None

    pevs = [(ev.get("id"), ev.get("kind"), ev.get("date"),
             {canon(x["entity"]) for x in ev.get("participants", [])} - {None})
            for ev in pred.get("events", [])]
    out: list[tuple[str, str | None]] = []
    for ev in gold.get("events", []):
        if not ev.get("xid") or not ev["participants"]:
            continue
        gp = set(ev["participants"])
        need = min(2, len(gp))
        best, best_key = None, None
        for pid, kind, date, parts in pevs:
            n = len(gp & parts)
            if n < need:
                continue
            key = (n, same_kind(kind, ev["kind"]), date == ev.get("date"))
            if best_key is None or key > best_key:
                best, best_key = pid, key
        out.append((ev["xid"], best))
    return out


def score_dedup(golds: Sequence[dict], by_id: dict, namer: GoldNamer) -> dict:
    """Each gold event with an xid is matched to the predicted event of its article sharing
    the most participants (at least two, or all of a one-person event; ties by same kind,
    then same date); mention pairs across articles: same xid <=> same predicted event id."""
    mentions: list[tuple[str, str, str | None]] = [
        (g["id"], xid, best)
        for g in golds for xid, best in dedup_matches(g, by_id.get(g["id"]) or {}, namer)]
    tp = fp = fn = 0
    for (a1, x1, e1), (a2, x2, e2) in itertools.combinations(mentions, 2):
        if a1 == a2:
            continue
        same_gold, same_pred = x1 == x2, e1 is not None and e1 == e2
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    return prf(tp, fp, fn)


def score_identity(golds: Sequence[dict], by_id: dict, namer: GoldNamer) -> dict:
    """False merges (one predicted id, several gold persons) and splits (one gold person,
    several ids), mapping each predicted Person by the surface forms it was found under."""
    ids_of: dict[str, set[str]] = {}
    golds_of: dict[str, set[str]] = {}
    for g in golds:
        gold_persons = {e["canonical"] for e in g["entities"] if e["type"] == "PERSON"}
        for e in (by_id.get(g["id"]) or {}).get("entities", []):
            if e.get("type") != "Person":
                continue
            forms = [m.get("text", "") for m in e.get("mentions", [])] or [e.get("name", "")]
            c = namer.canonical(forms)
            if c not in gold_persons:
                continue
            ids_of.setdefault(c, set()).add(e["id"])
            golds_of.setdefault(e["id"], set()).add(c)
    merges = {i: sorted(v) for i, v in golds_of.items() if len(v) > 1}
    splits = {c: sorted(v) for c, v in ids_of.items() if len(v) > 1}
    return {"false_merges": len(merges), "splits": len(splits), "persons": len(ids_of),
            "merged": dict(list(merges.items())[:8]), "split": dict(list(splits.items())[:8])}


def summary(res: dict) -> dict[str, float | None]:
    """The headline figures, keyed as in the shared scorer's SUMMARY line."""
    return {"pairs_f1": res["pairs"]["f1"], "persons_f1": res["persons"]["f1"],
            "topics_f1": res["topics"]["f1"], "about_f1": res["topics_entities"]["f1"],
            "dates": res["dates"]["exact"], "kinds": res["kinds"]["acc"],
            "dedup_f1": res.get("dedup", {}).get("f1"),
            "false_merges": res["identity"]["false_merges"], "splits": res["identity"]["splits"]}
