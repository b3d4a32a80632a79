"""Answerability: do the best of the ranked passages answer at all? A calibrated
probability from question-level features of the ranking, compared with a threshold chosen
on plans left out of the fit (scripts/fit.py). The features read the values the ranking
already computed, so nothing is measured twice."""
from __future__ import annotations

from .features import Need
from .ranking import Linear, Ranked

TOP = 3  # the passages an answer quotes from, at most, when it is not a list


def _best(ranked: list[Ranked], name: str) -> float:
    return max((r.features[name] for r in ranked[:TOP]), default=0.0)


def top_probability(need: Need, ranked: list[Ranked]) -> float:
    return ranked[0].probability if ranked else 0.0


def margin(need: Need, ranked: list[Ranked]) -> float:
    """How far the best passage stands above the next (one clear answer, or look-alikes)."""
    return ranked[0].probability - ranked[1].probability if len(ranked) > 1 else top_probability(need, ranked)


def top_coverage(need: Need, ranked: list[Ranked]) -> float:
    return _best(ranked, "term_coverage")


def top_text_coverage(need: Need, ranked: list[Ranked]) -> float:
    return _best(ranked, "text_coverage")


def top_clause_coverage(need: Need, ranked: list[Ranked]) -> float:
    """How much of the question the best passage holds around one figure (features.clause_coverage):
    a question asking a breakdown the plan never makes finds its words, but apart."""
    return ranked[0].features["clause_coverage"] if ranked else 0.0


def unit_found(need: Need, ranked: list[Ranked]) -> float:
    """A unit is asked and one of the best passages gives a figure in it."""
    return _best(ranked, "unit_match")


def unit_absent(need: Need, ranked: list[Ranked]) -> float:
    """A unit is asked ("bao nhiêu phần trăm") and none of the best passages gives a figure in it."""
    return float(bool(need.units) and not unit_found(need, ranked))


def figure_absent(need: Need, ranked: list[Ranked]) -> float:
    """A figure is asked and none of the best passages gives one."""
    return float(bool(ranked) and all(r.features["figure_missing"] for r in ranked[:TOP]))


def year_absent(need: Need, ranked: list[Ranked]) -> float:
    """A year is asked and none of the best passages (nor their sections) is of that year: a
    2025 target does not say how 2024 went."""
    return float(bool(need.years) and not any(r.features["year_match"] or r.features["heading_year_match"]
                                              for r in ranked[:TOP]))


def top_year_other(need: Need, ranked: list[Ranked]) -> float:
    """The best passage, or its section, is dated only to other years than those asked: a
    plan's target for next year does not say what this year achieved. A passage dated to the
    year asked is of that year whatever its section says ("Thực trạng đầu năm 2025 › Cuối năm 2024: …")."""
    if not ranked:
        return 0.0
    f = ranked[0].features
    return f["year_other"] if f["year_match"] else max(f["year_other"], f["heading_year_other"])


def top_intent_mismatch(need: Need, ranked: list[Ranked]) -> float:
    """A result is asked and the best passage sets a target, or the other way round."""
    return ranked[0].features["intent_mismatch"] if ranked else 0.0


def key_term_missing(need: Need, ranked: list[Ranked]) -> float:
    """The best passage lacks the question's rarest word (features.key_term_missing)."""
    return ranked[0].features["key_term_missing"] if ranked else 1.0


def top_kind_other(need: Need, ranked: list[Ranked]) -> float:
    """The best passage names another kind of the indicator asked (features.kind_other)."""
    return ranked[0].features["kind_other"] if ranked else 0.0


def top_indicator_other(need: Need, ranked: list[Ranked]) -> float:
    """The best passage names other official indicators than the one asked (features.indicator_other)."""
    return ranked[0].features["indicator_other"] if ranked else 0.0


def indicator_stated_found(need: Need, ranked: list[Ranked]) -> float:
    """One of the best passages states a figure of the official indicator asked (of the year asked)."""
    return _best(ranked, "indicator_stated")


def top_indicator_unstated(need: Need, ranked: list[Ranked]) -> float:
    """The best passage names the indicator asked without a figure of it (features.indicator_unstated)."""
    return ranked[0].features["indicator_unstated"] if ranked else 0.0


def top_part_other(need: Need, ranked: list[Ranked]) -> float:
    """The best passage is of another part of the year than asked: a nine-month figure for
    "6 tháng đầu năm", or a six-month one for a year asked outright ("tính cả năm 2025")."""
    if not ranked:
        return 0.0
    f = ranked[0].features
    return max(f["period_other"], f["part_year_unasked"] if need.whole_year else 0.0)


def question_words(need: Need, ranked: list[Ranked]) -> float:
    """How wordy the question is (a long one describes more than a plan says): 15 words -> 1."""
    return min(1.0, len([t for t in need.weights if "_" not in t]) / 15)


def unknown_words(need: Need, ranked: list[Ranked]) -> float:
    """Share of the question's word weight no plan writes: everyday words for the plan's terms
    ("rủ thêm người" for "vận động"), or a topic the plans lack ("sầu riêng" where none grows)."""
    return need.unknown_share


def comparison(need: Need, ranked: list[Ranked]) -> float:
    """The passages are one place's of a comparison: its question's words are shared among
    several plans' wordings, so less of them is found in any one."""
    return float(need.comparison)


FEATURES = (top_probability, margin, top_coverage, top_text_coverage, top_clause_coverage, unit_found, unit_absent,
            figure_absent, year_absent, top_year_other, top_intent_mismatch, key_term_missing, top_kind_other,
            top_indicator_other, indicator_stated_found, top_indicator_unstated,
            top_part_other, question_words, unknown_words, comparison)
NAMES = tuple(f.__name__ for f in FEATURES)


def vector(need: Need, ranked: list[Ranked], names: tuple[str, ...] = NAMES) -> list[float]:
    by_name = {f.__name__: f for f in FEATURES}
    return [float(by_name[n](need, ranked)) for n in names]


def probability(model: Linear, need: Need, ranked: list[Ranked]) -> float:
    return model.probability(vector(need, ranked, model.names)) if ranked else 0.0
