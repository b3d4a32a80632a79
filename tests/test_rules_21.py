"""Rules met in documents of other communes (eval/others20, studied after its clean scoring),
each on a made-up text: a markdown table whose column names span two rows, a follow-up handing
its question back ("… thì sao?"), and a date that is no figure when a figure is asked."""
from assistant.chunking import chunk
from assistant.need import Asked, asks_of_its_own
from assistant.quoting import best_quote

TWO_ROW_HEADER = """Bảng 2. Đơn thư theo lĩnh vực năm 2026

| Lĩnh vực | Khiếu nại | | Kiến nghị | |
|---|---|---|---|---|
| | Số đơn | Đã xử lý | Số đơn | Đã xử lý |
| Đất đai | 6 | 4 | 19 | 17 |
| Xây dựng | 1 | 1 | 8 | 8 |
"""


def test_a_header_spanning_two_rows_names_each_column_by_both():
    passages = chunk(TWO_ROW_HEADER)
    rows = {p.text.split("|")[1].strip(): p for p in passages if p.kind == "row"}
    assert set(rows) == {"Đất đai", "Xây dựng"}  # the second row of names is no row of figures
    assert rows["Đất đai"].table_header == \
        "Lĩnh vực | Khiếu nại Số đơn | Khiếu nại Đã xử lý | Kiến nghị Số đơn | Kiến nghị Đã xử lý"
    # a table whose second row gives figures keeps its one row of names
    plain = chunk("| Lĩnh vực | Số đơn | Đã xử lý |\n|---|---|---|\n| | 7 | 5 |\n| Đất đai | 6 | 4 |\n")
    assert all(p.table_header == "Lĩnh vực | Số đơn | Đã xử lý" for p in plain if p.kind == "row")


def test_a_follow_up_phrase_asks_nothing_of_its_own():
    assert not asks_of_its_own("Thế còn chỉ tiêu năm 2027 thì sao?")
    assert not asks_of_its_own("the con nam 2027 thi sao")
    assert asks_of_its_own("Thế còn bao nhiêu hộ cận nghèo?")
    assert asks_of_its_own("Còn xã bên cạnh vì sao chưa đạt?")


def test_a_follow_up_handing_back_its_question_asks_the_earlier_figure(tmp_path_factory, encoder):
    from conftest import one_plan_index
    from assistant.answering import answer_question, read_query
    from assistant.need import need_of
    plan = ("BÁO CÁO tình hình thực hiện BHXH năm 2026 của phường Cầu Mây\n\n"
            "I. KẾT QUẢ NĂM 2026\n\nSố người tham gia BHXH tự nguyện là 812 người, đạt 96% chỉ tiêu.\n\n"
            "II. CHỈ TIÊU NĂM 2027\n\n- BHXH tự nguyện đạt 900 người.\n\n"
            "III. TỒN TẠI\n\nChưa đạt chỉ tiêu về BHXH tự nguyện do thu nhập người dân chưa ổn định.\n")
    index = one_plan_index(tmp_path_factory, encoder, "bao_cao_bhxh_2026_phuong_cau_may.txt", plan)
    history = ["Năm 2026 phường Cầu Mây có bao nhiêu người tham gia BHXH tự nguyện?"]
    assert need_of(index, read_query(index, "Thế còn chỉ tiêu năm 2027 thì sao?", history, None)).wants_number
    answer = answer_question(index, encoder, "Thế còn chỉ tiêu năm 2027 thì sao?", history)
    assert not answer.not_found and "900 người" in answer.citations[0].quote


def test_a_date_is_no_figure_when_a_figure_is_asked():
    text = ("Phường Bến Mây được thành lập từ ngày 01/7/2025 trên cơ sở nhập toàn bộ dân số của ba phường cũ. "
            "Diện tích tự nhiên 18,2 km², có 14 tổ dân phố, 5.210 hộ với 19.480 nhân khẩu. "
            "Năm 2026 phường tập trung chỉnh trang đô thị và phát triển thương mại, dịch vụ trên các tuyến phố chính; "
            "hoàn thiện hệ thống thoát nước khu dân cư phía Bắc, lát lại vỉa hè hai tuyến phố trung tâm và "
            "vận động các hộ kinh doanh ký cam kết giữ gìn vệ sinh, trật tự lòng đường, vỉa hè.")
    # "đông dân" meets both "dân số" and "nhân khẩu" (synonyms.tsv): the sentence with the figure answers
    quote = best_quote(text, Asked({"dong": 1.0, "dan": 1.0}, wants_number=True,
                                   question="Phường Bến Mây và phường Cát Lở, phường nào đông dân hơn?"))
    assert "19.480 nhân khẩu" in quote and "01/7/2025" not in quote
    # asked when, the date is what is asked
    when = best_quote(text, Asked({"thanh": 1.0, "lap": 1.0, "thanh_lap": 2.0}, wants_number=True,
                                  question="Phường Bến Mây thành lập ngày nào?"))
    assert "01/7/2025" in when


