"""Each answer feature on a few-line made-up passage (no index, no model)."""
from dataclasses import replace

from assistant import features as f
from assistant.features import Candidate, Need
from assistant.retrieval import folded_vocab

ROW = "1.2\tSản lượng cá nuôi\ttấn\t120\t135"
PARA = "Năm 2025 phấn đấu trồng mới 40 ha rừng; duy trì 3 vườn ươm."


def cand(text: str, kind: str = "paragraph", headings=(), years=(), heading_years=(), intent=None,
         bm25: float = 0.0, dense: float = 0.0) -> Candidate:
    heads = " ".join(headings)
    return Candidate(row=0, text=text, kind=kind, headings=tuple(headings),
                     vocab=frozenset(folded_vocab(text + " " + heads)), text_vocab=frozenset(folded_vocab(text)),
                     heading_vocab=frozenset(folded_vocab(heads)), years=frozenset(years),
                     heading_years=frozenset(heading_years), intent=intent, bm25=bm25, dense=dense, search_text=text)


def need(**kw) -> Need:
    return Need(kw.pop("weights", {"rung": 2.0, "vuon": 1.0}), **kw)


def test_retrieval_scores_are_read_as_given():
    c = cand(PARA, bm25=0.7, dense=0.4)
    assert f.bm25(need(), c) == 0.7 and f.dense(need(), c) == 0.4
    assert f.dense(need(), cand(PARA, dense=-0.2)) == 0.0


def test_coverage_weighs_rare_words_and_counts_headings_apart():
    c = cand("Trồng mới 40 ha rừng.", headings=("Vườn ươm",))
    assert f.term_coverage(need(), c) == 1.0
    assert abs(f.text_coverage(need(), c) - 2 / 3) < 1e-9
    assert abs(f.heading_coverage(need(), c) - 1 / 3) < 1e-9


def test_unit_match_and_missing():
    asked = need(units=("tấn",), wants_number=True)
    assert f.unit_match(asked, cand(ROW)) == 0.0  # read as a paragraph, "tấn" is no figure in tấn
    assert f.unit_match(asked, cand(ROW, kind="row")) == 1.0  # a row's unit column: its figures are in tấn
    assert f.unit_match(asked, cand("| 3 | Diện tích lúa | ha | 120 | 135 |", kind="row")) == 0.0
    assert f.unit_match(need(units=("tỷ",)), cand("| 7 | Thu ngân sách | Tỷ đồng | 3,20 | 3,65 |", kind="row")) == 1.0
    assert f.unit_match(need(units=("triệu",)), cand("2\tThu nhập\tTriệu đồng/người\t40\t45", kind="row")) == 1.0
    # a label that opens with the unit's word is no unit column
    assert f.unit_match(need(units=("hộ",)), cand("| 2 | Hộ nghèo | % | 1,5 | 1,2 |", kind="row")) == 0.0
    assert f.unit_match(asked, cand("Sản lượng cá nuôi đạt 135 tấn.")) == 1.0
    # a column named by the unit: "% KH năm", "Sản lượng (tấn)"
    ratio = Candidate(row=0, text="Chi ngân sách\ttriệu đồng\t9.200\t4.100\t44,6", kind="row",
                      table_header="Chỉ tiêu\tĐVT\tKH năm\tTH 6 tháng\t% KH năm")
    assert f.unit_match(need(units=("%",)), ratio) == 1.0
    assert f.unit_match(need(units=("ha",)), ratio) == 0.0
    stated = Candidate(row=0, text="| 1 | Thu tiền sử dụng đất | 12.000 | 9.120 |", kind="row",
                       table_header="TT | Nội dung | DT 2025 | TH 2025", table_unit="triệu đồng")
    assert f.unit_match(need(units=("triệu",)), stated) == 1.0 and f.unit_match(need(units=("tấn",)), stated) == 0.0
    # the label names the unit in brackets at its end
    labelled = Candidate(row=0, text="| Trẻ 5 tuổi được tiêm đủ mũi (%) | 96,0 | 97,2 |", kind="row",
                         table_header="| Chỉ tiêu | Kế hoạch | Thực hiện |")
    assert f.unit_match(need(units=("%",)), labelled) == 1.0 and f.unit_match(need(units=("ha",)), labelled) == 0.0
    assert f.unit_missing(asked, cand(PARA)) == 1.0
    assert f.unit_missing(need(), cand(PARA)) == 0.0  # no unit asked, nothing missing


