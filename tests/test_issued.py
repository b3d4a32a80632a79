"""The number a document was issued under: asked of the plan itself it is read from its number
line; asked of a document the plan follows, it is left to the plan's sentences that cite it."""
import pytest

from assistant.answering import answer_question
from assistant.issued import kinds_asked, number_quote
from conftest import one_plan_index

PLAN = """UỶ BAN NHÂN DÂN                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
XÃ MINH KHÊ ĐÔNG                    Độc lập - Tự do - Hạnh phúc
Số: 214/BC-UBND                     Minh Khê Đông, ngày 05 tháng 12 năm 2026

BÁO CÁO
Kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2026

Căn cứ Nghị quyết số 31/NQ-HĐND ngày 20/12/2025 của HĐND xã về nhiệm vụ năm 2026, UBND xã báo cáo như sau:

I. KẾT QUẢ
1. Tổng diện tích lúa gieo cấy cả năm đạt 1.120 ha, sản lượng 7.050 tấn.
2. Thu ngân sách trên địa bàn đạt 12.400 triệu đồng, bằng 104% dự toán.
"""


@pytest.mark.parametrize("question, kinds", [
    ("Báo cáo kết quả năm 2026 của xã Minh Khê Đông số mấy?", {"báo cáo"}),
    ("số hiệu, ngày ban hành BC KT-XH 2026 xã Minh Khê Đông", {"báo cáo"}),
    ("số nghị quyết HĐND về nhiệm vụ năm 2027 xã A", {"nghị quyết"}),
    ("NQ của HĐND xã A về kế hoạch 5 năm là số mấy?", {"nghị quyết"}),   # the first kind named is asked
    ("Kế hoạch của xã A thực hiện theo Nghị quyết số mấy?", set()),     # another document the plan follows
    ("KH của xã A căn cứ BC số mấy của UBND xã?", set()),
    ("Quyết định số mấy của UBND tỉnh giao chỉ tiêu cho xã A?", set()),  # issued above the commune
    ("kế hoạch xã A tính hộ nghèo theo chuẩn nào, nghị định số mấy", set()),
    ("Số hộ nghèo năm 2026 của xã A", set()),                          # a count
    ("đàn lợn xã A năm 2026 đạt bao nhiêu % so KH", set()),             # "so" is "so với"
])
def test_the_own_number_is_asked_of_the_kind_named(question, kinds):
    assert kinds_asked(question) == kinds


def test_a_header_is_quoted_by_its_number_and_date_without_the_motto():
    header = "XÃ A            Độc lập - Tự do - Hạnh phúc\n   -----     -----\nSố: 27/NQ-HĐND        Xã A, ngày 18 tháng 12 năm 2026"
    assert number_quote(header) == "Số: 27/NQ-HĐND … Xã A, ngày 18 tháng 12 năm 2026"
    assert number_quote("Thu ngân sách đạt 12 tỷ đồng.") is None


@pytest.fixture(scope="module")
def index(tmp_path_factory, encoder):
    return one_plan_index(tmp_path_factory, encoder, "bao_cao_2026_xa_minh_khe_dong.txt", PLAN)


def test_the_plans_own_number_is_read_from_its_number_line(index, encoder):
    answer = answer_question(index, encoder, "Báo cáo kết quả KT-XH năm 2026 của xã Minh Khê Đông có số hiệu gì, ban hành ngày nào?")
    assert not answer.not_found
    assert "214/BC-UBND" in answer.text and "ngày 05 tháng 12 năm 2026" in answer.text
    assert answer.citations[0].start < 300  # cited to the header itself


def test_a_number_the_plan_cites_is_left_to_its_sentences(index, encoder):
    answer = answer_question(index, encoder, "Báo cáo năm 2026 của xã Minh Khê Đông căn cứ Nghị quyết số mấy của HĐND xã?")
    assert "31/NQ-HĐND" in answer.text and "214/BC-UBND" not in answer.text
