"""Reading a plan file into the text that passages cite.

Every format ends as one NFC string: plain text as it stands, Word and PDF as the
extracted text (headings, numbered items, tab-separated table rows, footnotes on
their own lines). Citation offsets refer to that string, so it is the single
source of truth for `start`/`end`/`text`.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf")

# progress(done, total, message) for long reads (OCR page by page).
Progress = Callable[[int, int, str], None]


class LoadError(Exception):
    """A file that cannot be read; the message is one line an official can act on."""


@dataclass(frozen=True)
class LoadedText:
    text: str
    # Offset in `text` where each page begins (PDFs); empty for unpaged formats.
    page_starts: tuple[int, ...] = field(default=())
    # How the text was obtained: "text", "docx", "pdf", "ocr".
    method: str = "text"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def page_of(page_starts: tuple[int, ...], offset: int) -> int | None:
    """1-based page holding `offset`, or None for unpaged text."""
    if not page_starts:
        return None
    page = 0
    for i, start in enumerate(page_starts):
        if start > offset:
            break
        page = i
    return page + 1


def read_plain(path: Path) -> str:
    """Decode a .txt/.md file: UTF-8 (BOM kept as a character so offsets match the file),
    UTF-16 by its BOM, else Windows-1258 when the bytes are not UTF-8."""
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return nfc(data.decode("utf-16"))
    try:
        return nfc(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise LoadError("not a text file (binary bytes); save it as UTF-8 text")
    try:
        return nfc(data.decode("cp1258"))
    except UnicodeDecodeError:
        raise LoadError("unknown text encoding; save it as UTF-8") from None


def load_text(path: Path, cache_dir: Path | None = None, progress: Progress | None = None) -> LoadedText:
    """Read any supported plan file. Raises LoadError with a one-line reason."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoadError(f"unsupported file type '{suffix or path.name}' (use .txt, .md, .docx or .pdf)")
    if suffix in (".txt", ".md"):
        loaded = LoadedText(read_plain(path))
    elif suffix == ".docx":
        from .docx_reader import read_docx
        loaded = read_docx(path)
    else:
        from .pdf_reader import read_pdf
        loaded = read_pdf(path, cache_dir=cache_dir, progress=progress)
    if not loaded.text.strip():
        raise LoadError("the file holds no text")
    return loaded
