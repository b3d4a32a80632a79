"""Answer features: each a named pure function of (what the question asks, one candidate
passage), a number in [0, 1]. The ranking and the "not found" decision combine them with
weights fitted on labelled questions (assistant/data/ranker.json), so no feature carries a
hand-set weight.

The two inputs are plain frozen values, so each feature can be tested on a made-up passage:
`Need` is what the question asks (read once from the question), `Candidate` what a passage
offers (its words, figures, years, retrieval scores).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import lexicon
from .chunking import CELL_SEPARATOR, PREAMBLE, has_word, row_cells, row_label
from .fusion import coverage
from .indicator_vocabulary import fold as fold_fast, names_in
from .question import STOP_SYLLABLES
from .vietnamese import (ABBREVIATIONS, contrast_kinds, expand_abbreviations, fold, fold_syllable, has_diacritics,
                         linked_phrases, synonyms_of, syllables)
from .year_parts import names_whole_year

# a figure, not a year ("năm 2024, …")
NUMBER = re.compile(r"(?<![\d.,])(?!(?:19|20)\d\d(?!\d|[.,]\d))\d")
# the number of a row, item or section ("2.3.1. Lĩnh vực kinh tế") says no figure
ROW_NUMBER = re.compile(r"^[\W_]*(?:<b>)?[\dIVX.]+(?:</b>)?[).]?[\t ]", re.M)
# nor does the number of an annex, article or clause it names ("Biểu 01", "Điều 3", "khoản 2")
# ("mục", "điểm" are left: "danh mục 12 dự án", "9 điểm" count)
LABEL_NUMBER = re.compile(r"(?<!\w)(?:biểu|phụ\s+lục|điều|khoản|chương|tiêu\s+chí)(?:\s+số)?\s+\d+(?:\.\d+)*", re.I)
# nor does a document's number or a date ("Quyết định số 15/2026/QĐ-UBND ngày 03/4/2026",
# "tháng 9/2026"): they name a paper or a day, not a quantity
REFERENCE_NUMBER = re.compile(
    r"(?<![\w.,/])\d+(?:/\d+)*/[A-ZĐ][\w-]*"  # 15/2026/QĐ-UBND, 210/BC-UBND
    r"|(?<![\w.,/])\d{1,2}/\d{1,2}/(?:19|20)\d\d(?![\d/])"  # 03/4/2026
    r"|(?<=ngày )\d{1,2}/\d{1,2}(?![\d/])"  # ngày 03/4
    r"|(?<=ngày )\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+(?:19|20)\d\d)?"  # ngày 3 tháng 4 năm 2026
    r"|(?<=tháng )\d{1,2}/(?:19|20)\d\d(?![\d/])", re.I)  # tháng 9/2026
# A line holding only a person's name, as under a signature ("**Trần Văn An**"): two to
# four capitalised syllables, not all in capitals (those are titles: "CHỦ TỊCH").
NAME_LINE = re.compile(r"^[*_ ]*(?=[^\n]*[a-zà-ỹđ])(?:[A-ZÀ-ỸĐ][a-zà-ỹđ]*\s){1,3}[A-ZÀ-ỸĐ][a-zà-ỹđ]*[*_ ]*$", re.M)


@dataclass(frozen=True)
class Need:
    """What a quote should hold: the question's weighted terms, a figure (in a unit) when one
    is asked for, the planned or achieved side, the years named, a person."""
    weights: dict[str, float]
    wants_number: bool = False
    intent: str | None = None  # "target", "result" or None
    years: tuple[int, ...] = ()
    parts: int = 1  # things asked ("bao nhiêu … và mấy …" asks two)
    units: tuple[str, ...] = ()  # the unit asked for ("bao nhiêu hộ" -> ("hộ",))
    listing: bool = False  # all the items of a list are asked for
    question: str = ""  # as typed: plan synonyms are matched on its phrases
    who: bool = False  # a person is asked for ("… ký là ai?")
    comparison: bool = False  # one place of several compared (its words name the others' wordings too)
    period: str = ""  # the part of a year asked ("6 tháng", "9 tháng", "quý I"; year_parts.period_of), "" for none
    whole_year: bool = False  # a whole year asked outright ("tính cả năm")
    asks_basis: bool = False  # what the document rests on is asked ("căn cứ vào văn bản nào?")
    asks_table: bool = False  # the figure is asked of a table ("theo bảng chỉ tiêu", "biểu số 01")
    asks_reason: bool = False  # a cause is asked ("vì sao …", "nguyên nhân …")
    unknown: frozenset = frozenset()  # the question's words no plan writes ("rủ", "đến chơi"; or a topic no plan has)
    unknown_share: float = 0.0  # … their share of the question's word weight

    def unit_regex(self) -> re.Pattern | None:
        return _unit_regex(self.units)


@lru_cache(maxsize=256)
def _unit_regex(units: tuple[str, ...]) -> re.Pattern | None:
    """A figure in one of the units ("12 tấn", "96%"), a classifier between them or not
    ("46.000 lượt khách" for "bao nhiêu khách")."""
    if not units:
        return None
    classifier = "|".join(map(re.escape, CLASSIFIERS))
    return re.compile(rf"\d\s*(?:(?:{classifier})\s+)?(?:" + "|".join(re.escape(u) for u in units) + r")(?!\w)", re.I)


CLASSIFIERS = tuple(lexicon.words("classifier"))  # "lượt", "căn", "con" … (question_words.tsv)


@dataclass(frozen=True)
class Candidate:
    """A passage as the features see it. `bm25` is max-normalised over the candidates of one
    search, `dense` the cosine to the question (0 without a model)."""
    row: int
    text: str
    kind: str = "paragraph"  # paragraph, item, row, heading, footnote …
    headings: tuple[str, ...] = ()
    vocab: frozenset = frozenset()  # folded words of the passage, its headings and its plan's title
    text_vocab: frozenset = frozenset()  # … of the passage's own text only
    heading_vocab: frozenset = frozenset()  # … of its heading path only
    is_title: bool = False  # the passage is (part of) its plan's title
    title_vocab: frozenset = frozenset()  # folded words of its plan's title
    bm25: float = 0.0
    dense: float = 0.0
    intent: str | None = None  # target or result, as the passage (or its heading) says
    years: frozenset = frozenset()  # years the passage reports on or plans for
    heading_years: frozenset = frozenset()
    figure_years: frozenset = frozenset()  # years of figures given beside: in brackets ("(năm 2024: 40 ha)"), a row's columns
    stated: frozenset = frozenset()  # (indicator, year) of each figure stated, as the district table reads them
    search_text: str = ""  # passage with headings, as searched (a unit may be in the heading)
    period: str = ""  # the part of a year the passage reports or plans (its own words, else its document's)
    table_header: str = ""  # a table row's column names
    table_unit: str = ""  # the unit stated above the row's table ("ĐVT: triệu đồng")
    pieces: tuple = ()  # (text, folded words) of each clause giving a figure, with the passage's opening label
    _cache: dict = field(default_factory=dict, compare=False, repr=False)


@lru_cache(maxsize=256)
def _question_synonyms(question: str) -> tuple[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]], ...]:
    """The question's phrases that have plan synonyms, each with its synonyms' folded words
    (read once per question; vietnamese.synonym_matches reads the question again per passage)."""
    sylls = syllables(question)
    words = [fold_syllable(s) for s in sylls]
    out = []
    for n in range(1, 5):
        for i in range(len(words) - n + 1):
            phrase = tuple(words[i:i + n])
            others = synonyms_of(" ".join(phrase))
            if others:
                out.append((phrase, tuple(tuple(fold(m).split()) for m in others)))
    for phrase in linked_phrases(question):  # "giúp bà con làm ăn" says "giúp làm ăn"
        out.append((phrase, tuple(tuple(fold(m).split()) for m in synonyms_of(" ".join(phrase)))))
    return tuple(dict.fromkeys(out))


def _synonyms(question: str, vocab: frozenset) -> set[str]:
    """The question's words whose plan synonym the passage holds ("heo" counted where "lợn" is)."""
    out: set[str] = set()
    for phrase, others in _question_synonyms(question):
        if any(all(w in vocab for w in other) for other in others):
            out.update(phrase)
            out.update(f"{a}_{b}" for a, b in zip(phrase, phrase[1:]))
    return out


