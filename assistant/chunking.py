"""Cutting a plan's text into retrieval units that follow its structure.

A passage is a paragraph, a list item, a table row, a heading or a footnote, an exact slice
`text[start:end]` of the loaded document. Each knows its heading path; a table row knows its
table's header row; a footnote knows its marker and a sentence knows the markers it carries.
Runs of very short lines (document number and date, signature blocks) stay together; long
paragraphs are split with langchain's recursive splitter, overlapping so no sentence is lost.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from langchain_text_splitters import RecursiveCharacterTextSplitter

MAX_CHARS = 500
OVERLAP = 120
SHORT_LINE = 60
MAX_HEADING = 160       # a longer line is body text, unless it is wholly bold:
MAX_BOLD_HEADING = 250  # annex titles ("Biểu số 02: … (Kèm theo Kế hoạch số …)") run long
BOLD_SPAN_LINES = 5     # a bold span opened on one line may close a few lines later

_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans(_SUPERSCRIPT, "0123456789")
_FOOTNOTE_START = re.compile(rf"^\s*(?:⁽([{_SUPERSCRIPT}]+)⁾|([{_SUPERSCRIPT}]+))\s*\S")
_MARKER = re.compile(rf"⁽([{_SUPERSCRIPT}]+)⁾|(?<=[^\sm{_SUPERSCRIPT}])([{_SUPERSCRIPT}]+)(?![{_SUPERSCRIPT}])")
_LIST_ITEM = re.compile(r"^\s*(?:[-+•*]\s|\(?\d+\)?[.)]\s*\S|\(\d+\)|[a-zđ][.)]\s)")
_NUMBERED_HEADING = re.compile(r"^\s*(?:phần\s+thứ\s+\w+|[IVX]+[.\-]|\d+(?:\.\d+)*\.?|[a-zđ]\))\s*", re.I)
_MARKUP = re.compile(r"</?(?:b|i|u|sup|sub|br)\s*/?>|[*#_]+", re.I)


@dataclass
class Passage:
    start: int
    end: int
    text: str
    kind: str  # heading, paragraph, item, row, footnote
    headings: list[str] = field(default_factory=list)
    table_header: str = ""
    footnote: str = ""  # marker number of a footnote passage
    markers: list[str] = field(default_factory=list)  # footnote numbers referred to


def clean_markup(text: str) -> str:
    return re.sub(r"\s+", " ", _MARKUP.sub(" ", text)).strip()


def _lines(text: str):
    """(start, end) of each non-blank line, stripped of surrounding whitespace."""
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip().strip("\ufeff").strip()
        if stripped:
            s = pos + raw.index(stripped)
            yield s, s + len(stripped)
        pos += len(raw) + 1


def is_heading(line: str) -> bool:
    bare = clean_markup(line)
    if not bare or len(bare) > MAX_BOLD_HEADING or "\t" in line:
        return False
    if re.fullmatch(r"\s*[*_]{1,3}[^*_]+[*_]{1,3}[\s:.]*", line):
        return True  # a wholly bold or italic line (or span of lines)
    if len(bare) > MAX_HEADING:
        return False
    if line.lstrip().startswith("#"):
        return True
    letters = [c for c in bare if c.isalpha()]
    if len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        return True
    return bool(_NUMBERED_HEADING.match(bare)) and len(bare) < 90 and not bare.endswith((".", ";", ","))


def heading_level(line: str) -> int:
    bare = clean_markup(line)
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


def footnote_number(line: str) -> str:
    m = _FOOTNOTE_START.match(line)
    return (m.group(1) or m.group(2)).translate(_SUP_TO_DIGIT) if m else ""


def markers_in(text: str) -> list[str]:
    found = []
    for m in _MARKER.finditer(text):
        number = (m.group(1) or m.group(2)).translate(_SUP_TO_DIGIT)
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
    return spans or [(start, end)]


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


def _blocks(text: str):
    """Lines grouped: consecutive short plain lines (dates, signatures) form one block."""
    group: list[tuple[int, int, str]] = []
    for s, e in _bold_spans(text, list(_lines(text))):
        kind = classify(text[s:e])
        short = e - s < SHORT_LINE and kind in ("paragraph", "heading")
        if group and short and all(g[2] == "short" for g in group):
            group.append((s, e, "short"))
            continue
        if group:
            yield group
        group = [(s, e, "short" if short else kind)]
    if group:
        yield group


def chunk(text: str) -> list[Passage]:
    passages: list[Passage] = []
    stack: list[tuple[int, str]] = []
    header = ""
    prev_row_end = -10
    in_body = False  # headings before the first body text are the title, not sections
    after_heading = False
    for group in _blocks(text):
        s, e = group[0][0], group[-1][1]
        before = [h for _, h in stack]
        for gs, ge, _ in group:
            line = text[gs:ge]
            heading = is_heading(line)
            in_body = in_body or not heading
            if heading and in_body:
                title = clean_markup(line)
                if after_heading and stack and title.startswith("("):
                    # an annex title and its note ("Biểu số 02: …" then "(Kèm theo Kế hoạch số …)")
                    stack[-1] = (stack[-1][0], stack[-1][1] + " " + title)
                else:
                    level = heading_level(line)
                    stack = [h for h in stack if h[0] < level] + [(level, title)]
            after_heading = heading
        first = text[s:group[0][1]]
        kind = classify(first) if len(group) == 1 else "heading" if is_heading(first) else "paragraph"
        if kind == "row":
            # a table's first row is its header; following rows carry it
            if text.count("\n", prev_row_end, s) > 2 or not header:
                header = clean_markup(first.replace("\t", " | "))
            prev_row_end = e
        # a heading's path is the headings above it, not itself
        headings = before if kind == "heading" else [h for _, h in stack]
        for ps, pe in split_long(text, s, e):
            piece = text[ps:pe]
            passages.append(Passage(
                start=ps, end=pe, text=piece, kind=kind, headings=headings,
                table_header=header if kind == "row" else "",
                footnote=footnote_number(piece) if kind == "footnote" else "",
                markers=[] if kind == "footnote" else markers_in(piece),
            ))
    return passages
