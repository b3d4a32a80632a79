"""Rules met in documents of other communes (eval/others21 and others22, studied after their clean
scoring), each on a made-up text: a classifier before the noun counted, a unit of two words read
before its first, and a list's lead read whole when its lines are hard-wrapped."""
from assistant.chunking import last_line
from assistant.indexing import read_plan
from assistant.need import asked_unit
from assistant.vietnamese import synonyms_of


def test_a_classifier_asks_the_noun_it_counts_too():
    # "bao nhiêu cái ghế" is answered by "40 ghế" as well as "40 cái ghế"
    assert asked_unit("Xã dự kiến mua bao nhiêu cái ghế cho nhà văn hóa?") == ("cái", "ghế")
    assert asked_unit("Năm nay làm được bao nhiêu căn nhà đại đoàn kết?")[:2] == ("căn", "nhà")
    assert asked_unit("Có bao nhiêu lượt khách đến tham quan?") == ("lượt",)  # a visit counts, not a guest


def test_a_two_word_unit_is_read_before_its_first_word():
    # "trường hợp" (cases) is not "trường" (schools), typed with accents or without
    assert asked_unit("Năm 2026 xã đăng ký khai sinh bao nhiêu trường hợp?")[0] == "trường hợp"
    assert asked_unit("nam 2026 xa dang ky khai sinh bao nhieu truong hop")[0] == "trường hợp"
    assert asked_unit("Xã có bao nhiêu trường đạt chuẩn quốc gia?") == ("trường",)


def test_a_unit_is_read_in_the_clause_of_its_question_word():
    assert asked_unit("Dân số của xã An Mây và xã Bến Đò là bao nhiêu, xã nào đông dân hơn?") is None


def test_burying_sick_animals_is_said_both_ways():
    assert "tiêu hủy" in synonyms_of("chôn hủy") and "chôn hủy" in synonyms_of("tiêu hủy")


def test_a_hard_wrapped_lead_is_read_whole():
    lead = "Năm nay xã nhận 300 hồ sơ (năm 2025 đạt 60%, năm\n2024 chỉ 30%). Cụ thể:"
    assert last_line(lead) == "Năm nay xã nhận 300 hồ sơ (năm 2025 đạt 60%, năm 2024 chỉ 30%). Cụ thể:"
    assert last_line("Mở đầu.\nKết quả rà soát cuối năm 2023:") == "Kết quả rà soát cuối năm 2023:"
    assert last_line("- Mục một\n- Mục hai:") == "- Mục hai:"
    assert last_line("- Mục một\nKết quả cụ thể:") == "Kết quả cụ thể:"  # an item above is no wrapped line


REPORT = """ỦY BAN NHÂN DÂN XÃ ĐỒI MÂY

                              BÁO CÁO
        Kết quả công tác hộ tịch, chứng thực năm 2026; nhiệm vụ năm 2027

I. ĐẶC ĐIỂM TÌNH HÌNH

Xã Đồi Mây có 9 ấp với 5.120 hộ, 20.340 nhân khẩu; công tác hộ tịch do hai công
chức Tư pháp - Hộ tịch đảm nhận, một người làm việc thường xuyên tại bộ phận một
cửa của xã, người còn lại phụ trách chứng thực và hòa giải ở cơ sở.

II. KẾT QUẢ THỰC HIỆN NĂM 2026

Trong năm, xã giải quyết 1.500 hồ sơ hộ tịch, không có hồ sơ trễ hạn; tỷ lệ hồ
sơ nộp trực tuyến đạt 70% (năm 2025 đạt 52%, năm
2024 của hai xã cũ bình quân chỉ 30%). Kết quả cụ thể:

- Đăng ký khai sinh: 210 trường hợp, giảm 9 trường hợp so với năm 2025 (219
  trường hợp), trong đó đăng ký đúng hạn 198, quá hạn 12.
- Đăng ký kết hôn: 95 cặp, trong đó có 02 trường hợp kết hôn với người nước
  ngoài.
"""


