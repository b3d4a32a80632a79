"""Repairs of what Tesseract misreads on a scanned page, judged from the page's layout.

- Words of one printed line that a slightly rotated scan splits into two "lines" (their
  heights overlap, their x ranges do not) are one line again.
- Footnotes: a small raised glyph opening a small-print line low on the page is a footnote
  number (Tesseract reads a raised "1" as "Ì", "®" or "'"); the lines from there down are the
  page's footnotes, numbered on from the previous page when the glyph is no digit. In the
  body above, the markers that point to them are the raised glyphs glued to a word
  ("nâng cao”." -> "nâng cao².", "dự toán3." -> "dự toán³."), or, where the glyph was
  dropped, a word whose box reaches above its line ("386 ha;" -> "386 ha¹;").
- A section numeral misread at the start of a heading ("IL." / "IIL" for "II.") follows
  the previous section's numeral.
- Two syllables read as one word ("Dựán", "pháttriển") are split where both halves are
  Vietnamese syllables and the whole is not one.
"""
from __future__ import annotations

import re
import statistics
from typing import Callable

SUPER = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
MARKER_GLYPHS = "”®°'’\"*ˆ`´"
NOTE_GLYPHS = "ÌÍĨỈỊIl®'’”°*"  # a raised "1" (or any number) as Tesseract reads it
NOTE_ZONE = 0.55      # footnotes sit in the lower part of the page (share of its height)
SMALL_PRINT = 0.9     # a footnote line's size against the body's
FRAGMENT = 0.6      # of a line's size: pieces of one rotated line lie this close (lines lie 1.2-1.5 apart)
RAISED = 0.25         # of the line's size: a box reaching this far above the line's tops holds a lost marker
MARKER_SIZE = 0.8     # a footnote number's glyph is at most this high against its line


# ---------------------------------------------------------------- lines


def merge_fragments(groups: list[list], size_of: Callable[[list], float]) -> list[list]:
    """Join word groups that are one printed line: vertical middles within FRAGMENT of a line's
    size of each other and no word of one overlapping a word of the other in x."""
    out: list[list] = []
    for group in groups:
        mid = _middle(group)
        host = next((g for g in reversed(out[-3:])
                     if abs(_middle(g) - mid) < FRAGMENT * min(size_of(g), size_of(group)) and _apart(g, group)), None)
        if host is None:
            out.append(list(group))
        else:
            host.extend(group)
    return out


def _middle(words: list) -> float:
    return statistics.median((w.top + w.bottom) / 2 for w in words)


def _apart(a: list, b: list) -> bool:
    return all(w.x1 <= v.x0 or v.x1 <= w.x0 for w in a for v in b)


# ---------------------------------------------------------------- footnotes


def footnote_start(lines: list, body_size: float, page_height: float) -> int | None:
    """Index of the page's first footnote line, or None."""
    for i, line in enumerate(lines):
        if line.top < NOTE_ZONE * page_height or line.size >= SMALL_PRINT * body_size:
            continue
        if note_glyph(line) is not None:
            return i
    return None


def note_glyph(line) -> object | None:
    """The small first word of a line that opens a footnote, or None."""
    first = line.words[0]
    if len(first.text) > 2 or len(line.words) < 2:
        return None
    small = first.bottom - first.top < MARKER_SIZE * line.size
    number_like = first.text.isdigit() or all(c in NOTE_GLYPHS for c in first.text)
    return first if small and number_like else None


def number_notes(lines: list, last: int) -> tuple[list[int], int]:
    """Footnote numbers of the note lines that open a footnote (0 for a continuation line);
    the glyph read as a digit gives its number, else it is the one after the last."""
    numbers = []
    for line in lines:
        glyph = note_glyph(line)
        if glyph is None:
            numbers.append(0)
            continue
        last = int(glyph.text) if glyph.text.isdigit() and int(glyph.text) > 0 else last + 1
        glyph.text = str(last).translate(SUPER)
        numbers.append(last)
    return numbers, last


