"""Reading rules met in documents of other communes (eval/others11), each on a made-up text:
column names typed with one space between them, points numbered inline in wrapped text, the
closing formula, bracketed baselines without a colon, "giảm từ … xuống còn …", the base year
of constant prices, the report a question cites, a row's column of the year asked, the sectors
of the economy, and a footnote quoted with the sentence that points to it."""
from assistant.candidates import figure_years
from assistant.chunking import chunk
from assistant.periods import passage_period
from assistant.vietnamese import contrast_kinds
from assistant.year_parts import asked_period

from conftest import one_plan_index

# column names one space apart over right-aligned figures, as a report typed them
SPACED = """V. MỘT SỐ CHỈ TIÊU
------------------------------------------------------------------
TT  Chỉ tiêu                 ĐVT      KH 2026 TH 9 tháng  % KH Cùng kỳ 2025
------------------------------------------------------------------
1   Thu ngân sách xã         tr.đồng   9.800      6.120   62,4        5.870
2   Trẻ em được tiêm chủng   trẻ         210        150   71,4          141
------------------------------------------------------------------
"""


def test_column_names_one_space_apart_are_cut_over_the_figures_below():
    rows = [p for p in chunk(SPACED) if p.kind == "row"]
    assert [p.text.split()[0] for p in rows] == ["1", "2"]
    assert rows[0].table_header == "TT | Chỉ tiêu | ĐVT | KH 2026 | TH 9 tháng | % KH | Cùng kỳ 2025"
    # the column names are a header, not a row of figures ("9 tháng" names a column)
    assert [p.kind for p in chunk(SPACED) if p.text.startswith("TT")] == ["table_header"]


WRAPPED = "\n".join([
    "1. Kết quả",
    "Năm nay xã hoàn thành phần lớn chỉ tiêu của Nghị quyết, đời sống người dân ổn định",
    "và được cải thiện rõ. Hạn chế: (1) thu ngân sách từ đất mới đạt 61%, thấp so với",
    "yêu cầu; (2) tỷ lệ hồ sơ trực tuyến còn thấp; (3) một số tuyến đường xuống cấp do",
    "mưa lớn kéo dài, chưa có kinh phí sửa chữa.",
    "",
    "2. Nhiệm vụ",
    "Tập trung hoàn thành các chỉ tiêu còn thấp, nhất là thu ngân sách từ đất đai và",
    "(1) các việc nêu trên được giao cho từng bộ phận chuyên môn của xã thực hiện ngay.",
    "",
    "(1) Rà soát quỹ đất công.",
    "(2) Sửa chữa đường liên thôn.",
])


def test_points_numbered_inside_a_wrapped_sentence_stay_in_it():
    texts = [p.text for p in chunk(WRAPPED)]
    limits = next(t for t in texts if "Hạn chế" in t)
    assert "(2) tỷ lệ hồ sơ trực tuyến" in limits and "(3) một số tuyến đường" in limits
    # a list whose items open lines of their own is still a list
    assert "(1) Rà soát quỹ đất công." in texts and "(2) Sửa chữa đường liên thôn." in texts


def test_the_closing_formula_is_its_own_kind():
    text = "1. Thu ngân sách đạt 5 tỷ đồng.\n\nTrên đây là báo cáo tình hình 6 tháng đầu năm của UBND xã An Phú./.\n"
    assert [p.kind for p in chunk(text) if p.text.startswith("Trên đây")] == ["closing"]


def test_the_closing_formula_is_never_an_answer(tmp_path_factory, encoder):
    from assistant.answering import read_query
    from assistant.retrieval import retrieve
    plan = ("BÁO CÁO\nTình hình 6 tháng đầu năm 2026 của xã An Phú\n\n1. Tồn tại, hạn chế: giải ngân chậm.\n\n"
            "Trên đây là báo cáo tình hình 6 tháng đầu năm 2026 của UBND xã An Phú./.\n")
    index = one_plan_index(tmp_path_factory, encoder, "an_phu.txt", plan)
    q = read_query(index, "Báo cáo 6 tháng đầu năm 2026 của xã An Phú nêu hạn chế gì?", [], None)
    rows = retrieve(index, q, encoder).rows
    assert len(rows) and not any(index.passages[r].text.startswith("Trên đây") for r in rows)


def test_a_bracketed_baseline_needs_no_colon():
    # under a heading of 2025: the bracket's 2024 is the baseline, the passage is of 2025
    years, _ = passage_period("Tỷ lệ tham gia BHYT 92,1% (KH 93,5%; năm 2024 91,4%).", ["Kết quả năm 2025"], 2025, "cả năm")
    assert years == [2025]


def _statements(text: str, plan_year: int = 2026):
    from assistant.indicators import Context, statements
    ctx = Context(place="xã An Phú", source="x.txt", page=None, plan_year=plan_year, plan_is_report=True,
                  heading_years=(), heading_kind=None, passage_years=(2026,), passage_period="", doc_period="cả năm")
    return statements(text, 0, ctx)


