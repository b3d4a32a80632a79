"""The officials' page: chat with cited answers, the plans in the index, new plans uploaded.

`main()` wires Streamlit widgets to the package (answer_question, build_index, LiveIndex,
save_uploads). Plan text is untrusted: it is shown through `st.html` only after html.escape,
with our own <mark> tags around the quoted figure, or through labels escaped for Markdown;
it is never handed to Markdown or HTML rendering as it stands. The pure helpers (highlight
spans, escaping, table rows, reasons in Vietnamese) are at the top and unit-tested.
"""
from __future__ import annotations

import html
import itertools
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from . import audit, login, sandbox, store
from .answering import Answer, Citation, answer_question
from .embedding import Encoder, encoder_from_env
from .indexing import BuildReport, FileReport, build_index, corpus_files
from .places import Place
from .retrieval import LiveIndex, LoadedIndex
from .store import DocRecord
from .display import display_text
from .failures import LIMIT_REASONS, build_failure_vi
from .uploads import UploadResult, admit_as, max_upload_bytes

EXAMPLE = "Chỉ tiêu tổng sản lượng lương thực có hạt năm 2024 của xã Lương Phong là bao nhiêu tấn?"
UPLOAD_TYPES = ["txt", "md", "docx", "pdf"]
TITLE_CHARS = 70
FIGURE = re.compile(r"\d[\d.,]*\s*(?:%|tỷ đồng|triệu đồng|đồng|tấn|tạ|ha|con|người|lao động|hộ|km|trường)(?!\w)")
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")
_WORD = re.compile(r"[^\W_]+")
# Between two words of a quote the passage may hold spaces, punctuation or the markup that
# clean_markup dropped (**, #, <b>, <br/>).
_GAP = r"(?:[\W_]|</?(?:b|i|u|sup|sub|br)\s*/?>)*"
_MARKER = re.compile(r"\[(\d+)\]")
PASSAGE_STYLE = "white-space:pre-wrap;line-height:1.5"
MARK_STYLE = "background:#ffe066;padding:0 .1em;border-radius:.2em"
BOX_STYLE = "border:1px solid rgba(128,128,128,.4);border-radius:.4rem"
SOURCE_STYLE = f"max-height:26rem;overflow-y:auto;{PASSAGE_STYLE};{BOX_STYLE};padding:.6rem .8rem;font-size:.92rem"
REASONS = (  # FileReport.detail / LoadError message (English) -> what an official reads
    ("unsupported file type", "loại tệp không được hỗ trợ (chỉ nhận .txt, .md, .docx, .pdf)"),
    ("empty file", "tệp rỗng"),
    ("larger than the limit", "tệp lớn hơn giới hạn dung lượng"),
    ("same content as", "nội dung trùng với một tệp đã có"),
    ("not a text file", "không phải tệp văn bản (có byte nhị phân); hãy lưu lại dạng văn bản UTF-8"),
    ("unknown text encoding", "không nhận ra bảng mã; hãy lưu lại dạng UTF-8"),
    ("the file holds no text", "tệp không có chữ nào"),
    ("not a PDF file", "không phải tệp PDF hợp lệ"),
    ("the PDF is password-protected", "PDF có mật khẩu; hãy lưu một bản không mật khẩu"),
    ("the PDF is incomplete", "PDF bị thiếu (tải về chưa hết); hãy chép hoặc tải lại"),
    ("damaged PDF", "PDF bị hỏng, không mở được; hãy xuất lại từ bản gốc"),
    ("the PDF has no pages", "PDF không có trang nào"),
    ("this PDF is scanned and needs OCR", "PDF là bản quét, cần Tesseract OCR mà máy chưa cài"),
    ("Tesseract has no Vietnamese", "PDF là bản quét, Tesseract chưa có dữ liệu tiếng Việt"),
    ("OCR failed", "nhận dạng chữ (OCR) thất bại"),
    ("damaged Word file", "tệp Word bị hỏng; hãy mở và lưu lại trong Word"),
    ("this is an old Word .doc", "đây là tệp .doc cũ mang đuôi .docx; hãy lưu lại dạng .docx"),
    ("not a Word", "không phải tệp Word .docx hợp lệ"),
) + LIMIT_REASONS


