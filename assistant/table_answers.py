"""Chat answers read off the indicator table: which place is highest or lowest on an indicator,
which places are above or below a figure (and how many), and a comparison of all places, each
figure cited by the passage that states it.

    answer_from_table(index, question) -> Answer | None

None when the question is not of these shapes, names no canonical indicator, names one place
only or a place without a plan, or the table has no figure for it: the ordinary pipeline answers
then. The chat's dispatch (answering.py) calls it first for a question without history:

    table = answer_from_table(index, question, places)   # places: the page's place filter
    if table is not None:
        return table                                     # latency_ms is the caller's to set
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from . import indicator_table as tbl
from .compose import Answer, Citation
from .indicator_file import load_table
from .indicator_vocabulary import VOCABULARY, indicators, name_pattern, parse_number, unit_of, vocabulary_rows
from .indicators import document_statements
from .need import unit_pattern
from .places import question_places
from .vietnamese import fold

_TABLES: dict[str, list[dict]] = {}

# The shapes of question the table answers (folded): a ranking, a threshold, a comparison.
_HIGH = re.compile(r"\b(cao nhat|lon nhat|nhieu nhat|dung dau|tot nhat|vuot troi|nhieu [\w\s]{1,40} nhat|cao hon|lon hon|nhieu hon)\b")
_LOW = re.compile(r"\b(thap nhat|nho nhat|it nhat|kem nhat|cham nhat|thua nhat|tut hau|it [\w\s]{1,40} nhat|thap hon|nho hon|it hon)\b")
_WHICH = re.compile(r"\b(xa nao|phuong nao|thi tran nao|noi nao|dia phuong nao|don vi nao|bao nhieu xa|"
                    r"may xa|bao nhieu dia phuong|nhung xa|cac xa|cac dia phuong|xa phuong nao|o dau|noi dau)\b")
_COMPARE = re.compile(r"\b(so sanh|doi chieu|ben nao|giua cac|cua cac xa|cac xa|cac dia phuong|tung xa)\b")
_ABOVE = r"(?:tren|hon|vuot|lon hon|cao hon|nhieu hon|tu)"
_BELOW = r"(?:duoi|thap hon|nho hon|it hon|khong qua|chua den)"
_THRESHOLD = re.compile(rf"\b(?P<dir>{_ABOVE}|{_BELOW})\s+(?P<number>\d+(?:[.,]\d+)*)\s*(?P<unit>ty dong|ty|trieu dong|trieu|%|phan tram|tan|ha|lao dong|nguoi|ho|truong)?")
_COUNT = re.compile(r"\b(bao nhieu|may)\s+(xa|phuong|dia phuong|noi|don vi)\b")
_UNIT_WORDS = {"ty": "tỷ đồng", "ty dong": "tỷ đồng", "trieu": "triệu đồng", "trieu dong": "triệu đồng", "%": "%",
               "phan tram": "%", "tan": "tấn", "ha": "ha", "lao dong": "lao động", "nguoi": "người", "ho": "hộ",
               "truong": "trường"}
_KIND_WORDS = (("estimate", re.compile(r"\buoc\b")),
               ("result", re.compile(r"\b(thuc hien duoc|da dat|ket qua|dat duoc|thuc te)\b")),
               ("target", re.compile(r"\b(chi tieu|ke hoach|phan dau|muc tieu|dat ra|dat chi tieu|giao)\b")))


@dataclass(frozen=True)
class TableQuestion:
    canonical: str
    shape: str  # high, low, above, below, compare
    kind: str | None  # target, result, estimate; None: not said (each place its best-known figure)
    year: int | None
    threshold: float | None = None  # in the indicator's table unit
    count: bool = False


@lru_cache(maxsize=1)
def _question_names() -> list[tuple[re.Pattern, str, int]]:
    """Every name and label of a canonical indicator as a pattern over folded text, longest first."""
    out = {}
    for r in vocabulary_rows(VOCABULARY / "indicators.tsv"):
        for name in (r["name"], r["label"]):
            out.setdefault(name, (name_pattern(name), r["canonical"], len(name)))
    return sorted(out.values(), key=lambda x: -x[2])


def indicator_named(folded: str) -> str | None:
    """The canonical indicator whose longest name the question says."""
    return next((canonical for pattern, canonical, _ in _question_names() if pattern.search(folded)), None)


def read_question(question: str, places_named: int = 0) -> TableQuestion | None:
    """The shape of a table question; a question naming two places or more and an indicator
    ('… của xã A và xã B là bao nhiêu?') compares them."""
    folded = " ".join(fold(question).split())
    canonical = indicator_named(folded)
    if canonical is None:
        return None
    kind = next((k for k, pattern in _KIND_WORDS if pattern.search(folded)), None)
    if kind is None and re.search(r"(?<!\w)đạt(?!\w)", question.lower()):
        kind = "result"  # 'đạt bao nhiêu' asks what was reached; 'đặt' (set) folds to the same letters
    elif kind is None and re.search(r"(?<!\w)đặt(?!\w)", question.lower()):
        kind = "target"
    years = [int(y) for y in re.findall(r"\b(20\d\d)\b", folded)]
    year = years[0] if years else None
    threshold = _threshold(folded)
    if threshold and (_WHICH.search(folded) or _COUNT.search(folded)):
        number = _threshold_number(threshold, canonical)
        if number is not None:
            shape = "below" if re.fullmatch(_BELOW, threshold.group("dir")) else "above"
            return TableQuestion(canonical, shape, kind, year, number, bool(_COUNT.search(folded)))
    if _HIGH.search(folded) and (_WHICH.search(folded) or "nao" in folded.split()):
        return TableQuestion(canonical, "high", kind, year)
    if _LOW.search(folded) and (_WHICH.search(folded) or "nao" in folded.split()):
        return TableQuestion(canonical, "low", kind, year)
    if _COMPARE.search(folded) or places_named > 1:
        return TableQuestion(canonical, "compare", kind, year)
    return None


def _threshold(folded: str) -> re.Match | None:
    """'trên 20 tỷ', 'dưới 2%': a figure that is not part of the indicator's name ('dưới 5 tuổi')."""
    for m in _THRESHOLD.finditer(folded):
        if m.group("unit") or not re.match(r"\s*[^\W\d]", folded[m.end():]):
            return m
    return None


