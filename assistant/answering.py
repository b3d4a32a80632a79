"""Extractive answers: the sentence or two of the best passages that hold the answer, each
figure cited; both figures when passages disagree; one line per place for comparisons; a
plain "not found" when the plans do not hold the answer."""
from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from itertools import zip_longest

from . import conversation
from .chunking import clean_markup
from .embedding import Encoder
from .fusion import coverage
from .places import Place
from .question import STOP_SYLLABLES, Query, analyse, content_syllables
from .retrieval import HISTORY_WEIGHT, LoadedIndex, folded_vocab, search
from .vietnamese import ABBREVIATIONS, fold, has_diacritics, syllables, synonym_matches, synonyms_of

COMMON_PHRASE = 3  # passages using a pair of words that make it vocabulary, not a place's name
MIN_COVERAGE = 0.5  # share of the question's content weight a passage must hold to answer
LONG_QUESTION = 12  # content words; a question this wordy describes more than the plan says,
LONG_MIN_COVERAGE = 0.4  # so a smaller share answers it
COMPARE_MIN_COVERAGE = 0.4  # a comparison names its indicator once for several plans' wordings
COMPARE_FIGURE_CLOSE = 0.5  # … and takes a passage giving a figure scoring this close to the best
COVERAGE_FLOOR = 0.3  # re-ranking: score * (floor + coverage)
UNIT_BOOST = 1.2  # re-ranking: the passage holds a figure in the unit asked for
NUMBER_BOOST = 1.1  # re-ranking: a figure is asked for and the passage holds one
FOOTNOTE_FACTOR = 0.95  # a footnote found through its citing sentence's words comes after that sentence
WHO_DEPTH = 4  # … among this many times more passages
PERSON_BOOST = 2.0  # re-ranking: "… là ai?" and the passage has a line that is a person's name (one naming nobody cannot say who)
MULTI_PART_CLOSE = 0.5  # a question asking several things takes passages scoring this close
PART_COVERAGE = 0.99  # a passage answering one part of a question holds all the words only that part has
MAX_PARTS = 3  # figures sought for a question asking "bao nhiêu" several times
PART_DEPTH = 30  # passages searched for a part asking a figure that no passage found for the whole gives
UNCOVERED_PART = 0.15  # a question asking two things takes another passage or sentence while this share is missing
CLOSE_SCORE = 0.85  # a further passage joins the answer when it scores this close to the best
MAX_PASSAGES = 3
LIST_PASSAGES = 8  # a list question takes every passage matching as well as the best (table rows)
LIST_CLOSE = 0.7
HEADING_LIST_COVER = 0.2  # a heading holding this share of a list question names the list
LIST_HEADINGS = 5  # … among the headings of this many best passages
MAX_LIST_ROWS = 15  # a table group's rows brought into a list answer, at most
LIST_COVER_GAP = 0.25  # … and holding nearly as much of the question (items repeat less of it)
N_CITATIONS = 5
SNIPPET_CHARS = 320
LIST_SNIPPET_CHARS = 400  # a list item's paragraph up to this long is quoted whole: its sentences are the items
MAX_QUESTION_CHARS = 1000

_NUMBER = re.compile(r"(?<![\d.,])(?!(?:19|20)\d\d(?!\d|[.,]\d))\d")  # a figure, not a year ("năm 2024, …")
_FIGURE = re.compile(r"(\d[\d.,]*)\s*(%|tỷ đồng|triệu đồng|đồng|tấn|ha|con|người|lao động|hộ|km|trường)")
# A line holding only a person's name, as under a signature ("**Nguyễn Văn Hùng**"): two to
# four capitalised syllables, not all in capitals (those are titles: "CHỦ TỊCH").
_NAME_LINE = re.compile(r"^[*_ ]*(?=[^\n]*[a-zà-ỹđ])(?:[A-ZÀ-ỸĐ][a-zà-ỹđ]*\s){1,3}[A-ZÀ-ỸĐ][a-zà-ỹđ]*[*_ ]*$", re.M)
_QUANTITY_CUES = ("bao nhiêu", "mấy", "tỷ lệ", "bao nhieu", "may ", "ty le", "số ", "so ")


@dataclass
class Citation:
    n: int
    source: str
    start: int
    end: int
    text: str
    page: int | None
    place: str
    title: str
    section: str
    quote: str = ""  # the part of the passage the answer quotes

    def as_json(self) -> dict:
        out = {"source": self.source, "start": self.start, "end": self.end, "text": self.text}
        if self.page is not None:
            out["page"] = self.page
        out.update(place=self.place, section=self.section)
        return out


@dataclass
class Answer:
    question: str
    text: str
    not_found: bool
    citations: list[Citation] = field(default_factory=list)
    related: list[Citation] = field(default_factory=list)
    comparison: list[dict] = field(default_factory=list)  # place, quote, citation n
    conflict: bool = False
    latency_ms: float = 0.0
    places: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"answer": self.text, "not_found": self.not_found,
                "citations": [c.as_json() for c in self.citations],
                "related": [c.as_json() for c in self.related],
                "comparison": self.comparison, "conflict": self.conflict,
                "latency_ms": round(self.latency_ms, 1)}


def answer_question(index: LoadedIndex, encoder: Encoder | None, question: str,
                    history: list[str] | None = None, places: list[Place] | None = None) -> Answer:
    """Answer one question. `places` restricts the plans searched (the app's place filter)."""
    t0 = time.perf_counter()
    question = (question or "").strip()
    refusal = conversation.too_long(question, MAX_QUESTION_CHARS)
    result = Answer(question, refusal, not_found=True) if refusal else \
        _answer(index, encoder, question, list(history or []), places)
    result.latency_ms = (time.perf_counter() - t0) * 1000
    return result


