"""The officials' page: chat with cited answers, conversations kept, the plans uploaded.

`chat_page()` (the "Hỏi đáp" page of app.py's navigation) and the helpers the "Kế hoạch" page
(plans_page.py) shares wire Streamlit widgets to the package (answer_question, build_index,
LiveIndex, save_uploads). Plan text is untrusted: it is shown through `st.html` only after html.escape,
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
import time
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from . import conversation_store, feedback, login, page_image, sandbox, store
from .answering import Answer, Citation, answer_question
from .embedding import Encoder, encoder_from_env
from .indexing import BuildReport, FileReport, build_index, corpus_files
from .places import Place
from .retrieval import LiveIndex, LoadedIndex
from .store import DocRecord
from .display import display_text
from .failures import LIMIT_REASONS, build_failure_vi
from .uploads import UploadResult, admit_as, decide_pending, max_upload_bytes, pending
from .vietnamese import fold

CRASH_MESSAGE = ("Trang gặp lỗi ngoài dự kiến. Chỉ mục và các kế hoạch không bị ảnh hưởng; hãy tải lại trang. "
                 "Nếu lỗi lặp lại, báo cho người quản trị (chi tiết ghi trong nhật ký của máy chủ).")
EXAMPLE = "Chỉ tiêu tổng sản lượng lương thực có hạt năm 2024 của xã Lương Phong là bao nhiêu tấn?"
UPLOAD_TYPES = ["txt", "md", "docx", "pdf"]
TITLE_CHARS = 60
SECTION_PARTS = 2  # a citation names the last two headings of its section path
SECTION_CHARS = 50
FIRST_WORDS = 8
PAGE_WIDTH = 820  # px: a whole A4 page readable without scrolling sideways
FIGURE = re.compile(r"\d[\d.,]*\s*(?:%|tỷ đồng|triệu đồng|đồng|tấn|tạ|ha|con|người|lao động|hộ|km|trường)(?!\w)")
NUMBER = re.compile(r"\d[\d.,]*\d|\d")
_QUOTED_ITEM = re.compile(r"“.*?”\s*\[\d+\](?:\s*\(chú thích:.*?\[\d+\]\))?", re.S)
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


def esc(text: str, quote: bool = True) -> str:
    """Plan text for HTML: control characters and bidi overrides dropped (display_text), then
    escaped. Spans are cut before escaping, so a citation's offsets stay the original's."""
    return html.escape(display_text(text), quote=quote)


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


def answer_parts(text: str) -> tuple[str, list[str]]:
    """The answer's lead ("Theo kế hoạch của xã A:") and its items: each quoted passage with
    its marker, or each line; one item is no list."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(lines) > 1:  # "Tỷ lệ … của các địa phương:\n- xã A: 1% [1]\n- xã B: …": lead and points
        lead = lines[0] if lines[0].endswith(":") else ""
        return lead, [re.sub(r"^[-+•]\s+", "", line) for line in lines[bool(lead):]]
    items = [m.group(0).strip() for m in _QUOTED_ITEM.finditer(text or "")]
    if len(items) < 2:
        return (text or "").strip(), []
    lead = text[:text.index(items[0])].strip()
    rest = text[text.index(items[-1]) + len(items[-1]):].strip()
    return lead, items + ([rest] if rest else [])


def marker_links(escaped: str, prefix: str) -> str:
    """[n] in escaped text as links to the anchor `cite-{prefix}{n}` of citation n (`prefix`
    is [A-Za-z0-9-], e.g. "3-c" for the fourth answer); bold when there is no prefix."""
    if not prefix:
        return _MARKER.sub(r"<b>[\1]</b>", escaped)
    return _MARKER.sub(lambda m: f'<a class="cite-link" href="#cite-{prefix}{m.group(1)}" '
                                 f'data-target="cite-{prefix}{m.group(1)}">[{m.group(1)}]</a>', escaped)


