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
