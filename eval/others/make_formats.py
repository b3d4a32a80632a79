"""Build the other-templates corpus files that are generated rather than typed.

1. Hard-wrapped documents: src/*.txt are typed as one paragraph per line; here every
   line is cut at ~70 characters, as text copied out of an e-mail or an old PDF is.
2. Every corpus document is checked to be UTF-8 and NFC.
3. Variants in formats/: .docx (python-docx), text .pdf (PDFium text objects with an
   embedded DejaVu font, so the text layer is real Unicode) and image-only .scan.pdf
   (pages drawn with Pillow at 200 dpi, a little rotation and speckle noise,
   footnotes at the bottom of the page that cites them, markers drawn as small raised
   digits — not as the ¹ glyph — the way a printed page shows them).

Run:  /work/main/.venv/bin/python eval/others/make_formats.py
Deterministic: the noise uses a fixed seed, so reruns give the same pages.
"""
from __future__ import annotations

import ctypes
import random
import re
import sys
import textwrap
import unicodedata
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC, CORPUS, FORMATS = HERE / "src", HERE / "corpus", HERE / "formats"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SERIF, SERIF_BOLD = FONT_DIR / "DejaVuSerif.ttf", FONT_DIR / "DejaVuSerif-Bold.ttf"

FIXED_DATE = datetime(2024, 12, 20, 8, 0, 0)
WRAP_WIDTH = 70
DOCX = ["06_xa_nghia_trung_nghi_quyet_2025.txt", "08_xa_thach_binh_bieu_so_01.md",
        "13_thi_tran_thanh_binh_ke_hoach_2025.md"]
PDF = ["01_xa_dong_lam_ke_hoach_2025.md", "09_xa_vinh_hung_sap_nhap_bao_cao_2024.txt",
       "21_xa_son_thuy_bao_cao_9_thang_2024.txt"]
SCAN = ["03_xa_yen_trach_bao_cao_2024.txt", "14_xa_tien_bo_bao_cao_6_thang_2025.txt"]

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


# ---------------------------------------------------------------- text sources
def hard_wrap(text: str, width: int = WRAP_WIDTH) -> str:
    """Cut every long line at word boundaries; short lines (headings, signatures) stay."""
    out = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line)
        else:
            out.extend(textwrap.wrap(line, width=width, break_long_words=False,
                                     break_on_hyphens=False))
    return "\n".join(out)


def build_wrapped() -> list[Path]:
    made = []
    for src in sorted(SRC.glob("*.txt")):
        dest = CORPUS / src.name
        dest.write_text(hard_wrap(src.read_text(encoding="utf-8")), encoding="utf-8")
        made.append(dest)
    return made


def check_nfc() -> None:
    for path in sorted(CORPUS.iterdir()):
        text = path.read_text(encoding="utf-8")
        if unicodedata.normalize("NFC", text) != text:
            path.write_text(unicodedata.normalize("NFC", text), encoding="utf-8")
            print(f"normalised to NFC: {path.name}")


def plain_blocks(path: Path) -> list[tuple[str, object]]:
    """The document as ('h'|'p'|'b'|'s', text) paragraphs and ('t', rows) tables, markdown removed.

    'h' is a heading, 'b' a bold line, 'p' plain text, 's' a blank line between paragraphs."""
    blocks: list[tuple[str, object]] = []
    table: list[list[str]] = []
    for raw in path.read_text(encoding="utf-8").split("\n"):
        line = raw.rstrip()
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if not all(re.fullmatch(r"-{3,}", c) for c in cells):
                table.append([c.replace("**", "") for c in cells])
            continue
        if table:
            blocks.append(("t", table))
            table = []
        if not line.strip() or line.strip() == "---":
            if blocks and blocks[-1][0] != "s":
                blocks.append(("s", ""))
            continue
        kind = "p"
        if line.startswith("#"):
            kind, line = "h", line.lstrip("#").strip()
        if line.startswith("**") and line.endswith("**") and line.count("**") == 2:
            kind, line = "b", line.strip("*")
        line = line.replace("**", "").replace("&nbsp;", " ")
        line = re.sub(r"(?<!\w)\*(.+?)\*(?!\w)", r"\1", line)
        blocks.append((kind, line))
    if table:
        blocks.append(("t", table))
    return blocks