def test_figure_presence_ignores_row_numbers_and_years():
    asked = need(wants_number=True)
    assert f.figure_present(asked, cand(PARA)) == 1.0
    assert f.figure_missing(asked, cand("2.3. Lĩnh vực kinh tế năm 2025")) == 1.0
    # an annex or article named is no figure; a figure beside it is
    assert f.figure_missing(asked, cand("Số thu ở Biểu 01 và Biểu 02 khớp nhau; xem Điều 3.")) == 1.0
    assert f.figure_present(asked, cand("Thu 7.610 triệu đồng (Biểu 01).")) == 1.0
    assert f.figure_present(need(), cand(PARA)) == 0.0  # no figure asked
    # a document's number and a date name a paper and a day, not a quantity; a fraction counts
    basis = ("Căn cứ Quyết định số 91/2026/QĐ-UBND ngày 04/11/2026, Tờ trình số 5/TTr-UBND ngày 2 tháng 9 năm"
             " 2026 và Công văn 77/UBND-TC tháng 10/2026;")
    assert f.figure_missing(asked, cand(basis)) == 1.0
    assert f.figure_present(asked, cand("Đạt 8/10 tiêu chí; giải ngân 1.250/2.400 triệu đồng.")) == 1.0
    # … unless the question asks a document's number or its date
    which = need(wants_number=True, question="Nghị quyết dự toán năm 2027 số mấy, thông qua ngày nào?")
    assert f.figure_present(which, cand("(Kèm theo Nghị quyết số 12/NQ-HĐND ngày 20/12/2026 của HĐND xã)")) == 1.0
    which = need(wants_number=True, question="Xã giao chỉ tiêu thu ngân sách theo nghị quyết nào?")
    assert f.figure_present(which, cand("(Kèm theo Nghị quyết số 12/NQ-HĐND ngày 20/12/2026 của HĐND xã)")) == 1.0


def test_period_agreement():
    asked = need(years=(2025,))
    assert f.year_match(asked, cand(PARA, years={2025})) == 1.0
    assert f.year_other(asked, cand(PARA, years={2023})) == 1.0
    assert f.year_other(asked, cand(PARA)) == 0.0  # undated passages are not of another year
    assert f.heading_year_match(asked, cand(PARA, heading_years={2025})) == 1.0
    assert f.heading_year_other(asked, cand(PARA, heading_years={2022})) == 1.0
    # a table titled for next year whose columns give the year asked
    row = replace(cand("5   Thu tiền sử dụng đất   3.000   2.460   3.500", kind="row", heading_years={2026}),
                  table_header="STT | Nội dung | Dự toán năm 2025 | Ước TH năm 2025 | Dự toán năm 2026")
    assert f.heading_year_other(asked, row) == 0.0
    assert f.heading_year_other(need(years=(2024,)), row) == 1.0


def test_target_or_result_agreement():
    assert f.intent_match(need(intent="target"), cand(PARA, intent="target")) == 1.0
    assert f.intent_mismatch(need(intent="result"), cand(PARA, intent="target")) == 1.0
    assert f.intent_mismatch(need(), cand(PARA, intent="target")) == 0.0


def test_a_row_states_a_target_or_a_result_by_its_column_of_the_year_asked():
    row = Candidate(row=0, text="4\tThu ngân sách\ttriệu đồng\t18.000\t19.200\t21.000", kind="row", intent=None,
                    table_header="TT | Chỉ tiêu | ĐVT | KH 2024 | ƯTH 2024 | KH 2025")
    assert f.intent_mismatch(need(intent="result", years=(2025,)), row) == 1.0
    assert f.intent_match(need(intent="target", years=(2025,)), row) == 1.0
    assert f.intent_match(need(intent="result", years=(2024,)), row) == 0.0  # a target and a result of 2024
    assert f.intent_mismatch(need(intent="result"), row) == 0.0  # no year asked: the row's wording