# ---------------------------------------------------------------- pure helpers

def md_escape(text: str) -> str:
    """Text for a Markdown label (expander titles, alerts): every special character escaped,
    line breaks flattened, so plan text or a file name renders as typed."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", re.sub(r"\s+", " ", display_text(text)).strip())


def esc(text: str) -> str:
    """Plan text for HTML: control characters and bidi overrides dropped (display_text), then
    escaped. Spans are cut before escaping, so a citation's offsets stay the original's."""
    return html.escape(display_text(text))


def quote_span(passage: str, quote: str) -> tuple[int, int] | None:
    """Where the quote lies in the raw passage. The quote went through clean_markup (markup
    dropped, spaces collapsed, tabs shown as ' | ', maybe cut with ' …'), so its words are
    matched in order with anything but words between them."""
    quote = re.sub(r"\s*…$", "", quote or "").rstrip()
    words = list(_WORD.finditer(quote))
    if not words:
        return None
    pattern = _GAP.join(re.escape(w.group(0)) for w in words)
    # the figure's own signs after the last word ("99%", "3,5%).") belong to the quote too
    pattern += "".join(f"(?:{re.escape(ch)})?" for ch in quote[words[-1].end():] if not ch.isspace())
    m = re.search(pattern, passage)
    return (m.start(), m.end()) if m else None


def marked_html(text: str, span: tuple[int, int] | None, mark_id: str = "") -> str:
    """The text escaped for HTML, with span (if any) inside a <mark>."""
    if not span:
        return esc(text)
    s, e = span
    attr = f' id="{mark_id}"' if mark_id else ""
    return (esc(text[:s]) + f'<mark{attr} style="{MARK_STYLE}">' + esc(text[s:e])
            + "</mark>" + esc(text[e:]))


def passage_html(text: str, span: tuple[int, int] | None) -> str:
    return f'<div class="plan-passage" style="{PASSAGE_STYLE}">{marked_html(text, span)}</div>'


def answer_html(text: str) -> str:
    """The short answer escaped, its markers [1] [2] in bold."""
    body = _MARKER.sub(r"<b>[\1]</b>", esc(text))
    return f'<div class="answer-text" style="{PASSAGE_STYLE}">{body}</div>'


def source_html(text: str, span: tuple[int, int] | None, uid: str) -> str:
    """A scrolling view of a plan (or one page of it) with the passage marked, and a small
    script of ours that scrolls the view to the mark. `uid` is [A-Za-z0-9-] only."""
    box = f'<div id="{uid}" class="plan-source" style="{SOURCE_STYLE}">{marked_html(text, span, uid + "-hit")}</div>'
    if not span:
        return box
    script = ("<script>(function(){var b=document.getElementById('%s'),m=document.getElementById('%s-hit');"
              "if(b&&m){b.scrollTop+=m.getBoundingClientRect().top-b.getBoundingClientRect().top-b.clientHeight/4;}})();"
              "</script>" % (uid, uid))
    return box + script


def locate(text: str, c: Citation) -> tuple[int, int] | None:
    """The passage's span in the plan text (offsets checked, in case the plan changed)."""
    if text[c.start:c.end] == c.text:
        return c.start, c.end
    at = text.find(c.text)
    return (at, at + len(c.text)) if at >= 0 and c.text else None


def page_window(text: str, page_starts: list[int], page: int | None,
                span: tuple[int, int] | None) -> tuple[str, tuple[int, int] | None]:
    """For a PDF, the text of the cited page and the passage's span within it (clipped to the
    page); for other plans the whole text."""
    if not page_starts or not page or page > len(page_starts):
        return text, span
    lo = page_starts[page - 1]
    hi = page_starts[page] if page < len(page_starts) else len(text)
    if span is None or span[0] >= hi or span[1] <= lo:
        return text[lo:hi], None
    return text[lo:hi], (max(span[0], lo) - lo, min(span[1], hi) - lo)


