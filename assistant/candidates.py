"""Candidates: the passages worth ranking for a question (BM25 and dense search within the
places asked), each turned into the `Candidate` value the features read."""
from __future__ import annotations

import re
from bisect import bisect_right

from .embedding import Encoder
from .features import Candidate, figure
from .indicators import clauses
from .periods import baseline_figure_years, bracketed_years
from .identity import title_key
from .year_parts import period_of
from .places import Place
from .question import Query
from .retrieval import LoadedIndex, folded_vocab, retrieve
from .vietnamese import fold

_YEAR = re.compile(r"\b(20\d\d)\b")


def passage_years(index: LoadedIndex, row: int) -> frozenset:
    """Years the passage reports on or plans for: the index's reading (`period_years`, which
    leaves out baselines such as "so với năm 2022") when the passage, its headings or its
    table's header name a year; else none. A passage naming no year inherits its document's year in the index, and
    a report on one year that plans the next (title "Kết quả năm 2023, phương hướng năm 2024")
    may hold either: an inherited year is no evidence, so no year feature fires. A report on part
    of a year (6 or 9 months, a quarter) plans no further than that year's end, and what a report
    says was done is of the year it reports: there the document's year is the passage's."""
    text_years, heading_years = index.years(row)
    if not text_years and not heading_years and not _YEAR.search(index.passages[row].table_header or ""):
        doc = index.docs[index.doc_number[index.passages[row].source]]
        part = _part(getattr(doc, "period", ""))
        # … and a report's account of what was done ("đã kích hoạt …") is of the year it reports,
        # whatever it plans next; so is all it says before the part that plans the next year
        report = getattr(doc, "plan_kind", "") == "báo cáo"
        done = report and (index.intent(row) == "result"
                           or (index.intent(row) is None and row < _planning_start(index, doc)))
        return frozenset([doc.year]) if (part or done) and getattr(doc, "year", None) else frozenset()
    said = getattr(index.passages[row], "period_years", None)
    return frozenset(said or text_years)


# a section that plans ("III. Phương hướng, nhiệm vụ năm 2027", "Phần II. Nhiệm vụ, giải pháp"),
# not one that reports ("1. Nhiệm vụ được giao và kết quả thực hiện")
_PLANNING_SECTION = re.compile(r"^[\s*#_]*(?:phan(?:\s+thu)?\s+\w+|chuong\s+\w+)?[\s:.-]*(?:(?:[ivxlc]+|\d+|[a-z])[.)]\s*)*"
                               r"(?:cac\s+)?(?:phuong huong|nhiem vu)\b(?!.*\b(?:ket qua|da|duoc giao)\b)")


def _planning_start(index: LoadedIndex, doc) -> int:
    """The first row of a report's part that plans ahead (a section dated only to later years than
    the report's, or a _PLANNING_SECTION): reports tell their year first and plan the next at the
    end. Past the report's last row when it plans nothing."""
    def read() -> int:
        rows = index.rows_of(doc.source)
        later = (r for r in rows if doc.year and (min(index.years(r)[1], default=0) > doc.year or any(
            _PLANNING_SECTION.match(fold(h)) for h in index.passages[r].headings)))
        return next(later, rows[-1] + 1 if rows else 0)
    return index._fact("planning_start", index.doc_number[doc.source], read)


def figure_years(text: str, table_header: str) -> list[int]:
    """Years of the figures a passage gives beside those of its own years: in brackets ("80 tỷ
    (ước thực hiện năm 2025: 72 tỷ)"), or, in a table row, under a column naming a year, a
    baseline's too ("Cùng kỳ 2024": the row gives that period's figure), or after a comparison
    ("so với năm 2024 (12 vụ)")."""
    columns = {int(y) for y in _YEAR.findall(table_header)}
    return sorted(set(bracketed_years(text)) | set(baseline_figure_years(text)) | columns)


def passage_period(index: LoadedIndex, row: int) -> str:
    """The part of a year the passage is about: the index's reading when it has one, else what
    its own words and headings name ("Kết quả 6 tháng đầu năm › …"), else its document's period
    (a six-month report's passages are six-month figures unless they say otherwise)."""
    p = index.passages[row]
    said = _part(getattr(p, "period", "")) or period_of(" ".join([*p.headings, p.text]))
    if said:
        return said
    doc = index.docs[index.doc_number[p.source]]
    return _part(getattr(doc, "period", "")) or period_of(doc.title)