def test_a_funds_heading_is_no_quarter():
    from assistant.year_parts import period_of, period_words
    # "Quỹ" (a fund) folds as "quý" (a quarter) does: with accents, only "quý" is a quarter
    assert period_of('II. KẾT QUẢ SỬ DỤNG TỪNG QUỸ 1. Quỹ "Vì người nghèo"') == ""
    assert period_words("Quỹ 2 thu được bao nhiêu?") == set()
    assert period_of("Báo cáo kết quả thu ngân sách quý II năm 2026") == "quý II"
    assert period_of("bao cao thu ngan sach quy 3 nam 2026") == "quý III"  # typed without accents


def test_a_place_of_a_comparison_is_quoted_from_the_sentence_a_footnote_hangs_on():
    from types import SimpleNamespace as NS
    from assistant.answering import _best_giving
    from assistant.features import Need
    from assistant.ranking import Ranked
    texts = ["¹ Xã Đồi Cũ có 4 thôn, xã Bãi Cũ có 3 thôn.",
             "Xã Đồi Mây thành lập từ hai xã Đồi Cũ và Bãi Cũ¹; có 7 thôn, 3.120 hộ, 12.480 nhân khẩu."]
    index = NS(passages=[NS(text=texts[0], kind="footnote", table_header="", source="a.md", footnote="1"),
                         NS(text=texts[1], kind="paragraph", table_header="", source="a.md", footnote="")],
               search_texts=texts, referrer_rows={("a.md", "1"): [1]})
    need = Need({"nhan": 1.0, "khau": 1.0}, wants_number=True, question="xã Đồi Mây và xã Suối Hai, xã nào nhiều nhân khẩu hơn?")
    # the footnote is read with its sentence's words, so it may rank first; the sentence states the figure
    hits = [Ranked(0, 0.9, {"term_coverage": 1.0}), Ranked(1, 0.8, {"term_coverage": 1.0})]
    assert _best_giving(index, hits, need).row == 1
    # a footnote no sentence among the best points to is quoted itself
    assert _best_giving(index, hits[:1], need).row == 0


def test_the_opening_formula_of_a_document_is_no_answer():
    from assistant.features import is_preamble
    assert is_preamble("Thực hiện Công văn số 88/UBND-VX ngày 02/3/2026 của UBND tỉnh, UBND xã Bến Mây báo cáo kết quả như sau:")
    assert is_preamble("Căn cứ Luật Đầu tư công; căn cứ Nghị quyết số 14/NQ-HĐND ngày 10/12/2026 của HĐND xã, "
                       "UBND xã ban hành Kế hoạch như sau.")
    # a sentence carrying out a resolution with figures of its own states them
    assert not is_preamble("Thực hiện Nghị quyết số 12/NQ-HĐND, xã đã bê tông hóa 5,2 km đường như sau: tuyến 1 dài 2 km.")
    assert not is_preamble("Theo số liệu rà soát, tỷ lệ hộ nghèo còn 2,1%.")


def test_the_opening_formula_answers_only_what_the_document_rests_on():
    from types import SimpleNamespace as NS
    from assistant.answering import _giving
    from assistant.features import Need
    opening = NS(row=0, features={"legal_basis": 1.0})
    figures = NS(row=1, features={"figure_present": 1.0})
    index = NS(passages=[NS(kind="paragraph", text="Thực hiện Kế hoạch số 19/KH-UBND ngày 06/02/2026 của UBND xã, "
                                                   "UBND xã Bến Mây báo cáo kết quả như sau:"),
                         NS(kind="item", text="- Đăng ký khai sinh đúng hạn đạt 95,5%, chưa đạt kế hoạch (97%).")])
    assert [h.row for h in _giving(index, [opening, figures], Need({}, listing=True))] == [1]
    assert [h.row for h in _giving(index, [opening, figures], Need({}, asks_basis=True))] == [0, 1]


