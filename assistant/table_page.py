"""The "Bảng chỉ tiêu" page: every plan's indicator figures side by side, one row per canonical
indicator and one column per place; a cell opens the passage it quotes; a bar chart of one
indicator across places; the table downloaded as .xlsx (with a sources sheet) or .csv.

Only widgets here; the table itself is `indicator_table.py`.
"""
from __future__ import annotations

import html

import streamlit as st

from . import indicator_table as tbl
from .indicator_vocabulary import indicators
from .table_answers import statement_citation, table_rows

ALL_TOPICS = "Tất cả lĩnh vực"
KIND_LABELS = {"target": "Chỉ tiêu kế hoạch", "result": "Kết quả thực hiện", "estimate": "Ước thực hiện"}
CONFLICT_NOTE = "≠ : các đoạn của cùng kế hoạch ghi số liệu khác nhau cho chỉ tiêu này (xem nguồn của ô)."


def filters(rows: list[dict]) -> tuple[list[str], int | None, str, str | None]:
    places = sorted({r["place"] for r in rows if r["place"]}, key=tbl.place_key)
    c1, c2, c3, c4 = st.columns([3, 1, 2, 2])
    chosen = c1.multiselect("Địa phương", places, key="table_places", placeholder="Tất cả địa phương")
    kind = c3.selectbox("Loại số liệu", list(KIND_LABELS), format_func=KIND_LABELS.get, key="table_kind")
    years = sorted({r["year"] for r in rows if r["year"] and r["kind"] == kind}, reverse=True)
    default = tbl.default_year(rows, kind)
    year = c2.selectbox("Năm", years, index=years.index(default) if default in years else 0, key="table_year") \
        if years else None
    topics = [ALL_TOPICS] + sorted({i.topic for i in indicators().values()})
    topic = c4.selectbox("Lĩnh vực", topics, key="table_topic")
    return [p for p in places if p in chosen] or places, year, kind, None if topic == ALL_TOPICS else topic


def open_source(index, cit, uid: str) -> None:
    """The plan at the cited passage, through the chat page's viewer (whichever signature it has)."""
    import inspect

    from .ui import settings_from_env, source_view
    if "cfg" in inspect.signature(source_view).parameters:
        source_view(settings_from_env(), index, cit, uid, True)
    else:
        source_view(index, cit, uid)


def meta_html(cit, row: dict) -> str:
    """Where a figure comes from: place, plan, file, section, page; its year and kind."""
    items = [("Địa phương", cit.place or "chưa rõ"), ("Kế hoạch", cit.title), ("Tệp", cit.source),
             ("Mục", cit.section or "—"), ("Năm", str(row.get("year") or "—")),
             ("Loại số liệu", KIND_LABELS.get(row["kind"], row["kind"]))] + ([("Trang", str(cit.page))] if cit.page else [])
    lines = "<br>".join(f"<b>{k}:</b> {html.escape(v)}" for k, v in items)
    return f'<div class="citation-meta" style="font-size:.88rem;opacity:.85">{lines}</div>'


def cell_sources(index, table: tbl.Table, canonical: str, place: str) -> None:
    """The statements behind one cell, each with its passage, the statement marked."""
    from .ui import passage_html, quote_span
    c = table.cells.get((canonical, place))
    label = indicators()[canonical].label
    if c is None:
        st.info(f"Kế hoạch của {place} không ghi số liệu «{label}» theo lựa chọn này.")
        return
    st.markdown(f"**{html.escape(label)} · {html.escape(place)}**")
    if c.conflict:
        st.warning("Các đoạn dưới đây ghi số liệu khác nhau cho cùng chỉ tiêu.")
    for n, row in enumerate(c.rows, 1):
        cit = statement_citation(index, row, n)
        with st.expander(f"[{n}] {row['value']} · {row['source']}" + (f" · trang {row['page']}" if row.get("page") else ""),
                         expanded=n == 1):
            st.html(meta_html(cit, row))
            st.html(passage_html(cit.text, quote_span(cit.text, cit.quote)))
            if st.toggle("Mở văn bản kế hoạch tại đoạn này", key=f"table-open-{canonical}-{place}-{n}"):
                open_source(index, cit, f"table-src-{n}")


def chosen_cell(table: tbl.Table, records: list[dict], event) -> tuple[str, str] | None:
    """The (canonical, place) of the cell picked in the table, else in the list under it."""
    cells = list(getattr(getattr(event, "selection", None), "cells", []) or [])
    if cells:
        row, col = cells[0]
        if 0 <= row < len(table.indicators) and col in table.places:
            return table.indicators[row], col
    pairs = [(k, p) for k in table.indicators for p in table.places if (k, p) in table.cells]
    labels = {f"{indicators()[k].label} · {p}": (k, p) for k, p in pairs}
    pick = st.selectbox("Xem nguồn của ô", ["—"] + list(labels), key="table_source_pick")
    return labels.get(pick)


def chart(table: tbl.Table) -> None:
    charted = [k for k in table.indicators if len(table.row_numbers(k)) >= 1]
    if not charted:
        return
    k = st.selectbox("Biểu đồ chỉ tiêu", charted, format_func=lambda c: indicators()[c].label, key="table_chart")
    values = table.row_numbers(k)
    unit = indicators()[k].units[0]
    st.bar_chart({"Địa phương": list(values), unit: list(values.values())}, x="Địa phương", y=unit,
                 horizontal=True, height=max(160, 48 * len(values)))


def downloads(table: tbl.Table, rows: list[dict]) -> None:
    records = tbl.pivot_records(table)
    c1, c2 = st.columns(2)
    c1.download_button("Tải bảng .xlsx (kèm trang nguồn)", key="table_xlsx", file_name="bang-chi-tieu.xlsx",
                       data=tbl.to_xlsx({"Bảng chỉ tiêu": records, "Nguồn": tbl.sources_sheet(rows)}),
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    c2.download_button("Tải bảng .csv", key="table_csv", file_name="bang-chi-tieu.csv",
                       data=tbl.to_csv(records).encode("utf-8-sig"), mime="text/csv")


def render() -> None:
    from .ui import _current, ensure_index, live_index, settings_from_env
    st.title("Bảng chỉ tiêu")
    cfg = settings_from_env()
    if not ensure_index(cfg):
        return
    index = _current(live_index(cfg))
    if index is None or not index.docs:
        st.info("Chưa có kế hoạch nào trong chỉ mục.")
        return
    rows = [r for r in table_rows(index) if r["canonical"]]
    if not rows:
        st.info("Chưa đọc được chỉ tiêu nào từ các kế hoạch.")
        return
    places, year, kind, topic = filters(rows)
    chosen = tbl.select(rows, places, year, kind, topic)
    table = tbl.pivot(chosen, places)
    if not table.indicators:
        st.info("Không có số liệu nào theo lựa chọn này.")
        return
    records = tbl.pivot_records(table)
    st.caption("Chọn một ô để xem đoạn kế hoạch ghi số liệu đó. " + CONFLICT_NOTE)
    event = st.dataframe(records, hide_index=True, key="table_cells", on_select="rerun",
                         selection_mode="single-cell", width="stretch")
    picked = chosen_cell(table, records, event)
    if picked:
        cell_sources(index, table, *picked)
    chart(table)
    downloads(table, chosen)
