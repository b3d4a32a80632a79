"""The answer pipeline on a made-up plan, with the hashing encoder and the shipped fitted
model: a rate the plan lacks, asked beside rates it has, is not found; a sentence repeated
is no conflict; the config is explicit."""
import pytest

from assistant.answering import _conflicting, answer_question
from assistant.need import _wants_number
from assistant.config import default_config
from assistant.indexing import build_index
from assistant.retrieval import open_index

from conftest import one_plan_index

PLAN = """KẾ HOẠCH
Phát triển kinh tế - xã hội năm 2025 của xã Tân Mỹ

I. CHỈ TIÊU NĂM 2025
1. Tỷ lệ hộ nghèo năm 2025 giảm còn 2,1%.
2. Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng năm 2025 dưới 8,5%.
3. Tỷ lệ dân số tham gia bảo hiểm y tế năm 2025 đạt 95%.
4. Tổng sản lượng lương thực năm 2025 đạt 1.250 tấn.

II. NHIỆM VỤ
Làm tốt công tác dân số, kế hoạch hóa gia đình; tuyên truyền sinh đủ hai con.
"""


@pytest.fixture(scope="module")
def plan(tmp_path_factory, encoder):
    return one_plan_index(tmp_path_factory, encoder, "tan_my.txt", PLAN), encoder


def test_a_rate_the_plan_gives_is_answered(plan):
    a = answer_question(*plan, "Tỷ lệ hộ nghèo năm 2025 của xã Tân Mỹ là bao nhiêu?", config=default_config())
    assert not a.not_found and "2,1%" in a.text


def test_a_rate_the_plan_lacks_beside_rates_it_has_is_not_found(plan):
    a = answer_question(*plan, "Tỷ lệ hộ dùng nước sạch năm 2025 của xã Tân Mỹ là bao nhiêu?")
    assert a.not_found, a.text
    assert not a.conflict


def test_population_work_is_a_topic_not_a_figure():
    assert not _wants_number("Công tác dân số của xã Tân Mỹ năm 2025 thế nào?")
    assert not _wants_number("cong tac dan so xa Tan My")
    assert _wants_number("Số hộ nghèo của xã Tân Mỹ?") and _wants_number("so ho ngheo xa Tan My")


def test_the_same_sentence_twice_is_no_conflict():
    class Index:
        passages = {r: type("P", (), {"text": "Tỷ lệ hộ nghèo giảm còn 2,1%.", "source": "a"}) for r in (1, 2)}
    assert _conflicting(Index(), [(1, 0.9, 1.0), (2, 0.9, 1.0)], [1], 0.1) == []


def test_two_figures_of_one_indicator_are_a_conflict():
    class Index:
        passages = {1: type("P", (), {"text": "Tỷ lệ hộ nghèo giảm còn 2,1%.", "source": "a"}),
                    2: type("P", (), {"text": "Tỷ lệ hộ nghèo giảm còn 2,4%.", "source": "a"})}
    assert _conflicting(Index(), [(1, 0.9, 1.0), (2, 0.8, 1.0)], [1], 0.1) == [2]


def test_the_config_is_explicit_and_reported():
    config = default_config()
    report = config.as_json()
    assert report["threshold"] == config.threshold and "bm25" in report["ranker"]["features"]


def test_the_indicator_table_yields_to_the_ranking_when_it_lacks_a_place_or_the_part_of_year():
    from types import SimpleNamespace as NS
    from assistant.answering import _table_suffices
    table = NS(places=["xã A"])
    a, b = NS(label="xã A"), NS(label="xã B")
    assert _table_suffices(table, NS(question="So sánh thu ngân sách năm 2025 của xã A", comparison=False, places=[a]))
    assert not _table_suffices(table, NS(question="Thu ngân sách năm 2025 của xã A và xã B", comparison=True,
                                         places=[a, b]))
    assert not _table_suffices(table, NS(question="Thu ngân sách 6 tháng đầu năm 2025 xã A", comparison=False,
                                         places=[a]))


def test_a_year_no_plan_of_the_place_covers_is_not_answered():
    from assistant.answering import years_covered
    from assistant.places import Place

    class Index:
        doc_keys = ["an binh", "phu loc"]

        def doc_years(self, doc):
            return [frozenset({2025, 2026}), frozenset({2024})][doc]
    an_binh, phu_loc = Place("xã", "An Bình"), Place("xã", "Phú Lộc")
    assert years_covered(Index(), [2026], [an_binh]) and years_covered(Index(), [], [an_binh])
    assert not years_covered(Index(), [2027], [an_binh])  # its plans are of 2025 and 2026
    assert not years_covered(Index(), [2025], [phu_loc]) and years_covered(Index(), [2025], [])


def test_the_list_of_recipients_answers_nothing(tmp_path, encoder):
    from assistant.answering import read_query
    from assistant.retrieval import retrieve
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "tan_my.txt").write_text(PLAN + "\nNơi nhận:\n- Thường trực HĐND xã;\n- Trạm Y tế xã;\n- Lưu: VT.\n",
                                       encoding="utf-8")
    build_index(corpus, tmp_path / "index", encoder)
    index = open_index(tmp_path / "index", encoder)
    q = read_query(index, "Trạm y tế xã Tân Mỹ được HĐND xã giao chỉ tiêu gì?", [], None)
    rows = retrieve(index, q, encoder).rows
    assert len(rows) and not any("Lưu: VT" in index.passages[r].text or "Trạm Y tế" in index.passages[r].text
                                 for r in rows)
    # who signed may stand beside the list: asked for a person, it is searched
    who = read_query(index, "Ai ký ở mục Trạm y tế xã Tân Mỹ?", [], None)
    assert who.who and any("Trạm Y tế" in index.passages[r].text for r in retrieve(index, who, encoder).rows)