_GLUED_DIGITS = re.compile(r"^(.*[^\W\d_])(\d{1,2})([.,;:)]*)$")
_GLUED_GLYPH = re.compile(rf"^(.*[^\W\d_][.,;:]?)[{re.escape(MARKER_GLYPHS)}]+([.,;:)]*)$")
_TRAILING = re.compile(r"^(.*?)([.,;:)]*)$")


def mark_references(lines: list, numbers: list[int]) -> None:
    """Write the page's footnote numbers, in order, onto the words that carry their markers."""
    if not numbers:
        return
    glued, raised = [], []
    for line in lines:
        tops = statistics.median(w.top for w in line.words)
        quoted = False
        for w in line.words:
            quoted = quoted or "“" in w.text
            if _GLUED_DIGITS.match(w.text) and int(_GLUED_DIGITS.match(w.text).group(2)) in numbers:
                glued.append((w, "digits"))
            elif _GLUED_GLYPH.match(w.text) and not quoted:
                glued.append((w, "glyph"))
            elif w.top < tops - RAISED * line.size and w.conf < 60 and w.text[-1:] not in MARKER_GLYPHS:
                raised.append((w, "raised"))
    chosen = glued if len(glued) >= len(numbers) else _in_order(lines, glued + raised)
    for (word, how), number in zip(chosen, numbers):
        word.text = _with_marker(word.text, how, number)


def _in_order(lines: list, found: list) -> list:
    order = {id(w): n for n, w in enumerate(w for line in lines for w in line.words)}
    return sorted(found, key=lambda f: order[id(f[0])])


def _with_marker(text: str, how: str, number: int) -> str:
    sup = str(number).translate(SUPER)
    if how == "digits":
        m = _GLUED_DIGITS.match(text)
        return m.group(1) + sup + m.group(3)
    if how == "glyph":
        m = _GLUED_GLYPH.match(text)
        head, tail = m.group(1), m.group(2)
        if head[-1] in ".,;:":  # "toán.”" : the marker before the stop, as typed
            head, tail = head[:-1], head[-1] + tail
        return head + sup + tail
    m = _TRAILING.match(text)
    return m.group(1) + sup + m.group(2)


# ---------------------------------------------------------------- headings


_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
          "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"]
_NUMERAL_LIKE = re.compile(r"^([IVXLl1|ỊÍÌ]{1,5})([.\-–]?)$")


def section_numeral(first: str, rest: str, last: int) -> tuple[str, int]:
    """(first word, section number) of a heading line whose first word reads like a roman
    numeral: the reading that follows `last` ("IL." after "I." -> "II."), else the word as
    read. `rest` must open in capitals (a section title)."""
    m = _NUMERAL_LIKE.match(first)
    if not m or not rest[:1].isupper() or rest[:2].lower() == rest[:2]:
        return first, last
    letters = m.group(1).translate(str.maketrans("l1|ỊÍÌ", "IIIIII"))
    readings = [letters, letters.replace("L", "I"), letters.rstrip("L")]
    for reading in readings:
        if reading in _ROMAN and _ROMAN.index(reading) == last:  # index = number - 1
            return reading + ".", last + 1
    if first.rstrip(".-–") in _ROMAN:
        return first, _ROMAN.index(first.rstrip(".-–")) + 1
    return first, last


# ---------------------------------------------------------------- words


def split_glued(text: str, is_syllable: Callable[[str], bool]) -> str:
    """'Dựán' -> 'Dự án' when the word is no syllable but two syllables side by side."""
    core = text.strip(".,;:!?()“”\"'")
    if len(core) < 4 or not core.isalpha() or core.isascii() or is_syllable(core) \
            or not (core.islower() or core.isupper() or core.istitle()):
        return text  # names and abbreviations (Yagi, VietGAP, OCOP) are no glued syllables
    for cut in range(2, len(core) - 1):
        left, right = core[:cut], core[cut:]
        if is_syllable(left) and is_syllable(right) and (right.islower() or right.isupper()):
            return text.replace(core, f"{left} {right}", 1)
    return text
