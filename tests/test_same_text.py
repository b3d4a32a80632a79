"""Identical text is never a conflict: passages or quotes with the same words, whatever their
markup or table format, are one statement (chunking.comparable)."""
from assistant.compose import _conflicting, _disagree

SENTENCE = "Thu ngân sách đạt 5 tỷ đồng, tăng 1 tỷ đồng so với năm trước."


def _index(*texts):
    class Index:
        passages = {n + 1: type("P", (), {"text": t, "source": "a"}) for n, t in enumerate(texts)}
    return Index()


def test_one_sentence_quoted_twice_does_not_disagree():
    assert not _disagree([SENTENCE, SENTENCE])
    assert not _disagree([SENTENCE, f"**{SENTENCE}**"])
    assert _disagree([SENTENCE, SENTENCE.replace("5 tỷ", "7 tỷ")])


def test_a_row_in_two_table_formats_is_no_conflict():
    tabs = "1\tThu ngân sách\t5 tỷ đồng\t6 tỷ đồng"
    pipes = "| 1 | Thu ngân sách | 5 tỷ đồng | 6 tỷ đồng |"
    assert _conflicting(_index(tabs, pipes), [(1, 0.9, 1.0), (2, 0.9, 1.0)], [1], 0.1) == []
    other = pipes.replace("6 tỷ", "8 tỷ")
    assert _conflicting(_index(tabs, other), [(1, 0.9, 1.0), (2, 0.9, 1.0)], [1], 0.1) == [2]


def test_figures_of_different_years_are_no_conflict():
    from types import SimpleNamespace as P
    from assistant.compose import _different_years

    class Index:
        passages = {1: P(period_years=[2026]), 2: P(period_years=[2025]), 3: P(period_years=[2026]), 4: P(period_years=[])}
    assert _different_years(Index(), [1, 2])
    assert not _different_years(Index(), [1, 3])  # the same year: figures that differ disagree
    assert not _different_years(Index(), [1, 4])  # a passage of no known year may be of the same


def test_figures_of_different_things_in_one_unit_do_not_disagree():
    from assistant.compose import _disagree
    assert not _disagree(["Chi thường xuyên đạt 5 tỷ đồng.", "Chi đầu tư phát triển đạt 7 tỷ đồng."])
    assert not _disagree(["Thu ngân sách trên địa bàn 9 tháng được 14 tỷ đồng.",
                          "Tổng thu ngân sách xã (kể cả bổ sung từ ngân sách tỉnh) 9 tháng đạt 58 tỷ đồng."])
    # the same thing said with other words around it does
    assert _disagree(["Tổng sản lượng lương thực có hạt đạt 6.100 tấn.",
                      "phấn đấu tổng sản lượng lương thực có hạt (lúa, ngô) đạt khoảng 6.000 tấn"])
    assert _disagree(["Thu ngân sách 26 tỷ đồng; chi ước đạt 13 tỷ đồng.", "chi ước đạt 17,1 tỷ đồng cho đầu tư"])
