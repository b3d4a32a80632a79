"""Reading a PDF into plan text, from its text layer or, for scans, from OCR.

A PDF only knows where each word is drawn, so the paragraphs and tables of the plan are
rebuilt from positions: words become lines, lines wrapped by the layout are joined back
into paragraphs, lines whose words sit in fixed columns become tab-separated table rows,
and running headers, footers and page numbers are dropped. Scanned pages go through
`ocr` and then take the same path, so OCR text is laid out the same way.
`page_starts[i]` is the offset where page i+1's text begins, for page citations.
"""
from __future__ import annotations

import io
import math
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import ocr, ocr_repair
from .loading import LoadError, LoadedText, Progress, nfc

MIN_PAGE_LETTERS = 20           # fewer letters than this on a page with images: a scan
VIETNAMESE_SHARE = 0.7          # below this share of valid syllables the text layer is mojibake
EDGE_ZONE = 0.12                # top/bottom share of the page where running headers live
RUNNING_SHARE = 0.4             # a header repeated on this share of pages is dropped
COLUMN_TOL = 2.0                # points: cell text in one column starts at the same x (OCR: twice)
MAX_BOLD_HEADING = 200
BULLETS = "•●▪◦■□➢►✓❖∙\uf0b7\uf0a7\uf0d8"
SUPERSCRIPT = str.maketrans("0123456789()+-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾⁺⁻")
SUPERSCRIPT_CHARS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾"
# A line opening with these always starts a paragraph: bullets, footnote markers.
STRONG_MARKER = re.compile(rf"^([{BULLETS}]|[{SUPERSCRIPT_CHARS}]+\s)")
# These start a paragraph unless the previous line plainly runs on ("năm" / "2023. Tiếp").
WEAK_MARKER = re.compile(r"^(\d{1,2}(\.\d{1,2})*[.)]|\(\d{1,3}\)\.?|[a-zđ][.)]|[IVXLC]{1,6}[.)\-–]|[-+–—])(\s|$)")
PAGE_NUMBER = re.compile(r"^(trang|page)?\s*[-–—(]*\s*\d{1,4}\s*[-–—)]*(\s*/\s*\d{1,4})?$", re.IGNORECASE)
SENTENCE_END = ".:;!?…"
TRAILING_CLOSERS = ")]”\"'’»" + SUPERSCRIPT_CHARS
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
SYLLABLE = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?[aăâeêioôơuưy]{1,3}(ch|ng|nh|[cmnpt])?$")
TOKEN_PUNCT = ".,;:!?()[]{}\"'“”‘’…-–—/%*"


def read_pdf(path: Path, cache_dir: Path | None = None, progress: Progress | None = None) -> LoadedText:
    """Extract the text of a PDF; OCR pages without a usable text layer. Raises LoadError."""
    data = path.read_bytes()
    if b"%PDF-" not in data[:1024]:
        raise LoadError("not a PDF file (no %PDF header)")
    pdf = _open_pdfium(data)
    try:
        pages = _text_layer(data)
        scanned = pages_needing_ocr(pages)
        if scanned:
            found = ocr.ocr_pages(pdf, scanned, ocr.content_hash(data), cache_dir, progress)
            for index, words in found.items():
                pages[index].words = [_ocr_word(w) for w in words]
    finally:
        pdf.close()
    text, starts = render(layout(pages), len(pages))
    return LoadedText(text=text, page_starts=tuple(starts), method="ocr" if scanned else "pdf")


# ---------------------------------------------------------------- opening


def _open_pdfium(data: bytes):
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == 4 or "password" in str(exc).lower():
            raise LoadError("the PDF is password-protected; save an unprotected copy and load that") from None
        if b"%%EOF" not in data[-2048:]:
            raise LoadError("the PDF is incomplete (truncated); copy or download it again") from None
        raise LoadError("damaged PDF file that cannot be opened; re-export it from the original") from None
    if len(pdf) == 0:
        pdf.close()
        raise LoadError("the PDF has no pages")
    return pdf


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False
    exact: bool = True    # from a text layer; OCR boxes are only approximate
    conf: float = 100.0   # OCR confidence


