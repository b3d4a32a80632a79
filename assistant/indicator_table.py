"""The district's table: indicator statements of every plan, chosen, laid out one row per
canonical indicator and one column per place, compared and exported with their sources.

Pure functions over the rows `indicators.py` extracts (dicts with its FIELDS); the command
line, the "Bảng chỉ tiêu" page and table answers in the chat all go through them.
"""
from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field

from .indicator_vocabulary import in_unit, indicators
from .indicators import FIELDS
from .vietnamese import fold

KINDS = {"target": "chỉ tiêu", "result": "thực hiện", "estimate": "ước thực hiện"}
_PLACE_KINDS = re.compile(r"^(thi tran|tt\.?|phuong|p\.|xa|x\.)\s+")


def place_key(name: str) -> str:
    """'Xã Lương Phong', 'luong phong', 'xa Luong Phong' -> 'luong phong'."""
    key = " ".join(fold(name).replace("_", " ").split())
    return _PLACE_KINDS.sub("", key)


def public(row: dict) -> dict:
    """A row as the command line writes it: the FIELDS, `page` only for PDFs."""
    out = {k: row.get(k) for k in FIELDS}
    if out["page"] is None:
        del out["page"]
    return out


def select(rows: list[dict], places: list[str] | None = None, year: int | None = None, kind: str | None = None,
           topic: str | None = None, canonical_only: bool = False) -> list[dict]:
    wanted = {place_key(p) for p in places or []}
    known = indicators()
    out = []
    for r in rows:
        if wanted and place_key(r["place"]) not in wanted:
            continue
        if year is not None and r["year"] != year:
            continue
        if kind and r["kind"] != kind:
            continue
        if (canonical_only or topic) and r["canonical"] not in known:
            continue
        if topic and known[r["canonical"]].topic != topic:
            continue
        out.append(r)
    return out


_CHANGE = re.compile(r"(tăng|giảm)\b(?! còn)")  # 'tăng 5%' is a change; 'giảm còn 2%' a level
_CHANGE_NAME = re.compile(r"(mức )?(tăng|giảm)\b")  # 'Mức giảm tỷ lệ hộ nghèo 0,5%'


def comparable(row: dict) -> float | None:
    """The row's number in its indicator's table unit (the first of its units); None when the
    figure is in another measure ('tăng 18%' of a value in tỷ đồng) or states a change."""
    ind = indicators().get(row["canonical"])
    if ind is None or _CHANGE.match(row["value"].lower()) or _CHANGE_NAME.match(row["indicator"].lower()):
        return None
    return in_unit(row["number"], row["unit"], ind.units[0])


@dataclass
class Cell:
    rows: list[dict]  # every statement of this indicator for this place, in document order
    shown: dict  # the one shown
    number: float | None  # shown's number in the indicator's table unit
    conflict: bool  # two passages give different figures for it


def cell(rows: list[dict]) -> Cell:
    ordered = sorted(rows, key=lambda r: (r["source"], r["start"]))
    numbers = [(comparable(r), r) for r in ordered]
    usable = [(n, r) for n, r in numbers if n is not None]
    shown_n, shown = usable[0] if usable else (None, ordered[0])
    distinct = {round(n, 9) for n, _ in usable}
    spans = {(r["source"], r["start"]) for _, r in usable}
    return Cell(ordered, shown, shown_n, conflict=len(distinct) > 1 and len(spans) > 1)


@dataclass
class Table:
    places: list[str]
    indicators: list[str]  # canonical ids, in vocabulary order
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)  # (canonical, place) -> cell

    def row_numbers(self, canonical: str) -> dict[str, float]:
        return {p: c.number for (k, p), c in self.cells.items() if k == canonical and c.number is not None}


def pivot(rows: list[dict], places: list[str] | None = None) -> Table:
    """One row per canonical indicator, one column per place (every place of `places`, even one
    without a figure)."""
    known = list(indicators())
    rows = [r for r in rows if r["canonical"] in known]
    cols = list(dict.fromkeys(places or [])) or sorted({r["place"] for r in rows}, key=place_key)
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in rows:
        groups.setdefault((r["canonical"], r["place"]), []).append(r)
    used = [k for k in known if any(k == c for c, _ in groups)]
    return Table(cols, used, {key: cell(g) for key, g in groups.items()})


def default_year(rows: list[dict], kind: str | None = None) -> int | None:
    """The year most statements (of that kind) speak of."""
    years = Counter(r["year"] for r in rows if r["year"] and (kind is None or r["kind"] == kind))
    return years.most_common(1)[0][0] if years else None


# ------------------------------------------------------------------ export

def pivot_records(table: Table) -> list[dict]:
    """The table as records: indicator, unit, then one value per place ('' when none; a
    disagreement marked '≠')."""
    known = indicators()
    out = []
    for k in table.indicators:
        rec = {"Chỉ tiêu": known[k].label, "Đơn vị": known[k].units[0]}
        for p in table.places:
            c = table.cells.get((k, p))
            rec[p] = "" if c is None else cell_text(c, known[k].units[0])
        out.append(rec)
    return out


def cell_text(c: Cell, unit: str) -> str:
    """The figure as the plan writes it; in the table's unit beside it when written in another
    ('16.074.000.000 đồng (16,07 tỷ đồng)'); '≠' when passages disagree."""
    text = c.shown["value"]
    change = _CHANGE_NAME.match(c.shown["indicator"].lower())
    if c.number is None and change:  # 'Mức giảm tỷ lệ hộ nghèo 0,08%' is a change, not a level
        text = f"{change.group(0)} {text}"
    if c.number is not None and c.shown["unit"] != unit:
        text += f" ({number_vi(c.number)} {unit})"
    return text + (" ≠" if c.conflict else "")


def number_vi(number: float) -> str:
    """1234.5 -> '1.234,5' (Vietnamese grouping), at most three decimals."""
    whole, _, frac = f"{number:,.3f}".rstrip("0").rstrip(".").partition(".")
    return whole.replace(",", ".") + ("," + frac if frac else "")


def source_records(rows: list[dict]) -> list[dict]:
    return [public(r) for r in rows]


def to_csv(records: list[dict]) -> str:
    buf = io.StringIO()
    if records:
        w = csv.DictWriter(buf, fieldnames=list(records[0]))
        w.writeheader()
        w.writerows(records)
    return buf.getvalue()


def to_xlsx(sheets: dict[str, list[dict]], columns: dict[str, list[str]] | None = None) -> bytes:
    """A workbook, one sheet per entry, a header row then one row per record."""
    from openpyxl import Workbook
    wb = Workbook()
    wb.remove(wb.active)
    for title, records in sheets.items():
        ws = wb.create_sheet(title[:31])
        cols = (columns or {}).get(title) or (list(records[0]) if records else [])
        ws.append(cols)
        for rec in records:
            ws.append([_cell_value(rec.get(c)) for c in cols])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _cell_value(v):
    return "" if v is None else v


def sources_sheet(rows: list[dict]) -> list[dict]:
    """Where each figure comes from, for the sources sheet of a workbook."""
    return [{"place": r["place"], "source": r["source"], "page": r.get("page"), "year": r["year"],
             "kind": KINDS.get(r["kind"], r["kind"]), "indicator": r["indicator"], "value": r["value"],
             "start": r["start"], "end": r["end"], "text": r["text"]} for r in rows]
