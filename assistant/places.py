"""Which commune, ward or town a plan is about, and which places a question names.

A document's place is read from the parts that say whose document it is, strongest first:
a merger sentence ("xã A mới được thành lập trên cơ sở nhập xã B và xã C, lấy tên là xã A"
-> A), the issuing body's header ("UBND XÃ A"), the title, the place-and-date line
("A, ngày … tháng …"), and only when none of these names one, the place mentioned most
(early mentions counting more). Other places it mentions (the district, a neighbour) don't
count. Its kind comes from the kind line (KẾ HOẠCH, BÁO CÁO, NGHỊ QUYẾT) or its number
("Số: 12/KH-UBND"); session news has neither but speaks of a "kỳ họp".
A question names places with the kind ("xã Lương Phong", "TT Thắng", "P. Thọ Xương") or by a
known name alone; a kind with a name no plan covers is an unknown place.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from . import lexicon
from .vietnamese import fold, has_diacritics, nfc, syllables

KINDS = ("thị trấn", "phường", "xã")
_KIND_PATTERN = r"([Tt]hị\s+trấn|[Pp]hường|[Xx]ã|TT\.?|P\.|X\.)"
# the kind and a name of up to three words; looked at, not consumed, two more words: a person's
# name may follow the place's, and the next "xã …" may come within them
_PLACE = re.compile(rf"(?<![\w]){_KIND_PATTERN}\s+(\w+(?:[ \t]+\w+){{0,2}})(?=((?:[ \t]+\w+){{0,2}}))")
_PLACE_CI = re.compile(r"(?<![\w])(thị\s+trấn|phường|xã)\s+", re.I)
_YEAR = re.compile(r"\b(20\d\d)\b")
TITLE_CHARS = 1500

# Words that follow "xã"/"phường" in ordinary phrases (xã hội, phương hướng...), so a question
# typed without accents is not read as naming a place called "Hội" or "Hướng".
_NOT_NAMES = set(lexicon.words("not_place_name"))


@dataclass(frozen=True)
class Place:
    kind: str  # "xã", "phường", "thị trấn"
    name: str  # "Lương Phong"

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}"

    @property
    def key(self) -> str:
        return fold(self.name)


def _kind_of(word: str) -> str:
    w = fold(word).replace(".", "").replace(" ", "")
    return {"thitran": "thị trấn", "tt": "thị trấn", "phuong": "phường", "p": "phường", "xa": "xã", "x": "xã"}[w]


def mentions(text: str) -> list[tuple[int, Place]]:
    found = []
    for m in _PLACE.finditer(nfc(text)):
        kind_word = m.group(1)
        if kind_word[0].isupper() and kind_word not in ("TT", "TT.", "P.", "X.") and not kind_word.istitle():
            continue  # "XÃ HỘI" in a capitalised title
        name = _leading_name(m.group(2) + m.group(3))
        if name:
            found.append((m.start(), Place(_kind_of(kind_word), name)))
    return found


# The most common Vietnamese family names (vocabulary list family_name). A place name running
# into one ("phường Đông Hải Nguyễn Văn An …") stops there: the words after it are a person's.
FAMILY_NAMES = frozenset(n.capitalize() for n in lexicon.words("family_name"))


SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾"


def _leading_name(words: str) -> str:
    """The title-case syllables that open `words`: 'Hùng Sơn đạt chuẩn' -> 'Hùng Sơn'; a name
    stops before a person's full name that follows it, a family name and two more syllables
    ('Đông Hà Nguyễn Văn Bình' -> 'Đông Hà'); a family-name syllable inside a place's name stays
    ('Mỹ Hồ', 'Thạch Hoàng Đông')."""
    run: list[str] = []
    for w in words.split():
        bare = w.rstrip(SUPERSCRIPT_DIGITS)  # "xã Hùng Sơn¹ Chủ tịch …": a footnote's marker ends the name
        if not bare or not (bare[0].isupper() and bare[1:].islower() and bare.isalpha()):
            break
        run.append(bare)
        if bare != w:
            break
    for i, w in enumerate(run[1:], 1):
        if w in FAMILY_NAMES and len(run) - i >= 3:
            return " ".join(run[:i])
    return " ".join(run[:3])


HEAD_LINES = 12
_MERGED = re.compile(r"(?:sáp\s+nhập|hợp\s+nhất|nhập)\b[^.;]*?(?:lấy\s+tên(?:\s+gọi)?\s+là|có\s+tên(?:\s+gọi)?\s+là"
                     r"|tên\s+gọi\s+là|thành)\s+(?=(?:[Tt]hị\s+trấn|[Pp]hường|[Xx]ã)\s)", re.S)
_DATE_LINE = re.compile(r"^[\s*_#]*([^\d,\n]{2,40}?),\s*ngày\b", re.M)


def plan_place(text: str) -> Place | None:
    """The place a document is about (module docstring: the strongest part that names one)."""
    text = nfc(text)
    for finder in (merged_place, header_place, title_place, date_line_place):
        place = finder(text)
        if place and finder is header_place and _whole_header_name(text, place):
            return place  # "HĐND XÃ BÌNH AN TÂY" alone in its column: the name, though "xã Bình An" was merged into it
        if place and finder is merged_place:
            return place  # "Xã An Phú Đông được thành lập trên cơ sở … xã An Phú": the new name, whole
        if place:
            return _shortest_spelling(place, text)
    return most_mentioned(text)


_FORMED = re.compile(r"\s+(?:\w+\s+){0,2}?(?:được\s+)?(?:thành\s+lập|hình\s+thành)\s+(?:trên\s+cơ\s+sở|từ|do)\b")


def merged_place(text: str) -> Place | None:
    """The new name of a commune formed by a merger: "… nhập xã B và xã C, lấy tên là xã A",
    or "Xã A (mới) được thành lập trên cơ sở nhập xã B và xã C"."""
    head = text[:TITLE_CHARS * 4]
    for at, place in mentions(head):
        end = head.find(place.name, at) + len(place.name)
        if _FORMED.match(head, end):
            return place
    m = _MERGED.search(head)
    if not m:
        return None
    found = mentions(head[m.end():m.end() + 60])
    return found[0][1] if found else None


def header_place(text: str) -> Place | None:
    """The issuing body in capitals: "UBND XÃ ĐÔNG HÀ", or "ỦY BAN NHÂN DÂN" over "XÃ ĐÔNG HÀ"
    (a district above it, "UBND HUYỆN …", is not the place; "CỘNG HÒA XÃ HỘI …" is no place)."""
    for bare in _header_columns(text):
        m = re.search(r"(?:^|\s)(THỊ\s+TRẤN|PHƯỜNG|XÃ)\s+([^\W\d_][^\d,;:()]*)$", bare)
        if not m or bare != bare.upper() or m.group(2).split()[0] == "HỘI":
            continue
        name = " ".join(m.group(2).split()[:3]).title()
        return Place(_kind_of(m.group(1)), name)
    return None


def _whole_header_name(text: str, place: Place) -> bool:
    """The header's column ends with the name and holds nothing after it: "UBND XÃ AN PHÚ ĐÔNG"
    over the next line, not "XÃ AN PHÚ ĐÔNG HÀ" cut at three words."""
    name = r"\s+".join(map(re.escape, place.name.upper().split()))
    return any(re.search(rf"(?:THỊ\s+TRẤN|PHƯỜNG|XÃ)\s+{name}\s*$", bare) for bare in _header_columns(text))


def _header_columns(text: str):
    """The columns of the lines at the top, markup dropped: a header's two columns ("UBND XÃ AN
    HÒA      Độc lập - Tự do …") stand apart by three spaces, a tab or a table's "|"."""
    for line in text.splitlines()[:HEAD_LINES]:
        for column in re.split(r"\s{3,}|\t|\|", line):
            yield re.sub(r"[*#_|]+", " ", column).strip()