def answer_html(text: str, uid: str = "") -> str:
    """The short answer escaped, a list as bullet points, its markers [1] [2] as links."""
    lead, items = answer_parts(text)
    body = marker_links(esc(lead), uid)
    if items:
        lis = "".join(f"<li>{marker_links(esc(i), uid)}</li>" for i in items)
        body = (f"<p style='margin:0 0 .3rem'>{body}</p>" if lead else "") + f"<ul style='margin:0'>{lis}</ul>"
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


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(fold(text)) if not w.isdigit()}


def best_figure(quote: str, question: str) -> str:
    """The figure of a quote that the question asks about: among the figures with a unit (or,
    failing those, bare numbers), the one whose preceding words share most with the question
    ("… lao động 78%, …; tỷ lệ hộ nghèo giảm còn 3,53%" asked about "tỷ lệ hộ nghèo" -> 3,53%)."""
    found = list(FIGURE.finditer(quote or "")) or list(NUMBER.finditer(quote or ""))
    if not found:
        return ""
    asked = _words(question)
    starts = [0] + [m.end() for m in found]

    def shared(i: int) -> int:
        return len(_words(quote[starts[i]:found[i].start()]) & asked)

    return found[max(range(len(found)), key=lambda i: (shared(i), -i))].group(0)


def comparison_rows(answer: Answer) -> list[dict]:
    """One row per place: the place, the figure alone, the citation marker."""
    rows = []
    for r in answer.comparison:
        quote = r.get("quote") or ""
        figure = best_figure(quote, answer.question) or ("xem trích dẫn" if quote else "không thấy trong kế hoạch")
        rows.append({"place": r.get("place", ""), "figure": figure,
                     "citation": f"[{r['citation']}]" if r.get("citation") else ""})
    return rows


def table_html(header: list[str], rows: list[list[str]], uid: str = "") -> str:
    """A table of escaped cells; citation markers in cells become links when `uid` is given."""
    head = "".join(f"<th style='text-align:left;padding:.3rem .5rem'>{esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td style='padding:.3rem .5rem;vertical-align:top'>"
                                    f"{marker_links(esc(v), uid)}</td>" for v in row) + "</tr>"
                   for row in rows)
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


