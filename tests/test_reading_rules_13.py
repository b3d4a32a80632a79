"""Rules met in documents of other communes (eval/others14 and others15, studied), each on a
made-up text: a passage stating both a plan and a result, a numbered table caption, money in
"tr.đ", the count of villages, a syllable outside the pair the question writes it in, everyday
words for a plan's term, a classifier before a unit, words no plan writes."""
from assistant.chunking import is_heading
from assistant.features import Need
from assistant.need import asked_unit
from assistant.quoting import best_quote
from assistant.retrieval import _passage_intent
from assistant.vietnamese import synonym_matches


def test_a_passage_stating_both_a_plan_and_a_result_is_neither_whatever_its_heading():
    assert _passage_intent("Kế hoạch vốn năm nay là 90 tỷ đồng; đến 30/9 đã giải ngân 41 tỷ đồng.") == "both"
    assert _passage_intent("Phấn đấu giải ngân 100% kế hoạch vốn.") == "target"
    assert _passage_intent("Đã giải ngân 41 tỷ đồng, đạt 45%.") == "result"
    assert _passage_intent("Vốn đầu tư công năm nay là 90 tỷ đồng.") is None


def test_a_numbered_table_caption_heads_its_rows():
    assert is_heading("Bảng 2. Diện tích gieo cấy vụ Mùa theo thôn")
    assert is_heading("Bảng 3: Kết quả thu gom rác thải theo tổ dân phố")
    assert not is_heading("Bảng giá đất được UBND tỉnh ban hành năm 2025 áp dụng đến hết năm 2029, theo đó giá đất ở "
                          "nông thôn tăng bình quân 12% so với bảng giá cũ, ảnh hưởng đến tiền bồi thường GPMB.")


def test_money_written_tr_dot_d_is_asked_in_millions_of_dong():
    for question in ("Dự phòng ngân sách năm nay còn bao nhiêu tr.đ?", "còn bao nhiêu trđ"):
        units = asked_unit(question)
        assert units and "triệu" in units and "đồng" in units


def test_the_number_of_villages_is_counted_in_villages_of_any_name():
    for question in ("số thôn của xã A", "so thon xa A"):
        units = asked_unit(question)
        assert units and {"thôn", "ấp", "bản", "tổ dân phố"} <= set(units)
    for question in ("xã B có bao nhiêu ấp", "số ấp của xã B"):
        assert "ấp" in asked_unit(question)  # counted as the question writes it
    need = Need({}, wants_number=True, units=asked_unit("số thôn của xã A"))
    assert need.unit_regex().search("Xã có 12 ấp, 3.100 hộ")
    assert not need.unit_regex().search("Hỗ trợ ấp 3 làm đường")


def test_a_syllable_held_outside_the_pair_the_question_writes_says_less_than_the_pair():
    text = ("Thu ngân sách đến 30/9 đạt 18.400 triệu đồng, bằng 80% dự toán đầu năm, trong đó thu tiền sử dụng "
            "đất 6.200 triệu đồng. Tổng chi ước 30.100 triệu đồng; chi đầu tư phát triển mới giải ngân 5.300 "
            "triệu đồng (40%). Thu bổ sung từ ngân sách cấp trên đã nhận 21.700 triệu đồng, bằng 76% dự toán, "
            "trong đó bổ sung có mục tiêu 2.900 triệu đồng để sửa chữa trường mầm non và nhà văn hóa các thôn.")
    weights = {"giai": 1.9, "ngan": 1.4, "giai_ngan": 4.1, "tien": 2.4, "dau": 1.4, "tu": 1.35, "dau_tu": 2.5}
    quote = best_quote(text, Need(weights, wants_number=True, units=("triệu", "tỷ", "đồng"), years=(2026,)))
    assert "giải ngân 5.300" in quote and "18.400" not in quote


def test_everyday_words_meet_the_plans_terms():
    spent = {"giai", "ngan", "von", "dau", "tu"}
    assert {"tieu", "duoc"} <= synonym_matches("đã tiêu được bao nhiêu tiền vốn đầu tư", spent)
    people = {"nhan", "khau", "co"}
    assert {"dong", "dan"} <= synonym_matches("xã nào đông dân hơn", people)


