"""Scanned PDFs: Tesseract OCR, laid out like a text layer, cached by file content."""
from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytesseract
import pytest
from PIL import Image, ImageDraw, ImageFont

from assistant import ocr
from assistant.loading import LoadError
from assistant.pdf_reader import read_pdf

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
FONTS = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
         Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
         Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
         Path("C:/Windows/Fonts/arial.ttf")]
LINES = ["KẾ HOẠCH PHÁT TRIỂN KINH TẾ - XÃ HỘI NĂM 2024",
         "Tỷ lệ hộ nghèo giảm còn dưới 0,5%; giữ vững an ninh chính trị."]


def tesseract_with_vietnamese() -> bool:
    try:
        return "vie" in pytesseract.get_languages(config="")
    except (pytesseract.TesseractNotFoundError, OSError):
        return False


needs_tesseract = pytest.mark.skipif(not tesseract_with_vietnamese(),
                                     reason="needs tesseract with Vietnamese: " + ocr.INSTALL_HINT)


def scanned_pdf(path: Path) -> Path:
    """A one-page 'scan': Vietnamese lines drawn into a 300 dpi image saved as an image-only PDF."""
    font_path = next((f for f in FONTS if f.exists()), None)
    if font_path is None:
        pytest.skip("no TrueType font with Vietnamese letters on this machine")
    font = ImageFont.truetype(str(font_path), 40)
    image = Image.new("L", (2480, 700), "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(LINES):
        draw.text((150, 150 + 110 * i), line, font=font, fill="black")
    image.save(path, "PDF", resolution=300)
    return path


@needs_tesseract
def test_a_scanned_page_is_read_and_the_second_read_comes_from_the_cache(tmp_path, monkeypatch):
    pdf = scanned_pdf(tmp_path / "scan.pdf")
    progress = []
    first = read_pdf(pdf, cache_dir=tmp_path / "cache", progress=lambda *a: progress.append(a))
    assert first.method == "ocr" and first.page_starts == (0,)
    for words in ("KẾ HOẠCH PHÁT TRIỂN", "hộ nghèo", "an ninh chính trị"):
        assert words in first.text
    assert progress == [(1, 1, "OCR page 1 of 1")]
    assert len(list((tmp_path / "cache").glob("ocr-*.json"))) == 1

    def no_tesseract(*args, **kwargs):
        raise AssertionError("tesseract ran although the page was cached")

    monkeypatch.setattr(pytesseract, "image_to_data", no_tesseract)
    monkeypatch.setattr(pytesseract, "get_languages", no_tesseract)
    progress.clear()
    again = read_pdf(pdf, cache_dir=tmp_path / "cache", progress=lambda *a: progress.append(a))
    assert again == first
    assert progress == [(1, 1, "OCR page 1 of 1 (cached)")]


@needs_tesseract
def test_the_cache_is_keyed_by_content_not_by_name(tmp_path, monkeypatch):
    pdf = scanned_pdf(tmp_path / "scan.pdf")
    first = read_pdf(pdf, cache_dir=tmp_path / "cache")
    renamed = tmp_path / "renamed.pdf"
    shutil.copy(pdf, renamed)
    monkeypatch.setattr(pytesseract, "image_to_data", lambda *a, **k: pytest.fail("OCR ran again"))
    assert read_pdf(renamed, cache_dir=tmp_path / "cache").text == first.text


@needs_tesseract
@pytest.mark.skipif(not (FIXTURES / "002_tho_xuong_scan.pdf").exists(), reason="scan fixture missing")
def test_a_real_scanned_page_reads_like_its_text_layer(tmp_path):
    source = pdfium.PdfDocument(FIXTURES / "002_tho_xuong_scan.pdf")
    one_page = pdfium.PdfDocument.new()
    one_page.import_pages(source, [0])
    one_page.save(tmp_path / "page1.pdf")
    text = read_pdf(tmp_path / "page1.pdf").text
    assert "Thọ Xương, ngày tháng năm 2023" in text
    assert ("\n\nCăn cứ Nghị quyết Đại hội đại biểu Đảng bộ phường Thọ Xương lần thứ V, nhiệm kỳ 2020-2025;\n\n"
            in text)  # two printed lines joined back into one paragraph
    assert "\n\n- Công tác quản lý đô thị, VSMT hiệu quả có mặt còn hạn chế" in text  # bullet dot restored


def test_missing_tesseract_says_how_to_install_it(tmp_path, monkeypatch):
    pdf = scanned_pdf(tmp_path / "scan.pdf")

    def not_found(*args, **kwargs):
        raise pytesseract.TesseractNotFoundError()

    monkeypatch.setattr(pytesseract, "get_languages", not_found)
    with pytest.raises(LoadError, match="apt-get install tesseract-ocr tesseract-ocr-vie"):
        read_pdf(pdf, cache_dir=tmp_path / "cache")


def test_missing_vietnamese_data_says_how_to_install_it(tmp_path, monkeypatch):
    pdf = scanned_pdf(tmp_path / "scan.pdf")
    monkeypatch.setattr(pytesseract, "get_languages", lambda *a, **k: ["eng", "osd"])
    with pytest.raises(LoadError, match="Vietnamese.*apt-get install tesseract-ocr tesseract-ocr-vie"):
        read_pdf(pdf)


def test_a_damaged_cache_file_is_ignored(tmp_path):
    (tmp_path / "ocr-abc.json").write_text("{not json", encoding="utf-8")
    assert ocr.load_cache(tmp_path, "abc") == {}
    ocr.save_cache(tmp_path, "abc", {"0": [["chữ", 1, 2, 3, 4, 96.0]]})
    assert ocr.load_cache(tmp_path, "abc") == {"0": [["chữ", 1, 2, 3, 4, 96.0]]}
    assert ocr.load_cache(None, "abc") == {}


def test_pages_are_read_on_every_core_with_progress_per_page(tmp_path, monkeypatch):
    """A pool reads pages at once (here two workers); each finished page is reported and cached."""
    import threading
    import time

    class FakePage:
        def __init__(self, n):
            self.n = n

        def render(self, **_):
            return self

        def to_pil(self):
            return self.n

    running, most = [0], [0]
    lock = threading.Lock()

    def fake_read(image, index):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1
        return [[f"trang{image}", 0, 0, 1, 1, 90.0]]

    monkeypatch.setattr(ocr, "read_image", fake_read)
    monkeypatch.setattr(ocr, "ensure_tesseract", lambda: None)
    monkeypatch.setenv("ASSISTANT_OCR_WORKERS", "2")
    pages = [FakePage(n) for n in range(5)]
    heard = []
    out = ocr.ocr_pages(pages, [0, 1, 2, 3, 4], "d", tmp_path, lambda *a: heard.append(a))
    assert [out[i][0].text for i in range(5)] == [f"trang{i}" for i in range(5)]
    assert most[0] == 2
    assert [d for d, _, _ in heard] == [1, 2, 3, 4, 5] and all(t == 5 for _, t, _ in heard)
    assert sorted(m for _, _, m in heard) == sorted(f"OCR page {i} of 5" for i in range(1, 6))
    again = []
    ocr.ocr_pages(pages, [0, 1, 2, 3, 4], "d", tmp_path, lambda *a: again.append(a))
    assert all(m.endswith("(cached)") for _, _, m in again) and len(again) == 5
