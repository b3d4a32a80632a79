"""Comparison and ranking questions answered from the indicator table, scored by the referee.

    python scripts/eval_table_questions.py [--corpus corpus] [--questions eval/indicators/comparison_questions.jsonl]
                                           [--index DIR] [--out predictions.jsonl]

Builds (or updates) an index of the corpus without a dense model, answers each question with
`answer_from_table` and, when it declines, with the ordinary pipeline (as the chat would), writes
the predictions and prints score.py's report (../shared/eval/score.py, or --score) plus how many
answers came from the table and whether every figure the answer lists is cited.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.answering import answer_question  # noqa: E402
from assistant.indexing import build_index  # noqa: E402
from assistant.retrieval import open_index  # noqa: E402
from assistant.table_answers import answer_from_table  # noqa: E402


def figures_cited(answer) -> bool:
    """Every '- place: figure [n]' line names a citation whose quote holds that figure."""
    quotes = {c.n: c.quote for c in answer.citations}
    for line in answer.text.splitlines():
        m = re.match(r"- (.+?): (.+)", line)
        for figure, n in re.findall(r"(?:^|; )(.+?) \[(\d+)\]", m.group(2) if m else ""):
            if figure not in quotes.get(int(n), ""):
                return False
    return True


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--questions", type=Path, default=ROOT / "eval/indicators/comparison_questions.jsonl")
    ap.add_argument("--index", type=Path, default=Path("/tmp/table-questions-index"))
    ap.add_argument("--out", type=Path, default=Path("/tmp/table-questions-predictions.jsonl"))
    ap.add_argument("--score", type=Path, default=ROOT.parent / "shared/eval/score.py")
    args = ap.parse_args()
    build_index(args.corpus, args.index, None)
    index = open_index(args.index, None)
    from_table = cited = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for line in args.questions.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            answer = answer_from_table(index, item["question"])
            if answer is not None:
                from_table += 1
                cited += figures_cited(answer)
            else:
                answer = answer_question(index, None, item["question"])
            out.write(json.dumps({"id": item["id"], **answer.as_json()}, ensure_ascii=False) + "\n")
    print(f"answered from the table: {from_table}; of those with every listed figure cited: {cited}")
    if args.score.exists():
        return subprocess.call([sys.executable, str(args.score), str(args.questions), str(args.out),
                                "--corpus", str(args.corpus)])
    print(f"score.py not found at {args.score}: predictions in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
