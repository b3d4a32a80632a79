"""Reading rules met in documents of other communes (eval/others13), each on a made-up text:
a table copied from a PDF one cell per line with no row numbers, a rule of dashes cut into
columns, notes numbered "(1)" at the foot, column names typed on three lines, a table's caption
without a number, a reply to a voters' petition found through the petition, the year of a
school-year report, a figure's "as of" date, and a table row whose unit stands in its label."""
from assistant.chunking import chunk
from assistant.indexing import reply_pairs, search_texts
from assistant.indicators import Context, row_statements
from assistant.periods import document_period, own_years
from assistant.store import PassageRecord

# a table copied out of a PDF: each cell on its own line, the label first, no number column
FLAT = """Các chỉ tiêu chủ yếu của phường:

Chỉ tiêu
KH 2026
TH 2026
KH 2027
Thu ngân sách trên địa bàn (tỷ đồng)
31,5
33,2
36
Tỷ lệ hộ nghèo (%)
0,9
0,7
0,5

Năm 2027 phường tiếp tục phấn đấu vượt các chỉ tiêu trên.
"""


def test_a_table_flattened_one_cell_per_line_without_numbers_is_put_back_into_rows():
    pieces = chunk(FLAT)
    rows = [p for p in pieces if p.kind == "row"]
    assert [p.text.split("\n")[0] for p in rows] == ["Thu ngân sách trên địa bàn (tỷ đồng)", "Tỷ lệ hộ nghèo (%)"]
    assert rows[1].table_header == "Chỉ tiêu | KH 2026 | TH 2026 | KH 2027"
    assert [p.kind for p in pieces if p.text.startswith("Chỉ tiêu")] == ["table_header"]
    # the sentence after the table stays a sentence
    assert any(p.kind == "paragraph" and p.text.startswith("Năm 2027") for p in pieces)


def test_short_lines_of_words_and_figures_in_prose_are_no_table():
    prose = "Kết quả:\nĐạt\n12\n15\nKhông đạt\n3\nGhi chú thêm về kết quả năm nay của các thôn.\n"
    assert not any(p.kind == "row" for p in chunk(prose))


SPACED = """III. CHỈ TIÊU
Kế hoạch đặt ra các chỉ tiêu theo biểu dưới đây.
Biểu các chỉ tiêu chủ yếu 2026-2030
--  ----------------------  ----------  -------  -------
TT  Chỉ tiêu                ĐVT         KH 2026  KH 2027
--  ----------------------  ----------  -------  -------
1   Thu ngân sách xã        triệu đồng    5.200    5.600
2   Tỷ lệ hộ nghèo          %              1,20     0,95
"""


def test_a_rule_of_dashes_cut_into_columns_is_no_row_and_a_caption_heads_the_table():
    pieces = chunk(SPACED)
    assert [p.text.split()[0] for p in pieces if p.kind == "row"] == ["1", "2"]
    rows = [p for p in pieces if p.kind == "row"]
    assert rows[0].headings[-1] == "Biểu các chỉ tiêu chủ yếu 2026-2030"
    assert rows[0].table_header == "TT | Chỉ tiêu | ĐVT | KH 2026 | KH 2027"


THREE_LINES = """4. Kết quả theo thôn
STT  Tên thôn        Số hộ   Hộ nghèo     Hộ nghèo
                     (cuối   đầu năm      cuối năm
                     năm)    2026         2026
1    Nà Phai           120      30           24
2    Khuổi Sen          95      28           21
"""


def test_column_names_typed_on_three_lines_are_joined():
    rows = [p for p in chunk(THREE_LINES) if p.kind == "row"]
    assert [p.text.split()[1] for p in rows] == ["Nà", "Khuổi"]
    assert rows[0].table_header == "STT | Tên thôn | Số hộ (cuối năm) | Hộ nghèo đầu năm 2026 | Hộ nghèo cuối năm 2026"


NOTES = """1. Thu ngân sách
Thu ngân sách 10 tháng đạt 12.400 triệu đồng, bằng 81% dự toán (1). Các khoản thu khác
đạt thấp (2).
2. Nhiệm vụ
Hạn chế: (1) giải ngân chậm; (2) thu tiền đất thấp.

________
(1) Dự toán theo Nghị quyết số 15/NQ-HĐND của HĐND xã.
(2) Chưa gồm thu tiền sử dụng đất.

Nơi nhận:
- Như trên;
- Lưu: VT.
"""


