"""Indicator statements: each reading rule on a few made-up lines, the table built at index time
(and kept for unchanged plans), and the `assistant indicators` command in its three formats."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from assistant import indicator_file as table_file
from assistant import indicator_vocabulary as vocab
from assistant import indicators as ind
from assistant.cli import main
from assistant.indexing import build_index
from assistant.indicator_vocabulary import parse_number
from assistant.indicators import document_statements


@dataclass
class Doc:
    source: str = "plan.txt"
    place_label: str = "xã Tân Mỹ"
    title: str = "KẾ HOẠCH Phát triển kinh tế - xã hội năm 2025"
    years: list = field(default_factory=lambda: [2025])
    plan_kind: str = "kế hoạch"


@dataclass
class Passage:
    text: str
    start: int = 0
    kind: str = "item"
    headings: list = field(default_factory=list)
    table_header: str = ""
    page: int | None = None
    source: str = "plan.txt"


def read(text: str, headings=("II. Các chỉ tiêu chủ yếu năm 2025",), doc=None, **kw):
    return document_statements(doc or Doc(), [Passage(text, headings=list(headings), **kw)])


def canonical(rows):
    return [r for r in rows if r.canonical]


@pytest.mark.parametrize("written, unit, number", [
    ("1.234,5", "tỷ đồng", 1234.5), ("1,234.5", "tỷ đồng", 1234.5), ("16.074.000.000", "đồng", 16074000000),
    ("3.461", "tấn", 3461), ("1.14", "%", 1.14), ("96.4", "%", 96.4), ("545,5", "tấn", 545.5),
    ("12,500", "liều", 12500), ("04/05", "trường", 4), ("15-20", "%", 15), ("03", "trường", 3)])
def test_numbers_are_read_in_both_conventions(written, unit, number):
    assert parse_number(written, unit) == pytest.approx(number)


def test_a_target_list_line_gives_indicator_value_unit_and_citation():
    text = "- Tỷ lệ hộ nghèo giảm còn 2,1%; thu nhập bình quân đầu người đạt 62 triệu đồng/người/năm."
    rows = canonical(read(text, start=100))
    assert [(r.canonical, r.kind, r.year, r.value, r.unit, r.number) for r in rows] == [
        ("ty_le_ho_ngheo", "target", 2025, "giảm còn 2,1%", "%", 2.1),
        ("thu_nhap_binh_quan", "target", 2025, "62 triệu đồng/người/năm", "triệu đồng/người/năm", 62)]
    assert rows[0].indicator == "Tỷ lệ hộ nghèo"
    for r in rows:
        assert text[r.start - 100:r.end - 100] == r.text and r.place == "xã Tân Mỹ"


def test_an_estimate_keeps_its_figure_not_its_share_of_plan_or_growth():
    rows = read("Năm 2024 thu ngân sách trên địa bàn ước đạt 12,5 tỷ đồng, đạt 104% KH (tăng 5,2% so với cùng kỳ).",
                headings=["I. Đánh giá kết quả năm 2024"], kind="paragraph")
    assert [(r.canonical, r.kind, r.year, r.number) for r in rows] == [("thu_ngan_sach", "estimate", 2024, 12.5)]


def test_an_earlier_year_in_a_plan_is_a_result():
    rows = canonical(read("Năm 2024, tỷ lệ người dân tham gia BHYT đạt 95,2%.", headings=["Mở đầu"], kind="paragraph"))
    assert [(r.canonical, r.kind, r.year) for r in rows] == [("bhyt", "result", 2024)]


def test_a_share_of_the_figure_before_is_no_statement():
    rows = read("Tổng giá trị sản xuất đạt 500 tỷ đồng, chiếm 20%; dân số 8.000 người.", headings=["Kết quả năm 2024"])
    assert [(r.canonical, r.number) for r in rows] == [("gia_tri_san_xuat", 500), ("", 8000)]


def test_the_name_may_follow_the_figure():
    rows = canonical(read("- Giữ vững 5 trường đạt chuẩn quốc gia, 100% hộ dân được sử dụng nước hợp vệ sinh."))
    assert [(r.canonical, r.number, r.text) for r in rows] == [
        ("truong_chuan", 5, "5 trường đạt chuẩn quốc gia"), ("nuoc_sach", 100, "100% hộ dân được sử dụng nước hợp vệ sinh")]


def test_a_part_of_the_figure_before_is_not_that_indicator():
    rows = read("Tổng giá trị sản xuất đạt 500 tỷ đồng. Trong đó giá trị sản xuất trên địa bàn ngành nông nghiệp đạt 100 tỷ đồng.",
                kind="paragraph")
    assert [(r.canonical, r.number) for r in rows] == [("gia_tri_san_xuat", 500), ("", 100)]


def test_one_name_may_stand_for_two_indicators_and_the_unit_chooses_between_names():
    rows = canonical(read("- Phấn đấu thu, chi ngân sách trên 9,5 tỷ đồng; số hộ nghèo giảm 12 hộ."))
    assert [(r.canonical, r.number) for r in rows] == [("thu_ngan_sach_xa", 9.5), ("chi_ngan_sach", 9.5),
                                                      ("so_ho_ngheo", 12)]


def test_the_figure_assigned_and_the_figure_reached():
    rows = read("- Tỷ lệ hộ nghèo huyện giao 2%, xã đạt 1,8%.", headings=["Kết quả thực hiện năm 2024"])
    assert [(r.canonical, r.kind, r.year, r.number) for r in rows] == [
        ("ty_le_ho_ngheo", "target", 2024, 2), ("ty_le_ho_ngheo", "result", 2024, 1.8)]


def test_another_levels_figure_beside_the_places_is_left_out():
    rows = read("- Tỷ lệ gia đình văn hóa từ 93% (thành phố 91,2%) trở lên.")
    assert [r.number for r in rows] == [93]


def test_a_figure_inside_the_indicators_name_is_not_its_value():
    rows = read("- Giá trị sản phẩm thu hoạch trên 1 ha đất trồng trọt đạt 150 triệu đồng/ha.")
    assert [(r.canonical, r.number, r.unit) for r in rows] == [("gia_tri_tren_ha", 150, "triệu đồng/ha")]


def test_a_results_table_reads_each_column_by_its_header():
    row = "3\tTỷ lệ tham gia bảo hiểm y tế: 98%\tƯớc đạt 97,5%, trong 6 tháng đầu năm là 96%"
    rows = read(row, headings=["Biểu 02: Kết quả thực hiện các chỉ tiêu"], kind="row",
                table_header="TT | Nhiệm vụ | Kết quả", start=50)
    assert [(r.canonical, r.kind, r.year, r.number) for r in rows] == [
        ("bhyt", "target", 2024, 98), ("bhyt", "estimate", 2024, 97.5), ("bhyt", "estimate", 2024, 96)]
    assert [r.period for r in rows] == ["cả năm", "cả năm", "6 tháng"]
    assert all(row[r.start - 50:r.end - 50] == r.text for r in rows)


def test_a_report_states_results_of_its_own_year():
    doc = Doc(title="BÁO CÁO Kết quả thực hiện nhiệm vụ 9 tháng năm 2024", years=[2024], plan_kind="báo cáo")
    rows = canonical(read("- Tổng sản lượng lương thực có hạt 3.120 tấn.", headings=["I. Kết quả"], doc=doc))
    assert [(r.kind, r.year, r.number) for r in rows] == [("result", 2024, 3120)]


def test_overlapping_passages_give_a_statement_once():
    text = "Tỷ lệ hộ nghèo giảm còn 2,1%."
    rows = document_statements(Doc(), [Passage(text, headings=["Chỉ tiêu năm 2025"]),
                                       Passage(text, headings=["Chỉ tiêu năm 2025"])])
    assert len(canonical(rows)) == 1


def test_every_vocabulary_name_has_a_source_and_known_units():
    rows = vocab.vocabulary_rows(vocab.VOCABULARY / "indicators.tsv")
    assert rows and all(r["source"].strip() and r["name"].strip() for r in rows)
    assert all(vocab.unit_of(u) for r in rows for u in r["units"].split(";"))
    assert all(u.spellings and u.factor > 0 for u in vocab.units())


# ---------------------------------------------------------------- index time and the command

PLAN_A = """KẾ HOẠCH
Phát triển kinh tế - xã hội năm 2025 xã Tân Mỹ

