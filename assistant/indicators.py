"""Indicator statements of a plan: each figure a plan gives for a named quantity of its place.

A statement is one figure in a clause ("Tỷ lệ hộ nghèo giảm còn 2,1%"), read with:
  - the indicator in the plan's own words (the words before the figure, or after it for
    "giữ vững 3 trường đạt chuẩn quốc gia") and the canonical indicator of
    `vocabulary/indicators.tsv` it names, if any (the figure's unit must fit the indicator);
  - its kind: target (phấn đấu, chỉ tiêu, the plan's year), result (đạt, an earlier year) or
    estimate (ước); its year and period (6 tháng, 9 tháng, cả năm);
  - the value as written ("trên 14,5 tỷ đồng"), its unit and its number (1.234,5 -> 1234.5);
  - the citation: start and end in the document text and the verbatim slice.
Everything here is a pure function of a document's passages (the vocabulary and units are
`indicator_vocabulary.py`); indexing stores the rows with `indicator_file.py`.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache

from .indicator_vocabulary import (Unit, figure_pattern, fold, indicators, names_in, parse_number, unit_of,
                                   unit_named)
from .periods import ASIDE, without_asides

FIELDS = ("place", "source", "page", "year", "period", "kind", "indicator", "canonical", "value",
          "unit", "number", "start", "end", "text")


@dataclass
class Statement:
    place: str
    source: str
    page: int | None
    year: int | None
    period: str
    kind: str  # target, result, estimate
    indicator: str
    canonical: str
    value: str
    unit: str
    number: float
    start: int
    end: int
    text: str

    def as_json(self) -> dict:
        return asdict(self)


# ------------------------------------------------------------------ clauses and figures

_ITEM_OPENING = re.compile(r"\s*(?:[-+•*]\s|\d+[.)]\s|[a-zđ]\)\s)")  # "- ", "2. ", "b) "


def clauses(text: str, lines: bool = True) -> list[tuple[int, int]]:
    """Spans of the pieces a plan states one thing in: cut at ';', at a sentence's end, at line
    and table-cell breaks. ('1,5%. Tỷ lệ …' is two; '1.234,5' is one; a hard-wrapped line that
    goes on in lower case, "thu ngân sách trên địa bàn\nước đạt 14 tỷ", is not cut.) Without
    `lines`, a line break cuts only where an item opens: in hard-wrapped text it falls anywhere
    ("lũy kế 9 tháng\n14.790 triệu đồng")."""
    out, start = [], 0
    for m in re.finditer(r";|\t|\n|(?<=[^\d\s])\.(?=\s)|(?<=\d)\.(?=\s+[A-ZÀ-ỸĐ(])|(?<=%)\.", text):
        if m.group(0) == "\n" and (text[m.end():].lstrip(" ")[:1].islower() if lines
                                   else not _ITEM_OPENING.match(text, m.end())):
            continue
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(text)))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in out if text[s:e].strip()]


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    number_text: str
    unit: Unit
    unit_start: int


def figures(clause: str, folded: str) -> list[Figure]:
    """Each figure with a unit, not those inside an indicator's name ('trên 1 ha' of 'giá trị … trên 1 ha')."""
    found = list(figure_pattern().finditer(clause))
    if not found:
        return []
    named = [m.span() for pattern, _, _ in names_in(folded) for m in pattern.finditer(folded)]
    out = []
    for m in found:
        if any(s <= m.start("number") < e for s, e in named):
            continue
        out.append(Figure(m.start(), m.end(), m.group("number"), unit_named(m.group("unit")), m.start("unit")))
    return out