def test_a_passage_about_one_village_is_not_the_communes_figure():
    assert f.subplace_other(need(question="tỷ lệ hộ nghèo của xã An Lạc cuối năm 2026"),
                            cand("Bản Nà Phai có tỷ lệ hộ nghèo cao nhất xã (41%).")) == 1.0
    by_village = Candidate(row=0, text="3\tNà Phai\t120\t24", kind="row", table_header="STT | Tên bản | Số hộ | Hộ nghèo")
    assert f.subplace_other(need(question="số hộ nghèo xã An Lạc"), by_village) == 1.0
    assert f.subplace_other(need(question="số hộ nghèo bản Nà Phai"), by_village) == 0.0
    whole = Candidate(row=0, text="\tTổng cộng toàn xã\t3.400\t671", kind="row", table_header="STT | Tên bản | Số hộ | Hộ nghèo")
    assert f.subplace_other(need(question="số hộ nghèo xã An Lạc"), whole) == 0.0
    assert f.subplace_other(need(question="ty le thon van hoa"), cand("Thôn văn hóa đạt 95%.")) == 0.0
    # the clause giving the figure names villages: no commune-wide figure
    from dataclasses import replace
    from assistant.candidates import figure_pieces
    text = "Cả xã có 52 hộ thoát nghèo trong năm; hai bản Nà Phai và Co Xa vẫn có tỷ lệ hộ nghèo trên 24%."
    rate = need(wants_number=True, units=("%",), question="tỷ lệ hộ nghèo của xã An Lạc",
                weights={"ty": 1.0, "le": 1.0, "ho": 1.0, "ngheo": 1.0})
    assert f.subplace_other(rate, replace(cand(text), pieces=figure_pieces(text))) == 1.0
    whole = "Tỷ lệ hộ nghèo cả xã còn 9,5%, các thôn đều giảm."
    assert f.subplace_other(rate, replace(cand(whole), pieces=figure_pieces(whole))) == 0.0
    # typed without accents, "ban" names a village only before a name; "ban" of a board does not
    assert f.subplace_other(need(question="ban Na Phai con bao nhieu ho ngheo"), by_village) == 0.0
    assert f.subplace_other(need(question="so ho ngheo xa An Lac theo ban chi dao"), by_village) == 1.0


def test_passage_kind():
    assert f.is_row(need(), cand(ROW, kind="row")) == 1.0
    assert f.is_footnote(need(), cand("¹ Gồm 3 thôn.", kind="footnote")) == 1.0
    assert f.is_heading(need(), cand("II. NHIỆM VỤ", kind="heading")) == 1.0
    assert f.is_row(need(), cand(PARA)) == 0.0


def test_the_documents_a_plan_rests_on_answer_only_when_asked_for():
    basis = cand("Căn cứ Luật Ngân sách nhà nước; căn cứ Nghị quyết số 12/NQ-HĐND về dự toán năm 2025;")
    assert f.legal_basis(need(), basis) == 1.0
    assert f.legal_basis(need(asks_basis=True), basis) == 0.0
    assert f.legal_basis(need(), cand("Căn cứ tình hình thực tế, xã phấn đấu thu 2.500 triệu đồng.")) == 0.0
    # a later piece of a long basis: the end of one, then the next
    assert f.legal_basis(need(), cand("Luật Quản lý thuế và các văn bản hướng dẫn;\nCăn cứ Quyết định số 9/QĐ-UBND")) == 1.0
    assert f.legal_basis(need(), cand("Thu ngân sách đạt 5 tỷ đồng;\nchi ngân sách 4 tỷ đồng.")) == 0.0
    from assistant.need import _asks_basis
    assert _asks_basis("Kế hoạch căn cứ vào nghị quyết nào?") and _asks_basis("ke hoach can cu nghi quyet nao")
    assert not _asks_basis("Xã cần cung cấp bao nhiêu suất ăn?")


