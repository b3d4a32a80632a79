"""Rules met in documents of other communes (eval/others23, studied after its clean scoring), each
on a made-up text: a header laid out as a markdown table, a footnote marker after a place's name,
a table's unit in brackets closing its caption, column names of part of a year written short
("9T/2026"), a column named by an abbreviation, and an abbreviation asked after "bao nhiêu"."""
from assistant.chunking import chunk, names_figure
from assistant.features import Candidate, Need, unit_match
from assistant.need import asked_unit
from assistant.places import header_place, plan_place


def test_a_header_laid_out_as_a_markdown_table_names_the_place():
    text = ("| ỦY BAN NHÂN DÂN XÃ BÀU SEN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n|---|---|\n"
            "| Số: 12/CTr-UBND | *Bàu Sen, ngày 2 tháng 1 năm 2027* |\n\n"
            "# CHƯƠNG TRÌNH CÔNG TÁC NĂM 2027\n\nUBND xã Bàu Sen¹ ban hành chương trình như sau:\n\n"
            "¹ Xã Bàu Sen được thành lập trên cơ sở nhập xã Bàu Hạ và xã Sen Thượng.\n")
    place = plan_place(text)
    assert (place.kind, place.name) == ("xã", "Bàu Sen")
    assert header_place(text).name == "Bàu Sen"  # not "Bàu Sen Cộng", running into the next cell


def test_a_footnote_marker_does_not_cut_a_place_name():
    text = "Báo cáo của UBND xã Gò Mây¹ về công tác năm 2026. Xã Gò Mây có 9 thôn.\n\n¹ Xã mới.\n"
    assert plan_place(text).name == "Gò Mây"
    # … and ends it: what follows the marker is no part of the name
    from assistant.places import mentions
    assert [p.name for _, p in mentions("UBND xã Gò Mây¹ Chủ tịch Lê Văn An ký")] == ["Gò Mây"]


TABLE = """Kết quả gieo trồng như sau.

**Bảng 2. Diện tích gieo trồng vụ Đông Xuân theo thôn** (ĐVT: ha)

| TT | Thôn | Lúa | Lạc |
|---:|---|---:|---:|
| 1 | Bàu Cả | 121,5 | 42,0 |
| 2 | Đồng Mây | 96,0 | 51,5 |
"""


def test_a_unit_in_brackets_closing_the_caption_is_the_tables():
    rows = [p for p in chunk(TABLE) if p.kind == "row"]
    assert rows and all(p.table_unit == "ha" for p in rows)
    assert all(p.table_unit == "" for p in chunk(TABLE.replace(" (ĐVT: ha)", "")) if p.kind == "row")
    # "Đơn vị" naming who reports is no unit of measure
    named = TABLE.replace("(ĐVT: ha)", "(Đơn vị: UBND xã Bàu Sen)")
    assert all(p.table_unit == "" for p in chunk(named) if p.kind == "row")


SPACED = """Bảng: Số ca mắc theo thôn
------------------------------------------------
 TT  Thôn           9T/2025  9T/2026  Nhập viện
                    (ca)     (ca)     2026 (ca)
------------------------------------------------
  1  Đoài Thượng        4        3         1
  2  Tam Tỉnh          11        6         2
------------------------------------------------
"""


def test_months_written_short_before_a_year_name_a_column():
    assert not names_figure("TT  Thôn  9T/2025  9T/2026  Nhập viện")
    assert names_figure("9T/2026 đạt 45 ca")
    passages = chunk(SPACED)
    row = next(p for p in passages if "Tam Tỉnh" in p.text)
    assert row.kind == "row" and "9T/2026 (ca)" in row.table_header
    assert not any(p.kind == "row" and "(ca)" in p.text for p in passages)  # the names' second line is no row


def test_a_column_named_by_an_abbreviation_is_in_its_unit():
    need = Need(weights={"hoc": 1.0}, units=("học sinh", "người"), wants_number=True)
    row = Candidate(row=0, text="| 4 | TH Đồi Mây | 28 | 1.012 |", kind="row",
                    table_header="TT | Trường | Số lớp | Số HS")
    assert unit_match(need, row) == 1.0
    assert unit_match(need, Candidate(row=0, text=row.text, kind="row", table_header="TT | Trường | Số lớp | Số phòng")) == 0.0


def test_an_abbreviation_asked_after_bao_nhieu_is_read_as_the_unit_it_stands_for():
    # "HS" stands for a unit (học sinh): a plan counts them either way
    assert asked_unit("co bao nhieu HS dat giai") == ("học sinh", "người", "hs")
    assert asked_unit("Trường có bao nhiêu HS bán trú?") == ("học sinh", "người", "hs")
    # one standing for no unit is counted as written, not by the first word of its long form
    assert asked_unit("Xã có bao nhiêu HTX?") == ("htx",)
    assert asked_unit("Có bao nhiêu GCN được cấp lần đầu?") == ("gcn",)
    # "KP" is a ward's khu phố as often as kinh phí: no long form is guessed
    assert asked_unit("Phường có bao nhiêu KP?") == ("kp",)