# ---------------------------------------------------------------- .docx
def make_docx(path: Path, dest: Path) -> None:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(13)
    for kind, value in plain_blocks(path):
        if kind == "t":
            rows = value
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
            continue
        if kind == "s":
            continue
        if kind == "h":
            doc.add_heading(value, level=2)
            continue
        para = doc.add_paragraph()
        run = para.add_run(value)
        run.bold = kind == "b" or value.isupper()
    doc.core_properties.title = path.stem
    doc.core_properties.author = "UBND"
    doc.core_properties.created = doc.core_properties.modified = FIXED_DATE  # reruns give equal files
    doc.save(dest)


# ---------------------------------------------------------------- layout shared by PDFs
def text_lines(path: Path, width: int) -> list[tuple[str, bool]]:
    """(line, bold) pairs ready to print; tables as ' | '-joined rows, paragraphs wrapped."""
    lines: list[tuple[str, bool]] = []
    for kind, value in plain_blocks(path):
        if kind == "t":
            for row in value:
                lines.extend((l, False) for l in textwrap.wrap(" | ".join(row), width))
            lines.append(("", False))
            continue
        if kind == "s":
            lines.append(("", False))
            continue
        bold = kind in ("h", "b") or (value.isupper() and len(value) < 90)
        lines.extend((l, bold) for l in textwrap.wrap(value, width, break_on_hyphens=False) or [""])
    return lines


