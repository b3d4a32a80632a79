"""Cutting a plan's text into retrieval units that follow its structure.

A passage is a paragraph, a list item, a table row, a heading or a footnote, an exact slice
`text[start:end]` of the loaded document. Each knows its heading path; a table row knows its
table's header row; a footnote knows its marker and a sentence knows the markers it carries.
Runs of very short lines (document number and date, signature blocks) stay together; long
paragraphs are split with langchain's recursive splitter, overlapping so no sentence is lost.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from langchain_text_splitters import RecursiveCharacterTextSplitter

from .vietnamese import fold

MAX_CHARS = 500
OVERLAP = 120
SHORT_LINE = 60
MAX_HEADING = 160       # a longer line is body text, unless it is wholly bold:
MAX_BOLD_HEADING = 250  # annex titles ("Biểu số 02: … (Kèm theo Kế hoạch số …)") run long
BOLD_SPAN_LINES = 5     # a bold span opened on one line may close a few lines later

_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans(_SUPERSCRIPT, "0123456789")
# a footnote line opens with its marker: "¹ …", "⁽²⁾ …", in brackets as typed without superscripts
# "[3] …", or as Markdown writes it (and a Word file converted to Markdown): "[^3]: …"
_FOOTNOTE_START = re.compile(rf"^\s*(?:⁽([{_SUPERSCRIPT}]+)⁾|([{_SUPERSCRIPT}]+)|\[(\d{{1,2}})\]|\[\^(\d{{1,2}})\]:)\s*\S")
_MARKER = re.compile(rf"⁽([{_SUPERSCRIPT}]+)⁾|(?<=[^\sm{_SUPERSCRIPT}])([{_SUPERSCRIPT}]+)(?![{_SUPERSCRIPT}])"
                     r"|(?<=[^\s\[])\[(\d{1,2})\](?!\w)|\[\^(\d{1,2})\](?!:)")
# an item's number is small: a wrapped line may open with a figure ("87.5% so với …", "3,480 tấn …")
# (a bracketed one too: "(15.000 lượt) và …" continues a sentence, "(2) …" opens an item)
_LIST_ITEM = re.compile(r"^\s*(?:[-+•*]\s|(?!\(?(?:\d{3}|\d+[.,]\d+\s*%|\d{1,3}[.,]\d{3}(?!\d)))\(?\d+\)?[.)]\s*\S"
                        r"|\(\d+\)|[a-zđ][.)]\s)")
# a numeral then "." or a space: "2. Kinh tế", "2 Kinh tế", not a wrapped line's "2025; căn cứ …"
_NUMBERED_HEADING = re.compile(r"^\s*(?:phần\s+thứ\s+\w+|[IVX]+[.\-]|(?!\d{3}|\d+[.,]\d+\s*%|\d{1,3}[.,]\d{3}(?!\d))"
                               r"\d+(?:\.\d+)*(?:\.|(?=\s))|[a-zđ]\))\s*", re.I)
_ANNEX = re.compile(r"^(?:biểu\s+số|biểu|phụ\s+lục)(?:\s+(?:số\s+)?[\dIVX]+\w*)?\s*[.:]?$", re.I)
# a table's caption with no number, on the line above it ("Biểu các chỉ tiêu chủ yếu 2026-2030",
# "Bảng tổng hợp kết quả theo thôn"): short, with no closing punctuation
_TABLE_CAPTION = re.compile(r"^(?:biểu|bảng)\s+(?!số\b)[^\W\d]\w*\s+\S[^.;:,]{0,100}$", re.I)
_ANNEX_TITLE = re.compile(r"^(?:biểu|bảng|phụ\s+lục)(?:\s+số)?\s+[\dIVX]+\w*\s*[:.\-–]\s*\S", re.I)
# the closing formula of an administrative document ("Trên đây là kế hoạch … của UBND xã …/.")
_CLOSING = re.compile(r"^\s*trên\s+đây\s+là\b", re.I)
# A document's opening formula: what it carries out or rests on, then "… báo cáo như sau:"
# ("Thực hiện Công văn số 12/UBND ngày …, UBND xã báo cáo kết quả như sau (số liệu đến 30/11):"):
# it introduces every topic of the document and states none; hard-wrapped, it runs over lines
_IN_PARAGRAPH = r"(?:[^\n]|\n(?!\s*\n))"  # any character, a line break too, but no blank line
PREAMBLE = re.compile(rf"[\s*_#]*(?:căn\s+cứ|thực\s+hiện|theo(?!\s+dõi)|triển\s+khai)\b{_IN_PARAGRAPH}*?\bsố\s+\d+\s*[/-]"
                      rf"{_IN_PARAGRAPH}*?\bnhư\s+sau(?:\s*\([^()]*\))*\s*[:.]?[\s*_]*", re.I)
_ARTICLE = re.compile(r"^Điều\s+\d+\s*[.:]", re.I)
_MARKUP = re.compile(r"</?(?:b|i|u|sup|sub|br)\s*/?>|[*#_]+", re.I)


@dataclass
class Passage:
    start: int
    end: int
    text: str
    kind: str  # heading, paragraph, item, row, table_header, footnote, recipients, closing
    headings: list[str] = field(default_factory=list)
    table_header: str = ""
    table_unit: str = ""  # a table's unit stated above it ("ĐVT: triệu đồng"), for rows with no unit column
    row_parent: str = ""  # the label of the numbered row an unnumbered sub-row belongs to ("Lạc" over "  Sản lượng")
    footnote: str = ""  # marker number of a footnote passage
    markers: list[str] = field(default_factory=list)  # footnote numbers referred to


def clean_markup(text: str) -> str:
    return re.sub(r"\s+", " ", _MARKUP.sub(" ", text)).strip()


def comparable(text: str) -> str:
    """A passage's words as read, for telling identical passages apart from differing ones:
    markup, table separators, case and spacing do not count ("**Thu** 5 tỷ" ~ "thu  5 tỷ";
    "1\tThu\t5" ~ "| 1 | Thu | 5 |"). Two passages equal under it never disagree."""
    return " ".join(re.findall(r"\w+(?:[.,]\w+)*", unicodedata.normalize("NFC", clean_markup(text)).lower()))


CELL_SEPARATOR = re.compile(r"[\t\n|]| {2,}")  # tab, line, pipe or a run of spaces: any table's cell border


def row_cells_text(row: str) -> str:
    """A row's cells as 'a | b | c', whether tab-separated, a markdown row or one cell per line."""
    bare = _PIPE_RULE_LINE.sub("", row)
    cells = [clean_markup(c) for c in CELL_SEPARATOR.split(bare)]
    return " | ".join(c for c in cells if c)