def test_a_figure_falling_from_one_value_to_another_is_stated_by_the_second():
    st = [s for s in _statements("Năm 2026 tỷ lệ hộ nghèo giảm từ 6,84% xuống còn 5,12%.") if s.canonical]
    assert [(s.canonical, s.number) for s in st] == [("ty_le_ho_ngheo", 5.12)]


def test_the_base_year_of_constant_prices_is_no_period():
    from assistant.indicators import years_in
    assert years_in("tong gia tri san xuat (gia so sanh 2010) nam 2026 uoc dat 2.186 ty dong") == [2026]
    assert years_in("gia tri san xuat theo gia ss nam 2010 tang 8%") == []


def test_the_report_a_question_cites_is_not_the_part_of_the_year_asked():
    assert asked_period("Theo BC 6 tháng, thị trấn phấn đấu giải ngân bao nhiêu % vốn năm 2025?") == ""
    assert asked_period("trong bao cao quy I, xa dat bao nhieu") == ""
    assert asked_period("Thu ngân sách 6 tháng đầu năm 2025 của xã An Phú?") == "6 tháng"
    assert asked_period("theo báo cáo, thu ngân sách 9 tháng đạt bao nhiêu?") == "9 tháng"


def test_a_row_gives_the_figures_of_the_years_its_columns_name():
    assert figure_years("11  Cấp GCN lần đầu  giấy  150  71  47,3  66",
                        "TT | Chỉ tiêu | ĐVT | KH 2025 | TH 6 tháng | % KH | Cùng kỳ 2024") == [2024, 2025]
    assert figure_years("Thu 80 tỷ đồng (ước thực hiện năm 2025: 72 tỷ đồng)", "") == [2025]


def test_the_sectors_of_the_economy_are_kinds_of_one_indicator():
    assert contrast_kinds("giá trị sản xuất nông nghiệp, thủy sản năm 2026") == {("ngành kinh tế", "nông nghiệp")}
    assert contrast_kinds("GTSX CN-TTCN: 1.390 tỷ đồng") == {("ngành kinh tế", "công nghiệp")}
    assert contrast_kinds("Giá trị TM-DV tăng 9%") == {("ngành kinh tế", "dịch vụ")}
    # words of another sense name no sector
    assert contrast_kinds("tỷ lệ dịch vụ công trực tuyến toàn trình") == set()
    assert ("ngành kinh tế", "nông nghiệp") not in contrast_kinds("diện tích đất phi nông nghiệp")


FOOTNOTED = """BÁO CÁO
Tình hình 9 tháng đầu năm 2026 của phường An Khê

2.4. An sinh xã hội. Giải quyết việc làm mới cho 812 lao động, bằng 78% kế hoạch. Chi trả trợ cấp thường xuyên cho 1.020 đối tượng. Số người tham gia bảo hiểm xã hội tự nguyện là 906 người². Tặng 2.100 suất quà dịp Tết.

2.5. Giáo dục. Tỷ lệ trường đạt chuẩn quốc gia 80%.

² Số liệu do cơ quan bảo hiểm xã hội cung cấp đến ngày 31/8/2026.
"""


def test_a_footnote_is_quoted_with_the_sentence_that_points_to_it(tmp_path_factory, encoder):
    from assistant.answering import answer_question
    index = one_plan_index(tmp_path_factory, encoder, "an_khe.txt", FOOTNOTED)
    a = answer_question(index, encoder, "Số liệu bảo hiểm xã hội tự nguyện của phường An Khê do đơn vị nào cung cấp, đến ngày nào?")
    assert not a.not_found and "31/8/2026" in a.text
    assert "906 người" in a.text, a.text


RESTATED = """BÁO CÁO
Tình hình 6 tháng đầu năm 2025 của thị trấn An Lạc

I. KẾT QUẢ
1. Tài chính. Thu ngân sách nhà nước trên địa bàn ước 7.315 triệu đồng, đạt 59% dự toán huyện giao, tăng 19,9% so với cùng kỳ.
2. Nông nghiệp. Tổng đàn lợn 2.385 con, đàn gia cầm 41.200 con.

II. BẢNG TỔNG HỢP
TT\tChỉ tiêu\tĐVT\tKH 2025\tTH 6 tháng\t% KH
1\tThu NSNN trên địa bàn\ttriệu đồng\t12.400\t7.315\t59,0
2\tTổng đàn lợn\tcon\t2.600\t2.385\t91,7
"""


def test_a_row_whose_figure_a_sentence_also_gives_is_quoted_in_words(tmp_path_factory, encoder):
    from assistant.answering import _figures, _said_in_words, answer_question, read_query
    from assistant.need import need_of
    index = one_plan_index(tmp_path_factory, encoder, "an_lac.txt", RESTATED)
    row = next(r for r, p in enumerate(index.passages) if p.kind == "row" and "Thu NSNN" in p.text)
    sentence = next(r for r, p in enumerate(index.passages) if p.text.startswith("1. Tài chính"))
    pigs = next(r for r, p in enumerate(index.passages) if p.kind == "row" and "lợn" in p.text)
    need = need_of(index, read_query(index, "thu NSNN 6 tháng đầu năm 2025 thị trấn An Lạc", [], None))
    assert _said_in_words(index, row, [row, pigs, sentence], need) == sentence
    assert _said_in_words(index, pigs, [row, sentence], need) is None  # the sentence gives no figure of the pigs' row
    assert _figures("95,0% (KH 2025: 1.200)") == {"95", "1.200"}
    a = answer_question(index, encoder, "thu NSNN 6 tháng đầu năm 2025 thị trấn An Lạc")
    assert "59% dự toán" in a.text, a.text


