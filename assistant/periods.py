"""Which period a document or a passage reports on or plans for.

A year mentioned is not always the year a sentence is about:
  "tăng 5% so với cùng kỳ năm 2023"     -> 2023 is the baseline of the comparison
  "đạt 1.250 tấn (năm 2023: 1.180 tấn)", "(KH 50; năm 2023 47)" -> so is a bracketed past figure
  "ngày 15 tháng 12 năm 2023", "28/2023/NQ-HĐND" -> a date or a document number
  "giai đoạn 2021-2025", "nhiệm kỳ 2020-2025"      -> a span: it names no single year
What remains are the passage's own years. A passage naming none takes its heading's years,
then its document's year; one that names only a span is about every year of it.
The part of a year: "6 tháng" (đầu năm), "6 tháng cuối năm", "9 tháng", "quý I" … or "cả năm".
"""
from __future__ import annotations

import re

_Y = r"((?:19|20)\d\d)"
_RANGE = re.compile(rf"(?<!\d){_Y}\s*[-–—]\s*{_Y}(?!\d)")
# a council's term of office ("khóa XII, nhiệm kỳ 2026 - 2031") names the council, not the period
# a document reports on or plans
_TERM = re.compile(rf"nhiệm\s+kỳ\s*:?\s*{_Y}\s*[-–—]\s*{_Y}", re.I)
# a date ("ngày 5 tháng 12 năm 2023", "05/12/2023", "tháng 12/2023" stays: a month is a period)
_DATE = re.compile(rf"ngày\s+\d{{1,2}}\s+tháng\s+\d{{1,2}}\s+năm\s+{_Y}|\d{{1,2}}\s*/\s*\d{{1,2}}\s*/\s*{_Y}"
                   rf"|ngày\s+\d{{1,2}}\s*[-.]\s*\d{{1,2}}\s*[-.]\s*{_Y}", re.I)
# a document number: "Nghị quyết số 28/2023/NQ-HĐND", "Luật … năm 2015" stays a year
_NUMBER = re.compile(rf"/\s*{_Y}\s*/")
# … except in a document's opening, where a law named with its year ("Căn cứ Luật Bầu cử … năm
# 2015 (sửa đổi, bổ sung năm 2025)") is the law's, not the document's
_LAW_YEAR = re.compile(rf"căn\s+cứ\s+(?:bộ\s+luật|luật|hiến\s+pháp)\s[^;.]{{0,160}}?\bnăm\s+{_Y}"
                       rf"(?:\s*\((?:sửa\s+đổi|được\s+sửa)[^()]{{0,60}}\))?", re.I)
# the baseline of a comparison: "so với (cùng kỳ) (ước thực hiện) năm 2023", "cùng kỳ năm 2023"
_BASELINE = re.compile(rf"(?<!\w)(?:so\s+với|so|cùng\s+kỳ)(?:\s+[^\s\d,;.:()]+){{0,5}}\s+{_Y}"
                       # … the past figure named on the way: "so với mức 69,5 triệu đồng của năm 2025",
                       # "so với tỷ lệ bình quân của 3 xã cũ tại cuộc bầu cử năm 2021"
                       # (not a yardstick of the same year: "… so với 400 người theo chỉ tiêu giao năm 2026")
                       rf"|(?<!\w)so\s+với(?:\s+[^\s\d,;.:()]+){{0,6}}\s+\d[\d.,]*%?"
                       rf"(?:\s+(?!(?:kế|chỉ|dự|giao|kh)\b)[^\s\d,;.:()]+){{0,8}}\s+năm\s+{_Y}"
                       # a multiple of a past year's figure: "gấp 1,4 lần năm 2023"
                       rf"|(?<!\w)gấp\s+\d[\d,]*\s+lần(?:\s+[^\s\d,;.:()]+){{0,3}}\s+{_Y}"
                       # a change from a past year's figure: "giảm từ 38 vụ năm 2025 xuống 27 vụ"
                       rf"|(?<!\w)từ\s+\d[\d.,]*\s*%?(?:\s+[^\s\d,;.:()]+){{0,3}}\s+{_Y}(?=\s+(?:xuống|lên)\b)", re.I)
# a past figure given in brackets for comparison: "(năm 2023 đạt 1.200 tấn)", "(KH 50; năm 2023: 47)"
_BRACKETED_BASELINE = re.compile(rf"\([^()]*?(?<!\w)(?:năm\s+)?{_Y}\s*(?::|đạt|là|=|(?:ước|thực\s+hiện)(?:\s+(?:đạt|tính))?)?\s*:?\s*\d[^()]*\)"
                                 # a bracket opened by its year, words before the figure: "(năm 2025 ước còn 2,4%)"
                                 rf"|\(\s*(?:năm\s+)?{_Y}(?![\d/])[^()\d]{{0,40}}\d[^()]*\)",
                                 re.I)  # "(năm 2025: 47)", "(năm 2025 ước 54,2 triệu đồng)"
