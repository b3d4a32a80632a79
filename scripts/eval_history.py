"""A question that names its own place, asked alone and after an unrelated earlier question.

    PYTHONPATH=. python scripts/eval_history.py [--index index] [--eval ../shared/eval] [sets …]

Takes the questions of the development and held-out sets that have no history of their own and
name their place, answers each alone and again after an earlier question about another place
(the next such question of the same file), and scores both with the referee. A conversation
must not spoil a question: the two answer_accuracy figures should be within 0.02.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from assistant.answering import answer_question
from assistant.embedding import encoder_from_env
from assistant.question import analyse
from assistant.retrieval import open_index


def self_contained(items: list[dict], known) -> list[dict]:
    """Questions with no history that name at least one known place."""
    return [it for it in items if not it.get("history") and analyse(it["question"], [], known).places]


def unrelated_earlier(items: list[dict], known) -> dict[str, str]:
    """For each question, the next question of the file that names none of its places."""
    places = [set(analyse(it["question"], [], known).places) for it in items]
    earlier = {}
    for i, it in enumerate(items):
        for step in range(1, len(items)):
            j = (i + step) % len(items)
            if not places[i] & places[j]:
                earlier[it["id"]] = items[j]["question"]
                break
    return earlier


def answer_all(index, encoder, items: list[dict], earlier: dict[str, str] | None) -> list[dict]:
    out = []
    for it in items:
        history = [earlier[it["id"]]] if earlier and it["id"] in earlier else []
        result = answer_question(index, encoder, it["question"], history)
        out.append({"id": it["id"], **result.as_json()})
    return out


def accuracy(score_py: Path, gold: list[dict], preds: list[dict], corpus: Path) -> tuple[float, list[str]]:
    with tempfile.TemporaryDirectory() as tmp:
        g, p = Path(tmp, "gold.jsonl"), Path(tmp, "pred.jsonl")
        g.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in gold), encoding="utf-8")
        p.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in preds), encoding="utf-8")
        out = subprocess.run([sys.executable, str(score_py), str(g), str(p), "--json", "--corpus", str(corpus)],
                             capture_output=True, text=True, check=True).stdout
    report = json.JSONDecoder().raw_decode(out)[0]
    return report["answer_accuracy"], report["wrong"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sets", nargs="*", help="question files (default: dev and eval/heldout/*.jsonl)")
    ap.add_argument("--index", type=Path, default=Path("index"))
    ap.add_argument("--corpus", type=Path, default=Path("corpus"))
    ap.add_argument("--eval", type=Path, default=Path("../shared/eval"))
    args = ap.parse_args(argv)
    files = [Path(s) for s in args.sets] or [args.eval / "dev.jsonl", *sorted(Path("eval/heldout").glob("*.jsonl"))]
    encoder = encoder_from_env()
    index = open_index(args.index, encoder)
    gold, alone, after = [], [], []
    for f in files:
        if not f.exists():
            print(f"skipped (not found): {f}", file=sys.stderr)
            continue
        items = self_contained([json.loads(x) for x in f.read_text(encoding="utf-8").splitlines() if x.strip()],
                               index.places)
        earlier = unrelated_earlier(items, index.places)
        gold += items
        alone += answer_all(index, encoder, items, None)
        after += answer_all(index, encoder, items, earlier)
    acc_alone, wrong_alone = accuracy(args.eval / "score.py", gold, alone, args.corpus)
    acc_after, wrong_after = accuracy(args.eval / "score.py", gold, after, args.corpus)
    print(f"questions naming their own place: {len(gold)}")
    print(f"asked alone:                   answer_accuracy={acc_alone:.3f}")
    print(f"after an unrelated question:   answer_accuracy={acc_after:.3f}  (difference {acc_after - acc_alone:+.3f})")
    print("wrong only after:", " ".join(sorted(set(wrong_after) - set(wrong_alone))) or "-")
    print("wrong only alone:", " ".join(sorted(set(wrong_alone) - set(wrong_after))) or "-")
    return 0


if __name__ == "__main__":
    sys.exit(main())
