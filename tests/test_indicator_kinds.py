"""A figure of one kind of an indicator does not answer a question on another kind: the spring
crop's output is not the autumn crop's, revenue is not spending (vocabulary/contrasts.tsv)."""
from __future__ import annotations

import pytest

from assistant.answering import answer_question

from conftest import one_plan_index

PLAN = """UBND XÃ MINH THỦY
BÁO CÁO
Kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2025 của xã Minh Thủy

I. KẾT QUẢ ĐẠT ĐƯỢC
1. Sản xuất nông nghiệp
Vụ Xuân gieo cấy 410 ha lúa, năng suất 64 tạ/ha, sản lượng 2.624 tấn.
Đàn trâu 820 con, tăng 3% so với năm 2024.
2. Tài chính - ngân sách
Thu ngân sách nhà nước trên địa bàn năm 2025 ước đạt 18,4 tỷ đồng, bằng 112% dự toán.
3. Y tế
Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi năm 2025 còn 14,2%.
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory, encoder):
    return one_plan_index(tmp_path_factory, encoder, "bao_cao_2025_xa_minh_thuy.txt", PLAN)


@pytest.mark.parametrize("asked, other", [
    ("Sản lượng lúa vụ Mùa năm 2025 của xã Minh Thủy là bao nhiêu tấn?", "2.624"),
    ("Chi ngân sách năm 2025 của xã Minh Thủy ước đạt bao nhiêu tỷ đồng?", "18,4"),
    ("Tỷ lệ trẻ em suy dinh dưỡng thể nhẹ cân năm 2025 của xã Minh Thủy là bao nhiêu?", "14,2"),
    ("Đàn bò năm 2025 của xã Minh Thủy có bao nhiêu con?", "820"),
])
def test_a_figure_of_another_kind_is_no_answer(index, encoder, asked, other):
    answer = answer_question(index, encoder, asked)
    assert answer.not_found and other not in answer.text


@pytest.mark.parametrize("asked, figure", [
    ("Sản lượng lúa vụ Xuân năm 2025 của xã Minh Thủy là bao nhiêu tấn?", "2.624"),
    ("Thu ngân sách năm 2025 của xã Minh Thủy ước đạt bao nhiêu tỷ đồng?", "18,4"),
    ("Tỷ lệ trẻ em suy dinh dưỡng thể thấp còi năm 2025 của xã Minh Thủy là bao nhiêu?", "14,2"),
    ("san luong lua vu xuan nam 2025 xa Minh Thuy bao nhieu tan", "2.624"),
])
def test_the_kind_asked_is_answered(index, encoder, asked, figure):
    answer = answer_question(index, encoder, asked)
    assert not answer.not_found and figure in answer.text


def test_a_passage_naming_both_kinds_answers_either():
    from assistant.features import names_other_kind
    both = "Tổng thu 12,5 tỷ đồng; tổng chi 9,8 tỷ đồng."
    assert not names_other_kind("Tổng chi ngân sách năm nay bao nhiêu?", both)
    assert not names_other_kind("Tổng thu ngân sách năm nay bao nhiêu?", both)
    assert names_other_kind("Tổng chi ngân sách năm nay bao nhiêu?", "Tổng thu 12,5 tỷ đồng.")
    herd = "Tổng đàn trâu, bò 1.700 con; đàn lợn 8.000 con."
    assert not names_other_kind("Đàn bò có bao nhiêu con?", herd)
    assert names_other_kind("Đàn dê có bao nhiêu con?", herd)
