"""Rules met in documents of other communes (eval/others19, studied), each on a made-up text:
a table whose cells are cut by pipes with no pipe at either end and no rule under the column
names, as a copy from a spreadsheet gives it."""
import pytest

from assistant.answering import answer_question
from assistant.chunking import chunk, row_cells
from conftest import one_plan_index

PLAN = """QUYẾT ĐỊNH
Về việc giao chỉ tiêu kế hoạch năm 2027 cho các thôn của xã Đá Mài

Điều 1. Giao chỉ tiêu kế hoạch năm 2027 cho các thôn theo Phụ lục kèm theo.

PHỤ LỤC: CHỈ TIÊU GIAO CHO CÁC THÔN NĂM 2027
TT | Chỉ tiêu | ĐVT | Thôn Bãi | Thôn Gò | Thôn Đồi | Toàn xã
1 | Diện tích lúa cả năm | ha | 120,5 | 98,0 | 143,5 | 362,0
 | - Vụ Chiêm | ha | 61,0 | 50,0 | 72,0 | 183,0
2 | Diện tích trồng dâu tằm | ha | 14 | 9 | 27 | 50
3 | Thuế sử dụng đất phi nông nghiệp | triệu đồng | 31 | 44 | 25 | 100
4 | Năng suất lúa bình quân | tạ/ha | | | | 62,0
"""


def test_pipes_between_the_cells_only_make_table_rows_with_their_header_and_parent():
    assert row_cells("2 | Diện tích trồng dâu tằm | ha | 14 | 9") == ["2", "Diện tích trồng dâu tằm", "ha", "14", "9"]
    rows = {p.text: p for p in chunk(PLAN) if p.kind == "row"}
    silk = rows["2 | Diện tích trồng dâu tằm | ha | 14 | 9 | 27 | 50"]
    assert silk.table_header.startswith("TT | Chỉ tiêu | ĐVT | Thôn Bãi")
    assert rows["| - Vụ Chiêm | ha | 61,0 | 50,0 | 72,0 | 183,0"].row_parent == "Diện tích lúa cả năm"
    # a sentence with one pipe, or a lone line of pipes, is no table
    lone = "Ghi chú: số liệu | theo báo cáo của thôn.\n\nKết quả | năm | trước | được giữ nguyên."
    assert not [p for p in chunk(lone) if p.kind == "row"]


@pytest.fixture(scope="module")
def index(tmp_path_factory, encoder):
    return one_plan_index(tmp_path_factory, encoder, "quyet_dinh_giao_chi_tieu_2027_xa_da_mai.txt", PLAN)


def test_a_village_column_of_such_a_table_answers(index, encoder):
    answer = answer_question(index, encoder, "Diện tích trồng dâu tằm năm 2027 giao cho Thôn Đồi xã Đá Mài là bao nhiêu?")
    assert not answer.not_found and "27" in answer.text and "dâu tằm" in answer.citations[0].quote
    # the village's column is quoted, not the others'
    assert "Thôn Đồi" in answer.citations[0].quote and "Thôn Bãi" not in answer.citations[0].quote


def test_a_village_cell_left_empty_does_not_answer_for_that_village(index, encoder):
    answer = answer_question(index, encoder, "Năng suất lúa năm 2027 giao cho Thôn Gò xã Đá Mài là bao nhiêu tạ/ha?")
    assert answer.not_found
    whole = answer_question(index, encoder, "Năng suất lúa bình quân năm 2027 của xã Đá Mài là bao nhiêu tạ/ha?")
    assert not whole.not_found and "62,0" in whole.text


FIVE_YEARS = """# KẾ HOẠCH PHÁT TRIỂN KINH TẾ - XÃ HỘI 5 NĂM 2026 - 2030 CỦA PHƯỜNG SÔNG MÂY

## I. CHỈ TIÊU CHỦ YẾU

1. Thu nhập bình quân đầu người đến năm 2030 đạt 110 triệu đồng.
2. Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều giảm bình quân 0,4%/năm, đến năm 2030 còn dưới 0,6%.

## II. CHỈ TIÊU TỪNG NĂM

| TT | Chỉ tiêu | ĐVT | 2026 | 2027 | 2028 | 2029 | 2030 |
|---|---|---|---|---|---|---|---|
| 1 | Thu nhập bình quân đầu người | triệu đồng | 80,5 | 87,0 | 94,0 | 101,5 | 110,0 |
| 2 | Tỷ lệ hộ nghèo | % | 2,05 | 1,62 | 1,27 | 0,93 | 0,58 |
"""


