"""Held-out measurement: fit the ranker and the answerability model on every group of
labelled questions but one, answer the left-out group's questions through the real pipeline,
score them as the referee does (eval/score.py). The groups: each of the five shipped plans
(leave-one-plan-out, LOPO, over dev and the held-out sets) and five groups of whole documents
of the other-templates corpus eval/others (leave-documents-out), fitted together.

    python scripts/lopo.py [--index index] [--others-index .cache/index-others] [--eval ../shared/eval]
                           [--summary] [--report FILE]

Features come from the caches scripts/fit.py writes (.cache/pools-*.npz); the fold models are
cached beside them (.cache/pools-*-folds.json), refitted when the features change.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import multiprocessing
import os
import sys
from collections import defaultdict
from dataclasses import replace
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from assistant import answerability, learning, store  # noqa: E402
from assistant.answering import answer_question  # noqa: E402
from assistant.config import Config, default_config  # noqa: E402
from assistant.ranking import Linear  # noqa: E402
from fit import CACHE, OTHER_SETS, OTHERS_INDEX, labelled_sets, pools  # noqa: E402

FOLDS = CACHE.with_name(CACHE.stem + "-folds.json")


def referee(eval_dir: Path):
    spec = importlib.util.spec_from_file_location("score", eval_dir / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_DATA: list[learning.Pool] = []


def _fit_without(plan: str):
    """One fold: every group but `plan` (a worker process; each fold is independent)."""
    train = [p for p in _DATA if p.plan != plan]
    ranker, answerable, threshold = learning.fit_fold(train, Config.false_refusal_budget)
    close, _ = learning.choose_close(ranker, train, Config.passages_budget, Config.max_passages)
    list_close, _ = learning.choose_close(ranker, train, Config.list_passages_budget, Config.list_passages, listing=True)
    return plan, (ranker, answerable, threshold, (close, list_close))


def fold_models(data: list[learning.Pool], sets) -> dict:
    # refitted when the features or the fitting change
    key = hashlib.sha256(b"".join(s.cache().read_bytes() for s in sets) + Path(learning.__file__).read_bytes()
                         + Path(answerability.__file__).read_bytes()).hexdigest()
    if FOLDS.exists():
        cached = json.loads(FOLDS.read_text())
        if cached.get("key") == key:
            return {plan: (Linear.from_json(m["ranker"]), Linear.from_json(m["answerable"]), m["threshold"],
                           tuple(m["close"])) for plan, m in cached["folds"].items()}
    global _DATA
    _DATA = data  # read by the forked workers, not pickled to each
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1, mp_context=multiprocessing.get_context("fork")) as pool:
        out = dict(pool.map(_fit_without, sorted({p.plan for p in data})))
    FOLDS.write_text(json.dumps({"key": key, "folds": {
        plan: {"ranker": r.as_json(), "answerable": a.as_json(), "threshold": t, "close": c}
        for plan, (r, a, t, c) in out.items()}}))
    return out


class RememberedQueries:
    """The encoder, with the vectors of questions already encoded kept in .cache (the same
    1,021 questions and their parts are encoded at every run: only the first pays)."""

    def __init__(self, encoder):
        self.encoder = encoder
        self.path = CACHE.with_name(f"queries-{encoder.name}.npz")
        self.vectors: dict[str, np.ndarray] = {}
        if self.path.exists():
            data = np.load(self.path, allow_pickle=False)
            self.vectors = dict(zip(data["texts"].tolist(), data["vectors"]))
        self.added = False

    def encode_query(self, text: str) -> np.ndarray:
        if text not in self.vectors:
            self.vectors[text] = self.encoder.encode_query(text)
            self.added = True
        return self.vectors[text]

    def save(self) -> None:
        if self.added:
            np.savez(self.path, texts=np.array(list(self.vectors)), vectors=np.stack(list(self.vectors.values())))


def _code_key() -> str:
    """The answering code and its data (vocabulary, shipped model): answers kept for a set are
    reused only while none of it changed."""
    files = sorted(p for p in (REPO / "assistant").rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return hashlib.sha256(b"".join(p.relative_to(REPO).as_posix().encode() + p.read_bytes() for p in files)).hexdigest()


def _answers_file(s, code: str, build: str | None, models: dict, after_unrelated: bool) -> Path:
    """Where one set's left-out answers are kept (.cache, git-ignored), named by all they depend on:
    the code, the set's index build, its questions, the fold models, the way questions are asked."""
    folds = json.dumps({k: (r.as_json(), a.as_json(), t, c) for k, (r, a, t, c) in sorted(models.items())}, sort_keys=True)
    key = hashlib.sha256("|".join([code, str(build), folds, str(after_unrelated), *(
        f.read_text(encoding="utf-8") for f in s.files)]).encode()).hexdigest()[:16]
    return CACHE.parent / f"lopo-answers-{s.name}-{key}.json"


