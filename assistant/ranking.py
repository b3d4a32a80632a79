"""Ranking: the candidates ordered by the fitted probability that a passage holds the
answer, a logistic combination of the features whose weights live in a reviewed data file
(assistant/data/ranker.json, written by scripts/fit.py)."""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from .features import FEATURE_NAMES, Candidate, Need, vector

MODEL_FILE = Path(__file__).with_name("data") / "ranker.json"


@dataclass(frozen=True)
class Linear:
    """A logistic model over named features: p = 1 / (1 + exp(-(intercept + Σ w·x)))."""
    names: tuple[str, ...]
    weights: tuple[float, ...]
    intercept: float

    def probability(self, x: list[float]) -> float:
        z = self.intercept + sum(w * v for w, v in zip(self.weights, x))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def as_json(self) -> dict:
        return {"features": dict(zip(self.names, (round(w, 4) for w in self.weights))),
                "intercept": round(self.intercept, 4)}

    @classmethod
    def from_json(cls, data: dict) -> "Linear":
        return cls(tuple(data["features"]), tuple(float(w) for w in data["features"].values()),
                   float(data["intercept"]))


@dataclass(frozen=True)
class Ranked:
    row: int
    probability: float  # that the passage holds the answer
    features: dict  # every feature's value, by name (answerability reads them again)

    @property
    def coverage(self) -> float:
        return self.features["term_coverage"]


def rank(model: Linear, need: Need, cands: list[Candidate]) -> list[Ranked]:
    """Candidates, most probable first (ties: the better BM25, then the plan's order)."""
    out = []
    for c in cands:
        values = dict(zip(FEATURE_NAMES, vector(need, c)))
        out.append(Ranked(c.row, model.probability([values[n] for n in model.names]), values))
    return sorted(out, key=lambda r: (-r.probability, -r.features["bm25"], r.row))


def load_models(path: Path = MODEL_FILE) -> dict:
    """The fitted file: {"ranker": Linear, "answerable": Linear, "threshold": float, …}."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    models = {"ranker": Linear.from_json(data["ranker"]), "answerable": Linear.from_json(data["answerable"]),
              "threshold": float(data["answerable"]["threshold"])}
    for name in ("close", "list_close"):  # {"value": …, "curve": …} as scripts/fit.py writes it, or the bare ratio
        if name in data:
            value = data[name]
            models[name] = float(value["value"] if isinstance(value, dict) else value)
    return models