def figures(quote: str) -> list[str]:
    """The figures with a unit in a quote ('6.600 tấn', '3,53%')."""
    return [m.group(0) for m in FIGURE.finditer(quote or "")]


def comparison_rows(answer: Answer) -> list[dict]:
    """One row per place: the place, the figure as the plan words it, the citation marker."""
    return [{"place": r.get("place", ""), "figure": r.get("quote") or "không thấy trong kế hoạch",
             "citation": f"[{r['citation']}]" if r.get("citation") else ""} for r in answer.comparison]


def table_html(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th style='text-align:left;padding:.3rem .5rem'>{esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td style='padding:.3rem .5rem;vertical-align:top'>{esc(v)}</td>"
                                    for v in row) + "</tr>" for row in rows)
    return f"<table class='comparison' style='border-collapse:collapse;width:100%'><tr>{head}</tr>{body}</table>"


def conflict_citations(answer: Answer) -> list[Citation]:
    """The citations whose differing figures the answer quotes (not its footnotes)."""
    quoted = [c for c in answer.citations if f"\u201c{c.quote}\u201d [{c.n}]" in answer.text
              and f"(chú thích: \u201c{c.quote}\u201d [{c.n}])" not in answer.text]
    return quoted[:3]


def plan_year(doc: DocRecord) -> str:
    in_title = [int(y) for y in re.findall(r"\b(20\d\d)\b", doc.title)]
    years = in_title or doc.years
    return str(max(years)) if years else ""


def plan_rows(docs: list[DocRecord], changes: dict[str, str] | None = None) -> list[dict]:
    """One row per plan; `changes` (file -> last audit line) adds who changed it and when."""
    rows = [{"Địa phương": d.place_label or "(chưa rõ)", "Loại": d.plan_kind, "Năm": plan_year(d),
             "Tệp": d.source} for d in sorted(docs, key=lambda d: (d.place_label, d.source))]
    if changes:
        for row in rows:
            row["Thay đổi gần nhất"] = changes.get(row["Tệp"], "")
    return rows


def vi_reason(detail: str) -> str:
    """A skipped file's reason in Vietnamese (the English detail kept when unknown)."""
    for prefix, reason in REASONS:
        if detail.startswith(prefix):
            return reason
    return f"không đọc được tệp ({detail})" if detail else "không đọc được tệp"


def file_line(r: FileReport) -> str:
    word = {"indexed": "đã lập chỉ mục", "unchanged": "không đổi", "removed": "đã bỏ khỏi chỉ mục",
            "skipped": "bỏ qua"}.get(r.status, r.status)
    extra = f": {vi_reason(r.detail)}" if r.status == "skipped" else ""
    return f"{r.source} — {word}{extra}"


def build_notices(report: BuildReport, uploaded: set[str] = frozenset()) -> list[tuple[str, str]]:
    """What changed in a build, for files other than the ones just uploaded."""
    out = []
    for r in report.files:
        if r.source in uploaded or r.status == "unchanged":
            continue
        level = {"indexed": "success", "removed": "info"}.get(r.status, "warning")
        out.append((level, file_line(r)))
    return out


# ---------------------------------------------------------------- settings and resources

@dataclass(frozen=True)
class Settings:
    corpus: Path
    index: Path
    model: str  # ASSISTANT_EMBED_MODEL as given ("" = packaged MiniLM)
    query_prefix: str
    passage_prefix: str
    max_bytes: int


def settings_from_env(env: dict | None = None) -> Settings:
    env = os.environ if env is None else env
    return Settings(corpus=Path(env.get("ASSISTANT_CORPUS", "corpus")),
                    index=Path(env.get("ASSISTANT_INDEX", "index")),
                    model=env.get("ASSISTANT_EMBED_MODEL", ""),
                    query_prefix=env.get("ASSISTANT_QUERY_PREFIX", ""),
                    passage_prefix=env.get("ASSISTANT_PASSAGE_PREFIX", ""),
                    max_bytes=max_upload_bytes(env))