def _answer(index: LoadedIndex, encoder: Encoder | None, question: str, history: list[str],
            places: list[Place] | None) -> Answer:
    if not re.search(r"\w", question):
        return Answer(question, "Xin nhập một câu hỏi bằng chữ, ví dụ: \"Tỷ lệ hộ nghèo năm 2024 của xã … là bao nhiêu?\"",
                      not_found=True)
    # "… thì xã phối hợp với …" typed without capitals: words the plans use often are no place name
    q = analyse(question, history, index.places,
                vocabulary=lambda name: index.doc_freq("_".join(name.split()[:2])) >= COMMON_PHRASE)
    if places and not q.places:
        q.places = list(places)
        q.comparison = q.comparison and len(places) > 1
    if q.unknown_places and not q.places:
        names = ", ".join(n.title() for n in q.unknown_places)
        return Answer(question, f"Không có kế hoạch nào của {names} trong kho tài liệu, nên không trả lời được câu hỏi này.",
                      not_found=True)
    if conversation.names_no_place(q, index.places):
        answer = _unnamed_place(index, encoder, q)
    else:
        answer = _compare(index, encoder, q) if q.comparison else _single(index, encoder, q)
    answer.text = conversation.with_note(answer.text, conversation.filter_disagreement(q.places, places))
    return answer


def _unnamed_place(index: LoadedIndex, encoder: Encoder | None, q: Query) -> Answer:
    """No place named, carried or filtered: never pick one silently. The places whose plans
    answer are read from the best passages of all plans; one is answered with its name said,
    several are compared place by place, none asks which place is meant."""
    unit = unit_pattern(q.question) if _parts(q.question) <= 1 else None
    rows = [row for row, _, cover in ranked(index, encoder, q)
            if period_ok(index, row, q) and _answers(index, q, row, cover, unit)]
    docs = [index.docs[int(index.passage_doc[row])] for row in rows]
    answering = list(dict.fromkeys(Place(d.place_kind, d.place_name) for d in docs if d.place_name))
    if len(answering) > 1:
        answer = _compare(index, encoder, replace(q, places=answering, comparison=True))
        answer.text = conversation.with_note(answer.text, conversation.several_places_note(answering))
    elif answering:
        answer = _single(index, encoder, replace(q, places=answering))
        answer.text = conversation.with_note(answer.text, conversation.one_place_note(answering[0]))
    else:
        answer = _single(index, encoder, q)
        note = conversation.nowhere_note() if answer.not_found else conversation.ask_place_note(index.places)
        answer.text = conversation.with_note(answer.text, note)
    return answer


def query_weights(index: LoadedIndex, q: Query) -> dict[str, float]:
    """IDF weight of each content syllable (and adjacent pair) of the question."""
    weights = _weights(index, q.content, 1.0)
    if q.follow_up and q.context and q.short:
        # a short follow-up leans on the earlier question's topic, at a lower weight
        for t, w in _weights(index, content_syllables(q.context, q.places), HISTORY_WEIGHT).items():
            weights.setdefault(t, w)
    return weights


def _weights(index: LoadedIndex, content: list[str], scale: float) -> dict[str, float]:
    terms = list(dict.fromkeys(_spelled_out(index, content)))
    return {t: scale * index.idf(t) for t in terms if index.doc_freq(t)} or {t: scale for t in terms}


def _spelled_out(index: LoadedIndex, content: list[str]) -> list[str]:
    """An abbreviation the plans never write ("GTSX", "TMDV") stands for its words, which they do."""
    out = []
    for t in content:
        if t in ABBREVIATIONS and not index.doc_freq(t):
            out.extend(content_syllables(ABBREVIATIONS[t], []))
        else:
            out.append(t)
    return out


def passage_coverage(index: LoadedIndex, q: Query, weights: dict[str, float], row: int) -> float:
    """Share of the question's content weight the passage holds, plan synonyms counted, the
    words of the plan's own title held by every passage of it ("theo KH phát triển KT-XH …")."""
    vocab = index.vocab(row) | index.title_vocab(row)
    return coverage(weights, vocab | synonym_matches(q.question, vocab))


def ranked(index: LoadedIndex, encoder: Encoder | None, q: Query, places: list[Place] | None = None,
           k: int = 10) -> list[tuple[int, float, float]]:
    """Search hits re-ranked by how much of the question they cover: (row, score, coverage)."""
    weights = query_weights(index, q)
    # "… ký là ai?": the signature block shares few words with the question, so look deeper
    hits = search(index, q, encoder, places=places, k=k * WHO_DEPTH if q.who else k)
    unit = unit_pattern(q.question)
    wants_number = _figure_asked(q)
    scored = []
    for row, score in hits:
        cover = passage_coverage(index, q, weights, row)
        score = score * (COVERAGE_FLOOR + cover)
        if index.passages[row].footnote:
            score *= FOOTNOTE_FACTOR
        if unit and unit.search(index.passages[row].text):
            score *= UNIT_BOOST
        elif wants_number and _NUMBER.search(index.passages[row].text):
            score *= NUMBER_BOOST
        if q.who and _NAME_LINE.search(index.passages[row].text):
            score *= PERSON_BOOST
        scored.append((row, score, cover))
    return sorted(scored, key=lambda h: -h[1])