# ---------------------------------------------------------------- text .pdf (PDFium)
def make_text_pdf(path: Path, dest: Path) -> None:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    width_pt, height_pt, margin, size, leading = 595.0, 842.0, 62.0, 10.5, 14.5
    pdf = pdfium.PdfDocument.new()
    # One embedded face only: PDFium embeds whole fonts (no subsetting), so a bold face
    # would double the file size.
    data = SERIF.read_bytes()
    buf = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    font = raw.FPDFText_LoadFont(pdf.raw, buf, len(data), raw.FPDF_FONT_TRUETYPE, 1)
    per_page = int((height_pt - 2 * margin) // leading)
    lines = text_lines(path, width=84)
    for start in range(0, len(lines), per_page):
        page = raw.FPDFPage_New(pdf.raw, start // per_page, width_pt, height_pt)
        y = height_pt - margin
        for text, _bold in lines[start:start + per_page]:
            y -= leading
            if not text:
                continue
            obj = raw.FPDFPageObj_CreateTextObj(pdf.raw, font, size)
            encoded = (text + "\x00").encode("utf-16-le")
            raw.FPDFText_SetText(obj, ctypes.cast(ctypes.c_char_p(encoded), raw.FPDF_WIDESTRING))
            raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, margin, y)
            raw.FPDFPage_InsertObject(page, obj)
        raw.FPDFPage_GenerateContent(page)
        raw.FPDF_ClosePage(page)
    pdf.save(dest)
    pdf.close()


# ---------------------------------------------------------------- scanned .pdf (Pillow)
def split_footnotes(text: str) -> tuple[str, dict[str, str]]:
    """Body without the trailing footnote block, and {marker: footnote text}."""
    notes: dict[str, str] = {}
    body = []
    for line in text.split("\n"):
        if line and line[0] in SUPERSCRIPTS and not line.startswith(tuple("0123456789")):
            notes[line[0]] = line[1:].strip()
        elif re.fullmatch(r"_{5,}", line.strip()):
            continue
        else:
            body.append(line)
    return "\n".join(body), notes


def make_scan_pdf(path: Path, dest: Path, seed: int) -> None:
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    dpi = 200
    px = lambda pt: int(round(pt * dpi / 72))  # noqa: E731 - points to pixels
    page_w, page_h, margin = px(595), px(842), px(62)
    body_font = ImageFont.truetype(str(SERIF), px(11.5))
    bold_font = ImageFont.truetype(str(SERIF_BOLD), px(11.5))
    small_font = ImageFont.truetype(str(SERIF), px(8.5))
    sup_font = ImageFont.truetype(str(SERIF), px(7))
    leading, small_leading = px(16), px(11.5)
    rng = random.Random(seed)

    body_text, notes = split_footnotes(path.read_text(encoding="utf-8"))
    tmp = path.with_suffix(".body.tmp")
    tmp.write_text(body_text, encoding="utf-8")
    try:
        lines = text_lines(tmp, width=80)
    finally:
        tmp.unlink()

    pages: list[tuple[list[tuple[str, bool]], list[str]]] = []
    cur: list[tuple[str, bool]] = []
    cur_notes: list[str] = []
    budget = page_h - 2 * margin
    used = 0
    for text, bold in lines:
        markers = [ch for ch in text if ch in notes and ch not in cur_notes]
        note_height = sum(small_leading * (1 + len(notes[m]) // 95) for m in cur_notes + markers)
        if used + leading + note_height + (px(20) if cur_notes or markers else 0) > budget and cur:
            pages.append((cur, cur_notes))
            cur, cur_notes, used = [], [], 0
        cur.append((text, bold))
        cur_notes.extend(markers)
        used += leading
    pages.append((cur, cur_notes))

    images = []
    for lines_on_page, page_notes in pages:
        img = Image.new("L", (page_w, page_h), 255)
        draw = ImageDraw.Draw(img)
        y = margin
        for text, bold in lines_on_page:
            draw_line(draw, margin, y, text, bold_font if bold else body_font, sup_font, notes)
            y += leading
        if page_notes:
            y = page_h - margin - sum(small_leading * len(textwrap.wrap(notes[m], 95)) for m in page_notes) - px(8)
            draw.line([(margin, y - px(6)), (margin + px(140), y - px(6))], fill=0, width=2)
            for marker in page_notes:
                digit = str(SUPERSCRIPTS.index(marker))
                draw.text((margin, y - px(2)), digit, font=sup_font, fill=0)
                for wrapped in textwrap.wrap(notes[marker], 95):
                    draw.text((margin + px(7), y), wrapped, font=small_font, fill=0)
                    y += small_leading
        images.append(age(img, rng))
    images[0].save(dest, "PDF", resolution=dpi, save_all=True, append_images=images[1:], quality=55,
                   creationDate=FIXED_DATE.timetuple(), modDate=FIXED_DATE.timetuple())


def draw_line(draw, x, y, text, font, sup_font, notes) -> None:
    """Draw text; footnote markers become small digits raised above the baseline."""
    for piece in re.split(f"([{SUPERSCRIPTS}])", text):
        if not piece:
            continue
        if piece in SUPERSCRIPTS:
            digit = str(SUPERSCRIPTS.index(piece))
            draw.text((x + 1, y - font.size * 0.18), digit, font=sup_font, fill=0)
            x += draw.textlength(digit, font=sup_font) + 2
        else:
            draw.text((x, y), piece, font=font, fill=0)
            x += draw.textlength(piece, font=font)


def age(img, rng: random.Random):
    """A photocopy look: slight rotation, a grey cast, sparse speckles, mild blur."""
    from PIL import Image, ImageFilter

    img = img.rotate(rng.uniform(-0.6, 0.6), resample=Image.BICUBIC, fillcolor=250, expand=False)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    pixels = img.load()
    w, h = img.size
    for _ in range(w * h // 2500):
        px_, py_ = rng.randrange(w), rng.randrange(h)
        pixels[px_, py_] = rng.choice((70, 110, 150))
    return img.point(lambda v: min(255, int(v * 0.94 + 8)))


# ---------------------------------------------------------------- main
def main() -> int:
    FORMATS.mkdir(exist_ok=True)
    for made in build_wrapped():
        print(f"wrapped  {made.name}")
    check_nfc()
    for name in DOCX:
        dest = FORMATS / (Path(name).stem + ".docx")
        make_docx(CORPUS / name, dest)
        print(f"docx     {dest.name}  {dest.stat().st_size // 1024} KB")
    for name in PDF:
        dest = FORMATS / (Path(name).stem + ".pdf")
        make_text_pdf(CORPUS / name, dest)
        print(f"pdf      {dest.name}  {dest.stat().st_size // 1024} KB")
    for seed, name in enumerate(SCAN):
        dest = FORMATS / (Path(name).stem + ".scan.pdf")
        make_scan_pdf(CORPUS / name, dest, seed)
        print(f"scan     {dest.name}  {dest.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