def _numbers_columns(row: str) -> bool:
    """A table's line that numbers its columns ("(1)  (2)  (3)  (4)", "A | B | 1 | 2 | 3"): small
    numbers counting up by one, letters before them, nothing else."""
    cells = [c for c in row_cells(row) if c]
    numbers = [int(m.group(1)) for c in cells if (m := re.fullmatch(r"\(?(\d{1,2})\)?", c))]
    letters = [c for c in cells if re.fullmatch(r"[A-Z]", c)]
    return len(cells) >= 3 and len(numbers) + len(letters) == len(cells) and len(numbers) >= 2 \
        and numbers == list(range(numbers[0], numbers[0] + len(numbers))) and numbers[0] <= 1 + len(letters)


def row_cells(text: str) -> list[str]:
    """A row's cells, empty ones kept so they line up with the header: tab-separated, a
    markdown row (pipes at its ends or between the cells only), one cell per line, or columns
    aligned by runs of spaces."""
    if "\t" in text:
        cells = text.split("\t")
    elif text.strip().startswith("|"):
        cells = text.strip().strip("|").split("|")
    elif "|" in text and "\n" not in text.strip():  # pipes between the cells only
        cells = text.split("|")
    elif "\n" in text:
        cells = text.split("\n")
    else:
        cells = re.split(r" {2,}", text.strip())
    return [clean_markup(c).strip() for c in cells]


_PIPE_RULE_LINE = re.compile(r"^\|[\s:|\-]+\|$", re.M)


def _lines(text: str):
    """(start, end) of each non-blank line, stripped of surrounding whitespace."""
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip().strip("\ufeff").strip()
        if stripped:
            s = pos + raw.index(stripped)
            yield s, s + len(stripped)
        pos += len(raw) + 1


_FIGURE_IN_LINE = re.compile(r"\d[.,]\d|\d\s*%")  # "12.345", "3,5", "96%"; not "9 tháng", "năm 2025"


# a note or a source under a table, often set in italics ("*Ghi chú: … năm 2024.*", "Nguồn: …"),
# says something of the table above; it names no section below
# ("**Ghi chú:**" alone still heads the notes listed under it)
_NOTE_LINE = re.compile(r"(?:ghi\s+chu|chu\s+thich|nguon(?:\s+so\s+lieu)?|luu\s+y)\s*(?:bang\s*)?:\s*[^\s*_]")


def is_heading(line: str) -> bool:
    bare = clean_markup(line)
    if not bare or len(bare) > MAX_BOLD_HEADING or "\t" in line:
        return False
    if not line.lstrip().startswith("#") and _NOTE_LINE.match(fold(bare)):
        return False
    if re.fullmatch(r"\s*[*_]{1,3}[^*_]+[*_]{1,3}[\s:.]*", line):
        return True  # a wholly bold or italic line (or span of lines)
    if (_ANNEX.match(bare) and len(bare) <= MAX_HEADING) or _ANNEX_TITLE.match(bare) or _TABLE_CAPTION.match(bare):
        return True  # "Biểu số 01", "PHỤ LỤC 2", "Biểu số 02: Kết quả thực hiện … " (a scan shows no bold)
    if _ARTICLE.match(bare):
        return True  # a resolution's "Điều 2. Giao Ủy ban nhân dân xã tổ chức thực hiện …"
    if len(bare) > MAX_HEADING:
        return False
    if line.lstrip().startswith("#"):
        return True
    letters = [c for c in bare if c.isalpha()]
    if len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        return True
    numbered = _NUMBERED_HEADING.match(bare)
    # "2. Thu ngân sách: 7.350 triệu đồng, trong đó:" gives a figure: an item, not a section's name
    return bool(numbered) and len(bare) < 90 and not bare.endswith((".", ";", ",")) \
        and not _FIGURE_IN_LINE.search(bare[numbered.end():])


def heading_level(line: str) -> int:
    bare = clean_markup(line)
    if _ARTICLE.match(bare):
        return 1  # articles sit under "QUYẾT NGHỊ:", above their numbered clauses
    m = re.match(r"^(?:([IVX]+)[.\-]|(\d+(?:\.\d+)*)\.?\s|([a-zđ])\))", bare)
    if m and m.group(1):
        return 1
    if m and m.group(2):
        return 1 + m.group(2).count(".") + 1
    if m and m.group(3):
        return 5
    hashes = len(line.lstrip()) - len(line.lstrip().lstrip("#"))
    if hashes:
        return hashes
    letters = [c for c in bare if c.isalpha()]
    if bare.lower().startswith("phần thứ") or all(c.isupper() for c in letters):
        return 0  # part titles sit above the roman-numbered sections
    return 1


def classify(line: str) -> str:
    if "\t" in line:
        return "row"
    if _FOOTNOTE_START.match(line):
        return "footnote"
    if is_heading(line):
        return "heading"
    if _LIST_ITEM.match(clean_markup(line)):
        return "item"
    return "paragraph"


_ENDS_SENTENCE = re.compile(r"[.:;!?]\s*$")


def last_line(text: str) -> str:
    """The text's last line as written before hard-wrapping: a wrapped line continues the one
    above when both read as running text (`classify`: no item, heading, row or footnote) and the
    one above ends no sentence. A list's lead ("… (năm 2024: 30%). Kết quả cụ thể:") is read
    whole, not from the wrapped tail "2024: 30%). Kết quả cụ thể:", whose bracket lost its opening."""
    lines = text.rstrip().split("\n")
    start = len(lines) - 1
    while start > 0 and lines[start - 1].strip() and not _ENDS_SENTENCE.search(lines[start - 1]) \
            and classify(lines[start - 1]) == classify(lines[start]) == "paragraph":
        start -= 1
    return " ".join(line.strip() for line in lines[start:])


def footnote_number(line: str) -> str:
    m = _FOOTNOTE_START.match(line)
    return next(g for g in m.groups() if g).translate(_SUP_TO_DIGIT) if m else ""


def markers_in(text: str) -> list[str]:
    found = []
    for m in _MARKER.finditer(text):
        number = next(g for g in m.groups() if g).translate(_SUP_TO_DIGIT)
        if number not in found:
            found.append(number)
    return found


