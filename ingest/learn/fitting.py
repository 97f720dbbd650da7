"""Fitting the learned decisions with scikit-learn and exporting them to JSON `BinaryModel`s;
folds and candidate-level scores (used by `ingest.learn.train`)."""

from __future__ import annotations

import random
from collections.abc import Sequence

from ingest.learn.features import TOPIC_FEATURES
from ingest.learn.model import BinaryModel

SEED = 1234
LOGREG_C = 0.1


def fit(X: list[list[float]], y: list[int], kind: str = "logreg", seed: int = SEED,
        threshold: float = 0.5, features: Sequence[str] = TOPIC_FEATURES) -> BinaryModel:
    """A scikit-learn classifier, exported to the JSON `BinaryModel`."""
    import numpy as np
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression

    Xa, ya = np.asarray(X, dtype=float), np.asarray(y, dtype=int)
    if len(set(y)) < 2:
        raise ValueError("training data has one class only; give more gold articles")
    if kind == "logreg":  # standardised features, the scaling folded into the weights
        mu, sd = Xa.mean(axis=0), Xa.std(axis=0)
        sd[sd == 0] = 1.0
        clf = LogisticRegression(C=LOGREG_C, max_iter=5000, random_state=seed)
        clf.fit((Xa - mu) / sd, ya)
        w = clf.coef_[0] / sd
        return BinaryModel(kind="logreg", features=list(features), threshold=threshold,
                           weights=[round(float(v), 6) for v in w],
                           bias=round(float(clf.intercept_[0] - (w * mu).sum()), 6))
    clf = GradientBoostingClassifier(n_estimators=120, max_depth=3, learning_rate=0.1,
                                     subsample=0.8, min_samples_leaf=5,
                                     random_state=seed).fit(Xa, ya)
    prior = float(np.clip(ya.mean(), 1e-6, 1 - 1e-6))
    trees = []
    for est in clf.estimators_[:, 0]:
        t = est.tree_
        trees.append({"left": t.children_left.tolist(), "right": t.children_right.tolist(),
                      "feature": t.feature.tolist(),
                      "threshold": [float(v) for v in t.threshold],  # exact: splits are tight
                      "value": [round(float(v), 6) for v in t.value[:, 0, 0]]})
    model = BinaryModel(kind="gbt", features=list(features), threshold=threshold,
                        bias=float(np.log(prior / (1 - prior))), learning_rate=0.1, trees=trees)
    want = clf.predict_proba(Xa[:50])[:, 1]
    got = [model.score(list(r)) for r in Xa[:50]]
    if max(abs(a - b) for a, b in zip(want, got, strict=False)) > 1e-4:
        raise RuntimeError("exported trees disagree with scikit-learn")
    return model


def folds_of(n: int, k: int, seed: int = SEED) -> list[int]:
    """The fold of each of `n` articles: a seeded shuffle dealt round-robin."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    fold = [0] * n
    for pos, i in enumerate(order):
        fold[i] = pos % k
    return fold


def _prf(pairs: Sequence[tuple[int, int]]) -> dict[str, float]:
    tp = sum(1 for p, t in pairs if p and t)
    fp = sum(1 for p, t in pairs if p and not t)
    fn = sum(1 for p, t in pairs if t and not p)
    pr = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    return {"p": round(pr, 3), "r": round(rc, 3),
            "f1": round(2 * pr * rc / (pr + rc), 3) if pr + rc else 0.0}