def canonical_of(folded_phrase: str, unit: Unit) -> tuple[list[str], tuple[int, int] | None]:
    """The canonical indicators the longest name in the phrase stands for, among those measured
    in the figure's unit; the name's span. 'thu, chi ngân sách' names two."""
    best, span = None, None
    found: list[str] = []
    for pattern, canonical, length in names_in(folded_phrase):
        if best is not None and length < best:
            break
        m = pattern.search(folded_phrase)
        if not m or not _fits(canonical, unit):
            continue
        best, span = length, span or m.span()
        found.append(canonical)
    return list(dict.fromkeys(found)), span


def _fits(canonical: str, unit: Unit) -> bool:
    measures = {u.measure for u in map(unit_of, indicators()[canonical].units) if u}
    return unit.measure in measures


# Words that only tie a figure to the one before it ("đạt 1,2 tỷ đồng, bằng 98% …").
_TIES = {"dat", "bang", "chiem", "tang", "giam", "so", "voi", "tuong", "duong", "uoc", "khoang", "la", "va",
         "hay", "tuc", "trong", "do", "tren", "duoi", "thuc", "hien"}
_COMPARED = re.compile(r"^\W*so\b(?!\s+(voi\s+)?(ke hoach|chi tieu|kh|du toan)\b)")  # not 'so với kế hoạch 94%' 
_SHARE_OF_PLAN = re.compile(r"^\W*(kh\b|ke hoach|du toan|chi tieu)", re.I)
_COMPARED_BEFORE = re.compile(r"\bso\s+(voi\s+)?(cung ky|ckn\w*|nam \d{4}|ky)\b[\w\s]{0,12}$")
_OTHER_LEVEL = re.compile(r"\(\s*(thanh pho|huyen|tinh|ca nuoc|toan quoc)\W*$")


def _ties_only(folded_phrase: str) -> bool:
    return all(w in _TIES for w in re.findall(r"\w+", folded_phrase))


def skip_figure(before: str, after: str, follows_figure: bool, names_after: bool = False) -> bool:
    """A figure that is not a statement of its own: a comparison ('tăng 5% so cùng kỳ'), a share
    of the plan ('đạt 95% KH'), a share or rate tied to the figure before ('1,2 tỷ, chiếm 18%'),
    another level's figure given beside the place's ('(huyện 91%)')."""
    if _COMPARED.search(after) or _COMPARED_BEFORE.search(before) or _OTHER_LEVEL.search(before):
        return True
    return follows_figure and ((_ties_only(before) and not names_after) or bool(_SHARE_OF_PLAN.search(after)))


# ------------------------------------------------------------------ kind, year, period

_ESTIMATE = re.compile(r"\buoc\b(?! (muon|mo|vong))")
_TARGET = re.compile(r"\b(phan dau|phan dau|muc tieu|du kien|chi tieu|ke hoach|giao)\b")
_RESULT = re.compile(r"\b(da dat|thuc hien duoc|da thuc hien|dat duoc|da giai quyet|hoan thanh)\b")
_TARGET_HEADING = re.compile(r"\b(chi tieu|muc tieu|phuong huong|nhiem vu|ke hoach)\b")
_RESULT_HEADING = re.compile(r"\b(ket qua|danh gia|tinh hinh thuc hien)\b")
_YEAR = re.compile(r"(?<![\d/.,\-–])(?:19|20)\d\d(?![\d/.,]\d|\s*[-–]\s*(?:19|20)\d\d)")
# not the period: a baseline, a span, a school year, and the base year of constant prices
# ("giá so sánh 2010", "giá SS 2010", "giá cố định 1994": the statistics office's price base)
_NOT_PERIOD_YEAR = re.compile(r"(so voi|cung ky|giai doan|nam hoc|nhiem ky|den nam|tu nam|gia (so sanh|ss|co dinh))\W*(nam\W*)?$")


_RANGE_END = re.compile(r"\d{4}\s*[-–]\s*$")


