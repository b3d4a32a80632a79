"""Fit the ranker and the answerability model on the labelled questions and write
assistant/data/ranker.json (weights, threshold, what they were fitted on, LOPO figures).

    python scripts/fit.py [--index index] [--eval ../shared/eval] [--others-index .cache/index-others] [--refresh]

Fitted on two sets of labelled questions, each over its own index: the five shipped plans
(dev + held-out; one held-out group per plan) and the other-templates corpus eval/others
(its 25 documents dealt into five groups of whole documents) and, each built beside it in
.cache/index-<name>, eval/others2 … others14 (grouped the same way). The candidates' features are
cached per set in .cache/pools-<encoder>-<set>.npz (git-ignored): a refit after a change of
the fitting takes seconds; after a change of the features, pass --refresh.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant import learning  # noqa: E402
from assistant.config import Config  # noqa: E402
from assistant.ranking import MODEL_FILE  # noqa: E402

# one cache per encoder (ASSISTANT_EMBED_MODEL=none: the BM25-only ablation)
_ENCODER = os.environ.get("ASSISTANT_EMBED_MODEL", "").strip().replace("/", "_") or "minilm"
CACHE = REPO / ".cache" / f"pools-{_ENCODER}.npz"
LEXICAL_DEPTH, DENSE_DEPTH = 30, 10  # as Config's defaults
OTHERS_INDEX = REPO / ".cache" / "index-others"
# the other-templates corpora: eval/<name>/{corpus,questions.jsonl}, each indexed in .cache/index-<name>
OTHER_SETS = ("others", "others2", "others3", "others4", "others5", "others6", "others7", "others8", "others9", "others10",
              "others11", "others12", "others13", "others14", "others15", "others16", "others17", "others18")


def question_files(eval_dir: Path) -> list[Path]:
    return [eval_dir / "dev.jsonl", *sorted((REPO / "eval" / "heldout").glob("*.jsonl"))]


@dataclass(frozen=True)
class LabelledSet:
    """Questions over one index; `groups` maps a document to its held-out group (None: each
    plan is its own group)."""
    name: str
    index: Path
    files: tuple[Path, ...]
    grouped: bool = False

    def cache(self) -> Path:
        return CACHE.with_name(f"{CACHE.stem}-{self.name}.npz")

    def groups(self, index) -> dict[str, str] | None:
        return learning.document_groups([d.source for d in index.docs], f"{self.name}-") if self.grouped else None


def labelled_sets(index_dir: Path, eval_dir: Path, others_index: Path = OTHERS_INDEX) -> list[LabelledSet]:
    out = [LabelledSet("plans", index_dir, tuple(question_files(eval_dir)))]
    for name in OTHER_SETS:
        questions = REPO / "eval" / name / "questions.jsonl"
        index = others_index if name == "others" else REPO / ".cache" / f"index-{name}"
        if questions.exists() and index.exists():
            out.append(LabelledSet(name, index, (questions,), grouped=True))
    return out


def pools_of(s: LabelledSet, refresh: bool, encoder=None) -> list[learning.Pool]:
    if s.cache().exists() and not refresh:
        return learning.load_pools(s.cache())
    from assistant.embedding import encoder_from_env
    from assistant.retrieval import open_index
    encoder = encoder or encoder_from_env()
    index = open_index(s.index, encoder)
    out = learning.build_pools(index, encoder, learning.load_questions(list(s.files)),
                               LEXICAL_DEPTH, DENSE_DEPTH, s.groups(index))
    learning.save_pools(out, s.cache())
    return out


def pools(sets: list[LabelledSet], refresh: bool) -> list[learning.Pool]:
    return [p for s in sets for p in pools_of(s, refresh)]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", type=Path, default=REPO / "index")
    ap.add_argument("--eval", type=Path, default=REPO.parent / "shared" / "eval")
    ap.add_argument("--others-index", type=Path, default=OTHERS_INDEX)
    ap.add_argument("--refresh", action="store_true")
    ap.add_argument("--out", type=Path, default=MODEL_FILE)
    args = ap.parse_args(argv)
    sets = labelled_sets(args.index, args.eval, args.others_index)
    data = pools(sets, args.refresh)
    plans = sorted({p.plan for p in data})
    lopo_recall = {plan: learning.ranking_recall(learning.fit_ranker([p for p in data if p.plan != plan]),
                                                 [p for p in data if p.plan == plan]) for plan in plans}
    answerable = np.array([p.answerable for p in data])
    probs = learning.out_of_fold_answerable(data)
    threshold = learning.choose_threshold(probs, answerable, Config.false_refusal_budget)
    ranker = learning.fit_ranker(data)
    model = learning.fit_answerable(ranker, data)
    refuse = probs < threshold
    close, close_curve = learning.choose_close(ranker, data, Config.passages_budget, Config.max_passages)
    list_close, list_curve = learning.choose_close(ranker, data, Config.list_passages_budget, Config.list_passages,
                                                   listing=True)
    out = {
        "fitted_on": {"questions": len({p.qid for p in data}), "pools": len(data),
                      "candidates": int(sum(len(p.y) for p in data)),
                      "files": [str(f.relative_to(f.parents[1])) for s in sets for f in s.files],
                      "groups": "each shipped plan; the documents of each other-templates corpus (eval/others, others2 … others18) in five groups of whole documents",
                      "date": datetime.date.today().isoformat(),
                      "label": "ranker: the passage holds a gold evidence string; answerable: the question's "
                               "plan (for a comparison, the place's plan) holds its answer"},
        "ranker": {**ranker.as_json(), "held_out_evidence_in_top5": {k: round(v, 3) for k, v in lopo_recall.items()},
                   "held_out_evidence_in_top5_mean": round(float(np.mean(list(lopo_recall.values()))), 3)},
        "answerable": {**model.as_json(), "threshold": round(threshold, 3),
                       "threshold_chosen_on": f"the highest whose false refusal on probabilities of models fitted without the question's plan (LOPO) is within {Config.false_refusal_budget}",
                       "lopo_abstain_correct": round(float(refuse[~answerable].mean()), 3),
                       "lopo_false_refusal": round(float(refuse[answerable].mean()), 3),
                       "lopo_curve": learning.curve(probs, answerable)},
        "close": {"value": close, "chosen_on": f"the lowest ratio to the best passage's probability at which answers to the "
                                               f"fitted questions quote at most {Config.passages_budget} passages on average",
                  "curve": close_curve},
        "list_close": {"value": list_close, "chosen_on": f"as close, for the questions asking a list, within "
                                                         f"{Config.list_passages_budget} passages on average",
                       "curve": list_curve},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in out["ranker"].items() if k != "features"}, ensure_ascii=False))
    print(json.dumps({k: v for k, v in out["answerable"].items() if k != "lopo_curve"}, ensure_ascii=False))
    print(json.dumps({"close": close, "list_close": list_close}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
