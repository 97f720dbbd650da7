"""Entity-level precision, recall and F1 per type (exact span and type match), conlleval-style."""

from __future__ import annotations

from collections import Counter
from typing import Any


def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """(start, end_exclusive, type) spans from BIO or BIOES tags (a stray I-/E- opens a span)."""
    out: set[tuple[int, int, str]] = set()
    start, kind = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        inside = prefix in ("I", "E") and label == kind and start is not None
        if start is not None and not inside:
            out.add((start, i, str(kind)))
            start, kind = None, None
        if prefix in ("B", "S") or (prefix in ("I", "E") and start is None):
            start, kind = i, label
        if prefix in ("S", "E") and start is not None:
            out.add((start, i + 1, str(kind)))
            start, kind = None, None
    return out


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(100 * p, 2), "recall": round(100 * r, 2), "f1": round(100 * f, 2),
            "support": tp + fn}


def score_spans(gold: list[list[str]], pred: list[list[str]]) -> dict[str, Any]:
    """Micro P/R/F1 and per-type P/R/F1 over sentences of tags."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        gs, ps = spans(g), spans(p)
        for s in gs & ps:
            tp[s[2]] += 1
        for s in ps - gs:
            fp[s[2]] += 1
        for s in gs - ps:
            fn[s[2]] += 1
    types = sorted(set(tp) | set(fp) | set(fn))
    return {"micro": _prf(sum(tp.values()), sum(fp.values()), sum(fn.values())),
            "per_type": {t: _prf(tp[t], fp[t], fn[t]) for t in types}}
