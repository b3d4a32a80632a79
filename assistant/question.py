"""Reading a question: places, years, target-or-result, comparison, and what carries over
from earlier questions of the conversation."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from . import lexicon
from .places import Place, question_places
from .vietnamese import PLACE_ABBREVIATIONS, fold, has_diacritics, syllables, synonym_phrase_positions

# Question words and filler that say nothing about the indicator asked for (comparison words
# such as "cao hơn", "nhiều nhất" included). Matched as
# written when the question has accents ("cận" nghèo is not "cần"), folded when it has none.
STOPWORDS = set(lexicon.words("stopword"))
# Typed without accents, some of them are also plan words ("dat" is đạt and đất, "ve" về and
# vệ sinh, "moi" mỗi and môi trường): those stay content, weighed by how rare they are.
FOLD_AMBIGUOUS = set(lexicon.words("fold_ambiguous"))
FOLDED_STOPWORDS = {fold(w) for w in STOPWORDS} - FOLD_AMBIGUOUS
# The same, written in two syllables: stop words only together ("dự kiến" says nothing, the
# "dự" of "dự án" does; "phấn đấu" but "đầu tư", "bao nhiêu" but "bảo hiểm" once accents go).
QUESTION_PHRASES = lexicon.words("question_phrase")
# Phrases that only link the question's words ("Chỉ tiêu đối với trạm y tế là gì?"); their
# syllables alone may be content ("đối tượng").
STOP_PHRASES = QUESTION_PHRASES + lexicon.words("stop_phrase")
STOP_SYLLABLES = STOPWORDS | {w for phrase in STOP_PHRASES for w in phrase.split()}  # any part of one
_FOLDED_STOP_SYLLABLES = {fold(w) for w in STOP_SYLLABLES}
# "… đã cứng hóa hết chưa?": a closing "chưa" asks yes or no; inside, "chưa có kết quả" is content.
CLOSING_PARTICLES = {w for p in lexicon.words("closing_particle") for w in (p, fold(p))}

TARGET_WORDS = lexicon.words("target")
RESULT_WORDS = lexicon.words("result")
COMPARISON_WORDS = lexicon.words("comparison")
# "Những dự án nào …", "kể tên các …": the answer is every item, which may sit in several passages.
LIST_CUES = lexicon.words("list_cue")
# Bare keywords opening with a plural ("các dự án GPMB 2023 phường …") ask for every item too.
LIST_OPENINGS = tuple(fold(w) + " " for w in lexicon.words("list_opening"))
# An assessment's points are a list too: "ưu điểm năm 2023", "những hạn chế" (unless a count is asked).
LIST_TOPICS = lexicon.words("list_topic")
# Words that point back at something named in the earlier question ("trường này").
ANAPHORA = lexicon.words("anaphora")
FOLLOW_UP_CUES = lexicon.words("follow_up")
# Typed without accents, "may" is "máy" or "dệt may" as well as "mấy" (how many); before a unit
# ("may ho", "may ha") it can only be the question word.
_FOLDED_QUANTITY_WORDS = {fold(w) for w in lexicon.words("quantity_cue") if " " not in w}
_UNIT_FORMS = {tuple(fold(form).split()) for unit, forms in lexicon.forms("units").items() for form in (unit, *forms)}

_YEAR = re.compile(r"\b(20\d\d)\b")
_SPAN = re.compile(r"\b(20\d\d)\s*[-–—]\s*(20\d\d)\b")
MAX_SPAN = 10  # years: "giai đoạn 2026-2030", "nhiệm kỳ 2026-2031"; a longer pair is two years named


# years said relative to the one spoken of (Từ điển tiếng Việt: năm tới, năm sau, sang năm; năm
# trước, năm ngoái), with or without accents, "năm học tới" too
_NEXT_YEAR = re.compile(r"(?<!\w)(?:nam(?:\s+hoc)?\s+(?:toi|sau)|sang\s+nam)(?!\w)(?!\s+\d)")
_LAST_YEAR = re.compile(r"(?<!\w)nam(?:\s+hoc)?\s+(?:truoc|ngoai)(?!\w)")


def relative_year(question: str) -> int:
    """+1 for a question on the year after the one spoken of, -1 for the year before, else 0."""
    folded = " ".join(fold(s) for s in syllables(question))
    folded = re.sub(r"(?<!\w)(?:so\s+voi|so|cung\s+ky)(?:\s+\w+){0,4}?\s+nam(?:\s+hoc)?\s+(?:truoc|ngoai)", " ", folded)
    return 1 if _NEXT_YEAR.search(folded) else -1 if _LAST_YEAR.search(folded) else 0  # "so với năm trước" is a baseline


def years_named(text: str) -> list[int]:
    """The years a question (or a clause of one) names, in order; a span names every year of it
    ("giai đoạn 2026-2030" asks of a project due in 2028 too)."""
    years: list[int] = []
    pos = 0
    for m in _SPAN.finditer(text):
        years += [int(y) for y in _YEAR.findall(text[pos:m.start()])]
        lo, hi = int(m.group(1)), int(m.group(2))
        years += list(range(lo, hi + 1)) if 0 < hi - lo <= MAX_SPAN else [lo, hi]
        pos = m.end()
    return years + [int(y) for y in _YEAR.findall(text[pos:])]


# a comparison's baseline ("giảm bao nhiêu so với năm 2023") names the year compared with, not the
# year asked (as periods.py reads a passage's baseline); "cùng kỳ 2025" alone is often the figure asked
_BASELINE_YEAR = re.compile(r"(?<!\w)so\s+voi(?:\s+(?:cung\s+ky|nam|uoc|thuc\s+hien|ke\s+hoach|kh|th))*"
                            r"\s+(20\d\d)\b(?!\s*[-–—]\s*20\d\d)")


def asked_years(question: str) -> list[int]:
    """The years a question asks of: those it names but a baseline's."""
    return years_named(_BASELINE_YEAR.sub(" ", fold(question).lower()))


