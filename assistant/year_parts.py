"""The part of a year a question or passage is about: "6 tháng" (the first half), "6 tháng
cuối" (the second half), "9 tháng", "quý I" … "quý IV", or "" when the text names no part of a year (a whole
year, or nothing said). Read alike from a question, a passage, its headings, or a document's
title; typed with or without accents ("6 thang dau nam"). The index's own reading of a
passage's period (store.PassageRecord.period, "6 tháng cuối năm", "cả năm") is brought to the
same labels through period_of, so the features compare like with like.

Vocabulary (administrative usage of reporting periods, as in the titles "Báo cáo tình hình
… 6 tháng đầu năm", "… 9 tháng", "… quý II"): "sáu/6 tháng (đầu năm)", "nửa đầu năm" and
"nửa năm" for the first half; "6 tháng cuối năm" and "nửa cuối năm" for the second half;
"chín/9 tháng"; "10 tháng", "11 tháng" (monthly reports late in the year count their months);
"quý" followed by a Roman or Arabic numeral.
"""
from __future__ import annotations

import re

from .vietnamese import fold, has_diacritics, nfc

_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV", "i": "I", "ii": "II", "iii": "III", "iv": "IV"}
# on folded text (no accents, lower case), so a question typed without accents reads the same
_SECOND_HALF = re.compile(r"\b(?:6|sau) thang cuoi nam\b|\bnua cuoi nam\b")
_FIRST_HALF = re.compile(r"\b(?:6|sau) thang(?! cuoi)\b|\bnua (?:dau )?nam\b")
_FIRST_HALF_SAID = re.compile(r"\b(?:6|sau) thang dau nam\b")  # its words in full
_NINE = re.compile(r"\b(?:9|chin) thang\b")
_LATE = re.compile(r"(?<![\d/])\b(10|11|muoi mot|muoi) thang\b")  # "lũy kế 10 tháng", "11 tháng năm 2026"
_QUARTER = re.compile(r"\bquy (iv|iii|ii|i|[1-4])\b")
_QUARTER_WRITTEN = re.compile(r"\bquý (iv|iii|ii|i|[1-4])\b")  # … as written with its accent
_WHOLE = re.compile(r"\bca nam\b")


def names_whole_year(text: str) -> bool:
    """The text asks for a whole year outright ("tính cả năm", "ca nam 2025")."""
    return bool(_WHOLE.search(fold(text or "").lower()))


def period_of(text: str) -> str:
    """The part of a year the text names first in this order of precision: "9 tháng" before
    "6 tháng" ("9 tháng, … so với 6 tháng đầu năm" is a nine-month text)."""
    t = fold(text or "").lower()
    m = _LATE.search(t)
    if m:
        return {"muoi": "10", "muoi mot": "11"}.get(m.group(1), m.group(1)) + " tháng"
    if _NINE.search(t):
        return "9 tháng"
    if _SECOND_HALF.search(t):
        return "6 tháng cuối"
    if _FIRST_HALF.search(t):
        return "6 tháng"
    m = next(_quarters(text or ""), None)
    return f"quý {_ROMAN[m.group(1)]}" if m else ""


def _quarters(text: str):
    """"quý II" as written: with accents only "quý" is a quarter ("Quỹ 1", a fund's heading, folds
    the same); typed without any, "quy 2" is read as one."""
    if has_diacritics(text):
        return _QUARTER_WRITTEN.finditer(re.sub(r"\s+", " ", nfc(text).lower()))
    return _QUARTER.finditer(fold(text).lower())


def period_words(text: str) -> set[str]:
    """The folded syllables of the parts of a year the text names ("nửa đầu năm 2026" -> {"nua",
    "dau", "nam"}): words that say when, not what."""
    t = fold(text or "").lower()
    return {w for pattern in (_LATE, _NINE, _SECOND_HALF, _FIRST_HALF_SAID, _FIRST_HALF, _WHOLE)
            for m in pattern.finditer(t) for w in m.group(0).split()} \
        | {w for m in _quarters(text or "") for w in fold(m.group(0)).split()}


# "Theo BC 6 tháng, …", "trong báo cáo quý I …": the part of the year names the report cited,
# not what is asked of it (the report is found by its place; its sections may plan the next half)
_SOURCE_PERIOD = re.compile(r"\b(?:theo|trong|tai) (?:bc|bao cao)(?: [a-z-]+){0,2}? "
                            r"(?:(?:6|sau|9|chin) thang(?: dau nam| cuoi nam)?|quy (?:iv|iii|ii|i|[1-4]))\b")


def asked_period(question: str) -> str:
    """The part of a year a question asks of, not that of a report it cites as its source."""
    return period_of(_SOURCE_PERIOD.sub(" ", fold(question or "").lower()))

