from assistant.periods import document_period, own_years, part_of_year, passage_period, section_years, span_years


def test_a_comparison_baseline_is_not_the_year_reported():
    text = "Năm 2025 doanh thu đạt 12 tỷ đồng, tăng 5% so với cùng kỳ năm 2024."
    assert own_years(text) == [2025]
    assert passage_period("Doanh thu đạt 3 tỷ, tăng 5% so với cùng kỳ năm 2024", [], 2025, "cả năm")[0] == [2025]
    # a change from a past year's figure: the year the change started from is a baseline
    assert own_years("Số vụ tai nạn giảm từ 14 vụ năm 2025 xuống 9 vụ.") == []
    assert own_years("Thu tăng từ 8 tỷ đồng năm 2025 lên 11 tỷ đồng năm 2026.") == [2026]
    assert own_years("Năm 2025 giảm từ 40 vụ xuống 30 vụ.") == [2025]
    assert own_years("tăng 8,5% so với ước thực hiện năm 2024") == []
    assert own_years("giảm 0,9% so với cuối năm 2023; năm 2024 đạt 2,4%") == [2024]
    # … with the past figure named on the way, or as a multiple of a past year's
    assert own_years("lương thực 920 tấn, tăng 40 tấn so với mức ước đạt 880 tấn của năm 2026") == []
    assert own_years("doanh thu 14 tỷ đồng, gần gấp 2,1 lần năm 2023") == []
    assert own_years("so với 12 tháng trước, năm 2027 tăng 3%") == [2027]


def test_a_bracketed_past_figure_is_a_baseline():
    # the passage reports its heading's year; the bracket gives last year's figure beside it
    text = "sản lượng ước 1.250 tấn, đạt 101% KH (năm 2023 đạt 1.180 tấn)"
    assert own_years(text) == []
    assert passage_period(text, ["KẾT QUẢ NĂM 2024"], 2024, "cả năm")[0] == [2024]
    assert own_years("thu nhập 48,2 triệu đồng (KH 47 triệu đồng; năm 2023: 44,9 triệu đồng)") == []
    # a bracketed year with no figure after it is the passage's own
    assert own_years("Doanh thu (năm 2024) đạt 12 tỷ đồng") == [2024]
    # a bracketed figure of the passage's own year or a later one is not a baseline
    assert passage_period("đạt 1.250 tấn (KH 2024: 1.200 tấn)", ["KẾT QUẢ NĂM 2024"], 2024, "cả năm")[0] == [2024]
    assert passage_period("đạt 1.250 tấn (KH 2025: 1.300 tấn)", ["KẾT QUẢ NĂM 2024"], 2024, "cả năm")[0] == [2024, 2025]
    assert own_years("đạt 12 tỷ đồng (tính đến hết năm 2024)") == [2024]


def test_dates_and_document_numbers_are_not_periods():
    text = "Căn cứ Nghị quyết số 28/2023/NQ-HĐND ngày 20/12/2023, ban hành ngày 5 tháng 1 năm 2024"
    assert own_years(text) == []


def test_a_span_includes_each_of_its_years_but_is_not_an_own_year():
    text = "Giai đoạn 2021-2025 xây mới 3 trường; nhiệm kỳ 2020 – 2025"
    assert own_years(text) == []
    assert 2022 in span_years(text)
    assert passage_period("Trong giai đoạn 2021-2025, làm mới 12 km đường", [], 2024, "cả năm")[0] == \
        [2021, 2022, 2023, 2024, 2025]
    # a passage stating its own year keeps it; the span is only context
    assert passage_period("Năm 2023 làm mới 3 km (giai đoạn 2021-2025 là 12 km)", [], 2024, "")[0] == [2023]


def test_half_year_is_not_the_whole_year():
    assert part_of_year("Báo cáo kết quả 6 tháng đầu năm 2025") == "6 tháng"
    assert part_of_year("phương hướng nhiệm vụ 6 tháng cuối năm 2025") == "6 tháng cuối năm"
    assert part_of_year("ước thực hiện 9 tháng năm 2024") == "9 tháng"
    assert part_of_year("kết quả quý 2 năm 2024") == "quý II"
    assert part_of_year("Kế hoạch năm 2025") == "cả năm"
    assert part_of_year("Tổng thu ngân sách đạt 2 tỷ đồng") == ""


