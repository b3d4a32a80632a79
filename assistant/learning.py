"""Fitting the ranker and the answerability model on labelled questions, and measuring them
leave-one-plan-out (LOPO). Used by scripts/fit.py and scripts/lopo.py; not at answer time.

The labelled data: for every question of the development and held-out sets, the candidates
the pipeline would rank (same reading of the question, same search), each with its feature
vector and a label: the passage holds a gold evidence string (compared as the referee,
eval/score.py, compares: NFC, lower case, no markup, one space).
"""
from __future__ import annotations

import json
import re
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import answerability
from .candidates import candidates
from .features import FEATURE_NAMES, Need
from .ranking import Linear, Ranked

_TAG = re.compile(r"</?(?:b|i|u|sup|sub|br)\s*/?>", re.I)
FOLDS = 5


def norm_text(s: str) -> str:
    """As the referee normalises text for containment (eval/score.py: norm_text)."""
    s = unicodedata.normalize("NFC", s)
    s = _TAG.sub(" ", s).replace("\u00a0", " ").lower()
    return re.sub(r"\s+", " ", s).strip()


def load_questions(paths: list[Path]) -> list[dict]:
    out = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            out.extend(json.loads(line) for line in f if line.strip())
    return out


def plan_of(g: dict, index) -> str:
    """The plan a question belongs to, for leave-one-plan-out: its first gold plan; an
    unanswerable one by its place's plan, or (a place no plan covers) spread over the plans
    by its id, so each fold holds some."""
    if g.get("docs"):
        return g["docs"][0]
    place = norm_text(g.get("place", ""))
    for d in index.docs:
        if d.place_label and norm_text(d.place_label) == place:
            return d.source
    sources = sorted(d.source for d in index.docs)
    return sources[zlib.crc32(g["id"].encode()) % len(sources)]


def document_groups(sources, prefix: str, n: int = FOLDS) -> dict[str, str]:
    """Whole documents dealt into n groups in name order, for leave-documents-out: a corpus
    whose files are numbered across templates gets each template spread over the groups."""
    return {s: f"{prefix}{i % n}" for i, s in enumerate(sorted(sources))}


def group_of(g: dict, index, groups: dict[str, str] | None = None) -> str:
    """The held-out group of a question: its plan (plan_of), or that plan's group of
    documents; a comparison goes with its first document."""
    plan = plan_of(g, index)
    return groups.get(plan, plan) if groups else plan


@dataclass
class Pool:
    """One ranking problem: a question (or, for a comparison, one place of it)."""
    qid: str
    plan: str  # fold key
    answerable: bool
    rows: np.ndarray  # passage rows
    X: np.ndarray  # features, one row per candidate (FEATURE_NAMES order)
    y: np.ndarray  # 1 = holds gold evidence
    words: float  # answerability.question_words
    comparison: bool = False  # one place of a comparison
    years: tuple = ()  # years asked
    listing: bool = False  # a list is asked
    unknown: float = 0.0  # answerability.unknown_words


def build_pools(index, encoder, questions: list[dict], lexical_depth: int, dense_depth: int,
                groups: dict[str, str] | None = None) -> list[Pool]:
    from .answering import need_of, read_query
    from .features import vector
    pools = []
    for g in questions:
        q = read_query(index, g["question"], list(g.get("history") or []), None)
        if not hasattr(q, "content"):
            continue  # refused before ranking (no question, a place with no plan)
        need = need_of(index, q)
        evidence = [norm_text(e) for e in g.get("evidence") or []]
        plan = group_of(g, index, groups)
        answerable = g["type"] != "unanswerable"
        place_sets = [[p] for p in (q.places or index.places)] if q.comparison else [None]
        for places in place_sets:
            cands = candidates(index, encoder, q, places, lexical_depth, dense_depth)
            if not cands:
                continue
            X = np.array([vector(need, c) for c in cands], dtype=np.float32)
            y = np.array([any(e in norm_text(c.text) for e in evidence) for c in cands], dtype=np.int8)
            holds = answerable if places is None else _place_answers(index, g, places[0])
            pools.append(Pool(g["id"], plan, holds, np.array([c.row for c in cands]), X, y,
                              answerability.question_words(need, []), need.comparison, tuple(need.years),
                              need.listing, need.unknown_share))
    return pools


def _place_answers(index, g: dict, place) -> bool:
    return any(index.docs[index.doc_number[s]].place_label == place.label for s in g.get("docs") or []
               if s in index.doc_number)