def title_place(text: str) -> Place | None:
    title = plan_title(text)
    found = mentions(title) if title else []
    return found[0][1] if found else None


def date_line_place(text: str) -> Place | None:
    """"Đông Hà, ngày 5 tháng 12 năm 2024": the name, with its kind from a mention or the line."""
    m = _DATE_LINE.search(text[:TITLE_CHARS])
    if not m:
        return None
    said = mentions(m.group(1))
    if said:
        return said[0][1]
    name = _leading_name(m.group(1).strip())
    known = [p for _, p in mentions(text) if p.key == fold(name)]
    return known[0] if name and known else None


def most_mentioned(text: str) -> Place | None:
    """The most mentioned place, mentions near the top weighing triple."""
    votes: Counter[Place] = Counter()
    for at, place in mentions(text):
        votes[place] += 3 if at < TITLE_CHARS else 1
    if not votes:
        return None
    return _shortest_spelling(votes.most_common(1)[0][0], text)


def _shortest_spelling(place: Place, text: str) -> Place:
    """A name read with words of the next sentence part ("xã Đông Hà Nội dung …") is the
    shorter name the document uses more often alone. A merged commune that took a former name
    plus a word ("xã An Phú Đông" from "xã An Phú" and "xã Bình Lợi") keeps its longer name,
    which its own document writes far more often than the former one."""
    words = place.name.split()
    if len(words) < 2:
        return place
    counts = Counter(p.name for _, p in mentions(text) if p.kind == place.kind)
    for n in range(1, len(words)):
        shorter = " ".join(words[:n])
        if counts[shorter] > counts[place.name]:
            return Place(place.kind, shorter)
    return place