def test_a_passage_inherits_its_heading_then_its_document():
    heads = ["II. PHƯƠNG HƯỚNG NHIỆM VỤ 6 THÁNG CUỐI NĂM 2025", "1. Kinh tế"]
    assert passage_period("Trồng mới 5 ha rau màu.", heads, 2025, "6 tháng") == ([2025], "6 tháng cuối năm")
    assert passage_period("Trồng mới 5 ha rau màu.", ["1. Kinh tế"], 2024, "9 tháng") == ([2024], "9 tháng")
    assert passage_period("Trồng mới 5 ha rau màu.", [], None, "") == ([], "")


def test_document_period_is_read_from_its_title():
    assert document_period("BÁO CÁO Tình hình 6 tháng đầu năm 2025; phương hướng 6 tháng cuối năm", "") == \
        (2025, "6 tháng")
    assert document_period("BÁO CÁO Kết quả năm 2024, phương hướng nhiệm vụ năm 2025", "") == (2024, "cả năm")
    # the issue date of a plan written in the year before is not its year
    assert document_period("", "Yên Hòa, ngày 5 tháng 12 năm 2024\nKẾ HOẠCH phát triển năm 2025") == \
        (2025, "cả năm")
    assert document_period("Kỳ họp thứ 9", "") == (None, "")
    # a plan for next year that also reviews this one; a quarter's report that also counts nine months
    assert document_period("KẾ HOẠCH Thu, chi ngân sách năm 2026 (kèm đánh giá ước thực hiện năm 2025)", "",
                           "kế hoạch") == (2026, "cả năm")
    assert document_period("BÁO CÁO Tình hình quý III và 9 tháng năm 2025", "", "báo cáo") == (2025, "9 tháng")
    assert document_period("BÁO CÁO Kết quả quý I năm 2025", "", "báo cáo") == (2025, "quý I")
    # a report on the last quarter and the whole year is the year's report
    assert document_period("BÁO CÁO Kết quả thu ngân sách quý IV và cả năm 2025", "", "báo cáo") == (2025, "cả năm")
    # a council's term of office is no period; a title naming no year: the year the document is dated
    assert document_period("BÁO CÁO Trả lời kiến nghị cử tri trước kỳ họp thứ ba HĐND xã khóa II, nhiệm kỳ 2026 - 2031",
                           "Xã A, ngày 3 tháng 12 năm 2026\nBÁO CÁO", "báo cáo") == (2026, "cả năm")
    assert document_period("NGHỊ QUYẾT Về giám sát năm 2025 của HĐND xã khóa XII, nhiệm kỳ 2021-2026", "",
                           "nghị quyết") == (2025, "cả năm")


def _read(tmp_path, text: str):
    """(document, passages) of a made-up plan, as the index records them."""
    from assistant.indexing import read_plan
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    doc, passages, _ = read_plan(path, "x", tmp_path)
    return doc, passages


def test_index_records_carry_the_periods(tmp_path):
    doc, passages = _read(tmp_path, "UBND XÃ YÊN HÒA\nSố: 7/BC-UBND\nYên Hòa, ngày 2 tháng 7 năm 2025\n\nBÁO CÁO\n"
                    "Kết quả 6 tháng đầu năm 2025\n\nI. KẾT QUẢ\n\nThu ngân sách đạt 3 tỷ đồng, tăng 4% so với cùng kỳ năm 2024.\n"
                    "\nII. PHƯƠNG HƯỚNG 6 THÁNG CUỐI NĂM\n\nPhấn đấu thu 4 tỷ đồng, trồng mới 5 ha rau màu và làm 2 km đường giao thông nông thôn.\n")
    assert (doc.place_name, doc.plan_kind, doc.year, doc.period) == ("Yên Hòa", "báo cáo", 2025, "6 tháng")
    thu = next(p for p in passages if p.text.startswith("Thu ngân sách"))
    assert (thu.period_years, thu.period) == ([2025], "6 tháng")
    aim = next(p for p in passages if p.text.startswith("Phấn đấu"))
    assert (aim.period_years, aim.period) == ([2025], "6 tháng cuối năm")