def _share(need: Need, vocab: frozenset, weights: dict[str, float] | None = None) -> float:
    return coverage(need.weights if weights is None else weights, vocab | _synonyms(need.question, vocab))


def bm25(need: Need, c: Candidate) -> float:
    """Lexical match, relative to the best candidate of the same search."""
    return c.bm25


def dense(need: Need, c: Candidate) -> float:
    """Cosine similarity of question and passage embeddings."""
    return max(0.0, c.dense)


def term_coverage(need: Need, c: Candidate) -> float:
    """IDF-weighted share of the question's words the passage (with its headings and its
    plan's title) holds, plan synonyms counted: "lợn" in the question meets "heo" nowhere
    unless the synonym list says so."""
    return _share(need, c.vocab)


def text_coverage(need: Need, c: Candidate) -> float:
    """The same share, counted in the passage's own sentences only (not its section's title),
    over the question's words its plan's title does not hold: a plan on one topic ("… bảo đảm an
    toàn giao thông năm 2026") names it in its title and opening, and the passages of its body,
    which give the figures, need not repeat it. When the title holds every word asked, all count."""
    own = {t: w for t, w in need.weights.items() if t not in c.title_vocab}
    return _share(need, c.text_vocab, own if own else None)


def key_term_missing(need: Need, c: Candidate) -> float:
    """The question's rarest word is not in the passage (nor its headings, its plan's title or a
    plan synonym): "sản lượng sầu riêng" met by a passage on coffee output. The weight of the
    heaviest missing word over the heaviest word's: 1 when the rarest is missing, 0 when none is.
    Words some plan writes: one no plan writes is missing from every passage alike, a paraphrase
    ("rủ thêm người") as often as an absent topic (answerability.unknown_words weighs those).
    Words, not pairs: "sản lượng cà phê" pairs "lượng cà", which no passage need write."""
    words = {t: w for t, w in need.weights.items() if "_" not in t and t not in need.unknown}
    top = max(words.values(), default=0.0)
    if top <= 0:
        return 0.0
    present = c.vocab | _synonyms(need.question, c.vocab)
    return max((w for t, w in words.items() if t not in present), default=0.0) / top