# Kinds of administrative documents and their number-line abbreviations (Nghị định
# 30/2020/NĐ-CP, Phụ lục III): "Số: 12/KH-UBND", "Số: 02/CTr-UBND", "Số: 48/TB-UBND".
KIND_LINES = (("ke hoach", "kế hoạch"), ("bao cao", "báo cáo"), ("nghi quyet", "nghị quyết"),
              ("chuong trinh", "chương trình"), ("thong bao", "thông báo"), ("to trinh", "tờ trình"),
              ("quyet dinh", "quyết định"))
KIND_NUMBERS = {"KH": "kế hoạch", "BC": "báo cáo", "NQ": "nghị quyết", "CTr": "chương trình", "TB": "thông báo",
                "TTr": "tờ trình", "QĐ": "quyết định"}


def plan_kind(text: str) -> str:
    """kế hoạch, báo cáo, nghị quyết, chương trình, thông báo, tờ trình, quyết định (from the kind
    line, else the number line), or tin kỳ họp."""
    for line in text[:TITLE_CHARS].splitlines():
        bare = fold(re.sub(r"[*#_]+", " ", line)).strip()
        for word, kind in KIND_LINES:
            if bare.startswith(word) and len(bare) <= 120:
                return kind
    m = re.search(r"Số\s*:\s*[^\n]*?/\s*(KH|BC|NQ|CTr|TB|TTr|QĐ)\b", text[:TITLE_CHARS])
    if m:
        return KIND_NUMBERS[m.group(1)]
    head = fold(text[:TITLE_CHARS])
    m = re.search(r"kem\s+theo\s+(" + "|".join(word.replace(" ", r"\s+") for word, _ in KIND_LINES) + ")", head)
    if m:  # an annex table is part of the document it is attached to ("KÈM THEO TỜ TRÌNH SỐ …")
        return dict(KIND_LINES)[" ".join(m.group(1).split())]
    if "ky hop" in head:
        return "tin kỳ họp"
    k, b = head.find("ke hoach"), head.find("bao cao")
    if b >= 0 and (k < 0 or b < k):
        return "báo cáo"
    return "kế hoạch"


def plan_title(text: str) -> str:
    """'KẾ HOẠCH Phát triển kinh tế - xã hội năm 2024': the kind line near the top and the
    line that follows it; empty when the plan has no such line."""
    lines = [" ".join(re.sub(r"[*#_]+|</?\w+>", " ", line).split()) for line in text[:TITLE_CHARS].splitlines()]
    for i, line in enumerate(lines):
        if fold(line).startswith(("ke hoach", "bao cao", "nghi quyet", "chuong trinh", "thong bao", "to trinh", "quyet dinh",
                                  "phu luc", "bieu so")) and len(line) <= 120:
            return _title_from(lines, i)[:160]
    return ""


def _title_from(lines: list[str], i: int) -> str:
    """The kind line, its subject on the next line (after a blank line too when the kind line
    is the bare word), and the lines that wrap on from it up to the next blank line."""
    parts, j = [lines[i]], i + 1
    if len(lines[i]) <= 12:
        while j < len(lines) and not lines[j]:
            j += 1
    while j < len(lines) and len(" ".join(parts)) < 160:
        if not lines[j] and j + 1 < len(lines) and lines[j + 1][:1].islower():
            j += 1  # a PDF line of the title set apart ("… năm 2024;" / "phương hướng …")
        if not lines[j] or _TITLE_END.match(lines[j]) or _BODY_OPENING.match(lines[j]) \
                or (j > i + 1 and lines[j].endswith(".")):
            break  # a blank line, or a sentence of the body
        parts.append(lines[j])
        j += 1
    return " ".join(parts)


# lines that follow a title without a blank line but are not part of it
_TITLE_END = re.compile(r"^(?:\(?kèm theo|căn cứ|hội đồng nhân dân|[IVX]+\.|\d+\.|phần)", re.I)
# "Thực hiện Nghị quyết số 12/NQ-HĐND …;" opens the body; "Thực hiện chương trình … năm 2026" may be the title
_BODY_OPENING = re.compile(r"^thực hiện\b(?=.*(?:\bsố\b|[;,]$))", re.I)


def plan_years(text: str) -> list[int]:
    return sorted({int(y) for y in _YEAR.findall(text[:TITLE_CHARS])})