_YEAR = re.compile(rf"(?<![\d/]){_Y}(?![\d/])")

_PARTS = (
    # a monthly report late in the year counts its months too: "tháng 10 và 10 tháng năm 2026"
    (re.compile(r"(?<![\d/])(10|11|mười\s+một|mười)\s+tháng", re.I), "tháng"),
    (re.compile(r"(?:6|sáu)\s+tháng\s+cuối\s+năm", re.I), "6 tháng cuối năm"),
    (re.compile(r"(?:6|sáu)\s+tháng(?:\s+đầu\s+năm)?", re.I), "6 tháng"),
    (re.compile(r"(?:9|chín)\s+tháng", re.I), "9 tháng"),
    (re.compile(r"quý\s+(IV|III|II|I|[1-4])\b", re.I), "quý"),
    (re.compile(r"cả\s+năm|năm\s+(?:19|20)\d\d", re.I), "cả năm"),
)
# In a passage, "năm 2025" alone is often the year's target a part-year figure is measured
# against ("bằng 52% dự toán năm 2025"): only a part named outright counts there.
_NAMED_PARTS = _PARTS[:-1] + ((re.compile(r"cả\s+năm", re.I), "cả năm"),)
_QUARTERS = {"1": "I", "2": "II", "3": "III", "4": "IV"}
_MONTHS = {"mười": "10", "mười một": "11"}


def _blank(text: str, pattern: re.Pattern) -> str:
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def _own_text(text: str) -> str:
    """The text with dates, document numbers, baselines and spans blanked (offsets kept)."""
    for pattern in (_DATE, _NUMBER, _BASELINE, _BRACKETED_BASELINE, _RANGE):
        text = _blank(text, pattern)
    return text


# the day or month a figure is of: "đến 31/10/2026 đạt 93,6%", "tính đến hết ngày 30/6/2025", "từ
# tháng 11/2026", "tháng 9/2026 thu được …" (a date of issue, "Quyết định … ngày 12/12/2025", is not)
_AS_OF = re.compile(rf"(?:(?:(?:tính\s+)?đến|từ|trong|cuối)\s+(?:hết\s+)?(?:ngày\s+)?\d{{1,2}}\s*/\s*\d{{1,2}}"
                    rf"|tháng\s+\d{{1,2}})\s*/\s*{_Y}(?!\d)", re.I)


def own_years(text: str) -> list[int]:
    """Years a text reports or plans for: not dates of issue, document numbers, baselines or
    spans; the day or month a figure is of counts."""
    as_of = _AS_OF.findall(_blank(_blank(text, _BASELINE), _BRACKETED_BASELINE))
    return sorted({int(y) for y in _YEAR.findall(_own_text(text))} | {int(y) for y in as_of})


def bracketed_years(text: str) -> list[int]:
    """Years of the figures a text gives in brackets beside its own: "80 tỷ đồng (ước thực hiện
    năm 2025: 72 tỷ đồng)" gives a 2025 figure, though the text is about another year."""
    return sorted({int(y) for m in _BRACKETED_BASELINE.finditer(text)
                   for y in _YEAR.findall(_blank(_blank(_blank(m.group(0), _DATE), _NUMBER), _RANGE))})


# a baseline's figures in brackets right after it: "giảm 3 vụ so với năm 2025 (05 vụ, 11 ha)"
_BASELINE_FIGURES = re.compile(rf"(?<!\w)(?:so\s+với|cùng\s+kỳ)(?:\s+[^\s\d,;.:()]+){{0,3}}\s+{_Y}\s*\(\s*\d[^()]*\)",
                               re.I)


def baseline_figure_years(text: str) -> list[int]:
    """Years whose figures a text gives in brackets after a comparison with them: "tăng 4 vụ so
    với năm 2025 (12 vụ)" states the 2025 figure too."""
    return sorted({int(m.group(1)) for m in _BASELINE_FIGURES.finditer(text)})


def span_years(text: str) -> list[int]:
    """Every year of the spans a text names ("giai đoạn 2021-2025" -> 2021 … 2025)."""
    years: set[int] = set()
    for a, b in _RANGE.findall(_blank(_blank(text, _DATE), _NUMBER)):
        lo, hi = sorted((int(a), int(b)))
        if hi - lo <= 10:
            years.update(range(lo, hi + 1))
    return sorted(years)


