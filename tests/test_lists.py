"""A list asked for and found in the sentence that opens it: the items after it join
(compose._items_after), on made-up passages."""
from types import SimpleNamespace as P

from assistant.compose import _items_after
from assistant.question import Query

LINES = [
    ("paragraph", "Năm 2025 xã đạt 12/14 tiêu chí; còn 02 tiêu chí chưa đạt. Cụ thể:"),
    ("paragraph", "Các tiêu chí đã đạt (12 tiêu chí):"),
    ("item", "- Tiêu chí số 1 - Quy hoạch;"),
    ("item", "- Tiêu chí số 4 - Điện;"),
    ("paragraph", "Các tiêu chí chưa đạt (02 tiêu chí):"),
    ("item", "- Tiêu chí số 2 - Giao thông;"),
    ("item", "- Tiêu chí số 10 - Thu nhập."),
    ("paragraph", "Năm 2026 xã phấn đấu đạt đủ 14 tiêu chí. Khen thưởng như sau:"),
    ("item", "- 03 tập thể."),
]


class Index:
    passages = [P(kind=k, text=t, source="a") for k, t in LINES]

    def rows_of(self, source):
        return list(range(len(LINES)))


def query(text):
    return Query(question=text, history=[], places=[], unknown_places=[], years=[], intent=None,
                 comparison=False, follow_up=False)


def test_the_sub_list_whose_opening_holds_the_question_joins():
    q = query("Những tiêu chí nào chưa đạt?")
    assert _items_after(Index(), q, {"tieu_chi": 2.0, "chua": 3.0}, [0]) == [0, 4, 5, 6]


def test_sub_lists_alike_all_join_and_a_new_lead_sentence_ends_the_walk():
    q = query("Những tiêu chí nào?")
    assert _items_after(Index(), q, {"tieu_chi": 2.0}, [0]) == [0, 1, 2, 3, 4, 5, 6]


def test_a_passage_that_opens_no_list_brings_nothing():
    assert _items_after(Index(), query("Tiêu chí?"), {"tieu_chi": 2.0}, [2]) == [2]


def test_the_items_a_found_passage_opens_are_where_a_part_of_it_is_sought():
    from assistant.answering import _items_opened
    # row 0 opens nothing ("Cụ thể:" is its last word, but row 1 is a paragraph); row 1 opens rows 2 and 3
    assert _items_opened(Index(), [1]) == {2, 3}
    assert _items_opened(Index(), [2]) == set()  # an item opens no list
    assert _items_opened(Index(), [0]) == set()  # the next passage is no item


class HeadedIndex:
    """Two sections: the best passage holds a list in one sentence under one heading; another
    heading names the question's words better and has two items."""
    passages = [P(kind="item", text="a) Hạ tầng: đầu tư 17 công trình, gồm 9 tuyến đường và 3 đập dâng.", source="a",
                  headings=["2. Kết quả các dự án"]),
                P(kind="paragraph", text="Cuối năm 2022 còn 1.082 hộ nghèo.", source="a", headings=["1. Kết quả giảm nghèo 5 năm"]),
                P(kind="paragraph", text="Cuối năm 2025 còn 545 hộ nghèo.", source="a", headings=["1. Kết quả giảm nghèo 5 năm"])]

    def rows_of(self, source):
        return [0, 1, 2]


def test_a_list_found_under_its_heading_keeps_the_best_passage_first():
    from assistant.compose import _heading_items
    q = query("5 năm qua dự án giảm nghèo làm những công trình gì?")
    weights = {"giam_ngheo": 3.0, "giam": 1.0, "ngheo": 1.0, "5": 1.0, "nam": 0.5, "cong_trinh": 3.0}
    scored = [(0, 0.75, 0.0), (1, 0.30, 0.0), (2, 0.29, 0.0)]
    assert _heading_items(HeadedIndex(), q, weights, scored) == [0, 1, 2]
    assert _heading_items(HeadedIndex(), q, weights, [(1, 0.7, 0.0), (0, 0.3, 0.0), (2, 0.29, 0.0)]) == [1, 2]
