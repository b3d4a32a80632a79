"""The answer pipeline: read the question once (question.py, need.py), gather candidates
(BM25 + dense within the places asked), rank them with the fitted model, decide whether the
best of them answer at all, then quote and compose. Each step is its own module."""
from __future__ import annotations

import re
import time
from dataclasses import replace
from itertools import zip_longest

from . import answerability, conversation
from .candidates import candidates
from .compose import (Answer, Citation, _body_of, _chosen, _citation, _conflicting, _opens_list,  # Answer, Citation: the API
                      _heading_items, _items_after, _with_sibling_rows, footnote_citations, not_found_answer,
                      quoted_answer)
from .config import Config, default_config
from .embedding import Encoder
from .chunking import row_cells, row_label
from .features import Need, is_preamble, names_other_kind, names_person, villages_named
from .issued import own_number_row
from .need import asked, asks_something, names_something, need_of, opens_part, question_parts
from .quoting import row_answers
from .places import Place, question_places
from .question import Query, analyse, content_syllables, years_named
from .ranking import Ranked, rank
from .retrieval import LoadedIndex
from .table_answers import answer_from_table
from .vietnamese import fold
from .year_parts import asked_period


# Sizes of what is shown, from the one Config (its class defaults: the quoting helpers below
# are pure functions of text and are not handed the config).
COMMON_PHRASE = Config.common_phrase
MAX_QUESTION_CHARS = Config.max_question_chars


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
    # "xã nào …nhất", "những xã nào … trên 20 tỷ", "so sánh … các xã": the indicator table
    # answers across plans, every figure cited; it declines what it cannot read
    table = None if history else answer_from_table(index, question, places)
    if table is not None and _table_suffices(table, q):
        return table
    if conversation.names_no_place(q, index.places):
        answer = _unnamed_place(index, encoder, q, config)
    else:
        answer = _compare(index, encoder, q, config) if q.comparison else _single(index, encoder, q, config)
    answer.text = conversation.with_note(answer.text, conversation.filter_disagreement(q.places, places))
    return answer


def _table_suffices(table: Answer, q: Query) -> bool:
    """The indicator table holds one whole-year figure per plan: it answers unless the question
    asks a part of a year ("6 tháng đầu năm") or compares places some of which it has no figure
    for; then each place is ranked and judged on its own passages."""
    if asked_period(q.question):
        return False
    return not (q.comparison and any(p.label not in table.places for p in q.places))


def _unnamed_place(index: LoadedIndex, encoder: Encoder | None, q: Query, config: Config) -> Answer:
    """No place named, carried or filtered: never pick one silently. The places whose plans
    answer are read from the best passages of all plans (answerable, and nearly as probable as
    the best); one is answered with its name said, several are compared place by place, none
    asks which place is meant."""
    need = need_of(index, q)
    hits = ranked(index, encoder, q, config, need=need)
    rows = []
    if hits and answerability.probability(config.answerable, need, hits) >= config.threshold:
        rows = _chosen(_scored(hits), config.place_close, config.max_passages)
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


def ranked(index: LoadedIndex, encoder: Encoder | None, q: Query, config: Config,
           places: list[Place] | None = None, need: Need | None = None) -> list[Ranked]:
    """The candidates, most probable answer first (the fitted ranker)."""
    need = need or need_of(index, q)
    return rank(config.ranker, need, candidates(index, encoder, q, places, config.lexical_depth, config.dense_depth))


def _scored(hits: list[Ranked]) -> list[tuple[int, float, float]]:
    return [(h.row, h.probability, h.coverage) for h in hits]


def years_covered(index: LoadedIndex, years: list[int], places: list[Place]) -> bool:
    """No year named, or one the plans of these places (all, when none) report on or plan for:
    a question on 2027 is not answered from plans of 2025 and 2026."""
    if not years:
        return True
    keys = {p.key for p in places}
    docs = [n for n, key in enumerate(index.doc_keys) if not keys or key in keys]
    return any(y in index.doc_years(n) for n in docs for y in years)