def test_person_line_only_when_a_person_is_asked():
    signed = cand("**TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH**\n\nLê Thị Mai")
    assert f.person_line(need(who=True), signed) == 1.0
    assert f.person_line(need(), signed) == 0.0
    assert f.person_line(need(who=True), cand("**CHỦ TỊCH**")) == 0.0
    # a person named in a sentence after a title of address
    assert f.person_line(need(who=True), cand("Chủ trì hội nghị: đồng chí Hà Văn Tư, Chủ tịch UBND xã.")) == 1.0
    assert f.person_line(need(who=True), cand("Hội nghị có bà con nông dân các thôn tham dự.")) == 0.0


def test_length_grows_with_the_passage():
    assert f.length(need(), cand("ngắn")) < f.length(need(), cand(PARA * 20)) <= 1.0


def test_vector_follows_the_names():
    c = cand(PARA, bm25=0.5)
    assert f.vector(need(), c, ("bm25", "is_row")) == [0.5, 0.0]
    assert len(f.vector(need(), c)) == len(f.FEATURE_NAMES)


def test_a_list_asked_reads_the_heading_that_names_it():
    item = cand("- Trồng mới 40 ha.", headings=("Về rừng",))
    assert f.list_heading(need(listing=True), item) == f.heading_coverage(need(), item) > 0
    assert f.list_heading(need(), item) == 0.0


def test_part_of_year_read_from_question_or_passage_with_or_without_accents():
    from assistant.year_parts import period_of
    assert period_of("Nửa đầu năm 2025 xã nuôi bao nhiêu con bò?") == "6 tháng"
    assert period_of("san luong 6 thang dau nam 2025") == "6 tháng"
    assert period_of("Phương hướng 6 tháng cuối năm") == "6 tháng cuối"
    assert period_of("9 tháng, tăng 3% so với 6 tháng đầu năm") == "9 tháng"
    assert period_of("Kết quả quý 2") == "quý II"
    assert period_of("Cả năm 2024 đạt 50 tấn") == period_of("Năm 2024 đạt 50 tấn") == ""


def test_part_of_year_agreement():
    half = cand("Sáu tháng đạt 30 tấn.")
    half = Candidate(**{**half.__dict__, "period": "6 tháng"})
    nine = Candidate(**{**half.__dict__, "period": "9 tháng"})
    year = cand("Cả năm đạt 60 tấn.")
    asked = need(period="6 tháng")
    assert f.period_match(asked, half) == 1.0 and f.period_other(asked, half) == 0.0
    assert f.period_other(asked, nine) == 1.0 and f.period_match(asked, nine) == 0.0
    assert f.period_other(asked, year) == 0.0  # a passage with no part of a year stated: unknown
    assert f.part_year_unasked(need(), half) == 1.0 and f.part_year_unasked(need(), year) == 0.0
    assert f.part_year_unasked(asked, half) == 0.0
    # a row under columns of the quarters and the whole year gives the year's figure too
    quarters = Candidate(row=0, text="Sởi\t1\t0\t2\t1\t4", kind="row", period="quý I",
                         table_header="Bệnh | Quý I | Quý II | Quý III | Quý IV | Cả năm 2026")
    assert f.part_year_unasked(need(), quarters) == 0.0
    nine_and_year = Candidate(row=0, text="9 tháng thu 7 tỷ đồng, ước cả năm 10 tỷ đồng.", period="9 tháng")
    assert f.part_year_unasked(need(), nine_and_year) == 0.0


def test_passage_period_from_its_words_else_its_document():
    from types import SimpleNamespace as NS
    from assistant.candidates import passage_period
    docs = [NS(source="a", title="BÁO CÁO Kết quả 6 tháng đầu năm 2025", period=""),
            NS(source="b", title="KẾ HOẠCH năm 2025", period="cả năm")]
    passages = [NS(source="a", text="Thu ngân sách đạt 3 tỷ đồng.", headings=[]),
                NS(source="a", text="Nhiệm vụ 6 tháng cuối năm: thu 2 tỷ đồng.", headings=[]),
                NS(source="b", text="Thu ngân sách 6 tỷ đồng.", headings=[], period="cả năm")]
    index = NS(passages=passages, docs=docs, doc_number={"a": 0, "b": 1})
    assert [passage_period(index, r) for r in range(3)] == ["6 tháng", "6 tháng cuối", ""]


