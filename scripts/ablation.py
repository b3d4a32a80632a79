"""Dense model ablation: BM25 only, fused (several weights), dense only, on the dev questions.

    python scripts/ablation.py INDEX_DIR GOLD.jsonl
Dense-only keeps the question analysis and re-ranking but scores candidates by cosine alone.
"""
import importlib.util
import sys
from pathlib import Path

import numpy as np

from assistant import fusion, retrieval
from assistant.answering import answer_question
from assistant.embedding import encoder_from_env
from assistant.retrieval import open_index


def run(index, encoder, gold, score):
    preds = []
    for g in gold:
        a = answer_question(index, encoder, g["question"], g.get("history") or [])
        preds.append({"id": g["id"], **a.as_json()})
    r = score.score(gold, preds, 5)
    return f"answer_accuracy={r['answer_accuracy']:.3f} evidence_recall@5={r['evidence_recall@5']:.3f} mrr={r['mrr']:.3f}"


def main(index_dir: str, gold_path: str) -> None:
    spec = importlib.util.spec_from_file_location("score", Path(gold_path).with_name("score.py"))
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    gold = score.load_jsonl(gold_path)
    encoder = encoder_from_env()
    index = open_index(Path(index_dir), encoder)
    defaults = retrieval.search.__defaults__
    for weight in (0.0, 0.15, 0.3, 0.6, 1.0):
        retrieval.search.__defaults__ = defaults[:-1] + (weight,)
        print(f"fused weight {weight:.2f}: {run(index, encoder, gold, score)}")
    original = fusion.max_normalise
    fusion.max_normalise = lambda s: np.zeros_like(s)  # lexical share removed: dense only
    retrieval.search.__defaults__ = defaults[:-1] + (1.0,)
    print(f"dense only:        {run(index, encoder, gold, score)}")
    fusion.max_normalise = original
    retrieval.search.__defaults__ = defaults


if __name__ == "__main__":
    main(*sys.argv[1:3])
