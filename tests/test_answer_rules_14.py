"""Answers met in documents of other communes (eval/others15, others16, studied), on a made-up
plan: the items under a labelled total, a person asked, the recipients' list, a follow-up that
asks nothing of its own."""
import pytest

from assistant.answering import answer_question
from conftest import one_plan_index

PLAN = """UBND XÃ TÂN PHÚ THƯỢNG
Số: 88/BC-UBND

BÁO CÁO
Kết quả thực hiện kế hoạch đầu tư công năm 2026 và dự kiến kế hoạch năm 2027

I. TÌNH HÌNH CHUNG
Sáng ngày 12/11/2026, UBND xã Tân Phú Thượng tổ chức hội nghị rà soát tiến độ các dự án đầu tư công năm 2026 với sự chủ trì của lãnh đạo UBND xã.

Đồng chí Phan Văn Hòa, Chủ tịch UBND xã chủ trì.

II. DỰ KIẾN KẾ HOẠCH NĂM 2027
1. Dự án chuyển tiếp: 5.200 triệu đồng
2. Dự án khởi công mới: 7.900 triệu đồng
+ Nâng cấp chợ Tân Phú (tổng mức đầu tư 4.100 triệu đồng): 2.500 triệu đồng;
+ Trường Mầm non Hoa Sen, 04 phòng học: 3.200 triệu đồng;
+ Đường bê tông thôn Bàu Sen dài 1,2 km: 2.200 triệu đồng.
3. Chuẩn bị đầu tư: 300 triệu đồng

III. GIAO THÔNG NÔNG THÔN NĂM 2027
a) Bê tông hóa 6,8 km đường thôn, nâng tỷ lệ cứng hóa lên 100%.
b) Bê tông hóa 4,6 km đường ngõ xóm, đạt 100%.

IV. NHIỆM VỤ CỦA CÁC THÔN
5. Các thôn: xây dựng kế hoạch của thôn, đăng ký thời điểm đạt chuẩn văn hóa trước ngày 30/11 hằng năm.

V. KẾT QUẢ CÁC CHỈ TIÊU
| STT | Chỉ tiêu | ĐVT | 2025 | 2026 | 2027 |
|---|---|---|---|---|---|
| 1 | Thôn đạt chuẩn văn hóa | thôn | 9/14 | 11/14 | 13/14 |

VI. PHƯƠNG ÁN SƠ TÁN DÂN KHI CÓ BÃO MẠNH NĂM 2027
Khi có bão mạnh đổ bộ trực tiếp, xã Tân Phú Thượng tổ chức sơ tán 300 hộ với 1.100 khẩu ở các khu vực xung yếu ven sông, nhiều nhất là hai thôn Bàu Sen và Hòa Lạc, cụ thể như sau:

| STT | Thôn | Số hộ | Số khẩu | Địa điểm sơ tán |
|---|---|---|---|---|
| 1 | Bàu Sen | 120 | 430 | Trường THCS Tân Phú |
| 2 | Hòa Lạc | 180 | 670 | Nhà văn hóa thôn Mỹ An |

Nơi nhận:
- TT HĐND xã;
- Lưu: VT, Chợ Tân Phú.

CHỦ TỊCH
Phan Văn Hòa
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory, encoder):
    return one_plan_index(tmp_path_factory, encoder, "bao_cao_dtc_2026_xa_tan_phu_thuong.txt", PLAN)


def test_the_items_under_a_labelled_total_are_its_list_and_do_not_disagree(index, encoder):
    answer = answer_question(index, encoder, "Các dự án khởi công mới năm 2027 của xã Tân Phú Thượng gồm những dự án nào?")
    for item in ("chợ Tân Phú", "Mầm non Hoa Sen", "thôn Bàu Sen"):
        assert item in answer.text
    assert "Chuẩn bị đầu tư" not in answer.text  # the next item of the lead's own list ends it
    assert "khác nhau" not in answer.text        # items of a list name different things


def test_a_person_asked_is_answered_by_a_passage_naming_one(index, encoder):
    answer = answer_question(index, encoder, "Ai chủ trì hội nghị rà soát đầu tư công năm 2026 của xã Tân Phú Thượng?")
    assert "Phan Văn Hòa" in answer.text


def test_the_recipients_list_is_never_the_answer(index, encoder):
    from assistant.answering import _giving
    from assistant.features import Need
    from assistant.ranking import Ranked
    kinds = {index.passages[r].kind: r for r in range(len(index.passages))}
    recipients, paragraph = kinds["recipients"], kinds["paragraph"]
    hits = [Ranked(recipients, 0.9, {}), Ranked(paragraph, 0.5, {})]
    assert [h.row for h in _giving(index, hits, Need({}, question="chợ Tân Phú"))] == [paragraph]


def test_a_follow_up_asking_nothing_of_its_own_asks_the_earlier_figure(index, encoder):
    from assistant.answering import read_query
    from assistant.need import need_of
    history = ["Năm 2026 xã Tân Phú Thượng có bao nhiêu thôn đạt chuẩn văn hóa?"]
    need = need_of(index, read_query(index, "Thế còn năm 2027?", history, None))
    assert need.wants_number and need.years == (2027,)
    # one that asks its own thing keeps it: "ai" asks a person, not the earlier figure
    assert not need_of(index, read_query(index, "Thế ai chủ trì?", history, None)).wants_number
    answer = answer_question(index, encoder, "Thế còn năm 2027?", history)
    assert not answer.not_found and "13/14" in answer.text


def test_points_of_one_list_never_disagree(index):
    from assistant.compose import _different_items
    rows = {index.passages[r].text[:2]: r for r in range(len(index.passages))}
    assert _different_items(index, [rows["a)"], rows["b)"]])
    assert not _different_items(index, [rows["a)"], rows["+ "]])  # another list, another mark


def test_a_village_asked_is_answered_by_its_row():
    from assistant.features import villages_named
    assert villages_named("thôn Hòa Lạc phải sơ tán bao nhiêu khẩu, ấp 3 thì sao") == ["Hòa Lạc", "3"]
    assert villages_named("TDP số 3 và Bản Nà Phai") == ["số 3", "Nà Phai"]
    assert villages_named("các thôn của xã sơ tán bao nhiêu khẩu") == []
    assert villages_named("thon Hoa Lac so tan bao nhieu khau") == ["Hoa Lac"]  # typed without accents


def test_the_row_of_the_village_asked_comes_before_the_sentence_on_the_whole_commune(index, encoder):
    answer = answer_question(index, encoder, "Khi có bão mạnh đổ bộ năm 2027, thôn Hòa Lạc của xã Tân Phú Thượng phải sơ tán bao nhiêu khẩu?")
    assert "670" in answer.text
    # … and before a sentence naming it among others, asked without accents too
    answer = answer_question(index, encoder, "bao manh nam 2027 thon Hoa Lac xa Tan Phu Thuong so tan bao nhieu khau")
    assert "670" in answer.text
