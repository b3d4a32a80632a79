"""Pure scoring functions: normalising scores, IDF and term coverage.

Kept free of index and model state so each rule can be tested on plain numbers.
"""
from __future__ import annotations

import math

import numpy as np


def max_normalise(scores: np.ndarray) -> np.ndarray:
    top = float(scores.max(initial=0.0))
    return scores / top if top > 0 else np.zeros_like(scores)


def idf(df: int, n: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def coverage(query: dict[str, float], present: set[str]) -> float:
    """Share of the question's weighted content terms found in a passage (0..1)."""
    total = sum(query.values())
    if total <= 0:
        return 0.0
    return sum(w for t, w in query.items() if t in present) / total