def test_a_passage_naming_no_year_is_dated_by_its_document_only_when_that_covers_part_of_a_year():
    from types import SimpleNamespace as NS
    from assistant.candidates import passage_years
    passages = [NS(text="Thu nhập bình quân đạt 50 triệu đồng.", headings=[], table_header="", period_years=[2024],
                   source="year.txt"),
                NS(text="Năm 2023 thu nhập đạt 50 triệu đồng, so với năm 2022 tăng 5%.", headings=[],
                   table_header="", period_years=[2023], source="year.txt"),
                NS(text="| 4 | Thu nhập | Triệu đồng | 50 | 55 |", headings=[], table_header="Chỉ tiêu | TH 2023 | KH 2024",
                   period_years=[2023, 2024], source="year.txt"),
                NS(text="Thu nhập bình quân đạt 25 triệu đồng.", headings=[], table_header="", period_years=[2024],
                   source="nine_months.txt")]
    index = NS(passages=passages, years=lambda r: ({int(y) for y in __import__("re").findall(r"20\d\d", passages[r].text)},
                                                   set()),
               docs=[NS(year=2024, period="cả năm"), NS(year=2024, period="9 tháng")],
               doc_number={"year.txt": 0, "nine_months.txt": 1})
    # a year's report may plan the next year in passages that name neither; a nine-month report cannot
    assert [passage_years(index, r) for r in range(4)] == [frozenset(), {2023}, {2023, 2024}, {2024}]


def test_the_rarest_word_missing_is_read_by_its_weight():
    asked = need(weights={"rieng": 4.0, "sau": 2.0, "luong": 1.0, "tan": 1.0, "luong_sau": 6.0})
    coffee = cand("Sản lượng cà phê nhân đạt 17.800 tấn.")
    durian = cand("Sầu riêng: sản lượng đạt 900 tấn.")
    assert f.key_term_missing(asked, coffee) == 1.0  # the rarest (heaviest) word is not there
    assert f.key_term_missing(asked, durian) == 0.0  # every word is, though not the pair "lượng sầu"
    assert f.key_term_missing(asked, cand("Sầu riêng 120 ha.")) == 0.25  # only a common word is missing
    assert f.key_term_missing(need(weights={}), coffee) == 0.0



def test_kind_other_marks_a_passage_on_another_kind_of_the_indicator_asked():
    asked = need(question="Sản lượng lúa vụ mùa năm nay bao nhiêu tấn?")
    assert f.kind_other(asked, cand("Vụ Xuân: năng suất 62 tạ/ha, sản lượng 1.240 tấn.")) == 1.0
    assert f.kind_other(asked, cand("Vụ Mùa: năng suất 55 tạ/ha, sản lượng 1.100 tấn.")) == 0.0
    assert f.kind_other(asked, cand("Sản lượng lúa cả năm 2.340 tấn.")) == 0.0  # names no kind
    assert f.kind_other(asked, cand("Vụ Xuân 1.240 tấn, vụ Mùa 1.100 tấn.")) == 0.0
    # the kind may be named by the passage's heading, which the search text carries
    row = Candidate(row=0, text="Sản lượng\ttấn\t1.240", kind="row", search_text="Lúa vụ Xuân\nSản lượng\ttấn\t1.240")
    assert f.kind_other(asked, row) == 1.0
    assert f.kind_other(need(question="Sản lượng lúa năm nay?"), row) == 0.0  # no kind asked


def test_a_row_is_what_a_question_pointing_at_a_table_asks():
    row = cand(ROW, kind="row")
    assert f.row_asked(need(asks_table=True), row) == 1.0
    assert f.row_asked(need(asks_table=True), cand(PARA)) == 0.0
    assert f.row_asked(need(), row) == 0.0


def test_a_list_lead_is_what_a_list_question_asks():
    lead = cand("Năm nay xã đã khởi công 03 công trình:")
    assert f.list_lead(need(listing=True), lead) == 1.0
    assert f.list_lead(need(listing=True), cand("Khởi công 03 công trình trong năm.")) == 0.0
    assert f.list_lead(need(), lead) == 0.0