@pytest.fixture(scope="module")
def five_years(tmp_path_factory, encoder):
    return one_plan_index(tmp_path_factory, encoder, "ke_hoach_5_nam_2026_2030_phuong_song_may.md", FIVE_YEARS)


def test_a_column_named_by_its_year_alone_states_that_years_target(five_years):
    from assistant.table_answers import table_rows
    stated = {(r["year"], r["kind"], r["value"]) for r in table_rows(five_years) if r["canonical"] == "ty_le_ho_ngheo"}
    assert (2028, "target", "1,27") in stated and (2027, "target", "1,62") in stated


def test_a_year_asked_is_answered_by_its_column_not_by_the_end_of_term_target(five_years, encoder):
    answer = answer_question(five_years, encoder, "tỷ lệ hộ nghèo năm 2028 phường Sông Mây")
    assert not answer.not_found and "1,27" in answer.text


REPORT = """BÁO CÁO
Kết quả thực hiện nhiệm vụ năm 2026, phương hướng nhiệm vụ năm 2027 của xã Nậm Khiêu

I. KẾT QUẢ

Đã kích hoạt 1.240 tài khoản định danh điện tử mức 2, đạt 91,2% số công dân trong diện.

II. PHƯƠNG HƯỚNG

Tiếp tục tuyên truyền, vận động người dân kích hoạt tài khoản định danh điện tử.
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory, encoder):
    return one_plan_index(tmp_path_factory, encoder, "bao_cao_2026_xa_nam_khieu.txt", REPORT)


def test_what_a_report_says_was_done_is_of_the_year_it_reports(report):
    from assistant.candidates import passage_years
    rows = {report.passages[r].text[:12]: r for r in range(len(report.passages))}
    assert passage_years(report, rows["Đã kích hoạt"]) == {2026}
    # a sentence of what is to be done names no year of its own: no year is read into it
    assert passage_years(report, rows["Tiếp tục tuy"]) == frozenset()


def test_a_wrapped_line_opening_on_a_name_goes_on_with_its_sentence():
    from assistant.need import Asked
    from assistant.quoting import best_quote
    wrapped = ("a) Chi đầu tư phát triển: 5.120,4 triệu đồng, bằng 160,0% dự toán (dự toán 3.200\n"
               "triệu đồng), tập trung cho 03 công trình: đường bê tông liên thôn Nà Hin -\n"
               "Khuổi Mạ dài 1,9 km (2.410,0 triệu đồng); nhà văn hóa thôn Bản Chang (910,4\n"
               "triệu đồng) và kênh mương thôn Nà Lầu (1.800,0 triệu đồng).\n"
               "b) Chi thường xuyên: 21.300,0 triệu đồng, đạt 101,2% dự toán; chi sự nghiệp giáo dục\n"
               "4.870,5 triệu đồng, chi đảm bảo xã hội 2.115,0 triệu đồng, chi quản lý hành chính\n"
               "8.930,2 triệu đồng và chi sự nghiệp kinh tế 1.204,6 triệu đồng.")
    quote = best_quote(wrapped, Asked({"cong": 1.0, "trinh": 1.0, "dau": 1.0, "tu": 1.0, "dau_tu": 2.0}, listing=True))
    assert "Khuổi Mạ dài 1,9 km" in quote and "Nà Lầu" in quote and "Chi thường xuyên" not in quote


HALF = """BÁO CÁO Kết quả thực hiện nhiệm vụ 6 tháng đầu năm 2026 của phường Suối Hoa