def years_in(folded: str) -> list[int]:
    """Years a text reports on or plans for; not comparison baselines, school years, ranges or dates."""
    out = []
    for m in _YEAR.finditer(folded):
        if _NOT_PERIOD_YEAR.search(folded[max(0, m.start() - 30):m.start()]):
            continue
        if m.start() > 0 and folded[m.start() - 1] == "-" or _RANGE_END.search(folded[max(0, m.start() - 8):m.start()]):
            continue  # the end of a range ("2026 - 2030")
        out.append(int(m.group()))
    return out


def period_of(folded: str) -> str:
    if re.search(r"\b(6|sau) thang\b", folded):
        return "6 tháng"
    if re.search(r"\b(9|chin) thang\b", folded):
        return "9 tháng"
    m = re.search(r"\bquy (i{1,3}|iv|[1-4])\b", folded)
    return f"quý {m.group(1).upper()}" if m else ""


def header_cells(header: str) -> list[str]:
    line = header.strip()
    if line.startswith("|"):
        line = line.strip("|")
    return [fold(c).strip(" *") for c in re.split(r"\s*\|\s*|\t", line)]


def column_kind(header: str, cell: int) -> str | None:
    """The kind a table column states: 'Kết quả', 'Thực hiện', 'TH 2024' -> result; 'Ước TH',
    'ƯTH 2024' -> estimate; 'Kế hoạch', 'KH 2025', 'Nhiệm vụ' -> target; a comparison column
    ('So sánh TH/KH (%)') -> none."""
    cols = header_cells(header)
    if cell >= len(cols):
        return None
    col = cols[cell]
    if re.search(r"so sanh|%|ty le|danh gia|ghi chu", col):
        return None
    if re.search(r"\buoc\b|\buth\b|\buoc th\b", col):
        return "estimate"
    if re.search(r"ket qua|thuc hien|\bth\b", col):
        return "result"
    if re.search(r"ke hoach|chi tieu|nhiem vu|\bkh\b|muc tieu", col):
        return "target"
    return None


def column_year(header: str, cell: int) -> int | None:
    cols = header_cells(header)
    years = years_in(cols[cell]) if cell < len(cols) else []
    return years[0] if len(years) == 1 else None


@dataclass(frozen=True)
class Context:
    """What a statement's passage and plan say about when and what kind."""
    place: str
    source: str
    page: int | None
    plan_year: int | None
    plan_is_report: bool
    heading_years: tuple[int, ...]
    heading_kind: str | None
    passage_years: tuple[int, ...]
    passage_period: str
    doc_period: str


def kind_of(folded_clause: str, folded_before: str, column: str | None, year: int | None, ctx: Context,
            assigned: bool = False) -> str:
    """Estimate when 'ước' says so (in the clause's sentence, or the sentence it continues:
    'Trong đó …'); else the table column's kind; a figure a higher level assigns ('huyện giao 95%') is a
    target; a year before the plan's is a result, after it a target; then the clause's words,
    its heading's, and what the document is (a plan states targets, a report results)."""
    if _ESTIMATE.search(folded_clause) or (_ESTIMATE.search(folded_before) and not _TARGET.search(folded_clause)):
        return "estimate"
    if column:
        return column
    if assigned:
        return "target"
    if year is not None and ctx.plan_year is not None and year != ctx.plan_year:
        return "result" if year < ctx.plan_year else "target"
    if re.search(r"\b(phan dau|(?<!co )muc tieu|du kien)\b", folded_clause):  # not 'bổ sung có mục tiêu'
        return "target"
    if _RESULT.search(folded_clause):  # 'hoàn thành chỉ tiêu … năm 2024 với 12 công dân' was reached
        return "result"
    if re.search(r"\bchi tieu[\w\s]{0,20} nam \d{4}", folded_clause):  # 'thống nhất 18 chỉ tiêu năm 2025'
        return "target"
    if ctx.heading_kind:
        return ctx.heading_kind
    return "result" if ctx.plan_is_report else "target"


