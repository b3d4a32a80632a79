"""Composing the answer: which passages join the best one (close in fitted probability,
the rest of a table's group, the items under a list's heading), conflicts between figures,
citations with their quotes and footnotes, and the answer's lead."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from . import lexicon
from .chunking import clean_markup, comparable
from .config import Config
from .periods import ASIDE
from .features import NUMBER, Need
from .fusion import coverage
from .issued import number_quote
from .places import TITLE_CHARS
from .question import Query
from .quoting import _short, best_quote, row_quote
from .retrieval import LoadedIndex, folded_vocab
from .vietnamese import fold, fold_syllable, syllables, synonym_matches

Asked = Need
_NUMBER = NUMBER  # a figure, not a year


HEADING_LIST_COVER = Config.heading_list_cover
LIST_HEADINGS = Config.list_headings
LIST_PASSAGES = Config.list_passages
LIST_CLOSE = Config.list_close
MAX_LIST_ROWS = Config.max_list_rows
_FIGURE_UNITS = ("%", "tỷ đồng", "triệu đồng", "đồng", "tấn", "ha", "con", "người", "lao động", "hộ", "km", "trường")
_FIGURE = re.compile(rf"(\d[\d.,]*)\s*({'|'.join(_FIGURE_UNITS)})")




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


def _lead(index: LoadedIndex, rows: list[int], conflict: bool) -> str:
    """'Theo kế hoạch của xã X: ' when the quotes come from one plan; conflicts said first."""
    docs = {index.passages[r].source for r in rows}
    doc = index.docs[index.doc_number[docs.pop()]] if len(docs) == 1 else None
    where = f"Theo {doc.plan_kind} của {doc.place_label}" if doc and doc.place_label else ""
    if conflict:
        return (where + ", các đoạn ghi khác nhau: ") if where else "Các đoạn ghi khác nhau: "
    return where + ": " if where else ""


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
    """Same words whatever the markup or table format (a plan's row typed with tabs in one
    file and as a markdown row in another copy)."""
    return comparable(a) == comparable(b)


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
    if not 2 <= len(items) <= LIST_PASSAGES:
        return []
    # the best passage may hold the list itself ("… đầu tư 17 công trình, gồm 9 tuyến đường, …")
    # under another heading: it is kept, before the heading's items
    top = scored[0][0]
    return items if top in items else [top, *items[:LIST_PASSAGES - 1]]


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


def _items_after(index: LoadedIndex, q: Query, weights: dict[str, float], chosen: list[int]) -> list[int]:
    """A list asked for, found in the sentence that opens it ("… còn 2 mục chưa xong, gồm:"):
    the items that follow it join, in the plan's order. When sub-lists follow under their own
    openings ("Các tiêu chí đã đạt:", "Các tiêu chí chưa đạt:"), the one whose opening holds
    most of the question's words."""
    out = list(chosen)
    for row in chosen:
        if not (_opens_list(index.passages[row].text) or _heads_items(index, row)):
            continue
        rows = index.rows_of(index.passages[row].source)
        groups: list[tuple[int, list[int]]] = [(row, [])]
        lead_mark = _marker(index.passages[row].text)
        for other in rows[rows.index(row) + 1:]:
            p = index.passages[other]
            if p.kind == "item" and lead_mark and _marker(p.text) == lead_mark:
                break  # the next item of the lead's own list ("3." after "2. …:" and its "+" items)
            if p.kind == "item":
                groups[-1][1].append(other)
            elif p.kind in ("paragraph", "heading") and _opens_list(p.text) and len(p.text) <= SUB_LIST_OPENING \
                    and not re.search(r"[.!?]\s", p.text) and not _NUMBERED.match(clean_markup(p.text)):
                # a label ("Tập thể:"), not a new lead sentence nor the next numbered section ("b) Công nghiệp:")
                groups.append((other, []))
            else:
                break
        groups = [g for g in groups if g[1]]
        if not groups:
            continue

        def cover(group: tuple[int, list[int]]) -> float:
            vocab = folded_vocab(index.passages[group[0]].text)
            return coverage(weights, vocab | synonym_matches(q.question, vocab))
        best = max(map(cover, groups))
        for lead, items in (g for g in groups if cover(g) == best):  # "Tập thể:", "Cá nhân:" alike: all
            out += [r for r in [lead, *items] if r not in out][:max(0, MAX_LIST_ROWS + len(chosen) - len(out))]
    return out


_NUMBERED = re.compile(r"(?:[IVX]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s")


SUB_LIST_OPENING = Config.sub_list_opening


def _opens_list(text: str) -> bool:
    return clean_markup(text).rstrip().endswith(":")


_LABELLED = re.compile(r"^[^:]{3,100}:\s*\S")
_ITEM_MARKER = re.compile(r"^\s*([-+•*]|\(?\d+(?:\.\d+)*[.)]|[a-zđ][.)])")