def _single(index: LoadedIndex, encoder: Encoder | None, q: Query) -> Answer:
    scored = ranked(index, encoder, q)
    hits = [(row, score) for row, score, _ in scored]
    need = asked(index, q)
    where = " của " + ", ".join(p.label for p in q.places) if q.places else ""
    scored = [h for h in scored if period_ok(index, h[0], q)]
    unit = None if need.parts > 1 else unit_pattern(q.question)  # the unit may belong to one part of several
    if not any(_answers(index, q, row, cover, unit) for row, _, cover in scored[:3]):
        related = [_citation(index, row, n + 1) for n, (row, _) in enumerate(hits[:3])]
        return Answer(q.question, f"Không tìm thấy thông tin này trong kế hoạch{where}.", not_found=True,
                      related=related, places=[p.label for p in q.places])
    if q.listing:
        chosen = _chosen(scored, LIST_CLOSE, LIST_PASSAGES, min_cover=max(MIN_COVERAGE, scored[0][2] - LIST_COVER_GAP))
        rows = _with_sibling_rows(index, chosen)
        chosen = rows if rows != chosen else _heading_items(index, q, need.weights, scored) or chosen
    elif need.parts > 1:
        chosen = _chosen(scored, MULTI_PART_CLOSE)
        # each part answered where it is said; else what the chosen passages leave out
        chosen += _part_passages(index, encoder, q, scored, chosen) or _rest_of(index, need.weights, scored, chosen)
    else:
        chosen = _chosen(scored)
    if not need.wants_number:
        chosen = list(dict.fromkeys(_body_of(index, row) for row in chosen))
    # a paragraph a page break cut in two is quoted in both its parts, in the plan's order
    chosen = list(dict.fromkeys(r for row in chosen for r in sorted({row, index.other_part.get(row, row)})))
    chosen += _conflicting(index, scored, chosen)
    citations: list[Citation] = []
    quotes: list[str] = []
    attached: set[int] = set()
    for row in chosen:
        if row in attached:
            continue
        cite = _citation(index, row, len(citations) + 1, need)
        citations.append(cite)
        quotes.append(f"\u201c{cite.quote}\u201d [{cite.n}]")
        for fn_row in _footnotes_of(index, row, cite.quote):
            if fn_row in chosen[:chosen.index(row)] or fn_row in attached:
                continue
            attached.add(fn_row)
            fn = _citation(index, fn_row, len(citations) + 1)
            fn.quote = _short(clean_markup(fn.text))
            citations.append(fn)
            quotes.append(f"(chú thích: \u201c{fn.quote}\u201d [{fn.n}])")
    conflict = _disagree([c.quote for c in citations[:len(chosen) + 1]]) and len(chosen) > 1
    text = _lead(index, chosen, conflict) + " ".join(quotes)
    used = {(c.source, c.start) for c in citations}
    for row, _ in hits:
        if len(citations) >= N_CITATIONS:
            break
        p = index.passages[row]
        if (p.source, p.start) not in used:
            citations.append(_citation(index, row, len(citations) + 1))
            used.add((p.source, p.start))
    return Answer(q.question, text, not_found=False, citations=citations, conflict=conflict,
                  places=[p.label for p in q.places])


def _min_coverage(q: Query) -> float:
    words = len({t for t in q.content if "_" not in t})
    return LONG_MIN_COVERAGE if words >= LONG_QUESTION else MIN_COVERAGE


def period_ok(index: LoadedIndex, row: int, q: Query) -> bool:
    """False when the passage is dated (in its text or section) but not to the year asked."""
    if not q.years:
        return True
    if q.intent == "target" and _only_earlier_school_years(q.question, index.passages[row].text):
        return False  # "phấn đấu năm học 2023-2024 …" is not answered by how 2022-2023 went
    in_text, in_head = index.years(row)
    dated = in_text | in_head
    if not dated or dated & set(q.years):
        return True
    # a target that names only earlier years names its baseline ("duy trì tương đương so với năm 2023")
    return q.intent == "target" and index.intent(row) == "target" and max(dated) < min(q.years)


_SCHOOL_YEAR = re.compile(r"\b(20\d\d)\s*[-–]\s*(20\d\d)\b")


def _only_earlier_school_years(question: str, text: str) -> bool:
    """The question names a school year ("2023-2024") and the passage only earlier ones."""
    asked = [int(a) for a, b in _SCHOOL_YEAR.findall(question) if int(b) == int(a) + 1]
    named = [int(a) for a, b in _SCHOOL_YEAR.findall(text) if int(b) == int(a) + 1]
    return bool(asked and named) and max(named) < min(asked)


# "bao nhiêu <unit>": the answer must hold a figure in that unit (or a unit of the same kind).
UNITS = {
    "người": ("người", "lao động", "đối tượng", "trường hợp", "học sinh", "cá nhân", "nhân khẩu", "lượt"),
    "trường": ("trường",),
    "giải": ("giải",),
    "cây": ("cây",),
    "tấn": ("tấn", "tạ"),
    "ha": ("ha", "m²", "m2"),
    "con": ("con",),
    "hộ": ("hộ",),
    "hồ sơ": ("hồ sơ", "hs"),
    "lao động": ("lao động", "người"),
    "phần trăm": ("%",),
    "km": ("km", "m"),
    "cây số": ("km",),
    "tỷ đồng": ("tỷ", "triệu", "đồng"),
    "triệu đồng": ("triệu", "tỷ", "đồng"),
    "tiền": ("đồng", "tỷ", "triệu"),
}
_FOLDED_UNITS = {fold(k): v for k, v in UNITS.items()}


