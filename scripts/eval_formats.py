"""Development questions over corpora where some plans are Word, PDF or scanned PDF.

    python scripts/eval_formats.py [--shared ../shared] [--work DIR]
Builds each corpus (the five text plans with Thọ Xương, Lương Phong and Thắng swapped for
the fixtures of ../shared/fixtures), answers dev.jsonl, and prints answer_accuracy and
evidence_recall@5 per corpus, the share of PDF citations that carry a page, and for the
scanned corpus the accuracy on the questions about the scanned plan.
"""
import argparse
import importlib.util
import shutil
import tempfile
from pathlib import Path

from assistant.answering import answer_question
from assistant.embedding import encoder_from_env
from assistant.indexing import build_index
from assistant.retrieval import open_index

TEXT = {"tho_xuong": "002_680e36f5c05cb2c2.txt", "luong_phong": "003_bed8603f6d2f56aa.txt",
        "thang": "004_164104ac10e67ad6.txt"}
CORPORA = {
    "text": {},
    "docx": {"tho_xuong": "002_tho_xuong.docx", "luong_phong": "003_luong_phong.docx", "thang": "004_thang.docx"},
    "pdf": {"tho_xuong": "002_tho_xuong.pdf", "luong_phong": "003_luong_phong.docx", "thang": "004_thang.pdf"},
    "scan": {"tho_xuong": "002_tho_xuong_scan.pdf"},
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--work", type=Path, default=None)
    args = ap.parse_args()
    spec = importlib.util.spec_from_file_location("score", args.shared / "eval" / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    gold = score.load_jsonl(args.shared / "eval" / "dev.jsonl")
    encoder = encoder_from_env()
    work = args.work or Path(tempfile.mkdtemp(prefix="formats-"))
    for name, swap in CORPORA.items():
        corpus = work / name / "corpus"
        shutil.rmtree(corpus, ignore_errors=True)
        corpus.mkdir(parents=True)
        for txt in (args.shared / "corpus").glob("*.txt"):
            if txt.name not in {TEXT[k] for k in swap}:
                shutil.copy(txt, corpus)
        for fixture in swap.values():
            shutil.copy(args.shared / "fixtures" / fixture, corpus)
        report = build_index(corpus, work / name / "index", encoder)
        index = open_index(work / name / "index", encoder)
        preds = [{"id": g["id"], **answer_question(index, encoder, g["question"], g.get("history") or []).as_json()}
                 for g in gold]
        r = score.score(gold, preds, 5)
        pdf = [c for p in preds for c in p["citations"] if c["source"].endswith(".pdf")]
        paged = sum("page" in c for c in pdf)
        line = (f"{name:5s} answer_accuracy={r['answer_accuracy']:.3f} evidence_recall@5={r['evidence_recall@5']:.3f} "
                f"pdf_citations_with_page={paged}/{len(pdf)} build={report.seconds:.0f}s")
        if name == "scan":
            about = [g for g in gold if g["docs"] == [TEXT["tho_xuong"]]]
            s = score.score(about, preds, 5)
            line += f" | Thọ Xương questions n={s['n']} answer_accuracy={s['answer_accuracy']:.3f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