_splitter = RecursiveCharacterTextSplitter(
    chunk_size=MAX_CHARS, chunk_overlap=OVERLAP, separators=[". ", "; ", ", ", " ", ""],
    keep_separator="end", add_start_index=False, strip_whitespace=True,
)


def split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of pieces of text[start:end], each an exact slice (offsets found, not assumed).
    A piece starts after the previous one, at most OVERLAP characters before its end, and
    reaches past that end (so a repeated sentence is not placed on an earlier copy); the last
    piece ends where the text ends."""
    if end - start <= MAX_CHARS:
        return [(start, end)]
    pieces = _splitter.split_text(text[start:end])
    spans: list[tuple[int, int]] = []
    for n, piece in enumerate(pieces):
        lo = start
        if spans:
            lo = max(spans[-1][0] + 1, spans[-1][1] - OVERLAP, spans[-1][1] - len(piece) + 1)
        at = text.find(piece, lo, end)
        if n == len(pieces) - 1 and end - len(piece) >= lo and text.startswith(piece, end - len(piece)):
            at = end - len(piece)
        if at < 0:
            continue
        spans.append((at, at + len(piece)))
    return _gaps_filled(text, spans, start, end) if spans else [(start, end)]


def _gaps_filled(text: str, spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """A piece the splitter rewrote (whitespace dropped) is not found again; the text between
    the pieces that were found becomes a piece of its own, so no text is lost."""
    out: list[tuple[int, int]] = []
    for s, e in [*spans, (end, end)]:
        gap_from = out[-1][1] if out else start
        gap = text[gap_from:s]
        if gap.strip():
            gs = gap_from + len(gap) - len(gap.lstrip())
            out.extend(_windows(text, gs, gap_from + len(gap.rstrip())))
        if e > s:
            out.append((s, e))
    return out


def _windows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """text[start:end] in consecutive pieces of at most MAX_CHARS, cut after a space where one is."""
    out = []
    while end - start > MAX_CHARS:
        cut = text.rfind(" ", start + 1, start + MAX_CHARS)
        cut = cut + 1 if cut > start else start + MAX_CHARS
        out.append((start, len(text[:cut].rstrip())))
        start = cut
    out.append((start, end))
    return out


def _bold_spans(text: str, lines: list[tuple[int, int]]):
    """Lines, except that a bold span closing a few lines later ('**KẾ HOẠCH' … 'năm 2024**') is one."""
    i = 0
    while i < len(lines):
        close = _span_close(text, lines, i)
        if close is None:
            yield lines[i]
            i += 1
        else:
            yield lines[i][0], lines[close][1]
            i = close + 1


def _span_close(text: str, lines: list[tuple[int, int]], i: int) -> int | None:
    s, e = lines[i]
    if not (text[s:e].lstrip("# ").startswith("**") and text.count("**", s, e) % 2):
        return None
    for j in range(i + 1, min(i + BOLD_SPAN_LINES, len(lines))):
        js, je = lines[j]
        if "\t" in text[js:je]:
            return None
        if text.count("**", js, je) % 2:
            return j if is_heading(text[s:je]) else None
    return None


_PIPE_ROW = re.compile(r"^\|.*\|$")
_PIPE_RULE = re.compile(r"^\|[\s:|\-]+\|$")
_ROW_NUMBER = re.compile(r"^(\d{1,3})\.?$")
MIN_TABLE_COLUMNS = 3
WRAPPED_SHARE = 0.5   # of lines run on into the next: above it, the text was hard-wrapped


def _direct(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """b follows a on the next line, no blank line between."""
    return text.count("\n", a[1], b[0]) == 1


def _pipe_rows(text: str, lines: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], set[int]]:
    """Markdown table rows ("| 1 | Thu ngân sách | 5 |") are rows; the "|---|" rule joins the header."""
    out: list[tuple[int, int]] = []
    rows: set[int] = set()
    for s, e in lines:
        line = text[s:e]
        if _PIPE_RULE.match(line) and out and out[-1][0] in rows:
            out[-1] = (out[-1][0], e)
            continue
        if _PIPE_ROW.match(line):
            rows.add(s)
        out.append((s, e))
    return out, rows


def _flattened_rows(text: str, lines: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], set[int]]:
    """A table flattened one cell per line put back into rows: after a header of k short
    lines (k ≥ 3 columns), rows of k lines each, numbered 1, 2, 3 … ("TT", "Chỉ tiêu", "ĐVT",
    then "1", "Thu …", "tỷ", "5" …) or, with no number column, a label followed by k - 1
    figures ("Chỉ tiêu", "KH 2026", "TH 2026", then "Thu ngân sách", "48,5", "52", …, as text
    copied from a PDF's table reads). Each row becomes one span of its k lines."""
    out: list[tuple[int, int]] = []
    rows: set[int] = set()
    i = 0
    while i < len(lines):
        k, numbered = _columns_at(text, lines, i)
        if not k:
            out.append(lines[i])
            i += 1
            continue
        n = i + k  # first row
        while n + k <= len(lines) and _flat_row(text, lines, n, k, numbered) \
                and all(_direct(text, lines[j], lines[j + 1]) for j in range(n - 1, n + k - 1)):
            n += k
        for r in range(i, n, k):
            out.append((lines[r][0], lines[r + k - 1][1]))
            rows.add(lines[r][0])
        i = n
    return out, rows


def _flat_row(text: str, lines: list[tuple[int, int]], n: int, k: int, numbered: bool) -> bool:
    """lines[n:n+k] are one row of a flattened table: opened by its number, or a label and figures."""
    cells = [text[slice(*span)].strip() for span in lines[n:n + k]]
    if numbered:
        return bool(_ROW_NUMBER.match(cells[0]))
    return has_word(cells[0]) and not _FIGURE_CELL.fullmatch(cells[0]) \
        and all(_FIGURE_CELL.fullmatch(c) or c in ("-", "–", "x") for c in cells[1:])


def _columns_at(text: str, lines: list[tuple[int, int]], i: int) -> tuple[int, bool]:
    """(k, numbered) when lines[i] opens a header of k short cells followed by two rows, numbered
    1 and 2 k lines apart or each a label and k - 1 figures; else (0, False)."""
    for k in range(MIN_TABLE_COLUMNS, 13):
        first, second = i + k, i + 2 * k
        if second + k > len(lines):
            return 0, False
        cells = lines[i:second + k]
        if any(e - s > SHORT_LINE * 2 for s, e in cells) or not all(
                _direct(text, a, b) for a, b in zip(cells, cells[1:])):
            return 0, False
        header = [text[slice(*c)].strip() for c in lines[i:first]]
        if any(_ROW_NUMBER.match(c) for c in header):
            continue
        if text[slice(*lines[first])].rstrip(".") == "1" and text[slice(*lines[second])].rstrip(".") == "2":
            return k, True
        if all(has_word(c) and not _FIGURE_CELL.fullmatch(c) for c in header) \
                and _flat_row(text, lines, first, k, False) and _flat_row(text, lines, second, k, False):
            return k, False
    return 0, False


def _reflowed(text: str, lines: list[tuple[int, int]], rows: set[int]) -> list[tuple[int, int]]:
    """Hard-wrapped text (every line ends in a newline, paragraphs apart by blank lines) put
    back into paragraphs: a line joins the next when it was cut by the wrap (long, or the next
    goes on in lower case) and the next opens no heading, item, row or footnote."""
    plain = [(s, e) for s, e in lines if s not in rows]
    width = sorted(e - s for s, e in plain)[int(len(plain) * 0.9)] if plain else 0
    runs_on = [a for a, b in zip(plain, plain[1:]) if _direct(text, a, b)]
    if not width or len(runs_on) < WRAPPED_SHARE * len(plain) or width > 2 * MAX_HEADING:
        return lines
    out: list[tuple[int, int]] = []
    for s, e in lines:
        if out and out[-1][0] not in rows and s not in rows and _direct(text, out[-1], (s, e)) \
                and _continues(text, out[-1], (s, e), width):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _continues(text: str, prev: tuple[int, int], line: tuple[int, int], width: int = 0) -> bool:
    """In wrapped text a paragraph ends at a blank line: the next line goes on with it unless
    it opens a heading, an item, a row or a footnote, or the line before is a heading. A
    numbered line the wrap cut mid-sentence ("6.4. Lao động: giải quyết việc làm cho 140 lao
    động, đạt" then "30% kế hoạch …") is no heading: it runs to the wrap's width and ends on a word."""
    last, after = text[prev[0]:prev[1]].split("\n")[-1], text[line[0]:line[1]]
    if _enumeration_goes_on(text[prev[0]:prev[1]], after):
        return True
    if cut_by_wrap(last, width) and _indent(text, line[0]) > _indent(text, prev[0]) \
            and not _COLUMN_GAP.search(last.strip()):
        # a hanging indent: the wrap may open a continuation line with "III." ("… trong quý" / "  III. …");
        # not under a line of columns ("1. Chi đầu tư      13.900" over "   - Từ nguồn …")
        return True
    if after[:1].islower():
        return classify(after) == "paragraph"  # "a) …" opens an item
    if _LABEL_OPENING.match(after) and last.rstrip().endswith((".", ";", "!", "?")):
        return False  # "… qua suối." then "Trả lời: Xã đã …": a labelled paragraph of its own
    return (not is_heading(last) or cut_by_wrap(last, width)) and classify(after) == "paragraph"


# a paragraph opened by a short label: "Trả lời:", "Kiến nghị:", "Nguyên nhân:", "Kết quả:"
_LABEL_OPENING = re.compile(r"^[A-ZĐÀ-Ỹ][^\W\d_]*(?:\s+[^\W\d_]+){0,2}\s*:\s")


_INLINE_NUMBER = re.compile(r"\((\d{1,2})\)")


def _enumeration_goes_on(paragraph: str, line: str) -> bool:
    """A wrapped sentence that numbers its points inline ("Hạn chế: (1) …; (2) …") goes on at a
    line the wrap opened with the next number: "(2)" follows a paragraph whose last number,
    inside it and not at its start, is (1)."""
    opening = _INLINE_NUMBER.match(line.lstrip())
    inline = [m for m in _INLINE_NUMBER.finditer(paragraph) if m.start() > len(paragraph) - len(paragraph.lstrip())]
    return bool(opening and inline) and int(opening.group(1)) == int(inline[-1].group(1)) + 1


def cut_by_wrap(line: str, width: int) -> bool:
    """A line of running text the wrap cut: as long as the wrap's width (within 15%), ending on
    a word or a comma, not in capitals (a long heading wrapped stays a heading)."""
    letters = [c for c in line if c.isalpha()]
    return bool(width) and len(line) >= 0.85 * width and not line.rstrip().endswith((".", ":", ";", "!", "?")) \
        and bool(letters) and sum(c.isupper() for c in letters) / len(letters) < 0.5


_COLUMN_GAP = re.compile(r"\S(?: {2,}|\t)(?=\S)")


def _aligned_rows(text: str, lines: list[tuple[int, int]]) -> set[int]:
    """Rows of a table typed with spaces ("1    Thu ngân sách    triệu đồng    2.600"): lines
    of three or more cells that come in a run of at least two."""
    cells = [len(_COLUMN_GAP.findall(text[s:e])) >= 2 for s, e in lines]
    rules = [bool(_RULE_LINE.fullmatch(text[s:e])) for s, e in lines]

    def neighbour(n: int, step: int) -> bool:
        # the next line of cells above or below, across rule lines ("-----" under the column
        # names) and up to two short lines of one cell (a group "I   KINH TẾ", "Trong đó:")
        m, short = n, 0
        while 0 <= m + step < len(lines) and _direct(text, *sorted((lines[m], lines[m + step]))):
            m += step
            if rules[m]:
                continue
            if cells[m] or short == 2 or lines[m][1] - lines[m][0] > _GROUP_LINE:
                return cells[m]
            short += 1
        return False

    rows = set()
    for n, (s, _) in enumerate(lines):
        if cells[n] and not rules[n] and (neighbour(n, -1) or neighbour(n, 1)) and "\t" not in text[s:lines[n][1]]:
            rows.add(s)
    return rows


# a rule of dashes under column names, also one cut into columns ("--  ----------  -------")
_RULE_LINE = re.compile(r"\s*(?=[-=_+\s]*[-=_+]{3})[-=_+]{2,}[-=_+\s]*")
_GROUP_LINE = 40  # characters: a group's name inside a table ("I   CHỈ TIÊU KINH TẾ"), not a sentence


_BARE_PIPE = re.compile(r"(?:[^|\n]*\|){%d}" % (MIN_TABLE_COLUMNS - 1))


def _bare_pipe_rows(text: str, lines: list[tuple[int, int]]) -> set[int]:
    """Rows of a table whose cells are cut by pipes with no pipe at either end, and no rule
    under the column names ("1 | Thu ngân sách | triệu đồng | 2.600", as a copy from a
    spreadsheet gives them): lines of three or more cells that come in a run of at least two."""
    cells = [bool(_BARE_PIPE.match(text[s:e])) for s, e in lines]
    return {s for n, (s, _) in enumerate(lines) if cells[n] and any(
        0 <= m < len(lines) and cells[m] and _direct(text, *sorted((lines[n], lines[m]))) for m in (n - 1, n + 1))}


def _ruled_flat_rows(text: str, lines: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], set[int]]:
    """A table flattened one cell per line with a rule of dashes after its header and after each
    row ("TT", "Nhóm đối tượng", "Năm 2025", then "-----", then "1", "Hộ gia đình", "4.994", then
    "-----" …): each group of k ≥ 3 lines between rules, in a run of three or more groups of one
    size, is one span; the rules are left out."""
    out: list[tuple[int, int]] = []
    rows: set[int] = set()
    rules = [n for n, (s, e) in enumerate(lines) if _RULE_LINE.fullmatch(text[s:e])]
    groups: list[tuple[int, int]] = []  # (first line, line after the last) of each run between rules
    start = 0
    for r in rules:
        groups.append((start, r))
        start = r + 1
    chosen: dict[int, int] = {}  # first line of a row -> line after its last

    def short(a: int, b: int) -> bool:  # one cell per line: short, no pipes (a bordered table's lines)
        return all(lines[j][1] - lines[j][0] <= SHORT_LINE * 2 and "|" not in text[slice(*lines[j])] for j in range(a, b))

    run: list[tuple[int, int]] = []
    for g in groups + [(0, 0)]:  # a last empty group closes the last run
        size = g[1] - g[0]
        if run and (size != run[-1][1] - run[-1][0] or g[0] != run[-1][1] + 1):
            if len(run) >= 3:
                chosen.update(dict(run))
                # the column names: the last k lines before the run's first rule
                k, first = run[0][1] - run[0][0], groups.index(run[0])
                head = groups[first - 1] if first else None
                if head and head[1] - head[0] >= k and short(head[1] - k, head[1]):
                    chosen[head[1] - k] = head[1]
            run = []
        if size >= MIN_TABLE_COLUMNS and short(*g):
            run.append(g)
    n = 0
    while n < len(lines):
        if n in chosen:
            end = chosen[n]
            out.append((lines[n][0], lines[end - 1][1]))
            rows.add(lines[n][0])
            n = end + 1 if end < len(lines) and end in rules else end  # the rule after the row goes
            continue
        out.append(lines[n])
        n += 1
    return out, rows


