"""A conversation never spoils a question: history fills in only what a question leaves out, a
question naming no place is not pinned on one silently, a disagreeing place filter is said, and
an over-long question is refused. Three made-up plans, the hashing encoder."""
from __future__ import annotations

import pytest

from assistant.answering import MAX_QUESTION_CHARS, answer_question
from assistant.indexing import build_index
from assistant.places import Place
from assistant.question import analyse
from assistant.retrieval import open_index

PLANS = {
    "tan_my.txt": """KẾ HOẠCH
Phát triển kinh tế - xã hội năm 2024 của xã Tân Mỹ

I. CHỈ TIÊU NĂM 2024
- Thu nhập bình quân đầu người của xã Tân Mỹ năm 2024 đạt 61 triệu đồng.
- Tỷ lệ hộ nghèo năm 2024 của xã Tân Mỹ giảm còn 2,4%.
- Tổng đàn trâu bò năm 2024 đạt 1.150 con.

II. CÁC DỰ ÁN ĐẦU TƯ NĂM 2024
1. Dự án cứng hóa kênh mương nội đồng thôn Đông.
2. Dự án xây dựng nhà văn hóa thôn Bắc.
3. Dự án nâng cấp chợ trung tâm xã.
""",
    "an_phu.txt": """KẾ HOẠCH
Phát triển kinh tế - xã hội năm 2024 của xã An Phú

I. CHỈ TIÊU NĂM 2024
- Thu nhập bình quân đầu người của xã An Phú năm 2024 đạt 57 triệu đồng.
- Tỷ lệ hộ nghèo năm 2024 của xã An Phú giảm còn 3,1%.

II. CÁC DỰ ÁN ĐẦU TƯ NĂM 2024
1. Dự án mở rộng trường mầm non xã An Phú.
2. Dự án xây dựng trạm bơm tiêu úng Cầu Đá.
3. Dự án lát gạch vỉa hè đường trục xã.
""",
    "hoa_binh.txt": """KẾ HOẠCH
Phát triển kinh tế - xã hội năm 2024 của phường Hòa Bình

I. CHỈ TIÊU NĂM 2024
- Tỷ lệ hộ nghèo năm 2024 của phường Hòa Bình giảm còn 0,8%.
- Số lượt khách du lịch đến hồ Ngọc Lan năm 2024 đạt 12.000 lượt.
""",
}
TAN_MY, AN_PHU, HOA_BINH = Place("xã", "Tân Mỹ"), Place("xã", "An Phú"), Place("phường", "Hòa Bình")
UNRELATED = "Thu nhập bình quân đầu người của xã Tân Mỹ năm 2023 là bao nhiêu?"
LIST_QUESTION = "Xã An Phú có những dự án nào?"


@pytest.fixture(scope="module")
def index(tmp_path_factory, encoder):
    corpus = tmp_path_factory.mktemp("plans")
    for name, text in PLANS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    folder = tmp_path_factory.mktemp("index")
    build_index(corpus, folder, encoder)
    return open_index(folder, encoder)


def ask(index, encoder, question, history=(), places=None):
    return answer_question(index, encoder, question, list(history), places=places)


def test_the_made_up_plans_are_read_with_their_places(index):
    assert set(index.places) == {TAN_MY, AN_PHU, HOA_BINH}


def test_a_list_question_after_an_unrelated_question_is_answered_as_alone(index, encoder):
    alone = ask(index, encoder, LIST_QUESTION)
    after = ask(index, encoder, LIST_QUESTION, [UNRELATED])
    assert not after.not_found
    assert "trạm bơm" in after.text and "vỉa hè" in after.text  # every item, from An Phú's plan
    assert after.text == alone.text
    assert [c.start for c in after.citations] == [c.start for c in alone.citations]


def test_a_question_naming_its_place_and_topic_takes_nothing_from_history(index):
    q = analyse(LIST_QUESTION, [UNRELATED], index.places)
    assert not q.follow_up and q.context == "" and q.places == [AN_PHU] and q.years == [] and q.intent is None
    assert q.listing


def test_history_fills_in_only_what_the_question_leaves_out(index):
    # no place: the earlier place and year carry over, and a short question its topic too
    q = analyse("Còn tỷ lệ hộ nghèo thì sao?", [UNRELATED], index.places)
    assert q.follow_up and q.places == [TAN_MY] and q.place_from_history and q.years == [2023]
    # a place but no topic: the earlier question is the topic
    q = analyse("Còn xã An Phú thì sao?", [UNRELATED], index.places)
    assert q.places == [AN_PHU] and q.context == UNRELATED and q.years == [2023]


def test_a_follow_up_still_answers_for_the_earlier_place(index, encoder):
    answer = ask(index, encoder, "Thế còn tỷ lệ hộ nghèo năm 2024?", [UNRELATED])
    assert not answer.not_found and "2,4%" in answer.text and "3,1%" not in answer.text


def test_no_place_and_no_history_answers_each_place_that_gives_it(index, encoder):
    answer = ask(index, encoder, "Tỷ lệ hộ nghèo năm 2024 là bao nhiêu?")
    assert not answer.not_found
    assert answer.text.startswith("Câu hỏi không nêu địa phương")
    assert {row["place"] for row in answer.comparison if row["citation"]} == {p.label for p in index.places}
    for figure in ("2,4%", "3,1%", "0,8%"):
        assert figure in answer.text