def test_a_year_said_only_in_an_aside_does_not_date_a_passages_figure():
    # "giảm còn 1,8% (cuối năm 2026 là 2,4%)" under the heading of 2027's targets is a 2027 target
    from types import SimpleNamespace
    from assistant.indicators import context, statements
    doc = SimpleNamespace(title="Chương trình công tác năm 2027", years=[2027], place_label="xã Đồi Mây",
                          source="x.md", plan_kind="chương trình", period="cả năm")
    text = "6. Tỷ lệ hộ nghèo giảm còn 1,8% (cuối năm 2026 là 2,4%, tương ứng 120 hộ)."
    passage = SimpleNamespace(text=text, headings=["II. CÁC CHỈ TIÊU CHỦ YẾU NĂM 2027"], page=None, period="")
    read = {s.value: s.year for s in statements(text, 0, context(doc, passage)) if s.canonical}
    assert read["giảm còn 1,8%"] == 2027
    # an aside that only dates the passage still does
    report = SimpleNamespace(title="Báo cáo tình hình năm 2026", years=[2026], place_label="xã Đồi Mây",
                             source="y.md", plan_kind="báo cáo", period="cả năm")
    dated = SimpleNamespace(text="Tổng thu ngân sách đạt 15,2 tỷ đồng (năm 2025), bằng 110% dự toán.",
                            headings=[], page=None, period="")
    assert context(report, dated).passage_years == (2025,)


def test_crops_and_fields_of_spending_are_kinds_apart():
    from assistant.features import names_other_kind
    # a crop asked is not answered by another crop's figure, nor one field's spending by another's
    assert names_other_kind("Sản lượng sầu riêng năm 2026 là bao nhiêu tấn?", "Sản lượng cà phê nhân đạt 17.800 tấn.")
    assert not names_other_kind("Sản lượng sầu riêng năm 2026?", "Sầu riêng 1.284 ha, cà phê 8.742 ha.")
    assert names_other_kind("Dự toán chi sự nghiệp y tế năm 2027?", "Chi sự nghiệp giáo dục: 20.300 triệu đồng.")
    assert not names_other_kind("Dự toán chi sự nghiệp y tế năm 2027?", "Chi sự nghiệp y tế, dân số: 1.200 triệu đồng.")
    # "gieo cấy" is rice's ("Vụ Mùa gieo cấy 820 ha … ; ngô 120 ha" answers a question on rice)
    assert not names_other_kind("Sản lượng lúa vụ Mùa là bao nhiêu tấn?",
                                "Vụ Mùa gieo cấy 820 ha, sản lượng 4.592 tấn; ngô 120 ha.")


def test_a_crops_word_inside_a_name_or_another_word_names_no_crop():
    from assistant.vietnamese import contrast_kinds
    assert contrast_kinds("Xã Đức Lạc có 9 thôn.") == frozenset()
    assert contrast_kinds("Cử tri Ngô Văn Tư (thôn 3) kiến nghị sửa đường.") == frozenset()  # a family name
    assert contrast_kinds("Đường Ngô Quyền qua xóm Mía") == frozenset()
    assert contrast_kinds("Trồng bắp cải, su hào 12 ha.") == frozenset()  # cabbage, not maize
    # a capital opening a table cell or a line is the word's own
    assert contrast_kinds("| Ngô | 96,4 | 52,0 |") == {("cây trồng", "ngô")}
    assert contrast_kinds("- Lúa: diện tích 1.200 ha") == {("cây trồng", "lúa")}
    assert ("đàn vật nuôi", "bò") in contrast_kinds("Trâu con 142 168 84,5 Bò con 1.236 1.190")  # rows run together


def test_a_question_asking_a_date_is_quoted_from_the_sentence_giving_one():
    from assistant.need import Asked
    from assistant.quoting import asks_when, best_quote
    assert asks_when("Xã cam kết cấp xong giấy chứng nhận trước ngày nào?")
    assert asks_when("xa cam ket cap xong giay chung nhan truoc ngay nao")
    assert not asks_when("Xã cấp bao nhiêu giấy chứng nhận?")
    text = ("1. Cử tri ấp Bờ Tre: việc cấp giấy chứng nhận quyền sử dụng đất lần đầu còn chậm, nhiều hồ sơ nộp từ "
            "năm 2025 chưa được cấp.\n"
            "Trả lời (Phòng Kinh tế): đến ngày 15/11/2026, ấp còn tồn 37 hồ sơ cấp giấy lần đầu; chi nhánh văn phòng "
            "đăng ký đất đai đã cấp 29 giấy, còn 8 hồ sơ phải bổ sung giấy tờ về nguồn gốc đất do người dân chưa "
            "nộp đủ. UBND xã cam kết hoàn thành trước ngày 31/01/2027. Tình trạng: đang giải quyết.")
    question = "Xã cam kết hoàn thành cấp giấy chứng nhận quyền sử dụng đất cho ấp Bờ Tre trước ngày nào?"
    weights = {"cam": 2.0, "ket": 2.0, "cam_ket": 3.0, "hoan": 1.0, "thanh": 1.0, "hoan_thanh": 2.0, "cap": 1.0,
               "giay": 1.5, "chung": 1.0, "nhan": 1.0, "giay_chung": 2.0, "chung_nhan": 2.0, "quyen": 1.5,
               "su": 0.5, "dung": 0.5, "dat": 1.0, "quyen_su": 2.0, "su_dung": 1.0, "dung_dat": 2.0, "ap": 1.0,
               "bo": 1.5, "tre": 1.5, "bo_tre": 3.0}
    assert "31/01/2027" in best_quote(text, Asked(weights, question=question))