@st.cache_resource(show_spinner="Đang nạp mô hình ngôn ngữ…")
def _encoder(model: str, query_prefix: str, passage_prefix: str) -> Encoder | None:
    encoder = encoder_from_env({"ASSISTANT_EMBED_MODEL": model, "ASSISTANT_QUERY_PREFIX": query_prefix,
                                "ASSISTANT_PASSAGE_PREFIX": passage_prefix})
    if encoder is not None:
        encoder.encode_query("khởi động")  # the first inference is slow: pay it here, not on a question
    return encoder


def encoder_for(cfg: Settings) -> Encoder | None:
    return _encoder(cfg.model, cfg.query_prefix, cfg.passage_prefix)


@st.cache_resource(show_spinner=False)
def _live_index(index_dir: str, model: str, query_prefix: str, passage_prefix: str) -> LiveIndex:
    """One LiveIndex per index folder and model, shared by every session; it re-opens the
    index when a build swaps a new one in."""
    return LiveIndex(Path(index_dir), _encoder(model, query_prefix, passage_prefix))


def live_index(cfg: Settings) -> LiveIndex:
    return _live_index(str(cfg.index), cfg.model, cfg.query_prefix, cfg.passage_prefix)


# ---------------------------------------------------------------- building

def run_build(cfg: Settings, label: str) -> BuildReport | None:
    """build_index with a progress box, one line per changed file; None when another build
    holds the lock (said in the box)."""
    total = max(1, len(corpus_files(cfg.corpus)))
    done = itertools.count(1)
    with st.status(label, expanded=True) as box:
        bar = st.progress(0.0, text="Đang đọc thư mục kế hoạch…")

        def on_file(r: FileReport) -> None:
            n = next(done)
            bar.progress(min(n / total, 1.0), text=md_escape(f"{min(n, total)}/{total} tệp · {r.source}"))
            if r.status == "indexed":  # true only once the new build is live
                st.markdown(md_escape(f"{r.source} — đã đọc"))
            elif r.status != "unchanged":
                st.markdown(md_escape(file_line(r)))

        def on_pages(source: str, d: int, t: int, message: str) -> None:
            bar.progress(min(d / max(t, 1), 1.0), text=md_escape(f"{source}: {message} {d}/{t}"))

        st.button("Dừng lập chỉ mục", key=f"cancel-{label}", on_click=_cancelled)  # a click reruns: the build stops
        st.session_state.pop("build_failure", None)
        try:
            with sandbox.cancellable():
                report = build_index(cfg.corpus, cfg.index, encoder_for(cfg), report=on_file,
                                     progress=on_pages, max_bytes=cfg.max_bytes)
        except store.BuildLocked:
            box.update(label="Một lần lập chỉ mục khác đang chạy; hãy thử lại khi nó xong.", state="error")
            return None
        except Exception as exc:  # disk full, no permission: one sentence, the old index answers
            failure = build_failure_vi(exc, previous=store.build_id(cfg.index) is not None)
            st.session_state["build_failure"] = failure
            box.update(label=md_escape(failure), state="error")
            return None
        bar.progress(1.0, text="Xong.")
        box.update(label=f"Đã cập nhật chỉ mục: {report.passages} đoạn, {len(report.skipped)} tệp bỏ qua "
                         f"({report.seconds:.1f} giây).", state="complete", expanded=False)
    return report


def _cancelled() -> None:
    st.session_state["build_failure"] = build_failure_vi(sandbox.BuildCancelled())
    st.session_state["notices"] = [("warning", st.session_state["build_failure"])]


def ensure_index(cfg: Settings) -> bool:
    """Build the index on first open; False when it cannot be built now."""
    cfg.corpus.mkdir(parents=True, exist_ok=True)
    if store.build_id(cfg.index) is not None:
        return True
    st.info("Chưa có chỉ mục: đang lập chỉ mục lần đầu từ thư mục kế hoạch.")
    if run_build(cfg, "Đang lập chỉ mục lần đầu…") is None:
        st.warning(md_escape(st.session_state.get("build_failure")
                             or "Một tiến trình khác đang lập chỉ mục. Tải lại trang sau ít phút."))
        return False
    return True