def test_a_question_points_at_a_table_by_its_words_not_by_a_lone_folded_bang():
    from assistant.need import asks_table
    assert asks_table("Theo bảng chỉ tiêu, thu ngân sách năm nay là bao nhiêu?")
    assert asks_table("Biểu số 02 ghi diện tích lúa bao nhiêu?")
    assert asks_table("bang chi tieu xa Y: giai ngan von dau tu cong")  # two words, typed without accents
    assert not asks_table("dat bang bao nhieu phan tram ke hoach")  # "bằng", not "bảng"
    assert not asks_table("Đạt bằng bao nhiêu phần trăm so với cùng kỳ?")
    assert not asks_table("Kỳ họp có bao nhiêu đại biểu dự?")


def test_a_row_whose_label_says_more_than_the_question_is_marked():
    asked = need(weights={"ty": 1.0, "le": 1.0, "ho": 1.0, "ngheo": 2.0}, question="Tỷ lệ hộ nghèo năm nay?")
    assert f.row_label_extra(asked, cand("7\tTỷ lệ hộ nghèo\t%\t3,4\t2,9", kind="row")) == 0.0
    extra = f.row_label_extra(asked, cand("-\tTỷ lệ hộ nghèo vùng ven biển\t%\t1,2\t1,0", kind="row"))
    assert extra == 3 / 7  # "vùng ven biển": 3 of its 7 words
    # an abbreviation counts as its words: asked in full, "DTTS" says nothing more
    spelt = need(weights={"ty": 1.0, "le": 1.0, "ho": 1.0, "ngheo": 2.0, "dan": 1.0, "toc": 1.0, "thieu": 1.0, "so": 1.0},
                 question="Tỷ lệ hộ nghèo dân tộc thiểu số?")
    assert f.row_label_extra(spelt, cand("3\tTỷ lệ hộ nghèo DTTS\t%\t9,1\t8,0", kind="row")) == 0.0
    assert f.row_label_extra(asked, cand("Tỷ lệ hộ nghèo vùng ven biển 1,2%.")) == 0.0  # no row


def test_indicator_other_marks_a_passage_on_other_official_indicators_only():
    asked = need(question="Thu nhập bình quân đầu người 6 tháng đầu năm ước đạt bao nhiêu?")
    assert f.indicator_other(asked, cand("6 tháng, thu ngân sách nhà nước trên địa bàn ước đạt 41,8 tỷ đồng.")) == 1.0
    assert f.indicator_other(asked, cand("Thu nhập bình quân đầu người ước đạt 32 triệu đồng.")) == 0.0
    assert f.indicator_other(asked, cand("Thu ngân sách 41,8 tỷ đồng; thu nhập bình quân 32 triệu đồng.")) == 0.0
    assert f.indicator_other(asked, cand("Trồng mới 40 ha rừng.")) == 0.0  # names no indicator
    # typed without accents or in abbreviations, the same indicator
    assert f.indicator_other(need(question="TNBQ/nguoi 9 thang"), cand("Thu NSNN 9 tháng đạt 14 tỷ đồng.")) == 1.0
    assert f.indicator_other(need(question="Trồng rừng được bao nhiêu ha?"), cand("Thu NSNN 14 tỷ đồng.")) == 0.0


def test_a_cause_asked_meets_a_passage_that_gives_one():
    why = need(question="Vì sao xuất khẩu lao động đạt thấp?", asks_reason=True)
    assert f.reason_given(why, cand("Xuất khẩu lao động đạt thấp do thị trường tạm dừng tiếp nhận.")) == 1.0
    assert f.reason_given(why, cand("Xuất khẩu lao động: KH 90 người, ước TH 68 người.")) == 0.0
    assert f.reason_given(need(question="Xuất khẩu lao động bao nhiêu?"),
                          cand("Xuất khẩu lao động đạt thấp do thị trường tạm dừng.")) == 0.0


