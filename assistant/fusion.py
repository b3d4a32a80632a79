"""Pure scoring functions: combining lexical and dense scores, and term coverage.

Kept free of index and model state so each rule can be tested on plain numbers.
"""
from __future__ import annotations

import math

import numpy as np

# Measured on the development questions (see README, "Dense model ablation"): MiniLM is an
# English model, so its share is small; a better local model can be given more.
DENSE_WEIGHT = 0.3


def max_normalise(scores: np.ndarray) -> np.ndarray:
    top = float(scores.max(initial=0.0))
    return scores / top if top > 0 else np.zeros_like(scores)


def fuse(bm25: np.ndarray, dense: np.ndarray | None, dense_weight: float = DENSE_WEIGHT) -> np.ndarray:
    """Weighted sum of max-normalised BM25 and min-max-normalised cosine scores, over the
    same candidate rows. Dense scores only reorder; they cannot lift a passage that shares
    no term with the question above one that does, unless the weight says so."""
    lexical = max_normalise(bm25)
    if dense is None or dense_weight == 0 or len(dense) == 0:
        return lexical
    lo, hi = float(dense.min()), float(dense.max())
    semantic = (dense - lo) / (hi - lo) if hi > lo else np.zeros_like(dense)
    return lexical + dense_weight * semantic


def reciprocal_rank_fusion(rankings: list[list[int]], k: int = 60) -> dict[int, float]:
    """RRF over several ranked lists of row ids (kept for the ablation)."""
    out: dict[int, float] = {}
    for ranking in rankings:
        for rank, row in enumerate(ranking):
            out[row] = out.get(row, 0.0) + 1.0 / (k + rank + 1)
    return out


def idf(df: int, n: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def coverage(query: dict[str, float], present: set[str]) -> float:
    """Share of the question's weighted content terms found in a passage (0..1)."""
    total = sum(query.values())
    if total <= 0:
        return 0.0
    return sum(w for t, w in query.items() if t in present) / total