def _single(index: LoadedIndex, encoder: Encoder | None, q: Query, config: Config) -> Answer:
    need = need_of(index, q)
    hits = ranked(index, encoder, q, config, need=need)
    # "Báo cáo … số mấy?": the plan's own number line answers, whatever else is asked beside it
    own = own_number_row(index, q.question, [h.row for h in hits])
    answers = years_covered(index, q.years, q.places) \
        and answerability.probability(config.answerable, need, hits) >= config.threshold
    if own is None and not answers:
        return not_found_answer(index, q, [h.row for h in hits[:3]])
    scored = _scored(_giving(index, hits, need))
    chosen = [row for row in _passages(index, encoder, q, need, scored, config) if _can_answer(index, row, need)] \
        if answers else []
    chosen = ([own] if own is not None else []) + [row for row in chosen if row != own]
    if not chosen:
        return not_found_answer(index, q, [h.row for h in hits[:3]])
    return quoted_answer(index, q, need, chosen, [row for row, _, _ in scored], config)


def _giving(index: LoadedIndex, hits: list[Ranked], need: Need) -> list[Ranked]:
    """A heading with no figure ("Chỉnh trang đô thị năm 2027") names what a figure asked for is
    about but gives none: the passages under it answer (all of them, when only headings rank).
    The list of recipients and the closing line ("Nơi nhận: … - Lưu: VT.") answer nothing."""
    hits = [h for h in hits if index.passages[h.row].kind not in _BOILERPLATE] or hits
    if not need.asks_basis:  # nor does the document's opening formula ("Thực hiện … số …, báo cáo như sau:")
        hits = [h for h in hits if not is_preamble(index.passages[h.row].text)] or hits
    if need.who:  # a person asked: a passage naming none ("… tổ chức hội nghị") does not answer
        return [h for h in hits if h.features.get("person_line")] or hits
    if not need.wants_number:
        return hits
    return [h for h in hits if not (h.features.get("is_heading") and h.features.get("figure_missing"))] or hits


_BOILERPLATE = ("recipients", "closing")


def _can_answer(index: LoadedIndex, row: int, need: Need) -> bool:
    """A table row whose columns are of other years, or hold no figure where the question
    points ("-"), does not answer (quoting.row_answers); nor does a figure of another kind of
    the indicator asked ("vụ xuân" for "vụ mùa", revenue for spending: features.names_other_kind)."""
    p = index.passages[row]
    if need.wants_number and names_other_kind(need.question, index.search_texts[row]):
        return False
    return p.kind != "row" or row_answers(p.text, p.table_header, need)


def _passages(index: LoadedIndex, encoder: Encoder | None, q: Query, need: Need,
              scored: list[tuple[int, float, float]], config: Config) -> list[int]:
    """The passages the answer quotes: the best and those nearly as probable; for a list, the
    rest of its table group or the items under its heading; for several parts, each part's."""
    if q.listing:
        chosen = _chosen(scored, config.list_close, config.list_passages)
        rows = _with_sibling_rows(index, chosen)
        chosen = rows if rows != chosen else _heading_items(index, q, need.weights, scored) or chosen
        chosen = _items_after(index, q, need.weights, chosen)
    else:
        chosen = _chosen(scored, config.close, config.max_passages)
        near = [row for row, _, _ in scored[:config.restated_depth]]
        said = next((s for s in (_said_in_words(index, row, near, need) for row in chosen) if s is not None), None)
        chosen = ([said] if said is not None and said not in chosen else []) + chosen
    if need.parts > 1 and not q.listing:
        chosen += _part_passages(index, encoder, q, chosen, config)
    if not need.wants_number:
        # … but a heading naming the person asked ("4. GPMB. Giao ông Lê Văn A chỉ đạo:") answers who
        chosen = list(dict.fromkeys(row if need.who and names_person(index.passages[row].text)
                                    else _body_of(index, row) for row in chosen))
    # a paragraph a page break cut in two is quoted in both its parts, in the plan's order
    chosen = list(dict.fromkeys(r for row in chosen for r in sorted({row, index.other_part.get(row, row)})))
    # a footnote ("² Số liệu do … cung cấp đến ngày …") says little alone: a sentence that
    # points to it is quoted, the footnote with it
    ranked_rows = [row for row, _, _ in scored]
    chosen = list(dict.fromkeys(r for row in chosen for r in _with_referrer(index, row, chosen, ranked_rows)))
    chosen = _village_asked(index, q, scored[:config.restated_depth], chosen)
    return chosen + _conflicting(index, scored, chosen, config.conflict_cover_gap)


