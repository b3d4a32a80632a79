"""Answers met in documents of other communes (eval/others17, studied), on a made-up notice: a
heading that names the person assigned answers who."""
import pytest

from assistant.answering import answer_question
from conftest import one_plan_index

NOTICE = """UBND XÃ HÒA PHONG THƯỢNG
Số: 41/TB-UBND

THÔNG BÁO
Kết luận của Chủ tịch UBND xã tại phiên họp thường kỳ tháng 10 năm 2026

Ngày 28/10/2026, UBND xã Hòa Phong Thượng họp đánh giá nhiệm vụ tháng 10 và triển khai nhiệm vụ tháng 11 năm 2026.

1. **Thu ngân sách.** Giao bộ phận tài chính đôn đốc thu các khoản thuế còn nợ đọng, hoàn thành trước ngày 20/11/2026.

2. **Giải phóng mặt bằng.** Giao ông Trịnh Văn Khải, Phó Chủ tịch UBND xã trực tiếp chỉ đạo:

- Dự án đường trục thôn Đồng Mới: chi trả tiền bồi thường cho 9 hộ còn lại trước ngày 15/11/2026;

- Dự án trường mầm non trung tâm: bàn giao mặt bằng cho nhà thầu trước ngày 30/11/2026.

3. **Chuyển đổi số.** Giao công chức văn phòng hoàn thành số hóa hồ sơ một cửa trong tháng 11/2026.
"""


@pytest.fixture(scope="module")
def notice(tmp_path_factory, encoder):
    return one_plan_index(tmp_path_factory, encoder, "thong_bao_ket_luan_xa_hoa_phong_thuong.md", NOTICE)


def test_a_heading_naming_the_person_assigned_answers_who(notice, encoder):
    answer = answer_question(notice, encoder, "Ai được giao trực tiếp chỉ đạo giải phóng mặt bằng ở xã Hòa Phong Thượng?")
    assert not answer.not_found and "Trịnh Văn Khải" in answer.text


def test_each_place_of_a_comparison_is_quoted_for_the_year_asked():
    from types import SimpleNamespace as NS
    from assistant.answering import _best_giving
    from assistant.features import Need
    from assistant.ranking import Ranked
    texts = ["Năm 2027 phường phấn đấu tỷ lệ hồ sơ nộp trực tuyến đạt 90%.",
             "Năm 2026 tỷ lệ hồ sơ nộp trực tuyến đạt 81,5%."]
    index = NS(passages=[NS(text=t, kind="paragraph", table_header="", footnote="") for t in texts], search_texts=texts)
    need = Need({"truc": 1.0, "tuyen": 1.0}, wants_number=True, years=(2026,), units=("%",),
                question="tỷ lệ hồ sơ nộp trực tuyến năm 2026 của phường A và xã B")
    hits = [Ranked(0, 0.7, {"year_other": 1.0, "term_coverage": 1.0}), Ranked(1, 0.3, {"year_match": 1.0, "term_coverage": 0.8})]
    assert _best_giving(index, hits, need).row == 1
    assert _best_giving(index, hits[:1], need).row == 0  # none of the year asked: the best still answers