def _lines_of(text: str) -> tuple[list[tuple[int, int]], set[int]]:
    """Line spans with tables put back into rows and wrapped paragraphs re-joined; the set
    holds the start of each span that is a table row."""
    lines, pipe = _pipe_rows(text, list(_lines(text)))
    lines, ruled = _ruled_flat_rows(text, lines)
    lines, flat = _flattened_rows(text, lines)
    rows = pipe | ruled | flat | _aligned_rows(text, lines) | _bare_pipe_rows(text, lines)
    return _reflowed(text, lines, rows), rows


def _blocks(text: str, lines: list[tuple[int, int]], rows: set[int], notes: dict[int, str]):
    """Lines grouped: consecutive short plain lines (dates, signatures) form one block."""
    group: list[tuple[int, int, str]] = []
    for s, e in _bold_spans(text, lines):
        kind = "row" if s in rows else "footnote" if s in notes else classify(text[s:e])
        short = e - s < SHORT_LINE and kind in ("paragraph", "heading")
        if group and short and all(g[2] == "short" for g in group):
            group.append((s, e, "short"))
            continue
        if group:
            yield group
        group = [(s, e, "short" if short else kind)]
    if group:
        yield group


# Notes numbered in brackets at the foot of a typed document ("(1) Số liệu ước đến 31/10"),
# pointed to from the text ("… như sau (1):"): a run of lines opening "(n)" after which only
# the recipients' list ("Nơi nhận:") or nothing follows, the first of them pointed to earlier.
_PAREN_NOTE = re.compile(r"^\((\d{1,2})\)\s*\S")
_PAREN_REFERENCE = re.compile(r"(?<=[^\s(])\s?\((\d{1,2})\)(?=[\s,.;:)]|$)")