def asked_unit(question: str) -> tuple[str, ...] | None:
    """The units a "bao nhiêu <unit>" question asks for; read with accents when it has them
    ("hồ sơ" is not "hộ"), folded when it has none."""
    if re.search(r"(?:bao\s+nhi[eê]u|m[aấ]y)\s*%", question, re.I):
        return UNITS["phần trăm"]
    words = syllables(question)
    folded = [fold(w) for w in words]
    for i in range(len(words) - 2):
        if folded[i:i + 2] == ["bao", "nhieu"]:
            after = words[i + 2:i + 4]
            units, key = (UNITS, after) if has_diacritics(question) else (_FOLDED_UNITS, folded[i + 2:i + 4])
            found = units.get(" ".join(key)) or units.get(key[0])
            if found:
                return found
            if (has_diacritics(question) and after[0].isalpha() and after[0] not in _NOT_COUNTED
                    and (after[0] not in STOP_SYLLABLES or after[0] in _COUNTED)):
                # a count noun follows its number as written ("bao nhiêu lượt khách" -> "… 5.000 lượt"),
                # or its plan synonym does ("bao nhiêu làng" -> "… 19 thôn")
                return (after[0],) + synonyms_of(after[0])
    # "tỷ lệ … bao nhiêu?" or bare keywords "tỷ lệ hộ nghèo 2024": a rate is a percentage
    # ("… ở mức nào?" may be answered in words, so other question words keep it open).
    text = " " + " ".join(folded) + " "
    for which in (" noi nao ", " dia phuong nao "):  # "…, nơi nào cao hơn?" compares, asks no words
        text = text.replace(which, " ")
    if " ty le " in text and (" bao nhieu " in text or not any(f" {w} " in text for w in _OPEN_QUESTION)):
        return UNITS["phần trăm"]
    return None


_COUNTED = {"lượt", "lần", "xã", "phường"}  # count nouns among the question's stopwords
# words that follow "bao nhiêu" without counting anything ("bao nhiêu trên mỗi ha", "bao nhiêu so với …")
_NOT_COUNTED = {"trên", "dưới", "ngoài", "so", "tất", "cả"}
_OPEN_QUESTION = ("gi", "nao", "sao", "ai", "chua", "khong")


def unit_pattern(question: str) -> re.Pattern | None:
    """A figure in the unit the question asks for ("bao nhiêu tấn" -> r"\\d\\s*(?:tấn|tạ)")."""
    units = asked_unit(question)
    if not units:
        return None
    return re.compile(r"\d\s*(?:" + "|".join(re.escape(u) for u in units) + r")(?!\w)", re.I)


def _answers(index: LoadedIndex, q: Query, row: int, cover: float, unit: re.Pattern | None) -> bool:
    """The passage could answer: it holds enough of the question and, when a figure in some
    `unit` is asked for, a figure in that unit (one passage must do both)."""
    if cover < _min_coverage(q):
        return False
    return unit is None or bool(unit.search(index.passages[row].text) or unit.search(index.search_texts[row]))


def _lead(index: LoadedIndex, rows: list[int], conflict: bool) -> str:
    """'Theo kế hoạch của xã X: ' when the quotes come from one plan; conflicts said first."""
    docs = {index.passages[r].source for r in rows}
    doc = index.docs[index.doc_number[docs.pop()]] if len(docs) == 1 else None
    where = f"Theo {doc.plan_kind} của {doc.place_label}" if doc and doc.place_label else ""
    if conflict:
        return (where + ", các đoạn ghi khác nhau: ") if where else "Các đoạn ghi khác nhau: "
    return where + ": " if where else ""


def _parts(question: str) -> int:
    """How many things a question asks for: 'bao nhiêu … và bao nhiêu …' asks two ('mấy' is
    counted only with accents: 'may' is also 'máy')."""
    if has_diacritics(question):
        text = " " + " ".join(syllables(question)) + " "
        return sum(text.count(f" {w} ") for w in ("bao nhiêu", "nào", "gì", "mấy"))
    f = " " + " ".join(fold(s) for s in syllables(question)) + " "
    return sum(f.count(f" {w} ") for w in ("bao nhieu", "nao", "gi"))


def _conflicting(index: LoadedIndex, scored: list[tuple[int, float, float]], chosen: list[int]) -> list[int]:
    """A passage of the same plan that answers as fully as the best one but gives another
    figure in the same unit: both are shown, so the official sees the disagreement."""
    top_row, top_score, top_cover = scored[0]
    top_p = index.passages[top_row]
    top_figures = _FIGURE.findall(top_p.text)
    if not top_figures:
        return []
    for row, score, cover in scored[1:5]:
        p = index.passages[row]
        if row in chosen or p.source != top_p.source or cover < top_cover - 0.1 or score < 0.5 * top_score:
            continue
        if _disagree([top_p.text, p.text]):
            return [row]
    return []


def _chosen(scored: list[tuple[int, float, float]], close: float = CLOSE_SCORE, limit: int = MAX_PASSAGES,
            min_cover: float = MIN_COVERAGE) -> list[int]:
    """The best passage, and a few more that score nearly as well and answer too."""
    top = scored[0][1]
    chosen = [scored[0][0]]
    for row, score, cover in scored[1:]:
        if len(chosen) >= limit or score < close * top:
            break
        if cover >= min_cover:
            chosen.append(row)
    return chosen


