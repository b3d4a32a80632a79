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
