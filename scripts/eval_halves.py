"""Score predictions on two fixed halves of the development questions (tune on A, report B).

    python scripts/eval_halves.py GOLD.jsonl PREDICTIONS.jsonl
Within each question type, questions alternate between half A and half B in file order.
"""
import importlib.util
import json
import sys
from pathlib import Path


def half(gold: list[dict], which: int) -> list[dict]:
    seen: dict[str, int] = {}
    out = []
    for g in gold:
        n = seen.get(g["type"], 0)
        seen[g["type"]] = n + 1
        if n % 2 == which:
            out.append(g)
    return out


def main(gold_path: str, pred_path: str) -> None:
    spec = importlib.util.spec_from_file_location("score", Path(gold_path).with_name("score.py"))
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    gold = score.load_jsonl(gold_path)
    preds = score.load_jsonl(pred_path)
    for name, part in (("A", half(gold, 0)), ("B", half(gold, 1))):
        r = score.score(part, preds, 5)
        print(f"half {name}: n={r['n']} answer_accuracy={r['answer_accuracy']:.3f} "
              f"evidence_recall@5={r['evidence_recall@5']:.3f} abstain_correct={r['abstain_correct']:.3f} "
              f"false_refusal={r['false_refusal']:.3f} wrong={' '.join(r['wrong'])}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
