"""How much a single plan file may ask of the machine, checked before it is parsed.

A hostile or broken file is cheap to make and expensive to read: a 1 MB .docx whose XML
unpacks to 300 MB, a 2 KB PDF with one page 5 m wide that OCR would render at 300 dpi into
3.6 gigapixels. These checks read only the file's table of contents (the zip directory, the
PDF's page sizes) and refuse such a file with one line saying why. What they cannot foresee
is bounded by the child process that reads the file (`sandbox`).

Every limit is an environment setting with a default well above any real plan (a plan of
60 pages is ~1 MB of XML, ~150 passages, A4 pages):
  ASSISTANT_MAX_UNPACKED_MB   total size of a .docx's members once unpacked (256)
  ASSISTANT_MAX_PDF_PAGES     pages of a PDF (500)
  ASSISTANT_MAX_PAGE_M2       area of one PDF page in square metres (1.0, an A0 sheet)
  ASSISTANT_MAX_OCR_MPX       pixels of one page rendered for OCR, in millions (150)
  ASSISTANT_MAX_TEXT_MB       text one plan may yield, in millions of characters (20)
  ASSISTANT_MAX_PASSAGES      passages one plan may yield (50000)
"""
from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .loading import LoadError

MB = 1024 * 1024
POINTS_PER_METRE = 72 / 0.0254
OCR_DPI = 300
DOCX_MAX_MEMBERS = 5000        # a Word file holds tens of parts; thousands is a zip bomb's shape
DOCX_MAX_RATIO = 200           # XML deflates 5-20x; a run of one repeated byte deflates ~1000x
DOCX_RATIO_FROM = 1 * MB       # small members may compress oddly; only big ones are judged


@dataclass(frozen=True)
class Limits:
    unpacked_bytes: int = 256 * MB
    pdf_pages: int = 500
    page_m2: float = 1.0
    ocr_pixels: int = 150_000_000
    text_chars: int = 20_000_000
    passages: int = 50_000


def limits_from_env(env: dict | None = None) -> Limits:
    env = os.environ if env is None else env
    d = Limits()

    def num(key: str, default: float) -> float:
        try:
            value = float(env.get(key, default))
        except ValueError:
            return default
        return value if value > 0 else default

    return Limits(unpacked_bytes=int(num("ASSISTANT_MAX_UNPACKED_MB", d.unpacked_bytes / MB) * MB),
                  pdf_pages=int(num("ASSISTANT_MAX_PDF_PAGES", d.pdf_pages)),
                  page_m2=num("ASSISTANT_MAX_PAGE_M2", d.page_m2),
                  ocr_pixels=int(num("ASSISTANT_MAX_OCR_MPX", d.ocr_pixels / 1e6) * 1e6),
                  text_chars=int(num("ASSISTANT_MAX_TEXT_MB", d.text_chars / 1e6) * 1e6),
                  passages=int(num("ASSISTANT_MAX_PASSAGES", d.passages)))


def check_file(path: Path, limits: Limits) -> None:
    """Refuse a file whose table of contents already shows it is too big to read."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        check_docx(path, limits)
    elif suffix == ".pdf":
        check_pdf(path, limits)


def check_docx(path: Path, limits: Limits) -> None:
    if not zipfile.is_zipfile(path):
        return  # not a zip: the Word reader says what it is
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    if len(members) > DOCX_MAX_MEMBERS:
        raise LoadError(f"the Word file holds {len(members)} parts, more than the limit of {DOCX_MAX_MEMBERS} "
                        "(a damaged or hostile file)")
    total = sum(m.file_size for m in members)
    if total > limits.unpacked_bytes:
        raise LoadError(f"the Word file unpacks to {total // MB} MB, more than the limit of "
                        f"{limits.unpacked_bytes // MB} MB (a damaged or hostile file)")
    for m in members:
        if m.file_size > DOCX_RATIO_FROM and m.file_size > DOCX_MAX_RATIO * max(m.compress_size, 1):
            raise LoadError(f"the Word file's part {m.filename[:60]} unpacks {m.file_size // max(m.compress_size, 1)} "
                            f"times its size, more than the limit of {DOCX_MAX_RATIO} (a damaged or hostile file)")


def check_pdf(path: Path, limits: Limits) -> None:
    """Page count and page sizes from the PDF's page tree (pdfium reads no content for this)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return  # damaged or protected: the PDF reader says which
    try:
        if len(pdf) > limits.pdf_pages:
            raise LoadError(f"the PDF has {len(pdf)} pages, more than the limit of {limits.pdf_pages}")
        for i in range(len(pdf)):
            check_page(i + 1, *pdf.get_page_size(i), limits)
    finally:
        pdf.close()


def check_page(number: int, width: float, height: float, limits: Limits) -> None:
    """One page: its area on paper, and its pixels once rendered for OCR."""
    area_m2 = (width / POINTS_PER_METRE) * (height / POINTS_PER_METRE)
    if area_m2 > limits.page_m2:
        raise LoadError(f"the PDF's page {number} measures {width:.0f} x {height:.0f} points ({area_m2:.1f} m²), "
                        f"larger than the limit of {limits.page_m2:g} m² (a damaged or hostile file)")
    pixels = (width * OCR_DPI / 72) * (height * OCR_DPI / 72)
    if pixels > limits.ocr_pixels:
        raise LoadError(f"the PDF's page {number} would be {pixels / 1e6:.0f} million pixels for OCR, "
                        f"more than the limit of {limits.ocr_pixels / 1e6:g} million")


def check_yield(text: str, n_passages: int, limits: Limits) -> None:
    """What one plan produced: its text and passages (a page of text cannot make a million)."""
    if len(text) > limits.text_chars:
        raise LoadError(f"the file yields {len(text) / 1e6:.1f} million characters of text, more than the limit "
                        f"of {limits.text_chars / 1e6:g} million")
    if n_passages > limits.passages:
        raise LoadError(f"the file yields {n_passages} passages, more than the limit of {limits.passages}")