def explicit_year(folded_clause: str, ctx: Context, at: int | None = None, folded_before: str = "") -> int | None:
    """The year the clause, else its sentence before it, else its passage, else its nearest
    heading names (when it names one). A figure at `at` in brackets is of the years its brackets
    name; one outside them is not of the years an aside in brackets names ("165 tỷ đồng (thấp
    hơn mức năm 2026)" is not a 2026 figure)."""
    inside = [folded_clause[a:b] for a, b in _brackets(folded_clause) if at is not None and a <= at < b]
    # a clause saying its own time in words ("năm nay thu 40 tỷ") is not of the year said before it
    before = [] if _RELATIVE_YEAR.search(folded_clause) else years_in(without_asides(folded_before))
    for years in ([years_in(b) for b in inside] + [years_in(without_asides(folded_clause)), before,
                  list(ctx.passage_years), list(ctx.heading_years)]):
        if len(set(years)) == 1:
            return years[0]
    return None


_RELATIVE_YEAR = re.compile(r"\b(nam (nay|toi|sau|truoc|ngoai|qua)|sang nam)\b")


_A_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _without_figured_asides(text: str) -> str:
    """The text, each aside in brackets that gives a figure besides its years blanked."""
    return ASIDE.sub(lambda m: " " if re.search(r"\d", _A_YEAR.sub("", m.group())) else m.group(), text)


def _brackets(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in ASIDE.finditer(text)]


def default_year(kind: str, ctx: Context) -> int | None:
    if ctx.plan_year is None:
        return None
    # a year's plan reports on the year before; a review of part of a year ("6 tháng đầu năm"), on that year
    reported = ctx.plan_year if ctx.plan_is_report or period_of(fold(ctx.doc_period or "")) else ctx.plan_year - 1
    if kind in ("result", "estimate") or ctx.heading_kind == "result":  # a results table's target column too
        return reported
    return ctx.plan_year


# ------------------------------------------------------------------ statements

@dataclass
class _Last:
    """The canonical indicators and the folded words of the statement read last in a passage."""
    canonical: list[str]
    words: str = ""


def statements(text: str, offset: int, ctx: Context, column: str | None = None,
               row_label: Statement | None = None) -> list[Statement]:
    """Every indicator statement of one passage's text (or one table cell), offsets in the
    document. In a table row, a figure of a later cell that names nothing ('Ước đạt 97%') is of
    the indicator the row's first statement names."""
    out: list[Statement] = []
    folded_text = fold(text)
    last = _Last([row_label.canonical] if row_label else [])
    for cs, ce in clauses(text):
        clause, folded = text[cs:ce], folded_text[cs:ce]
        figs = figures(clause, folded)
        free = 0  # where the words of the next figure may start
        for i, fig in enumerate(figs):
            nxt = figs[i + 1].start if i + 1 < len(figs) else len(clause)
            before = folded[free:fig.start]
            read = _read_figure(clause, folded, fig, i, free, nxt, last, row_label)
            if read is None:
                free = fig.end
                continue
            found, (start, end), words = read
            free = max(fig.end, end)
            before_clause = folded_text[_sentence_start(folded_text, cs):cs]
            year = explicit_year(folded, ctx, fig.start, before_clause)
            sentence = before_clause + folded
            kind = kind_of(sentence, _leading(folded_text, cs), column, year, ctx, assigned=bool(_ASSIGNED.search(before)))
            year = year or default_year(kind, ctx)
            period = period_of(folded[:end]) or ((ctx.passage_period or ctx.doc_period) if kind != "target" else "") \
                or "cả năm"  # a target is the year's unless it says otherwise
            for canonical in found or [""]:
                out.append(Statement(
                    place=ctx.place, source=ctx.source, page=ctx.page, year=year, period=period, kind=kind,
                    indicator=_indicator_words(words), canonical=canonical, value=clause[fig.start:fig.end],
                    unit=fig.unit.unit, number=parse_number(fig.number_text, fig.unit.unit),
                    start=offset + cs + start, end=offset + cs + end, text=clause[start:end]))
    return out


