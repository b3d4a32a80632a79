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
from . import answerability
from .candidates import candidates
from .config import Config, default_config
from .features import NAME_LINE, NUMBER, Need
from .ranking import Ranked, rank
from .fusion import coverage
from .places import Place
from .question import STOP_SYLLABLES, Query, analyse, content_syllables
from .retrieval import HISTORY_WEIGHT, LoadedIndex, folded_vocab
from .vietnamese import ABBREVIATIONS, fold, has_diacritics, syllables, synonym_matches, synonyms_of

# Sizes of what is shown, from the one Config (its class defaults: the quoting helpers below
# are pure functions of text and are not handed the config).
COMMON_PHRASE = Config.common_phrase
UNCOVERED_PART = Config.uncovered_part
MAX_PARTS = Config.max_parts
HEADING_LIST_COVER = Config.heading_list_cover
LIST_HEADINGS = Config.list_headings
LIST_PASSAGES = Config.list_passages
LIST_CLOSE = Config.list_close
MAX_LIST_ROWS = Config.max_list_rows
SNIPPET_CHARS = Config.snippet_chars
LIST_SNIPPET_CHARS = Config.list_snippet_chars
MAX_QUESTION_CHARS = Config.max_question_chars

_NUMBER = NUMBER  # a figure, not a year ("năm 2024, …")
_FIGURE = re.compile(r"(\d[\d.,]*)\s*(%|tỷ đồng|triệu đồng|đồng|tấn|ha|con|người|lao động|hộ|km|trường)")
_NAME_LINE = NAME_LINE
_QUANTITY_CUES = ("bao nhiêu", "mấy", "tỷ lệ")
_FOLDED_QUANTITY_CUES = ("bao nhieu", "may", "ty le")
# nouns whose second syllable is "số" ("dân số" population, "chỉ số" index): not "số <count>"
_NOUNS_ENDING_IN_SO = {"dân", "dan", "chỉ", "chi", "hệ", "he", "tần", "tan", "đa", "da"}


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
                    history: list[str] | None = None, places: list[Place] | None = None,
                    config: Config | None = None) -> Answer:
    """Answer one question. `places` restricts the plans searched (the app's place filter)."""
    t0 = time.perf_counter()
    config = config or default_config()
    question = (question or "").strip()
    refusal = conversation.too_long(question, config.max_question_chars)
    result = Answer(question, refusal, not_found=True) if refusal else \
        _answer(index, encoder, question, list(history or []), places, config)
    result.latency_ms = (time.perf_counter() - t0) * 1000
    return result


def read_query(index: LoadedIndex, question: str, history: list[str], places: list[Place] | None) -> Query | Answer:
    """The question read once (places, years, target or result, …), or the message that
    it cannot be answered as asked."""
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
    return q


def _answer(index: LoadedIndex, encoder: Encoder | None, question: str, history: list[str],
            places: list[Place] | None, config: Config) -> Answer:
    q = read_query(index, question, history, places)
    if isinstance(q, Answer):
        return q
    if conversation.names_no_place(q, index.places):
        answer = _unnamed_place(index, encoder, q, config)
    else:
        answer = _compare(index, encoder, q, config) if q.comparison else _single(index, encoder, q, config)
    answer.text = conversation.with_note(answer.text, conversation.filter_disagreement(q.places, places))
    return answer