def part_of_year(text: str, parts=_PARTS) -> str:
    """'6 tháng', '6 tháng cuối năm', '9 tháng', 'quý II', 'cả năm', or '' when the text names none.
    The first part named wins: a title reads "báo cáo 6 tháng đầu năm …, phương hướng 6 tháng cuối năm"."""
    found = []
    for pattern, name in parts:
        m = pattern.search(text)
        if m:
            label = f"quý {_QUARTERS.get(m.group(1), m.group(1).upper())}" if name == "quý" \
                else f"{_MONTHS.get(m.group(1).lower(), m.group(1))} tháng" if name == "tháng" else name
            found.append((m.start(), -len(m.group(0)), label))
    return min(found)[2] if found else ""


def passage_period(text: str, headings: list[str], doc_year: int | None,
                   doc_period: str) -> tuple[list[int], str]:
    """(years, part of year) a passage is about: its own, else its nearest heading's, else
    its document's. A span alone counts as all its years. A bracketed figure of a year is a
    baseline only when that year is before the passage's ("… (năm 2023: 40 ha)" in a 2024
    passage); of the same year or a later one it is the passage's too ("(KH 2025: 50 ha)")."""
    years = own_years(text) or span_years(text)
    part = part_of_year(_calendar_blanked(text), _NAMED_PARTS)
    if not years or _leads_undated(text):
        # a sentence naming no year is of its section's: "Cả năm: tổng thu đạt 26 tỷ đồng. Phần
        # còn lại chuyển sang năm 2027." is of the heading's year, and of 2027 too
        years = sorted(set(years) | set(_dated_heading_years(headings, own_years)))
    for heading in reversed(headings):
        if part:
            break
        part = part_of_year(_blank(heading, _BASELINE), _NAMED_PARTS if doc_period != "cả năm" else _PARTS)
    if not years and doc_year:
        years = [doc_year]
    bracketed = bracketed_years(text)
    years = sorted(set(years) | {y for y in bracketed if not years or y >= min(years)})
    return years, part or doc_period


ASIDE = re.compile(r"\([^()]*\)")  # an aside in brackets, one level


def without_asides(text: str) -> str:
    """The text with its asides in brackets blanked (offsets kept): "165 tỷ đồng (thấp hơn mức
    năm 2026)" says nothing of 2026 about its own figure."""
    return ASIDE.sub(lambda m: " " * len(m.group(0)), text)


_SENTENCE_END = re.compile(r"(?<=[^\d\s])[.;!?](?=\s)|(?<=\d)\.(?=\s+[A-ZÀ-ỸĐ(])|\n(?=\s*(?:[-+•*]|\d+[.)]|[a-zđ]\)))")


def _leads_undated(text: str) -> bool:
    """The passage opens with a sentence (or clause) that gives a figure and names no year of its
    own, before any that names one."""
    first = _SENTENCE_END.split(text, maxsplit=1)[0]
    figures = _DAY_MONTH.sub(" ", _blank(_own_text(first), _YEAR))
    return bool(re.search(r"\d", figures)) and not own_years(first) and bool(own_years(text))


_DAY_MONTH = re.compile(r"\d{1,2}\s*/\s*\d{1,2}(?!\s*/?\s*\d)")  # "ngày 12/3": a date, no figure


def section_years(headings: list[str]) -> set[int]:
    """The years a section is dated to: those of its innermost heading that names a year of its
    own ("1. Kết quả năm 2026" under "Điều 1. Kết quả năm 2026 và nhiệm vụ năm 2027" is of 2026;
    "so với năm 2025" dates nothing, "giai đoạn 2021-2025" every year of it)."""
    return set(_dated_heading_years(headings, lambda h: own_years(h) or span_years(h)))


# A section under a heading dated to two years ("Kết quả năm 2024; phương hướng năm 2025") is of
# one of them when a heading below it says which side it is on: results look back on the first
# year, directions and tasks forward to the last (administrative usage of report headings; "chỉ
# tiêu", "kế hoạch" head results as often as aims: "22/24 chỉ tiêu đạt kế hoạch").
_RESULT_HEADING = re.compile(r"kết\s+quả|tình\s+hình|đánh\s+giá|thực\s+hiện", re.I)
_FORWARD_HEADING = re.compile(r"phương\s+hướng|nhiệm\s+vụ|mục\s+tiêu|giải\s+pháp", re.I)


def _dated_heading_years(headings: list[str], read) -> list[int]:
    """The years `read` finds in the innermost heading naming any, narrowed to the first or the
    last by the side a heading below it names (years named one by one, not a span's)."""
    for i in range(len(headings) - 1, -1, -1):
        years = read(headings[i])
        if not years:
            continue
        if len(own_years(headings[i])) > 1:
            for below in headings[i + 1:]:
                if _RESULT_HEADING.search(below):
                    return [min(years)]
                if _FORWARD_HEADING.search(below):
                    return [max(years)]
        return list(years)
    return []