def _heading_items(index: LoadedIndex, q: Query, weights: dict[str, float],
                   scored: list[tuple[int, float, float]]) -> list[int]:
    """A list named by its heading ("2.2.1. Hạn chế:" for "những mặt yếu kém nào?") is every
    item under that heading: the heading of the best passages that holds most of the question."""
    best, best_cover = None, HEADING_LIST_COVER
    for row, _, _ in scored[:LIST_HEADINGS]:
        p = index.passages[row]
        if p.kind not in ("item", "paragraph") or not p.headings:
            continue
        vocab = folded_vocab(p.headings[-1])
        cover = coverage(weights, vocab | synonym_matches(q.question, vocab))
        if cover > best_cover:
            best, best_cover = row, cover
    if best is None:
        return []
    p = index.passages[best]
    items = [r for r in index.rows_of(p.source)
             if index.passages[r].headings == p.headings and index.passages[r].kind in ("item", "paragraph")]
    return items if 2 <= len(items) <= LIST_PASSAGES else []


_ROW_NUMBER_CELL = re.compile(r"^(?:<b>)?(\d+(?:\.\d+)*)\.?(?:</b>)?\t")


def _with_sibling_rows(index: LoadedIndex, chosen: list[int]) -> list[int]:
    """A list found in a table's numbered rows is every row of its group: rows 1.1 and 1.2
    chosen (or their group's row 1) bring 1.3, 1.4 … of the same table, in order."""
    numbers = {}
    for row in chosen:
        m = _ROW_NUMBER_CELL.match(index.passages[row].text)
        if index.passages[row].kind == "row" and m:
            numbers[row] = m.group(1)
    parents = Counter(n.rsplit(".", 1)[0] for n in numbers.values() if "." in n)
    groups = {p for p, count in parents.items() if count >= 2} | {n for n in numbers.values() if "." not in n}
    if not groups:
        return chosen
    table = list(numbers)
    for row in sorted(numbers):
        p = index.passages[row]
        for other in index.rows_of(p.source):
            q = index.passages[other]
            m = _ROW_NUMBER_CELL.match(q.text)
            if (q.kind == "row" and q.table_header == p.table_header and m and "." in m.group(1)
                    and m.group(1).rsplit(".", 1)[0] in groups and other not in table and len(table) < MAX_LIST_ROWS):
                table.append(other)
    # the table's rows read in their order, where the first of them was
    at = min(chosen.index(r) for r in numbers)
    rest = [r for r in chosen if r not in numbers]
    return rest[:at] + sorted(table) + rest[at:]


def _body_of(index: LoadedIndex, row: int) -> int:
    """A heading found for a question that asks no figure ("ưu điểm năm 2023") is answered by
    the text under it: the passage that follows it, when that one sits under this heading."""
    p = index.passages[row]
    if p.kind != "heading":
        return row
    rows = index.rows_of(p.source)
    at = rows.index(row)
    if at + 1 < len(rows):
        nxt = index.passages[rows[at + 1]]
        title = clean_markup(p.text.split("\n")[-1])
        if nxt.kind != "heading" and nxt.headings and nxt.headings[-1] == title:
            return rows[at + 1]
    return row


def _rest_of(index: LoadedIndex, weights: dict[str, float], scored: list[tuple[int, float, float]],
             chosen: list[int], candidates: int = 10) -> list[int]:
    """For a question asking two things, the passage holding most of what the chosen ones
    leave out ("… nước hợp vệ sinh bao nhiêu, và chính quyền cơ sở phải đạt mức nào?")."""
    held = set().union(*(index.vocab(r) for r in chosen))
    left = {t: w for t, w in weights.items() if t not in held}
    if sum(left.values()) < UNCOVERED_PART * sum(weights.values()):
        return []
    rest = [row for row, _, _ in scored[:candidates] if row not in chosen]
    best = max(rest, key=lambda r: coverage(left, index.vocab(r)), default=None)
    return [best] if best is not None and coverage(left, index.vocab(best)) >= MIN_COVERAGE else []


# "… bao nhiêu chỉ tiêu về kinh tế và bao nhiêu chỉ tiêu về văn hóa - xã hội?", "còn bao nhiêu
# hộ nghèo, chiếm tỷ lệ bao nhiêu?": the parts are the clauses, split at "và", "còn" or a comma,
# that each ask something ("hộ nghèo và hộ cận nghèo là bao nhiêu?" asks once).
_CLAUSE_SPLIT = re.compile(r"(,\s*|\s+(?:và|va|còn|con)\s+)", re.I)
_ASKS = re.compile(r"(?<!\w)(?:bao nhiêu|bao nhieu|mấy|những|nhung|gì|gi|nào|nao)(?!\w)", re.I)


def question_parts(question: str) -> list[str]:
    """The clauses of a question that each ask something; one when it asks one thing."""
    pieces = _CLAUSE_SPLIT.split(question)
    parts = [pieces[0]]
    for sep, clause in zip(pieces[1::2], pieces[2::2]):
        if _ASKS.search(parts[-1]) and _ASKS.search(clause):
            parts.append(clause)
        else:
            parts[-1] += sep + clause  # a clause asking nothing belongs to its neighbour
    return parts