def test_the_land_use_fee_and_the_electronic_id_are_read_in_everyday_words():
    from assistant.features import _question_synonyms
    named = {tuple(p) for p, _ in _question_synonyms("Năm 2026 xã thu được bao nhiêu tiền từ giao đất, đấu giá đất?")}
    assert ("dau", "gia", "dat") in named
    land = dict(_question_synonyms("tiền giao đất năm 2026"))[("tien", "giao", "dat")]
    assert ("tien", "su", "dung", "dat") in land
    vneid = dict(_question_synonyms("tỷ lệ dân kích hoạt VNeID mức 2"))[("vneid",)]
    assert ("dinh", "danh", "dien", "tu") in vneid


def test_a_header_naming_the_whole_place_is_kept_though_a_former_commune_has_the_shorter_name():
    from assistant.places import plan_place
    text = ("HĐND XÃ BÌNH AN TÂY\nBAN KINH TẾ - XÃ HỘI\n\nBÁO CÁO THẨM TRA\nBáo cáo năm 2026\n\n"
            "Xã được thành lập năm 2025. Đường liên thôn Bình An - Bình Giang; HTX Bình An; chợ Bình An.\n"
            "Nhập xã Bình An, xã Bình Giang và xã Hòa Lạc.\n")
    assert plan_place(text).label == "xã Bình An Tây"


def test_a_decision_is_read_as_one_and_dated_to_the_year_it_decides_for():
    from assistant.periods import document_period
    from assistant.places import plan_kind
    text = ("ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ AN PHÚ\nSố: 88/QĐ-UBND\tAn Phú, ngày 26 tháng 12 năm 2026\n\n"
            "QUYẾT ĐỊNH\nVề việc công bố công khai dự toán ngân sách xã năm 2027\n\nCăn cứ Nghị quyết kỳ họp thứ tư …\n")
    assert plan_kind(text) == "quyết định"
    assert document_period("QUYẾT ĐỊNH Về việc công bố công khai dự toán ngân sách xã năm 2027", text, "quyết định")[0] == 2027


HANGING = "\n".join([
    "2.3. Văn hóa, thông tin. Tổ chức các hoạt động kỷ niệm Quốc khánh; giải bóng",
    "  chuyền các tổ dân phố với 18 đội tham gia. Đài truyền thanh phát 186 tin trong quý",
    "  III. Kiểm tra 11 cơ sở kinh doanh dịch vụ, nhắc nhở 2 cơ sở hoạt động quá giờ của",
    "  tháng trước.",
    "",
    "III. NHIỆM VỤ QUÝ IV",
    "1. Thu ngân sách đạt 100% dự toán.",
    "",
    "2.4. Lao động. Giải quyết việc làm mới cho 214 lao động trong quý, lũy kế 9 tháng",
    "  682 lao động, đạt 77% kế hoạch năm; tổ chức 2 phiên giao dịch việc làm lưu động",
    "  cho người lao động.",
])


def test_a_hanging_indent_keeps_a_wrapped_line_that_opens_like_a_heading_in_its_paragraph():
    passages = chunk(HANGING)
    culture = next(p for p in passages if p.text.startswith("2.3."))
    assert "III. Kiểm tra 11 cơ sở" in culture.text and "tháng trước." in culture.text
    assert any(p.kind == "heading" and p.text == "III. NHIỆM VỤ QUÝ IV" for p in passages)


def test_a_row_is_quoted_with_the_cell_giving_the_unit_asked_and_its_years_bare():
    from assistant.quoting import figure_row_quote
    from assistant.features import Need
    header = "TT | Tên dự án | Địa điểm | Quy mô | Tổng mức đầu tư | KH vốn 2026-2030 | Thời gian thực hiện"
    row = "11\tNâng cấp đập Đồng Sen\tKhu Đồi Cọ\tTưới 65 ha, nâng cấp tràn\t9.850\t9.850\t2028-2029"
    need = Need(weights={"tuoi": 1.0, "ha": 1.0, "tong": 1.0, "muc": 1.0, "dau": 1.0, "tu": 1.0, "dap": 1.0},
                units=("ha",), question="đập Đồng Sen tưới bao nhiêu ha, tổng mức đầu tư bao nhiêu")
    quote = figure_row_quote(row, header, need, table_unit="triệu đồng")
    assert "Quy mô: Tưới 65 ha" in quote and "Tổng mức đầu tư: 9.850 triệu đồng" in quote
    everything = figure_row_quote(row, header, Need(weights={"dap": 1.0}, question="đập Đồng Sen"), table_unit="triệu đồng")
    assert "Thời gian thực hiện: 2028-2029" in everything and "2028-2029 triệu" not in everything
