"""Rules met in documents of other communes (eval/others16, studied), each on a made-up text:
footnotes as Markdown writes them (and a Word file converted to Markdown), a whole year's
column of a quarter's report."""
import pytest

from assistant.answering import answer_question
from assistant.chunking import classify, footnote_number, markers_in
from assistant.features import Need
from assistant.quoting import column_score
from conftest import one_plan_index

PLAN = """# BÁO CÁO
## Kết quả công tác phòng chống thiên tai năm 2026 của thị trấn Bến Gò

Đợt mưa lớn tháng 10/2026 làm sạt lở 60 m bờ kênh Ba Thước; đã gia cố tạm với kinh phí 900 triệu đồng[^1].
Toàn thị trấn đã nạo vét 4,2 km kênh mương nội đồng[^2].

[^1]: Kinh phí gia cố lấy từ dự phòng ngân sách thị trấn 600 triệu đồng và nhân dân đóng góp 300 triệu đồng.
[^2]: Gồm kênh Ba Thước 2,1 km và kênh Xóm Đình 2,1 km.
"""


def test_a_markdown_footnote_is_a_footnote_and_its_marker_points_to_it():
    assert classify("[^1]: Kinh phí lấy từ dự phòng.") == "footnote"
    assert footnote_number("[^12]: Số liệu đến 30/11.") == "12"
    assert markers_in("kinh phí 900 triệu đồng[^1]; nạo vét 4,2 km[^2].") == ["1", "2"]
    assert classify("Xem [^1] ở cuối trang.") != "footnote"


@pytest.fixture(scope="module")
def index(tmp_path_factory, encoder):
    return one_plan_index(tmp_path_factory, encoder, "bao_cao_2026_thi_tran_ben_go.md", PLAN)


def test_the_footnote_a_quoted_sentence_points_to_is_quoted_with_it(index, encoder):
    answer = answer_question(index, encoder, "Tiền gia cố bờ kênh sạt lở ở thị trấn Bến Gò lấy từ nguồn nào?")
    assert "900 triệu đồng" in answer.text and "600 triệu đồng" in answer.text


def test_a_whole_year_asked_prefers_the_whole_years_column_to_the_quarters():
    need = Need({"phi": 1.0, "truoc": 1.0, "ba": 1.0}, wants_number=True, whole_year=True, question="lệ phí trước bạ cả năm")
    assert column_score("Lũy kế cả năm", need) > column_score("TH quý IV", need)
    assert column_score("Lũy kế cả năm", Need({}, question="lệ phí trước bạ quý IV", period="quý IV")) == 0
    # no part of the year asked: the year's column fits too, beside the quarter's
    plain = Need({"phi": 1.0}, wants_number=True, years=(2026,), question="lệ phí trước bạ năm 2026 thu được bao nhiêu")
    assert column_score("Lũy kế cả năm", plain) > 0