def _known_index(known: list[Place]) -> dict[str, Place]:
    return {p.key: p for p in known}


def question_places(question: str, known: list[Place]) -> tuple[list[Place], list[str]]:
    """Known places a question names, and names it gives with a kind that no plan covers."""
    q = nfc(question)
    index = _known_index(known)
    found: list[Place] = []
    unknown: list[str] = []
    folded = fold(q)
    # kind + name, in any case ("xa luong phong", "TT Thắng")
    for m in re.finditer(r"(?<![\w])(thi tran|phuong|xa|tt\.?|p\.|x\.)\s+([a-z]+(?:\s+[a-z]+){0,2})", folded):
        kind_raw = m.group(1)
        if kind_raw in ("tt", "tt.", "p.", "x.") and not _abbrev_is_place(q, m.start()):
            continue
        if folded[:m.start()].endswith(("la ", "la mot ")):
            continue  # "… là xã vùng cao": the kind describes, it names no place
        words = m.group(2).split()
        hit = next((index[" ".join(words[:n])] for n in (3, 2, 1) if " ".join(words[:n]) in index), None)
        if hit:
            found.append(hit)
        elif _looks_like_name(q, m.start(2), words):
            # echoed as typed, accents kept: fold() maps each NFC character to one character
            end = m.start(2) + [w.end() for w in re.finditer(r"[a-z]+", m.group(2))][:2][-1]
            unknown.append(q[m.start(2):end])
    # a known name alone: several syllables anywhere; one syllable only as a capitalised word
    for key, place in index.items():
        if place in found:
            continue
        if " " in key and any(_written_as_name(q, m.start(), m.end(), place.name)
                              for m in re.finditer(rf"(?<![\w]){re.escape(key)}(?![\w])", folded)):
            found.append(place)
        elif " " not in key and re.search(rf"(?<![\w]){re.escape(place.name)}(?![\w])", q) \
                and not _inside_longer_name(q, place.name):
            found.append(place)
    return _dedupe(found), unknown


def _written_as_name(question: str, start: int, end: int, name: str) -> bool:
    """A name given without its kind is a name only as one writes a name: capitalised
    ("Yên Hòa"), or in a question typed in lower case with the name's accents or none.
    "việc làm tại chỗ" folds like a place "Lâm Tài"/"Làm Tại" but is written as words."""
    span = question[start:end]
    if len(fold(question)) != len(question):  # folding changed the length: offsets don't align
        return fold(span) == fold(name)
    capitals = any(c.isupper() for c in question[1:])
    if has_diacritics(span):  # typed with accents: they must be the name's
        return syllables(span) == syllables(name) and (span[:1].isupper() or not capitals)
    return span[:1].isupper() or not capitals


def _inside_longer_name(question: str, name: str) -> bool:
    """'Đức Thắng' or 'Thắng Lợi' contain the one-syllable name 'Thắng' but are other names."""
    for m in re.finditer(rf"(\w+)?\s*{re.escape(name)}\s*(\w+)?", question):
        before, after = m.group(1) or "", m.group(2) or ""
        if not (before[:1].isupper() or after[:1].isupper()):
            return False
    return True


def _abbrev_is_place(question: str, at: int) -> bool:
    """'TT'/'P.' abbreviate a place kind only when written in capitals before a capitalised name."""
    m = re.match(r"(TT\.?|P\.|X\.)\s+(\w)", question[at:])
    return m is not None and m.group(2).isupper()


def _looks_like_name(question: str, at: int, words: list[str]) -> bool:
    """A typed name: capitalised when the question has capitals ("xã Tiên Kiên"), else two
    syllables that are not plan words ("xã phấn đấu …", "xa dat …")."""
    if any(c.isupper() for c in question[1:]):
        return question[at:at + 1].isupper()
    typed = question[at:].split()[:1]
    if typed and typed[0].lower() in _AUXILIARIES:
        return False  # "năm nay xã sẽ làm thêm mấy km đường": "xã" is the subject, "sẽ" no name's start
    return len(words) >= 2 and words[0] not in _NOT_NAMES and words[1] not in _NOT_NAMES \
        and " ".join(words[:2]) not in _NOT_NAME_PAIRS


# Words that stand before a verb, as written with accents (question_words.tsv, aux_before_verb).
_AUXILIARIES = set(lexicon.words("aux_before_verb"))


# Verbs that follow "xã"/"phường" as subject in a question typed without capitals.
_NOT_NAME_PAIRS = {fold(w) for w in lexicon.words("not_place_name_pair")}


def _dedupe(places: list[Place]) -> list[Place]:
    out: list[Place] = []
    for p in places:
        if p not in out:
            out.append(p)
    return out
