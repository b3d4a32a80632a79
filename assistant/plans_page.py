"""The "Kế hoạch" page: the plans in the index (place, kind, period, format, date added,
passages), new plans uploaded, one plan removed or read again; every build's progress in the
main area. Removing and re-reading go through plan_admin, i.e. the incremental build."""
from __future__ import annotations

import time
from functools import partial
from pathlib import Path

import streamlit as st

from . import audit, login, plan_admin, ui
from .retrieval import LoadedIndex
from .store import DocRecord

FORMATS = {".txt": "Văn bản (.txt)", ".md": "Văn bản (.md)", ".docx": "Word (.docx)", ".pdf": "PDF"}


def plan_format(doc: DocRecord) -> str:
    suffix = Path(doc.source).suffix.lower()
    return "PDF quét (OCR)" if doc.method == "ocr" else FORMATS.get(suffix, suffix or "?")


def plan_period(doc: DocRecord) -> str:
    """'cả năm 2024', '6 tháng 2024' when the reader found a period, else the plan's year."""
    period, year = getattr(doc, "period", "") or "", getattr(doc, "year", None) or ui.plan_year(doc)
    return " ".join(str(x) for x in (period, year) if x) or "—"


def added_on(corpus: Path, source: str) -> str:
    try:
        return time.strftime("%d/%m/%Y %H:%M", time.localtime((corpus / source).stat().st_mtime))
    except OSError:
        return "—"


def plan_table(docs: list[DocRecord], corpus: Path, changes: dict[str, str] | None = None) -> list[dict]:
    """One row per plan; `changes` (file -> its last audit line) says who changed it and when."""
    return [{"Địa phương": d.place_label or "(chưa rõ)", "Loại": d.plan_kind or "—", "Kỳ": plan_period(d),
             "Định dạng": plan_format(d), "Ngày thêm": added_on(corpus, d.source), "Số đoạn": d.n_passages,
             "Tệp": d.source, "Tên kế hoạch": ui.doc_name(d),
             **({"Thay đổi gần nhất": changes.get(d.source, "")} if changes else {})}
            for d in sorted(docs, key=lambda d: (d.place_label, d.source))]


def plan_choice(doc: DocRecord) -> str:
    return f"{doc.place_label or '(chưa rõ)'} · {ui.doc_name(doc)} · {doc.source}"


def _act(cfg: ui.Settings, action: str, source: str) -> None:
    """Remove or re-read one plan with progress here; the outcome stays as a notice."""
    encoder = ui.encoder_for(cfg)
    sha = _sha(cfg.corpus / source)
    if action == "remove":
        build, label = partial(plan_admin.remove_plan, cfg.corpus, cfg.index, source, encoder), "Đang gỡ kế hoạch…"
    else:
        build, label = partial(plan_admin.reindex_plan, cfg.corpus, cfg.index, source, encoder), "Đang đọc lại kế hoạch…"
    try:
        report = ui.run_build(cfg, ui.md_escape(f"{label} {source}"), build)
    except FileNotFoundError:
        st.session_state["plan_notice"] = ("warning", f"{source}: tệp không còn trong thư mục kế hoạch.")
        return
    if report is None:
        st.session_state["plan_notice"] = ("warning", "Một lần lập chỉ mục khác đang chạy; hãy thử lại khi nó xong.")
    elif action == "remove":
        user = login.current_user()
        audit.record(cfg.index, user.name if user else "", "remove", source, sha)
        st.session_state["plan_notice"] = ("success", f"Đã gỡ {source} khỏi thư mục kế hoạch và chỉ mục.")
    else:
        line = next((ui.file_line(r) for r in report.files if r.source == source), f"{source} — đã đọc lại")
        st.session_state["plan_notice"] = ("success" if "bỏ qua" not in line else "warning", line)


def _sha(path: Path) -> str:
    from .indexing import sha256_file
    try:
        return sha256_file(path)
    except OSError:
        return ""


def manage_one(cfg: ui.Settings, index: LoadedIndex) -> None:
    st.subheader("Gỡ hoặc đọc lại một kế hoạch")
    docs = sorted(index.docs, key=lambda d: (d.place_label, d.source))
    by_choice = {plan_choice(d): d.source for d in docs}
    chosen = st.selectbox("Kế hoạch", options=list(by_choice), key="plan_pick", placeholder="Chọn kế hoạch")
    if not chosen:
        return
    source = by_choice[chosen]
    left, right = st.columns(2)
    if left.button("Đọc lại kế hoạch này", key="reindex", use_container_width=True,
                   help="Đọc lại tệp và lập chỉ mục lại (ví dụ sau khi cài OCR)"):
        _act(cfg, "reindex", source)
        st.rerun()
    if right.button("Gỡ kế hoạch này", key="remove", use_container_width=True):
        st.session_state["confirm_remove"] = source
    if st.session_state.get("confirm_remove") == source:
        st.warning(ui.md_escape(f"Gỡ {source}: tệp bị xoá khỏi thư mục kế hoạch và các đoạn của nó khỏi chỉ mục."))
        if st.button("Xác nhận gỡ", key="confirm_remove_button", type="primary"):
            st.session_state.pop("confirm_remove", None)
            _act(cfg, "remove", source)
            st.rerun()


def render() -> None:
    st.title("Kế hoạch")
    cfg = ui.settings_from_env()
    if not ui.ensure_index(cfg):
        return
    live = ui.live_index(cfg)
    editor = login.may(login.current_user(), "upload")  # readers see the plans, not the changes
    if editor:
        ui.upload_section(cfg, live)
    notice = st.session_state.pop("plan_notice", None)
    if notice:
        ui.show_notices([notice])
    index = ui.load_index(cfg)
    if index is None:
        return
    st.subheader(f"Các kế hoạch trong chỉ mục ({len(index.docs)})")
    if not index.docs:
        st.info("Chưa có kế hoạch nào. Hãy tải kế hoạch lên ở trên.")
        return
    st.dataframe(plan_table(index.docs, cfg.corpus, audit.last_changes(cfg.index)), hide_index=True,
                 use_container_width=True)
    if editor:
        manage_one(cfg, index)
    ui.index_state(index)