def _paren_notes(text: str, lines: list[tuple[int, int]]) -> dict[int, str]:
    """The start of each note line numbered "(n)" at the foot of the text, or under a "Ghi chú:"
    line, with its number."""
    texts = [text[s:e] for s, e in lines]
    notes = _notes_under_label(text, lines, texts)
    recipients = next((i for i, t in enumerate(texts) if _RECIPIENTS.match(clean_markup(t))), len(texts))
    for end in dict.fromkeys((recipients, len(texts))):
        n = end
        while n and _PAREN_NOTE.match(texts[n - 1]):
            n -= 1
        if n == end:
            continue
        first = _PAREN_NOTE.match(texts[n]).group(1)
        if first in {m.group(1) for m in _PAREN_REFERENCE.finditer(text[:lines[n][0]])}:
            return notes | {lines[i][0]: _PAREN_NOTE.match(texts[i]).group(1) for i in range(n, end)}
    return notes


# The label of the notes under a table or at a document's foot: "Ghi chú:", "**Chú thích:**"
_NOTES_LABEL = re.compile(r"[\s*_]*(?:ghi\s+chú|chú\s+thích|chú\s+giải)\s*:?[\s*_]*", re.I)


def _notes_under_label(text: str, lines: list[tuple[int, int]], texts: list[str]) -> dict[int, str]:
    """Lines opened by "(n)" after each "Ghi chú:" line, up to the next table or section, each
    when the text above its label refers to it, by "(n)" or by a superscript "⁽ⁿ⁾" (a note may
    wrap over several lines)."""
    notes: dict[int, str] = {}
    for label in (i for i, t in enumerate(texts) if _NOTES_LABEL.fullmatch(t)):
        above = text[:lines[label][0]]
        referred = {m.group(1) for m in _PAREN_REFERENCE.finditer(above)} | set(markers_in(above))
        for i in range(label + 1, len(texts)):
            note = _PAREN_NOTE.match(texts[i])
            if note and note.group(1) in referred:
                notes[lines[i][0]] = note.group(1)
            elif not note and (classify(texts[i]) in ("row", "heading") or texts[i].lstrip().startswith("|")):
                break  # the notes end where a table (a signature block) or a section begins
    return notes