def test_the_items_under_a_wrapped_lead_are_of_the_report_year(tmp_path):
    path = tmp_path / "bao_cao_ho_tich_2026_xa_doi_may.txt"
    path.write_text(REPORT, encoding="utf-8")
    _, passages, _ = read_plan(path, "x", tmp_path)
    items = [p for p in passages if p.kind == "item"]
    assert len(items) == 2 and all(p.period_years == [2026] for p in items)


def test_a_hard_wrapped_opening_formula_is_still_one():
    from assistant.features import is_preamble
    assert is_preamble("Thực hiện Công văn số 88/SNV ngày 02/11/2026 của Sở Nội vụ về việc\n"
                       "báo cáo công tác năm 2026, UBND xã Đồi Mây báo cáo\nkết quả như sau:")
    assert not is_preamble("Thực hiện Kế hoạch số 12, năm 2026 xã trồng mới\n40 ha rừng, vượt 5% kế hoạch.")
    # a paragraph of figures then a lead are two paragraphs, not one formula
    assert not is_preamble("Theo Kế hoạch số 12/KH-UBND, năm 2026 xã trồng mới 40 ha rừng.\n\n"
                           "Các nhiệm vụ cụ thể như sau:")


def test_an_aside_in_brackets_does_not_date_the_figure_before_it():
    from assistant.indicators import Context, statements
    ctx = Context("xã Đồi Mây", "x.txt", None, 2026, False, (), None, (2026, 2027), "", "cả năm")
    text = ("Năm 2027 xã phấn đấu giá trị sản xuất tăng 9%; thu ngân sách trên địa bàn 40 tỷ đồng (thấp hơn "
            "mức thực hiện năm 2026 do giảm thu tiền sử dụng đất); thu nhập bình quân 70 triệu đồng "
            "(năm 2026: 64 triệu đồng).")
    read = {(s.canonical, s.value): s.year for s in statements(text, 0, ctx) if s.canonical}
    assert read[("thu_ngan_sach", "40 tỷ đồng")] == 2027  # of the sentence's year, not the aside's
    assert read[("thu_nhap_binh_quan", "70 triệu đồng")] == 2027
    assert read[("thu_nhap_binh_quan", "64 triệu đồng")] == 2026  # the bracket's own figure is of its year
    # a clause saying its own time in words is not of the year said before it
    ctx_2026 = Context("xã Đồi Mây", "x.txt", None, 2026, True, (), None, (2025, 2026), "", "cả năm")
    said = statements("Năm 2025 thu ngân sách đạt 30 tỷ đồng; năm nay thu ngân sách đạt 40 tỷ đồng.", 0, ctx_2026)
    assert {s.value: s.year for s in said}["40 tỷ đồng"] != 2025


def test_an_aside_in_brackets_does_not_date_the_clause_quoted():
    from assistant.need import Asked
    from assistant.quoting import best_quote
    text = ("Theo nghị quyết, năm 2027 xã Đồi Mây phấn đấu giá trị sản xuất tăng 9%; thu ngân sách trên địa "
            "bàn 40 tỷ đồng (thấp hơn mức thực hiện năm 2026 do giảm thu tiền sử dụng đất); giải quyết việc "
            "làm cho 300 lao động; tỷ lệ lao động qua đào tạo đạt 75%; tỷ lệ người dân tham gia BHYT từ 95% "
            "trở lên; tỷ lệ hộ nghèo dưới 1%; 100% rác thải sinh hoạt được thu gom; 90% thôn đạt danh hiệu "
            "thôn văn hóa; có thêm 01 trường đạt chuẩn quốc gia; hoàn thành 100% chỉ tiêu tuyển quân.")
    asked = Asked({"thu": 1.0, "ngan": 2.0, "sach": 2.0, "dia": 1.0, "ban": 1.0}, wants_number=True,
                  intent="target", years=(2027,), question="Chỉ tiêu thu ngân sách trên địa bàn năm 2027 của xã Đồi Mây?")
    assert "40 tỷ đồng" in best_quote(text, asked)


def test_a_figure_in_brackets_without_a_year_is_of_its_clause_year():
    from assistant.indicators import Context, statements
    ctx = Context("xã Đồi Mây", "x.txt", None, 2026, False, (), None, (2026, 2027), "", "kế hoạch")
    text = "Năm 2026 hỗ trợ 19 hộ (8 hộ cận nghèo, 11 hộ nghèo); năm 2027 hỗ trợ 10 hộ (4 hộ cận nghèo, 6 hộ nghèo)."
    read = {s.value: s.year for s in statements(text, 0, ctx) if s.canonical == "so_ho_ngheo"}
    assert read == {"11 hộ": 2026, "6 hộ": 2027}