def _read_figure(clause: str, folded: str, fig: Figure, i: int, free: int, nxt: int, last: _Last,
                 row_label: Statement | None):
    """(canonical indicators, span in the clause, the plan's words) of one figure, or None when
    the figure states nothing of its own. Updates `last`."""
    before, after = folded[free:fig.start], folded[fig.end:nxt]
    if (_FROM.search(before) or _FROM_IN_FIGURE.match(folded, fig.start)) and _TO.match(after):
        # "giảm từ 6,8% xuống còn 5,1%": the first figure is where it started; the one after
        # "xuống còn" states it, of the indicator named here
        found, (start, end), _ = _named(clause, folded, fig, free, nxt)
        last.canonical, last.words = found, folded[start:end]
        return None
    names_after = bool(canonical_of(folded[fig.unit_start:_after_end(folded, fig.end, nxt)], fig.unit)[0])
    share_of_plan = bool(_SHARE_OF_PLAN.search(after))  # '… đạt 65% KH' is how far, not how much
    rate = _rate_of_count(last.canonical, last.words, before, fig.unit) if i > 0 and not share_of_plan else []
    if not rate and skip_figure(before, after, i > 0, names_after):
        return None
    found, (start, end), words = _named(clause, folded, fig, free, nxt)
    found = found or rate
    part = bool(re.match(r"^\W*trong do\b", before))
    if found and part and set(found) & set(last.canonical):
        found = []  # a part of the figure before it ('… 1.200 tỷ đồng. Trong đó giá trị ngành nông …')
    elif not found and row_label and _fits(row_label.canonical, fig.unit) and not share_of_plan:
        found, words = [row_label.canonical], row_label.indicator
    elif not found and i > 0 and not part and len(re.findall(r"\w+", before)) <= 4:
        if last.canonical and all(_fits(c, fig.unit) for c in last.canonical):
            found = last.canonical  # the same indicator at another level or time ('huyện giao 93%, xã đạt 94%')
        else:  # the same thing in another unit: '52 hộ nghèo, tỷ lệ 2,1%'
            found, _ = canonical_of(last.words + " " + before, fig.unit)
    last.canonical, last.words = found, ("" if part else folded[start:end])
    return found, (start, end), words


_FROM = re.compile(r"\btu\W*$")
_FROM_IN_FIGURE = re.compile(r"tu\b")  # the figure's span may open with it ("từ 6,8%")
_TO = re.compile(r"\W*(xuong|len|den)\b")


# right before the figure: a level above assigns it, or the plan or budget sets it ("KH 62,0",
# "dự toán 14.850": KH is kế hoạch in administrative writing, dự toán the budget voted beforehand)
_ASSIGNED = re.compile(r"(\b(huyen|tinh|thanh pho|cap tren)\s+giao|\bso voi (ke hoach|chi tieu)|\b(ke hoach|kh|du toan)( nam)?( \d{4})?)\W*$")


def _after_end(folded: str, at: int, nxt: int) -> int:
    """Where the words after a figure that may name it stop: at a comma, a closing bracket or
    'và' ('… 94%) và tỷ lệ hộ dùng nước sạch' names the next figure, not this one)."""
    m = re.compile(r",|\)|\bva\b").search(folded, at, nxt)
    return m.start() if m else nxt


def _sentence_start(folded_text: str, at: int) -> int:
    cut = max(folded_text.rfind(". ", 0, at), folded_text.rfind("\n", 0, at))
    return cut + 1 if cut >= 0 else 0


def _leading(folded_text: str, at: int) -> str:
    """The sentence a clause continues: 'Trong đó …' goes on with the sentence before it."""
    start = _sentence_start(folded_text, at)
    if re.match(r"\W*trong do\b", folded_text[start:]):
        start = _sentence_start(folded_text, max(start - 2, 0))
    return folded_text[start:at]