@dataclass
class Query:
    question: str
    history: list[str]
    places: list[Place]
    unknown_places: list[str]
    years: list[int]
    intent: str | None  # "target", "result" or None
    comparison: bool
    follow_up: bool
    context: str = ""  # the earlier question whose topic carries over
    place_from_history: bool = False
    anaphoric: bool = False  # the question points back at the earlier one's subject
    content: list[str] = field(default_factory=list)  # folded content syllables (and pairs)
    listing: bool = False  # asks for all the items of a list
    who: bool = False      # asks for a person ("… ký kế hoạch là ai?")

    @property
    def short(self) -> bool:
        """Names three things or fewer besides the side and the part of the year ("cả năm có vượt
        kế hoạch không?" names one): a follow-up this short leans on the earlier topic."""
        return len({t for t in self.content if "_" not in t} - _SIDE_SYLLABLES) <= 3


# the syllables of the words saying planned or done ("kế hoạch", "thực hiện"), and "cả" of "cả năm"
_SIDE_SYLLABLES = {fold(s) for w in lexicon.words("target") + lexicon.words("result") for s in w.split()} | {"ca"}


def _has_any(folded_question: str, words: tuple[str, ...]) -> bool:
    padded = f" {folded_question} "
    return any(f" {fold(w).strip()} " in padded or (w.endswith(" ") and f" {fold(w)}" in padded) for w in words)


def _has_word(question: str, words: tuple[str, ...], others: tuple[str, ...]) -> bool:
    """Word match with accents when the question has them ("đặt" set ≠ "đạt" achieved);
    without accents, words that fold alike on both sides say nothing."""
    if has_diacritics(question):
        text = " " + " ".join(syllables(question)) + " "
        return any(f" {w.strip()} " in text for w in words)
    ambiguous = {fold(w) for w in words} & {fold(w) for w in others}
    return _has_any(" ".join(fold(s) for s in syllables(question)),
                    tuple(w for w in words if fold(w) not in ambiguous))


def intent_of(question: str) -> str | None:
    target = _has_word(question, TARGET_WORDS, RESULT_WORDS)
    result = _has_word(question, RESULT_WORDS, TARGET_WORDS)
    if target and not result:
        return "target"
    if result and not target:
        return "result"
    return None


def asks_person(question: str) -> bool:
    """"ai" (who) as a word: with accents exactly, without them only as "là ai" or at the end;
    or a name asked for ("… người ký …, tên là gì?", "họ tên")."""
    sylls = syllables(question)
    folded = " ".join(fold(s) for s in sylls)
    if any(f" {cue} " in f" {folded} " for cue in NAME_CUES):
        return True
    if has_diacritics(question):
        return "ai" in sylls
    return " la ai" in f" {folded}" or folded.endswith(" ai") or folded.startswith("ai la ")


NAME_CUES = tuple(fold(w) for w in lexicon.words("name_cue"))


