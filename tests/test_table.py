"""The district's table over three made-up plans: layout, disagreements, export, the chat's
table answers and the "Bảng chỉ tiêu" page through AppTest."""
from __future__ import annotations

import io

import pytest
from streamlit.testing.v1 import AppTest

from assistant import indicator_table as tbl
from assistant.embedding import hashing_encoder
from assistant.indexing import build_index
from assistant.indicator_file import load_table
from assistant.retrieval import open_index
from assistant.table_answers import answer_from_table, read_question

PLANS = {
    "an_binh.txt": """KẾ HOẠCH
Phát triển kinh tế - xã hội năm 2025 xã An Bình

I. KẾT QUẢ THỰC HIỆN NĂM 2024
Năm 2024, tỷ lệ hộ nghèo còn 4,2%.

II. CÁC CHỈ TIÊU CHỦ YẾU NĂM 2025
- Thu ngân sách nhà nước trên địa bàn 25,4 tỷ đồng.
- Tỷ lệ hộ nghèo giảm còn 3,1%.
- Tỷ lệ người dân tham gia bảo hiểm y tế đạt 95,5%.

III. GIẢI PHÁP
Phấn đấu năm 2025 tỷ lệ hộ nghèo giảm còn 3,4%.
""",
    "dong_ha.txt": """KẾ HOẠCH
Phát triển kinh tế - xã hội năm 2025 phường Đông Hà

II. CÁC CHỈ TIÊU CHỦ YẾU NĂM 2025
- Thu ngân sách nhà nước trên địa bàn 18.500.000.000 đồng.
- Tỷ lệ hộ nghèo dưới 0,8%.
- Tỷ lệ tham gia bảo hiểm y tế toàn dân 99,1%.
""",
    "phu_loc.txt": """KẾ HOẠCH
Phát triển kinh tế - xã hội năm 2025 xã Phú Lộc

II. CÁC CHỈ TIÊU CHỦ YẾU NĂM 2025
- Phấn đấu thu ngân sách trên địa bàn 31 tỷ đồng.
- Tỷ lệ hộ nghèo giảm còn 5,6%.
""",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("table")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in PLANS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    build_index(corpus, root / "index", hashing_encoder())
    return corpus, root / "index"


@pytest.fixture(scope="module")
def rows(built):
    return load_table(built[1])


def test_one_row_per_indicator_one_column_per_place(rows):
    table = tbl.pivot(tbl.select(rows, year=2025, kind="target"))
    assert table.places == ["xã An Bình", "phường Đông Hà", "xã Phú Lộc"]
    assert table.indicators == ["thu_ngan_sach", "ty_le_ho_ngheo", "bhyt"]
    assert table.row_numbers("thu_ngan_sach") == pytest.approx({"xã An Bình": 25.4, "phường Đông Hà": 18.5,
                                                                "xã Phú Lộc": 31})
    assert ("bhyt", "xã Phú Lộc") not in table.cells


def test_two_passages_that_disagree_mark_the_cell(rows):
    table = tbl.pivot(tbl.select(rows, year=2025, kind="target"))
    an_binh = table.cells[("ty_le_ho_ngheo", "xã An Bình")]
    assert an_binh.conflict and [r["number"] for r in an_binh.rows] == [3.1, 3.4]
    assert not table.cells[("ty_le_ho_ngheo", "phường Đông Hà")].conflict
    assert tbl.pivot_records(table)[1]["xã An Bình"] == "giảm còn 3,1% ≠"


def test_results_and_targets_are_told_apart(rows):
    result = tbl.select(rows, kind="result")
    assert [(r["place"], r["year"], r["number"]) for r in result if r["canonical"] == "ty_le_ho_ngheo"] == [
        ("xã An Bình", 2024, 4.2)]


def test_the_table_exports_to_csv_and_a_workbook_with_sources(rows):
    from openpyxl import load_workbook
    chosen = tbl.select(rows, year=2025, kind="target")
    records = tbl.pivot_records(tbl.pivot(chosen))
    assert tbl.to_csv(records).splitlines()[0] == "Chỉ tiêu,Đơn vị,xã An Bình,phường Đông Hà,xã Phú Lộc"
    wb = load_workbook(io.BytesIO(tbl.to_xlsx({"Bảng chỉ tiêu": records, "Nguồn": tbl.sources_sheet(chosen)})))
    assert [c for c in next(wb["Bảng chỉ tiêu"].values)][:2] == ["Chỉ tiêu", "Đơn vị"]
    sources = list(wb["Nguồn"].values)
    assert len(sources) == len(chosen) + 1
    assert all(PLANS[s[1]].count(s[-1]) >= 1 for s in sources[1:])  # every figure quoted verbatim from its plan


@pytest.mark.parametrize("question, shape", [
    ("Xã nào có tỷ lệ hộ nghèo cao nhất?", "high"), ("xa nao co ty le ho ngheo thap nhat", "low"),
    ("Những xã nào đặt chỉ tiêu thu ngân sách trên 20 tỷ?", "above"), ("So sánh BHYT của các xã", "compare"),
    ("Bao nhiêu xã có tỷ lệ hộ nghèo dưới 1%?", "below")])
def test_question_shapes(question, shape):
    assert read_question(question).shape == shape


def test_a_question_about_one_place_is_left_to_the_pipeline():
    assert read_question("Tỷ lệ hộ nghèo của xã An Bình là bao nhiêu?") is None
    assert read_question("Xã nào có nhiều lễ hội nhất?") is None  # no indicator of the table


def test_the_highest_is_ranked_first_and_every_figure_cited(built):
    index = open_index(built[1], hashing_encoder())
    answer = answer_from_table(index, "Xã nào có tỷ lệ hộ nghèo cao nhất?")
    assert answer.text.splitlines()[0].startswith("Tỷ lệ hộ nghèo (chỉ tiêu năm 2025): xã Phú Lộc cao nhất, 5,6%")
    assert answer.places == ["xã Phú Lộc", "xã An Bình", "phường Đông Hà"]
    assert [c.place for c in answer.citations] == ["xã Phú Lộc", "xã An Bình", "xã An Bình", "phường Đông Hà"]
    assert "- xã An Bình: giảm còn 3,1% [2]; giảm còn 3,4% [3]" in answer.text  # both of its plan's figures
    for c in answer.citations:
        text = index.doc_text(c.source)
        assert c.quote in text[c.start:c.end] == c.text
    assert answer.conflict  # An Bình's plan gives 3,1% and 3,4%


def test_a_threshold_in_another_unit_and_a_count(built):
    index = open_index(built[1], hashing_encoder())
    answer = answer_from_table(index, "Những xã nào đặt chỉ tiêu thu ngân sách trên 20 tỷ?")
    assert answer.places == ["xã Phú Lộc", "xã An Bình"] and "2 địa phương trên 20 tỷ đồng" in answer.text
    answer = answer_from_table(index, "Bao nhiêu xã có tỷ lệ hộ nghèo dưới 1%?")
    assert answer.places == ["phường Đông Hà"]


# ---------------------------------------------------------------- the page

PAGE = "from assistant.table_page import render\nrender()\n"


@pytest.fixture()
def page(built, monkeypatch):
    corpus, index = built
    monkeypatch.setenv("ASSISTANT_EMBED_MODEL", "hashing")
    monkeypatch.setenv("ASSISTANT_CORPUS", str(corpus))
    monkeypatch.setenv("ASSISTANT_INDEX", str(index))
    at = AppTest.from_string(PAGE, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def table_of(at: AppTest):
    return at.dataframe[0].value


def test_page_shows_every_place_then_the_chosen_ones(page):
    assert page.title[0].value == "Bảng chỉ tiêu"
    df = table_of(page)
    assert list(df.columns) == ["Chỉ tiêu", "Đơn vị", "xã An Bình", "phường Đông Hà", "xã Phú Lộc"]
    assert "Tỷ lệ hộ nghèo" in list(df["Chỉ tiêu"])
    page.multiselect(key="table_places").set_value(["xã Phú Lộc", "phường Đông Hà"]).run()
    assert list(table_of(page).columns)[2:] == ["phường Đông Hà", "xã Phú Lộc"]


def test_page_cell_opens_its_passage_and_marks_disagreement(page):
    page.selectbox(key="table_source_pick").set_value("Tỷ lệ hộ nghèo · xã An Bình").run()
    assert not page.exception
    assert any("ghi số liệu khác nhau" in w.value for w in page.warning)
    shown = " ".join(h.value for h in page.get("html"))
    assert "giảm còn 3,1%" in shown and "giảm còn 3,4%" in shown


def test_page_kind_and_topic_filters(page):
    page.selectbox(key="table_kind").set_value("result").run()
    assert list(table_of(page)["Chỉ tiêu"]) == ["Tỷ lệ hộ nghèo"]
    page.selectbox(key="table_kind").set_value("target").run()
    page.selectbox(key="table_topic").set_value("kinh tế").run()
    assert list(table_of(page)["Chỉ tiêu"]) == ["Thu ngân sách nhà nước trên địa bàn"]


def test_page_offers_both_downloads_and_a_chart(page):
    labels = [b.label for b in page.get("download_button")]
    assert labels == ["Tải bảng .xlsx (kèm trang nguồn)", "Tải bảng .csv"]
    assert page.get("arrow_vega_lite_chart") or page.get("vega_lite_chart")


def test_a_figure_in_another_unit_shows_the_tables_unit_beside_it(rows):
    table = tbl.pivot(tbl.select(rows, year=2025, kind="target"))
    assert tbl.pivot_records(table)[0]["phường Đông Hà"] == "18.500.000.000 đồng (18,5 tỷ đồng)"


@pytest.mark.parametrize("question, shape", [
    ("Địa phương nào có nhiều trường đạt chuẩn quốc gia nhất?", "high"),
    ("Ở đâu số lao động được tạo việc làm mới ít nhất?", "low")])
def test_most_and_least_around_the_indicator(question, shape):
    assert read_question(question).shape == shape


def test_named_places_restrict_a_comparison_and_one_place_is_left_to_the_pipeline(built):
    index = open_index(built[1], hashing_encoder())
    answer = answer_from_table(index, "So sánh tỷ lệ hộ nghèo của xã An Bình và xã Phú Lộc")
    assert answer.places == ["xã Phú Lộc", "xã An Bình"] and "Đông Hà" not in answer.text
    assert answer_from_table(index, "So sánh tỷ lệ hộ nghèo của xã An Bình với năm trước") is None


def test_a_figure_in_the_indicators_name_is_no_threshold():
    tq = read_question("Chỉ tiêu tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng của xã An Bình và xã Phú Lộc, nơi nào đặt mức thấp hơn?")
    assert (tq.canonical, tq.shape, tq.threshold) == ("suy_dinh_duong", "low", None)


def test_reached_is_a_result_and_set_a_target():
    assert read_question("Tỷ lệ bao phủ BHYT năm 2024 của xã An Bình và xã Phú Lộc đạt bao nhiêu, nơi nào cao hơn?").kind == "result"
    assert read_question("Xã nào đặt tỷ lệ hộ nghèo thấp nhất?").kind == "target"


def test_a_change_is_shown_as_a_change_and_left_out_of_rankings():
    row = {"place": "xã A", "source": "a.txt", "start": 0, "end": 9, "canonical": "ty_le_ho_ngheo", "value": "0,08%",
           "unit": "%", "number": 0.08, "indicator": "Mức giảm tỷ lệ hộ nghèo", "kind": "target", "year": 2025}
    c = tbl.cell([row])
    assert c.number is None and tbl.cell_text(c, "%") == "mức giảm 0,08%"


def test_neither_side_asked_gives_each_place_its_achieved_figure_else_its_target():
    from assistant.table_answers import _known_best
    rows = [{"place": "xã A", "kind": "target", "value": "94%"}, {"place": "xã A", "kind": "result", "value": "93,5%"},
            {"place": "xã B", "kind": "target", "value": "96%"}]
    assert [r["value"] for r in _known_best(rows)] == ["93,5%", "96%"]
    assert read_question("Tỷ lệ hộ nghèo năm 2025 của xã An Bình và xã Phú Lộc là bao nhiêu?", 2).kind is None


def test_a_count_asked_is_not_answered_by_the_tables_percentage(built):
    index = open_index(built[1], hashing_encoder())
    # the table holds each place's share in %: a question for a number of people goes to the pipeline
    assert answer_from_table(index, "So sánh số người tham gia bảo hiểm y tế của xã An Bình và phường Đông Hà, "
                                    "mỗi nơi bao nhiêu người?") is None
    answer = answer_from_table(index, "So sánh tỷ lệ tham gia bảo hiểm y tế của xã An Bình và phường Đông Hà, "
                                      "mỗi nơi bao nhiêu phần trăm?")
    assert answer is not None and "95,5%" in answer.text and "99,1%" in answer.text


def test_a_figure_read_off_a_table_row_is_in_its_rows_unit():
    from assistant.need import unit_pattern
    from assistant.table_answers import in_unit
    percent = unit_pattern("Tỷ lệ tham gia BHYT của xã A và xã B là bao nhiêu %?")
    assert in_unit({"value": "95,5", "unit": "%"}, percent)             # a row: bare value, unit column
    assert in_unit({"value": "đạt 95,5%", "unit": "%"}, percent)        # a sentence
    assert not in_unit({"value": "27 thanh niên", "unit": "thanh niên"}, percent)


def test_a_places_figure_is_read_with_its_unit():
    from assistant.table_answers import written
    # a table cell gives the bare number, its row or column the unit
    assert written({"value": "19,79", "unit": "%"}) == "19,79%"
    assert written({"value": "41,38", "unit": "tỷ đồng"}) == "41,38 tỷ đồng"
    # a figure written with its unit, or in words, is left as written
    assert written({"value": "42.680 triệu đồng", "unit": "triệu đồng"}) == "42.680 triệu đồng"
    assert written({"value": "04/05 trường", "unit": "trường"}) == "04/05 trường"
    assert written({"value": "12", "unit": ""}) == "12"
