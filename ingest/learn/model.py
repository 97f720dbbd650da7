"""The shipped learned decisions: small JSON models evaluated in pure Python (no scikit-learn
at run time). Two forms: a logistic regression (`logreg`: weights, bias) and gradient-boosted
trees (`gbt`: scikit-learn's `GradientBoostingClassifier` trees exported node by node).
"""

from __future__ import annotations

import json
import math
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MODELS_DIR = Path(__file__).resolve().parent / "models"


@dataclass
class BinaryModel:
    kind: str                       # logreg | gbt
    features: list[str]
    threshold: float = 0.5
    weights: list[float] = field(default_factory=list)   # logreg
    bias: float = 0.0                                    # logreg; gbt: initial log-odds
    learning_rate: float = 1.0                           # gbt
    trees: list[dict[str, list]] = field(default_factory=list)  # gbt
    meta: dict[str, Any] = field(default_factory=dict)   # data, scores (documentation only)

    def score(self, x: list[float]) -> float:
        """The probability that the decision is yes, for one feature vector."""
        z = self.bias
        if self.kind == "logreg":
            z += sum(w * v for w, v in zip(self.weights, x, strict=False))
        else:
            for t in self.trees:
                left, right, feat, thr, val = (t["left"], t["right"], t["feature"],
                                               t["threshold"], t["value"])
                n = 0
                while left[n] != -1:
                    # scikit-learn's trees split the features cast to float32
                    n = left[n] if _f32(x[feat[n]]) <= thr[n] else right[n]
                z += self.learning_rate * val[n]
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def decide(self, x: list[float]) -> bool:
        return self.score(x) >= self.threshold

    def to_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> BinaryModel:
        return cls(**json.loads(text))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_json() + "\n", "utf-8")


def load_model(name: str, models_dir: Path | None = None) -> BinaryModel | None:
    """The shipped model `name` (`models/<name>.json`), or None when it is not there."""
    path = (models_dir or MODELS_DIR) / f"{name}.json"
    if not path.is_file():
        return None
    model = BinaryModel.from_json(path.read_text("utf-8"))
    return model


def _f32(v: float) -> float:
    """`v` rounded to the nearest float32, as scikit-learn's trees read their input."""
    return struct.unpack("f", struct.pack("f", v))[0]
