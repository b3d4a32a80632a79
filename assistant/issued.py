"""The number a document was issued under, when a question asks for it.

An administrative document states its own number on its number line ("Số: 12/BC-UBND", Nghị
định 30/2020/NĐ-CP, Phụ lục I) beside its place and date line. "Báo cáo … của xã A số mấy?"
asks for that line; "Kế hoạch thực hiện theo Nghị quyết số mấy?" asks for another document's
number, which the plan's own sentences cite ("Căn cứ Nghị quyết số 7/NQ-HĐND …") and the
ranking finds like any other fact.
"""
from __future__ import annotations

import re

from .places import KIND_LINES, KIND_NUMBERS, TITLE_CHARS
from .retrieval import LoadedIndex
from .vietnamese import expand_abbreviations, fold

# "số mấy", "số bao nhiêu", "số hiệu", "số …/…": a document's number asked; "số hộ" is a count
_ASKS_NUMBER = re.compile(r"\bso\s+(?:may|hieu|bao\s+nhieu|van\s+ban)\b")
# "số nghị quyết …" written with its accent ("so KH" typed bare is "so với kế hoạch")
_NUMBER_OF_KIND = re.compile(r"(?<!\w)số\s+(?:kế\s+hoạch|báo\s+cáo|nghị\s+quyết|chương\s+trình|thông\s+báo|tờ\s+trình|"
                             r"quyết\s+định)(?!\w)", re.I)
# the plan acts on another document: "theo", "căn cứ", "thực hiện", "triển khai" before its kind
_FOLLOWS = re.compile(r"\b(?:theo|bang|can\s+cu|thuc\s+hien|trien\s+khai|cu\s+the\s+hoa)\s+(?:\w+\s+){0,2}"
                      r"(?:ke\s+hoach|bao\s+cao|nghi\s+quyet|chuong\s+trinh|thong\s+bao|to\s+trinh|quyet\s+dinh|"
                      r"cong\s+van|chi\s+thi|ket\s+luan|van\s+ban)\b")
# issued above the commune: its documents are cited by the plan, not the plan itself
_HIGHER = re.compile(r"\bcua\s+(?:thu\s+tuong|chinh\s+phu|bo\b|so\b|tinh\s+uy|thanh\s+uy|huyen\s+uy|"
                     r"ban\s+thuong\s+vu|(?:uy\s+ban\s+nhan\s+dan|hoi\s+dong\s+nhan\s+dan|ubnd|hdnd)\s+"
                     r"(?:tinh|huyen|thanh\s+pho|tp)\b)")
# a kind of document a commune does not issue, its number asked: "Nghị định số mấy"
_OTHER_KIND = re.compile(r"\b(?:nghi\s+dinh|thong\s+tu|luat|cong\s+van|chi\s+thi|ket\s+luan)\s+so\b")
# the kinds' number-line abbreviations, as officials also write them in a question ("NQ số mấy")
_KIND_ABBREVIATION = re.compile(r"(?<!\w)(?:" + "|".join(KIND_NUMBERS) + r")(?!\w)")
NUMBER_LINE = re.compile(r"Số\s*:\s*\d+[^\s/]*\s*/\s*[^\s]+")


def kinds_asked(question: str) -> set[str]:
    """The kinds of document a question asks the own number of ({"báo cáo"}), or none: it asks no
    number, or the number of a document the plan follows or implements."""
    spelled = _KIND_ABBREVIATION.sub(lambda m: KIND_NUMBERS[m.group(0)], question)
    folded = " ".join(fold(expand_abbreviations(spelled)).split())
    if not (_ASKS_NUMBER.search(folded) or _NUMBER_OF_KIND.search(spelled)) or _FOLLOWS.search(folded) or _HIGHER.search(folded) \
            or _OTHER_KIND.search(folded):
        return set()
    # the kind after "số" ("số nghị quyết …"), else the first named: "Nghị quyết về kế hoạch … số mấy"
    named = sorted((m.start(), kind) for word, kind in KIND_LINES for m in re.finditer(rf"\b{word}\b", folded))
    after_number = [kind for at, kind in named if folded[:at].endswith("so ")]
    return {(after_number or [kind for _, kind in named])[0]} if named else set()


def number_row(index: LoadedIndex, source: str) -> int | None:
    """The passage holding a document's number line, near its top."""
    rows = sorted(index.rows_of(source), key=lambda r: index.passages[r].start)
    return next((r for r in rows if index.passages[r].start < TITLE_CHARS
                 and NUMBER_LINE.search(index.passages[r].text)), None)


def own_number_row(index: LoadedIndex, question: str, ranked_rows: list[int]) -> int | None:
    """The number line of the document whose own number the question asks: of the kind asked,
    the best ranked of the place's documents of that kind."""
    kinds = kinds_asked(question)
    if not kinds:
        return None
    for row in ranked_rows:
        doc = index.docs[int(index.passage_doc[row])]
        if doc.plan_kind in kinds:
            return number_row(index, doc.source)
    return None


# the place and date the document was signed: "Xã A, ngày 18 tháng 12 năm 2026", "…, ngày 18/12/2026"
_SIGNED = re.compile(r"[^\W\d_][^\n,]{1,40},\s*ngày\s+\d{1,2}(?:\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|\s*/\s*\d{1,2}\s*/\s*\d{4})")


def number_quote(text: str) -> str | None:
    """"Số: 27/NQ-HĐND … Xã A, ngày 18 tháng 12 năm 2026": a header's number line and date,
    without the national motto and rules laid out beside them; None when it has no number line."""
    number = NUMBER_LINE.search(text)
    if not number:
        return None
    signed = _SIGNED.search(text, number.end())
    return number.group(0) + (f" … {' '.join(signed.group(0).split())}" if signed else "")