def save_pools(pools: list[Pool], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    sizes = np.array([len(p.y) for p in pools])
    np.savez_compressed(path, X=np.concatenate([p.X for p in pools]), y=np.concatenate([p.y for p in pools]),
                        rows=np.concatenate([p.rows for p in pools]), sizes=sizes,
                        qid=np.array([p.qid for p in pools]), plan=np.array([p.plan for p in pools]),
                        answerable=np.array([p.answerable for p in pools]),
                        words=np.array([p.words for p in pools]), comparison=np.array([p.comparison for p in pools]),
                        years=np.array([",".join(map(str, p.years)) for p in pools]),
                        listing=np.array([p.listing for p in pools]), unknown=np.array([p.unknown for p in pools]),
                        names=np.array(FEATURE_NAMES))


def load_pools(path: Path) -> list[Pool]:
    d = np.load(path, allow_pickle=False)
    if tuple(d["names"]) != FEATURE_NAMES or "unknown" not in d.files:
        raise ValueError("cached features were computed for other feature names; rebuild the cache")
    bounds = np.concatenate([[0], np.cumsum(d["sizes"])])
    return [Pool(str(d["qid"][i]), str(d["plan"][i]), bool(d["answerable"][i]), d["rows"][a:b], d["X"][a:b],
                 d["y"][a:b], float(d["words"][i]), bool(d["comparison"][i]),
                 tuple(int(y) for y in str(d["years"][i]).split(",") if y), bool(d["listing"][i]),
                 float(d["unknown"][i]))
            for i, (a, b) in enumerate(zip(bounds[:-1], bounds[1:]))]


def fit_ranker(pools: list[Pool], names=FEATURE_NAMES, c: float = 1.0) -> Linear:
    """Logistic regression of "holds the evidence" on the features, over the candidates of
    answerable questions (an unanswerable question's candidates hold nothing to learn)."""
    from sklearn.linear_model import LogisticRegression
    cols = [FEATURE_NAMES.index(n) for n in names]
    use = [p for p in pools if p.answerable and p.y.any()]
    X = np.concatenate([p.X[:, cols] for p in use])
    y = np.concatenate([p.y for p in use])
    m = LogisticRegression(C=c, max_iter=2000).fit(X, y)
    return Linear(tuple(names), tuple(float(w) for w in m.coef_[0]), float(m.intercept_[0]))


def ranked_pool(model: Linear, pool: Pool, top: int | None = None) -> list[Ranked]:
    """The pool's candidates as `ranking.rank` orders them (the `top` best only, when given),
    the probabilities computed for the whole pool at once: the nested leave-one-out fits call
    this some 80,000 times."""
    cols = [FEATURE_NAMES.index(n) for n in model.names]
    z = pool.X[:, cols].astype(np.float64) @ np.array(model.weights) + model.intercept
    probs = 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))
    order = np.lexsort((pool.rows, -pool.X[:, FEATURE_NAMES.index("bm25")], -probs))[:top]
    return [Ranked(int(pool.rows[i]), float(probs[i]), dict(zip(FEATURE_NAMES, pool.X[i].tolist()))) for i in order]


def _need(p: Pool, units: bool) -> Need:
    """What the question-level features read of the question, as kept in the cache: how many
    words, whether a unit or years are asked, whether it is one place of a comparison, the
    share of its words no plan writes."""
    return Need(weights={f"w{i}": 1.0 for i in range(int(round(p.words * 15)))}, units=("?",) if units else (),
                years=p.years, comparison=p.comparison, listing=p.listing, unknown_share=p.unknown)


def answer_vectors(ranker: Linear, pools: list[Pool]) -> np.ndarray:
    out = []
    for p in pools:
        ranked = ranked_pool(ranker, p, answerability.TOP)  # what the answerability features read
        units = bool(p.X[:, FEATURE_NAMES.index("unit_match")].any() or p.X[:, FEATURE_NAMES.index("unit_missing")].any())
        out.append(answerability.vector(_need(p, units), ranked))
    return np.array(out, dtype=np.float64)


def fit_answerable(ranker: Linear, pools: list[Pool]) -> Linear:
    from sklearn.linear_model import LogisticRegression
    X = answer_vectors(ranker, pools)
    y = np.array([p.answerable for p in pools], dtype=np.int8)
    m = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced").fit(X, y)
    return Linear(answerability.NAMES, tuple(float(w) for w in m.coef_[0]), float(m.intercept_[0]))


