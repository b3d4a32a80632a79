"""Word, PDF and scanned-PDF plans made by the test itself (a clone has no ../shared/fixtures):
each is indexed alone and answers with the plan's own figure, a PDF's citation with its page."""
from __future__ import annotations

import shutil

import pytest

from assistant.answering import answer_question
from assistant.indexing import build_index
from assistant.retrieval import open_index

from conftest import NEW_PLAN
from pdfmaker import make_docx, make_scan_pdf, make_text_pdf, plan_pages

QUESTION = "Thu nhập bình quân đầu người của xã Tân Mỹ năm 2024 là bao nhiêu?"


def _pdf() -> bytes:
    return make_text_pdf(plan_pages(NEW_PLAN))


FORMATS = {
    "tan_my.docx": (lambda: make_docx(NEW_PLAN), None, "docx"),
    "tan_my.pdf": (_pdf, 1, "pdf"),
    "tan_my_scan.pdf": (lambda: make_scan_pdf(_pdf()), 1, "ocr"),
}


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_a_generated_plan_answers_with_its_figure(name, tmp_path, encoder):
    make, page, method = FORMATS[name]
    if method == "ocr" and not shutil.which("tesseract"):
        pytest.skip("Tesseract is not installed (make system)")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / name).write_bytes(make())
    report = build_index(corpus, tmp_path / "index", encoder)
    assert [f.status for f in report.files] == ["indexed"], report.files
    index = open_index(tmp_path / "index", encoder)
    [doc] = index.docs
    assert doc.place_label == "xã Tân Mỹ" and doc.method == method
    answer = answer_question(index, encoder, QUESTION)
    assert "58 triệu đồng" in answer.text and not answer.not_found
    assert answer.citations[0].page == page