def test_no_place_names_the_only_place_whose_plan_answers(index, encoder):
    answer = ask(index, encoder, "Năm 2024 có bao nhiêu lượt khách du lịch đến hồ Ngọc Lan?")
    assert not answer.not_found and "12.000" in answer.text
    assert "phường Hòa Bình" in answer.text.splitlines()[0]  # said, not picked silently


def test_no_place_and_nothing_found_says_so(index, encoder):
    answer = ask(index, encoder, "Sân vận động có bao nhiêu chỗ ngồi?")
    assert answer.not_found and answer.text.startswith("Câu hỏi không nêu địa phương")


def test_a_filter_that_disagrees_with_the_question_is_said(index, encoder):
    answer = ask(index, encoder, "Tỷ lệ hộ nghèo năm 2024 của xã An Phú là bao nhiêu?", places=[TAN_MY])
    assert "bộ lọc" in answer.text and "xã Tân Mỹ" in answer.text.splitlines()[0]
    assert "3,1%" in answer.text and "2,4%" not in answer.text  # the question's place is answered


def test_a_filter_that_agrees_adds_nothing(index, encoder):
    named = ask(index, encoder, "Tỷ lệ hộ nghèo năm 2024 của xã An Phú là bao nhiêu?", places=[AN_PHU])
    filtered = ask(index, encoder, "Tỷ lệ hộ nghèo năm 2024 là bao nhiêu?", places=[AN_PHU])
    assert "bộ lọc" not in named.text and "bộ lọc" not in filtered.text
    assert "3,1%" in filtered.text and not filtered.text.startswith("Câu hỏi không nêu")


def test_an_over_long_question_is_refused_not_cut(index, encoder):
    question = "Tỷ lệ hộ nghèo năm 2024 của xã An Phú là bao nhiêu? " + "Xin cảm ơn. " * 100
    assert len(question.strip()) > MAX_QUESTION_CHARS
    answer = ask(index, encoder, question)
    assert answer.not_found and not answer.citations
    assert "quá giới hạn" in answer.text and str(MAX_QUESTION_CHARS) in answer.text


def test_a_question_at_the_limit_is_read_whole(index, encoder):
    question = "Tỷ lệ hộ nghèo năm 2024 của xã An Phú là bao nhiêu?"
    question = question + " " * (MAX_QUESTION_CHARS - len(question) - 1) + "?"
    assert len(question) == MAX_QUESTION_CHARS
    answer = ask(index, encoder, question)
    assert not answer.not_found and "3,1%" in answer.text


def test_a_follow_up_asking_of_con_so_nay_leans_on_the_earlier_topic(index):
    from assistant.need import query_weights
    earlier = "Xã Tân Mỹ phấn đấu thu nhập bình quân đầu người năm 2024 đạt mức nào?"
    # "con số này", "năm trước" name no indicator: the question is short and takes the earlier topic
    q = analyse("Thế năm 2023 con số này đạt bao nhiêu, tăng bao nhiêu so với năm trước?", [earlier], index.places)
    assert q.short and q.context == earlier
    weights = query_weights(index, q)
    assert {"thu", "nhap", "binh", "quan"} <= set(weights)
    assert not {"con", "truoc"} & set(weights)  # "con số", "năm trước" name no indicator


def test_a_follow_up_pointing_back_leans_on_the_earlier_topic_however_long(index):
    from assistant.need import query_weights
    earlier = "Tổng đàn trâu bò năm 2024 của xã Tân Mỹ là bao nhiêu con?"
    q = analyse("Thế năm 2025 xã đặt chỉ tiêu tăng thêm số con vật nuôi này bao nhiêu phần trăm?", [earlier],
                index.places)
    assert not q.short and q.anaphoric and q.context == earlier
    assert {"trau", "bo"} <= set(query_weights(index, q))


def test_in_a_conversation_a_place_word_in_lower_case_is_the_place_spoken_of(index):
    earlier = "Tổng đàn trâu bò năm 2024 của xã Tân Mỹ là bao nhiêu con?"
    q = analyse("còn năm sau xã hứa nâng lên bao nhiêu con?", [earlier], index.places)
    assert not q.unknown_places and q.places == [TAN_MY]
    # asked alone, a name typed in lower case that the plans do not hold is still a place asked of
    assert analyse("tỷ lệ hộ nghèo của xã hứa nâng", [], index.places).unknown_places


def test_a_year_said_relative_to_the_earlier_questions_is_read_from_it():
    from assistant.question import analyse, relative_year
    earlier = ["Năm 2026 xã Tân Phú trồng được bao nhiêu ha rừng?"]
    assert analyse("Thế năm tới xã định trồng bao nhiêu ha?", earlier, []).years == [2027]
    assert analyse("Còn năm ngoái thì sao?", earlier, []).years == [2025]
    assert analyse("the nam toi thi sao", earlier, []).years == [2027]
    assert analyse("Còn năm 2024?", earlier, []).years == [2024]  # a year said outright stays
    # "so với năm trước" names the baseline of a comparison, not the year asked
    assert relative_year("So với năm trước thì giảm bao nhiêu?") == 0
    assert analyse("So với năm trước thì giảm bao nhiêu?", earlier, []).years == [2026]


def test_a_follow_up_naming_both_sides_takes_neither_from_the_earlier_question():
    from assistant.question import analyse
    earlier = ["Đến tháng 6/2026 xã A có mấy trường đạt chuẩn quốc gia?"]
    assert analyse("Năm học tới xã phấn đấu có bao nhiêu trường đạt chuẩn?", earlier, []).intent is None
    assert analyse("Thế còn năm 2027?", ["Năm 2026 xã A đạt bao nhiêu ha?"], []).intent == "result"