def test_a_figure_of_the_year_asked_given_in_brackets_is_no_other_year():
    asked = need(years=(2026,))
    c = replace(cand("Thu tiền sử dụng đất: 80 tỷ đồng (ước thực hiện năm 2026: 72 tỷ đồng).", years=(2027,),
                     heading_years=(2027,)), figure_years=frozenset({2026}))
    assert f.year_other(asked, c) == 0.0 and f.heading_year_other(asked, c) == 0.0
    assert f.year_in_brackets(asked, c) == 1.0 and f.year_match(asked, c) == 0.0
    plain = cand("Thu tiền sử dụng đất: 80 tỷ đồng.", years=(2027,), heading_years=(2027,))
    assert f.year_other(asked, plain) == 1.0 and f.year_in_brackets(asked, plain) == 0.0


def test_a_figure_stated_of_the_indicator_asked_and_one_named_without_it():
    asked = need(question="Tỷ lệ hộ nghèo năm 2026 còn bao nhiêu?", years=(2026,))
    gives = replace(cand("Tỷ lệ hộ nghèo còn 1,2%."), stated=frozenset({("ty_le_ho_ngheo", 2026, "result")}))
    other_year = replace(gives, stated=frozenset({("ty_le_ho_ngheo", 2025, "result")}))
    promise = replace(cand("Chỉ tiêu giảm tỷ lệ hộ nghèo sẽ được đánh giá sau kỳ rà soát cuối năm; BHYT đạt 91%."),
                      stated=frozenset({("bhyt", 2026, "result")}))
    assert (f.indicator_stated(asked, gives), f.indicator_unstated(asked, gives)) == (1.0, 0.0)
    assert (f.indicator_stated(asked, other_year), f.indicator_unstated(asked, other_year)) == (0.0, 1.0)
    assert (f.indicator_stated(asked, promise), f.indicator_unstated(asked, promise)) == (0.0, 1.0)
    # a side asked: the year's target does not state what was reached, nor the other way round
    planned = replace(gives, stated=frozenset({("ty_le_ho_ngheo", 2026, "target")}), kind="row")
    reached = need(question="Tỷ lệ hộ nghèo thực tế năm 2026 đạt bao nhiêu?", years=(2026,), intent="result")
    assert f.indicator_stated(reached, planned) == 0.0 and f.indicator_stated(reached, gives) == 1.0
    assert f.indicator_stated(asked, planned) == 1.0  # no side asked: either
    # a sentence's side is not asked (read less surely than a column's)
    assert f.indicator_stated(reached, replace(planned, kind="paragraph")) == 1.0
    assert f.indicator_unstated(need(question="Trồng rừng được bao nhiêu ha?"), promise) == 0.0  # no indicator asked


def test_clause_coverage_reads_the_question_around_one_figure():
    from assistant.candidates import figure_pieces
    text = "Cả năm: diện tích lúa 1.236 ha (vụ mùa 406 ha); tổng sản lượng 7.350 tấn, đạt 100,7% kế hoạch."
    c = replace(cand(text), pieces=figure_pieces(text))
    words = {"san": 1.0, "luong": 1.0, "lua": 1.0, "vu": 1.0, "mua": 1.0}
    asked = need(weights=words, wants_number=True, units=("tấn",))
    # every word is in the passage, but the clause in tonnes holds only "sản lượng"
    assert f.term_coverage(asked, c) == 1.0
    assert abs(f.clause_coverage(asked, c) - 2 / 5) < 1e-9
    # asked in hectares, the area's clause holds "lúa", "vụ mùa"; a label before ":" counts for every clause
    assert abs(f.clause_coverage(replace(asked, units=("ha",)), c) - 3 / 5) < 1e-9
    labelled = "Lúa vụ mùa: diện tích 406 ha; sản lượng 2.400 tấn."
    assert f.clause_coverage(asked, replace(cand(labelled), pieces=figure_pieces(labelled))) == 1.0
    # no figure asked: the whole passage; a passage with no figure gives no clause
    assert f.clause_coverage(need(weights=words), c) == 1.0
    assert f.clause_coverage(asked, replace(cand("Chỉ đạo sản xuất lúa vụ mùa."), pieces=())) == 0.0