# ---------------------------------------------------------------- uploads

def indexed_hashes(live: LiveIndex) -> dict[str, str]:
    try:
        return {sha: source for source, sha in live.get().manifest.get("files", {}).items()}
    except (store.IndexUnusable, OSError, ValueError):
        return {}


def upload_notice(r: UploadResult, report: BuildReport | None, index: LoadedIndex | None,
                  corpus: Path) -> tuple[str, str]:
    """One line per uploaded file once the build ran; a file the build could not read is
    taken out of the corpus folder again."""
    if not r.saved:
        return "error" if r.status != "duplicate" else "warning", f"{r.name}: {r.message}"
    if report is None:
        return "warning", (f"{r.name}: đã lưu thành {r.saved_as} nhưng chưa lập chỉ mục (đang có lần lập chỉ mục "
                           "khác); bấm «Quét lại thư mục kế hoạch» sau.")
    fr = next((f for f in report.files if f.source == r.saved_as), None)
    if index is None or r.saved_as not in index.doc_number:  # read in quarantine: kept for the next build
        why = vi_reason(fr.detail) if fr and fr.status == "skipped" else "chưa có trong chỉ mục"
        return "warning", f"{r.name}: đã lưu thành {r.saved_as} nhưng {why}; bấm «Quét lại thư mục kế hoạch» sau."
    doc = index.docs[index.doc_number[r.saved_as]] if index and r.saved_as in index.doc_number else None
    place = doc.place_label if doc and doc.place_label else "chưa rõ địa phương"
    passages = f", {doc.n_passages} đoạn" if doc else ""
    renamed = f" với tên {r.saved_as}" if r.saved_as != r.name else ""
    return "success", f"{r.name}: đã thêm vào chỉ mục{renamed} ({place}{passages})."


def handle_uploads(cfg: Settings, live: LiveIndex, files: list, user=None) -> list[tuple[str, str]]:
    results = admit_as(user, [(f.name, f.getvalue()) for f in files], cfg.corpus, cfg.index,
                       max_bytes=cfg.max_bytes, known=indexed_hashes(live), vi_reason=vi_reason)
    report = run_build(cfg, "Đang lập chỉ mục các tệp mới…") if any(r.saved for r in results) else None
    index = _current(live) if report else None
    notices = [upload_notice(r, report, index, cfg.corpus) for r in results]
    failure = [("error", st.session_state["build_failure"])] if st.session_state.get("build_failure") else []
    return notices + failure + (build_notices(report, {r.saved_as for r in results}) if report else [])


def handle_rescan(cfg: Settings) -> list[tuple[str, str]]:
    report = run_build(cfg, "Đang quét lại thư mục kế hoạch…")
    if report is None and st.session_state.get("build_failure"):
        return [("error", st.session_state["build_failure"])]
    if report is None:
        return [("warning", "Một lần lập chỉ mục khác đang chạy; hãy thử lại khi nó xong.")]
    unchanged = f"Không có thay đổi: {len(report.files)} tệp, {report.passages} đoạn."
    return build_notices(report) or [("info", unchanged)]


def show_notices(notices: list[tuple[str, str]]) -> None:
    alert = {"success": st.success, "info": st.info, "warning": st.warning, "error": st.error}
    for level, text in notices:
        alert.get(level, st.info)(md_escape(text))


def upload_section(cfg: Settings, live: LiveIndex, user=None) -> None:
    st.subheader("Thêm kế hoạch")
    files = st.file_uploader("Tải lên kế hoạch (.txt, .md, .docx, .pdf)", type=UPLOAD_TYPES,
                             accept_multiple_files=True, key="uploads",
                             max_upload_size=max(1, math.ceil(cfg.max_bytes / (1024 * 1024))),
                             help="Tệp được lưu vào thư mục kế hoạch và lập chỉ mục ngay.")
    rescan = st.button("Quét lại thư mục kế hoạch", key="rescan",
                       help=f"Lập chỉ mục các tệp chép tay vào {cfg.corpus}")
    handled: set = st.session_state.setdefault("handled_uploads", set())
    new = [f for f in files or [] if f.file_id not in handled]
    if new:
        handled.update(f.file_id for f in new)
        st.session_state["notices"] = handle_uploads(cfg, live, new, user)
    elif rescan:
        st.session_state["notices"] = handle_rescan(cfg)
    show_notices(st.session_state.get("notices", []))


