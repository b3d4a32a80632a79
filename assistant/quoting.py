"""Quoting: the sentence or table cell of a passage that answers, chosen by the same words,
figures, units and years the features read (a `Need`)."""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from . import lexicon
from .chunking import clean_markup, cut_by_wrap, has_word, row_cells
from .config import Config
from .features import (BASELINE_COLUMNS, NUMBER, RATIO_COLUMNS, RESULT_COLUMNS, TARGET_COLUMNS, Need, _synonyms,
                       asks_reference, column_side, figure, names_any, names_other_kind)
from .periods import ASIDE, own_years, without_asides
from .year_parts import period_words
from .retrieval import _passage_intent, folded_vocab
from .vietnamese import fold

Asked = Need  # the name the quoting code and its tests knew it by


UNCOVERED_PART = Config.uncovered_part
MAX_PARTS = Config.max_parts
SNIPPET_CHARS = Config.snippet_chars
LIST_SNIPPET_CHARS = Config.list_snippet_chars
_NUMBER = NUMBER  # a figure, not a year ("năm 2024, …")


def _split(text: str, pattern: str, offset: int = 0) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(pattern, text):
        if m.start() > start:
            spans.append((offset + start, offset + m.start()))
        start = m.end()
    if start < len(text):
        spans.append((offset + start, offset + len(text)))
    return spans


def _sentences(text: str, cut_long: bool = True) -> list[tuple[int, int]]:
    """Spans of the sentences of a passage; a sentence too long to quote is cut at ';' (not
    when a list is asked for: its items are what ';' separates)."""
    out = []
    spans = _rejoin_wrapped(text, _split(text, r"(?<=[.!?])\s+(?=\S)|\n+"))
    for n, (s, e) in enumerate(spans):
        if n + 1 < len(spans) and _LIST_NUMBER.fullmatch(text[s:e]):
            spans[n + 1] = (s, spans[n + 1][1])  # "1. Đẩy mạnh …": the number opens the sentence
            continue
        out.extend(_split(text[s:e], r"(?<=;)\s+", s) if cut_long and e - s > SNIPPET_CHARS else [(s, e)])
    return out


_ITEM_OPENING = re.compile(r"(?:[a-zđ][.)]|\d{1,2}(?:\.\d{1,2})*[.)]|\(\d{1,2}\))\s")  # "a) ", "2. ", "(3) "