def unrelated(gold: list[dict], plans: dict, n: int) -> list[str]:
    """An earlier question about another plan (the next such in the file, asked alone)."""
    for g in gold[n + 1:] + gold[:n]:
        if plans[g["id"]] != plans[gold[n]["id"]] and not g.get("history") and g.get("docs"):
            return [g["question"]]
    return []


def line(name: str, r: dict) -> str:
    return (f"{name:<28} n={r['n']:<5} answer_accuracy={r['answer_accuracy']:.3f} "
            f"evidence_recall@5={r['evidence_recall@5']:.3f} abstain_correct={r['abstain_correct']:.3f} "
            f"false_refusal={r['false_refusal']:.3f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", type=Path, default=REPO / "index")
    ap.add_argument("--others-index", type=Path, default=OTHERS_INDEX)
    ap.add_argument("--eval", type=Path, default=REPO.parent / "shared" / "eval")
    ap.add_argument("--summary", action="store_true", help="only the overall and per-fold lines")
    ap.add_argument("--report", type=Path, help="write the full result (with the config) as JSON")
    ap.add_argument("--after-unrelated", action="store_true",
                    help="ask each question that has no history after a question about another plan")
    args = ap.parse_args(argv)
    from assistant.embedding import encoder_from_env
    from assistant.retrieval import open_index
    score = referee(args.eval)
    sets = labelled_sets(args.index, args.eval, args.others_index)
    data = pools(sets, refresh=False)
    models = fold_models(data, sets)
    encoder = encoder_from_env()
    if encoder is not None:
        encoder = RememberedQueries(encoder)
    base = default_config()
    results, all_preds, thresholds = {}, [], {}
    titles = {"plans": "LOPO five plans", **{n: f"Leave-docs-out {n}" for n in OTHER_SETS}}
    code = _code_key()
    for s in sets:
        index = open_index(s.index, getattr(encoder, "encoder", encoder))
        gold = learning.load_questions(list(s.files))
        groups = s.groups(index)
        plans = {g["id"]: learning.plan_of(g, index) for g in gold}
        by_group = defaultdict(list)
        for g in gold:
            by_group[learning.group_of(g, index, groups)].append(g)
        kept = _answers_file(s, code, store.build_id(s.index), models, args.after_unrelated)
        if kept.exists():
            preds = json.loads(kept.read_text(encoding="utf-8"))  # nothing changed since they were answered
        else:
            preds = []
            for n, g in enumerate(gold):
                group = learning.group_of(g, index, groups)
                # a group with no pool answers with the shipped models; the others with their fold's,
                # the ratios for further passages chosen on the fold's own pools too
                config = replace(base.with_models(*models[group][:3]), close=models[group][3][0],
                                 list_close=models[group][3][1]) if group in models else base
                history = g.get("history") or (unrelated(gold, plans, n) if args.after_unrelated else [])
                a = answer_question(index, encoder, g["question"], history, config=config)
                preds.append({"id": g["id"], **a.as_json()})
            for old in kept.parent.glob(f"lopo-answers-{s.name}-*.json"):
                old.unlink()
            kept.write_text(json.dumps(preds, ensure_ascii=False), encoding="utf-8")
        overall = score.score(gold, preds, 5)
        print(line(titles.get(s.name, s.name), overall))
        folds = {}
        for group, qs in sorted(by_group.items()):
            folds[group] = score.score(qs, preds, 5)
            thresholds[group] = models[group][2]
            if not args.summary or s.name == "plans":
                print(line(f"  fold {group[:12]}", folds[group]))
        if not args.summary:
            for field in ("by_type", "by_style"):
                print(f"{s.name} {field}: " + "  ".join(f"{k}={v['accuracy']:.3f}" for k, v in overall[field].items()))
        results[s.name] = {"overall": overall, "folds": folds}
        all_preds.extend(preds)
    if encoder is not None:
        encoder.save()
    if args.report:
        args.report.write_text(json.dumps({"config": base.as_json(), "results": results,
                                           "fold_thresholds": thresholds, "predictions": all_preds},
                                          ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
