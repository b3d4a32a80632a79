"""Fitting and choosing the threshold, on made-up pools (no index, no model)."""
import numpy as np

from assistant import learning
from assistant.features import FEATURE_NAMES, Need
from assistant.ranking import Linear

BM25, COVER = FEATURE_NAMES.index("bm25"), FEATURE_NAMES.index("text_coverage")


def pool(qid: str, plan: str, answerable: bool, rng) -> learning.Pool:
    X = rng.random((10, len(FEATURE_NAMES))).astype(np.float32) * 0.3
    y = np.zeros(10, dtype=np.int8)
    if answerable:
        X[0, BM25], X[0, COVER], y[0] = 0.9, 0.9, 1  # the answer: matched, covered
    return learning.Pool(qid, plan, answerable, np.arange(10), X, y, 0.3)


def pools() -> list[learning.Pool]:
    rng = np.random.default_rng(0)
    return [pool(f"q{i}", f"plan{i % 3}", i % 4 != 0, rng) for i in range(60)]


def test_the_ranker_learns_what_marks_the_answer():
    ranker = learning.fit_ranker(pools())
    weights = dict(zip(ranker.names, ranker.weights))
    assert weights["bm25"] > 0 and weights["text_coverage"] > 0
    assert learning.ranking_recall(ranker, pools(), k=1) == 1.0


def test_answerability_separates_and_its_threshold_is_chosen_on_left_out_plans():
    data = pools()
    probs = learning.out_of_fold_answerable(data)
    answerable = np.array([p.answerable for p in data])
    assert probs[answerable].min() > probs[~answerable].max()
    t = learning.choose_threshold(probs, answerable, false_refusal_budget=0.0)
    assert probs[~answerable].max() < t <= probs[answerable].min()


def test_the_threshold_keeps_false_refusals_within_the_budget():
    probs = np.array([0.2, 0.4, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9, 0.95, 0.97, 0.99])
    answerable = np.array([False, False] + [True] * 9)
    strict = learning.choose_threshold(probs, answerable, 0.0)
    loose = learning.choose_threshold(probs, answerable, 0.12)  # one refusal in nine allowed
    assert 0.4 < strict <= 0.5 and 0.5 < loose <= 0.55


def test_the_curve_trades_abstaining_for_false_refusals():
    probs = np.array([0.1, 0.3, 0.6, 0.9])
    answerable = np.array([False, True, True, True])
    curve = learning.curve(probs, answerable)
    assert curve[0]["false_refusal"] == 0.0 and curve[-1]["abstain_correct"] == 1.0
    assert [c["false_refusal"] for c in curve] == sorted(c["false_refusal"] for c in curve)


def test_a_linear_model_reads_and_writes_its_weights():
    model = Linear(("bm25", "dense"), (2.0, -1.0), 0.5)
    assert Linear.from_json(model.as_json()) == model
    assert abs(model.probability([1.0, 0.0]) - 1 / (1 + np.exp(-2.5))) < 1e-9


def test_the_referee_normalisation():
    assert learning.norm_text("Tỷ lệ <b>hộ</b>\u00a0nghèo  2,1%") == "tỷ lệ hộ nghèo 2,1%"


def test_a_whole_year_asked_outright_is_read_with_or_without_accents():
    from assistant.year_parts import names_whole_year
    assert names_whole_year("Tính cả năm 2024 trồng được bao nhiêu ha?") and names_whole_year("ca nam 2024 trong bao nhieu ha")
    assert not names_whole_year("Năm 2024 trồng được bao nhiêu ha cà phê?")


def test_the_shipped_model_reads_only_features_the_code_computes():
    import json
    from assistant import answerability
    from assistant.ranking import MODEL_FILE
    model = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert set(model["ranker"]["features"]) <= set(FEATURE_NAMES)
    assert set(model["answerable"]["features"]) <= set(answerability.NAMES)