# A table's unit on a line of its own above it: "ĐVT: triệu đồng", "(Đơn vị tính: tỷ đồng)".
_UNIT_LINE = re.compile(r"[\s*_(]*(?:đvt|dvt|đơn\s+vị(?:\s+tính)?|don\s+vi(?:\s+tinh)?)\s*:\s*([^\n()*_]{1,30}?)[\s*_).]*",
                        re.I)


# … or at the end of the table's caption: "Bảng 2. Diện tích theo thôn (ĐVT: ha)".
_UNIT_AFTER_CAPTION = re.compile(r"\((?:đvt|dvt|đơn\s+vị(?:\s+tính)?|don\s+vi(?:\s+tinh)?)\s*:\s*([^\n()*_]{1,30}?)\s*\)[\s*_.:]*$",
                                 re.I)


def _unit_above(text: str, start: int) -> str:
    """The unit stated on the last line of the few before a table (rule lines passed), if that
    line states one, alone or in brackets closing a caption."""
    above = [line for line in text[max(0, start - 300):start].split("\n")
             if line.strip() and not _RULE_LINE.fullmatch(line)]
    m = (_UNIT_LINE.fullmatch(above[-1]) or _UNIT_AFTER_CAPTION.search(above[-1])) if above else None
    unit = m.group(1).strip() if m else ""
    # "(Đơn vị: UBND xã Bàu Sen)" names who reports, not a unit of measure
    return "" if _NOT_A_UNIT.search(unit) else unit


_NOT_A_UNIT = re.compile(r"(?<!\w)[A-ZĐ]{2,}(?!\w)|(?i:(?<!\w)(?:xã|phường|thị trấn|trường)(?!\w))")


# The list of who receives the document ("Nơi nhận: - Như trên; - Lưu: VT."): it answers nothing.
_RECIPIENTS = re.compile(r"nơi\s+nhận\s*:", re.I)
_YEAR_IN_HEADER = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# "6 tháng", and its short form before a year, "9T/2026" (9 tháng năm 2026)
_MONTHS_IN_HEADER = re.compile(r"(?<![\d.,])\d{1,2}\s+tháng|(?<![\w.,])\d{1,2}T(?=\s*/\s*(?:19|20)\d\d)", re.I)


# The number cell of a table row ("13", "1.2", "IV", "B", "a)"), and the marks of a sub-row under
# it ("- Trong đó: …", "+ …", or a first cell left empty).
_NUMBER_FORMS = r"\d+(?:\.\d+)*|[IVXLC]+|[A-ZĐa-zđ]"
_NUMBER_CELL = re.compile(rf"(?:{_NUMBER_FORMS})[.)]?")
_SUB_ROW_MARK = re.compile(r"(?:[-+–*•]|trong\s+đó\b)", re.I)
# "Tổng cộng", "Cộng", "Tổng số …": a table's total, under no row ("Cộng đồng …" is a label)
_TOTAL_ROW = re.compile(r"(?:tổng|cộng)\b(?!\s+đồng)", re.I)
_FIGURE_CELL = re.compile(r"[-+]?\d[\d.,]*\s*%?")


# A number written in the label's cell: "4. Thu ngân sách", "a) Lúa", "II. VĂN HÓA - XÃ HỘI".
_NUMBERED_LABEL = re.compile(rf"({_NUMBER_FORMS})[.)]\s+(?=\S)")
_WORD = re.compile(r"[^\W\d_]{2}")  # a cell with a word in it, not only figures or marks


def has_word(cell: str) -> bool:
    return bool(_WORD.search(cell))


def names_figure(line: str) -> bool:
    """A line gives a figure other than a year or a number of months: a row of figures, not
    column names ("KH 2025", "TH 6 tháng")."""
    return bool(re.search(r"\d", _YEAR_IN_HEADER.sub("", _MONTHS_IN_HEADER.sub("", line))))


def row_number(cells: list[str]) -> tuple[str, str]:
    """(the row's number, its label): from a number cell and the next cell with words, or from a
    label cell that opens with its number ("4. Thu ngân sách"); ("", label) for an unnumbered row."""
    if not cells:
        return "", ""
    if _NUMBER_CELL.fullmatch(cells[0]):
        return cells[0].rstrip(".)"), row_label(cells)
    m = _NUMBERED_LABEL.match(cells[0])
    if m:
        return m.group(1), cells[0][m.end():]
    return "", row_label(cells)


def row_label(cells: list[str]) -> str:
    """A row's label: its first cell with words, after the number cell if it has one."""
    rest = cells[1:] if cells and (not cells[0] or _NUMBER_CELL.fullmatch(cells[0])) else cells
    return next((c for c in rest if has_word(c)), "")


def _indent(text: str, start: int) -> int:
    """How deep the line holding `start` is indented (tabs or spaces of an empty first cell)."""
    return len(text[text.rfind("\n", 0, start) + 1:start].replace("\ufeff", "").expandtabs(4))


def sub_row_parent(text: str, s: int, cells: list[str], parent: tuple[str, int] | None,
                   numbered: dict[str, str]) -> tuple[str, tuple[str, int] | None]:
    """(the label of the row this row belongs to, the parent the next row may have); `numbered`
    collects the table's numbered rows. A row numbered "7.2" belongs to row "7". A numbered row
    with figures is the next unnumbered rows' parent; a numbered row without figures (a group:
    "B | CHỈ TIÊU XÃ HỘI") or an unnumbered row at its parent's depth ends the parent's rows. An
    unnumbered row belongs to the parent when it is indented deeper, opens with an empty cell or a
    sub-row mark ("- Trong đó: …"); a total ("Tổng cộng", "Cộng") belongs to none."""
    if not cells:
        return "", parent
    number, label = row_number(cells)
    if number:
        numbered[number] = label
        up = numbered.get(number.rsplit(".", 1)[0], "") if "." in number else ""
        figures = any(_FIGURE_CELL.fullmatch(c) for c in cells[1:])
        return up, (label, _indent(text, s)) if figures and label else None
    if parent is None or _TOTAL_ROW.match(label):
        return "", parent
    if _indent(text, s) > parent[1] or not cells[0] or _SUB_ROW_MARK.match(cells[0]):
        return parent[0], parent
    return "", None