def _rejoin_wrapped(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Lines of a hard-wrapped paragraph are one sentence: a line that goes on in lower case
    ("… Thu ngân sách nhà\nnước trên địa bàn …") continues the line before, unless that one
    ended a sentence or opened a list, or the line is an item ("a) …")."""
    out: list[tuple[int, int]] = []
    width = max(map(len, text.split("\n")), default=0)
    for s, e in spans:
        # "nước …", "ở …", "9 tỷ đồng …", "(…": a wrapped line goes on; "a) …", "2. …" open items;
        # so does a line opening on a name ("… liên làng Plei Bông -" then "Kơ Tu dài 2,7 km …")
        # under one the wrap cut at its width
        k = s + len(text[s:e]) - len(text[s:e].lstrip())  # an indented line goes on from its first letter
        cut = bool(out) and cut_by_wrap(text[out[-1][0]:out[-1][1]].split("\n")[-1], width)
        wrapped = (text[k:k + 1].islower() or text[k:k + 1].isdigit() or text[k:k + 1] == "("
                   or cut and text[k:k + 1].isalpha()) and not _ITEM_OPENING.match(text, k)
        if out and wrapped and text[out[-1][0]:out[-1][1]].rstrip()[-1:] not in ".!?:;" \
                and "\n" in text[out[-1][1]:s]:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


_LIST_NUMBER = re.compile(r"[-+*#_\s]*(?:\d+(?:\.\d+)*|[a-zđ]|[IVX]+)\.")


def best_quote(text: str, need: Asked, before: str = "", after: str = "") -> str:
    """The sentences of the passage that answer: the one holding most of the question's terms
    (a figure, in the unit asked if it can, when a figure is asked for), joined by its first item
    when it only opens a list, by another when too short to stand alone, and by one for each
    further part or year the question asks about. `before`/`after`: the other part of a
    paragraph a page break cut, whose words the sentence broken across it holds too."""
    bare = text.replace("\t", " | ")
    if len(bare) <= (LIST_SNIPPET_CHARS if need.listing else SNIPPET_CHARS):
        return clean_markup(bare)
    spans = _sentences(bare, cut_long=not need.listing)
    # the words naming the part of the year asked ("nửa đầu năm") say when, not what: a sentence
    # on "đầu năm 2026" is no nearer the first half's figure for holding them
    when = period_words(need.question)
    need = replace(need, weights={t: w for t, w in need.weights.items() if not set(t.split("_")) <= when}
                   or need.weights)
    # a term in several sentences says less about which one answers ("giá trị sản xuất ngành"
    # leads every item of "… nông nghiệp đạt …; công nghiệp đạt …; dịch vụ đạt …")
    vocabs = [folded_vocab(bare[s:e]) for s, e in spans]
    vocabs = [v | _synonyms(need.question, frozenset(v)) for v in vocabs]  # "hụt" meets "chưa đạt"
    if before:
        vocabs[0] = vocabs[0] | folded_vocab(before[slice(*_sentences(before)[-1])])
    if after:
        vocabs[-1] = vocabs[-1] | folded_vocab(after[slice(*_sentences(after)[0])])
    # an item of an enumeration ("…; công nghiệp- TTCN và xây dựng đạt …") is read with the
    # sentence that leads it ("Trong đó giá trị sản xuất ngành nông nghiệp đạt …;")
    lead = set()
    for i, (s, e) in enumerate(spans):
        if bare[s:s + 1].islower() and i:
            vocabs[i] = vocabs[i] | lead
        else:
            lead = vocabs[i]
    spread = {t: sum(t in v for v in vocabs) or 1 for t in need.weights}
    local = replace(need, weights={t: w / spread[t] for t, w in need.weights.items()})
    scores = [_piece_score(bare[s:e], local, v) - _unpaired(local.weights, v) for (s, e), v in zip(spans, vocabs)]
    # "Năm 2026 đã hỗ trợ 312 ha … Vụ Xuân 2027 dự kiến 350 ha": for 2027, not a sentence dated
    # to other years only, however many of the question's words it holds (a baseline dates
    # nothing, nor does an aside in brackets)
    dated = [set(own_years(without_asides(bare[ys:ye]))) if need.years else set() for ys, ye in spans]
    of_year = [i for i, years in enumerate(dated) if not years or years & set(need.years)]
    best = max(of_year or range(len(spans)), key=scores.__getitem__)
    if asks_when(need.question):
        # "… trước ngày nào?": a sentence without a date cannot say when; of those giving one and
        # holding at least half the question's weight the best one holds, the best answers
        # ("UBND xã cam kết hoàn thành trước ngày 31/01/2027", not the request restated)
        giving_date = [i for i in (of_year or range(len(spans))) if _DATE.search(bare[slice(*spans[i])])
                       and scores[i] > 0 and scores[i] >= 0.5 * scores[best]]
        best = max(giving_date, key=scores.__getitem__, default=best)
    # a date or a document's number is no figure ("thành lập từ ngày 01/7/2025 …" says no how many)
    references = asks_reference(need.question)
    figured = [i for i, (fs, fe) in enumerate(spans) if scores[i] > 0 and figure(bare[fs:fe], references)]
    in_unit = [i for i in figured if _names_unit(bare[slice(*spans[i])], need.units)]
    if need.wants_number and (in_unit or figured):
        # a sentence without a figure (in the unit asked, if one has it) cannot say how many
        pool = in_unit or figured
        # a figure written in the unit ("586 lao động") weighs above a sentence only naming the
        # unit's word ("… 37 hộ nghèo … quỹ Vì người nghèo")
        bonus = 0.5 * max(need.weights.values(), default=1.0)
        best = max([i for i in pool if i in of_year] or pool,
                   key=lambda i: scores[i] + bonus * _figure_in_unit(bare[slice(*spans[i])], need.units))
    s, e = spans[best]
    chosen = [(s, e)]
    if bare[s:e].rstrip().endswith(":") and best + 1 < len(spans):
        chosen[0] = (s, spans[best + 1][1])  # the best only opens a list: its first item joins
    elif e - s < 60:
        # too short to stand alone ("Tiến độ đạt 90%."): the best other sentence joins,
        # one with a figure when a figure is asked for or the best one gives a figure
        figured_too = need.wants_number or _NUMBER.search(bare[s:e])
        others = [i for i in range(len(spans)) if i != best
                  and (not figured_too or _NUMBER.search(bare[slice(*spans[i])]))]
        if others:
            chosen.append(spans[max(others, key=lambda i: (scores[i], -i))])
    if need.parts > 1 or need.listing:
        # "những hộ nào … và mời nhận tiền mấy lần?", or a list whose words two sentences share
        # ("… đạt 9/11 mục tiêu. … Còn lại hai mục tiêu hụt là …"): the one holding most of the rest joins
        held = set().union(*(folded_vocab(bare[cs:ce]) for cs, ce in chosen))
        rest = Asked({t: w for t, w in need.weights.items() if t not in held}, need.wants_number)
        if sum(rest.weights.values()) >= UNCOVERED_PART * sum(need.weights.values()):
            left = [i for i in range(len(spans)) if spans[i] not in chosen]
            other = max(left, key=lambda i: _piece_score(bare[slice(*spans[i])], rest, vocabs[i]), default=None)
            if other is not None and sum(rest.weights[t] for t in rest.weights if t in vocabs[other]) > 0:
                chosen.append(spans[other])
    if need.parts > 1:
        # "bao nhiêu hồ sơ … và bao nhiêu hồ sơ …?": one figure per part asked
        asked_figures = need.wants_number and min(need.parts, MAX_PARTS)
        while asked_figures and sum(len(_NUMBER.findall(bare[cs:ce])) for cs, ce in chosen) < asked_figures:
            held = set().union(*(folded_vocab(bare[cs:ce]) for cs, ce in chosen))
            rest = Asked({t: w for t, w in need.weights.items() if t not in held}, True)
            left = [i for i in range(len(spans)) if spans[i] not in chosen and _NUMBER.search(bare[slice(*spans[i])])
                    and _piece_score(bare[slice(*spans[i])], rest, vocabs[i]) > 0]
            if not left:
                break
            chosen.append(spans[max(left, key=lambda i: (_piece_score(bare[slice(*spans[i])], rest, vocabs[i]), -i))])
    if len(need.years) > 1:
        # "… năm 2023 và dự kiến 2024": each year asked gets its sentence (of a span asked,
        # "giai đoạn 2026-2030", the years written)
        for year in [y for y in need.years if str(y) in need.question] or need.years:
            if any(str(year) in bare[cs:ce] for cs, ce in chosen):
                continue
            holding = [i for i, (ys, ye) in enumerate(spans) if str(year) in bare[ys:ye] and scores[i] > 0]
            if holding:
                chosen.append(spans[max(holding, key=scores.__getitem__)])
    return " … ".join(_short(clean_markup(bare[cs:ce])) for cs, ce in sorted(chosen))


_WHEN_CUES = tuple(f" {fold(w)} " for w in lexicon.words("when_cue"))
# a day ("31/01/2027", "ngày 5/3"), a month ("tháng 6/2026", "tháng 6 năm 2026") or a quarter ("quý II")
_DATE = re.compile(r"\b\d{1,2}/\d{1,2}(?:/(?:19|20)\d\d)?\b|\btháng\s+\d{1,2}(?:/|\s+năm\s+)(?:19|20)\d\d\b"
                   r"|\bquý\s+(?:IV|I{1,3}|\d)\b", re.I)


def asks_when(question: str) -> bool:
    """The question asks a date or a deadline ("trước ngày nào", "khi nào", "thời hạn")."""
    folded = " " + " ".join(re.findall(r"\w+", fold(question))) + " "
    return any(cue in folded for cue in _WHEN_CUES)


def _unpaired(weights: dict[str, float], vocab: set[str]) -> float:
    """Half the weight of the question's syllables a piece holds only outside the pairs the
    question writes them in: "đầu" of "đầu năm" for "vốn đầu tư", "ngân" of "ngân sách" for
    "giải ngân" say less than the pair would."""
    pairs = [t for t in weights if "_" in t]
    out = 0.0
    for t, w in weights.items():
        if "_" in t or t not in vocab:
            continue
        own = [p for p in pairs if t in p.split("_")]
        if own and not any(p in vocab for p in own):
            out += 0.5 * w
    return out


def _names_unit(piece: str, units: tuple[str, ...]) -> bool:
    """The piece speaks in one of the units ("tổng số hộ … là 361", "25 hộ", "đạt 96%")."""
    low = piece.lower()
    return any(u in low if not u[0].isalnum() else re.search(rf"(?<!\w){re.escape(u)}(?!\w)", low) for u in units)


def _figure_in_unit(piece: str, units: tuple[str, ...]) -> bool:
    """A figure followed by one of the units ("586 lao động", "12,5 tấn", "96%")."""
    low = piece.lower()
    return any(re.search(rf"\d\s*{re.escape(u)}" + ("" if not u[-1:].isalnum() else r"(?!\w)"), low)
               for u in units if u)


_YEAR_POINT = re.compile(r"\b(dau|cuoi) nam (20\d\d)\b")


@lru_cache(maxsize=256)  # read for the question once per sentence it weighs
def _year_points(text: str) -> frozenset[tuple[str, str]]:
    """The ends of years a text names ("cuối năm 2025, đầu năm 2026" -> {("cuoi", "2025"), ("dau", "2026")})."""
    return frozenset(_YEAR_POINT.findall(fold(text).lower())) if text else frozenset()


def _piece_score(piece: str, need: Asked, vocab: set[str] | None = None) -> float:
    """The question's weight a piece holds, with its bonuses; `vocab`: the piece's, if known."""
    top_weight = max(need.weights.values(), default=1.0)
    vocab = folded_vocab(piece) if vocab is None else vocab
    s = sum(w for t, w in need.weights.items() if t in vocab)
    if need.wants_number and _NUMBER.search(piece):
        s += 0.5 * top_weight
    if any(str(y) in piece or str(y) in vocab for y in need.years):
        # "Năm 2023 … đạt 100%" over the sentence about plans (the year of an item's lead counts)
        s += 0.5 * top_weight
    asked_points = _year_points(need.question)
    if asked_points:
        # "cuối năm 2026" asked: "cuối năm 2025, đầu năm 2026 có 712 hộ" is the year's start, not its end
        points = _year_points(piece)
        if points and not points & asked_points:
            s -= top_weight
    if need.intent and _passage_intent(piece) == need.intent:
        # "dự kiến … còn bao nhiêu": "Dự kiến đến cuối năm còn 905 hộ" over "Đầu năm có 1.124 hộ"
        s += 0.5 * top_weight
    if need.question and names_other_kind(need.question, piece):
        # "chi bao nhiêu?" is not answered by the sentence on revenue beside it, however many
        # words around ("quý I", "dự toán") the two share
        s -= top_weight
    return s


SHORT_CELL = 60
_UNIT_COLUMNS = tuple(fold(w) for w in lexicon.words("unit_column"))
_FIGURE_CELL = re.compile(r"(?:(?:dưới|trên|khoảng|≥|≤|>|<)\s*)?[-–—]?\s*\d[\d.,]*\s*%?|[-–—x]|")  # "1.234,5", "96%", "dưới 0,7", "-"
_YEAR_IN = re.compile(r"\b(20\d\d)\b")


_RATIO_ASKED = tuple(w for w in RATIO_COLUMNS if w != "so sanh")  # "so sánh xã A và xã B" compares places


def column_score(name: str, need: Asked, cfg: type[Config] | Config = Config) -> float:
    """How well a value column ("KH 2025", "Ước TH 2025", "So sánh (%)", "Cùng kỳ 2024") fits
    the question: the year asked, the planned or achieved side, a ratio or baseline asked for."""
    name = fold(name)
    question = fold(need.question)
    s = 0.0
    years = [int(y) for y in _YEAR_IN.findall(name)]
    if need.years and years:
        s += cfg.column_year if any(y in need.years for y in years) else -cfg.column_year
    side = column_side(name)
    if side in ("ratio", "baseline"):
        asked = "%" in need.question or names_any(question, _RATIO_ASKED + BASELINE_COLUMNS)
        s += cfg.column_ratio_asked if asked else -cfg.column_ratio_unasked
    elif need.intent and side:
        s += cfg.column_side if side == need.intent else -cfg.column_side
    if need.period and fold(need.period) in name:
        s += cfg.column_period
    elif (need.whole_year or not need.period) and _WHOLE_YEAR_COLUMN.search(name):
        # no part of a year asked ("năm 2026 thu được bao nhiêu", "lũy kế cả năm"): the column of
        # the whole year, beside the quarter's
        s += cfg.column_period
    if not side and (_named_column(name, need) or _place_column(name, question)):
        s += cfg.column_named
    return s


def _place_column(folded_name: str, folded_question: str) -> bool:
    """The column of a village the question names ("Thôn 3", "TDP 12", "Ấp Mỹ Hòa" in "… giao cho
    thôn 3 …"): a column of one part of the place, of a whole table by village."""
    name = folded_name.strip()
    return bool(_SUBPLACE_COLUMN.match(name)) and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", folded_question) is not None


# the folded name of a village's column: a village unit (question_words.tsv) and its name or number
_SUBPLACE_COLUMN = re.compile(r"(?:" + "|".join(sorted({re.escape(fold(w)) for w in lexicon.words("village_unit")},
                                                        key=len, reverse=True)) + r")\s+\w")


_WHOLE_YEAR_COLUMN = re.compile(r"\bca\s+nam\b")  # "Lũy kế cả năm", "Ước TH cả năm 2026", folded


def _named_column(folded_name: str, need: Asked) -> bool:
    """The question names the column in words: every word of its name (outside brackets, years
    and numbers aside, and words saying planned or done: "dự kiến", "thực hiện"), two at least,
    is among the question's ("Tổng mức đầu tư" in "… có tổng mức đầu tư bao nhiêu", "Kinh phí dự
    kiến (triệu đồng)" in "kinh phí bao nhiêu"); a column of a side, a ratio or a baseline ("KH
    2025", "Tỷ lệ (%)") is read by those, not here."""
    name = " " + ASIDE.sub(" ", folded_name) + " "
    for phrase in _SIDE_PHRASES:
        name = name.replace(f" {phrase} ", " ")
    words = re.findall(r"[^\W\d_]+", name)
    # the question's words as typed count, its stop words too ("số hộ đạt GĐVH" names "Số hộ đạt GĐVH")
    typed = set(re.findall(r"[^\W\d_]+", fold(need.question).lower()))
    return len(words) >= 2 and all(w in need.weights or w in typed for w in words) \
        and any(w in need.weights for w in words)


# the words that say planned or done, of two syllables ("dự kiến", "kế hoạch", "thực hiện"; question_words.tsv)
_SIDE_PHRASES = tuple(fold(p) for p in lexicon.words("target") + lexicon.words("result") if len(p.split()) == 2)


_NUMBER_COLUMN = re.compile(r"(?:stt|tt|so tt|so thu tu)\.?")  # the header of a row-number column, folded
_ROW_NUMBER_CELL = re.compile(r"(?:\d+(?:\.\d+)*|[IVXLC]+|[a-zđ])\.?")  # "13", "1.2", "IV", "a"


def row_columns(text: str, header: str) -> tuple[str, str, list[tuple[str, str]]] | None:
    """A row of figures under named columns read as (label, unit, [(column, value) …], empty
    values kept); None for a row that is not one of figures."""
    cells = row_cells(text)
    names = [clean_markup(h).strip() for h in header.split(" | ")] if header else []
    numbered = bool(cells) and bool(_ROW_NUMBER_CELL.fullmatch(cells[0]))
    first = 1 if numbered else 0  # the row's number is no figure and no label
    figures = [i for i, c in enumerate(cells) if i >= first and c and _FIGURE_CELL.fullmatch(c) and _NUMBER.search(c)]
    # one figure is enough under columns of villages, where the other cells are left empty
    by_village = any(_SUBPLACE_COLUMN.match(fold(n)) for n in names)
    if len(names) < 3 or len(figures) < (1 if by_village else 2):
        return None
    # empty cells at the row's end were trimmed with its line: a row that opens with its number, or
    # with its label where the header opens with the label's column, not a number column
    label_first = bool(cells) and has_word(cells[0]) and not _NUMBER_COLUMN.fullmatch(fold(names[0]) if names else "")
    if len(names) > len(cells) and (numbered or label_first):
        cells += [""] * (len(names) - len(cells))
    elif len(names) != len(cells):  # an empty header cell was dropped: the value columns line up from the right
        if len(names) < len(cells) - figures[0]:
            return None
        names = [""] * (len(cells) - len(names)) + names if len(names) < len(cells) else names[len(names) - len(cells):]
    unit_at = [i for i, n in enumerate(names) if names_any(fold(n), _UNIT_COLUMNS)]
    label_at = next((i for i, c in enumerate(cells) if i >= first and has_word(c) and i not in unit_at), None)
    if label_at is None:
        return None
    start = max([label_at, *unit_at]) + 1
    columns = [(names[i], cells[i]) for i in range(start, len(cells)) if names[i]]
    return (cells[label_at], cells[unit_at[0]] if unit_at else "", columns) if columns else None


def row_answers(text: str, header: str, need: Asked) -> bool:
    """A row of figures cannot answer when none of its dated columns is of a year asked ("KH
    2026" for 2027), or when the columns that fit the question hold no figure ("-")."""
    read = row_columns(text, header)
    if read is None or not need.wants_number:
        return True
    _, _, columns = read
    dated = [n for n, _ in columns if _YEAR_IN.search(n)]
    if need.years and dated and not any(int(y) in need.years for n in dated for y in _YEAR_IN.findall(n)):
        return False
    fitting = [v for n, v in columns if column_score(n, need) > 0]  # "" or "-": no figure there
    return not fitting or any(_NUMBER.search(v) for v in fitting)


def figure_row_quote(text: str, header: str, need: Asked, table_unit: str = "", parent: str = "") -> str | None:
    """A row of figures under named columns ("Tên chỉ tiêu | ĐVT | KH 2025 | Ước TH 2025 | …"),
    quoted as its label and unit and the columns that fit the question ("… (tấn): KH 2025: 4.000;
    Ước TH 2025: 4.100" for a 2025 result), every column when none does. None for a row that
    is not one of figures."""
    read = row_columns(text, header)
    if read is None:
        return None
    label, unit, columns = read
    unit = unit or table_unit  # a table with no unit column states its unit above it ("ĐVT: triệu đồng")
    columns = [(n, v) for n, v in columns if v]
    scores = [column_score(n, need) for n, _ in columns]
    shown = [c for c, s in zip(columns, scores) if s > 0]
    if shown:
        # a cell giving a figure in a unit asked fits too ("tưới bao nhiêu ha" and "Quy mô: Tưới 65 ha, …")
        shown = [c for c, s in zip(columns, scores)
                 if s > 0 or (_FIGURE_IN_WORDS.search(c[1]) and _names_unit(c[1], need.units))]
    shown = shown or columns
    return f"{_row_label(label, parent, Config.row_label_chars)}: " + "; ".join(f"{n}: {_with_unit(v, n, unit)}" for n, v in shown)


_DIFFERENCE = re.compile(r"\+|\btang\b|\bgiam\b|\bchenh\b")  # "So sánh (+/-)", "Tăng/giảm so với cùng kỳ": a difference


_TIME_COLUMNS = ("thoi gian", "thoi han", "nam thuc hien", "khoi cong", "hoan thanh", "tien do")
_FIGURE_IN_WORDS = re.compile(r"[^\W\d_].*\d|\d.*[^\W\d_]")  # a cell of words and figures, not a bare number


def _with_unit(value: str, column: str, unit: str) -> str:
    """A figure with its unit, as a sentence gives it ("41,38 tỷ đồng", "94,8%"): the row's unit,
    or % in a column of ratios ("So sánh (%)", "So với cùng kỳ"); a verdict ("Đạt") or a dash
    stays as it is."""
    if not re.search(r"\d$", value) or names_any(fold(column), _TIME_COLUMNS):
        return value  # a verdict, a dash, or when ("Thời gian thực hiện: 2026-2027")
    if names_any(fold(column), RATIO_COLUMNS) and ("%" in column or not _DIFFERENCE.search(fold(column))):
        unit = "%"
    if not unit:
        return value
    return value + unit if unit == "%" else f"{value} {unit}"


def row_quote(text: str, header: str, need: Asked, table_unit: str = "", parent: str = "") -> str:
    """The cell of a table row that answers: a row of figures by its columns (figure_row_quote);
    otherwise the planned cell for a target question, the result cell for a result question, else
    the cell holding most of the question's terms, quoted after the row's label so the figure
    keeps its meaning."""
    figures = figure_row_quote(text, header, need, table_unit, parent)
    if figures:
        return figures
    cells = text.split("\t")
    names = [fold(clean_markup(h)) for h in header.split(" | ")] if header else []
    text_cells = [i for i, c in enumerate(cells) if re.search(r"[^\W\d_]", clean_markup(c))]
    if len(text_cells) < 2:
        return best_quote(text, need)
    wanted = RESULT_COLUMNS if need.intent == "result" else TARGET_COLUMNS if need.intent == "target" else ()
    top_weight = max(need.weights.values(), default=1.0)

    def score(i: int) -> float:
        bonus = top_weight if i < len(names) and names_any(names[i], wanted) else 0.0
        return _piece_score(cells[i], need) + bonus

    best = max(text_cells[1:], key=score)
    label = _row_label(clean_markup(cells[text_cells[0]]), parent, 160)
    # a short cell after it without a figure is the row's verdict ("Đạt chỉ tiêu KH", "Đang tiếp tục thực hiện")
    verdicts = [clean_markup(cells[i]) for i in text_cells[1:]
                if i > best and len(clean_markup(cells[i])) <= SHORT_CELL and not _NUMBER.search(cells[i])]
    # a column the question names besides ("kinh phí bao nhiêu và làm vào thời gian nào" of a row
    # "Cống A | Thôn B | 310 | Ngân sách xã | Tháng 4/2027"): its cell, after its name
    shown = [f"{clean_markup(header.split(' | ')[i])}: {clean_markup(cells[i])}" for i in range(1, min(len(cells), len(names)))
             if i != best and i != text_cells[0] and clean_markup(cells[i]) and _named_column(names[i], need)
             and clean_markup(cells[i]) not in verdicts]
    return " — ".join([label, best_quote(cells[best], need), *shown, *verdicts])


def _row_label(label: str, parent: str, limit: int) -> str:
    """A row's label as quoted; a sub-row's after its parent's, so it says what it is of ("Lạc ›
    Sản lượng")."""
    names = [parent, label] if parent else [label]
    return " › ".join(_short(n, limit).rstrip(".:;, ") for n in names)


def _short(text: str, limit: int = SNIPPET_CHARS * 2) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