ANNEX = """Biểu số 01
CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU CỦA XÃ ĐỒI MÂY

| STT | Chỉ tiêu | ĐVT | KH năm 2026 | ƯTH năm 2026 |
|---|---|---|---|---|
| 1 | Tổng thu NSNN trên địa bàn ⁽¹⁾ | Triệu đồng | 20.000 | 24.600 |
| 2 | Tỷ lệ hộ nghèo | % | 4,0 | 3,8 |

**Ghi chú:**

(1) Thu vượt kế hoạch chủ yếu do đấu giá 12 lô đất ở; không tính khoản này, tổng thu ước đạt 19.100 triệu đồng.

| NGƯỜI LẬP BIỂU | TM. ỦY BAN NHÂN DÂN |
|:---:|:---:|
| **Lê Văn Bình** | **Trần Văn An** |
"""


def test_notes_under_a_table_are_its_footnotes():
    from assistant.chunking import chunk
    passages = chunk(ANNEX)
    notes = [p for p in passages if p.kind == "footnote"]
    assert [p.footnote for p in notes] == ["1"] and "19.100 triệu đồng" in notes[0].text
    assert any(p.kind == "row" and p.markers == ["1"] for p in passages)
    # numbered lines after the label, with nothing above referring to them, stay items
    plain = ANNEX.replace(" ⁽¹⁾", "")
    assert not [p for p in chunk(plain) if p.kind == "footnote"]
    # two tables, each with its own notes
    second = ANNEX.replace("⁽¹⁾", "⁽²⁾").replace("(1) Thu vượt", "(2) Thu vượt").replace("Biểu số 01", "Biểu số 02")
    both = chunk(ANNEX + "\n" + second)
    assert sorted(p.footnote for p in both if p.kind == "footnote") == ["1", "2"]


def test_a_baseline_with_its_figures_in_brackets_gives_that_year():
    from assistant.candidates import figure_years
    assert 2025 in figure_years("Xảy ra 2 vụ cháy rừng, giảm 3 vụ so với năm 2025 (05 vụ, 11,8 ha).", "")
    assert 2025 not in figure_years("Xảy ra 2 vụ cháy rừng, giảm 3 vụ so với năm 2025.", "")


def test_a_compared_place_is_quoted_with_the_footnote_its_sentence_points_to(tmp_path_factory, encoder):
    from assistant.answering import answer_question
    from assistant.indexing import build_index
    from assistant.retrieval import open_index
    corpus = tmp_path_factory.mktemp("corpus")
    (corpus / "bao_cao_2026_xa_doi_may.md").write_text(
        "ỦY BAN NHÂN DÂN XÃ ĐỒI MÂY\n\nBÁO CÁO kết quả năm 2026\n\n"
        "Năm 2026 là năm đầu tiên xã Đồi Mây[^1] thực hiện trọn năm kế hoạch; 12 chỉ tiêu đạt và vượt.\n\n"
        "Thu ngân sách đạt 21 tỷ đồng.\n\n"
        "[^1]: Xã Đồi Mây được thành lập từ ngày 01/7/2025; diện tích 58,9 km2, dân số 31.206 người.\n",
        encoding="utf-8")
    (corpus / "bao_cao_2026_xa_ben_lau.md").write_text(
        "ỦY BAN NHÂN DÂN XÃ BẾN LAU\n\nBÁO CÁO kết quả năm 2026\n\n"
        "Xã Bến Lau có diện tích 40,2 km2, dân số 25.400 người, 11 thôn.\n\nThu ngân sách đạt 15 tỷ đồng.\n",
        encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("index")
    build_index(corpus, index_dir, encoder)
    index = open_index(index_dir, encoder)
    answer = answer_question(index, encoder, "Dân số xã Đồi Mây và xã Bến Lau, xã nào đông dân hơn?", [])
    assert "31.206 người" in answer.text and "25.400 người" in answer.text