def _continues_table(text: str, end: int, start: int, row: str) -> bool:
    """A row of figures after a gap holding only rule lines and a group's name ("I   KINH TẾ")
    goes on with the table above: a row of figures never heads a table (its header may span two
    lines, then a row numbering the columns "A  B  1  2")."""
    if not names_figure(row):
        return False
    gap = [line.strip() for line in text[end:start].split("\n") if line.strip()]
    return len(gap) <= 3 and all(_RULE_LINE.fullmatch(line) or len(line) <= _GROUP_LINE for line in gap)


def _header_above(text: str, start: int, row: str) -> str:
    """The column names of a table whose first row read is one of figures: the nearest line of
    three or more named cells among the few above, past rule lines, a row numbering the columns
    ("A  B  1  2") and a header's second line ("ƯTH 2026 (%)")."""
    if not names_figure(row):
        return ""
    lines = [span for span in _lines_between(text, max(0, start - 2000), start) if text[slice(*span)].strip()][-10:]
    for s, e in reversed(lines):
        line = text[s:e]
        cells = [c for c in row_cells(line) if c]
        if len(cells) >= 3 and sum(map(has_word, cells)) >= 3 and not names_figure(line):
            return _header_over_columns(text, (s, e), (start, start + len(row))) or row_cells_text(line)
    return ""


def _lines_between(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each whole line ending before `end`, from the first that opens after `start`."""
    out, pos = [], (text.find("\n", start) + 1 or end) if start else 0  # no line opens after `start`: none
    while pos < end:
        stop = text.find("\n", pos)
        if stop < 0 or stop >= end:
            break
        out.append((pos, stop))
        pos = stop + 1
    return out


def _header_over_columns(text: str, head: tuple[int, int], row: tuple[int, int]) -> str:
    """Column names typed with spaces whose names are one space apart ("KH 2025 TH 6 tháng"
    over the figures "1.120      548,6"): each name cell standing over several columns of the
    first row of figures is cut between them, a word going to the next column once it opens
    past the end of the one before (figures stand right-aligned under their names). Empty when
    the header has as many cells as the row, or either is typed with tabs or pipes."""
    if any(mark in text[head[0]:head[1]] + text[row[0]:row[1]] for mark in "\t|"):
        return ""
    top, low = _cell_columns(text, *head), _cell_columns(text, *row)
    if len(top) >= len(low):
        return ""
    offset = head[0] - (text.rfind("\n", 0, head[0]) + 1)
    words = [(offset + m.start(), m.group()) for m in re.finditer(r"\S+", text[head[0]:head[1]])]
    names: list[str] = []
    for a, b, name in top:
        under = [c for c in low if c[0] < b and c[1] > a]
        if len(under) < 2:
            names.append(name)
            continue
        parts, j = [[] for _ in under], 0
        for at, word in (w for w in words if a <= w[0] < b):
            while j + 1 < len(under) and at >= under[j][1]:
                j += 1
            parts[j].append(word)
        names += [clean_markup(" ".join(p)) for p in parts if p]
    return " | ".join(names)


def _header_goes_on(text: str, head: tuple[int, int] | None, start: int, row: str,
                    last: tuple[int, int] | None = None) -> bool:
    """In a table typed with spaces (a markdown table has one line of column names; a tab-separated
    one is left alone), the line under the column names is their second line ("Thực hiện  Ước TH" over
    "năm 2025  năm 2026"): it follows them, across rule lines only (no blank line); it stands
    only under the figures' columns (right of the header's second name: the label column is
    empty); it names a year or fewer columns than the header, and no cell of it is a figure but a
    year ("DT27/DT26" names a column)."""
    cells = [c for c in row_cells(row) if c]
    if head is None or not cells or any(mark in text[head[0]:head[1]] + row for mark in "\t|") \
            or any(_FIGURE_CELL.fullmatch(c) and not _YEAR_IN_HEADER.fullmatch(c) for c in cells):
        return False
    between = text[(last or head)[1]:start].split("\n")[1:-1]
    top, low = _cell_columns(text, *head), _cell_columns(text, start, start + len(row))
    return len(top) > 1 and low[0][0] > top[1][1] and all(_RULE_LINE.fullmatch(line) for line in between) \
        and not _NUMBER_CELL.fullmatch(cells[0]) and not _NUMBERED_LABEL.match(cells[0]) \
        and (bool(_YEAR_IN_HEADER.search(row)) or len(cells) < len(top))


def _pipe_header_goes_on(head: str, row: str) -> bool:
    """A markdown table's column names on two rows, as a merged header exports ("| Lĩnh vực | Đơn
    thư | | Tiếp dân | |" over "| | Số đơn | Đã xử lý | Lượt | Vụ việc |"): the header leaves
    cells empty for the names it spans, and the row under it, as wide, opens with an empty cell
    and names columns without a figure but a year."""
    top, low = row_cells(head), row_cells(row)
    return "|" in head and "|" in row and len(top) == len(low) > 2 and "" in top[1:] \
        and not low[0] and all(low[1:]) \
        and not any(_FIGURE_CELL.fullmatch(c) and not _YEAR_IN_HEADER.fullmatch(c) for c in low)


def _pipe_merged_header(head: str, row: str) -> str:
    """The two rows' names joined column by column, an empty name of the upper row taken from
    the name on its left that spans it ("Đơn thư Số đơn | Đơn thư Đã xử lý | …")."""
    names, spanning = [], ""
    for top, low in zip(row_cells(head), row_cells(row)):
        spanning = top or spanning
        names.append(f"{spanning} {low}".strip())
    return " | ".join(names)


def _cell_columns(text: str, s: int, e: int) -> list[tuple[int, int, str]]:
    """(first column, last column, text) of each cell of a line typed with spaces."""
    offset = s - (text.rfind("\n", 0, s) + 1)
    return [(offset + m.start(), offset + m.end(), clean_markup(m.group(0)))
            for m in re.finditer(r"\S+(?: \S+)*", text[s:e])]


def _merged_header(text: str, head: tuple[int, int], more: list[tuple[int, int]]) -> str:
    """Column names typed with spaces on two or three lines, each name of a lower line joined
    to the column it stands under (most overlap, else the nearest)."""
    top = _cell_columns(text, *head)
    names = [t for _, _, t in top]
    for line in more:
        for a, b, name in _cell_columns(text, *line):
            k = max(range(len(top)), key=lambda i: (min(b, top[i][1]) - max(a, top[i][0]),
                                                    -abs(a + b - top[i][0] - top[i][1])))
            names[k] += f" {name}"
    return " | ".join(names)


def _formula_apart(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A paragraph that opens with the document's formula and runs on ("… báo cáo như sau. Kỳ
    báo cáo tính từ …", "… như sau: 1. Tổng thu …") is cut after it: the formula shares words with
    every topic of the document, and those words must not carry what follows it."""
    m = PREAMBLE.match(text, start, end)
    if not m or m.end() >= end or not text[start:m.end()].rstrip(" \n*_").endswith((".", ":")):
        return [(start, end)]
    return [(start, start + len(text[start:m.end()].rstrip())), (m.end(), end)]


