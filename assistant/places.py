"""Which commune, ward or town a plan is about, and which places a question names.

A plan's place, kind (kế hoạch / báo cáo) and years are read from its own text: the place is
the "xã/phường/thị trấn + Name" mentioned most, mentions near the title counting more. A
question names places with the kind ("xã Lương Phong", "TT Thắng", "P. Thọ Xương") or by a
known name alone; a kind with a name no plan covers is an unknown place.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from . import lexicon
from .vietnamese import fold, nfc

KINDS = ("thị trấn", "phường", "xã")
_KIND_PATTERN = r"(thị\s+trấn|phường|xã|TT\.?|P\.|X\.)"
_PLACE = re.compile(rf"(?<![\w]){_KIND_PATTERN}\s+(\w+(?:[ \t]+\w+){{0,2}})")
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
        name = _leading_name(m.group(2))
        if name:
            found.append((m.start(), Place(_kind_of(kind_word), name)))
    return found


def _leading_name(words: str) -> str:
    """The title-case syllables that open `words`: 'Hùng Sơn đạt chuẩn' -> 'Hùng Sơn'."""
    name = []
    for w in words.split():
        if not (w[0].isupper() and w[1:].islower() and w.isalpha()):
            break
        name.append(w)
    return " ".join(name)


def plan_place(text: str) -> Place | None:
    """The place a plan is about: its most mentioned place, title mentions weighing triple."""
    votes: Counter[Place] = Counter()
    for at, place in mentions(text):
        votes[place] += 3 if at < TITLE_CHARS else 1
    if not votes:
        return None
    return votes.most_common(1)[0][0]


def plan_kind(text: str) -> str:
    head = fold(text[:TITLE_CHARS])
    k, b = head.find("ke hoach"), head.find("bao cao")
    if b >= 0 and (k < 0 or b < k):
        return "báo cáo"
    return "kế hoạch"


def plan_title(text: str) -> str:
    """'KẾ HOẠCH Phát triển kinh tế - xã hội năm 2024': the kind line near the top and the
    line that follows it; empty when the plan has no such line."""
    lines = [re.sub(r"[*#_]+|</?\w+>", " ", line).strip() for line in text[:TITLE_CHARS].splitlines()]
    lines = [" ".join(line.split()) for line in lines if line.strip()]
    for i, line in enumerate(lines):
        if fold(line).startswith(("ke hoach", "bao cao")) and len(line) <= 120:
            title = line if len(line) > 12 or i + 1 >= len(lines) else f"{line} {lines[i + 1]}"
            return title[:160]
    return ""


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
        if " " in key and re.search(rf"(?<![\w]){re.escape(key)}(?![\w])", folded):
            found.append(place)
        elif " " not in key and re.search(rf"(?<![\w]){re.escape(place.name)}(?![\w])", q) \
                and not _inside_longer_name(q, place.name):
            found.append(place)
    return _dedupe(found), unknown


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
    return len(words) >= 2 and words[0] not in _NOT_NAMES and words[1] not in _NOT_NAMES \
        and " ".join(words[:2]) not in _NOT_NAME_PAIRS


# Verbs that follow "xã"/"phường" as subject in a question typed without capitals.
_NOT_NAME_PAIRS = {fold(w) for w in lexicon.words("not_place_name_pair")}


def _dedupe(places: list[Place]) -> list[Place]:
    out: list[Place] = []
    for p in places:
        if p not in out:
            out.append(p)
    return out