def test_notes_numbered_in_brackets_at_the_foot_are_footnotes_the_text_points_to():
    pieces = chunk(NOTES)
    notes = [p for p in pieces if p.kind == "footnote"]
    assert [(p.footnote, p.text[:4]) for p in notes] == [("1", "(1) "), ("2", "(2) ")]
    pointing = next(p for p in pieces if p.text.startswith("Thu ngân sách 10 tháng"))
    assert pointing.markers == ["1", "2"]


def test_points_numbered_in_brackets_in_the_body_are_no_footnotes():
    body = "2. Nhiệm vụ\nHạn chế:\n(1) Giải ngân chậm.\n(2) Thu tiền đất thấp.\n3. Tổ chức thực hiện\nGiao các bộ phận thực hiện.\n"
    assert not any(p.kind == "footnote" for p in chunk(body))


PETITIONS = """II. LĨNH VỰC GIAO THÔNG

1.1. Kiến nghị: Cử tri thôn Bắc Sơn đề nghị sửa chữa cầu tràn qua suối Cốc, mùa mưa nước ngập sâu, học sinh không qua được.

Trả lời: Xã đã bố trí 420 triệu đồng từ ngân sách xã, thi công xong tháng 9, cầu dài 18 m, rộng 3,5 m.

1.2. Kiến nghị: Cử tri thôn Nam Sơn đề nghị lắp đèn đường trên tuyến trục thôn dài 1,2 km.

Trả lời: Đã lắp 30 bộ đèn năng lượng mặt trời, kinh phí 95 triệu đồng, do nhân dân và xã cùng đóng góp.
"""


def _records(text: str) -> list[PassageRecord]:
    return [PassageRecord(source="a.txt", start=c.start, end=c.end, text=c.text, kind=c.kind, headings=c.headings,
                          table_header=c.table_header, table_unit=c.table_unit, row_parent=c.row_parent,
                          footnote=c.footnote, markers=c.markers, page=None, period_years=[], period="")
            for c in chunk(text)]


def test_a_reply_to_a_petition_is_found_by_the_petitions_words():
    records = _records(PETITIONS)
    pairs = reply_pairs(records)
    assert [(records[a].text[:10], records[b].text[:8]) for a, b in pairs] == [("1.1. Kiến ", "Trả lời:"), ("1.2. Kiến ", "Trả lời:")]
    texts = search_texts(records)
    first_reply = pairs[0][1]
    assert "suối Cốc" in texts[first_reply] and "đèn đường" not in texts[first_reply]


def test_a_report_on_two_spans_is_of_the_first_a_plan_of_the_last():
    title = "Báo cáo tổng kết năm học 2025 - 2026 và phương hướng, nhiệm vụ năm học 2026 - 2027"
    assert document_period(title, "", "báo cáo") == (2026, "cả năm")
    assert document_period("Kế hoạch phát triển kinh tế - xã hội 5 năm 2026-2030", "", "kế hoạch") == (2026, "cả năm")
    assert document_period("Báo cáo kết quả giai đoạn 2021-2025", "", "báo cáo") == (2025, "cả năm")


def test_the_day_or_month_a_figure_is_of_dates_it_and_a_date_of_issue_does_not():
    assert own_years("Tỷ lệ tham gia BHYT đến 31/10/2026 đạt 93,1% (cùng kỳ 2025: 92%).") == [2026]
    assert own_years("Từ tháng 11/2026 trạm y tế có thêm bác sĩ.") == [2026]
    assert own_years("Theo Quyết định số 9/QĐ-UBND ngày 12/12/2025 của UBND xã.") == []


def test_a_row_without_a_unit_column_takes_the_unit_its_label_names():
    ctx = Context(place="xã An Lạc", source="a.txt", page=None, plan_year=2026, plan_is_report=True,
                  heading_years=(), heading_kind=None, passage_years=(2026,), passage_period="", doc_period="cả năm")
    found = row_statements("Tỷ lệ hộ nghèo (%)\n0,9\n0,7\n0,5", 0, "Chỉ tiêu | KH 2026 | TH 2026 | KH 2027", ctx)
    assert {(s.kind, s.year, s.value, s.unit) for s in found} >= {("target", 2027, "0,5", "%"), ("result", 2026, "0,7", "%")}
    assert all(s.canonical for s in found)
