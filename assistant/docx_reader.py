"""Reading a Word .docx into plan text.

Paragraphs and tables come out in document order: one paragraph per line with a blank
line between, headings as markdown `#`, whole-bold paragraphs as `**…**`, list items with
the number Word would show, table rows as tab-joined cells, footnotes as their own
paragraph after the one that cites them. python-docx opens the package; the text walk is
done on the XML because python-docx hides numbering, footnotes and tracked changes.
"""
from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .loading import LoadError, LoadedText, nfc

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

# Subtrees whose text is not part of the visible paragraph: deleted revisions, field
# codes, formatting, and drawings (text boxes are read separately, as their own blocks).
SKIPPED = {W + "del", W + "moveFrom", W + "pPr", W + "rPr", W + "instrText", W + "delText",
           W + "drawing", W + "pict", W + "object", MC + "Fallback"}
# Containers that only wrap blocks (content controls, custom XML).
BLOCK_WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml"}
SUPERSCRIPT = str.maketrans("0123456789()+-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾⁺⁻")
FALSE_VALUES = {"0", "false", "off", "none"}
# Characters Word files carry that mean nothing in plain text.
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
HEADING_NAME = re.compile(r"heading\s*(\d)$", re.IGNORECASE)
MAX_BOLD_HEADING = 200


def read_docx(path: Path) -> LoadedText:
    """Extract the text of a .docx file. Raises LoadError for files Word could not open either."""
    document = _open(path)
    try:
        text = DocxText(document).render()
    except (etree.XMLSyntaxError, zlib.error, zipfile.BadZipFile, ValueError, KeyError) as exc:
        raise LoadError(f"damaged Word file ({exc.__class__.__name__}); open and re-save it in Word") from None
    return LoadedText(text=nfc(text), method="docx")


def _open(path: Path):
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    with path.open("rb") as handle:
        signature = handle.read(8)
    if signature.startswith(b"\xd0\xcf\x11\xe0"):
        raise LoadError("this is an old Word .doc file named .docx; open it in Word and save as .docx")
    if not zipfile.is_zipfile(path):
        raise LoadError("not a Word .docx file (not a ZIP package, or the file is truncated)")
    try:
        with zipfile.ZipFile(path) as archive:
            if "word/document.xml" not in archive.namelist():
                raise LoadError("not a Word document: the package has no word/document.xml")
        return docx.Document(str(path))
    except LoadError:
        raise
    except (PackageNotFoundError, zipfile.BadZipFile, zlib.error, KeyError, ValueError, EOFError, OSError,
            etree.XMLSyntaxError) as exc:
        raise LoadError(f"damaged Word file ({exc.__class__.__name__}); open and re-save it in Word") from None


def _on(el) -> bool:
    """A w:b / w:vanish style toggle: present and not switched off."""
    return el is not None and (el.get(W + "val") or "true").lower() not in FALSE_VALUES


def _int(el, default: int = 0) -> int:
    try:
        return int(el.get(W + "val")) if el is not None else default
    except (TypeError, ValueError):
        return default