def _village_asked(index: LoadedIndex, q: Query, near: list[tuple[int, float, float]], chosen: list[int]) -> list[int]:
    """A village asked ("thôn Hải Thọ sơ tán bao nhiêu khẩu") that no chosen passage names is
    answered first by its row of a table by village, among the best ranked passages."""
    names = [re.compile(rf"(?<!\w){re.escape(fold(n))}(?!\w)") for n in villages_named(q.question)]

    def labelled(r: int) -> bool:
        return index.passages[r].kind == "row" and all(n.search(fold(row_label(row_cells(index.passages[r].text))))
                                                        for n in names)

    if not names or (chosen and labelled(chosen[0])):
        return chosen
    # a row labelled by the village (of a table by village) before a sentence naming it among
    # others ("Hai bản A và B vẫn có tỷ lệ hộ nghèo trên 24%"); a sentence naming it, when no row does
    naming = next((r for r, _, _ in near if labelled(r)), None)
    if naming is None:
        return chosen
    return [naming, *[r for r in chosen if r != naming]]


_FIGURE = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)*")


def _figures(text: str) -> set[str]:
    """The figures a text gives, a decimal zero dropped ("95,0" is "95"), years left out."""
    out = {re.sub(r"[.,]0+$", "", f) for f in _FIGURE.findall(text)}
    return {f for f in out if not re.fullmatch(r"(?:19|20)\d\d", f)}


def _said_in_words(index: LoadedIndex, row: int, near: list[int], need: Need) -> int | None:
    """A table row whose figure, as quoted for the question, the plan also gives in a sentence
    ("Thu NSNN ước 7.315 triệu đồng, đạt 59% dự toán" beside the row quoted "Thu NSNN: TH 6
    tháng: 7.315"): that sentence, among the passages ranked nearly as well, from the same plan.
    The sentence says what the figure is, with its share of the plan or its comparison; the row
    is quoted after it."""
    p = index.passages[row]
    if p.kind != "row":
        return None
    shown = _citation(index, row, 0, need).quote
    values = _figures(shown.split(":", 1)[1] if ":" in shown else shown)  # the figures, not the label's
    for other in near:
        o = index.passages[other]
        if other != row and o.source == p.source and o.kind in ("paragraph", "item") and values & _figures(o.text):
            return other
    return None


def _with_referrer(index: LoadedIndex, row: int, chosen: list[int], ranked_rows: list[int]) -> list[int]:
    """A chosen footnote with a sentence pointing to it before it, unless one is chosen: the
    best ranked of those pointing to it, else the plan's first."""
    p = index.passages[row]
    referrers = index.referrer_rows.get((p.source, p.footnote), []) if p.footnote else []
    if not referrers or set(referrers) & set(chosen):
        return [row]
    return [next((r for r in ranked_rows if r in referrers), referrers[0]), row]