@dataclass
class Page:
    index: int
    width: float
    height: float
    words: list[Word]
    has_images: bool = False
    lines: list["Line"] = field(default_factory=list)
    notes: list["Line"] = field(default_factory=list)


def _text_layer(data: bytes) -> list[Page]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [_page_words(page, i) for i, page in enumerate(pdf.pages)]
    except (PdfminerException, PDFPasswordIncorrect) as exc:
        if "password" in repr(exc).lower():
            raise LoadError("the PDF is password-protected; save an unprotected copy and load that") from None
        raise LoadError(f"damaged PDF file ({str(exc)[:80] or exc.__class__.__name__})") from None
    except Exception as exc:  # pdfminer raises bare KeyError/TypeError/... on malformed objects
        raise LoadError(f"damaged PDF file ({exc.__class__.__name__} while reading its text)") from None


def _page_words(page, index: int) -> Page:
    raw = page.extract_words(x_tolerance=1.5, y_tolerance=2, extra_attrs=["size", "fontname"])
    words = [Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], float(w["size"]), _bold_font(w["fontname"]))
             for w in raw if w.get("upright", True)]
    drawn = bool(page.images) or len(page.curves) > 50  # a picture of text, or text as outlines
    return Page(index, float(page.width), float(page.height), words, has_images=drawn)


def _bold_font(name: str) -> bool:
    return bool(re.search(r"bold|black|heavy|demi|semibold|,b$", name or "", re.IGNORECASE))


def _ocr_word(word: ocr.OcrWord) -> Word:
    height = max(word.bottom - word.top, 1.0)
    return Word(word.text, word.x0, word.x1, word.top, word.bottom, height, exact=False, conf=word.conf)


# ---------------------------------------------------------------- scan detection


def pages_needing_ocr(pages: list[Page]) -> list[int]:
    """Pages to OCR: pictures of text, or every page when the text layer is mojibake."""
    bare = [p.index for p in pages if _letters(p) < MIN_PAGE_LETTERS and p.has_images]
    text = " ".join(w.text for p in pages if p.index not in bare for w in p.words)
    if text.strip() and not looks_vietnamese(text):
        return [p.index for p in pages]
    return bare


def _letters(page: Page) -> int:
    return sum(ch.isalpha() for w in page.words for ch in w.text)


def looks_vietnamese(text: str) -> bool:
    """False for text layers in legacy encodings (TCVN3, VNI) or without a character map.

    Words with accented letters are checked against Vietnamese syllable structure; legacy
    encodings put their tone marks on the wrong letters and in symbol code points.
    """
    tokens = [t.strip(TOKEN_PUNCT) for t in text.split()]
    if text.count("(cid:") > 0.05 * max(len(tokens), 1):
        return False
    judged = [t for t in tokens if t and not t.isascii() and not any(c.isdigit() for c in t)]
    if len(judged) < 20:
        return True  # too little accented text to judge (or not Vietnamese at all)
    valid = sum(is_syllable(t) for t in judged)
    return valid >= VIETNAMESE_SHARE * len(judged)


def is_syllable(token: str) -> bool:
    if not (token.islower() or token.isupper() or token.istitle()):
        return False
    decomposed = unicodedata.normalize("NFD", token.lower())
    if sum(ch in TONE_MARKS for ch in decomposed) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in TONE_MARKS))
    return bool(SYLLABLE.match(base))


# ---------------------------------------------------------------- lines


@dataclass
class Line:
    words: list[Word]
    page: int
    text: str = ""
    size: float = 0.0
    bold: bool = False
    base: float = 0.0      # baseline: pitch between baselines is steadier than gaps between boxes
    exact: bool = True
    marked: str = ""       # the text with bold words as markdown `**…**` (when only some are bold)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)