# ---------------------------------------------------------------- sidebar: index

def _current(live: LiveIndex) -> LoadedIndex | None:
    try:
        return live.get()
    except (store.IndexUnusable, OSError, ValueError):
        return None


def index_state(index: LoadedIndex) -> None:
    st.subheader("Trạng thái chỉ mục")
    model = index.manifest.get("model", {}).get("name", "?")
    lines = [f"Kế hoạch: {len(index.docs)}", f"Đoạn văn: {len(index.passages)}",
             f"Lập lúc: {index.manifest.get('built_at', '?')}", f"Mô hình: {model}"]
    st.markdown("  \n".join(md_escape(x) for x in lines))


def sidebar_index(index: LoadedIndex, changes: dict[str, str] | None = None) -> list[Place]:
    """The plans, the place filter and the index's state; returns the places chosen."""
    st.header("Kế hoạch trong chỉ mục")
    st.dataframe(plan_rows(index.docs, changes), hide_index=True)
    by_label = {p.label: p for p in index.places}
    chosen = st.multiselect("Chỉ hỏi trong các địa phương", options=sorted(by_label), key="place_filter",
                            placeholder="Tất cả địa phương")
    index_state(index)
    return [by_label[c] for c in chosen if c in by_label]


# ---------------------------------------------------------------- chat

def new_conversation() -> None:
    st.session_state["turns"] = []


def citation_label(c: Citation, related: bool) -> str:
    title = c.title if len(c.title) <= TITLE_CHARS else c.title[:TITLE_CHARS].rsplit(" ", 1)[0] + " …"
    page = f" · trang {c.page}" if c.page else ""
    head = f"Đoạn liên quan [{c.n}]" if related else f"[{c.n}]"
    return md_escape(f"{head} {c.place or 'chưa rõ địa phương'} · {title} · {c.source}{page}")


def citation_meta_html(c: Citation) -> str:
    rows = [("Địa phương", c.place or "chưa rõ"), ("Kế hoạch", c.title), ("Tệp", c.source),
            ("Mục", c.section or "—")] + ([("Trang", str(c.page))] if c.page else [])
    items = "<br>".join(f"<b>{k}:</b> {esc(v)}" for k, v in rows)
    return f'<div class="citation-meta" style="font-size:.88rem;opacity:.85">{items}</div>'


def source_view(index: LoadedIndex, c: Citation, uid: str) -> None:
    """The plan (a PDF's cited page) scrolled to the passage, the passage marked."""
    if c.source not in index.doc_number:
        st.info("Kế hoạch này không còn trong chỉ mục.")
        return
    doc = index.docs[index.doc_number[c.source]]
    text = index.doc_text(c.source)
    view, span = page_window(text, doc.page_starts, c.page, locate(text, c))
    where = f"Trang {c.page}/{len(doc.page_starts)}" if doc.page_starts and c.page else "Toàn văn"
    st.caption(md_escape(f"{where} · {doc.source}"))
    st.html(source_html(view, span, uid), unsafe_allow_javascript=True)


def citation_expander(index: LoadedIndex, c: Citation, uid: str, quoted: bool, related: bool = False) -> None:
    with st.expander(citation_label(c, related)):
        st.html(citation_meta_html(c))
        st.html(passage_html(c.text, quote_span(c.text, c.quote) if quoted else None))
        if st.toggle("Mở văn bản kế hoạch tại đoạn này", key=f"open-{uid}"):
            source_view(index, c, f"src-{uid}")