def clause_coverage(need: Need, c: Candidate) -> float:
    """The term coverage of the one clause that gives a figure (in the unit asked, when one is
    and a clause has it), with the passage's headings and title: "sản lượng lúa vụ mùa … bao
    nhiêu tấn" against "diện tích 1.200 ha (vụ mùa 400 ha); tổng sản lượng 7.300 tấn" finds
    every word in the passage but not around one figure. A table row is one clause; a question
    asking no figure reads the whole passage."""
    if not need.wants_number or c.kind == "row" or not c.pieces:
        return term_coverage(need, c) if not need.wants_number or c.kind == "row" else 0.0
    return _share(need, _figure_clause(need, c)[1] | (c.vocab - c.text_vocab))  # with headings and title


def _figure_clause(need: Need, c: Candidate) -> tuple[str, frozenset]:
    """(text, folded words) of the passage's clause that gives a figure (in the unit asked, when
    one is and a clause has it) and holds most of the question, its headings and title counted."""
    unit = need.unit_regex()
    pieces = [p for p in c.pieces if unit and unit.search(p[0])] or list(c.pieces)
    around = c.vocab - c.text_vocab
    return max(pieces, key=lambda p: _share(need, p[1] | around))


def kind_other(need: Need, c: Candidate) -> float:
    """The question names one kind of an indicator and the passage (with its headings) only
    another of the same group: "sản lượng lúa vụ mùa" met by the spring crop's output, "chi ngân
    sách" by revenue (vietnamese.contrast_kinds). The words around are the same, so coverage
    alone cannot tell them apart."""
    return float(names_other_kind(need.question, c.search_text or c.text))


def names_other_kind(question: str, text: str) -> bool:
    """The text names a kind of the indicator the question asks of, and never the kind asked."""
    asked = contrast_kinds(question)
    if not asked:
        return False
    offered = contrast_kinds(text)
    return any(not (asked & named) and named
               for named in ({k for k in offered if k[0] == group} for group in {g for g, _ in asked}))


def indicator_other(need: Need, c: Candidate) -> float:
    """The question names an official indicator ("thu nhập bình quân đầu người") and the passage
    (with its headings) names others but not it ("thu ngân sách …"): the same words around ("năm
    2025 ước đạt") make it look close. Names from vocabulary/indicators.tsv."""
    asked = indicators_named(need.question)
    if not asked:
        return 0.0
    offered = indicators_named(c.search_text or c.text)
    return float(bool(offered) and not asked & offered)


