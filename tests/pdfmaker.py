"""Plans in Word, PDF and scanned-PDF form, made by the tests themselves (a clone has no
../shared/fixtures): python-docx for Word, pdfium's own text objects with a system TrueType
font for a text PDF (Helvetica cannot write Vietnamese), and that PDF's pages rendered to
images and saved as an image-only PDF for a scan."""
from __future__ import annotations

import ctypes
import io
from pathlib import Path

import pytest

FONTS = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
         Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
         Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")]
PAGE_W, PAGE_H, MARGIN = 595, 842, 56
LINES_PER_PAGE = 40


def font_path() -> Path:
    found = next((f for f in FONTS if f.exists()), None)
    if found is None:
        pytest.skip("no TrueType font with Vietnamese letters to write a test PDF (apt-get install fonts-dejavu-core)")
    return found


def plan_pages(text: str, per_page: int = LINES_PER_PAGE) -> list[list[str]]:
    lines = [line.replace("\t", " ") for line in text.splitlines()]
    return [lines[i:i + per_page] for i in range(0, len(lines), per_page)] or [[]]


def make_text_pdf(pages: list[list[str]], size: float = 10.5) -> bytes:
    """A PDF with one text line per entry, top to bottom, in a real Unicode font."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument.new()
    data = font_path().read_bytes()
    buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    font = raw.FPDFText_LoadFont(doc.raw, buffer, len(data), raw.FPDF_FONT_TRUETYPE, 1)
    for lines in pages:
        page = doc.new_page(PAGE_W, PAGE_H)
        for i, line in enumerate(lines):
            if not line.strip():
                continue
            obj = raw.FPDFPageObj_CreateTextObj(doc.raw, font, size)
            wide = ctypes.create_string_buffer(line.encode("utf-16-le") + b"\0\0")
            raw.FPDFText_SetText(obj, ctypes.cast(wide, ctypes.POINTER(raw.FPDF_WCHAR)))
            raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, MARGIN, PAGE_H - MARGIN - (i + 1) * size * 1.6)
            raw.FPDFPage_InsertObject(page.raw, obj)
        raw.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def make_scan_pdf(pdf: bytes, dpi: int = 200) -> bytes:
    """The same pages as pictures only: what a scanner gives."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(pdf)
    images = [source[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(len(source))]
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out.getvalue()


def make_docx(text: str) -> bytes:
    """A Word file with one paragraph per line of a plain-text plan."""
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