def make_line(words: list[Word], page: int) -> Line:
    """A line from its words: superscript markers recovered, spaces where the gaps are."""
    words = sorted(words, key=lambda w: w.x0)
    size = statistics.median(w.size for w in words for _ in w.text)
    exact = all(w.exact for w in words)
    if not exact:
        words = _ocr_bullet(words, size)
        for w in words:
            w.text = ocr_repair.split_glued(w.text, is_syllable)
    # OCR boxes vary in height with the letters (a, h, ạ), so only a text layer shows superscripts
    body = [w for w in words if w.size >= 0.9 * size or not exact] or words
    baseline = _baseline(body)
    parts: list[str] = []
    marked: list[str] = []
    in_bold = False
    for i, w in enumerate(words):
        text = w.text
        raised = w.size < 0.8 * size and w.bottom < baseline - 0.2 * size
        if exact and raised and _superscriptable(text):
            text = text.translate(SUPERSCRIPT)
        space = " " if i and w.x0 - words[i - 1].x1 > max(0.8, 0.08 * size) else ""
        parts.append(space + text)
        if exact and w.bold != in_bold and not raised:
            marked.append("**" + space if in_bold else space + "**")
            space, in_bold = "", w.bold
        marked.append(space + text)
    marked.append("**" if in_bold else "")
    bold = exact and all(w.bold for w in body)
    return Line(words, page, nfc("".join(parts)), size, bold, baseline, exact, nfc("".join(marked)))