def _marker(text: str) -> str:
    """The kind of an item's opening mark: "+", "-", "1.", "a)" all of one kind each."""
    m = _ITEM_MARKER.match(clean_markup(text))
    return "" if not m else re.sub(r"\d+", "9", re.sub(r"[a-zđ]", "a", m.group(1)))


def _heads_items(index: LoadedIndex, row: int) -> bool:
    """A short labelled line with its total ("2. Dự án khởi công mới: 8.400 triệu đồng") whose
    next passage is an item of another mark ("+ Chợ A: 3.000 triệu đồng"): the items are its
    list, as much as under a line ending in ":"."""
    p = index.passages[row]
    text = _ITEM_MARKER.sub("", clean_markup(p.text)).strip()
    if len(text) > SUB_LIST_OPENING or not _LABELLED.match(text) or re.search(r"[.!?;]\s", text):
        return False
    rows = index.rows_of(p.source)
    at = rows.index(row)
    nxt = index.passages[rows[at + 1]] if at + 1 < len(rows) else None
    return nxt is not None and nxt.kind == "item" and _marker(nxt.text) != _marker(p.text)


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


_ROW_NUMBER = re.compile(r"^[\W_]*(?:<b>)?[\dIVX.]+(?:</b>)?[).]?[\t ]", re.M)


def _gives_figure(text: str, unit: re.Pattern | None = None) -> bool:
    """A figure in the unit asked (any figure when none is), not the number of a row, item or
    section ("2.3.1. Lĩnh vực kinh tế")."""
    text = _ROW_NUMBER.sub("", text)
    return bool(unit.search(text) if unit else _NUMBER.search(text))


def _footnotes_of(index: LoadedIndex, row: int, quote: str) -> list[int]:
    """Footnote passages that the quoted sentence points to (same plan)."""
    p = index.passages[row]
    wanted = [m for m in p.markers if _marker_in(quote, m)] or (p.markers if len(p.markers) == 1 else [])
    return [index.footnote_rows[(p.source, m)] for m in wanted if (p.source, m) in index.footnote_rows]


def footnote_citations(index: LoadedIndex, row: int, quote: str, first_n: int,
                       skip: AbstractSet[int] = frozenset()) -> list[tuple[int, Citation]]:
    """(row, citation) of the footnotes the quote of `row` points to, numbered from `first_n`,
    each quoted short (alone a footnote says little; beside its sentence it may give the figure)."""
    out: list[tuple[int, Citation]] = []
    for fn_row in _footnotes_of(index, row, quote):
        if fn_row in skip:
            continue
        fn = _citation(index, fn_row, first_n + len(out))
        fn.quote = _short(clean_markup(fn.text))
        out.append((fn_row, fn))
    return out


def _marker_in(quote: str, number: str) -> bool:
    sup = number.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
    return sup in quote or f"[{number}]" in quote or f"[^{number}]" in quote  # "¹", "[1]" typed, "[^1]" in Markdown


def _different_years(index: LoadedIndex, chosen: list[int]) -> bool:
    """A 2026 target beside a 2025 result: passages of different years say different things,
    they do not disagree."""
    years = [frozenset(getattr(index.passages[row], "period_years", None) or ()) for row in chosen]
    return all(years) and len(set(years)) > 1


def _different_rows(index: LoadedIndex, chosen: list[int], citations: list[Citation]) -> bool:
    """Rows of a table with different labels ("Thu ngân sách: …", "Chi ngân sách: …") are
    different indicators: their figures never disagree."""
    by_place = {(c.source, c.start): c for c in citations}
    quoted = [by_place.get((index.passages[row].source, index.passages[row].start)) for row in chosen]
    rows = [c for row, c in zip(chosen, quoted) if c is not None and index.passages[row].kind == "row"]
    labels = {c.quote.split(": ", 1)[0] for c in rows}
    return len(rows) == len(chosen) and len(labels) == len(rows)


def _different_items(index: LoadedIndex, chosen: list[int]) -> bool:
    """Points of one list ("a) Bê tông hóa 6,8 km đường thôn …", "b) … 4,6 km đường ngõ xóm")
    under one heading, each with its own mark: different things, whose figures never disagree."""
    passages = [index.passages[row] for row in chosen]
    marks = [_ITEM_MARKER.match(clean_markup(p.text)) for p in passages]
    return all(p.kind == "item" and m for p, m in zip(passages, marks)) \
        and len({tuple(p.headings) for p in passages}) == 1 and len({m.group(1) for m in marks}) == len(marks) \
        and len({_marker(p.text) for p in passages}) == 1


