"""Rules met in documents of other communes (this round), each on a made-up text: a document's
opening formula that runs on past "như sau", a rule line in a typed table, and the words of a
plan's title asked of a passage of its body."""
from assistant.chunking import chunk
from assistant.features import Candidate, Need, text_coverage

OPENING = ("UBND XÃ NA MÂY\n\nBÁO CÁO\nKết quả công tác một cửa năm 2026\n\n"
           "Thực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2026 của UBND xã Na Mây về cải cách "
           "hành chính, Bộ phận một cửa báo cáo kết quả năm 2026 như sau. Kỳ báo cáo tính từ "
           "ngày 15/12/2025 đến ngày 14/12/2026.\n\n"
           "I. KẾT QUẢ\n\nNăm 2026, Bộ phận một cửa tiếp nhận 4.210 hồ sơ.\n")


def test_an_opening_formula_that_runs_on_is_a_passage_of_its_own():
    from assistant.features import is_preamble
    texts = [p.text for p in chunk(OPENING) if p.kind == "paragraph"]
    formula = next(t for t in texts if t.startswith("Thực hiện"))
    assert formula.endswith("như sau.") and is_preamble(formula)
    assert any(t.startswith("Kỳ báo cáo tính từ") for t in texts)
    # every character of the paragraph is still in a passage, the offsets exact
    for p in chunk(OPENING):
        assert OPENING[p.start:p.end] == p.text


def test_an_opening_formula_with_a_note_on_its_figures_is_one():
    from assistant.features import is_preamble
    assert is_preamble("Thực hiện Công văn số 88/UBND ngày 02/11/2026, UBND xã báo cáo như sau (số liệu "
                       "tính đến ngày 30/11/2026)(1):")
    assert not is_preamble("Thực hiện Công văn số 88/UBND, năm 2026 xã thu 12 tỷ đồng như sau: thuế 3 tỷ đồng.")
    # a formula with figures after it, on the same line, is cut there
    text = "Thực hiện Kế hoạch số 3/KH-UBND, UBND xã báo cáo như sau: năm 2026 trồng 40 ha rừng.\n"
    assert [p.text for p in chunk(text)] == ["Thực hiện Kế hoạch số 3/KH-UBND, UBND xã báo cáo như sau:",
                                             "năm 2026 trồng 40 ha rừng."]


def _candidate(text: str) -> Candidate:
    from assistant.retrieval import folded_vocab
    vocab = frozenset(folded_vocab(text))
    return Candidate(row=0, text=text, vocab=vocab, text_vocab=vocab)


def _need(question: str, words: dict[str, float]) -> Need:
    return Need(words, question=question)


def test_a_rule_line_is_no_passage():
    text = ("Bảng 1. Kết quả theo thôn\n\n"
            "   TT  Thôn        Số hộ     Tỷ lệ\n"
            "   --  ---------   -------   ------\n"
            "   1   Gò Me       1.120     92,7\n"
            "   2   Bãi Lau       980     88,1\n"
            "   --  ---------   -------   ------\n"
            "       Toàn xã     2.100     90,6\n\n"
            "Năm 2026 toàn xã có 2.100 hộ.\n"
            "-----------------------\n"
            "(1) Số liệu đến ngày 15/12/2026.\n")
    passages = chunk(text)
    assert passages and all(any(ch.isalnum() for ch in p.text) for p in passages)
    assert any(p.kind == "row" and "Bãi Lau" in p.text for p in passages)


def test_the_words_of_a_plans_title_are_not_asked_of_the_text_of_each_passage():
    from assistant.retrieval import folded_vocab
    title = frozenset(folded_vocab("Báo cáo kết quả bảo đảm an toàn giao thông năm 2026"))
    need = _need("Năm 2026 xã Na Mây phạt tiền vi phạm an toàn giao thông bao nhiêu?",
                 {"phat": 1.0, "tien": 1.0, "phat_tien": 2.0, "an_toan": 1.0, "giao_thong": 1.0})
    body = _candidate("Năm 2026 lập biên bản 812 trường hợp, phạt tiền 1.204 triệu đồng.")
    opening = _candidate("Thực hiện Kế hoạch số 9/KH-BATGT về bảo đảm an toàn giao thông năm 2026, "
                         "UBND xã báo cáo như sau:")
    from dataclasses import replace
    body, opening = replace(body, title_vocab=title), replace(opening, title_vocab=title)
    assert text_coverage(need, body) == 1.0
    assert text_coverage(need, opening) == 0.0
    # a section's heading is not the plan's title: its words still count apart (heading_coverage)
    assert text_coverage(need, replace(body, title_vocab=frozenset())) < 1.0


def test_the_moment_a_count_was_taken_is_no_month_reported_on():
    from assistant.periods import document_period
    title = "BÁO CÁO Tự kiểm tra công tác phổ cập giáo dục năm 2026 (Thời điểm kiểm tra: tháng 10 năm 2026)"
    assert document_period(title, "", "báo cáo") == (2026, "cả năm")
    # a month's report still reports on the months since January
    assert document_period("BÁO CÁO Tình hình tháng 10 và nhiệm vụ tháng 11 năm 2026", "", "báo cáo") == (2026, "10 tháng")


def test_a_body_paragraph_citing_a_document_is_not_cut_as_the_opening_formula():
    text = ("BÁO CÁO\nKết quả năm 2026\n\nI. KẾT QUẢ\n\nTriển khai Kế hoạch số 30/KH-UBND, xã đã tổ chức 5 lớp "
            "tập huấn cho 250 lượt hộ, cụ thể như sau: thôn Đông 2 lớp, thôn Tây 3 lớp.\n")
    assert any("250 lượt hộ" in p.text and "thôn Tây 3 lớp" in p.text for p in chunk(text))
    from assistant.features import is_preamble
    assert not is_preamble("Theo kết quả rà soát, tổng số 35 hộ nghèo trên địa bàn, cụ thể như sau:")


def test_a_results_heading_does_not_start_the_part_that_plans_ahead():
    from assistant.candidates import _PLANNING_SECTION
    from assistant.vietnamese import fold
    for heading in ("II. NHIỆM VỤ TRỌNG TÂM ĐÃ THỰC HIỆN", "a) Kế hoạch vốn và tiến độ giải ngân",
                    "1. Nhiệm vụ được giao và kết quả thực hiện"):
        assert not _PLANNING_SECTION.match(fold(heading))
    for heading in ("III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027", "PHẦN II. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM THỜI GIAN TỚI",
                    "2.1. Nhiệm vụ năm 2027", "IV. Các nhiệm vụ, giải pháp"):
        assert _PLANNING_SECTION.match(fold(heading))


def test_a_two_letter_abbreviation_defined_in_a_plan_is_not_read_into_everyday_syllables():
    from assistant.vietnamese import defined_abbreviations
    assert defined_abbreviations("lực lượng Công an (CA) xã") == {}
    assert defined_abbreviations("thôn Tân Thành (TT) có 320 hộ") == {}