def _part(period: str) -> str:
    """A part of a year as year_parts.period_of names it; a whole year ("cả năm") is none."""
    return period_of(period) if period else ""


def stated(index: LoadedIndex, row: int) -> frozenset:
    """(indicator, year, kind) of each figure the passage states, as the district table reads it
    ("Thu nhập bình quân đầu người đạt 62 triệu đồng" -> ("thu_nhap_binh_quan", 2025, "result"))."""
    return index._fact("stated", -1, lambda: _statements_by_row(index)).get(row, frozenset())


def _statements_by_row(index: LoadedIndex) -> dict[int, frozenset]:
    from .table_answers import table_rows  # the table reads the index, not the other way round
    spans: dict[str, tuple[list[int], list[int]]] = {}
    for doc in index.docs:
        rows = sorted(index.rows_of(doc.source), key=lambda r: index.passages[r].start)
        spans[doc.source] = ([index.passages[r].start for r in rows], rows)
    out: dict[int, set] = {}
    for st in table_rows(index):
        starts, rows = spans.get(st["source"], ([], []))
        at = bisect_right(starts, st["start"]) - 1
        if at >= 0 and st["start"] < index.passages[rows[at]].end and st.get("canonical"):
            out.setdefault(rows[at], set()).add((st["canonical"], st.get("year"), st.get("kind")))
    return {row: frozenset(v) for row, v in out.items()}


# a passage's opening label names what its clauses give figures of: "Lúa: diện tích 500 ha; sản lượng 3.000 tấn"
_LABEL = re.compile(r"^[\W\d_]*([^\d:\n]{2,80}):")


def figure_pieces(text: str) -> tuple:
    """(text, folded words) of each clause of a passage that gives a figure, its opening label's
    words added to each (a line break parts clauses only where an item opens)."""
    label = _LABEL.match(text)
    lead = folded_vocab(label.group(1)) if label else set()
    pieces = (text[s:e] for s, e in clauses(text, lines=False))
    return tuple((piece, frozenset(folded_vocab(piece) | lead)) for piece in pieces if figure(piece))


def is_title(index: LoadedIndex, row: int) -> bool:
    """The passage is its plan's title, or a line of it, read as a paragraph ("Kết quả công tác
    năm 2026 và phương hướng năm 2027" under "BÁO CÁO")."""
    p = index.passages[row]
    if p.kind != "paragraph" or len(p.text) < 20:
        return False
    words = title_key(p.text)
    return bool(words) and f" {words} " in f" {title_key(index.docs[int(index.passage_doc[row])].title)} "


def candidate(index: LoadedIndex, row: int, bm25: float = 0.0, dense: float = 0.0) -> Candidate:
    p = index.passages[row]

    def build() -> dict:
        return dict(text=p.text, kind=p.kind, headings=tuple(p.headings),
                    vocab=frozenset(index.vocab(row) | index.title_vocab(row)),
                    text_vocab=frozenset(folded_vocab(p.text)),
                    heading_vocab=frozenset(folded_vocab(" ".join(p.headings))),
                    is_title=is_title(index, row), title_vocab=frozenset(index.title_vocab(row)),
                    intent=index.intent(row), years=passage_years(index, row),
                    heading_years=frozenset(index.years(row)[1]), search_text=index.search_texts[row],
                    figure_years=frozenset(figure_years(p.text, p.table_header or "")), stated=stated(index, row),
                    period=passage_period(index, row), table_header=p.table_header or "",
                    table_unit=p.table_unit, pieces=figure_pieces(p.text) if p.kind != "row" else ())
    return Candidate(row=row, bm25=bm25, dense=dense, **index._fact("candidate", row, build))


def candidates(index: LoadedIndex, encoder: Encoder | None, q: Query, places: list[Place] | None = None,
               lexical_depth: int = 30, dense_depth: int = 10) -> list[Candidate]:
    pool = retrieve(index, q, encoder, places, lexical_depth, dense_depth)
    return [candidate(index, int(r), float(b), float(d)) for r, b, d in zip(pool.rows, pool.lexical, pool.dense)]