def _disagree(quotes: list[str], cfg: type[Config] | Config = Config) -> bool:
    """Two quotes give different figures in the same unit for the same thing: the words just
    before each figure, in its clause, share at least `conflict_label_shared` of their last
    `conflict_label_words` ("thu ngân sách đạt 5 tỷ đồng" against "thu ngân sách 7 tỷ đồng";
    not "chi thường xuyên 5 tỷ đồng" against "chi đầu tư 7 tỷ đồng"). Quotes with the same
    words are one statement: a sentence giving "5 tỷ đồng, tăng 1 tỷ đồng" twice disagrees
    with nothing."""
    quotes = list({comparable(q): q for q in quotes}.values())
    figures = [_labelled_figures(q, cfg.conflict_label_words) for q in quotes]
    if len(quotes) < 2 or not all(figures):
        return False
    for i, these in enumerate(figures):
        for those in figures[i + 1:]:
            for value, unit, label in these:
                for other, other_unit, other_label in those:
                    if unit == other_unit and value != other and label and other_label \
                            and len(label & other_label) >= min(cfg.conflict_label_shared, len(label), len(other_label)):
                        return True
    return False


_CLAUSE_END = re.compile(r"[;,:.\n]\s")
_LABEL_SKIP = frozenset(fold(w) for w in (*lexicon.words("stopword"), *" ".join(_FIGURE_UNITS).split()))


def _labelled_figures(quote: str, words: int) -> list[tuple[str, str, frozenset]]:
    """(value, unit, the last few words before it in its clause) of each figure of a quote."""
    out = []
    for m in _FIGURE.finditer(quote):
        clause = _CLAUSE_END.split(ASIDE.sub(" ", quote[:m.start()]))[-1]  # "(lúa, ngô)": an aside, not the label
        label = [f for f in (fold_syllable(s) for s in syllables(clause)) if f not in _LABEL_SKIP and not f[0].isdigit()]
        out.append((m.group(1).rstrip(".,"), m.group(2), frozenset(label[-words:])))
    return out


def _citation(index: LoadedIndex, row: int, n: int, need: Asked | None = None) -> Citation:
    p = index.passages[row]
    doc = index.docs[index.doc_number[p.source]]
    header = number_quote(p.text) if p.start < TITLE_CHARS else None
    if header:
        quote = header  # a document's header: its number and date say what it is
    elif not need or not need.weights:
        quote = _short(clean_markup(p.text.replace("\t", " | ")))
    elif p.kind == "row":
        quote = row_quote(p.text, p.table_header, need, p.table_unit, p.row_parent)
    else:
        other = index.other_part.get(row)
        part = index.passages[other].text if other is not None else ""
        quote = best_quote(p.text, need, before=part if other is not None and other < row else "",
                           after=part if other is not None and other > row else "")
    return Citation(n=n, source=p.source, start=p.start, end=p.end, text=p.text, page=p.page,
                    place=doc.place_label, title=doc.title, section=" › ".join(p.headings), quote=quote)


def not_found_answer(index: LoadedIndex, q: Query, related: list[int]) -> Answer:
    """"Not found", naming the places searched, with the nearest passages shown as related."""
    where = " của " + ", ".join(p.label for p in q.places) if q.places else ""
    return Answer(q.question, f"Không tìm thấy thông tin này trong kế hoạch{where}.", not_found=True,
                  related=[_citation(index, row, n + 1) for n, row in enumerate(related)],
                  places=[p.label for p in q.places])


def quoted_answer(index: LoadedIndex, q: Query, need: Need, chosen: list[int], ranked_rows: list[int],
                  config: Config) -> Answer:
    """The chosen passages quoted in order, each with its footnotes, conflicts said first; then
    further ranked passages cited, up to `n_citations`."""
    citations: list[Citation] = []
    quotes: list[str] = []
    attached: set[int] = set()
    for row in chosen:
        if row in attached:
            continue
        cite = _citation(index, row, len(citations) + 1, need)
        citations.append(cite)
        quotes.append(f"\u201c{cite.quote}\u201d [{cite.n}]")
        skip = set(chosen[:chosen.index(row)]) | attached
        for fn_row, fn in footnote_citations(index, row, cite.quote, len(citations) + 1, skip):
            attached.add(fn_row)
            citations.append(fn)
            quotes.append(f"(chú thích: \u201c{fn.quote}\u201d [{fn.n}])")
    # the items of a list name different things: their figures never disagree
    conflict = not q.listing and _disagree([c.quote for c in citations[:len(chosen) + 1]]) and len(chosen) > 1 \
        and not _different_rows(index, chosen, citations) and not _different_years(index, chosen) \
        and not _different_items(index, chosen)
    text = _lead(index, chosen, conflict) + " ".join(quotes)
    used = {(c.source, c.start) for c in citations}
    for row in ranked_rows:
        if len(citations) >= config.n_citations:
            break
        p = index.passages[row]
        if (p.source, p.start) not in used:
            citations.append(_citation(index, row, len(citations) + 1))
            used.add((p.source, p.start))
    return Answer(q.question, text, not_found=False, citations=citations, conflict=conflict,
                  places=[p.label for p in q.places])