def indicator_stated(need: Need, c: Candidate) -> float:
    """The passage states a figure of an official indicator the question names, of a year asked
    if one is ("thu nhập bình quân đầu người năm 2025" met by "… năm 2025 đạt 62 triệu đồng"); a
    table row, of the side asked if one is, as its columns name it (a row of yearly targets does not
    state what was reached; a sentence's side is read less surely and not asked here)."""
    asked = indicators_named(need.question)
    sides = {"target": ("target",), "result": ("result", "estimate")}.get(need.intent or "") if c.kind == "row" else None
    return float(any(k in asked and (not need.years or y in need.years) and (not sides or kind in sides)
                     for k, y, kind in c.stated))


def indicator_unstated(need: Need, c: Candidate) -> float:
    """The passage names the indicator asked but states no figure of it (of the year asked):
    "chỉ tiêu giảm tỷ lệ hộ nghèo sẽ được đánh giá sau kỳ rà soát cuối năm"."""
    asked = indicators_named(need.question)
    return float(bool(asked & indicators_named(c.text)) and not indicator_stated(need, c))


@lru_cache(maxsize=4096)
def indicators_named(text: str) -> frozenset[str]:
    """The canonical indicators whose names the text holds, abbreviations spelled out ("TNBQ"),
    folded (so typed without accents too)."""
    folded = fold_fast(expand_abbreviations(text))
    return frozenset(canonical for pattern, canonical, _ in names_in(folded) if pattern.search(folded))


# a cause given: "… do mưa lũ", "vì …", "nguyên nhân: …", "nhờ …" (read on the passage as written,
# where "do" is not the folded "đỏ" or "độ")
_CAUSE = re.compile(r"(?<!\w)(?:do|vì|bởi|nhờ|nguyên nhân|lý do|lí do)(?!\w)")


def reason_given(need: Need, c: Candidate) -> float:
    """A cause is asked ("vì sao …") and the passage gives one ("… do thị trường tạm dừng")."""
    return float(need.asks_reason and bool(_CAUSE.search(c.text.lower())))


def heading_coverage(need: Need, c: Candidate) -> float:
    """Share of the question's words that the passage's heading path holds ("2. Văn hóa - xã hội
    › 2.1. Giáo dục" for a question on schools)."""
    return _share(need, c.heading_vocab)


def list_heading(need: Need, c: Candidate) -> float:
    """A list is asked ("những … nào", "các … gồm những gì") and the passage's heading path names
    it: the items of a list repeat little of the question, their heading says what they list."""
    return heading_coverage(need, c) if need.listing else 0.0


@lru_cache(maxsize=1 << 14)
def figure(text: str, references: bool = False) -> bool:
    """The text gives a figure, not only the number of a row, section or annex, nor (unless
    `references`: a document's number or a date is what is asked) a document's number or a date."""
    text = LABEL_NUMBER.sub(" ", ROW_NUMBER.sub("", text))
    return bool(NUMBER.search(text if references else REFERENCE_NUMBER.sub(" ", text)))


# "Nghị quyết … số mấy, thông qua ngày nào?", "theo quyết định nào?": a document's number or a
# date is the figure asked
_ASKS_REFERENCE = re.compile(r"\bso (?:may|hieu|bao nhieu)\b|\bngay (?:nao|may|bao nhieu)\b|\b(?:khi|luc) nao\b|\bbao gio\b"
                            r"|\b(?:nghi quyet|quyet dinh|van ban|cong van|thong bao|to trinh|chi thi)(?: so)? nao\b")


@lru_cache(maxsize=1024)
def asks_reference(question: str) -> bool:
    return bool(_ASKS_REFERENCE.search(fold(question).lower()))


def _unit_cell(need: Need, c: Candidate) -> bool:
    """A table row whose unit column is a unit asked ("Tấn", "Tỷ đồng", "Triệu đồng/người") and
    which gives figures: its figures are in that unit. The cell holds the unit alone (with a
    "/per" part), not a label that opens with the word ("Hộ nghèo", "Người có thẻ BHYT")."""
    if c.kind != "row" or not figure(c.text):
        return False
    alone = re.compile(rf"(?:{'|'.join(map(re.escape, need.units))})(?:\s+đồng)?(?:\s*/\s*[^\W\d_]+(?:\s+[^\W\d_]+)*)?")
    cells = [cell.strip(" *_").lower() for cell in CELL_SEPARATOR.split(c.text)]
    # … or whose label names the unit in brackets at its end ("Tỷ lệ trẻ được tiêm đủ (%)")
    return any(alone.fullmatch(cell) or (m := _BRACKETED_END.search(cell)) and alone.fullmatch(m.group(1).strip())
               for cell in cells)


