"""When two files are one plan: the same place, kind, period and title, in any format.

A plan saved as .docx and again as .pdf (or scanned) has other bytes but is the same plan;
indexing it twice would list it twice and set its identical sentences side by side as if
they differed. The index keeps one copy (the better-read format) and remembers the other.
"""
from __future__ import annotations

import re

from .store import DocRecord
from .vietnamese import fold

# Which copy to keep when both arrive at once: text read as typed beats text read by OCR.
FORMAT_RANK = {".txt": 0, ".md": 0, ".docx": 1, ".pdf": 2}
METHOD_RANK = {"text": 0, "docx": 1, "pdf": 2, "ocr": 3}


def title_key(title: str) -> str:
    """A title as words only: 'KẾ HOẠCH  Phát triển KT-XH năm 2025' ~ 'Kế hoạch phát triển KT - XH năm 2025'."""
    return " ".join(re.findall(r"\w+", fold(title)))


def plan_key(doc: DocRecord) -> tuple | None:
    """What makes a plan the plan it is; None when its place or year is unknown (then only
    byte-identical files are recognised, never two plans confused)."""
    if not doc.place_name or getattr(doc, "year", None) is None:
        return None
    return (doc.place_kind, fold(doc.place_name), doc.plan_kind, doc.year, getattr(doc, "period", ""),
            title_key(doc.title))


MIN_TITLE_WORDS = 6  # a title read short (a line of it lost) still names the plan with this many words


def same_plan(docs: list[DocRecord], doc: DocRecord) -> DocRecord | None:
    """The document of `docs` that is the same plan as `doc` (another file), or None."""
    key = plan_key(doc)
    if key is None:
        return None
    return next((d for d in docs if d.source != doc.source and _same_key(plan_key(d), key)), None)


def _same_key(a: tuple | None, b: tuple) -> bool:
    """Same place, kind, year and period; titles equal, or one the start of the other (a
    scan's layout may set the title's last line apart)."""
    if a is None or a[:-1] != b[:-1]:
        return False
    short, long = sorted((a[-1], b[-1]), key=len)
    return short == long or (len(short.split()) >= MIN_TITLE_WORDS and long.startswith(short + " "))


def better_copy(a: DocRecord, b: DocRecord) -> DocRecord:
    """Of two copies of a plan, the one read more faithfully (typed text over OCR)."""
    return min((a, b), key=lambda d: (METHOD_RANK.get(d.method, 9), d.source))