| TT | Chỉ tiêu | ĐVT | KH 2026 | TH 6 tháng | So với KH (%) |
|---|---|---|---|---|---|
| 1 | Tỷ lệ dân số tham gia BHYT | % | 96,0 | 93,4 | 97,3 |
| 2 | Thu ngân sách trên địa bàn | triệu đồng | 41.000 | 22.150 | 54,0 |
"""

NINE = """BÁO CÁO Kết quả thực hiện nhiệm vụ 9 tháng năm 2026 của xã Đồng Mây

| TT | Chỉ tiêu | ĐVT | KH 2026 | TH 9 tháng | So với KH (%) |
|---|---|---|---|---|---|
| 1 | Tỷ lệ dân số tham gia BHYT | % | 95,5 | 92,8 | 97,2 |
| 2 | Thu ngân sách trên địa bàn | triệu đồng | 18.000 | 14.020 | 77,9 |
"""


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory, encoder):
    from assistant.indexing import build_index
    from assistant.retrieval import open_index
    corpus = tmp_path_factory.mktemp("corpus")
    (corpus / "bao_cao_6_thang_2026_phuong_suoi_hoa.md").write_text(HALF, encoding="utf-8")
    (corpus / "bao_cao_9_thang_2026_xa_dong_may.md").write_text(NINE, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("index")
    build_index(corpus, index_dir, encoder)
    return open_index(index_dir, encoder)


def test_each_compared_place_is_asked_of_the_part_of_the_year_named_beside_it(two_reports, encoder):
    answer = answer_question(two_reports, encoder, "So sánh tỷ lệ dân số tham gia BHYT của phường Suối Hoa "
                                                   "(6 tháng đầu năm 2026) và xã Đồng Mây (9 tháng năm 2026).")
    assert "93,4" in answer.text and "92,8" in answer.text


RULED = """Biểu số 02
KẾT QUẢ THAM GIA BẢO HIỂM NĂM 2026

TT
Nhóm đối tượng
Năm 2025
Năm 2026
--------------------------------
1
Bảo hiểm xã hội tự nguyện
512
577
--------------------------------
2
Bảo hiểm thất nghiệp
1.390
1.455
--------------------------------
2.1
Lao động doanh nghiệp
1.102
1.160
--------------------------------
"""


def test_a_table_flattened_one_cell_per_line_between_rules_of_dashes_is_put_back_into_rows():
    rows = [p for p in chunk(RULED) if p.kind == "row"]
    by_label = {row_cells(p.text)[1]: p for p in rows if len(row_cells(p.text)) > 1}
    jobless = by_label["Bảo hiểm thất nghiệp"]
    assert row_cells(jobless.text) == ["2", "Bảo hiểm thất nghiệp", "1.390", "1.455"]
    assert jobless.table_header == "TT | Nhóm đối tượng | Năm 2025 | Năm 2026"
    assert by_label["Lao động doanh nghiệp"].row_parent == "Bảo hiểm thất nghiệp"
    assert not any("---" in p.text for p in rows)


LONGER = """BÁO CÁO
Kết quả công tác năm 2026 của Hội Nông dân xã Nậm Khiêu

I. KẾT QUẢ

1. Các hoạt động khác

Vận động 212 hội viên tham gia bảo hiểm xã hội tự nguyện, 1.340 hội viên tham gia bảo hiểm y tế theo hộ gia đình.

II. NHIỆM VỤ NĂM 2027

Vận động thêm hội viên tham gia bảo hiểm xã hội tự nguyện, phấn đấu mỗi chi hội có ít nhất 20 hội viên tham gia.
"""


def test_what_a_report_says_before_it_plans_ahead_is_of_the_year_it_reports(tmp_path_factory, encoder):
    from assistant.candidates import passage_years
    index = one_plan_index(tmp_path_factory, encoder, "bao_cao_hoi_2026_xa_nam_khieu.txt", LONGER)
    rows = {index.passages[r].text[:12]: r for r in range(len(index.passages))}
    # no year and no word of what was done, but told before the part that plans ahead
    assert passage_years(index, rows["Vận động 212"[:12]]) == {2026}
    assert not passage_years(index, rows["Vận động thêm"[:12]]) & {2026}
