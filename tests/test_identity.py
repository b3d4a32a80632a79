from assistant.embedding import hashing_encoder
from assistant.freshness import up_to_date
from assistant.identity import same_plan
from assistant.indexing import build_index, same_plan_in_index
from assistant.store import DocRecord

PLAN = ("UBND XÃ YÊN HÒA\nSố: 5/KH-UBND\n\nKẾ HOẠCH\nPhát triển kinh tế - xã hội năm 2025\n\n"
        "1. Thu ngân sách trên địa bàn đạt 5,2 tỷ đồng, tăng 6% so với năm 2024.\n\n"
        "2. Tỷ lệ hộ nghèo giảm còn 1,5% theo chuẩn nghèo đa chiều.\n")


def _doc(source, **kw):
    base = dict(source=source, sha256="x", size=1, method="text", place_kind="xã", place_name="Yên Hòa",
                plan_kind="kế hoạch", years=[2025], title="KẾ HOẠCH Phát triển kinh tế - xã hội năm 2025",
                year=2025, period="cả năm")
    return DocRecord(**{**base, **kw})


def test_same_place_kind_period_and_title_is_the_same_plan():
    docs = [_doc("a.docx")]
    assert same_plan(docs, _doc("a.pdf", method="ocr", title="Kế hoạch  phát triển kinh tế-xã hội năm 2025"))
    assert same_plan(docs, _doc("b.txt", period="6 tháng")) is None
    assert same_plan(docs, _doc("b.txt", year=2024)) is None
    assert same_plan(docs, _doc("b.txt", place_name="Yên Bình")) is None
    assert same_plan(docs, _doc("b.txt", plan_kind="báo cáo")) is None
    assert same_plan([_doc("a.txt", place_name="")], _doc("b.txt", place_name="")) is None  # unknown: never


def test_a_plan_dropped_in_a_second_format_is_indexed_once(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "a.txt").write_text(PLAN, encoding="utf-8")
    (corpus / "a.md").write_text(PLAN.replace("KẾ HOẠCH\n", "# KẾ HOẠCH\n"), encoding="utf-8")
    enc = hashing_encoder()
    report = build_index(corpus, index, enc)
    lines = {f.source: (f.status, f.detail) for f in report.files}
    assert lines["a.md"] == ("same plan", "same plan as a.txt; indexed once") or \
        lines["a.txt"] == ("same plan", "same plan as a.md; indexed once")
    assert sum(status == "indexed" for status, _ in lines.values()) == 1
    # nothing changed: the copy is not read again, and the no-op is decided from hashes
    again = up_to_date(corpus, index, enc.name)
    assert again is not None and {f.status for f in again.files} == {"unchanged", "same plan"}
    assert build_index(corpus, index, enc).embedded == 0
    # the indexed copy leaves: the other is indexed in its place
    kept = next(s for s, (status, _) in lines.items() if status == "indexed")
    (corpus / kept).unlink()
    after = {f.source: f.status for f in build_index(corpus, index, enc).files}
    assert after == {kept: "removed", ({"a.txt", "a.md"} - {kept}).pop(): "indexed"}


def test_the_page_can_ask_before_an_upload_is_indexed_twice(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "a.txt").write_text(PLAN, encoding="utf-8")
    build_index(corpus, index, hashing_encoder())
    upload = tmp_path / "upload.md"
    upload.write_text("**" + PLAN.replace("\n\n", "\n\n\n") + "**", encoding="utf-8")
    twin = same_plan_in_index(upload, index)
    assert twin is not None and twin.source == "a.txt"
    other = tmp_path / "other.txt"
    other.write_text(PLAN.replace("năm 2025", "năm 2026"), encoding="utf-8")
    assert same_plan_in_index(other, index) is None


def test_a_title_read_short_from_a_scan_still_names_the_plan():
    docs = [_doc("a.txt", title="BÁO CÁO Tình hình thực hiện nhiệm vụ năm 2024; phương hướng năm 2025")]
    assert same_plan(docs, _doc("a.scan.pdf", title="BÁO CÁO Tình hình thực hiện nhiệm vụ năm 2024;"))
    assert same_plan(docs, _doc("b.txt", title="BÁO CÁO Tình hình")) is None  # too short to tell