_BRACKETED_END = re.compile(r"\(([^()]{1,20})\)$")


def _unit_header(need: Need, c: Candidate) -> bool:
    """A table row with figures under a column named by a unit asked ("% KH năm", "Sản lượng
    (tấn)"), or in a table whose stated unit is one ("ĐVT: triệu đồng")."""
    if c.kind != "row" or not (c.table_header or c.table_unit) or not figure(c.text):
        return False
    named = _unit_word(need.units)
    # a column named by the unit's abbreviation ("Số HS") is in that unit
    return bool(named.search(_header_spelt_out(c.table_header)) or named.search(c.table_unit))


@lru_cache(maxsize=1024)
def _header_spelt_out(header: str) -> str:
    return expand_abbreviations(header)


@lru_cache(maxsize=256)
def _unit_word(units: tuple[str, ...]) -> re.Pattern:
    return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, units))})(?!\w)", re.I)


def unit_match(need: Need, c: Candidate) -> float:
    """A unit is asked ("bao nhiêu tấn") and the passage gives a figure in it ("… 12 tấn", or a
    table row with "tấn" in its unit column or its column's name)."""
    unit = need.unit_regex()
    return float(bool(unit) and bool(unit.search(c.text) or unit.search(c.search_text) or _unit_cell(need, c)
                                     or _unit_header(need, c)))


def unit_missing(need: Need, c: Candidate) -> float:
    """A unit is asked and the passage gives no figure in it."""
    return float(bool(need.units) and not unit_match(need, c))


def figure_present(need: Need, c: Candidate) -> float:
    """A figure is asked for ("bao nhiêu", "tỷ lệ") and the passage gives one."""
    return float(need.wants_number and figure(c.text, asks_reference(need.question)))


def figure_missing(need: Need, c: Candidate) -> float:
    """A figure is asked for and the passage gives none."""
    return float(need.wants_number and not figure(c.text, asks_reference(need.question)))


def year_match(need: Need, c: Candidate) -> float:
    """The passage reports on or plans for a year the question names."""
    return float(bool(set(need.years) & c.years))


def year_other(need: Need, c: Candidate) -> float:
    """The question names a year; the passage is dated, but only to other years, and gives no
    figure of the year asked in brackets either."""
    return float(bool(need.years) and bool(c.years) and not set(need.years) & (c.years | c.figure_years))


def year_in_brackets(need: Need, c: Candidate) -> float:
    """The passage is about another year but gives one of the year asked beside its own: "dự toán
    2027: 80 tỷ đồng (ước thực hiện năm 2026: 72 tỷ đồng)" asked of 2026, or a table row with a
    column of that year ("Cùng kỳ 2024")."""
    return float(bool(set(need.years) & c.figure_years) and not set(need.years) & c.years)


def heading_year_match(need: Need, c: Candidate) -> float:
    """The passage's section is dated to a year asked ("I. Kết quả năm 2023 › …")."""
    return float(bool(set(need.years) & c.heading_years))


def heading_year_other(need: Need, c: Candidate) -> float:
    """The passage's section is dated, only to other years than those asked; a table row whose
    columns name a year asked is not ("Dự toán năm 2027" titles a table with 2026 columns), nor
    a passage giving a figure of the year asked in brackets."""
    return float(bool(need.years) and bool(c.heading_years) and not set(need.years) & c.heading_years
                 and not set(need.years) & c.figure_years
                 and not (c.kind == "row" and any(str(y) in c.table_header for y in need.years)))


def period_match(need: Need, c: Candidate) -> float:
    """A part of a year is asked ("6 tháng đầu năm") and the passage is of that part."""
    return float(bool(need.period) and c.period == need.period)


def period_other(need: Need, c: Candidate) -> float:
    """A part of a year is asked and the passage is of another part ("9 tháng" for "6 tháng")."""
    return float(bool(need.period) and bool(c.period) and c.period != need.period)