def _cut(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def plan_name(title: str, year: str, kind: str = "") -> str:
    """A plan's readable name: its title with the leading capitals in sentence case, cut to
    TITLE_CHARS, and its year when the cut title does not say it ("KẾ HOẠCH Phát triển
    kinh tế" -> "Kế hoạch phát triển kinh tế (2024)")."""
    words = (title or "").split()
    caps = 0
    while caps < len(words) and words[caps].isupper() and len(words[caps]) > 1:
        caps += 1
    if 0 < caps < len(words) and not words[caps].isupper():
        words[caps] = words[caps][:1].lower() + words[caps][1:]
    if caps:
        words[:caps] = [" ".join(words[:caps]).capitalize()]
    name = _cut(" ".join(words), TITLE_CHARS) or (kind or "kế hoạch").capitalize()
    return name if not year or year in name else f"{name} ({year})"


def doc_name(doc: DocRecord | None, c: Citation | None = None) -> str:
    if doc is not None:
        return plan_name(doc.title, plan_year(doc), doc.plan_kind)
    return plan_name(c.title if c else "", "")


def short_section(section: str) -> str:
    """The last SECTION_PARTS headings of a section path, each cut at a word after
    SECTION_CHARS, their trailing colons dropped."""
    parts = [_cut(p.strip().rstrip(":"), SECTION_CHARS) for p in (section or "").split("›") if p.strip()]
    return (" › ".join(parts[-SECTION_PARTS:]) if len(parts) <= SECTION_PARTS
            else "… › " + " › ".join(parts[-SECTION_PARTS:]))


def first_words(text: str, n: int = FIRST_WORDS) -> str:
    """The passage's opening words, its list glyph and markup dropped."""
    words = re.sub(r"[*#]|</?\w+\s*/?>", "", text or "").split()
    while words and not _WORD.search(words[0]):
        words.pop(0)
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def vi_progress(source: str, done: int, total: int, message: str) -> str:
    """A reader's progress in Vietnamese ("OCR page 3 of 11 (cached)" from ocr.py)."""
    m = re.search(r"OCR page (\d+) of (\d+)", message or "")
    if m:
        cached = " (đã có sẵn)" if "cached" in message else ""
        return f"{source}: nhận dạng chữ (OCR) trang {m.group(1)}/{m.group(2)}{cached}"
    return f"{source}: đang đọc {done}/{total}"


def vi_reason(detail: str) -> str:
    """A skipped file's reason in Vietnamese; an unknown one is not shown in English (the
    command line `assistant index` prints it)."""
    for prefix, reason in REASONS:
        if detail.startswith(prefix):
            return reason
    return "không đọc được tệp (lỗi chưa rõ; chạy «assistant index» để xem chi tiết)" if detail else "không đọc được tệp"


def same_plan_line(detail: str) -> str:
    """The build's "same plan as X; indexed once" in Vietnamese."""
    m = re.match(r"same plan as (.+); indexed once$", detail or "")
    return f"cùng kế hoạch với «{m.group(1) if m else detail}»: chỉ lập chỉ mục một lần"


def file_line(r: FileReport) -> str:
    if r.status == "same plan":
        return f"{r.source} — {same_plan_line(r.detail)}"
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
        level = {"indexed": "success", "removed": "info", "same plan": "info"}.get(r.status, "warning")
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

def run_build(cfg: Settings, label: str, build=None) -> BuildReport | None:
    """A build (build_index, or `build(report=…, progress=…)` for removing or re-reading one
    plan) with a progress box where it is called, one line per changed file and one per OCR
    page; None when another build holds the lock (said in the box)."""
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
            bar.progress(min(d / max(t, 1), 1.0), text=md_escape(vi_progress(source, d, t, message)))

        build = build or (lambda **kw: build_index(cfg.corpus, cfg.index, encoder_for(cfg), **kw))
        st.button("Dừng lập chỉ mục", key=f"cancel-{label}", on_click=_cancelled)  # a click reruns: the build stops
        st.session_state.pop("build_failure", None)
        try:
            with sandbox.cancellable():
                report = build(report=on_file, progress=on_pages, max_bytes=cfg.max_bytes)
        except store.BuildLocked:
            box.update(label="Một lần lập chỉ mục khác đang chạy; hãy thử lại khi nó xong.", state="error")
            return None
        except FileNotFoundError:
            raise  # a plan gone from the folder: the plans page says so
        except Exception as exc:  # disk full, no permission: one sentence, the old index answers
            return _failed(cfg, box, exc)
        bar.progress(1.0, text="Xong.")
        box.update(label=f"Đã cập nhật chỉ mục: {report.passages} đoạn, {len(report.skipped)} tệp bỏ qua "
                         f"({report.seconds:.1f} giây).", state="complete", expanded=False)
    return report


def _failed(cfg: Settings, box, exc: BaseException) -> None:
    failure = build_failure_vi(exc, previous=store.build_id(cfg.index) is not None)
    st.session_state["build_failure"] = failure
    box.update(label=md_escape(failure), state="error")
    return None


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
    if fr is not None and fr.status == "same plan":
        return "info", f"{r.name}: {same_plan_line(fr.detail)}."
    if index is None or r.saved_as not in index.doc_number:  # read in quarantine: kept for the next build
        why = vi_reason(fr.detail) if fr and fr.status == "skipped" else "chưa có trong chỉ mục"
        return "warning", f"{r.name}: đã lưu thành {r.saved_as} nhưng {why}; bấm «Quét lại thư mục kế hoạch» sau."
    doc = index.docs[index.doc_number[r.saved_as]] if index and r.saved_as in index.doc_number else None
    place = doc.place_label if doc and doc.place_label else "chưa rõ địa phương"
    passages = f", {doc.n_passages} đoạn" if doc else ""
    renamed = f" với tên {r.saved_as}" if r.saved_as != r.name else ""
    return "success", f"{r.name}: đã thêm vào chỉ mục{renamed} ({place}{passages})."


def handle_uploads(cfg: Settings, live: LiveIndex, files: list) -> list[tuple[str, str]]:
    """Uploads go through quarantine (read within bounds before they enter the corpus) as the
    signed-in user, then one build."""
    slot = st.empty()  # the reading's progress (OCR pages), gone once read

    def on_pages(source: str, d: int, t: int, message: str) -> None:
        slot.progress(min(d / max(t, 1), 1.0), text=md_escape(vi_progress(source, d, t, message)))

    current = _current(live)
    results = admit_as(login.current_user(), [(f.name, f.getvalue()) for f in files], cfg.corpus, cfg.index,
                       max_bytes=cfg.max_bytes, known=indexed_hashes(live), vi_reason=vi_reason, progress=on_pages,
                       indexed=current.docs if current else None)
    slot.empty()
    results = [r for r in results if r.status != "same_plan"]  # asked below the uploader (same_plan_questions)
    report = run_build(cfg, "Đang lập chỉ mục các tệp mới…") if any(r.saved for r in results) else None
    index = _current(live) if report else None
    notices = [upload_notice(r, report, index, cfg.corpus) for r in results]
    failure = [("error", st.session_state["build_failure"])] if st.session_state.get("build_failure") else []
    return notices + failure + (build_notices(report, {r.saved_as for r in results}) if report else [])


def same_plan_question(r: UploadResult, index: LoadedIndex | None) -> str:
    doc = index.docs[index.doc_number[r.twin]] if index and r.twin in index.doc_number else None
    name = doc_name(doc) if doc else (r.twin_title or r.twin)
    return (f"«{r.name}» là cùng kế hoạch với «{name}» (tệp {r.twin} đã có trong chỉ mục: cùng địa phương, "
            "loại, kỳ và tên). Thay thế kế hoạch cũ hay giữ cả hai?")


SAME_PLAN_CHOICES = (("replace", "Thay thế", "Tệp cũ được cất vào thư mục removed/ của chỉ mục, tệp mới thay chỗ"),
                     ("keep", "Giữ cả hai", "Lưu tệp mới; kế hoạch chỉ được lập chỉ mục một lần"),
                     ("drop", "Huỷ", "Bỏ tệp vừa tải lên, không lưu gì"))


def same_plan_questions(cfg: Settings, live: LiveIndex) -> None:
    """Uploads that are the same plan as an indexed one wait in quarantine for the official's
    answer; the folder holds them, so the question survives reruns and reloads."""
    waiting = pending(cfg.index)
    index = _current(live) if waiting else None
    for r in waiting:
        st.warning(md_escape(same_plan_question(r, index)))
        for col, (choice, label, tip) in zip(st.columns(3), SAME_PLAN_CHOICES):
            if col.button(label, key=f"same-plan-{choice}-{r.saved_as}", help=tip, use_container_width=True):
                st.session_state["notices"] = decide_same_plan(cfg, live, r, choice)
                st.rerun()


def decide_same_plan(cfg: Settings, live: LiveIndex, r: UploadResult, choice: str) -> list[tuple[str, str]]:
    try:
        done = decide_pending(login.current_user(), cfg.corpus, cfg.index, r.saved_as, choice)
    except FileNotFoundError:  # decided already (another tab, a double click)
        return [("info", f"{r.name}: đã được xử lý.")]
    if not done.saved:
        return [("info", f"{r.name}: {done.message}")]
    report = run_build(cfg, "Đang lập chỉ mục tệp mới…")
    notices = [upload_notice(done, report, _current(live) if report else None, cfg.corpus)]
    failure = [("error", st.session_state["build_failure"])] if st.session_state.get("build_failure") else []
    return notices + failure + (build_notices(report, {done.saved_as}) if report else [])


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


UPLOAD_HELP = ("Chọn hoặc kéo thả tệp kế hoạch vào ô dưới đây: .txt, .md, .docx (Word) hoặc .pdf (kể cả bản "
               "quét), tối đa {mb} MB mỗi tệp. Tệp được đọc và lập chỉ mục ngay, tiến độ hiện ở đây.")
# Streamlit's uploader writes its own English ("Drag and drop files here", "Browse files",
# "Limit … per file"); they are hidden and the button relabelled, the line above says the rest.
PAGE_CSS = """<style>
[data-testid="stFileUploaderDropzoneInstructions"] {display: none;}
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] {font-size: 0;}
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"]::after {content: "Chọn tệp"; font-size: 0.9rem;}
[data-testid="stStatusWidget"], [data-testid="stMainMenu"], [data-testid="stAppDeployButton"] {display: none;}
</style>"""


def upload_section(cfg: Settings, live: LiveIndex) -> None:
    st.subheader("Thêm kế hoạch")
    mb = max(1, math.ceil(cfg.max_bytes / (1024 * 1024)))
    st.markdown(md_escape(UPLOAD_HELP.format(mb=mb)))
    # no `type=`: a refused type is then said by save_uploads, in Vietnamese, not by the browser
    files = st.file_uploader("Tệp kế hoạch", accept_multiple_files=True, key="uploads",
                             max_upload_size=mb, label_visibility="collapsed")
    rescan = st.button("Quét lại thư mục kế hoạch", key="rescan",
                       help=md_escape(f"Lập chỉ mục các tệp chép tay vào {cfg.corpus}"))
    handled: set = st.session_state.setdefault("handled_uploads", set())
    new = [f for f in files or [] if f.file_id not in handled]
    if new:
        handled.update(f.file_id for f in new)
        st.session_state["notices"] = handle_uploads(cfg, live, new)
    elif rescan:
        st.session_state["notices"] = handle_rescan(cfg)
    same_plan_questions(cfg, live)
    show_notices(st.session_state.get("notices", []))


# ---------------------------------------------------------------- the loaded index

def _current(live: LiveIndex) -> LoadedIndex | None:
    try:
        return live.get()
    except (store.IndexUnusable, OSError, ValueError):
        return None


def load_index(cfg: Settings) -> LoadedIndex | None:
    """The live index, or None with the reason said and the way out (the plans page rebuilds)."""
    try:
        with st.spinner("Đang nạp chỉ mục…"):
            return live_index(cfg).get()
    except store.IndexUnusable:
        st.error(md_escape("Không dùng được chỉ mục hiện có (lập bằng mô hình hay phiên bản khác, hoặc bị hỏng). "
                           "Bấm «Quét lại thư mục kế hoạch» ở trang «Kế hoạch» để lập lại."))
        return None


def index_state(index: LoadedIndex) -> None:
    st.subheader("Trạng thái chỉ mục")
    model = index.manifest.get("model", {}).get("name", "?")
    lines = [f"Kế hoạch: {len(index.docs)}", f"Đoạn văn: {len(index.passages)}",
             f"Lập lúc: {index.manifest.get('built_at', '?')}", f"Mô hình: {model}"]
    st.markdown("  \n".join(md_escape(x) for x in lines))


def place_filter(index: LoadedIndex) -> list[Place]:
    by_label = {p.label: p for p in index.places}
    chosen = st.multiselect("Chỉ hỏi trong các địa phương", options=sorted(by_label), key="place_filter",
                            placeholder="Tất cả địa phương")
    return [by_label[c] for c in chosen if c in by_label]


# ---------------------------------------------------------------- conversations

CONVERSATION_ID = re.compile(r"[0-9a-f]{16}")


def open_conversations(cfg: Settings) -> conversation_store.ConversationStore:
    return conversation_store.ConversationStore(cfg.index / conversation_store.FILE)


def _forget_widgets() -> None:
    for key in [k for k in st.session_state if str(k).startswith(("open-", "fb-"))]:
        del st.session_state[key]


def open_conversation(convs: conversation_store.ConversationStore, cid: str) -> None:
    """Show conversation `cid` (its id in the address, so a reload or a link brings it back)."""
    st.query_params["c"] = cid
    st.session_state["conversation"] = cid
    st.session_state["turns"] = [{"id": n, "question": q, "answer": a} for n, (q, a) in enumerate(convs.turns(cid))]
    _forget_widgets()


def current_conversation(convs: conversation_store.ConversationStore) -> str:
    # coming back from another page, the address has lost the id; the session still knows it
    cid = st.query_params.get("c", "") or st.session_state.get("conversation", "")
    if not CONVERSATION_ID.fullmatch(cid):
        cid = convs.new_id()
    if st.session_state.get("conversation") != cid:
        open_conversation(convs, cid)
    st.query_params["c"] = cid
    return cid


def new_conversation(convs: conversation_store.ConversationStore) -> None:
    open_conversation(convs, convs.new_id())


def earlier_conversations(convs: conversation_store.ConversationStore, current: str) -> None:
    recent = convs.recent()
    if not recent:
        return
    st.subheader("Các cuộc trò chuyện trước")
    for cid, title, updated in recent:
        when = time.strftime("%d/%m %H:%M", time.localtime(updated))
        st.button(md_escape(f"{title} · {when}"), key=f"conv-{cid}", on_click=open_conversation, args=(convs, cid),
                  disabled=cid == current, use_container_width=True)


# ---------------------------------------------------------------- citations

def citation_label(c: Citation, related: bool, name: str = "", quoted: bool = False) -> str:
    """[n] place · plan name · section · page · “first words …” (of the quoted sentence when
    the answer quotes one, else of the passage)."""
    parts = [f"Đoạn liên quan [{c.n}]" if related else f"[{c.n}]", c.place or "chưa rõ địa phương",
             name or plan_name(c.title, "")]
    if c.section:
        parts.append(short_section(c.section))
    if c.page:
        parts.append(f"trang {c.page}")
    parts.append(f"“{first_words(c.quote if quoted and c.quote else c.text)}”")
    return md_escape(" ".join(parts[:2]) + "".join(f" · {p}" for p in parts[2:]))


def citation_meta_html(c: Citation, name: str) -> str:
    rows = [("Địa phương", c.place or "chưa rõ"), ("Kế hoạch", name), ("Tệp", c.source),
            ("Mục", c.section or "—")] + ([("Trang", str(c.page))] if c.page else [])
    items = "<br>".join(f"<b>{k}:</b> {esc(v)}" for k, v in rows)
    return f'<div class="citation-meta" style="font-size:.88rem;opacity:.85">{items}</div>'


def cited_span(text: str, c: Citation, quoted: bool) -> tuple[int, int] | None:
    """Where to mark in the plan: the quoted sentence inside the passage, else the passage."""
    span = locate(text, c)
    inner = quote_span(c.text, c.quote) if quoted and span else None
    return (span[0] + inner[0], span[0] + inner[1]) if inner else span


@st.cache_data(show_spinner="Đang dựng ảnh trang…", max_entries=64)
def _page_png(path: str, mtime: float, page: int, quote: str, cache_dir: str) -> tuple[bytes, int]:
    return page_image.render_page(Path(path), page, quote, Path(cache_dir))


def pdf_page_view(cfg: Settings, doc: DocRecord, c: Citation, quoted: bool) -> bool:
    """The cited page as an image with the cited lines highlighted; False when not possible."""
    path = cfg.corpus / c.source
    if not (c.page and path.suffix.lower() == ".pdf" and path.is_file()):
        return False
    try:
        png, lines = _page_png(str(path), path.stat().st_mtime, c.page, c.quote if quoted else c.text,
                               str(store.cache_dir(cfg.index)))
    except Exception:  # a damaged file or a missing Tesseract: the text view still shows the passage
        return False
    found = f"đã tô vàng {lines} dòng được trích" if lines else "không định vị được dòng trích trên ảnh trang"
    st.caption(md_escape(f"Trang {c.page}/{len(doc.page_starts) or '?'} · {doc.source} · {found}"))
    st.image(png, width=PAGE_WIDTH)
    return True


def source_view(cfg: Settings, index: LoadedIndex, c: Citation, uid: str, quoted: bool) -> None:
    """A PDF's cited page as an image; other plans as text scrolled to the quoted sentence."""
    if c.source not in index.doc_number:
        st.info("Kế hoạch này không còn trong chỉ mục.")
        return
    doc = index.docs[index.doc_number[c.source]]
    if pdf_page_view(cfg, doc, c, quoted):
        return
    text = index.doc_text(c.source)
    view, span = page_window(text, doc.page_starts, c.page, cited_span(text, c, quoted))
    where = f"Trang {c.page}/{len(doc.page_starts)}" if doc.page_starts and c.page else "Toàn văn"
    st.caption(md_escape(f"{where} · {doc.source}"))
    st.html(source_html(view, span, uid), unsafe_allow_javascript=True)


def citation_expander(cfg: Settings, index: LoadedIndex, c: Citation, uid: str, quoted: bool,
                      related: bool = False) -> None:
    doc = index.docs[index.doc_number[c.source]] if c.source in index.doc_number else None
    name = doc_name(doc, c)
    st.html(f'<div id="cite-{uid}" class="cite-anchor"></div>')
    with st.expander(citation_label(c, related, name, quoted)):
        st.html(citation_meta_html(c, name))
        st.html(passage_html(c.text, quote_span(c.text, c.quote) if quoted else None))
        if st.toggle("Mở văn bản kế hoạch tại đoạn này", key=f"open-{uid}"):
            source_view(cfg, index, c, f"src-{uid}", quoted)


# ---------------------------------------------------------------- answers

# One listener for the whole page (installed once): [n] opens citation n and scrolls to it;
# the copy button copies the answer as plain text.
PAGE_SCRIPT = """<script>(function(){if(window.__hoidap)return;window.__hoidap=true;
document.addEventListener('click',function(e){
 var a=e.target.closest&&e.target.closest('a.cite-link');
 if(a){e.preventDefault();var t=document.getElementById(a.dataset.target);if(!t)return;
  var box=t.closest('[data-testid="stElementContainer"]')||t,next=box.nextElementSibling||box;
  var d=next.querySelector('details');if(d&&!d.open){d.querySelector('summary').click();}
  next.scrollIntoView({behavior:'smooth',block:'center'});return;}
 var b=e.target.closest&&e.target.closest('button.copy-answer');
 if(b){var text=b.dataset.text,done=function(){b.textContent='Đã sao chép';};
  if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(text).then(done);}
  else{var ta=document.createElement('textarea');ta.value=text;document.body.appendChild(ta);ta.select();
   document.execCommand('copy');ta.remove();done();}}
},true);})();</script>"""
BUTTON_STYLE = ("border:1px solid rgba(128,128,128,.5);border-radius:.4rem;padding:.15rem .6rem;"
                "background:transparent;color:inherit;cursor:pointer;font-size:.85rem")


def answer_plain(answer: Answer, names: dict[str, str]) -> str:
    """The answer as plain text for the clipboard: the text, then one line per citation."""
    lines = [answer.text, ""] + [f"[{c.n}] {c.place} · {names.get(c.source, c.title)}"
                                  + (f" · trang {c.page}" if c.page else "") for c in answer.citations]
    return "\n".join(lines).strip()


def copy_button_html(text: str) -> str:
    return (f'<button class="copy-answer" style="{BUTTON_STYLE}" data-text="{esc(text, quote=True)}">'
            "Sao chép câu trả lời</button>")


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


def record_verdict(cfg: Settings, cid: str, turn: int, answer: Answer, key: str) -> None:
    feedback.record_feedback(cfg.index / feedback.FILE,
                             feedback.feedback_record(cid, turn, answer, st.session_state.get(key)))


def answer_tools(cfg: Settings, index: LoadedIndex, answer: Answer, cid: str, turn: int) -> None:
    """Copy button and 👍/👎 under an answer."""
    names = {s: doc_name(index.docs[i]) for s, i in index.doc_number.items()}
    left, right = st.columns([1, 3], vertical_alignment="center")
    with left:
        st.html(copy_button_html(answer_plain(answer, names)))
    with right:
        key = f"fb-{cid[:8]}-{turn}"
        st.feedback("thumbs", key=key, on_change=record_verdict, args=(cfg, cid, turn, answer, key))


def render_answer(cfg: Settings, index: LoadedIndex, answer: Answer, turn_id: int) -> None:
    if answer.not_found:
        st.warning(md_escape(answer.text))
        if answer.related:
            st.caption("Đoạn liên quan (không trả lời trực tiếp câu hỏi):")
        for c in answer.related:
            citation_expander(cfg, index, c, f"{turn_id}-r{c.n}", quoted=False, related=True)
        return
    uid = f"{turn_id}-c"
    if answer.comparison:
        rows = [[r["place"], r["figure"], r["citation"]] for r in comparison_rows(answer)]
        st.html(table_html(["Địa phương", "Số liệu", "Nguồn"], rows, uid))
    else:
        st.html(answer_html(answer.text, uid))
    if answer.conflict:
        conflict_columns(answer)
    st.caption(f"Trả lời trong {answer.latency_ms:.0f} ms · {len(answer.citations)} đoạn trích dẫn · "
               "bấm [số] để mở trích dẫn")
    for c in answer.citations:
        citation_expander(cfg, index, c, f"{turn_id}-c{c.n}", quoted=f"[{c.n}]" in answer.text)


def render_turn(cfg: Settings, index: LoadedIndex, turn: dict, cid: str) -> None:
    with st.chat_message("user"):
        st.text(turn["question"])
    with st.chat_message("assistant"):
        render_answer(cfg, index, turn["answer"], turn["id"])
        answer_tools(cfg, index, turn["answer"], cid, turn["id"])


def chat(cfg: Settings, index: LoadedIndex, encoder: Encoder | None, places: list[Place],
         convs: conversation_store.ConversationStore, cid: str) -> None:
    if places:
        st.caption(md_escape("Chỉ tìm trong: " + ", ".join(p.label for p in places)))
    turns: list[dict] = st.session_state.setdefault("turns", [])
    question = st.chat_input("Đặt câu hỏi về kế hoạch…", key="question")
    if question and question.strip():
        answer = answer_question(index, encoder, question, [t["question"] for t in turns], places=places or None)
        n = convs.add_turn(cid, question, answer)
        turns.append({"id": n, "question": question, "answer": answer})
    if not turns:
        st.caption(md_escape(f"Ví dụ: {EXAMPLE}"))
    for turn in turns:
        render_turn(cfg, index, turn, cid)


# ---------------------------------------------------------------- pages

def page_chrome() -> None:
    """Our CSS (Streamlit's English chrome hidden) and the page's one click listener."""
    st.html(PAGE_CSS)
    st.html(PAGE_SCRIPT, unsafe_allow_javascript=True)


def chat_page() -> None:
    st.title("Hỏi đáp kế hoạch phát triển kinh tế - xã hội")
    cfg = settings_from_env()
    if not ensure_index(cfg):
        return
    convs = open_conversations(cfg)
    cid = current_conversation(convs)
    with st.sidebar:
        st.button("Cuộc trò chuyện mới", key="new_chat", on_click=new_conversation, args=(convs,),
                  type="primary", use_container_width=True)
        st.page_link(st.Page(guide_page, title="Hướng dẫn", url_path="huong-dan"), label="Hướng dẫn sử dụng", icon=":material/menu_book:")
    index = load_index(cfg)
    if index is None:
        return
    with st.sidebar:
        places = place_filter(index)
        earlier_conversations(convs, cid)
    if not index.passages:
        st.info("Chưa có kế hoạch nào trong chỉ mục. Hãy tải kế hoạch lên ở trang «Kế hoạch».")
        return
    chat(cfg, index, encoder_for(cfg), places, convs, cid)


GUIDE = Path(__file__).resolve().parents[1] / "HUONG_DAN.md"


def guide_page() -> None:
    """HUONG_DAN.md, the officials' guide (our own Markdown, not plan text)."""
    try:
        st.markdown(GUIDE.read_text(encoding="utf-8"))
    except OSError:
        st.info("Không tìm thấy tệp hướng dẫn HUONG_DAN.md.")