def _baseline(words: list[Word]) -> float:
    """Where most letters sit: descenders and dots below (g, ạ) only ever push a box lower."""
    bottoms = sorted(w.bottom for w in words)
    return bottoms[(len(bottoms) - 1) // 3]


def _scrap(word: Word) -> bool:
    return len(word.text) <= 2 and (word.conf < 60 or not any(ch.isalnum() for ch in word.text))


def _superscriptable(text: str) -> bool:
    return any(ch.isdigit() for ch in text) and all(ch in "0123456789()+-" for ch in text)


def _ocr_bullet(words: list[Word], size: float) -> list[Word]:
    """Tesseract reads a bullet dot as a small low-confidence scrap ('°Ò', '_'): restore '•'."""
    scraps = 0
    while scraps < len(words) - 1 and _scrap(words[scraps]):
        scraps += 1
    if not scraps or words[0].size > 0.6 * size:
        return words
    first, last = words[0], words[scraps - 1]
    dot = Word("•", first.x0, last.x1, first.top, first.bottom, size, exact=False)
    return [dot] + words[scraps:]


def group_lines(words: list[Word], page: int) -> list[Line]:
    """Words whose vertical middles fall within a line's span belong to that line."""
    groups: list[list[Word]] = []
    spans: list[list[float]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        middle = (w.top + w.bottom) / 2
        for group, span in zip(reversed(groups[-3:]), reversed(spans[-3:])):
            if span[0] <= middle <= span[1]:
                group.append(w)
                break
        else:
            groups.append([w])
            spans.append([w.top, w.bottom])
    if not all(w.exact for w in words):  # a slightly rotated scan cuts its lines in pieces
        groups = ocr_repair.merge_fragments(groups, lambda g: statistics.median(w.bottom - w.top for w in g))
    return [make_line(g, page) for g in groups]


# ---------------------------------------------------------------- running headers, footnotes


def strip_running_lines(pages: list[Page]) -> None:
    """Drop page numbers and lines repeated at the same page edge on many pages."""
    seen = Counter()
    for page in pages:
        seen.update({key for _, key in _edge_lines(page)})
    needed = max(2, math.ceil(RUNNING_SHARE * len(pages)))
    for page in pages:
        drop = {id(line) for line, key in _edge_lines(page)
                if seen[key] >= needed or _page_number(line, page, len(pages))}
        page.lines = [line for line in page.lines if id(line) not in drop]


def _page_number(line: Line, page: Page, page_count: int) -> bool:
    """A bare number (or 'Trang 3/22') as the first or last line, small enough to count pages."""
    if line is not page.lines[0] and line is not page.lines[-1]:
        return False
    match = PAGE_NUMBER.match(line.text.strip())
    return bool(match) and int(re.search(r"\d+", line.text).group()) <= 2 * page_count + 10


def _edge_lines(page: Page) -> list[tuple[Line, tuple[str, str]]]:
    top = [l for l in page.lines[:3] if l.bottom < page.height * EDGE_ZONE]
    bottom = [l for l in page.lines[-3:] if l.top > page.height * (1 - EDGE_ZONE)]
    keyed = [(l, "top") for l in top] + [(l, "bottom") for l in bottom]
    return [(l, (edge, re.sub(r"\d+", "#", " ".join(l.text.lower().split())))) for l, edge in keyed]


def split_footnotes(page: Page, body_size: float) -> None:
    """Trailing small-print lines that open with a number are the page's footnotes.

    Only a text layer has reliable font sizes; on OCR pages footnotes stay in the flow.
    """
    if not all(line.exact for line in page.lines):
        return
    start = len(page.lines)
    while start > 0 and page.lines[start - 1].size < 0.85 * body_size:
        start -= 1
    while start < len(page.lines) and not re.match(rf"^[\d{SUPERSCRIPT_CHARS}*]", page.lines[start].text):
        start += 1
    if start == 0:
        return  # the whole page is small print: body text, not footnotes
    page.lines, page.notes = page.lines[:start], page.lines[start:]


# ---------------------------------------------------------------- tables


@dataclass
class Table:
    cols: list[float]
    rows: list[list[list[Line]]]  # row -> cell -> line fragments


def find_tables(lines: list[Line], carry: list[float] | None) -> list[Line | Table]:
    """Runs of lines whose words keep to fixed column starts become tables.

    A table opens at a line with wide gaps (its column starts) or, with `carry`, continues
    one from the previous page; it lasts while each line fits those columns.
    """
    items: list[Line | Table] = []
    i = 0
    while i < len(lines):
        continuing = i == 0 and carry is not None and _continues_table(lines[0], carry)
        cols = carry if continuing else column_starts(lines[i])
        if cols:
            end = _table_end(lines, i if continuing else i + 1, cols)
            if end - i >= 2 or (continuing and end > i):
                items.append(build_table(lines[i:end], cols))
                i = end
                continue
        items.append(lines[i])
        i += 1
    return items


def column_starts(line: Line) -> list[float] | None:
    """Start of each run of words separated by wide gaps, when the line looks like a table row."""
    wide = 1.5 * line.size
    segments = [[line.words[0]]]
    for a, b in zip(line.words, line.words[1:]):
        if b.x0 - a.x1 >= wide:
            segments.append([])
        segments[-1].append(b)
    if len(segments) < 2:
        return None
    head = " ".join(w.text for w in segments[0])
    if len(segments) == 2 and (head[0] in BULLETS or WEAK_MARKER.match(head + " ")):
        return None  # a list marker followed by a tab, not a two-column table
    return [s[0].x0 for s in segments]


def _continues_table(line: Line, cols: list[float]) -> bool:
    """A page that opens with an empty first column, or with a row, carries on a table."""
    return fits_columns(line, cols) and (line.x0 > cols[0] + _tol(line) or column_starts(line) is not None)


def _table_end(lines: list[Line], start: int, cols: list[float]) -> int:
    end = start
    while end < len(lines) and fits_columns(lines[end], cols):
        if end > 0 and lines[end].base - lines[end - 1].base > 2.5 * lines[end].size:
            break
        end += 1
    return end


def _tol(line: Line) -> float:
    return COLUMN_TOL if line.exact else 2 * COLUMN_TOL


def fits_columns(line: Line, cols: list[float]) -> bool:
    """No word straddles a column start, and text crossing into a column starts at it."""
    tol = _tol(line)
    if line.x0 < cols[0] - tol:
        return False
    for w in line.words:
        if any(w.x0 < c - tol and w.x1 > c + tol for c in cols):
            return False
    wide = 1.5 * line.size
    for a, b in zip(line.words, line.words[1:]):
        crossed = any(a.x0 + tol < c <= b.x0 + tol for c in cols)
        aligned = any(abs(b.x0 - c) <= tol for c in cols)
        if crossed and not aligned and b.x0 - a.x1 < wide:
            return False
    return True


def build_table(lines: list[Line], cols: list[float]) -> Table:
    rows: list[list[list[Line]]] = []
    for line, new_row in zip(lines, _row_starts(lines, cols)):
        cells = _split_cells(line, cols)
        if new_row or not rows:
            rows.append([[] for _ in cols])
        for row_cell, fragment in zip(rows[-1], cells):
            if fragment:
                row_cell.append(fragment)
    return Table(cols, rows)


def _row_starts(lines: list[Line], cols: list[float]) -> list[bool]:
    """Where rows begin: at each label of a numbering column (TT, STT: '1', '1.2', 'II'),
    otherwise at the extra padding between rows, otherwise at each filled first column."""
    if len(lines) == 1:
        return [True]
    firsts = [_split_cells(line, cols)[0] for line in lines]
    filled = [line is not None for line in firsts]
    if all(len(f.text) <= 6 for f in firsts if f) and sum(filled) >= 2:
        return [i == 0 or f for i, f in enumerate(filled)]
    pitches = [b.base - a.base for a, b in zip(lines, lines[1:])]
    split = sorted(pitches)[(len(pitches) - 1) // 4] + 0.22 * lines[0].size
    padded = any(p > split for p in pitches)
    return [True] + [p > split if padded else f for p, f in zip(pitches, filled[1:])]


def _split_cells(line: Line, cols: list[float]) -> list[Line | None]:
    buckets: list[list[Word]] = [[] for _ in cols]
    for w in line.words:
        index = max((i for i, c in enumerate(cols) if c - _tol(line) <= w.x0), default=0)
        buckets[index].append(w)
    return [make_line(b, line.page) if b else None for b in buckets]


def _cell_text(cell: list[Line]) -> str:
    return " ".join(l.text for l in cell)


def _without_header(row: list[list[Line]], header: list[list[Line]]) -> list[list[Line]] | None:
    """The row minus the header printed again at its top, or None if it does not repeat it.

    OCR may lose a header cell, and a row cut by the page break may share the header's row.
    """
    rest, matched = [], 0
    for cell, head in zip(row, header):
        if head and [l.text for l in cell[:len(head)]] == [l.text for l in head]:
            matched += 1
            cell = cell[len(head):]
        rest.append(cell)
    return rest if matched >= min(2, len(header)) else None


def merge_continued(previous: Table, table: Table) -> bool:
    """Append a table that carries `previous` over a page break; False if it is another table."""
    if len(previous.cols) != len(table.cols) or any(abs(a - b) > 3 for a, b in zip(previous.cols, table.cols)):
        return False
    rows = list(table.rows)
    rest = _without_header(rows[0], previous.rows[0]) if rows else None
    if rest is not None:
        rows = ([rest] if any(rest) else []) + rows[1:]
    if rows and previous.rows and not rows[0][0]:
        for cell, more in zip(previous.rows[-1], rows[0]):
            cell.extend(more)  # a row split by the page break
        rows = rows[1:]
    previous.rows.extend(rows)
    return True


# ---------------------------------------------------------------- paragraphs


@dataclass(frozen=True)
class Metrics:
    size: float        # body font size
    para_pitch: float  # baselines further apart than this are in different paragraphs
    right: float       # right edge of the text block


def measure(pages: list[Page]) -> Metrics:
    lines = [l for p in pages for l in p.lines]
    if not lines:
        return Metrics(12.0, 20.0, 0.0)
    size = statistics.median(l.size for l in lines)
    pitches = [round((b.base - a.base) * 2) / 2 for p in pages for a, b in zip(p.lines, p.lines[1:])
               if 0.8 * size <= b.base - a.base <= 1.6 * size]
    leading = Counter(pitches).most_common(1)[0][0] if pitches else 1.2 * size
    right = sorted(l.x1 for l in lines)[int(0.98 * (len(lines) - 1))]
    return Metrics(size, leading + max(1.5, 0.3 * size), right)


def should_break(para: list[Line], nxt: Line, m: Metrics) -> bool:
    """Whether `nxt` starts a new paragraph rather than continuing the wrapped `para`."""
    prev = para[-1]
    if STRONG_MARKER.match(nxt.text):
        return True
    if WEAK_MARKER.match(nxt.text) and (ends_sentence(prev.text) or is_short(prev, nxt, m)):
        return True
    if _scan_runs_on(prev, nxt, m):
        return False
    if prev.page == nxt.page:
        if nxt.base - prev.base > m.para_pitch:
            return True
        if prev.exact and nxt.exact and abs(nxt.size - prev.size) > 0.15 * m.size:
            return True
    if not ends_sentence(prev.text) and nxt.text[:1].islower():
        return False  # the classic wrap: no full stop, lower-case continuation
    if is_short(prev, nxt, m):
        return True
    indented = nxt.x0 > prev.x0 + 0.5 * m.size
    return indented and (len(para) >= 2 or prev.page != nxt.page)


def _scan_runs_on(prev: Line, nxt: Line, m: Metrics) -> bool:
    """On a scan, line pitch wobbles: an unfinished sentence going on with a figure or a
    bracket ("… cơn bão số 3" / "(Yagi) trong tháng 9.") is one paragraph."""
    return not (prev.exact or nxt.exact) and prev.page == nxt.page and not ends_sentence(prev.text) \
        and nxt.text[:1] in "0123456789(" and nxt.base - prev.base < 1.5 * m.para_pitch


def ends_sentence(text: str) -> bool:
    text = text.rstrip().rstrip(TRAILING_CLOSERS)
    return text[-1:] in tuple(SENTENCE_END) if text else True


def is_short(prev: Line, nxt: Line, m: Metrics) -> bool:
    """The next line's first word would have fitted: the line break was the author's."""
    first = nxt.words[0]
    return prev.x1 + 0.25 * prev.size + (first.x1 - first.x0) < m.right - 0.5


def layout(pages: list[Page]) -> list[list[Line] | Table]:
    """Blocks in reading order: paragraphs (their lines) and tables."""
    for page in pages:
        page.lines = group_lines(page.words, page.index)
    strip_running_lines(pages)
    m = measure(pages)
    for page in pages:
        split_footnotes(page, m.size)
    repair_scanned(pages, m.size)
    return _flow(pages, m)


def repair_scanned(pages: list[Page], body_size: float) -> None:
    """On OCR pages: footnotes split off with their numbers and markers recovered, section
    numerals read in sequence (ocr_repair)."""
    last_note, last_section = 0, 0
    for page in pages:
        if not page.lines or all(line.exact for line in page.lines):
            continue
        start = ocr_repair.footnote_start(page.lines, body_size, page.height)
        if start is not None:
            notes = page.lines[start:]
            numbers, last_note = ocr_repair.number_notes(notes, last_note)
            ocr_repair.mark_references(page.lines[:start], [n for n in numbers if n])
            page.lines, page.notes = page.lines[:start], notes + page.notes
        for line in page.lines:
            first, rest = line.words[0].text, line.text[len(line.words[0].text):].strip()
            line.words[0].text, last_section = ocr_repair.section_numeral(first, rest, last_section)
        page.lines = [make_line(line.words, line.page) for line in page.lines]
        page.notes = [make_line(line.words, line.page) for line in page.notes]


def _flow(pages: list[Page], m: Metrics) -> list[list[Line] | Table]:
    blocks: list[list[Line] | Table] = []
    para: list[Line] = []
    notes: list[list[Line]] = []  # footnotes wait until the paragraph they interrupt ends
    open_table: Table | None = None

    def close() -> None:
        nonlocal para
        if para:
            blocks.append(para)
            para = []
        blocks.extend(notes)
        notes.clear()

    for page in pages:
        carry = open_table  # a table that ended the previous page may go on here
        for k, item in enumerate(find_tables(page.lines, carry.cols if carry else None)):
            if isinstance(item, Table):
                close()
                merged = k == 0 and carry is not None and merge_continued(carry, item)
                if not merged:
                    blocks.append(item)
                open_table = carry if merged else item
                continue
            open_table = None
            if para and should_break(para, item, m):
                close()
            para.append(item)
        notes.extend(_paragraphs(page.notes, m))
        if not para:
            close()
    close()
    return blocks


def _paragraphs(lines: list[Line], m: Metrics) -> list[list[Line]]:
    paras: list[list[Line]] = []
    for line in lines:
        if paras and not should_break(paras[-1], line, m):
            paras[-1].append(line)
        else:
            paras.append([line])
    return paras


# ---------------------------------------------------------------- text


class _Writer:
    """Concatenates text while noting where each page's text first appears."""

    def __init__(self, page_count: int):
        self.parts: list[str] = []
        self.length = 0
        self.starts: list[int | None] = [None] * page_count

    def add(self, text: str, page: int | None = None) -> None:
        if page is not None and text and self.starts[page] is None:
            self.starts[page] = self.length
        self.parts.append(text)
        self.length += len(text)

    def page_starts(self) -> list[int]:
        """Pages without text start where the next text starts; never decreasing."""
        out, following = [0] * len(self.starts), self.length
        for i in range(len(self.starts) - 1, -1, -1):
            following = self.starts[i] if self.starts[i] is not None else following
            out[i] = following
        for i in range(1, len(out)):
            out[i] = max(out[i], out[i - 1])
        return out


def render(blocks: list[list[Line] | Table], page_count: int) -> tuple[str, list[int]]:
    writer = _Writer(page_count)
    for i, block in enumerate(blocks):
        if i:
            writer.add("\n\n")
        if isinstance(block, Table):
            _write_table(writer, block)
        else:
            _write_paragraph(writer, block)
    return "".join(writer.parts), writer.page_starts()


def _write_paragraph(writer: _Writer, lines: list[Line]) -> None:
    all_bold = all(l.bold for l in lines)
    texts = [l.text for l in lines] if all_bold else _bold_marked(lines)
    if texts[0][:1] in BULLETS:
        texts[0] = "- " + texts[0][1:].lstrip()
    bold = all_bold and sum(map(len, texts)) <= MAX_BOLD_HEADING
    writer.add("**" if bold else "")
    _write_wrapped(writer, lines, texts)
    writer.add("**" if bold else "")


def _write_wrapped(writer: _Writer, lines: list[Line], texts: list[str]) -> None:
    for i, (line, text) in enumerate(zip(lines, texts)):
        if i:
            writer.add(joiner(texts[i - 1], text))
        writer.add(text, line.page)


def _bold_marked(lines: list[Line]) -> list[str]:
    """Lines with their bold words marked; a bold run wrapped onto the next line stays one run."""
    texts = [l.marked or l.text for l in lines]
    for i in range(1, len(texts)):
        if texts[i - 1].endswith("**") and texts[i].startswith("**"):
            texts[i - 1], texts[i] = texts[i - 1][:-2], texts[i][2:]
    return texts


def joiner(before: str, after: str) -> str:
    """Lines join with a space, except a word hyphenated at the line end ('KT-' + 'XH')."""
    hyphenated = len(before) > 1 and before.endswith("-") and before[-2].isalpha() and after[:1].isalpha()
    return "" if hyphenated else " "


def _write_table(writer: _Writer, table: Table) -> None:
    rows = [row for row in table.rows if any(row)]
    for r, row in enumerate(rows):
        if r:
            writer.add("\n")
        for c, cell in enumerate(row):
            if c:
                writer.add("\t")
            _write_wrapped(writer, cell, [l.text for l in cell])