def test_answerability_reads_the_part_of_the_year_of_the_best_passage():
    from assistant import answerability
    from assistant.ranking import Ranked
    half = Ranked(0, 0.7, {"period_other": 0.0, "part_year_unasked": 1.0})
    nine_for_half = Ranked(0, 0.7, {"period_other": 1.0, "part_year_unasked": 0.0})
    assert answerability.top_part_other(Need(weights={}, whole_year=True), [half]) == 1.0
    # a year asked without "cả năm" may be answered by the part-year report's figure
    assert answerability.top_part_other(Need(weights={}), [half]) == 0.0
    assert answerability.top_part_other(Need(weights={}, question="6 tháng thu bao nhiêu?", period="6 tháng"),
                                        [nine_for_half]) == 1.0


def test_answerability_reads_the_best_passages_year_side_and_rarest_word():
    from assistant import answerability
    from assistant.ranking import Ranked
    base = dict.fromkeys(("year_match", "year_other", "heading_year_other", "intent_mismatch", "key_term_missing"), 0.0)
    plan_2026 = Ranked(0, 0.8, {**base, "year_other": 1.0, "intent_mismatch": 1.0, "key_term_missing": 1.0})
    result_2025 = Ranked(1, 0.4, dict(base))
    asked = Need(weights={"thu": 1.0}, years=(2025,), intent="result")
    assert answerability.top_year_other(asked, [plan_2026, result_2025]) == 1.0  # the best is the other year's
    assert answerability.top_intent_mismatch(asked, [plan_2026, result_2025]) == 1.0
    assert answerability.top_year_other(asked, [result_2025, plan_2026]) == 0.0
    assert answerability.key_term_missing(asked, [plan_2026, result_2025]) == 1.0
    assert answerability.key_term_missing(asked, [result_2025, plan_2026]) == 0.0
    assert answerability.top_year_other(asked, []) == 0.0
    # dated to the year asked, under a section of the next: "Đầu năm 2026 › Rà soát cuối năm 2025: …"
    reviewed = Ranked(2, 0.6, {**base, "year_match": 1.0, "heading_year_other": 1.0})
    assert answerability.top_year_other(asked, [reviewed]) == 0.0
    assert answerability.top_year_other(asked, [Ranked(3, 0.6, {**base, "heading_year_other": 1.0})]) == 1.0


def test_a_further_passage_joins_at_the_lowest_ratio_the_passages_budget_allows():
    # made-up pools whose evidence is the second best passage in half the questions, a little
    # less probable than the best: a low enough ratio quotes it, at the cost of longer answers
    rng = np.random.default_rng(1)
    data = []
    for i in range(40):
        X = rng.random((6, len(FEATURE_NAMES))).astype(np.float32) * 0.2
        y = np.zeros(6, dtype=np.int8)
        X[0, BM25], X[1, BM25] = 0.9, 0.7
        y[i % 2] = 1
        data.append(learning.Pool(f"q{i}", "plan", True, np.arange(6), X, y, 0.3))
    ranker = Linear(("bm25",), (6.0,), -3.0)
    close, curve = learning.choose_close(ranker, data, budget=2.0, limit=3)
    hit, quoted = learning.passages_quoted(ranker, data, close, 3)
    assert hit == 1.0 and quoted <= 2.0
    assert learning.passages_quoted(ranker, data, 0.95, 3)[0] == 0.5  # the best alone
    tight, _ = learning.choose_close(ranker, data, budget=1.0, limit=3)
    assert tight > close and learning.passages_quoted(ranker, data, tight, 3)[1] <= 1.0
    assert [c["close"] for c in curve] == sorted((c["close"] for c in curve), reverse=True)
    # a question asking a list is measured apart, by the ratio of its own
    lists = [learning.Pool(p.qid, p.plan, True, p.rows, p.X, p.y, 0.3, listing=True) for p in data]
    assert np.isnan(learning.passages_quoted(ranker, lists, close, 3)[0])  # none of them asks no list
    assert learning.passages_quoted(ranker, lists, close, 3, listing=True) == (hit, quoted)


def test_the_fitted_ratio_is_read_with_the_models(tmp_path):
    import json
    from assistant.config import Config, from_file
    from assistant.ranking import MODEL_FILE
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    data["close"], data["list_close"] = {"value": 0.42}, 0.33
    path = tmp_path / "ranker.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert (from_file(path).close, from_file(path).list_close) == (0.42, 0.33)
    del data["close"], data["list_close"]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert (from_file(path).close, from_file(path).list_close) == (Config.close, Config.list_close)
