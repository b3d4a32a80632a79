"""Every knob of the answer pipeline in one frozen value, passed explicitly
(`answer_question(..., config=DEFAULT_CONFIG)`) and written into each evaluation report.

The ranking weights and the "not found" threshold are fitted (assistant/data/ranker.json,
scripts/fit.py); what stays here are sizes and lengths of what is shown, not scores.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from .ranking import MODEL_FILE, Linear, load_models


@dataclass(frozen=True)
class Config:
    ranker: Linear
    answerable: Linear
    threshold: float  # answer when the probability that the best passages answer reaches it
    # the threshold is the highest whose false-refusal rate on plans left out stays within this
    # (scripts/fit.py): the product's tolerance, not a fitted value
    false_refusal_budget: float = 0.03
    lexical_depth: int = 30  # candidates: the best BM25 rows …
    dense_depth: int = 10  # … and the most similar rows by the dense model
    # a further passage joins the answer when its probability is this close to the best's: the
    # fitted file's value (scripts/fit.py: the lowest ratio at which answers to the fitted questions
    # quote at most passages_budget passages on average), this one without it
    close: float = 0.85
    passages_budget: float = 1.3  # the product's tolerance: an answer is a sentence or two
    # a question naming no place is answered for each place whose best passage is this close to
    # the best of all (not fitted: choose_close measures passages of one place, not places)
    place_close: float = 0.85
    max_passages: int = 3
    restated_depth: int = 5  # a table row's figure also said in a sentence among this many best passages: the sentence is quoted
    list_passages: int = 8  # a list takes every passage nearly as probable as the best (table rows) …
    list_close: float = 0.7  # … this close to it: the fitted file's value (as close), this one without it
    list_passages_budget: float = 2.0  # the product's tolerance for a list's answer
    max_list_rows: int = 15  # a table group's rows brought into a list answer, at most
    n_citations: int = 5
    snippet_chars: int = 320
    list_snippet_chars: int = 400  # a list item's paragraph up to this long is quoted whole
    # how a table column fits a question (quoting.column_score): its year is the one asked (±),
    # a ratio or baseline column asked for (+) or not (−), the side asked (±), the part of a year
    # asked (+), a column the question names in words ("tổng mức đầu tư bao nhiêu", +)
    column_year: float = 2.0
    column_ratio_asked: float = 1.5
    column_ratio_unasked: float = 0.5
    column_side: float = 1.0
    column_period: float = 1.0
    column_named: float = 1.0
    row_label_chars: int = 160  # a table row's label is quoted up to this long
    sub_list_opening: int = 200  # characters: "Các tiêu chí chưa đạt (03 tiêu chí):" opens a sub-list; a paragraph is longer
    max_question_chars: int = 1000
    conflict_cover_gap: float = 0.1  # a passage giving another figure conflicts when it holds the question this nearly as fully
    conflict_label_words: int = 4  # … for the same thing: of the last words before each figure in its clause …
    conflict_label_shared: int = 2  # … the two figures share this many (or all the shorter label has)
    heading_list_cover: float = 0.2  # a heading holding this share of a list question names the list
    list_headings: int = 5  # … among the headings of this many best passages
    uncovered_part: float = 0.15  # a quote takes another sentence while this share of a two-part question is missing
    max_parts: int = 3  # figures sought for a question asking "bao nhiêu" several times
    common_phrase: int = 3  # passages using a pair of words that make it vocabulary, not a place's name
    model_file: str = field(default=str(MODEL_FILE))

    def as_json(self) -> dict:
        out = asdict(self)
        out["ranker"], out["answerable"] = self.ranker.as_json(), self.answerable.as_json()
        return out

    def with_models(self, ranker: Linear, answerable: Linear, threshold: float) -> "Config":
        return replace(self, ranker=ranker, answerable=answerable, threshold=threshold)


def from_file(path: Path = MODEL_FILE) -> Config:
    models = load_models(path)
    return Config(ranker=models["ranker"], answerable=models["answerable"], threshold=models["threshold"],
                  close=models.get("close", Config.close), list_close=models.get("list_close", Config.list_close),
                  model_file=str(path))


_DEFAULT: list[Config] = []


def default_config() -> Config:
    """The shipped configuration, read once from the fitted file."""
    if not _DEFAULT:
        _DEFAULT.append(from_file())
    return _DEFAULT[0]