def _part_passages(index: LoadedIndex, encoder: Encoder | None, q: Query, scored: list[tuple[int, float, float]],
                   chosen: list[int], candidates: int = 10) -> list[int]:
    """For each part of the question that no chosen passage answers (with a figure in the
    part's unit, when it asks one), the best-scored passage that holds the words only that
    part has."""
    parts = question_parts(q.question)
    if len(parts) < 2:
        return []
    terms = [set(content_syllables(part, q.places)) for part in parts]
    # what a passage itself says, not its section's words: "Lĩnh vực kinh tế" heads many passages
    said = {row: folded_vocab(index.passages[row].text) for row, _, _ in scored[:candidates]}
    for row in chosen:
        said.setdefault(row, folded_vocab(index.passages[row].text))
    added: list[int] = []
    for n, own in enumerate(terms):
        own = own - set().union(*(t for m, t in enumerate(terms) if m != n))
        weights = _weights(index, [t for t in own if "_" not in t], 1.0)
        if not own or not weights:
            continue
        unit = unit_pattern(parts[n])
        if any(coverage(weights, said[r]) >= MIN_COVERAGE and (not unit or unit.search(index.passages[r].text))
               for r in chosen + added):
            continue
        figure = _wants_number(parts[n])  # "bao nhiêu chỉ tiêu về kinh tế" is answered by a figure
        found = next((row for row, _, _ in scored[:candidates]
                      if row not in chosen + added and coverage(weights, said[row]) >= PART_COVERAGE
                      and (not figure or _gives_figure(index.passages[row].text, unit))), None)
        if found is None and unit:
            # the figure asked in a unit may sit where the whole question's words do not lead
            # ("… 84 hộ = 1,59%" in a footnote): the part is searched for on its own
            part = replace(q, question=parts[n], content=content_syllables(parts[n], q.places))
            found = next((row for row, _, _ in ranked(index, encoder, part, k=PART_DEPTH)
                          if row not in chosen + added and period_ok(index, row, q)
                          and coverage(weights, folded_vocab(index.passages[row].text)) >= PART_COVERAGE
                          and _gives_figure(index.passages[row].text, unit)), None)
        if found is not None:
            added.append(found)
    return added


def _compare(index: LoadedIndex, encoder: Encoder | None, q: Query) -> Answer:
    places = q.places or index.places
    lines, rows, citations = [], [], []
    need = asked(index, q)
    runners_up: list[list[int]] = []
    unit = unit_pattern(q.question)
    for place in places:
        hits = [h for h in ranked(index, encoder, q, places=[place]) if period_ok(index, h[0], q)]
        # places are compared by a figure: a passage giving one, if nearly as good, comes first
        figured = [h for h in hits if h[2] >= COMPARE_MIN_COVERAGE and _gives_figure(index.passages[h[0]].text, unit)]
        if figured and not q.who and figured[0] != hits[0] and figured[0][1] >= COMPARE_FIGURE_CLOSE * hits[0][1]:
            hits.remove(figured[0])
            hits.insert(0, figured[0])
        runners_up.append([row for row, _, cover in hits[1:3] if cover >= COMPARE_MIN_COVERAGE])
        if not hits or hits[0][2] < COMPARE_MIN_COVERAGE:
            lines.append(f"{place.label}: không thấy trong kế hoạch.")
            rows.append({"place": place.label, "quote": "", "citation": None})
            continue
        cite = _citation(index, hits[0][0], len(citations) + 1, need)
        citations.append(cite)
        lines.append(f"{place.label}: \u201c{cite.quote}\u201d [{cite.n}]")
        rows.append({"place": place.label, "quote": cite.quote, "citation": cite.n})
    found = any(r["citation"] for r in rows)
    text = "\n".join(lines) if found else "Không tìm thấy thông tin này trong các kế hoạch."
    # each place's next passages, in turn, to check the quoted one against
    for row in (r for group in zip_longest(*runners_up) for r in group if r is not None):
        if found and len(citations) < N_CITATIONS:
            citations.append(_citation(index, row, len(citations) + 1))
    return Answer(q.question, text, not_found=not found, citations=citations, comparison=rows,
                  places=[p.label for p in places])


_ROW_NUMBER = re.compile(r"^[\W_]*(?:<b>)?[\dIVX.]+(?:</b>)?[).]?[\t ]", re.M)


def _gives_figure(text: str, unit: re.Pattern | None = None) -> bool:
    """A figure in the unit asked (any figure when none is), not the number of a row, item or
    section ("2.3.1. Lĩnh vực kinh tế")."""
    text = _ROW_NUMBER.sub("", text)
    return bool(unit.search(text) if unit else _NUMBER.search(text))


def _figure_asked(q: Query) -> bool:
    """A figure is asked for ("bao nhiêu", "tỷ lệ" …), as it is when places are compared
    (unless by who signed)."""
    return _wants_number(q.question) or (q.comparison and not q.who)


def _wants_number(question: str) -> bool:
    low = question.lower()
    return any(c in low for c in _QUANTITY_CUES)


def _split(text: str, pattern: str, offset: int = 0) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(pattern, text):
        if m.start() > start:
            spans.append((offset + start, offset + m.start()))
        start = m.end()
    if start < len(text):
        spans.append((offset + start, offset + len(text)))
    return spans


def _sentences(text: str, cut_long: bool = True) -> list[tuple[int, int]]:
    """Spans of the sentences of a passage; a sentence too long to quote is cut at ';' (not
    when a list is asked for: its items are what ';' separates)."""
    out = []
    spans = _split(text, r"(?<=[.!?])\s+(?=\S)|\n+")
    for n, (s, e) in enumerate(spans):
        if n + 1 < len(spans) and _LIST_NUMBER.fullmatch(text[s:e]):
            spans[n + 1] = (s, spans[n + 1][1])  # "1. Đẩy mạnh …": the number opens the sentence
            continue
        out.extend(_split(text[s:e], r"(?<=;)\s+", s) if cut_long and e - s > SNIPPET_CHARS else [(s, e)])
    return out