def _rate_of_count(last: list[str], last_words: str, before: str, unit: Unit) -> list[str]:
    """'41 hộ nghèo, chiếm 1,1%': a figure tied to a count is the rate of what was counted, when
    that rate is another indicator than the count's ('… 500 tỷ đồng, chiếm 20%' is a share)."""
    if not last_words or not _ties_only(before):
        return []
    found, _ = canonical_of(last_words + " " + before, unit)
    return found if not set(found) & set(last) else []


def _named(clause: str, folded: str, fig: Figure, free: int, nxt: int):
    """The canonical indicators a figure states, the statement's span in the clause and the
    plan's words for it: the words before the figure (from the comma-separated piece that names
    it), else, for '3 trường đạt chuẩn', the words after it up to the next comma."""
    found, span = canonical_of(folded[free:fig.start], fig.unit)
    start = _phrase_start(clause, free)
    if found:
        cut = max(folded.rfind(",", free, free + span[0]), folded.rfind("(", free, free + span[0]))
        start = _phrase_start(clause, cut + 1) if cut >= 0 else start
        return found, (start, fig.end), clause[start:fig.start]
    stop = _after_end(folded, fig.end, nxt)
    after, _ = canonical_of(folded[fig.unit_start:stop], fig.unit)
    if not after:
        return [], (start, fig.end), clause[start:fig.start]
    end = len(clause[:stop].rstrip(" ,;.:*)(\t"))
    return after, (fig.start, end), clause[fig.unit_start:end]


def _phrase_start(clause: str, at: int) -> int:
    m = re.match(r"[\s,:;.)\-–*+•(]*(?:\(?\d+\)?[.)]\s*)?", clause[at:])
    return at + (m.end() if m else 0)


def _indicator_words(words: str) -> str:
    """The plan's own name for what is measured, without list marks, markup and tying words."""
    cleaned = re.sub(r"[*_#]|</?\w+>", "", words)
    cleaned = re.sub(r"^[\s\-–+•(.]*(?:\(?\d+\)?[.)]\s*)?", "", cleaned)
    cleaned = re.sub(r"(?:\s|:|,)*(?:đạt|là|ước|ước đạt|ước thực hiện|phấn đấu|đạt được|còn|:)?\s*[:,]?\s*$", "",
                     cleaned.strip(), flags=re.I)
    return " ".join(cleaned.split()).strip(" :,;-(")


# ------------------------------------------------------------------ a document

def plan_year(doc) -> int | None:
    """The year the document plans for or reports on: the documents' own field when the index
    has it, else the year its title names ('Kế hoạch … năm 2024'), else its latest year."""
    year = getattr(doc, "year", None)
    if year:
        return year
    titled = years_in(fold(getattr(doc, "title", "")))
    if titled:
        return titled[-1]
    return max(doc.years) if getattr(doc, "years", None) else None


@lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    """Headings and titles repeat over a plan's passages: fold each once."""
    return fold(text)


def context(doc, passage) -> Context:
    title = _folded(" ".join(getattr(doc, "title", "").split()))
    headings = [_folded(h) for h in passage.headings if _folded(" ".join(h.replace("*", "").split())) != title]
    heading_years: list[int] = []
    heading_kind = None
    for h in reversed(headings):  # the nearest heading that says it
        heading_years = heading_years or years_in(re.sub(r"\d+/\s*\d*/\s*\d{4}|/\s*/\s*\d{4}", " ", h))
        if heading_kind is None and _RESULT_HEADING.search(h):
            heading_kind = "result"
        elif heading_kind is None and _TARGET_HEADING.search(h):
            heading_kind = "target"
    # a year said only in an aside giving its own figure is no year of the passage's ("giảm còn
    # 1,8% (cuối năm 2026 là 2,4%)"); an aside that only dates ("15 tỷ đồng (năm 2025)") is
    years = sorted(set(years_in(_without_figured_asides(fold(passage.text)))))
    given = getattr(passage, "period_years", None) or []  # the index's reading, which falls back on the document's year
    if not years and len(set(given)) == 1 and given[0] != plan_year(doc):
        years = list(given)
    return Context(place=getattr(doc, "place_label", ""), source=doc.source, page=passage.page,
                   plan_year=plan_year(doc), plan_is_report=getattr(doc, "plan_kind", "") in ("báo cáo", "tin kỳ họp"),
                   heading_years=tuple(heading_years), heading_kind=heading_kind,
                   passage_years=tuple(years) if len(set(years)) == 1 else (),
                   passage_period=getattr(passage, "period", "") or "",
                   doc_period=getattr(doc, "period", "") or period_of(title))