def _part_passages(index: LoadedIndex, encoder: Encoder | None, q: Query, chosen: list[int],
                   config: Config) -> list[int]:
    """Each part of a question asking several things ("bao nhiêu hộ nghèo, chiếm tỷ lệ bao
    nhiêu?") is ranked as a question of its own (the whole question's place, years and side
    kept, and its topic when the part names none); its best passage joins when the part is
    answerable and no chosen passage is it."""
    parts = question_parts(q.question)
    added: list[int] = []
    for text in parts if len(parts) > 1 else []:
        own = content_syllables(text, q.places)
        # a part naming nothing of its own ("…, vì sao thấp?", "…, được mấy phần trăm?") asks of
        # the question's topic
        content = own if names_something(text, q.places) else list(dict.fromkeys(q.content + own))
        part = replace(q, question=text, content=content, listing=False)
        need = need_of(index, part)
        hits = ranked(index, encoder, part, config, need=need)
        # "…, trong đó vốn ngân sách xã bao nhiêu?": a part of what was found is first sought
        # among the items the found passage opens ("… 30 tỷ đồng, gồm:" then "- Vốn …")
        inside = _items_opened(index, chosen) if opens_part(text) else set()
        best = _best_giving(index, [h for h in hits[:5] if h.row in inside], need) or _best_giving(index, hits, need)
        # a short part ("…, đã giải quyết xong bao nhiêu?") weighs little alone: a passage holding
        # every word of it answers it too
        if best and best.row not in chosen + added \
                and (best.coverage >= 1.0 or answerability.probability(config.answerable, need, hits) >= config.threshold):
            added.append(best.row)
    return added


def _items_opened(index: LoadedIndex, rows: list[int]) -> set[int]:
    """The items that follow each of these passages that opens a list ("…, gồm:")."""
    out: set[int] = set()
    for row in rows:
        if not _opens_list(index.passages[row].text):
            continue
        siblings = index.rows_of(index.passages[row].source)
        for other in siblings[siblings.index(row) + 1:]:
            if index.passages[other].kind != "item":
                break
            out.add(other)
    return out


def _best_giving(index: LoadedIndex, hits: list[Ranked], need: Need) -> Ranked | None:
    """The one passage quoted for a place of a comparison, or for a part of a question: of the
    first three that may answer (`_giving`: no opening formula, no list of recipients; so they
    may rank below the three best), the best that does (`_can_answer`) and, when a figure is
    asked, gives one, in the unit asked if one is ("bao nhiêu hộ" is not the row in %), of the
    year asked if one is; a note naming the indicator without its figure is passed."""
    answering = [h for h in _giving(index, hits, need)[:3] if _can_answer(index, h.row, need)]
    if need.wants_number:
        for missing in ("figure_missing", "unit_missing"):
            answering = [h for h in answering if not h.features.get(missing)] or answering
    # … and of the year asked: each place's 2026 figure is compared, not one place's 2027 target
    answering = [h for h in answering if not h.features.get("year_other")] or answering
    p = index.passages[answering[0].row] if answering else None
    if p is not None and p.footnote:
        # a footnote is read with the words of the sentence pointing to it: that sentence, when
        # it answers too, states the figure ("… có 10 thôn, 5.210 hộ¹" over "¹ Thôn A cũ có 4 thôn")
        referrers = index.referrer_rows.get((p.source, p.footnote), [])
        answering = [h for h in answering if h.row in referrers] + answering
    return answering[0] if answering else None


def place_clauses(index: LoadedIndex, q: Query) -> dict[str, Query]:
    """Each compared place's own part of the question, when it has one: a clause naming that
    place alone, something of it and a question word ("xã A chi bao nhiêu cho đầu tư, còn xã B
    cần bao nhiêu vốn?"), when every place has one; else the years a clause names beside one place only
    ("… của xã A năm 2024 và xã B năm 2026"). Empty when the places share the question."""
    places = q.places or index.places
    clauses = _one_place_clauses(index, q.question, commas=True)
    own = {p.label: c for c, p in reversed(clauses) if names_something(c, [p]) and asks_something(c)}
    if len(own) == len(places) >= 2:
        return {label: replace(q, question=c, content=content_syllables(c, q.places),
                               years=years_named(c) or q.years) for label, c in own.items()}
    dated = {p.label: years_named(c) for c, p in reversed(clauses)}
    if len(q.years) > 1 and all(dated.get(p.label) for p in places):
        return {label: replace(q, years=years) for label, years in dated.items()}
    return {}