def test_which_place_asks_no_word_of_its_own():
    from assistant.question import content_syllables
    # "nơi nào" asks which place, typed with accents or without
    assert "noi" not in content_syllables("so ho xa A va xa B noi nao nhieu hon", [])
    assert "noi" not in content_syllables("Số hộ của xã A và xã B, nơi nào nhiều hơn?", [])


def test_dogs_are_a_kind_of_herd_and_dtlcp_is_african_swine_fever():
    from assistant.features import names_other_kind
    from assistant.vietnamese import synonyms_of
    # a rabies round for dogs is not answered by the pigs' vaccination rate (contrasts.tsv)
    assert names_other_kind("Tỷ lệ tiêm phòng bệnh dại cho chó năm 2026 đạt bao nhiêu?",
                            "Tỷ lệ tiêm vắc xin dịch tả lợn cổ điển đạt 66,8% tổng đàn.")
    assert not names_other_kind("Tỷ lệ tiêm phòng bệnh dại cho chó năm 2026 đạt bao nhiêu?",
                                "Bệnh dại chó: tiêm 2.431 con, đạt 84,6% tổng đàn.")
    assert "dịch tả lợn châu phi" in synonyms_of("dtlcp")


def test_a_column_named_with_the_questions_stop_words_is_named():
    from assistant.quoting import row_answers, row_quote
    header = "TT | Thôn | Tổng số hộ | Số hộ đạt GĐVH | Tỷ lệ (%) | Danh hiệu văn hóa 2026"
    row = "| 3 | Gò Mây | 512 | 470 | 91,8 | Đạt |"
    need = Asked({"ho": 1.4, "gdvh": 3.4, "thon": 1.5, "go": 2.0, "may": 2.0, "go_may": 4.0}, wants_number=True,
                 years=(2026,), units=("hộ",), question="số hộ đạt GĐVH thôn Gò Mây 2026")
    # "số" and "đạt" are stop words of the question, yet it names the column "Số hộ đạt GĐVH" by them
    assert row_answers(row, header, need)
    assert "470" in row_quote(row, header, need)


def test_a_baseline_year_is_not_the_year_asked():
    from assistant.question import asked_years
    assert asked_years("Tỷ lệ hộ nghèo năm 2024 giảm bao nhiêu so với năm 2023?") == [2024]
    # a follow-up naming only its baseline takes the year asked from the earlier question
    assert asked_years("Như vậy số hộ nghèo sẽ giảm bao nhiêu hộ so với năm 2023?") == []
    assert asked_years("thu ngan sach 2026 tang bao nhieu so voi cung ky 2025") == [2026]
    # "cùng kỳ 2024" alone is a figure asked, and so are two years named side by side
    assert asked_years("số người tham gia BHYT 6 tháng đầu năm 2025 và cùng kỳ 2024") == [2025, 2024]
    assert asked_years("Năm 2023 và 2024 xã A thu bao nhiêu?") == [2023, 2024]


def test_a_follow_up_on_the_drop_since_a_baseline_asks_the_earlier_year(tmp_path_factory, encoder):
    from conftest import one_plan_index
    from assistant.answering import read_query
    plan = ("KẾ HOẠCH phát triển kinh tế - xã hội năm 2027 của xã Khe Mây\n\nI. CHỈ TIÊU\n\n"
            "Phấn đấu giảm nghèo bền vững, tỷ lệ hộ nghèo năm 2027 còn 1,2%, giảm 35 hộ nghèo so với năm 2026.\n")
    index = one_plan_index(tmp_path_factory, encoder, "ke_hoach_2027_xa_khe_may.txt", plan)
    q = read_query(index, "Như vậy số hộ nghèo sẽ giảm bao nhiêu hộ so với năm 2026?",
                   ["Năm 2027 xã Khe Mây phấn đấu tỷ lệ hộ nghèo là bao nhiêu?"], None)
    assert q.years == [2027]


def test_households_asked_as_ho_dan_are_the_plans_ho():
    from assistant.vietnamese import synonym_matches
    # "nhiều hộ dân hơn" is answered by "… 3.966 hộ, 14.205 nhân khẩu" (synonyms.tsv: hộ dân | hộ)
    held = synonym_matches("Xã A và xã B, xã nào có nhiều hộ dân hơn?", {"toan", "xa", "co", "thon", "ho", "nhan", "khau"})
    assert {"ho", "dan", "ho_dan"} <= held
    assert not synonym_matches("Xã A có bao nhiêu hộ dân?", {"dan", "so"})