def test_an_aside_in_brackets_does_not_set_the_side_a_passage_states():
    assert _passage_intent("6. Đón 40.000 lượt khách du lịch (năm nay ước 35.000 lượt).") is None
    assert _passage_intent("Phấn đấu đón 40.000 lượt khách (năm nay ước đạt 35.000 lượt).") == "target"


def test_a_classifier_may_stand_between_a_figure_and_its_unit():
    assert Need({}, units=("khách",)).unit_regex().search("Đón 40.000 lượt khách du lịch")
    assert Need({}, units=("nhà",)).unit_regex().search("xây mới 12 căn nhà đại đoàn kết")


def test_a_place_kind_abbreviated_before_the_name_is_no_content_word():
    from assistant.places import Place
    from assistant.question import content_syllables
    words = content_syllables("KH năm 2027 của X. Tân Lộc: bao nhiêu thanh niên được vay vốn", [Place("xã", "Tân Lộc")])
    assert "x" not in words and "vay" in words
    assert "tt" not in content_syllables("TT Hòa An có bao nhiêu hộ nghèo", [Place("thị trấn", "Hòa An")])


def test_a_word_no_plan_writes_is_not_the_key_term_a_passage_misses():
    from assistant import answerability
    from assistant.features import Candidate, key_term_missing
    from assistant.retrieval import folded_vocab
    text = "Vận động thêm 700 người tham gia bảo hiểm y tế để đạt tỷ lệ 95%."
    c = Candidate(row=0, text=text, search_text=text, vocab=frozenset(folded_vocab(text)))
    weights = {"ru": 7.0, "them": 4.6, "nguoi": 2.0, "bao": 1.0, "hiem": 1.5}
    assert key_term_missing(Need(weights), c) == 1.0  # "rủ" counted as the rarest word
    assert key_term_missing(Need(weights, unknown=frozenset({"ru"})), c) == 0.0
    need = Need(weights, unknown=frozenset({"ru"}), unknown_share=7.0 / 16.1)
    assert answerability.unknown_words(need, []) == need.unknown_share


def test_a_unit_asked_in_one_of_its_forms_is_met_by_the_unit_itself():
    assert asked_unit("bao nhiêu thanh niên được vay vốn") == ("thanh niên", "người")
    assert asked_unit("bao nhieu hoc sinh") == ("học sinh", "người")
    assert asked_unit("đón bao nhiêu lượt khách") == ("lượt",)  # a classifier counts itself


def test_a_line_numbering_a_tables_columns_is_no_row_of_figures():
    from assistant.chunking import chunk
    text = ("Biểu 01. Giải ngân vốn đầu tư công năm nay\n\n"
            "STT  Tên dự án                     KH vốn    Giải ngân   Tỷ lệ %\n"
            "(1)  (2)                           (3)       (4)         (5)\n"
            "1    Trường mầm non Hòa Lạc         2.100     1.722       82,0\n"
            "2    Đường trục thôn Đông           3.400     1.150       33,8\n")
    kinds = {c.text.split()[0]: c.kind for c in chunk(text) if c.kind in ("row", "table_header")}
    assert kinds.get("(1)") == "table_header" and kinds.get("1") == "row" and kinds.get("2") == "row"


def test_capital_funds_and_budgets_are_asked_in_money():
    for question in ("đã giải ngân được bao nhiêu vốn", "cần bao nhiêu kinh phí", "bao nhieu kinh phi"):
        assert {"đồng", "triệu", "tỷ"} <= set(asked_unit(question) or ())


def test_a_heading_with_no_figure_is_not_quoted_for_a_figure_asked():
    from types import SimpleNamespace
    from assistant.answering import _giving
    heading = SimpleNamespace(row=1, features={"is_heading": 1.0, "figure_missing": 1.0})
    figure = SimpleNamespace(row=2, features={"figure_present": 1.0})
    index = SimpleNamespace(passages={1: SimpleNamespace(kind="heading", text="Chỉnh trang đô thị năm 2027"),
                                      2: SimpleNamespace(kind="paragraph", text="Đã lát 1,2 km vỉa hè.")})
    assert [h.row for h in _giving(index, [heading, figure], Need({}, wants_number=True))] == [2]
    assert [h.row for h in _giving(index, [heading], Need({}, wants_number=True))] == [1]  # nothing else ranks
    assert [h.row for h in _giving(index, [heading, figure], Need({}))] == [1, 2]  # no figure asked