_LIST_NUMBER = re.compile(r"[-+*#_\s]*(?:\d+(?:\.\d+)*|[a-zđ]|[IVX]+)\.")


@dataclass(frozen=True)
class Asked:
    """What a quote should hold: the question's weighted terms, a figure when one is asked
    for, the planned or achieved column of a table, the years named."""
    weights: dict[str, float]
    wants_number: bool = False
    intent: str | None = None
    years: tuple[int, ...] = ()
    parts: int = 1  # things asked ("bao nhiêu … và mấy …" asks two)
    units: tuple[str, ...] = ()  # the unit asked for ("bao nhiêu hộ", "bao nhiêu phần trăm")
    listing: bool = False  # all the items of a list are asked for


def asked(index: LoadedIndex, q: Query) -> Asked:
    return Asked(query_weights(index, q), _figure_asked(q), q.intent,
                 tuple(q.years), _parts(q.question), asked_unit(q.question) or (), q.listing)


def best_quote(text: str, need: Asked, before: str = "", after: str = "") -> str:
    """The sentences of the passage that answer: the one holding most of the question's terms
    (a figure, in the unit asked if it can, when a figure is asked for), joined by its first item
    when it only opens a list, by another when too short to stand alone, and by one for each
    further part or year the question asks about. `before`/`after`: the other part of a
    paragraph a page break cut, whose words the sentence broken across it holds too."""
    bare = text.replace("\t", " | ")
    if len(bare) <= (LIST_SNIPPET_CHARS if need.listing else SNIPPET_CHARS):
        return clean_markup(bare)
    spans = _sentences(bare, cut_long=not need.listing)
    # a term in several sentences says less about which one answers ("giá trị sản xuất ngành"
    # leads every item of "… nông nghiệp đạt …; công nghiệp đạt …; dịch vụ đạt …")
    vocabs = [folded_vocab(bare[s:e]) for s, e in spans]
    if before:
        vocabs[0] = vocabs[0] | folded_vocab(before[slice(*_sentences(before)[-1])])
    if after:
        vocabs[-1] = vocabs[-1] | folded_vocab(after[slice(*_sentences(after)[0])])
    # an item of an enumeration ("…; công nghiệp- TTCN và xây dựng đạt …") is read with the
    # sentence that leads it ("Trong đó giá trị sản xuất ngành nông nghiệp đạt …;")
    lead = set()
    for i, (s, e) in enumerate(spans):
        if bare[s:s + 1].islower() and i:
            vocabs[i] = vocabs[i] | lead
        else:
            lead = vocabs[i]
    spread = {t: sum(t in v for v in vocabs) or 1 for t in need.weights}
    local = replace(need, weights={t: w / spread[t] for t, w in need.weights.items()})
    scores = [_piece_score(bare[s:e], local, v) for (s, e), v in zip(spans, vocabs)]
    best = max(range(len(spans)), key=scores.__getitem__)
    figured = [i for i, (fs, fe) in enumerate(spans) if scores[i] > 0 and _NUMBER.search(bare[fs:fe])]
    in_unit = [i for i in figured if _names_unit(bare[slice(*spans[i])], need.units)]
    if need.wants_number and (in_unit or figured):
        # a sentence without a figure (in the unit asked, if one has it) cannot say how many
        best = max(in_unit or figured, key=scores.__getitem__)
    s, e = spans[best]
    chosen = [(s, e)]
    if bare[s:e].rstrip().endswith(":") and best + 1 < len(spans):
        chosen[0] = (s, spans[best + 1][1])  # the best only opens a list: its first item joins
    elif e - s < 60:
        # too short to stand alone ("Tiến độ đạt 90%."): the best other sentence joins,
        # one with a figure when a figure is asked for or the best one gives a figure
        figure = need.wants_number or _NUMBER.search(bare[s:e])
        others = [i for i in range(len(spans)) if i != best
                  and (not figure or _NUMBER.search(bare[slice(*spans[i])]))]
        if others:
            chosen.append(spans[max(others, key=lambda i: (scores[i], -i))])
    if need.parts > 1:
        # "những hộ nào … và mời nhận tiền mấy lần?": the sentence holding most of the rest joins
        held = set().union(*(folded_vocab(bare[cs:ce]) for cs, ce in chosen))
        rest = Asked({t: w for t, w in need.weights.items() if t not in held}, need.wants_number)
        if sum(rest.weights.values()) >= UNCOVERED_PART * sum(need.weights.values()):
            left = [i for i in range(len(spans)) if spans[i] not in chosen]
            other = max(left, key=lambda i: _piece_score(bare[slice(*spans[i])], rest, vocabs[i]), default=None)
            if other is not None and sum(rest.weights[t] for t in rest.weights if t in vocabs[other]) > 0:
                chosen.append(spans[other])
        # "bao nhiêu hồ sơ … và bao nhiêu hồ sơ …?": one figure per part asked
        asked_figures = need.wants_number and min(need.parts, MAX_PARTS)
        while asked_figures and sum(len(_NUMBER.findall(bare[cs:ce])) for cs, ce in chosen) < asked_figures:
            held = set().union(*(folded_vocab(bare[cs:ce]) for cs, ce in chosen))
            rest = Asked({t: w for t, w in need.weights.items() if t not in held}, True)
            left = [i for i in range(len(spans)) if spans[i] not in chosen and _NUMBER.search(bare[slice(*spans[i])])
                    and _piece_score(bare[slice(*spans[i])], rest, vocabs[i]) > 0]
            if not left:
                break
            chosen.append(spans[max(left, key=lambda i: (_piece_score(bare[slice(*spans[i])], rest, vocabs[i]), -i))])
    if len(need.years) > 1:
        # "… năm 2023 và dự kiến 2024": each year asked gets its sentence
        for year in need.years:
            if any(str(year) in bare[cs:ce] for cs, ce in chosen):
                continue
            holding = [i for i, (ys, ye) in enumerate(spans) if str(year) in bare[ys:ye] and scores[i] > 0]
            if holding:
                chosen.append(spans[max(holding, key=scores.__getitem__)])
    return " … ".join(_short(clean_markup(bare[cs:ce])) for cs, ce in sorted(chosen))


