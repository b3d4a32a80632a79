"""Ranking and threshold questions over the look-alike corpus of `make bench` (the five plans
plus copies moved to other communes with every figure redrawn), answered from the table.

    python scripts/eval_table_lookalike.py [--size 50]

The expected answers do not come from the extractor: each real plan's statement of the
indicator is located in every copy by a hand-written pattern of its wording (digits wild), the
first statement in the plan's order as the table shows it, and its figure read with the
Vietnamese convention. A ranking answer is right when its first place is a place with the
extreme figure; a threshold answer when it lists exactly the places past the threshold. Every
figure the answer lists must be quoted by its citation.
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.indexing import build_index  # noqa: E402
from assistant.retrieval import open_index  # noqa: E402
from assistant.table_answers import answer_from_table  # noqa: E402
from bench.lookalike import lookalike_corpus, read_plans, write_corpus  # noqa: E402
from eval_table_questions import figures_cited  # noqa: E402

N = r"(\d+(?:[.,]\d+)*)"
# The 2024 target statements of each real plan, by its file name's first three characters.
PATTERNS = {
    "ty_le_ho_ngheo": {"001": rf"tỷ lệ hộ nghèo giảm còn {N}%", "002": rf"Tỷ lệ hộ nghèo: Dưới {N}%",
                       "003": rf"Tỷ lệ hộ nghèo \(theo chuẩn nghèo giai đoạn 2021-2025\) là {N}%"},
    "bhyt": {"000": rf"Tỷ lệ dân số tham gia BHYT đạt trên {N}%", "001": rf"có thẻ bảo hiểm y tế đạt {N}%",
             "002": rf"Tỷ lệ tham gia bảo hiểm y tế toàn dân: {N}%",
             "003": rf"Tỷ lệ người dân tham gia bảo hiểm y tế đạt {N}% trở lên",
             "004": rf"tham gia bảo hiểm y tế, BHXH tự nguyện đạt {N}%"},
    "san_luong_luong_thuc": {"000": rf"Tổng sản lượng lương thực {N} tấn",
                             "003": rf"Tổng sản lượng lương thực có hạt đạt {N} tấn",
                             "004": rf"Tổng sản lượng lương thực có hạt {N} tấn"},
}
QUESTIONS = [
    ("Xã nào có tỷ lệ hộ nghèo cao nhất?", "ty_le_ho_ngheo", "high", None),
    ("Địa phương nào có tỷ lệ hộ nghèo thấp nhất?", "ty_le_ho_ngheo", "low", None),
    ("Xã nào có tỷ lệ người dân tham gia bảo hiểm y tế cao nhất?", "bhyt", "high", None),
    ("Nơi nào đặt chỉ tiêu tỷ lệ tham gia BHYT thấp nhất?", "bhyt", "low", None),
    ("Xã nào có chỉ tiêu sản lượng lương thực có hạt cao nhất?", "san_luong_luong_thuc", "high", None),
    ("Địa phương nào có sản lượng lương thực có hạt thấp nhất?", "san_luong_luong_thuc", "low", None),
    ("Bao nhiêu xã có tỷ lệ hộ nghèo dưới 3%?", "ty_le_ho_ngheo", "below", 3.0),
    ("Những xã nào có chỉ tiêu sản lượng lương thực có hạt trên 5000 tấn?", "san_luong_luong_thuc", "above", 5000.0),
]


def vn_number(text: str) -> float:
    if "," in text:
        return float(text.replace(".", "").replace(",", "."))
    if "." in text and len(text.rsplit(".", 1)[1]) == 3:
        return float(text.replace(".", ""))
    return float(text)


def expected_values(files: dict[str, str], origin: dict[str, str], canonical: str, labels: dict[str, str]) -> dict[str, float]:
    out = {}
    for name, text in files.items():
        pattern = PATTERNS[canonical].get(origin[name])
        m = re.search(pattern, text) if pattern else None
        if m and labels.get(name):
            out[labels[name]] = vn_number(m.group(1))
    return out


def right(answer, shape: str, values: dict[str, float], threshold: float | None) -> bool:
    if answer is None or not values:
        return False
    if shape in ("high", "low"):
        best = max(values.values()) if shape == "high" else min(values.values())
        return bool(answer.places) and values.get(answer.places[0]) == best
    past = {p for p, v in values.items() if (v > threshold if shape == "above" else v < threshold)}
    return set(answer.places) == past


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=50)
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    args = ap.parse_args()
    plans = read_plans(args.corpus)
    files = lookalike_corpus(plans, args.size)
    # each copy's original: copies are made of the real plans in turn
    origin = {p.name: p.name[:3] for p in plans}
    for n, name in enumerate(sorted(set(files) - set(origin)), start=len(plans)):
        origin[name] = plans[n % len(plans)].name[:3]
    with tempfile.TemporaryDirectory() as tmp:
        corpus, index_dir = Path(tmp) / "corpus", Path(tmp) / "index"
        write_corpus(files, corpus)
        build_index(corpus, index_dir, None)
        index = open_index(index_dir, None)
        labels = {d.source: d.place_label for d in index.docs}
        correct = cited = 0
        for question, canonical, shape, threshold in QUESTIONS:
            values = expected_values(files, origin, canonical, labels)
            answer = answer_from_table(index, question)
            ok, fig = right(answer, shape, values, threshold), answer is not None and figures_cited(answer)
            correct += ok
            cited += fig
            top = answer.places[:3] if answer else None
            print(f"{'ok ' if ok else 'BAD'} {'cited' if fig else 'UNCITED'}  {question}  -> {top}  "
                  f"({len(values)} places with a figure)")
    n = len(QUESTIONS)
    print(f"SUMMARY plans={args.size} answer_accuracy={correct / n:.3f} every_figure_cited={cited / n:.3f} n={n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