def clean(text: str) -> str:
    """One space between words, no blank or padded lines, no invisible characters."""
    text = text.translate(INVISIBLE)
    lines = (SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------- styles


@dataclass(frozen=True)
class StyleInfo:
    heading: int | None = None      # markdown heading level, 1-based
    bold: bool = False
    num_id: str | None = None       # list numbering attached to the style
    ilvl: int = 0


def parse_styles(root) -> dict[str, StyleInfo]:
    """Resolve each style through its basedOn chain into what the text needs."""
    raw = {s.get(W + "styleId"): s for s in root.iter(W + "style") if s.get(W + "styleId")}
    return {style_id: _resolve_style(style_id, raw) for style_id in raw}


def _resolve_style(style_id: str, raw: dict) -> StyleInfo:
    heading = bold = num = None
    ilvl = 0
    seen = set()
    while style_id in raw and style_id not in seen:  # nearest definition wins
        seen.add(style_id)
        style = raw[style_id]
        heading = heading if heading is not None else _style_heading(style)
        b = style.find(f"{W}rPr/{W}b")
        bold = bold if bold is not None or b is None else _on(b)
        num_pr = style.find(f"{W}pPr/{W}numPr")
        if num is None and num_pr is not None and num_pr.find(W + "numId") is not None:
            num, ilvl = num_pr.find(W + "numId").get(W + "val"), _int(num_pr.find(W + "ilvl"))
        based = style.find(W + "basedOn")
        style_id = based.get(W + "val") if based is not None else None
    return StyleInfo(heading=heading or None, bold=bool(bold), num_id=num, ilvl=ilvl)


def _style_heading(style) -> int | None:
    name_el = style.find(W + "name")
    name = (name_el.get(W + "val") or "") if name_el is not None else ""
    if name.lower() == "title":
        return 1
    match = HEADING_NAME.match(name)
    if match:
        return max(1, int(match.group(1)))
    outline = style.find(f"{W}pPr/{W}outlineLvl")
    if outline is not None and _int(outline, 9) < 9:
        return _int(outline) + 1
    return None


# ---------------------------------------------------------------- numbering


@dataclass(frozen=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None      # w:lvlRestart: restart after levels below this (1-based)
    legal: bool = False             # w:isLgl: show every level in decimal


def _parse_level(lvl) -> Level:
    fmt = lvl.find(W + "numFmt")
    text = lvl.find(W + "lvlText")
    restart = lvl.find(W + "lvlRestart")
    return Level(
        start=_int(lvl.find(W + "start"), 1),
        fmt=(fmt.get(W + "val") if fmt is not None else "decimal") or "decimal",
        text=(text.get(W + "val") if text is not None else "") or "",
        restart=_int(restart) if restart is not None else None,
        legal=_on(lvl.find(W + "isLgl")),
    )


class Numbering:
    """Word's list counters: the label a numbered paragraph shows, from numbering.xml.

    Counters live per abstract list (instances sharing one continue each other); a w:num
    with a startOverride restarts its level the first time it is used; using a level
    resets the deeper levels, as Word does.
    """

    def __init__(self, root, styles: dict[str, StyleInfo]):
        self.abstract: dict[str, dict[int, Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, Level], dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[tuple[str, int]] = set()
        if root is None:
            return
        links: dict[str, str] = {}
        for abstract in root.iter(W + "abstractNum"):
            abstract_id = abstract.get(W + "abstractNumId")
            self.abstract[abstract_id] = {_int_attr(lvl, "ilvl"): _parse_level(lvl) for lvl in abstract.iter(W + "lvl")}
            link = abstract.find(W + "numStyleLink")
            if link is not None:
                links[abstract_id] = link.get(W + "val")
        for num in root.iter(W + "num"):
            ref = num.find(W + "abstractNumId")
            levels: dict[int, Level] = {}
            starts: dict[int, int] = {}
            for override in num.iter(W + "lvlOverride"):
                ilvl = _int_attr(override, "ilvl")
                if override.find(W + "lvl") is not None:
                    levels[ilvl] = _parse_level(override.find(W + "lvl"))
                if override.find(W + "startOverride") is not None:
                    starts[ilvl] = _int(override.find(W + "startOverride"), 1)
            self.nums[num.get(W + "numId")] = (ref.get(W + "val") if ref is not None else "", levels, starts)
        self._follow_style_links(links, styles)

    def _follow_style_links(self, links: dict[str, str], styles: dict[str, StyleInfo]) -> None:
        """An abstract list that only points at a numbering style takes that style's list."""
        for abstract_id, style_id in links.items():
            style = styles.get(style_id)
            target = self.nums.get(style.num_id) if style and style.num_id else None
            if target and self.abstract.get(target[0]):
                self.abstract[abstract_id] = self.abstract[target[0]]

    def label(self, num_id: str | None, ilvl: int) -> str:
        """Advance the list and return the label ('3.', 'b)', '-'), or '' for no numbering."""
        if not num_id or num_id not in self.nums:
            return ""
        abstract_id, overrides, starts = self.nums[num_id]
        levels = {**self.abstract.get(abstract_id, {}), **overrides}
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if ilvl in starts and (num_id, ilvl) not in self.started:
            self.started.add((num_id, ilvl))
            counters[ilvl] = starts[ilvl] - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        self._reset_deeper(counters, levels, ilvl)
        return self._format(levels, counters, ilvl)

    @staticmethod
    def _reset_deeper(counters: dict[int, int], levels: dict[int, Level], ilvl: int) -> None:
        for deeper in [d for d in counters if d > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            threshold = deeper if restart is None else restart
            if ilvl < threshold:
                del counters[deeper]

    @staticmethod
    def _format(levels: dict[int, Level], counters: dict[int, int], ilvl: int) -> str:
        level = levels[ilvl]
        if level.fmt == "bullet":
            return bullet_label(level.text)
        if level.fmt == "none":
            return re.sub(r"%\d", "", level.text).strip()

        def number(match: re.Match) -> str:
            index = int(match.group(1)) - 1
            shown = levels.get(index, Level())
            value = counters.get(index, shown.start)
            return format_number(value, "decimal" if level.legal else shown.fmt)

        return re.sub(r"%([1-9])", number, level.text).strip()


def _int_attr(el, name: str) -> int:
    try:
        return int(el.get(W + name))
    except (TypeError, ValueError):
        return 0


def bullet_label(glyph: str) -> str:
    """Bullets read as '-' (or '+' when the document uses '+'); a blank bullet shows nothing."""
    glyph = glyph.strip()
    if not glyph:
        return ""
    return "+" if glyph == "+" else "-"


def format_number(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = letter_number(value)
        return letters if fmt == "lowerLetter" else letters.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        roman = roman_number(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)  # decimal and every format without a plain-text form


def letter_number(value: int) -> str:
    """Word's letter lists: a..z, then aa..zz, aaa.."""
    if value < 1:
        return str(value)
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


def roman_number(value: int) -> str:
    if not 0 < value < 4000:
        return str(value)
    out = []
    for amount, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, value = divmod(value, amount)
        out.append(digits * count)
    return "".join(out)


# ---------------------------------------------------------------- document walk


class DocxText:
    """Walks the body once, keeping list counters and the footnote sequence."""

    def __init__(self, document):
        part = document.part
        self.body = document.element.body
        self.styles = parse_styles(document.styles.element)
        self.numbering = Numbering(_numbering_root(part), self.styles)
        self.notes = _note_bodies(part)
        self.note_count = 0
        self.pending: list[str] = []  # footnotes and text boxes waiting for their block to end
        self.cell_depth = 0           # inside a table cell bold is layout, not emphasis

    def render(self) -> str:
        return "\n\n".join(self.blocks(self.body))

    def blocks(self, container, flush: bool = True) -> list[str]:
        """Paragraphs and tables of a container; with flush, notes follow the block citing them."""
        out: list[str] = []
        for child in container:
            if child.tag in BLOCK_WRAPPERS:
                out.extend(self.blocks(child, flush))
                continue
            if child.tag == W + "p":
                out.extend(self.paragraph_block(child))
            elif child.tag == W + "tbl":
                out.extend(self.table_blocks(child))
            if flush:
                out.extend(self.pending)
                self.pending = []
        return out

    # -- paragraphs

    def paragraph_block(self, p) -> list[str]:
        style = self.styles.get(_p_style(p), StyleInfo())
        label = self._list_label(p, style)
        self._queue_text_boxes(p)
        text = self.inline_text(p)
        if not text:
            return []
        heading = _outline_heading(p) or style.heading
        if heading:
            return ["#" * min(heading, 6) + " " + _join(label, text)]
        if self._all_bold(p, style):
            if len(text) <= MAX_BOLD_HEADING:
                return ["**" + _join(label, text) + "**"]
        elif not self.cell_depth:
            text = self.inline_text(p, bold_style=style)
        return [_join(label, text)]

    def _list_label(self, p, style: StyleInfo) -> str:
        num_pr = p.find(f"{W}pPr/{W}numPr")
        num_id, ilvl = style.num_id, style.ilvl
        if num_pr is not None:
            if num_pr.find(W + "numId") is not None:
                num_id = num_pr.find(W + "numId").get(W + "val")
            if num_pr.find(W + "ilvl") is not None:
                ilvl = _int(num_pr.find(W + "ilvl"))
        if num_id in (None, "0"):
            return ""
        return self.numbering.label(num_id, ilvl)

    def inline_text(self, el, bold_style: StyleInfo | None = None) -> str:
        """The text of an element; with the paragraph's style given, bold runs as markdown `**…**`."""
        parts: list[str] = []
        self._walk(el, parts, bold_style)
        return clean(_bold_marks("".join(parts)).replace("\t", " "))

    def _walk(self, el, out: list[str], bold_style: StyleInfo | None = None) -> None:
        for child in el:
            tag = child.tag
            if tag in SKIPPED or (tag == W + "r" and _hidden(child)):
                continue
            if bold_style is not None and tag == W + "r" and self._run_bold(child, bold_style):
                inner: list[str] = []
                self._walk(child, inner)
                out.extend([BOLD_OPEN, *inner, BOLD_CLOSE])
            elif tag == W + "r" and _raised(child):
                inner: list[str] = []
                self._walk(child, inner)
                out.append(_as_superscript("".join(inner)))
            elif tag == W + "t":
                out.append(child.text or "")
            elif tag in (W + "tab", W + "ptab"):
                out.append("\t")
            elif tag in (W + "br", W + "cr"):
                out.append("\n")
            elif tag == W + "noBreakHyphen":
                out.append("-")
            elif tag == W + "sym":
                out.append(_symbol(child))
            elif tag in (W + "footnoteReference", W + "endnoteReference"):
                out.append(self._note_marker(child))
            else:
                self._walk(child, out, bold_style)

    def _all_bold(self, p, style: StyleInfo) -> bool:
        runs = [r for r in p.iter(W + "r") if "".join(t.text or "" for t in r.iter(W + "t")).strip()]
        return bool(runs) and all(self._run_bold(r, style) for r in runs)

    def _run_bold(self, run, style: StyleInfo) -> bool:
        b = run.find(f"{W}rPr/{W}b")
        if b is not None:
            return _on(b)
        run_style = run.find(f"{W}rPr/{W}rStyle")
        if run_style is not None and self.styles.get(run_style.get(W + "val"), StyleInfo()).bold:
            return True
        return style.bold

    # -- footnotes and text boxes

    def _note_marker(self, ref) -> str:
        """Number notes in reading order; the note text follows the block that cites it."""
        kind = "footnote" if ref.tag == W + "footnoteReference" else "endnote"
        self.note_count += 1
        marker = str(self.note_count).translate(SUPERSCRIPT)
        body = self.notes.get((kind, ref.get(W + "id")))
        if body is not None:
            text = " ".join(filter(None, (self.inline_text(p) for p in body.iter(W + "p"))))
            if text:
                self.pending.append(f"{marker} {text}")
        return marker

    def _queue_text_boxes(self, p) -> None:
        for box in p.iter(W + "txbxContent"):
            if _inside(box, p, {MC + "Fallback", W + "txbxContent"}):
                continue  # the fallback copy, or a box inside a box (read with that box)
            self.pending.extend(self.blocks(box, flush=False))

    # -- tables

    def table_blocks(self, tbl) -> list[str]:
        rows = list(_rows(tbl))
        cells = [list(_cells(tr)) for tr in rows]
        if len(rows) == 1 and len(cells[0]) == 1:
            return self.blocks(cells[0][0])  # a one-cell frame around ordinary text
        lines = []
        for row in cells:
            texts: list[str] = []
            for tc in row:
                texts.append(self.cell_text(tc))
                texts.extend([""] * (_int(tc.find(f"{W}tcPr/{W}gridSpan"), 1) - 1))
            if any(texts):
                lines.append("\t".join(texts))
        return ["\n".join(lines)] if lines else []

    def cell_text(self, tc) -> str:
        """A cell's paragraphs (and nested tables) on one line; its notes wait for the table end."""
        self.cell_depth += 1
        try:
            return " ".join(" ".join(self.blocks(tc, flush=False)).split())
        finally:
            self.cell_depth -= 1


def _children(element, tag: str):
    """Child elements with `tag`, looking through wrappers (content controls, custom XML)."""
    for child in element:
        if child.tag == W + tag:
            yield child
        elif child.tag in BLOCK_WRAPPERS:
            yield from _children(child, tag)


def _rows(tbl):
    return _children(tbl, "tr")


def _cells(tr):
    return _children(tr, "tc")


BOLD_OPEN, BOLD_CLOSE = "\x01", "\x02"


def _bold_marks(text: str) -> str:
    """Sentinels around bold runs become `**`: neighbouring runs merge, spaces stay outside."""
    text = re.sub(BOLD_CLOSE + r"(\s*)" + BOLD_OPEN, r"\1", text)
    text = re.sub(BOLD_OPEN + r"(\s*)" + BOLD_CLOSE, r"\1", text)
    text = re.sub(BOLD_OPEN + r"(\s*)", r"\1**", text)
    return re.sub(r"(\s*)" + BOLD_CLOSE, r"**\1", text)


def _join(label: str, text: str) -> str:
    return f"{label} {text}" if label else text


def _p_style(p) -> str | None:
    el = p.find(f"{W}pPr/{W}pStyle")
    return el.get(W + "val") if el is not None else None


def _outline_heading(p) -> int | None:
    el = p.find(f"{W}pPr/{W}outlineLvl")
    return _int(el) + 1 if el is not None and _int(el, 9) < 9 else None


def _raised(run) -> bool:
    align = run.find(f"{W}rPr/{W}vertAlign")
    return align is not None and align.get(W + "val") == "superscript"


def _as_superscript(text: str) -> str:
    """'m' + raised '2' reads 'm²' as in the printed plan; other raised text stays as it is."""
    if text and all(ch in "0123456789()+-" for ch in text):
        return text.translate(SUPERSCRIPT)
    return text


def _hidden(run) -> bool:
    return _on(run.find(f"{W}rPr/{W}vanish"))


def _inside(el, stop, tags: set[str]) -> bool:
    """Whether an ancestor of el below `stop` has one of the tags."""
    for ancestor in el.iterancestors():
        if ancestor is stop:
            return False
        if ancestor.tag in tags:
            return True
    return False


def _symbol(sym) -> str:
    """w:sym points into a symbol font; private-use codes there are almost always bullets."""
    try:
        code = int(sym.get(W + "char") or "", 16)
    except ValueError:
        return ""
    return "•" if 0xF000 <= code <= 0xF0FF else chr(code)


def _numbering_root(part):
    for rel in part.rels.values():
        if not rel.is_external and rel.reltype.endswith("/numbering"):
            return etree.fromstring(rel.target_part.blob)
    return None


def _note_bodies(part) -> dict[tuple[str, str], object]:
    bodies = {}
    for rel in part.rels.values():
        kind = rel.reltype.rsplit("/", 1)[-1][:-1]  # "footnotes" -> "footnote"
        if rel.is_external or kind not in ("footnote", "endnote"):
            continue
        root = etree.fromstring(rel.target_part.blob)
        for note in root.iter(W + kind):
            bodies[(kind, note.get(W + "id"))] = note
    return bodies