def _names_unit(piece: str, units: tuple[str, ...]) -> bool:
    """The piece speaks in one of the units ("tổng số hộ … là 361", "25 hộ", "đạt 96%")."""
    low = piece.lower()
    return any(u in low if not u[0].isalnum() else re.search(rf"(?<!\w){re.escape(u)}(?!\w)", low) for u in units)


def _piece_score(piece: str, need: Asked, vocab: set[str] | None = None) -> float:
    """The question's weight a piece holds, with its bonuses; `vocab`: the piece's, if known."""
    top_weight = max(need.weights.values(), default=1.0)
    vocab = folded_vocab(piece) if vocab is None else vocab
    s = sum(w for t, w in need.weights.items() if t in vocab)
    if need.wants_number and _NUMBER.search(piece):
        s += 0.5 * top_weight
    if any(str(y) in piece or str(y) in vocab for y in need.years):
        # "Năm 2023 … đạt 100%" over the sentence about plans (the year of an item's lead counts)
        s += 0.5 * top_weight
    return s


SHORT_CELL = 60
# Table columns that hold what was planned and what was achieved (folded header words).
_TARGET_COLUMNS = ("nhiem vu", "chi tieu", "ke hoach", "muc tieu")
_RESULT_COLUMNS = ("ket qua", "thuc hien", "uoc", "danh gia")


def row_quote(text: str, header: str, need: Asked) -> str:
    """The cell of a table row that answers: the planned cell for a target question, the
    result cell for a result question, else the cell holding most of the question's terms;
    quoted after the row's label so the figure keeps its meaning."""
    cells = text.split("\t")
    names = [fold(clean_markup(h)) for h in header.split(" | ")] if header else []
    text_cells = [i for i, c in enumerate(cells) if re.search(r"[^\W\d_]", clean_markup(c))]
    if len(text_cells) < 2:
        return best_quote(text, need)
    wanted = _RESULT_COLUMNS if need.intent == "result" else _TARGET_COLUMNS if need.intent == "target" else ()
    top_weight = max(need.weights.values(), default=1.0)

    def score(i: int) -> float:
        bonus = top_weight if i < len(names) and any(w in names[i] for w in wanted) else 0.0
        return _piece_score(cells[i], need) + bonus

    best = max(text_cells[1:], key=score)
    label = _short(clean_markup(cells[text_cells[0]]), 160).rstrip(".:;, ")
    # a short cell after it without a figure is the row's verdict ("Đạt chỉ tiêu KH", "Đang tiếp tục thực hiện")
    verdicts = [clean_markup(cells[i]) for i in text_cells[1:]
                if i > best and len(clean_markup(cells[i])) <= SHORT_CELL and not _NUMBER.search(cells[i])]
    return " — ".join([label, best_quote(cells[best], need), *verdicts])


def _short(text: str, limit: int = SNIPPET_CHARS * 2) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _footnotes_of(index: LoadedIndex, row: int, quote: str) -> list[int]:
    """Footnote passages that the quoted sentence points to (same plan)."""
    p = index.passages[row]
    wanted = [m for m in p.markers if _marker_in(quote, m)] or (p.markers if len(p.markers) == 1 else [])
    return [index.footnote_rows[(p.source, m)] for m in wanted if (p.source, m) in index.footnote_rows]


def _marker_in(quote: str, number: str) -> bool:
    sup = number.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return sup in quote


def _disagree(quotes: list[str]) -> bool:
    """Two quotes give different figures in the same unit."""
    seen: dict[str, set[str]] = {}
    for quote in quotes:
        for value, unit in _FIGURE.findall(quote):
            seen.setdefault(unit, set()).add(value.rstrip(".,"))
    figures = [set(_FIGURE.findall(q)) for q in quotes]
    return len(quotes) > 1 and any(len(v) > 1 for v in seen.values()) and all(figures)


def _citation(index: LoadedIndex, row: int, n: int, need: Asked | None = None) -> Citation:
    p = index.passages[row]
    doc = index.docs[index.doc_number[p.source]]
    if not need or not need.weights:
        quote = _short(clean_markup(p.text.replace("\t", " | ")))
    elif p.kind == "row":
        quote = row_quote(p.text, p.table_header, need)
    else:
        other = index.other_part.get(row)
        part = index.passages[other].text if other is not None else ""
        quote = best_quote(p.text, need, before=part if other is not None and other < row else "",
                           after=part if other is not None and other > row else "")
    return Citation(n=n, source=p.source, start=p.start, end=p.end, text=p.text, page=p.page,
                    place=doc.place_label, title=doc.title, section=" › ".join(p.headings), quote=quote)