def _threshold_number(m: re.Match, canonical: str) -> float | None:
    """The question's figure in the indicator's table unit ('20 tỷ' -> 20 tỷ đồng; '20.000.000.000 đồng')."""
    table_unit = indicators()[canonical].units[0]
    said = _UNIT_WORDS.get(m.group("unit") or "", table_unit)
    number = parse_number(m.group("number"), said)
    if unit_of(said) is None or unit_of(table_unit) is None:
        return number
    if unit_of(said).measure != unit_of(table_unit).measure:
        return None
    return number * unit_of(said).factor / unit_of(table_unit).factor


def table_rows(index) -> list[dict]:
    """The live table of a loaded index, read once per build (its folder may be pruned under a
    long-running reader: the statements are then read again from the passages in memory)."""
    if index.build_id not in _TABLES:
        try:
            rows = load_table(Path(index.build).parent.parent)
            if not any(r["source"] in index.doc_number for r in rows):
                raise FileNotFoundError
        except Exception:  # the build was replaced: read the passages the index holds
            rows = []
            for doc in index.docs:
                rows += [s.as_json() for s in document_statements(doc, [p for p in index.passages if p.source == doc.source])]
        _TABLES.clear()
        _TABLES[index.build_id] = rows
    return _TABLES[index.build_id]


def answer_from_table(index, question: str, places: list | None = None) -> Answer | None:
    """The answer to a ranking, threshold or comparison question over all places (or the
    `places` chosen), or None to let the ordinary pipeline answer."""
    named, unknown = question_places(question, index.places)
    tq = read_question(question, len(named))
    if tq is None:
        return None
    if unknown or (len(named) == 1 and tq.shape == "compare"):
        return None  # a place without a plan, or one place's figure: the pipeline says so
    rows = [r for r in table_rows(index) if r["canonical"] == tq.canonical]
    among = named if len(named) > 1 else places
    if among:
        rows = tbl.select(rows, [getattr(p, "label", str(p)) for p in among])
    year = tq.year or tbl.default_year(rows, tq.kind)
    chosen = tbl.select(rows, year=year, kind=tq.kind)
    unit = unit_pattern(question) if tq.shape == "compare" else None  # "bao nhiêu xã …" counts places
    if unit:
        # "bao nhiêu thanh niên" is not answered by the indicator's figure in %: only figures in
        # the unit asked count (none: each place's passages answer)
        chosen = [r for r in chosen if in_unit(r, unit)]
    if tq.kind is None:
        chosen = _known_best(chosen)
        kinds = {r["kind"] for r in chosen}
        tq = replace(tq, kind=kinds.pop() if len(kinds) == 1 else None)  # said when every place's is one kind
    table = tbl.pivot(chosen)
    values = table.row_numbers(tq.canonical)
    if not values:
        return None
    scope = [getattr(p, "label", str(p)) for p in among] if among else _all_places(index)
    return _compose(index, question, tq, year, table, values, scope)


def in_unit(row: dict, unit) -> bool:
    """The statement's figure is in the unit asked: its value as written ("27 thanh niên") or, read
    off a table row, the bare value with the row's unit ("95,5" and "%")."""
    return bool(unit.search(f"{row.get('value') or ''} {row.get('unit') or ''}"))


_KNOWN_FIRST = ("result", "estimate", "target")