def _unnamed_place(index: LoadedIndex, encoder: Encoder | None, q: Query, config: Config) -> Answer:
    """No place named, carried or filtered: never pick one silently. The places whose plans
    answer are read from the best passages of all plans (answerable, and nearly as probable as
    the best); one is answered with its name said, several are compared place by place, none
    asks which place is meant."""
    need = need_of(index, q)
    hits = ranked(index, encoder, q, config, need=need)
    rows = []
    if hits and answerability.probability(config.answerable, need, hits) >= config.threshold:
        rows = _chosen(_scored(hits), config.close, config.max_passages)
    docs = [index.docs[int(index.passage_doc[row])] for row in rows]
    answering = list(dict.fromkeys(Place(d.place_kind, d.place_name) for d in docs if d.place_name))
    if len(answering) > 1:
        answer = _compare(index, encoder, replace(q, places=answering, comparison=True), config)
        answer.text = conversation.with_note(answer.text, conversation.several_places_note(answering))
    elif answering:
        answer = _single(index, encoder, replace(q, places=answering), config)
        answer.text = conversation.with_note(answer.text, conversation.one_place_note(answering[0]))
    else:
        answer = _single(index, encoder, q, config)
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
    """A word no plan uses keeps its (highest) weight: "tỷ lệ hộ dùng nước sạch" is not half
    answered by "tỷ lệ hộ nghèo" because no plan says "nước sạch". A pair of words no plan
    writes together says nothing beyond its two words."""
    terms = list(dict.fromkeys(_spelled_out(index, content)))
    return {t: scale * index.idf(t) for t in terms if "_" not in t or index.doc_freq(t)} or {t: scale for t in terms}


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


def ranked(index: LoadedIndex, encoder: Encoder | None, q: Query, config: Config,
           places: list[Place] | None = None, need: Need | None = None) -> list[Ranked]:
    """The candidates, most probable answer first (the fitted ranker)."""
    need = need or need_of(index, q)
    return rank(config.ranker, need, candidates(index, encoder, q, places, config.lexical_depth, config.dense_depth))


def _scored(hits: list[Ranked]) -> list[tuple[int, float, float]]:
    return [(h.row, h.probability, h.coverage) for h in hits]


def _single(index: LoadedIndex, encoder: Encoder | None, q: Query, config: Config) -> Answer:
    need = asked(index, q)
    hits = ranked(index, encoder, q, config, need=need)
    scored = _scored(hits)
    where = " của " + ", ".join(p.label for p in q.places) if q.places else ""
    if answerability.probability(config.answerable, need, hits) < config.threshold:
        related = [_citation(index, row, n + 1) for n, (row, _, _) in enumerate(scored[:3])]
        return Answer(q.question, f"Không tìm thấy thông tin này trong kế hoạch{where}.", not_found=True,
                      related=related, places=[p.label for p in q.places])
    if q.listing:
        chosen = _chosen(scored, config.list_close, config.list_passages)
        rows = _with_sibling_rows(index, chosen)
        chosen = rows if rows != chosen else _heading_items(index, q, need.weights, scored) or chosen
    elif need.parts > 1:
        chosen = _chosen(scored, config.close, config.max_passages)
        chosen += _part_passages(index, encoder, q, chosen, config)  # each part answered where it is said
    else:
        chosen = _chosen(scored, config.close, config.max_passages)
    if not need.wants_number:
        chosen = list(dict.fromkeys(_body_of(index, row) for row in chosen))
    # a paragraph a page break cut in two is quoted in both its parts, in the plan's order
    chosen = list(dict.fromkeys(r for row in chosen for r in sorted({row, index.other_part.get(row, row)})))
    chosen += _conflicting(index, scored, chosen, config.conflict_cover_gap)
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
    for row, _, _ in scored:
        if len(citations) >= config.n_citations:
            break
        p = index.passages[row]
        if (p.source, p.start) not in used:
            citations.append(_citation(index, row, len(citations) + 1))
            used.add((p.source, p.start))
    return Answer(q.question, text, not_found=False, citations=citations, conflict=conflict,
                  places=[p.label for p in q.places])


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


def _conflicting(index: LoadedIndex, scored: list[tuple[int, float, float]], chosen: list[int],
                 cover_gap: float) -> list[int]:
    """A passage of the same plan that holds the question's words as fully as the best one but
    gives another figure in the same unit: both are shown, so the official sees the
    disagreement. The same text said twice (a sentence repeated in a summary) is no conflict."""
    top_row, _, top_cover = scored[0]
    top_p = index.passages[top_row]
    if not _FIGURE.findall(top_p.text):
        return []
    for row, _, cover in scored[1:5]:
        p = index.passages[row]
        if row in chosen or p.source != top_p.source or cover < top_cover - cover_gap:
            continue
        if _same_text(p.text, top_p.text):
            continue
        if _disagree([top_p.text, p.text]):
            return [row]
    return []