def conflict_columns(answer: Answer) -> None:
    cited = conflict_citations(answer)
    if len(cited) < 2:
        return
    st.caption("Hai đoạn ghi số liệu khác nhau:")
    for col, c in zip(st.columns(len(cited)), cited):
        with col:
            figs = ", ".join(figures(c.quote)) or c.quote
            st.html(f'<div class="conflict" style="{BOX_STYLE};padding:.5rem">'
                    f'<div style="font-size:1.3rem;font-weight:600">{esc(figs)}</div>'
                    f'<div style="font-size:.85rem">[{c.n}] {esc(c.place)} · {esc(c.source)}</div>'
                    f'<div style="{PASSAGE_STYLE};font-size:.9rem">{esc(c.quote)}</div></div>')


def render_answer(index: LoadedIndex, answer: Answer, turn_id: int) -> None:
    if answer.not_found:
        st.warning(md_escape(answer.text))
        if answer.related:
            st.caption("Đoạn liên quan (không trả lời trực tiếp câu hỏi):")
        for c in answer.related:
            citation_expander(index, c, f"{turn_id}-r{c.n}", quoted=False, related=True)
        return
    if answer.comparison:
        rows = [[r["place"], r["figure"], r["citation"]] for r in comparison_rows(answer)]
        st.html(table_html(["Địa phương", "Số liệu trong kế hoạch", "Nguồn"], rows))
    else:
        st.html(answer_html(answer.text))
    if answer.conflict:
        conflict_columns(answer)
    st.caption(f"Trả lời trong {answer.latency_ms:.0f} ms · {len(answer.citations)} đoạn trích dẫn")
    for c in answer.citations:
        citation_expander(index, c, f"{turn_id}-c{c.n}", quoted=f"[{c.n}]" in answer.text)


def render_turn(index: LoadedIndex, turn: dict) -> None:
    with st.chat_message("user"):
        st.text(turn["question"])
    with st.chat_message("assistant"):
        render_answer(index, turn["answer"], turn["id"])


def chat(index: LoadedIndex, encoder: Encoder | None, places: list[Place]) -> None:
    st.button("Cuộc trò chuyện mới", key="new_chat", on_click=new_conversation)
    if places:
        st.caption(md_escape("Chỉ tìm trong: " + ", ".join(p.label for p in places)))
    turns: list[dict] = st.session_state.setdefault("turns", [])
    question = st.chat_input("Đặt câu hỏi về kế hoạch…", key="question")
    if question and question.strip():
        answer = answer_question(index, encoder, question, [t["question"] for t in turns], places=places or None)
        turn_id = st.session_state.get("next_turn", 0)
        st.session_state["next_turn"] = turn_id + 1
        turns.append({"id": turn_id, "question": question, "answer": answer})
    if not turns:
        st.caption(md_escape(f"Ví dụ: {EXAMPLE}"))
    for turn in turns:
        render_turn(index, turn)


# ---------------------------------------------------------------- page

def main() -> None:
    st.set_page_config(page_title="Hỏi đáp kế hoạch", page_icon="📑", layout="wide")
    st.title("Hỏi đáp kế hoạch phát triển kinh tế - xã hội")
    allowed, user = login.gate()  # accounts when served beyond 127.0.0.1
    if not allowed:
        return
    cfg = settings_from_env()
    if not ensure_index(cfg):
        return
    encoder = encoder_for(cfg)
    live = live_index(cfg)
    with st.sidebar:
        top = st.container()
        if login.may(user, "upload"):
            upload_section(cfg, live, user)
    try:
        with st.spinner("Đang nạp chỉ mục…"):
            index = live.get()
    except store.IndexUnusable as exc:
        st.error(md_escape("Không dùng được chỉ mục hiện có (lập bằng mô hình hay phiên bản khác, hoặc bị hỏng). "
                           "Bấm «Quét lại thư mục kế hoạch» ở thanh bên để lập lại."))
        st.caption(md_escape(str(exc)))
        return
    with top:
        places = sidebar_index(index, audit.last_changes(cfg.index))
    if not index.passages:
        st.info("Chưa có kế hoạch nào trong chỉ mục. Hãy tải kế hoạch lên ở thanh bên.")
        return
    chat(index, encoder, places)