def part_year_unasked(need: Need, c: Candidate) -> float:
    """No part of a year is asked (a whole year, or no period) and the passage reports or plans
    only a part of one: a six-month figure is not the year's. A passage naming the whole year
    beside its parts (a row under "Quý I | … | Cả năm", "9 tháng đạt …, ước cả năm …") gives the
    year's figure too."""
    return float(not need.period and bool(c.period) and not names_whole_year(f"{c.table_header} {c.text}"))


def intent_match(need: Need, c: Candidate) -> float:
    """Target asked and target given ("phấn đấu …"), or result asked and result given ("đạt …")."""
    return float(need.intent is not None and _intent(need, c) == need.intent)


def intent_mismatch(need: Need, c: Candidate) -> float:
    """Target asked and the passage states a result, or the other way round."""
    intent = _intent(need, c)
    return float(need.intent is not None and intent is not None and intent != need.intent)


def _intent(need: Need, c: Candidate) -> str | None:
    """What the passage states of the years asked: a table row, by its columns of those years
    ("KH 2025" only: a target for 2025, though the row's "ƯTH 2024" states a result); else by
    its wording."""
    if c.kind != "row" or not need.years or not c.table_header:
        return c.intent
    sides = {column_side(fold(n)) for n in c.table_header.split(" | ")
             if any(str(y) in n for y in need.years)}
    sides.discard("ratio")
    sides.discard("baseline")
    return next(iter(sides)) if len(sides) == 1 and "" not in sides else c.intent


# Table columns that hold what was planned, what was achieved, a ratio of two, or a baseline
# (header words, compared folded; listed in assistant/vocabulary/question_words.tsv).
TARGET_COLUMNS = tuple(fold(w) for w in lexicon.words("target_column"))
RESULT_COLUMNS = tuple(fold(w) for w in lexicon.words("result_column"))
BASELINE_COLUMNS = tuple(fold(w) for w in lexicon.words("baseline_column"))
RATIO_COLUMNS = tuple(fold(w) for w in lexicon.words("ratio_column"))


def names_any(name: str, words: tuple[str, ...]) -> bool:
    """A folded column name holds one of the folded words as whole words ("kh 2025" holds "kh",
    "thu" does not hold "th"); "%" anywhere."""
    padded = " " + re.sub(r"[^\w%]+", " ", name) + " "
    return any((w in name) if not w[0].isalnum() else f" {w} " in padded for w in words)


def column_side(folded_name: str) -> str:
    """"ratio", "baseline", "result", "target" or "" for a folded column name."""
    return "ratio" if names_any(folded_name, RATIO_COLUMNS) else "baseline" if names_any(folded_name, BASELINE_COLUMNS) \
        else "result" if names_any(folded_name, RESULT_COLUMNS) else "target" if names_any(folded_name, TARGET_COLUMNS) else ""


def is_row(need: Need, c: Candidate) -> float:
    """A table row: one indicator per passage."""
    return float(c.kind == "row")


_FOLDED_STOP_SYLLABLES = frozenset(fold(w) for w in STOP_SYLLABLES)


# The units of population inside a commune or ward ("thôn Suối Mây", "bản Hua Púng", "TDP số 3")
# (question_words.tsv, list village_unit). Folded, "ban", "lang", "ap" are other words too
# ("Ban chỉ đạo", "làng nghề", "áp dụng"): a question typed without accents names a unit by the others,
# or by these before a name ("ban Pa Co").
_VILLAGE_UNITS = lexicon.words("village_unit")
_VILLAGE_ASKED = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in _VILLAGE_UNITS) + r")(?!\w)")
_VILLAGE_ASKED_FOLDED = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(fold(w)) for w in _VILLAGE_UNITS
                                                           if fold(w) not in ("ban", "lang", "ap")) + r")(?!\w)")
_VILLAGE_NAMED_FOLDED = re.compile(r"(?<!\w)(?:ban|lang|ap) (?=[A-Z][a-z])")
_VILLAGE_OPENING = re.compile(r"^[\W\d]*(?i:" + "|".join(re.escape(w) for w in _VILLAGE_UNITS)
                              + r")\s+(?:số\s+)?(?:\d|[^\W\d_](?<=[A-ZĐÀ-Ỹ]))")