def test_a_years_target_named_in_a_half_year_report_keeps_the_passage_in_its_half_year():
    text = "Thu ngân sách đạt 2,9 tỷ đồng, bằng 52% dự toán năm 2025."
    assert passage_period(text, [], 2025, "6 tháng") == ([2025], "6 tháng")
    assert passage_period("Ước cả năm 2025 thu 5,6 tỷ đồng.", [], 2025, "6 tháng") == ([2025], "cả năm")
    assert passage_period(text, ["I. KẾT QUẢ NĂM 2025"], 2025, "cả năm") == ([2025], "cả năm")


def test_a_plan_over_years_is_of_its_first_year_and_a_report_over_years_of_its_last():
    from assistant.periods import document_period
    assert document_period("KẾ HOẠCH Phát triển kinh tế - xã hội 5 năm 2026-2030", "ngày 5 tháng 10 năm 2024",
                           "kế hoạch") == (2026, "cả năm")
    assert document_period("BÁO CÁO Tổng kết giai đoạn 2021-2025", "", "báo cáo") == (2025, "cả năm")


def test_a_lists_items_take_the_period_of_their_lead(tmp_path):
    _, passages = _read(tmp_path, "UBND XÃ YÊN HÒA\nSố: 9/KH-UBND\n\nKẾ HOẠCH\nGiảm nghèo năm 2025\n\nI. THỰC TRẠNG ĐẦU NĂM 2025\n\n"
                    "Theo kết quả rà soát cuối năm 2024:\n- Hộ nghèo: 120 hộ, chiếm 4,1%.\n- Hộ cận nghèo: 95 hộ.\n\n"
                    "II. MỤC TIÊU\n\nPhấn đấu giảm hộ nghèo như sau:\n- Giảm 30 hộ nghèo.\n")
    poor = next(p for p in passages if p.text.startswith("- Hộ cận nghèo"))
    assert poor.period_years == [2024]
    aim = next(p for p in passages if p.text.startswith("- Giảm 30"))
    assert aim.period_years == [2025]


def test_a_piece_of_a_long_paragraph_takes_the_year_its_paragraph_names(tmp_path):
    _, passages = _read(tmp_path, "NGHỊ QUYẾT\nVề nhiệm vụ năm 2025\n\nĐiều 1. Mục tiêu năm 2025\n\nNăm 2024, kinh tế tăng trưởng khá; "
                    + "thu ngân sách đạt 12 tỷ đồng, tăng 5%; " * 40 + "số hộ dùng nước sạch đạt 96%.\n\n"
                    "Phấn đấu thu 13 tỷ đồng.\n")
    last = next(p for p in passages if "96%" in p.text)
    assert "Năm 2024" not in last.text and last.period_years == [2024]
    aim = next(p for p in passages if p.text.startswith("Phấn đấu"))
    assert aim.period_years == [2025]


def test_a_section_is_dated_by_its_innermost_heading_that_names_a_year():
    article = "Điều 1. Đánh giá kết quả năm 2025 và thông qua chỉ tiêu năm 2026"
    assert section_years([article, "1. Kết quả năm 2025"]) == {2025}
    assert section_years([article, "3. Các chỉ tiêu chủ yếu năm 2026", "3.1. Về kinh tế"]) == {2026}
    # under a heading naming two years, a section says which side it is on: aims look forward,
    # results back; one that says neither keeps both
    assert section_years([article, "2. Mục tiêu tổng quát"]) == {2026}
    assert section_years([article, "1. Tình hình thực hiện", "a) Kinh tế"]) == {2025}
    assert section_years([article, "4. Quốc phòng, an ninh"]) == {2025, 2026}
    assert section_years(["Giai đoạn 2021 - 2025", "1. Kết quả"]) == {2021, 2022, 2023, 2024, 2025}  # a span stays whole
    assert section_years(["II. Kết quả (so với năm 2024)"]) == set()            # a baseline dates nothing
    assert section_years(["Kế hoạch giai đoạn 2026 - 2028"]) == {2026, 2027, 2028}