def content_syllables(question: str, places: list[Place]) -> list[str]:
    """Folded syllables that name what is asked, and "a_b" pairs of neighbours that both do
    (pairs only of syllables adjacent in the question, not across a dropped word)."""
    accented = has_diacritics(question)
    out: list[str] = []
    prev = ""
    sylls = syllables(question)
    if sylls and sylls[-1] in CLOSING_PARTICLES:
        sylls = sylls[:-1]
    # a plan phrase of stop words ("không đạt") still names what is asked
    named = _institution_positions(sylls, accented) | synonym_phrase_positions(sylls)
    skipped = (_name_positions([fold(s) for s in sylls], places) | _phrase_positions(sylls, accented)
               | _measure_positions(sylls, accented)) - named
    for i, s in enumerate(sylls):
        f = fold(s)
        stop = (s in STOPWORDS if accented else f in FOLDED_STOPWORDS or _asks_quantity(sylls, i)) \
            and i not in named
        if stop or i in skipped or _YEAR.fullmatch(f):
            prev = ""
            continue
        out.append(f)
        if prev:
            out.append(f"{prev}_{f}")
        prev = f
    return out


def _asks_quantity(sylls: list[str], i: int) -> bool:
    """An unaccented quantity word right before a unit: "may ho" is "mấy hộ", "may phan tram"
    "mấy phần trăm"; "may cong nghiep" is no "mấy công dân"."""
    after = tuple(fold(s) for s in sylls[i + 1:i + 4])
    return fold(sylls[i]) in _FOLDED_QUANTITY_WORDS and any(after[:len(form)] == form for form in _UNIT_FORMS)


# A school, clinic or market named after its place ("Trường tiểu học thị trấn Thắng", "Trường MN
# thị trấn", "Trạm y tế xã"): there the place kind and name are part of what is asked.
INSTITUTIONS = lexicon.words("institution")
_KINDS = ("thị trấn", "xã", "phường")


def _institution_positions(sylls: list[str], accented: bool) -> set[int]:
    words = sylls if accented else [fold(s) for s in sylls]
    names = [(w if accented else fold(w)).split() for w in INSTITUTIONS if accented or w != "chợ"]
    at: set[int] = set()
    for i in range(1, len(words)):
        if not any(words[max(0, i - len(n)):i] == n for n in names):
            continue
        for kind in _KINDS:
            parts = (kind if accented else fold(kind)).split()
            if words[i:i + len(parts)] == parts:
                end = i + len(parts)
                # the name after the kind, up to the next stopword (a name has two or three syllables)
                while end < len(words) and end < i + len(parts) + 3 and words[end] not in STOP_SYLLABLES \
                        and fold(words[end]) not in _FOLDED_STOP_SYLLABLES:
                    end += 1
                at.update(range(i, end))
    return at


# Nouns that name only the measure of the figure asked ("bao nhiêu tiền", "mấy cây số"): a plan
# writes the figure in its unit ("… 850 triệu đồng", "… 12 km"), not the noun, which the unit
# asked (need.asked_unit) already stands for; as a content word it would be missing everywhere.
# Read as written when the question has accents ("bao nhiêu tiện ích" keeps "tiện"); typed
# without, only after "bao nhieu" ("may" is "máy", "mây" as well as "mấy").
_MEASURE_NOUNS = lexicon.words("measure_noun")
_MEASURES_ASKED = tuple(f"{cue} {noun}" for cue in ("bao nhiêu", "mấy") for noun in _MEASURE_NOUNS)
_FOLDED_MEASURES_ASKED = tuple(fold(f"bao nhiêu {noun}") for noun in _MEASURE_NOUNS)
_FOLDED_STOP_PHRASES = tuple(fold(p) for p in STOP_PHRASES)


def _measure_positions(sylls: list[str], accented: bool) -> set[int]:
    words = sylls if accented else [fold(s) for s in sylls]
    return _positions(words, _MEASURES_ASKED if accented else _FOLDED_MEASURES_ASKED)


def _phrase_positions(sylls: list[str], accented: bool) -> set[int]:
    words = sylls if accented else [fold(s) for s in sylls]
    return _positions(words, STOP_PHRASES if accented else _FOLDED_STOP_PHRASES)


def _positions(words: list[str], phrases) -> set[int]:
    """Positions of the words that write one of the phrases (written as the words are)."""
    at: set[int] = set()
    for phrase in phrases:
        parts = phrase.split()
        for i in range(len(words) - len(parts) + 1):
            if words[i:i + len(parts)] == parts:
                at.update(range(i, i + len(parts)))
    return at