def _same_text(a: str, b: str) -> bool:
    return " ".join(clean_markup(a).lower().split()) == " ".join(clean_markup(b).lower().split())


def _chosen(scored: list[tuple[int, float, float]], close: float, limit: int) -> list[int]:
    """The best passage, and a few more whose fitted probability is nearly as high."""
    top = scored[0][1]
    return [row for row, score, _ in scored[:limit] if score >= close * top]


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


def _part_passages(index: LoadedIndex, encoder: Encoder | None, q: Query, chosen: list[int],
                   config: Config) -> list[int]:
    """Each part of a question asking several things ("bao nhiêu hộ nghèo, chiếm tỷ lệ bao
    nhiêu?") is ranked as a question of its own (the whole question's place, years and side
    kept); its best passage joins when the part is answerable and no chosen passage is it."""
    parts = question_parts(q.question)
    added: list[int] = []
    for text in parts if len(parts) > 1 else []:
        part = replace(q, question=text, content=content_syllables(text, q.places), listing=False)
        need = need_of(index, part)
        hits = ranked(index, encoder, part, config, need=need)
        if hits and hits[0].row not in chosen + added \
                and answerability.probability(config.answerable, need, hits) >= config.threshold:
            added.append(hits[0].row)
    return added


def _compare(index: LoadedIndex, encoder: Encoder | None, q: Query, config: Config) -> Answer:
    places = q.places or index.places
    lines, rows, citations = [], [], []
    need = asked(index, q)
    runners_up: list[list[int]] = []
    for place in places:
        hits = ranked(index, encoder, q, config, places=[place], need=need)
        # each place answers on its own: its best passages must answer, as for a single plan
        if not hits or answerability.probability(config.answerable, need, hits) < config.threshold:
            lines.append(f"{place.label}: không thấy trong kế hoạch.")
            rows.append({"place": place.label, "quote": "", "citation": None})
            continue
        runners_up.append([h.row for h in hits[1:3]])
        cite = _citation(index, hits[0].row, len(citations) + 1, need)
        citations.append(cite)
        lines.append(f"{place.label}: \u201c{cite.quote}\u201d [{cite.n}]")
        rows.append({"place": place.label, "quote": cite.quote, "citation": cite.n})
    found = any(r["citation"] for r in rows)
    text = "\n".join(lines) if found else "Không tìm thấy thông tin này trong các kế hoạch."
    # each place's next passages, in turn, to check the quoted one against
    for row in (r for group in zip_longest(*runners_up) for r in group if r is not None):
        if found and len(citations) < config.n_citations:
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
    """A quantity is asked: "bao nhiêu", "mấy", "tỷ lệ", a unit, or "số" opening "số lượng" or a
    count noun ("số hộ", "số lao động"); "dân số", "công tác dân số" name a topic, not a figure."""
    if asked_unit(question):
        return True
    accented = has_diacritics(question)
    words = syllables(question.lower()) if accented else [fold(w) for w in syllables(question)]
    text = " " + " ".join(words) + " "
    if any(f" {c} " in text for c in (_QUANTITY_CUES if accented else _FOLDED_QUANTITY_CUES)):
        return True
    units = UNITS if accented else _FOLDED_UNITS
    return any(w == ("số" if accented else "so") and i + 1 < len(words)
               and (words[i + 1] in ("lượng", "luong") or words[i + 1] in units
                    or " ".join(words[i + 1:i + 3]) in units)
               and (i == 0 or words[i - 1] not in _NOUNS_ENDING_IN_SO)
               for i, w in enumerate(words))


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


Asked = Need  # the name quoting code and tests knew it by


def need_of(index: LoadedIndex, q: Query) -> Need:
    """What a passage must hold to answer the question (see features.Need)."""
    return Need(query_weights(index, q), _figure_asked(q), q.intent, tuple(q.years), _parts(q.question),
                asked_unit(q.question) or (), q.listing, q.question, q.who)


asked = need_of


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