def chunk(text: str) -> list[Passage]:
    passages: list[Passage] = []
    stack: list[tuple[int, str]] = []
    header = unit = ""
    parent: tuple[str, int] | None = None  # the last numbered row of the table: (label, indent)
    numbered: dict[str, str] = {}  # the table's rows by number ("7" -> its label)
    prev_row_end = -10
    head_line: tuple[int, int] | None = None  # the column names just read, while a second line may follow
    head_more: list[tuple[int, int]] = []  # … and the lines of them read under it
    in_body = False  # headings before the first body text are the title, not sections
    sectioned = False  # a section of the body has begun
    after_heading = False
    recipients = False  # in the "Nơi nhận:" list of the signature block
    lines, rows = _lines_of(text)
    notes = _paren_notes(text, lines)
    numbers = set(notes.values())
    for group in _blocks(text, lines, rows, notes):
        s, e = group[0][0], group[-1][1]
        before = [h for _, h in stack]
        for gs, ge, hint in group:
            line = text[gs:ge]
            heading = hint != "row" and is_heading(line)
            in_body = in_body or not heading
            if heading and in_body:
                title = clean_markup(line)
                if after_heading and stack and _ANNEX.match(stack[-1][1]):
                    # an annex number and its title on two lines: "Biểu số 01" / "KẾT QUẢ …"
                    stack[-1] = (stack[-1][0], f"{stack[-1][1]}: {title}")
                elif after_heading and stack and title.startswith("("):
                    # an annex title and its note ("Biểu số 02: …" then "(Kèm theo Kế hoạch số …)")
                    stack[-1] = (stack[-1][0], stack[-1][1] + " " + title)
                else:
                    level = heading_level(line)
                    stack = [h for h in stack if h[0] < level] + [(level, title)]
                    sectioned = True
            after_heading = heading
        first = text[s:group[0][1]]
        kind = classify(first) if len(group) == 1 else "heading" if is_heading(first) else "paragraph"
        if group[0][2] in ("row", "footnote"):
            kind = group[0][2]
        row_parent = ""
        if len(group) == 1 and _RULE_LINE.fullmatch(first):
            continue  # a rule ("--  -------  -----" under a table's column names, "------" over notes) holds nothing
        if kind == "row" and _numbers_columns(first):
            kind = "table_header"  # "(1) (2) (3) …" under the column names numbers them: it answers nothing
        if kind == "row" and head_line and not head_more \
                and _pipe_header_goes_on(text[head_line[0]:head_line[1]].split("\n")[0], first):
            header = _pipe_merged_header(text[head_line[0]:head_line[1]].split("\n")[0], first)
            prev_row_end, kind, head_line = e, "table_header", None
        elif kind == "row" and _header_goes_on(text, head_line, s, first, head_more[-1] if head_more else None):
            # column names typed on two or three lines ("Hộ nghèo" / "đầu năm" / "2026")
            head_more = head_more + [(s, group[0][1])]
            header = _merged_header(text, head_line, head_more)
            prev_row_end, kind = e, "table_header"
            head_line = head_line if len(head_more) < 2 else None
        elif kind == "row":
            # a table's first row is its header; following rows carry it
            opens = not header or (text.count("\n", prev_row_end, s) > 2
                                   and not _continues_table(text, prev_row_end, s, first))
            if opens:
                header = _header_above(text, s, first) or row_cells_text(first)
                unit = _unit_above(text, s)
                parent, numbered = None, {}
            elif head_line and not head_more and names_figure(first):
                # the first row of figures under column names read alone: they may need cutting
                header = _header_over_columns(text, head_line, (s, group[0][1])) or header
            prev_row_end = e
            row_parent, parent = sub_row_parent(text, s, row_cells(first), parent, numbered)
            head_line = None
            if opens and not names_figure(first):
                kind = "table_header"  # column names ("Chỉ tiêu | ĐVT | KH 2025"): they answer nothing alone
                head_line, head_more = (s, group[0][1]), []
        elif not _RULE_LINE.fullmatch(first):
            head_line = None
        opens_list = [bool(_RECIPIENTS.match(clean_markup(text[gs:ge]).strip(" *#"))) for gs, ge, _ in group]
        if opens_list[0] or (recipients and kind == "item"):
            # "- Lưu: VT."; a line beside the signature ("- UBND xã;     CHỦ TỊCH") too: it answers
            # only who signed (retrieval.place_mask)
            kind = "recipients"
        recipients = any(opens_list) or kind == "recipients"
        if kind == "paragraph" and _CLOSING.match(clean_markup(first)):
            kind = "closing"  # "Trên đây là báo cáo …/.": the document's closing formula answers nothing
        # a heading's path is the headings above it, not itself
        headings = before if kind == "heading" else [h for _, h in stack]
        # the opening formula comes before the document's first section
        spans = _formula_apart(text, s, e) if kind == "paragraph" and not sectioned else [(s, e)]
        for ps, pe in [piece for a, b in spans for piece in split_long(text, a, b)]:
            piece = text[ps:pe]
            passages.append(Passage(
                start=ps, end=pe, text=piece, kind=kind, headings=headings,
                table_header=header if kind in ("row", "table_header") else "",
                table_unit=unit if kind in ("row", "table_header") else "",
                row_parent=row_parent if kind == "row" else "",
                footnote=(notes.get(ps) or footnote_number(piece)) if kind == "footnote" else "",
                markers=[] if kind == "footnote" else markers_in(piece) + [
                    m for m in dict.fromkeys(r.group(1) for r in _PAREN_REFERENCE.finditer(piece)) if m in numbers],
            ))
    return passages
