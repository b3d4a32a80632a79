"""The canonical commune-level plan indicators, the names plans use for them, the units figures
are written in, and reading a figure's number.

Data: `vocabulary/indicators.tsv` (one line per name of an indicator, with its source) and
`vocabulary/indicator_units.tsv` (units, what they measure, their factor, their spellings).
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .vietnamese import fold as _slow_fold, nfc

VOCABULARY = Path(__file__).parent / "vocabulary"


@dataclass(frozen=True)
class Indicator:
    canonical: str
    label: str
    topic: str
    units: tuple[str, ...]  # first: the unit the table compares in


@dataclass(frozen=True)
class Unit:
    unit: str
    measure: str  # what it counts: tiền, tỷ lệ, người …; figures compare only within one measure
    factor: float  # in the measure's base unit
    spellings: tuple[str, ...]
    whole: bool = False  # counted in whole numbers: '12,500 liều' groups thousands


# ------------------------------------------------------------------ vocabulary

def _fold_table() -> dict[int, str]:
    """Each letter with Vietnamese diacritics -> its base letter, lower-cased ('Ệ' -> 'e', 'Đ' -> 'd')."""
    table = {}
    for code in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(code)
        base = _slow_fold(ch)
        if len(base) == 1 and base != ch:
            table[code] = base
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """vietnamese.fold as one table look-up per character (the same length as the text, which
    lets a span found in the folded text cut the text itself)."""
    return text.lower().translate(_FOLD)


def vocabulary_rows(path: Path) -> list[dict]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@lru_cache(maxsize=1)
def indicators() -> dict[str, Indicator]:
    out = {}
    for r in vocabulary_rows(VOCABULARY / "indicators.tsv"):
        out.setdefault(r["canonical"], Indicator(r["canonical"], r["label"], r["topic"], tuple(r["units"].split(";"))))
    return out


@lru_cache(maxsize=1)
def names() -> list[tuple[re.Pattern, str, int]]:
    """(pattern over folded text, canonical, length of the name), longest names first."""
    out = []
    for r in vocabulary_rows(VOCABULARY / "indicators.tsv"):
        out.append((name_pattern(r["name"]), r["canonical"], len(r["name"])))
    return sorted(out, key=lambda x: -x[2])


@lru_cache(maxsize=1)
def name_words() -> frozenset[str]:
    """The folded words of every indicator's names ("nước", "sạch" of "tỷ lệ hộ dùng nước sạch"):
    the plans' own vocabulary, whether or not the plans indexed write them."""
    return frozenset(w for r in vocabulary_rows(VOCABULARY / "indicators.tsv") for w in re.findall(r"\w+", fold(r["name"])))


@lru_cache(maxsize=1)
def _names_by_word() -> dict[str, list[int]]:
    """Positions in names() of the names each last folded word ends ('nghèo' -> 'tỷ lệ hộ nghèo' …)."""
    out: dict[str, list[int]] = {}
    for i, (pattern, _, _) in enumerate(names()):
        last = re.findall(r"[\w\[\]]+", pattern.pattern.replace("(?!\\w)", ""))[-1]
        for word in _spellings(last):
            out.setdefault(word, []).append(i)
    return out


def _spellings(key: str) -> list[str]:
    """'t[iy]' -> ['ti', 'ty']."""
    m = re.search(r"\[(\w+)\]", key)
    return [key[:m.start()] + ch + key[m.end():] for ch in m.group(1)] if m else [key]


def names_in(folded: str) -> list[tuple[re.Pattern, str, int]]:
    """The names whose last word the text holds, longest first: only those can match it."""
    index, table = _names_by_word(), names()
    hits = sorted({i for w in set(re.findall(r"\w+", folded)) for i in index.get(w, ())})
    return [table[i] for i in hits]


@lru_cache(maxsize=1)
def units() -> list[Unit]:
    out = [Unit(r["unit"], r["measure"], float(r["factor"]), tuple(r["spellings"].split("|")), r["whole"] == "1")
           for r in vocabulary_rows(VOCABULARY / "indicator_units.tsv")]
    return out


@lru_cache(maxsize=None)
def unit_of(name: str) -> Unit | None:
    return next((u for u in units() if u.unit == name), None)


def _word_key(word: str) -> str:
    """A folded word as a pattern: plans write a final i or y after t, k, l, m, h, s either way (tỉ/tỷ)."""
    w = re.escape(fold(word))
    return re.sub(r"^([tklmhs])[iy]$", r"\1[iy]", w)


def name_pattern(name: str) -> re.Pattern:
    words = re.findall(r"\w+", nfc(name))
    return re.compile(r"(?<!\w)" + r"\W+".join(_word_key(w) for w in words) + r"(?!\w)")


@lru_cache(maxsize=1)
def figure_pattern() -> re.Pattern:
    spellings = sorted({s for u in units() for s in u.spellings}, key=len, reverse=True)
    unit_alt = "|".join(re.escape(s).replace(r"\ ", r"\s*") for s in spellings)
    number = r"\d+(?:[.,]\d+)*(?:\s*/\s*\d+(?:[.,]\d+)*)?(?:\s*[-–]\s*\d+(?:[.,]\d+)*)?"
    before = r"(?:(?:không vượt quá|ít nhất|giảm còn|xấp xỉ|khoảng|trên|dưới|từ|tăng|giảm|hơn)\s+)?"
    after = r"(?:\s+trở lên)?"
    return re.compile(rf"(?<![\w.,/]){before}(?P<number>{number})\s*(?P<unit>{unit_alt})(?!\w){after}", re.I)


def unit_named(spelled: str) -> Unit:
    key = " ".join(spelled.lower().split()).replace(" ", "")
    for u in units():
        if any(key == s.lower().replace(" ", "") for s in u.spellings):
            return u
    raise KeyError(spelled)


# ------------------------------------------------------------------ numbers

def parse_number(text: str, unit: str = "") -> float:
    """A figure as written to a number: '1.234,5' and '1,234.5' -> 1234.5; '16.074.000.000' ->
    16074000000; '3.461' (tấn) -> 3461 but '1.14' -> 1.14; '12,500' liều -> 12500; '04/05' -> 4;
    '15-20' -> 15. A lone separator before exactly three digits groups thousands (the Vietnamese
    habit) unless the unit is a share; a comma before three digits of a count groups thousands too."""
    text = re.split(r"\s*[/\-–]\s*", text.strip())[0]
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        return float(text.replace(thousands, "").replace(decimal, "."))
    sep = "." if dots else "," if commas else ""
    if not sep:
        return float(text)
    parts = text.split(sep)
    whole = bool(unit_of(unit) and unit_of(unit).whole)
    grouped = len(parts) > 2 or (len(parts[-1]) == 3 and (sep == "." and unit != "%" or whole))
    return float("".join(parts)) if grouped else float(text.replace(sep, "."))


def in_unit(number: float, unit: str, target: str) -> float | None:
    """A number from one unit to another of the same measure (16074000000 đồng -> 16.074 tỷ đồng)."""
    a, b = unit_of(unit), unit_of(target)
    if a is None or b is None or a.measure != b.measure:
        return None
    return number * a.factor / b.factor