# Which year of its title a document is about: a report looks back on the first ("kết quả năm
# 2024; phương hướng năm 2025" is a 2024 report), a plan or resolution forward to the last.
_FORWARD_KINDS = ("kế hoạch", "nghị quyết", "chương trình", "tờ trình", "quyết định")
_MIDYEAR = re.compile(r"giữa\s+năm|(?:6|sáu)\s+tháng\s+đầu\s+năm", re.I)


def document_period(title: str, head: str, kind: str = "") -> tuple[int | None, str]:
    """(year, part of year) of a document, read from its title, else its opening text.
    Session news has no such title: its year is that of its first date, its part 6 tháng
    for a mid-year session."""
    if kind == "tin kỳ họp":
        return news_period(head)
    title = _blank(title, _TERM)
    spans = [sorted(map(int, pair)) for pair in _RANGE.findall(_blank(_blank(title, _DATE), _NUMBER))]
    spans = [(lo, hi) for lo, hi in spans if hi - lo <= 10]
    if spans and not own_years(title):
        # "Kế hoạch 5 năm 2026-2030" plans from its first year; "Báo cáo … giai đoạn 2021-2025" looks
        # back from its last; "Tổng kết năm học 2025-2026 và nhiệm vụ năm học 2026-2027" reports on
        # the first span it names, a plan for the last
        return (spans[-1][0] if kind in _FORWARD_KINDS else spans[0][-1]), "cả năm"
    for text in (title, _blank(head, _LAW_YEAR)):
        years = [int(y) for y in _YEAR.findall(_own_text(text))]
        if years:
            # a plan plans for the latest year its title names ("… năm 2026 (kèm đánh giá năm 2025)")
            year = max(years) if kind in _FORWARD_KINDS else years[0]
            return year, _title_part(_blank(title, _BASELINE)) or part_of_year(_calendar_blanked(text)) or "cả năm"
    # a title naming no year of its own ("Báo cáo trả lời kiến nghị cử tri trước kỳ họp thứ tư"):
    # the year the document is dated
    year = _dated_year(head)
    return year, _title_part(title) or ("cả năm" if year else "")


def _title_part(title: str) -> str:
    """A title's part of the year; "quý III và 9 tháng" is a nine-month report that also gives
    the quarter, "quý IV và cả năm" a year's report: the months counted from January, or the
    whole year named outright, win over the quarter."""
    part = part_of_year(title)
    if part.startswith("quý"):
        return part_of_year(title, tuple(p for p in _NAMED_PARTS if p[1] != "quý")) or part
    month = _MONTH_REPORTED.search(_MOMENT.sub(" ", title))
    if part in ("", "cả năm") and month and not re.search(r"cả\s+năm", title, re.I):
        # a month's report ("tình hình tháng 11 và nhiệm vụ tháng 12 năm 2026") gives the month
        # and the months since January: it reports on them, not on the whole year
        return _MONTHS_SINCE_JANUARY.get(int(month.group(1)), part)
    return part


# "tháng 11" as a period, not a date ("ngày 5 tháng 11", "tháng 11/2026" of a deadline)
_MONTH_REPORTED = re.compile(r"(?<![\d/]\s)(?<![\d/])\btháng\s+(1[0-2]|[1-9])\b(?!\s*[/-]\s*\d)", re.I)
# "(Thời điểm kiểm tra: tháng 10 năm 2026)": the moment a count was taken, not a month reported on
_MOMENT = re.compile(r"thời\s+điểm(?:\s+[^\W\d]+){0,3}\s*:?\s*tháng\s+\d{1,2}", re.I)
_MONTHS_SINCE_JANUARY = {3: "quý I", 6: "6 tháng", 9: "9 tháng", 10: "10 tháng", 11: "11 tháng"}


def news_period(head: str) -> tuple[int | None, str]:
    years = [int(y) for y in _YEAR.findall(_own_text(head))][:1]
    year = _dated_year(head) or (years[0] if years else None)
    return year, "6 tháng" if _MIDYEAR.search(head) else "cả năm"


def _dated_year(head: str) -> int | None:
    """The year of the first date a text gives ("…, ngày 2 tháng 12 năm 2026")."""
    m = _DATE.search(head)
    return next((int(y) for y in m.groups() if y), None) if m else None


def _calendar_blanked(text: str) -> str:
    return _blank(_blank(text, _BASELINE), _DATE)
