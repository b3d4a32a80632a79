"""A PDF page as the official sees it on paper, with the cited lines highlighted.

The page is rendered with pypdfium2. Where the cited words lie comes from the page's own
words with their boxes: pdfplumber's for a text PDF, Tesseract's (the OCR cache the build
kept, or a fresh `image_to_data`) for a scan. The quote is found among those words in
order, loosely (OCR misreads a few), and each line it covers gets one translucent box.
"""
from __future__ import annotations

import difflib
import io
import re
from pathlib import Path
from typing import NamedTuple

from .vietnamese import fold

SCALE = 1.6  # 72 dpi points -> pixels: a readable page in a wide column
HIGHLIGHT = (255, 214, 0, 110)
OUTLINE = (230, 150, 0, 255)
MIN_SHARE = 0.5  # share of the quote's words that must be found on the page
_TOKEN = re.compile(r"[^\W_]+")


class Word(NamedTuple):
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


def tokens(text: str) -> list[str]:
    """Folded word tokens: 'Sản lượng: 6.600 tấn' -> ['san', 'luong', '6', '600', 'tan']."""
    return _TOKEN.findall(fold(text or ""))


def _word_tokens(words: list[Word]) -> tuple[list[str], list[int]]:
    """Tokens of the page's words, and for each token the word it came from."""
    out, owner = [], []
    for i, w in enumerate(words):
        for t in tokens(w.text):
            out.append(t)
            owner.append(i)
    return out, owner


def matched_words(words: list[Word], quote: str) -> list[int]:
    """Indexes of the page words that the quote covers: the densest run of in-order matches
    around the longest matching block, when it holds at least MIN_SHARE of the quote."""
    want = tokens(quote)
    have, owner = _word_tokens(words)
    if not want or not have:
        return []
    blocks = [b for b in difflib.SequenceMatcher(None, have, want, autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return []
    anchor = max(blocks, key=lambda b: b.size)
    # blocks belong to this occurrence when they sit where the quote's order puts them
    near = [b for b in blocks if abs((b.a - b.b) - (anchor.a - anchor.b)) <= max(3, len(want) // 5)]
    if sum(b.size for b in near) < MIN_SHARE * len(want):
        return []
    lo, hi = min(b.a for b in near), max(b.a + b.size for b in near)
    return sorted({owner[i] for i in range(lo, hi)})


def line_boxes(words: list[Word], chosen: list[int]) -> list[tuple[float, float, float, float]]:
    """One box (x0, top, x1, bottom) per line of the chosen words; a word starts a new line
    when it sits below the line's middle."""
    boxes: list[list[float]] = []
    for i in chosen:
        w = words[i]
        last = boxes[-1] if boxes else None
        if last and w.top < (last[1] + last[3]) / 2 and w.bottom > (last[1] + last[3]) / 2:
            last[0], last[1] = min(last[0], w.x0), min(last[1], w.top)
            last[2], last[3] = max(last[2], w.x1), max(last[3], w.bottom)
        else:
            boxes.append([w.x0, w.top, w.x1, w.bottom])
    return [tuple(b) for b in boxes]


def highlight(image, boxes: list[tuple[float, float, float, float]], scale: float):
    """The page image with translucent boxes (given in PDF points) drawn over it."""
    from PIL import Image, ImageDraw

    base = image.convert("RGBA")
    layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    pad = 2
    for x0, top, x1, bottom in boxes:
        rect = (x0 * scale - pad, top * scale - pad, x1 * scale + pad, bottom * scale + pad)
        draw.rectangle(rect, fill=HIGHLIGHT, outline=OUTLINE, width=2)
    return Image.alpha_composite(base, layer).convert("RGB")


# ---------------------------------------------------------------- reading a real PDF

def text_words(path: Path, page: int) -> list[Word]:
    """The words of a 1-based page from the PDF's text layer (pdfplumber)."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        if not 1 <= page <= len(pdf.pages):
            return []
        found = pdf.pages[page - 1].extract_words(keep_blank_chars=False, use_text_flow=True)
    return [Word(w["text"], w["x0"], w["top"], w["x1"], w["bottom"]) for w in found]


def scan_words(path: Path, page: int, cache_dir: Path | None) -> list[Word]:
    """The words Tesseract read on a scanned page: the build's OCR cache, else OCR now."""
    from . import ocr

    data = path.read_bytes()
    cached = ocr.load_cache(cache_dir, ocr.content_hash(data)).get(str(page - 1))
    if cached is None:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
        try:
            cached = ocr.ocr_page(pdf[page - 1], page - 1)
        finally:
            pdf.close()
    return [Word(*w[:5]) for w in cached]


def page_words(path: Path, page: int, cache_dir: Path | None = None) -> list[Word]:
    words = text_words(path, page)
    return words if words else scan_words(path, page, cache_dir)


def render_page(path: Path, page: int, quote: str, cache_dir: Path | None = None) -> tuple[bytes, int]:
    """PNG of the 1-based page with the quote's lines highlighted, and how many lines were."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        image = pdf[page - 1].render(scale=SCALE).to_pil()
    finally:
        pdf.close()
    words = page_words(path, page, cache_dir)
    boxes = line_boxes(words, matched_words(words, quote))
    out = io.BytesIO()
    highlight(image, boxes, SCALE).save(out, format="PNG")
    return out.getvalue(), len(boxes)