def place_periods(index: LoadedIndex, q: Query) -> dict[str, str]:
    """The part of a year each compared place is asked of, when clauses name different ones
    beside one place each ("phường A (6 tháng đầu năm 2026) và xã B (9 tháng năm 2026)")."""
    places = q.places or index.places
    parts = {p.label: asked_period(c) for c, p in _one_place_clauses(index, q.question, commas=False)}
    if len(set(parts.values())) > 1 and all(parts.get(p.label) for p in places):
        return parts
    return {}


def _one_place_clauses(index: LoadedIndex, question: str, commas: bool) -> list[tuple[str, Place]]:
    """The clauses of a comparison ("…; …", "… và …", "… còn …", "… so với …", and "…, …" when
    `commas`) that name one place, with it. Parts of the year are read without cutting at commas:
    one may follow its place after a comma ("phường A, 6 tháng đầu năm, và xã B, 9 tháng")."""
    cuts = r";|\s+(?:và|va|còn|con|so với|so voi)\s+" + (r"|,\s*" if commas else "")
    named = [(c, question_places(c, index.places)[0]) for c in re.split(cuts, question)]
    return [(c, places[0]) for c, places in named if len(places) == 1]


def _compare(index: LoadedIndex, encoder: Encoder | None, q: Query, config: Config) -> Answer:
    places = q.places or index.places
    lines, rows, citations = [], [], []
    shared = asked(index, q)
    own = place_clauses(index, q)
    periods = place_periods(index, q)
    runners_up: list[list[int]] = []
    for place in places:
        # a place with its own part of the question is asked that part
        pq = own.get(place.label, q)
        need = asked(index, pq) if place.label in own else shared
        if place.label in periods:
            need = replace(need, period=periods[place.label])
        hits = ranked(index, encoder, pq, config, places=[place], need=need)
        # each place answers on its own: its best passages must answer, as for a single plan
        best = _best_giving(index, hits, need)
        if best is None or answerability.probability(config.answerable, need, hits) < config.threshold \
                or not years_covered(index, q.years, [place]):
            lines.append(f"{place.label}: không thấy trong kế hoạch.")
            rows.append({"place": place.label, "quote": "", "citation": None})
            continue
        # a row whose figure a sentence of the plan also gives: the sentence, then the row
        said = _said_in_words(index, best.row, [h.row for h in hits[:config.restated_depth]], need)
        quoted = [said, best.row] if said is not None and _can_answer(index, said, need) else [best.row]
        runners_up.append([h.row for h in hits[:3] if h.row not in quoted][:2])
        cites, notes, attached = [], [], set(quoted)
        for row in quoted:
            cites.append(_citation(index, row, len(citations) + 1, need))
            citations.append(cites[-1])
            # the footnote its sentence points to, as a single plan's answer gives it ("xã A¹ …" with
            # "¹ Xã A … có 20.500 người"), once
            for fn_row, fn in footnote_citations(index, row, cites[-1].quote, len(citations) + 1, attached):
                attached.add(fn_row)
                citations.append(fn)
                notes.append(f"(chú thích: \u201c{fn.quote}\u201d [{fn.n}])")
        lines.append(f"{place.label}: " + " ".join([f"\u201c{c.quote}\u201d [{c.n}]" for c in cites] + notes))
        rows.append({"place": place.label, "quote": cites[0].quote, "citation": cites[0].n})
    found = any(r["citation"] for r in rows)
    text = "\n".join(lines) if found else "Không tìm thấy thông tin này trong các kế hoạch."
    # each place's next passages, in turn, to check the quoted one against
    for row in (r for group in zip_longest(*runners_up) for r in group if r is not None):
        if found and len(citations) < config.n_citations:
            citations.append(_citation(index, row, len(citations) + 1))
    return Answer(q.question, text, not_found=not found, citations=citations, comparison=rows,
                  places=[p.label for p in places])