def test_a_passage_under_a_title_of_two_years_takes_the_year_of_its_side():
    title = "BÁO CÁO Kết quả năm 2024; mục tiêu, nhiệm vụ năm 2025"
    assert passage_period("Thu ngân sách vượt xa dự toán.", [title, "I. KẾT QUẢ THỰC HIỆN", "c) Tài chính"],
                          2024, "cả năm")[0] == [2024]
    assert passage_period("Tập trung thu ngân sách.", [title, "II. NHIỆM VỤ, GIẢI PHÁP"], 2024, "cả năm")[0] == [2025]
    assert passage_period("Giữ vững an ninh.", [title], 2024, "cả năm")[0] == [2024, 2025]


def test_the_years_of_figures_in_brackets_are_read_apart():
    from assistant.periods import bracketed_years
    assert bracketed_years("Thu 80 tỷ đồng (ước thực hiện năm 2026: 72 tỷ đồng)") == [2026]
    assert bracketed_years("tăng 5% so với cùng kỳ năm 2025") == []  # a baseline without its figure
    assert bracketed_years("(Nghị quyết số 12/2025/NQ-HĐND)") == []


def test_a_passage_opening_on_an_undated_figure_is_of_its_sections_year_too():
    heading = ["2. Kết quả năm 2026"]
    # the first sentence gives its figure under the heading's year; the second looks ahead
    text = "Tổng thu ước đạt 26 tỷ đồng, tăng 4% so với năm 2025. Phần còn lại chuyển sang năm 2027."
    assert passage_period(text, heading, 2026, "cả năm")[0] == [2026, 2027]
    # a passage that opens on its own year keeps only the years it names
    assert passage_period("Năm 2027 phấn đấu 55 ha. Trồng mới 5 ha.", heading, 2026, "cả năm")[0] == [2027]
    # an opening sentence with no figure ("ngày 12/3" is a date) adds nothing
    assert passage_period("Hội nghị họp ngày 12/3. Năm 2027 phấn đấu 55 ha.", heading, 2026, "cả năm")[0] == [2027]


def test_a_bracket_opened_by_a_year_is_a_baseline_whatever_words_lead_to_its_figure():
    text = "Tỷ lệ hộ nghèo giảm còn 1,8% (năm 2026 ước còn 2,46%, tương ứng 71 hộ)."
    assert own_years(text) == []
    assert passage_period(text, ["Chỉ tiêu năm 2027"], 2027, "cả năm")[0] == [2027]
    assert own_years("Trồng 40 ha (năm 2026) theo kế hoạch") == [2026]  # no figure in the bracket: the passage's own


def test_the_words_naming_a_part_of_the_year_are_told_apart():
    from assistant.year_parts import period_words
    assert period_words("Nửa đầu năm 2026 xã tìm được việc cho mấy người?") == {"nua", "dau", "nam"}
    assert period_words("6 thang dau nam 2026 thu ngan sach") == {"6", "thang", "dau", "nam"}
    assert period_words("thu ngân sách quý IV và cả năm") == {"quy", "iv", "ca", "nam"}
    assert period_words("thu ngân sách năm 2026") == set()


def test_a_months_report_is_of_the_months_since_january():
    title = "BÁO CÁO Tình hình kinh tế - xã hội tháng 11 và nhiệm vụ trọng tâm tháng 12 năm 2026"
    assert document_period(title, "", "báo cáo") == (2026, "11 tháng")
    assert document_period("Báo cáo tình hình tháng 6 năm 2026", "", "báo cáo") == (2026, "6 tháng")
    # a date is no month reported on; the whole year named outright stays the whole year
    assert document_period("Báo cáo ngày 5 tháng 11 năm 2026 về kết quả năm 2026", "", "báo cáo")[1] == "cả năm"
    assert document_period("Báo cáo kết quả tháng 12 và cả năm 2026", "", "báo cáo")[1] == "cả năm"