_VILLAGE_COLUMN = re.compile(r"^(?:tên\s+|stt\s+)?(?:" + "|".join(re.escape(w) for w in _VILLAGE_UNITS) + r")\b", re.I)
_WHOLE = re.compile(r"\b(?:tổng|cộng|toàn\s+(?:xã|phường|thị\s+trấn))\b", re.I)


@lru_cache(maxsize=256)
def _names_village(question: str) -> bool:
    """The question names a unit of population ("thôn A", "ban B" typed without accents aside):
    read once per question, not once per candidate."""
    asked = question.lower()
    return bool(_VILLAGE_ASKED.search(asked) or _VILLAGE_ASKED_FOLDED.search(fold(asked))
                or not has_diacritics(question) and _VILLAGE_NAMED_FOLDED.search(question))


_VILLAGE_UNIT_WORD = re.compile(r"(?<!\w)(?i:" + "|".join(re.escape(w) for w in _VILLAGE_UNITS) + r")\s+")
_VILLAGE_UNIT_WORD_FOLDED = re.compile(r"(?<!\w)(?i:" + "|".join(re.escape(fold(w)) for w in _VILLAGE_UNITS) + r")\s+")


def villages_named(question: str) -> list[str]:
    """The names of the villages a question names ("thôn Hải Thọ", "TDP số 3", typed without
    accents "thon Hai Tho" -> "Hải Thọ", "số 3", "Hai Tho"), as written: capitalised words, or a number."""
    out = []
    units = _VILLAGE_UNIT_WORD if has_diacritics(question) else _VILLAGE_UNIT_WORD_FOLDED  # "ban Pa Co"
    for m in units.finditer(question):
        rest = question[m.end():].split()
        if len(rest) > 1 and rest[0].lower() == "số" and rest[1][:1].isdigit():
            out.append(f"số {rest[1].strip(',.;?')}")
            continue
        words = []
        for w in rest[:4]:
            if not (w[:1].isupper() or w[:1].isdigit()):
                break
            words.append(w.strip(",.;?"))
            if w[-1:] in ",.;?":
                break
        if words:
            out.append(" ".join(words))
    return out


def subplace_other(need: Need, c: Candidate) -> float:
    """The passage is about one village of the commune ("Bản A có tỷ lệ hộ nghèo cao nhất xã
    (46,8%)", a table row under "Tên bản") and the question names no village: the commune's own
    figure is asked."""
    if _names_village(need.question):
        return 0.0
    if c.kind == "row":
        label = row_label(row_cells(c.text))
        first = c.table_header.split(" | ")
        named = next((n for n in first if has_word(n) and not re.fullmatch(r"\W*(?:stt|tt)\W*", n, re.I)), "")
        return float(not _WHOLE.search(label) and bool(_VILLAGE_OPENING.match(label) or _VILLAGE_COLUMN.match(named.strip(" *"))))
    if _VILLAGE_OPENING.match(c.text.lstrip("*#_ ").strip()):
        return 1.0
    # the clause giving the figure asked names villages: "… 371 hộ nghèo; hai bản A và B vẫn có tỷ
    # lệ hộ nghèo trên 24%" answers no commune-wide "tỷ lệ hộ nghèo"
    if not need.wants_number or not c.pieces:
        return 0.0
    return float(bool(villages_named(_figure_clause(need, c)[0])))


def row_label_extra(need: Need, c: Candidate) -> float:
    """A table row whose label says more than the question asks: "Số hộ nghèo người cao tuổi"
    for "số hộ nghèo", where a row "Số hộ nghèo" answers. The share of the label's words
    (abbreviations spelt out, function words left out) that the question, with its plan synonyms,
    does not hold; 0 for a passage that is no row."""
    if c.kind != "row":
        return 0.0
    words = [w for w in (fold_syllable(s) for s in syllables(expand_abbreviations(row_label(row_cells(c.text)))))
             if w not in _FOLDED_STOP_SYLLABLES and w not in ABBREVIATIONS and not w.isdigit()]
    if not words:
        return 0.0
    asked = set(need.weights) | _synonyms(need.question, frozenset(words))
    return sum(w not in asked for w in words) / len(words)


def row_asked(need: Need, c: Candidate) -> float:
    """The question points at a table ("theo bảng …", "biểu số 02") and the passage is a row of one."""
    return float(need.asks_table and c.kind == "row")