II. CÁC CHỈ TIÊU CHỦ YẾU NĂM 2025
- Thu ngân sách nhà nước trên địa bàn 25,4 tỷ đồng.
- Tỷ lệ hộ nghèo giảm còn 2,1%.
"""
PLAN_B = """KẾ HOẠCH
Phát triển kinh tế - xã hội năm 2025 phường Đông Hà

II. CÁC CHỈ TIÊU CHỦ YẾU NĂM 2025
- Thu ngân sách nhà nước trên địa bàn 18.500.000.000 đồng.
- Tỷ lệ hộ nghèo dưới 0,8%.
"""


@pytest.fixture()
def built(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(PLAN_A, encoding="utf-8")
    (corpus / "b.txt").write_text(PLAN_B, encoding="utf-8")
    build_index(corpus, tmp_path / "index", None)
    return corpus, tmp_path / "index"


def run_json(capsys, *args) -> list[dict]:
    assert main(["indicators", *args]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_the_index_stores_the_table_and_keeps_unchanged_plans_rows(built):
    corpus, index = built
    live = table_file.load_table(index)
    assert {(r["place"], r["canonical"]) for r in live if r["canonical"]} == {
        ("xã Tân Mỹ", "thu_ngan_sach"), ("xã Tân Mỹ", "ty_le_ho_ngheo"),
        ("phường Đông Hà", "thu_ngan_sach"), ("phường Đông Hà", "ty_le_ho_ngheo")}
    # mark the live rows of a.txt: an unchanged plan's rows are taken over, not extracted again
    path = Path(index / "current").resolve() / table_file.FILE_NAME
    marked = [{**r, "indicator": "ĐÁNH DẤU"} if r["source"] == "a.txt" else r for r in table_file.read_file(path)]
    table_file.save(path.parent, marked)
    (corpus / "b.txt").write_text(PLAN_B.replace("0,8%", "0,7%"), encoding="utf-8")
    build_index(corpus, index, None)
    rows = table_file.load_table(index)
    assert {r["indicator"] for r in rows if r["source"] == "a.txt"} == {"ĐÁNH DẤU"}
    assert [r["number"] for r in rows if r["source"] == "b.txt" and r["canonical"] == "ty_le_ho_ngheo"] == [0.7]
    # a rebuild (as after an upgrade that reads plans otherwise) extracts every plan's rows again
    build_index(corpus, index, None, rebuild=True)
    assert "ĐÁNH DẤU" not in {r["indicator"] for r in table_file.load_table(index)}


def test_command_json_filters_by_place_written_any_way(built, capsys):
    _, index = built
    for place in ("Tân Mỹ", "tan my", "xa Tan My", "Xã Tân Mỹ"):
        rows = run_json(capsys, "--index", str(index), "--place", place, "--kind", "target", "--year", "2025")
        assert {r["place"] for r in rows} == {"xã Tân Mỹ"} and len(rows) == 2
    row = rows[0]
    assert list(row) == [f for f in ind.FIELDS if f != "page"]  # page only for PDFs
    assert row["number"] == 25.4 and row["unit"] == "tỷ đồng" and row["text"] in PLAN_A
    assert run_json(capsys, "--index", str(index), "--kind", "result") == []


def test_command_xlsx_reads_back_as_the_json_rows(built, capsys, tmp_path):
    from openpyxl import load_workbook
    _, index = built
    rows = run_json(capsys, "--index", str(index))
    out = tmp_path / "t.xlsx"
    assert main(["indicators", "--index", str(index), "--format", "xlsx", "--out", str(out)]) == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["Chỉ tiêu", "Nguồn"]
    sheet = list(wb["Chỉ tiêu"].values)
    assert list(sheet[0]) == list(ind.FIELDS)
    back = [{k: v for k, v in zip(sheet[0], values) if not (k == "page" and v is None)} for values in sheet[1:]]
    assert back == rows
    sources = list(wb["Nguồn"].values)
    assert len(sources) == len(rows) + 1 and "text" in sources[0]


def test_command_csv_has_a_header_and_a_line_per_row(built, capsys):
    import csv
    import io
    _, index = built
    assert main(["indicators", "--index", str(index), "--format", "csv", "--place", "dong ha"]) == 0
    lines = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["place"] for r in lines} == {"phường Đông Hà"} and len(lines) == 2
    assert float(lines[0]["number"]) == 18500000000


def test_a_rate_beside_a_count_and_a_level_beside_a_change():
    rows = canonical(read("- Cuối năm còn 52 hộ nghèo, chiếm 1,4%; tỷ lệ hộ cận nghèo giảm 0,5% (còn 3,2%).",
                          headings=["Chỉ tiêu năm 2025"]))
    assert [(r.canonical, r.number) for r in rows] == [("so_ho_ngheo", 52), ("ty_le_ho_ngheo", 1.4),
                                                      ("ty_le_ho_can_ngheo", 0.5), ("ty_le_ho_can_ngheo", 3.2)]


def test_reached_against_planned_in_one_sentence():
    rows = canonical(read("Năm 2024, tỷ lệ dân số tham gia bảo hiểm y tế (đạt 90,5% so với kế hoạch 93%) "
                          "và tỷ lệ hộ dùng nước sạch (đạt 70% so với kế hoạch 72%) chưa đạt.",
                          headings=["Kết quả"], kind="paragraph"))
    assert [(r.canonical, r.kind, r.year, r.number) for r in rows] == [
        ("bhyt", "result", 2024, 90.5), ("bhyt", "target", 2024, 93),
        ("nuoc_sach", "result", 2024, 70), ("nuoc_sach", "target", 2024, 72)]


def test_an_estimate_carries_into_the_sentence_that_details_it():
    rows = read("Năm 2024 tổng giá trị sản xuất ước đạt 900 tỷ đồng. Trong đó giá trị sản xuất ngành "
                "nông nghiệp 200 tỷ đồng; thu nhập bình quân đầu người đạt 60 triệu đồng/người/năm.",
                headings=["Mở đầu"], kind="paragraph")
    assert [(r.canonical, r.kind, r.number) for r in rows] == [
        ("gia_tri_san_xuat", "estimate", 900), ("", "estimate", 200), ("thu_nhap_binh_quan", "estimate", 60)]


def test_an_annex_table_with_a_unit_column_and_year_columns():
    header = "| STT | Chỉ tiêu | ĐVT | KH 2024 | TH 2024 | So sánh (%) | KH 2025 |"
    row = "| 3 | Tổng sản lượng lương thực có hạt | Tấn | 2.100 | 2.240 | 106,7 | 2.300 |"
    text = f"{header}\n|---|---|---|---|---|---|---|\n{row}"
    rows = document_statements(Doc(), [Passage(text, kind="paragraph", headings=["Biểu số 01"])])
    assert [(r.canonical, r.kind, r.year, r.number, r.unit) for r in rows] == [
        ("san_luong_luong_thuc", "target", 2024, 2100, "tấn"), ("san_luong_luong_thuc", "result", 2024, 2240, "tấn"),
        ("san_luong_luong_thuc", "target", 2025, 2300, "tấn")]
    assert all(r.text == row for r in rows)


def test_a_share_of_plan_after_a_count_is_no_rate():
    rows = canonical(read("Thu BHYT năm 2025 được 1.543/3.900 thẻ, đạt 40% kế hoạch.", headings=["Kết quả"], kind="paragraph"))
    assert rows == []


def test_command_says_when_a_place_has_no_plan(built, capsys):
    _, index = built
    assert main(["indicators", "--index", str(index), "--place", "xã Không Có"]) == 0
    out = capsys.readouterr()
    assert out.out == "" and "no plan of 'xã Không Có'" in out.err


def test_a_flattened_annex_row_one_cell_per_line():
    header = "TT | Chỉ tiêu | Đơn vị tính | Kế hoạch năm 2024 | Ước thực hiện năm 2024 | Kế hoạch năm 2025"
    row = "7\nTỷ lệ hộ nghèo\n%\n0,35\n0,29\n0,20"
    rows = read(row, kind="row", table_header=header, headings=["PHỤ LỤC"], start=10)
    assert [(r.canonical, r.kind, r.year, r.number) for r in rows] == [
        ("ty_le_ho_ngheo", "target", 2024, 0.35), ("ty_le_ho_ngheo", "estimate", 2024, 0.29),
        ("ty_le_ho_ngheo", "target", 2025, 0.2)]


def test_the_years_plan_beside_a_nine_month_result():
    doc = Doc(title="BÁO CÁO Kết quả 9 tháng năm 2024", years=[2024], plan_kind="báo cáo")
    rows = canonical(read("- Giải quyết việc làm cho 214 lao động (kế hoạch năm 260 lao động).",
                          headings=["I. Kết quả 9 tháng"], doc=doc))
    assert [(r.kind, r.period, r.number) for r in rows] == [("result", "9 tháng", 214), ("target", "cả năm", 260)]


def test_a_quota_completed_is_a_result():
    doc = Doc(title="BÁO CÁO Kết quả năm 2024", years=[2024], plan_kind="báo cáo")
    rows = canonical(read("- Hoàn thành chỉ tiêu giao quân năm 2024 với 12 công dân nhập ngũ.", headings=["3. Quốc phòng"], doc=doc))
    assert [(r.canonical, r.kind, r.year, r.number) for r in rows] == [("tuyen_quan", "result", 2024, 12)]


def test_a_figure_right_after_kh_or_du_toan_is_the_plan_in_a_report_too():
    doc = Doc(title="BÁO CÁO Kết quả năm 2025", years=[2025], plan_kind="báo cáo")
    rows = read("4. Thu nhập bình quân đầu người: KH 62,0 triệu đồng/người/năm, TH 63,4 triệu đồng/người/năm.",
                headings=["I. Kết quả năm 2025"], doc=doc)
    assert [(r.kind, r.number) for r in canonical(rows)] == [("target", 62.0), ("result", 63.4)]
    rows = read("Tổng thu ngân sách nhà nước trên địa bàn đạt 16.272 triệu đồng, bằng 109,6% dự toán (14.850 triệu đồng).",
                headings=["I. Kết quả năm 2025"], doc=doc)
    assert [(r.kind, r.number) for r in canonical(rows)] == [("result", 16272), ("target", 14850)]


def test_a_table_typed_with_spaces_gives_each_column_its_statement_and_a_sub_row_none():
    header = "STT | Chỉ tiêu | ĐVT | Thực hiện năm 2025 | Ước TH năm 2026 | Kế hoạch năm 2027"
    doc = Doc(title="BIỂU SỐ 01 Chỉ tiêu năm 2027", years=[2027], plan_kind="tờ trình")
    row = "2    Tỷ lệ hộ nghèo (chuẩn nghèo đa chiều)    %       18,42      14,65      11,20"
    sub = "     Trong đó: hộ nghèo DTTS                 %       21,36      17,08      13,10"
    rows = document_statements(doc, [Passage(row, kind="row", table_header=header, headings=["Biểu số 01"]),
                                     Passage(sub, kind="row", table_header=header, headings=["Biểu số 01"], start=200)])
    assert [(r.canonical, r.kind, r.year, r.number) for r in canonical(rows)] == [
        ("ty_le_ho_ngheo", "result", 2025, 18.42), ("ty_le_ho_ngheo", "estimate", 2026, 14.65),
        ("ty_le_ho_ngheo", "target", 2027, 11.2)]


def test_the_end_of_a_range_is_no_year_of_its_own():
    from assistant.indicators import years_in
    assert years_in("giam ty le ho ngheo (chuan ngheo giai doan 2026 - 2030) con 3,4% nam 2027") == [2027]
    assert years_in("ke hoach 2026–2030") == []


def test_a_hard_wrapped_line_going_on_in_lower_case_is_no_clause_break():
    text = "sản lượng cà phê đạt 32.150 tấn; thu ngân sách trên địa bàn\nước đạt 14.862 triệu đồng.\nĐầu năm có 5 ha"
    assert [text[s:e] for s, e in ind.clauses(text)] == [
        "sản lượng cà phê đạt 32.150 tấn", "thu ngân sách trên địa bàn\nước đạt 14.862 triệu đồng", "Đầu năm có 5 ha"]


def test_a_notice_on_half_a_years_review_states_results_of_that_year():
    # not a "báo cáo", but its results are of the half year it reviews, not of the year before
    doc = Doc(title="THÔNG BÁO Kết luận về tình hình 6 tháng đầu năm 2026", years=[2026], plan_kind="thông báo")
    rows = canonical(read("Thu NSNN trên địa bàn được 3.640 triệu đồng, đạt 54% dự toán.", headings=["I. Đánh giá kết quả"], doc=doc))
    assert [(r.kind, r.year) for r in rows][:1] == [("result", 2026)]


def test_a_column_named_by_its_year_alone():
    doc = Doc(title="KẾ HOẠCH Phát triển kinh tế - xã hội 5 năm 2026 - 2030", years=[2026])
    header = "| TT | Chỉ tiêu | ĐVT | 2026 | 2027 | 2028 |"
    rows = canonical(read("| 1 | Thu nhập bình quân đầu người | triệu đồng | 80 | 86 | 93 |", headings=[], doc=doc,
                          kind="row", table_header=header))
    assert [(r.kind, r.year, r.number) for r in rows] == [("target", 2026, 80), ("target", 2027, 86), ("target", 2028, 93)]