_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_RULE_ROW = re.compile(r"^\s*\|?\s*:?-{3,}")
_BARE_NUMBER = re.compile(r"^\s*(\d+(?:[.,]\d+)*)\s*$")


_SPACED_CELL_GAP = re.compile(r"\S(?: {2,})(?=\S)")
_SPACED_CELL = re.compile(r"\S+(?: \S+)*")  # words apart by single spaces: one cell


def cell_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of a table row: tab- or pipe-separated, typed with spaces (cells
    two spaces or more apart), or one cell per line (an annex a converter flattened)."""
    if "\t" not in line and "|" not in line and "\n" not in line and len(_SPACED_CELL_GAP.findall(line)) >= 2:
        return [m.span() for m in _SPACED_CELL.finditer(line)]  # a row typed with spaces
    sep = "\t" if "\t" in line and not _PIPE_ROW.match(line) else "|" if "|" in line else "\n"
    bounds = [-1] + [i for i, ch in enumerate(line) if ch == sep] + [len(line)]
    spans = [(bounds[i] + 1, bounds[i + 1]) for i in range(len(bounds) - 1)]
    if sep == "|":
        spans = spans[1:-1] if line.strip().startswith("|") else spans
    return spans


def is_header(cells: list[str]) -> bool:
    """A table's header row: names columns, holds no figures ('STT | Chỉ tiêu | ĐVT | KH 2025')."""
    if len(cells) < 3 or any(_BARE_NUMBER.match(c) and not years_in(c) for c in cells[1:]):
        return False
    line = "|".join(cells)
    units = any(re.search(r"\bdvt\b|don vi", fold(c)) for c in cells)
    return units or sum(column_kind(line, i) is not None for i in range(len(cells))) >= 2  # not a section row


_YEAR_COLUMN = re.compile(r"(?:nam )?(?:19|20)\d\d")  # a folded header cell naming a year only