def list_lead(need: Need, c: Candidate) -> float:
    """A list is asked and the passage announces one ("… đã thông qua 05 nghị quyết:"): its items
    follow it, and the lead says what they are, which a title naming the same thing does not."""
    return float(need.listing and c.text.rstrip().endswith(":"))


def is_footnote(need: Need, c: Candidate) -> float:
    return float(c.kind == "footnote")


def is_heading(need: Need, c: Candidate) -> float:
    """A heading (or a table's row of column names, or the plan's title set as a paragraph)
    names a topic; it rarely answers by itself."""
    return float(c.kind in ("heading", "table_header") or c.is_title)


def person_line(need: Need, c: Candidate) -> float:
    """A person is asked for and the passage has a line that is a person's name (a signature),
    or names one after the title a report gives ("Chủ trì hội nghị: đồng chí Lê Văn A, …")."""
    return float(need.who and names_person(c.text))


def names_person(text: str) -> bool:
    """A line that is a person's name, or a person named after "ông", "bà", "đồng chí"."""
    return bool(NAME_LINE.search(text) or PERSON_NAMED.search(text))


# "đồng chí Lê Văn A", "ông Trần B", "bà Nguyễn Thị C": a person named in a sentence
PERSON_NAMED = re.compile(r"(?<!\w)(?:[đĐ]ồng\s+chí|đ/c|[ôÔ]ng|[bB]à)\s+(?:[A-ZÀ-ỸĐ][a-zà-ỹđ]*\s){1,3}[A-ZÀ-ỸĐ][a-zà-ỹđ]*(?!\w)")


# "Căn cứ Luật …", "Căn cứ vào Nghị quyết số …": the opening of a document's legal basis
# (Nghị định 30/2020/NĐ-CP, Phụ lục I: phần căn cứ ban hành văn bản)
_LEGAL_BASIS = re.compile(r"[\s*_#]*căn\s+cứ\s+(?:vào\s+)?(?:luật|bộ\s+luật|hiến\s+pháp|nghị\s+quyết|nghị\s+định|"
                          r"quyết\s+định|thông\s+tư|chỉ\s+thị|kế\s+hoạch|công\s+văn|hướng\s+dẫn|văn\s+bản|"
                          r"chương\s+trình|quy\s+chế|thông\s+báo|tờ\s+trình|báo\s+cáo)\b", re.I)


def legal_basis(need: Need, c: Candidate) -> float:
    """The passage lists what the document rests on ("Căn cứ Luật …; căn cứ Nghị quyết số …")
    and the question does not ask for that: such a passage names every topic, answers none."""
    return float(is_legal_basis(c.text) and not need.asks_basis)


def is_legal_basis(text: str) -> bool:
    """The text opens a legal basis, or is a later piece of a long one: the end of one basis
    ("… Luật Quản lý thuế;") then only lines opening another ("Căn cứ Quyết định số …")."""
    lines = text.split("\n")
    return bool(_LEGAL_BASIS.match(text)) or (
        len(lines) > 1 and lines[0].rstrip().endswith(";") and all(_LEGAL_BASIS.match(line) for line in lines[1:]))


def is_preamble(text: str) -> bool:
    return bool(PREAMBLE.fullmatch(text))


def length(need: Need, c: Candidate) -> float:
    """Passage length on a log scale (10 characters -> 0.25, 10,000 -> 1): a long passage
    holds more of any question's words by chance."""
    return min(1.0, math.log10(max(10, len(c.text))) / 4)


FEATURES = (bm25, dense, term_coverage, text_coverage, clause_coverage, key_term_missing, kind_other, indicator_other,
            indicator_stated, indicator_unstated, reason_given, heading_coverage, list_heading, unit_match,
            unit_missing, figure_present, figure_missing, year_match, year_other, year_in_brackets,
            heading_year_match, heading_year_other, period_match, period_other,
            part_year_unasked, intent_match, intent_mismatch, is_row, row_asked, row_label_extra, list_lead,
            is_footnote, is_heading, person_line, legal_basis, subplace_other, length)
FEATURE_NAMES = tuple(f.__name__ for f in FEATURES)


_BY_NAME = {f.__name__: f for f in FEATURES}


def vector(need: Need, c: Candidate, names: tuple[str, ...] = FEATURE_NAMES) -> list[float]:
    return [float(_BY_NAME[n](need, c)) for n in names]