def _name_positions(folded: list[str], places: list[Place]) -> set[int]:
    """Where the question writes a place's name: a name of several syllables only as the whole
    name ("tiêm phòng" keeps its "phòng" beside "Lương Phong"), a one-syllable name anywhere."""
    at: set[int] = set()
    for p in places:
        name = fold(p.name).split()
        for i in range(len(folded) - len(name) + 1):
            if folded[i:i + len(name)] == name:
                # "X. Tân An", "TT Tân An": the kind, abbreviated, is part of the name as typed
                kind = i - 1 if i and folded[i - 1] in PLACE_ABBREVIATIONS else i
                at.update(range(kind, i + len(name)))
    return at


def analyse(question: str, history: list[str], known: list[Place],
            vocabulary: Callable[[str], bool] = lambda name: False) -> Query:
    """`vocabulary` tells a typed "name" that is ordinary plan wording ("phoi hop")."""
    places, unknown = question_places(question, known)
    # A capitalised name is meant as one ("phường Hòa An", a neighbour the plans mention but
    # have no plan of); typed all in lower case it may be plan wording ("xa phoi hop …").
    capitals = any(c.isupper() for c in question[1:])
    # names come as typed; in a conversation "xã" in lower case is the commune already spoken of
    # ("Còn sang năm xã hứa nâng lên bao nhiêu?"), not a new one's name
    unknown = [name for name in unknown if capitals or not (history or vocabulary(fold(name)))]
    years = asked_years(question)
    folded = " ".join(fold(s) for s in syllables(question))
    content = content_syllables(question, places)
    q = Query(question=question, history=history, places=places, unknown_places=unknown, years=years,
              intent=intent_of(question), comparison=False, follow_up=False, content=content,
              listing=_has_any(folded, LIST_CUES) or folded.startswith(LIST_OPENINGS)
              or (_has_any(folded, LIST_TOPICS) and not _has_any(folded, ("bao nhieu", "may"))),
              who=asks_person(question))
    resolve_context(q, history, known)
    q.comparison = len(q.places) > 1 or (not q.places and not q.unknown_places and _has_any(folded, COMPARISON_WORDS))
    return q


def leaves_out(q: Query) -> tuple[bool, bool]:
    """(place, topic): what the question does not say itself. A question naming its own place
    and what it asks about is read as if asked alone ("Tỷ lệ hộ nghèo của xã A?" after a
    question on xã B); "Còn xã A thì sao?" names no topic, "Thế còn năm 2025?" neither."""
    return not (q.places or q.unknown_places), not q.content


def resolve_context(q: Query, history: list[str], known: list[Place]) -> None:
    """History fills in only what the question leaves out: the place, the topic (the earlier
    question, weighed lower), and then the year and the target-or-result of the latest earlier
    question. A question that leaves nothing out takes nothing."""
    no_place, no_topic = leaves_out(q)
    q.follow_up = bool(history) and (no_place or no_topic)
    if not q.follow_up:
        return
    q.anaphoric = _has_word(q.question, ANAPHORA, ())
    # "trường này", "dự án đó" point back at the earlier subject; a short question with no place
    # of its own leans on the earlier topic ("Còn chi ngân sách?")
    wants_topic = no_topic or q.anaphoric or (no_place and q.short)
    _carry_over(q, history, known, wants_topic)


def _carry_over(q: Query, history: list[str], known: list[Place], wants_topic: bool) -> None:
    """Place, year and intent not said again come from the latest earlier question."""
    for earlier in reversed(history):
        places, _ = question_places(earlier, known)
        if not q.places and places and not q.unknown_places:
            q.places = places
            q.place_from_history = True
        if wants_topic and not q.context:
            q.context = earlier
        if not q.years:
            # "năm tới", "sang năm" after a question on 2026 ask of 2027; "năm trước" of 2025
            shift = relative_year(q.question)
            q.years = [y + shift for y in asked_years(earlier)]
        if q.intent is None and not (_has_word(q.question, TARGET_WORDS, RESULT_WORDS)
                                     or _has_word(q.question, RESULT_WORDS, TARGET_WORDS)):
            q.intent = intent_of(earlier)  # a question naming both sides ("phấn đấu … đạt chuẩn") keeps neither
        if (q.places or q.unknown_places) and (q.context or not wants_topic):
            break