def _known_best(rows: list[dict]) -> list[dict]:
    """Neither planned nor achieved asked ("tỷ lệ … năm 2025 là bao nhiêu?"): each place's figure is
    what its plans know best of that year, the achieved one, else the estimate, else the target."""
    out = []
    for place in dict.fromkeys(r["place"] for r in rows):
        mine = [r for r in rows if r["place"] == place]
        kind = next(k for k in (*_KNOWN_FIRST, None) if k is None or any(r["kind"] == k for r in mine))
        out += [r for r in mine if kind is None or r["kind"] == kind]
    return out


def _compose(index, question: str, tq: TableQuestion, year: int | None, table: tbl.Table,
             values: dict[str, float], scope: list[str]) -> Answer:
    ind = indicators()[tq.canonical]
    order = sorted(values, key=lambda p: values[p], reverse=tq.shape != "low")
    if tq.shape == "above":
        order = [p for p in order if values[p] > tq.threshold]
    elif tq.shape == "below":
        order = [p for p in sorted(values, key=values.get) if values[p] < tq.threshold]
    said = [tbl.KINDS[tq.kind]] if tq.kind else []
    what = f"{ind.label} ({' '.join(said + ([f'năm {year}'] if year else [])) or 'theo kế hoạch'})"
    citations, lines = [], []
    for place in order:
        c = table.cells[(tq.canonical, place)]
        figures = []
        for row in _written_ways(c):
            citations.append(statement_citation(index, row, len(citations) + 1))
            figures.append(f"{written(row)} [{len(citations)}]")
        mark = " (các đoạn của kế hoạch ghi khác nhau)" if c.conflict else ""
        lines.append(f"- {place}: {'; '.join(figures)}{mark}")
    missing = [p for p in scope if p not in values]
    text = _lead(tq, what, order, values, ind.units[0]) + "\n" + "\n".join(lines)
    if missing and tq.shape in ("compare", "high", "low"):
        text += "\nKhông thấy con số so sánh được trong kế hoạch của: " + ", ".join(missing) + "."
    comparison = [{"place": p, "quote": table.cells[(tq.canonical, p)].shown["text"], "citation": i + 1}
                  for i, p in enumerate(order)]
    return Answer(question, text, not_found=False, citations=citations, comparison=comparison,
                  conflict=any(table.cells[(tq.canonical, p)].conflict for p in order),
                  places=list(order))


def written(row: dict) -> str:
    """The statement's figure with its unit: a table cell's bare "19,79" in a row of unit "%" reads
    "19,79%" (the unit is the row's or its column's, not the figure's own words)."""
    value, unit = (row.get("value") or "").strip(), (row.get("unit") or "").strip()
    if not unit or unit.lower() in value.lower() or not value[-1:].isdigit():
        return value
    return f"{value}{unit}" if unit == "%" else f"{value} {unit}"


def _written_ways(c: tbl.Cell, limit: int = 3) -> list[dict]:
    """The cell's statements in its unit, one per way the plan writes the figure ('04/05
    trường' and '4 trường' both), the shown one first."""
    out, seen = [], set()
    for row in [c.shown] + c.rows:
        key = row["value"].strip().lower()
        if key in seen or (row is not c.shown and tbl.comparable(row) is None):
            continue
        seen.add(key)
        out.append(row)
    return out[:limit]


def _lead(tq: TableQuestion, what: str, order: list[str], values: dict[str, float], unit: str) -> str:
    if tq.shape in ("high", "low") and order:
        word = "cao nhất" if tq.shape == "high" else "thấp nhất"
        return f"{what}: {order[0]} {word}, {_figure(values[order[0]], unit)}."
    if tq.shape in ("above", "below"):
        side = "trên" if tq.shape == "above" else "dưới"
        if not order:
            return f"{what}: không có địa phương nào {side} {_figure(tq.threshold, unit)}."
        return f"{what}: {len(order)} địa phương {side} {_figure(tq.threshold, unit)}."
    return f"{what} của các địa phương:"


def _figure(number: float, unit: str) -> str:
    text = tbl.number_vi(number)
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def _all_places(index) -> list[str]:
    return list(dict.fromkeys(d.place_label for d in index.docs if d.place_name))


def statement_citation(index, row: dict, n: int) -> Citation:
    """The passage holding the statement, quoting the statement."""
    doc = index.docs[index.doc_number[row["source"]]]
    rows = index.rows_of(row["source"]) if row["source"] in index.doc_number else []
    passage = next((index.passages[r] for r in rows
                    if index.passages[r].start <= row["start"] and row["end"] <= index.passages[r].end), None)
    if passage is None:
        return Citation(n, row["source"], row["start"], row["end"], row["text"], row.get("page"), row["place"],
                        doc.title, "", quote=row["text"])
    return Citation(n, passage.source, passage.start, passage.end, passage.text, passage.page, doc.place_label,
                    doc.title, " › ".join(passage.headings), quote=row["text"])