def out_of_fold_answerable(pools: list[Pool]) -> np.ndarray:
    """Answerability probability of each pool from models fitted without its plan."""
    probs = np.zeros(len(pools))
    for plan in sorted({p.plan for p in pools}):
        train = [p for p in pools if p.plan != plan]
        test = [i for i, p in enumerate(pools) if p.plan == plan]
        ranker = fit_ranker(train)
        model = fit_answerable(ranker, train)
        X = answer_vectors(ranker, [pools[i] for i in test])
        probs[test] = [model.probability(list(x)) for x in X]
    return probs


def curve(probs: np.ndarray, answerable: np.ndarray, steps: int = 19) -> list[dict]:
    """Abstain-correct and false-refusal rates for thresholds 0.05 … 0.95."""
    out = []
    for t in np.linspace(0.05, 0.95, steps):
        refuse = probs < t
        out.append({"threshold": round(float(t), 2),
                    "abstain_correct": round(float(refuse[~answerable].mean()), 3) if (~answerable).any() else None,
                    "false_refusal": round(float(refuse[answerable].mean()), 3) if answerable.any() else None})
    return out


def choose_threshold(probs: np.ndarray, answerable: np.ndarray, false_refusal_budget: float = 0.03) -> float:
    """The highest threshold (most "not found" said where the plans hold nothing) whose
    false-refusal rate, on probabilities from plans left out, stays within the budget: a
    wrong refusal of a question the plan answers costs the official more than a weak answer
    shown with its citations. The budget is Config.false_refusal_budget."""
    grid = np.linspace(0.02, 0.98, 49)
    within = [t for t in grid if (probs < t)[answerable].mean() <= false_refusal_budget]
    return float(max(within, default=grid[0]))


def fit_fold(pools: list[Pool], false_refusal_budget: float) -> tuple[Linear, Linear, float]:
    """Ranker, answerability model and its threshold from these pools alone; the threshold
    chosen on the answerability of each of their plans as fitted without it (nested LOPO)."""
    answerable = np.array([p.answerable for p in pools])
    threshold = choose_threshold(out_of_fold_answerable(pools), answerable, false_refusal_budget)
    ranker = fit_ranker(pools)
    return ranker, fit_answerable(ranker, pools), threshold


def passages_quoted(ranker: Linear, pools: list[Pool], close: float, limit: int,
                    listing: bool = False) -> tuple[float, float]:
    """(share of answerable questions whose evidence is among the passages an answer quotes, mean
    number of passages quoted): the best one and those whose probability is at least `close`
    times the best's, `limit` at most (compose._chosen); of the questions asking a list, or of
    the others (a list takes more passages, by a ratio of its own)."""
    use = [p for p in pools if p.answerable and p.y.any() and p.listing == listing]
    hits = quoted = 0
    for p in use:
        ranked = ranked_pool(ranker, p, limit)
        rows = {r.row for r in ranked if r.probability >= close * ranked[0].probability}
        hits += any(int(r) in rows for r, y in zip(p.rows, p.y) if y)
        quoted += len(rows)
    return (hits / len(use), quoted / len(use)) if use else (float("nan"), float("nan"))


def choose_close(ranker: Linear, pools: list[Pool], budget: float, limit: int,
                 listing: bool = False) -> tuple[float, list[dict]]:
    """The lowest ratio to the best passage's probability (most answers holding their evidence)
    at which a further passage joins the answer while answers quote at most `budget` passages on
    average (Config.passages_budget: an answer is a sentence or two; Config.list_passages_budget
    for a list), and the curve it was read from."""
    curve = []
    for close in np.round(np.arange(0.95, 0.099, -0.05), 2):
        hit, quoted = passages_quoted(ranker, pools, float(close), limit, listing)
        curve.append({"close": float(close), "evidence_quoted": round(hit, 3), "passages": round(quoted, 3)})
    within = [c["close"] for c in curve if c["passages"] <= budget]
    return (min(within) if within else curve[0]["close"]), curve


def ranking_recall(ranker: Linear, pools: list[Pool], k: int = 5) -> float:
    """Share of answerable pools whose evidence is among the k best ranked."""
    use = [p for p in pools if p.answerable and p.y.any()]
    hits = 0
    for p in use:
        top = {r.row for r in ranked_pool(ranker, p, k)}
        hits += any(int(r) in top for r, y in zip(p.rows, p.y) if y)
    return hits / len(use) if use else float("nan")