def row_statements(line: str, offset: int, header: str, ctx: Context) -> list[Statement]:
    """One table row. With a unit column ('ĐVT'), each bare figure of a kind's column is a
    statement of the row's label in that unit and the column's year ('KH 2025' -> target 2025);
    without one, each cell is read as text, a later cell's unnamed figure taking the row's label."""
    spans = cell_spans(line)
    cols = header_cells(header)
    if len(spans) < len(cols) and spans and not _BARE_NUMBER.fullmatch(line[slice(*spans[0])].strip()):
        # a sub-row without a number of its own ("Trong đó: hộ nghèo DTTS   %   21,36 …"): its cells
        # line up with the columns from the right
        spans = [(0, 0)] * (len(cols) - len(spans)) + spans
    unit_col = next((i for i, c in enumerate(cols) if re.search(r"\bdvt\b|don vi", c)), None)
    if unit_col is None or unit_col >= len(spans):
        bracketed = _label_in_unit(line, spans)
        if bracketed is None:
            out: list[Statement] = []
            for i, (a, b) in enumerate(spans):
                label = next((s for s in out if s.canonical), None)
                out += statements(line[a:b], offset + a, ctx, column_kind(header, i), label)
            return out
        label_col, unit = bracketed
        unit_col = label_col
    else:
        label_col = next((i for i, c in enumerate(cols) if re.search(r"chi tieu|noi dung|nhiem vu|ten", c)), 1)
        if label_col >= len(spans):
            return []
        try:
            unit = unit_named(line[slice(*spans[unit_col])].strip(" *").lower())
        except KeyError:
            return []
    label = line[slice(*spans[label_col])].strip(" *")
    found, _ = canonical_of(fold(label), unit)
    if re.match(r"^\W*(trong do|rieng)\b", fold(label)):
        found = []  # a part of the row above ("Trong đó: hộ nghèo DTTS") is not its indicator
    out = []
    for i, (a, b) in enumerate(spans):
        kind, number = column_kind(header, i), _BARE_NUMBER.match(line[a:b])
        if kind is None and i < len(cols) and _YEAR_COLUMN.fullmatch(cols[i]):
            # a column named by its year alone ("2028"): a year after the plan's is a target
            kind = kind_of("", "", None, column_year(header, i), ctx)
        if i in (label_col, unit_col) or kind is None or number is None:
            continue
        year = column_year(header, i) or default_year(kind, ctx)
        for canonical in found or [""]:
            out.append(Statement(
                place=ctx.place, source=ctx.source, page=ctx.page, year=year, period=ctx.passage_period or "cả năm",
                kind=kind, indicator=_indicator_words(label), canonical=canonical, value=number.group(1),
                unit=unit.unit, number=parse_number(number.group(1), unit.unit),
                start=offset, end=offset + len(line.rstrip()), text=line.rstrip()))
    return out


_UNIT_IN_BRACKETS = re.compile(r"\(([^()]{1,25})\)\W*$")


def _label_in_unit(line: str, spans: list[tuple[int, int]]):
    """(label column, unit) of a row with no unit column whose label names its unit in brackets
    ("Tổng thu NSNN trên địa bàn (tỷ đồng) | 48,5 | 52,37"), its other cells bare figures; else None."""
    cells = [line[a:b].strip(" *") for a, b in spans]
    at = next((i for i, c in enumerate(cells) if re.search(r"[^\W\d_]{2}", c)), None)
    m = _UNIT_IN_BRACKETS.search(cells[at]) if at is not None else None
    if m is None or not any(_BARE_NUMBER.match(c) for c in cells[at + 1:]):
        return None
    try:
        return at, unit_named(m.group(1).lower())
    except KeyError:
        return None


def passage_statements(doc, passage, header: str = "") -> list[Statement]:
    """A passage's statements; `header` is the header row of the (markdown) table it continues."""
    ctx = context(doc, passage)  # a 'heading' passage may hold the short lines after it: read it too
    if passage.kind == "row" and passage.table_header:
        return row_statements(passage.text, passage.start, passage.table_header, ctx)
    out, at = [], 0
    for line in passage.text.split("\n"):
        if _PIPE_ROW.match(line) and header and not _RULE_ROW.match(line):
            out += row_statements(line, passage.start + at, header, ctx)
        elif not _PIPE_ROW.match(line):
            out += statements(line, passage.start + at, ctx)
        at += len(line) + 1
    return out


def document_statements(doc, passages) -> list[Statement]:
    """A document's statements in text order; a statement two overlapping passages both hold is
    kept once. A markdown table's header row is carried to the rows after it."""
    seen, out = set(), []
    header = ""
    for p in passages:
        for line in p.text.split("\n"):
            if _PIPE_ROW.match(line) and is_header([line[a:b] for a, b in cell_spans(line)]):
                header = line
        for s in passage_statements(doc, p, header):
            key = (s.start, s.end, s.canonical, s.number, s.kind, s.year)
            if key not in seen:
                seen.add(key)
                out.append(s)
    return sorted(out, key=lambda s: s.start)
