"""The Streamlit page through streamlit.testing's AppTest (hashing encoder, copied corpus and
index), and the page's pure helpers."""
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant import store, ui
from assistant.answering import Answer, Citation
from assistant.embedding import hashing_encoder
from assistant.indexing import build_index
from assistant.retrieval import open_index

from conftest import CORPUS, GRAIN, NEW_PLAN as NEW_PLAN_TEXT, REPO, SHARED

NEW_PLAN = NEW_PLAN_TEXT.encode()

MARKUP_PLAN = """# KẾ HOẠCH phát triển kinh tế - xã hội năm 2024 xã Hòa Bình

## 1. Giáo dục
- Tỷ lệ trẻ em đi học **đúng độ tuổi** năm 2024 của xã Hòa Bình đạt <b>99%</b> <script>alert("x")</script> theo [liên kết](http://example.com) và :red[màu] $x^2$.
""".encode()
OUR_SCRIPT = "<script>(function(){var b=document.getElementById("


# ---------------------------------------------------------------- AppTest helpers

@pytest.fixture()
def dirs(tmp_path, monkeypatch, built_index):
    """A copied corpus and a copied (hashing) index, named by the environment as `make run` does."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(built_index, index, symlinks=True)
    monkeypatch.setenv("ASSISTANT_EMBED_MODEL", "hashing")
    monkeypatch.setenv("ASSISTANT_CORPUS", str(corpus))
    monkeypatch.setenv("ASSISTANT_INDEX", str(index))
    return corpus, index


def open_app() -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input(key="question").set_value(question).run()
    assert not at.exception, at.exception
    return at


def htmls(at: AppTest, cls: str) -> list[str]:
    return [h.value for h in at.get("html") if f'class="{cls}"' in h.value or f"class='{cls}'" in h.value]


def plain(value: str) -> str:
    """What a reader sees of our HTML, or of a Markdown label we escaped."""
    return html.unescape(re.sub(r"<[^>]+>", "", value)) if "<" in value else re.sub(r"\\(.)", r"\1", value)


def answers(at: AppTest) -> list[str]:
    return [plain(v) for v in htmls(at, "answer-text")]


def notices(at: AppTest, kind: str) -> list[str]:
    return [plain(e.value) for e in getattr(at, kind)]


def plan_table(at: AppTest):
    return at.sidebar.dataframe[0].value


# ---------------------------------------------------------------- the page

def test_first_open_builds_the_index_and_lists_the_plans(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    monkeypatch.setenv("ASSISTANT_EMBED_MODEL", "hashing")
    monkeypatch.setenv("ASSISTANT_CORPUS", str(corpus))
    monkeypatch.setenv("ASSISTANT_INDEX", str(tmp_path / "index"))
    at = open_app()
    assert store.build_id(tmp_path / "index")
    assert at.get("status"), "the first build shows its progress"
    table = plan_table(at)
    assert len(table) == 5 and "xã Lương Phong" in set(table["Địa phương"])
    assert set(table.columns) == {"Địa phương", "Loại", "Năm", "Tệp"}
    assert "xã Lương Phong" in at.multiselect(key="place_filter").options
    state = plain(at.sidebar.markdown[-1].value)
    assert "Kế hoạch: 5" in state and "Mô hình: hashing-64" in state and "Lập lúc: 20" in state


def test_asking_shows_the_answer_its_cited_passage_and_the_plan(dirs):
    at = ask(open_app(), GRAIN)
    [answer] = answers(at)
    assert "6600 tấn" in answer and "[1]" in answer
    assert len(at.chat_message) == 2
    labels = [plain(e.label) for e in at.expander]
    assert labels[0].startswith("[1] xã Lương Phong") and "003_bed8603f6d2f56aa.txt" in labels[0]
    passage = htmls(at, "plan-passage")[0]
    assert re.search(r"<mark[^>]*>[^<]*6600 tấn", passage), passage
    meta = plain(htmls(at, "citation-meta")[0])
    assert "Mục:" in meta and "Nông nghiệp" in meta
    assert not htmls(at, "plan-source")
    at.toggle(key="open-0-c1").set_value(True).run()
    [view] = htmls(at, "plan-source")
    plan = (dirs[0] / "003_bed8603f6d2f56aa.txt").read_text(encoding="utf-8")
    assert plain(view.split("<script>")[0]) == plan
    assert 'id="src-0-c1-hit"' in view and OUR_SCRIPT in view
    hit = re.search(r'<mark id="src-0-c1-hit"[^>]*>(.*?)</mark>', view, re.S).group(1)
    assert "6600 tấn" in html.unescape(hit)


def test_a_follow_up_uses_the_conversation_and_a_new_one_forgets_it(dirs):
    at = ask(open_app(), GRAIN)
    ask(at, "Còn thị trấn Hùng Sơn thì sao?")
    assert len(at.chat_message) == 4
    assert "545,5 tấn" in answers(at)[1]
    at.button(key="new_chat").click().run()
    assert len(at.chat_message) == 0
    ask(at, "Còn thị trấn Hùng Sơn thì sao?")  # with nothing before it, there is no topic
    assert not answers(at) and "Không tìm thấy" in notices(at, "warning")[0]


def test_not_found_says_so_and_labels_related_passages(dirs):
    at = ask(open_app(), "Tỷ lệ dân số dùng mạng 5G của xã Lương Phong năm 2024 là bao nhiêu?")
    assert not answers(at)
    [warning] = notices(at, "warning")
    assert warning.startswith("Không tìm thấy thông tin này") and "xã Lương Phong" in warning
    labels = [plain(e.label) for e in at.expander]
    assert labels and all(label.startswith("Đoạn liên quan") for label in labels)
    assert all("<mark" not in p for p in htmls(at, "plan-passage"))


def test_place_filter_restricts_the_answers(dirs):
    at = open_app()
    at.multiselect(key="place_filter").set_value(["xã Hương Sơn"]).run()
    ask(at, "Tỷ lệ hộ nghèo năm 2024 là bao nhiêu?")
    labels = [plain(e.label) for e in at.expander]
    assert labels and all("xã Hương Sơn" in label for label in labels)
    assert any("Chỉ tìm trong: xã Hương Sơn" in plain(c.value) for c in at.caption)
    at.multiselect(key="place_filter").set_value(["thị trấn Hùng Sơn"]).run()
    ask(at, "Tỷ lệ hộ nghèo năm 2024 là bao nhiêu?")
    labels = [plain(e.label) for e in at.expander][len(labels):]
    assert labels and all("thị trấn Hùng Sơn" in label for label in labels)


def test_comparison_is_a_table(dirs):
    at = ask(open_app(), "So sánh tỷ lệ hộ nghèo năm 2024 của xã Lương Phong và xã Hương Sơn")
    [table] = htmls(at, "comparison")
    cells = re.findall(r"<td[^>]*>(.*?)</td>", table)
    assert cells[0::3] == ["xã Lương Phong", "xã Hương Sơn"]
    assert "1%" in cells[1] and cells[2] == "[1]" and cells[5] == "[2]"


def test_uploading_a_good_and_a_bad_plan(dirs):
    corpus, index_dir = dirs
    at = open_app()
    at.file_uploader(key="uploads").set_value([
        ("Kế hoạch xã Tân Mỹ.txt", NEW_PLAN, "text/plain"),
        ("hỏng.pdf", b"this is not a PDF at all", "application/pdf"),
    ]).run()
    assert not at.exception, at.exception
    [ok] = notices(at, "success")
    assert ok.startswith("Kế hoạch xã Tân Mỹ.txt: đã thêm vào chỉ mục (xã Tân Mỹ")
    [bad] = notices(at, "error")
    assert bad.startswith("hỏng.pdf: không phải tệp PDF hợp lệ") and "chưa được thêm" in bad
    assert (corpus / "Kế hoạch xã Tân Mỹ.txt").read_bytes() == NEW_PLAN
    assert not (corpus / "hỏng.pdf").exists()
    assert len(plan_table(at)) == 6
    assert "xã Tân Mỹ" in at.multiselect(key="place_filter").options
    assert at.get("status") and at.get("progress")
    ask(at, "Tổng sản lượng lương thực có hạt năm 2024 của xã Tân Mỹ là bao nhiêu tấn?")
    assert "1.234 tấn" in answers(at)[0]
    build = store.build_id(index_dir)
    ask(at, GRAIN)  # the uploads stay in the widget: they are not saved or indexed again
    assert store.build_id(index_dir) == build
    assert sorted(p.name for p in corpus.iterdir())[-1] == "Kế hoạch xã Tân Mỹ.txt"
    assert len(list(corpus.iterdir())) == 6


def test_uploading_content_already_indexed_is_reported_not_added(dirs):
    corpus, index_dir = dirs
    at = open_app()
    build = store.build_id(index_dir)
    data = (CORPUS / "003_bed8603f6d2f56aa.txt").read_bytes()
    at.file_uploader(key="uploads").set_value(("luong_phong.txt", data, "text/plain")).run()
    [warning] = notices(at, "warning")
    assert "luong_phong.txt" in warning and "003_bed8603f6d2f56aa.txt" in warning
    assert store.build_id(index_dir) == build and len(list(corpus.iterdir())) == 5


def test_plan_markup_is_shown_as_text(dirs):
    at = open_app()
    at.file_uploader(key="uploads").set_value(("hoa_binh.md", MARKUP_PLAN, "text/markdown")).run()
    ask(at, "Tỷ lệ trẻ em đi học đúng độ tuổi năm 2024 của xã Hòa Bình là bao nhiêu?")
    at.toggle(key="open-0-c1").set_value(True).run()
    bodies = [h.value for h in at.get("html")]
    assert any("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in b for b in bodies)
    assert any("**đúng độ tuổi**" in b and "&lt;b&gt;99%&lt;/b&gt;" in b for b in bodies)
    for body in bodies:
        assert "<b>99" not in body and "<a " not in body
        assert body.count("<script") == body.count(OUR_SCRIPT)
    for element in [*at.markdown, *at.caption, *at.warning, *at.success, *at.error, *at.expander]:
        text = element.label if hasattr(element, "label") and not hasattr(element, "value") else element.value
        assert "<script" not in text and "**" not in text and "<b>" not in text
    assert "99%" in answers(at)[0]


def test_rescan_indexes_plans_dropped_in_by_hand(dirs):
    corpus, _ = dirs
    at = open_app()
    (corpus / "tan_my.txt").write_bytes(NEW_PLAN)
    at.button(key="rescan").click().run()
    assert any(s.startswith("tan_my.txt — đã lập chỉ mục") for s in notices(at, "success"))
    assert len(plan_table(at)) == 6
    at.button(key="rescan").click().run()
    assert notices(at, "info")[-1].startswith("Không có thay đổi")


def test_a_build_already_running_is_said(dirs):
    _, index_dir = dirs
    at = open_app()
    with store.build_lock(index_dir):
        at.file_uploader(key="uploads").set_value(("tan_my.txt", NEW_PLAN, "text/plain")).run()
        [warning] = notices(at, "warning")
        assert "tan_my.txt" in warning and "chưa lập chỉ mục" in warning
        at.button(key="rescan").click().run()
        assert "Một lần lập chỉ mục khác đang chạy" in notices(at, "warning")[0]
    at.button(key="rescan").click().run()
    assert len(plan_table(at)) == 6


# ---------------------------------------------------------------- pure helpers

def test_quote_span_finds_the_quote_through_markup_and_spacing():
    passage = "- Tỷ lệ **đúng độ tuổi**\tđạt <b>99%</b>;\n  tăng 2%. Câu sau."
    s, e = ui.quote_span(passage, "- Tỷ lệ đúng độ tuổi | đạt 99%; tăng 2%.")
    assert passage[s:e] == "Tỷ lệ **đúng độ tuổi**\tđạt <b>99%</b>;\n  tăng 2%."
    assert ui.quote_span(passage, "Câu sau …") == (passage.index("Câu"), passage.index("sau") + 3)
    s, e = ui.quote_span(passage, "đạt 99%")
    assert passage[s:e] == "đạt <b>99%"
    s, e = ui.quote_span("hộ nghèo còn 1%. Hết.", "hộ nghèo còn 1%.")
    assert (s, e) == (0, 16)
    assert ui.quote_span(passage, "không có") is None and ui.quote_span(passage, "…") is None


def test_marked_html_escapes_everything_but_its_own_mark():
    out = ui.marked_html("<b>x</b> & **y** 5%", (17, 19), "m1")
    assert out == ('&lt;b&gt;x&lt;/b&gt; &amp; **y** <mark id="m1" style="' + ui.MARK_STYLE + '">5%</mark>')
    assert ui.marked_html("<i>", None) == "&lt;i&gt;"


def test_answer_html_bolds_markers_only():
    out = ui.answer_html("“a <script>” [1] (chú thích: “b” [2])")
    assert "<b>[1]</b>" in out and "<b>[2]</b>" in out and "&lt;script&gt;" in out


def test_md_escape_neutralises_markdown():
    for text in ["**bold**", "# title", "[link](http://x)", "<b>x</b>", "a_b_c", "`code`", "$x$", "1. item"]:
        escaped = ui.md_escape(text)
        assert re.sub(r"\\(.)", r"\1", escaped) == text
        assert not re.search(r"(?<!\\)[*#\[\]<>_`$]", escaped)
    assert ui.md_escape("a\n\nb") == "a b"


def test_source_html_scrolls_to_an_escaped_view():
    out = ui.source_html("<p>before</p> HIT after", (14, 17), "src-1-c2")
    assert out.startswith('<div id="src-1-c2"') and '<mark id="src-1-c2-hit"' in out and "&lt;p&gt;" in out
    assert out.count("<script>") == 1 and "getElementById('src-1-c2-hit')" in out
    assert "<script>" not in ui.source_html("text", None, "x")


def test_page_window_shows_the_cited_page_only():
    text = "page one text. page two HIT text. page three"
    starts = [0, 15, 34]
    assert ui.page_window(text, starts, 2, (24, 27)) == ("page two HIT text. ", (9, 12))
    assert ui.page_window(text, starts, 2, (10, 27)) == ("page two HIT text. ", (0, 12))
    assert ui.page_window(text, starts, 3, None) == ("page three", None)
    assert ui.page_window(text, [], None, (24, 27)) == (text, (24, 27))


def test_page_window_on_a_real_pdf(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SHARED / "fixtures" / "004_thang.pdf", corpus)
    encoder = hashing_encoder()
    build_index(corpus, tmp_path / "index", encoder)
    index = open_index(tmp_path / "index", encoder)
    doc = index.docs[0]
    text = index.doc_text(doc.source)
    p = next(p for p in index.passages if p.page and p.page > 2)
    c = Citation(1, p.source, p.start, p.end, p.text, p.page, doc.place_label, doc.title, "")
    view, span = ui.page_window(text, doc.page_starts, c.page, ui.locate(text, c))
    assert len(view) < len(text) and view[span[0]:span[1]] == p.text[:span[1] - span[0]]
    assert view == text[doc.page_starts[p.page - 1]:doc.page_starts[p.page]]


def _cite(n: int, quote: str) -> Citation:
    return Citation(n, "a.txt", 0, len(quote), quote, None, "xã A", "Kế hoạch", "", quote)


def test_conflict_citations_and_figures():
    a = Answer("q", "Các đoạn trong kế hoạch ghi khác nhau: “Năm 2024 đạt 6600 tấn.” [1] “Đạt 6.670 tấn, 3,5%.” [2] "
               "(chú thích: “ghi chú 5 ha” [3])", False,
               citations=[_cite(1, "Năm 2024 đạt 6600 tấn."), _cite(2, "Đạt 6.670 tấn, 3,5%."), _cite(3, "ghi chú 5 ha"),
                          _cite(4, "khác")], conflict=True)
    assert [c.n for c in ui.conflict_citations(a)] == [1, 2]
    assert ui.figures("Năm 2024 đạt 6.670 tấn, 3,5% và 12 ha.") == ["6.670 tấn", "3,5%", "12 ha"]


def test_comparison_rows_and_table_html():
    a = Answer("q", "", False, comparison=[{"place": "xã A", "quote": "<b>1%</b>", "citation": 1},
                                           {"place": "xã B", "quote": "", "citation": None}])
    rows = ui.comparison_rows(a)
    assert rows == [{"place": "xã A", "figure": "<b>1%</b>", "citation": "[1]"},
                    {"place": "xã B", "figure": "không thấy trong kế hoạch", "citation": ""}]
    table = ui.table_html(["Địa phương"], [[r["figure"]] for r in rows])
    assert "&lt;b&gt;1%&lt;/b&gt;" in table and "<b>" not in table


def test_plan_rows_and_reasons(loaded):
    rows = ui.plan_rows(loaded.docs)
    assert {"Địa phương": "xã Lương Phong", "Loại": "kế hoạch", "Năm": "2024",
            "Tệp": "003_bed8603f6d2f56aa.txt"} in rows
    assert ui.vi_reason("not a PDF file (no %PDF header)") == "không phải tệp PDF hợp lệ"
    assert ui.vi_reason("weird") == "không đọc được tệp (weird)"


def test_settings_from_env():
    cfg = ui.settings_from_env({"ASSISTANT_CORPUS": "c", "ASSISTANT_MAX_FILE_MB": "2"})
    assert cfg.corpus == Path("c") and cfg.index == Path("index") and cfg.max_bytes == 2 * 1024 * 1024


def test_an_index_of_another_model_is_explained_and_rebuilt(tmp_path, monkeypatch):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(CORPUS, corpus)
    build_index(corpus, index, None)  # BM25 only: model "none"
    monkeypatch.setenv("ASSISTANT_EMBED_MODEL", "hashing")
    monkeypatch.setenv("ASSISTANT_CORPUS", str(corpus))
    monkeypatch.setenv("ASSISTANT_INDEX", str(index))
    at = open_app()
    [error] = notices(at, "error")
    assert error.startswith("Không dùng được chỉ mục hiện có") and "Quét lại thư mục kế hoạch" in error
    assert not at.chat_input
    at.button(key="rescan").click().run()
    assert not at.exception and not notices(at, "error")
    assert len(plan_table(at)) == 5
    assert "6600 tấn" in answers(ask(at, GRAIN))[0]


def test_an_empty_corpus_invites_an_upload(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_EMBED_MODEL", "hashing")
    monkeypatch.setenv("ASSISTANT_CORPUS", str(tmp_path / "corpus"))
    monkeypatch.setenv("ASSISTANT_INDEX", str(tmp_path / "index"))
    at = open_app()
    assert "Chưa có kế hoạch nào" in notices(at, "info")[-1] and not at.chat_input
    at.file_uploader(key="uploads").set_value(("tan_my.txt", NEW_PLAN, "text/plain")).run()
    assert "1.234 tấn" in answers(ask(at, "Tổng sản lượng lương thực có hạt năm 2024 của xã Tân Mỹ là bao nhiêu tấn?"))[0]
