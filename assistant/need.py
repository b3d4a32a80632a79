"""What a question asks of a passage, read once from the question: its weighted words, a
figure (in which unit), how many parts it asks, the side (target or result), the years.
The features, the ranking and the quoting read this `Need`, never the raw question again."""
from __future__ import annotations

import re

from . import lexicon
from .features import CLASSIFIERS, Need
from .fusion import coverage
from .indicator_vocabulary import name_words
from .year_parts import asked_period, names_whole_year
from .question import FOLLOW_UP_CUES, STOP_SYLLABLES, Query, _has_word, content_syllables
from .retrieval import HISTORY_WEIGHT, LoadedIndex
from .vietnamese import ABBREVIATIONS, fold, has_diacritics, syllables, synonym_matches, synonyms_of


# Word lists: assistant/vocabulary/question_words.tsv and units.tsv, each entry with its source.
_QUANTITY_CUES = lexicon.words("quantity_cue")
_FOLDED_QUANTITY_CUES = tuple(fold(w) for w in _QUANTITY_CUES)
# nouns whose second syllable is "số" ("dân số" population, "chỉ số" index): not "số <count>"
_NOUNS_ENDING_IN_SO = {f(w) for w in lexicon.words("noun_ending_in_so") for f in (str, fold)}


def query_weights(index: LoadedIndex, q: Query) -> dict[str, float]:
    """IDF weight of each content syllable (and adjacent pair) of the question."""
    weights = _weights(index, q.content, 1.0)
    if q.follow_up and q.context and (q.short or q.anaphoric):
        # a short follow-up, or one pointing back ("số ca bệnh này"), leans on the earlier
        # question's topic, at a lower weight
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


# "bao nhiêu <unit>": the answer must hold a figure in that unit (or a unit of the same kind).
UNITS = lexicon.forms("units")


_FOLDED_UNITS = {fold(k): v for k, v in UNITS.items()}
# a unit's other forms are asked as themselves ("bao nhiêu thanh niên" -> "27 thanh niên"), typed
# with accents or without
_FORMS = {form: form for forms in UNITS.values() for form in forms}
_FOLDED_FORMS = {fold(form): form for forms in UNITS.values() for form in forms}
# … and as the unit they are a form of: "bao nhiêu thanh niên" is met by "50 người" too
_FORM_UNITS = {form: tuple(dict.fromkeys(u for u, forms in UNITS.items() if form in forms and u in forms))
               for form in _FORMS}


def _as_form(form: str) -> tuple[str, ...]:
    if form in CLASSIFIERS:
        return (form,)  # "bao nhiêu lượt khách" counts visits, not people
    return (form,) + tuple(u for u in _FORM_UNITS.get(form, ()) if u != form)



_DOTTED_UNIT = re.compile(r"(?<=\btr)\.(?=[đd])", re.I)


def asked_unit(question: str) -> tuple[str, ...] | None:
    """The units a "bao nhiêu <unit>" or "mấy <unit>" question asks for; read with accents when
    it has them ("hồ sơ" is not "hộ"), folded when it has none."""
    if re.search(r"(?:bao\s+nhi[eê]u|m[aấ]y)\s*%", question, re.I):
        return UNITS["phần trăm"]
    question = _DOTTED_UNIT.sub("", question)  # "tr.đ" is the unit "trđ", read as one word
    accented = has_diacritics(question)
    for clause in re.split(r"[,;:?!]", question):  # "… là bao nhiêu, xã nào …" asks no "xã"
        # an abbreviation standing for a unit is read as that unit ("bao nhiêu HS" asks pupils,
        # whom a plan counts as "học sinh" or "HS"); another is counted as written ("bao nhiêu HTX")
        spelt, key = _unit_spelt_out(clause)
        found = _unit_after_question_word(syllables(spelt), accented)
        if found:
            return found + (key,) if key and key not in found else found
    # "tỷ lệ … bao nhiêu?" or bare keywords "tỷ lệ hộ nghèo 2024": a rate is a percentage
    # ("… ở mức nào?" may be answered in words, so other question words keep it open).
    text = " " + " ".join(fold(w) for w in syllables(question)) + " "
    for which in (" noi nao ", " dia phuong nao "):  # "…, nơi nào cao hơn?" compares, asks no words
        text = text.replace(which, " ")
    if " ty le " in text and (" bao nhieu " in text or not any(f" {w} " in text for w in _OPEN_QUESTION)):
        return UNITS["phần trăm"]
    return _counted_unit(question) or _subject_unit(question)


_ABBREVIATION_ASKED = re.compile(r"(?i:bao\s+nhi[eê]u|m[aấ]y)\s+([A-ZĐ]{2,8})(?![\w-])")


def _unit_spelt_out(clause: str) -> tuple[str, str]:
    """(the clause, the known abbreviation asked after "bao nhiêu" or "mấy" or ""): the
    abbreviation replaced by its long form when that is a unit of units.tsv ("HS" -> "học sinh"),
    left as written otherwise ("HTX", "TDP")."""
    m = _ABBREVIATION_ASKED.search(clause)
    key = fold(m.group(1)).lower() if m else ""
    long = ABBREVIATIONS.get(key)
    if not long:
        return clause, ""
    if long not in UNITS and long not in _FORMS:
        return clause, key
    return clause[:m.start(1)] + long + clause[m.end(1):], key


def _unit_after_question_word(words: list[str], accented: bool) -> tuple[str, ...] | None:
    """The unit named right after "bao nhiêu" or "mấy" in one clause's words."""
    folded = [fold(w) for w in words]
    for i in range(len(words) - 1):
        if folded[i:i + 2] == ["bao", "nhieu"] and i + 2 < len(words):
            k = i + 2
        elif words[i].lower() == "mấy":
            k = i + 1  # typed without accents "may" is "máy", "may mặc" too: only "bao nhieu" asks
        else:
            continue
        after = words[k:k + 2]
        units, key = (UNITS, after) if accented else (_FOLDED_UNITS, folded[k:k + 2])
        forms = _FORMS if accented else _FOLDED_FORMS
        for phrase in (" ".join(key), key[0]):  # two words first: "trường hợp" is not "trường"
            form = forms.get(phrase)
            found = units.get(phrase) or (_as_form(form) if form else None)
            if found:
                return found
        if (accented and after[0].isalpha() and after[0] not in _NOT_COUNTED
                and (after[0] not in STOP_SYLLABLES or after[0] in _COUNTED)):
            # a count noun follows its number as written ("bao nhiêu lượt khách" -> "… 5.000 lượt"),
            # or its plan synonym does ("bao nhiêu làng" -> "… 19 thôn")
            counted = (after[0],) + synonyms_of(after[0])
            if after[0] in CLASSIFIERS and len(after) > 1 and after[1].isalpha() and after[1] not in STOP_SYLLABLES:
                # a classifier is often left out in writing: "bao nhiêu cái ghế" -> "… 40 ghế"
                counted += (after[1],) + synonyms_of(after[1])
            return counted
    return None


# the nouns of units.tsv that name a measure written in other words beside its figure ("vốn",
# "kinh phí" in đồng, "sản lượng" in tấn, "diện tích" in ha), unlike a count noun ("hộ", "thôn")
_MEASURES = {u: forms for u, forms in UNITS.items() if u not in forms}


def _subject_unit(question: str) -> tuple[str, ...] | None:
    """A question opening on a measure asks its units though none follows "bao nhiêu" ("Tổng
    kinh phí làm đường là bao nhiêu?", "sản lượng cà phê năm 2026"): the noun is the question's
    first words, or follows "tổng"."""
    accented = has_diacritics(question)
    words = syllables(question.lower()) if accented else [fold(w) for w in syllables(question)]
    start = 1 if words[:1] == ["tổng" if accented else "tong"] else 0
    head = " ".join(words[start:start + 2]) + " "
    for noun, forms in _MEASURES.items():
        if head.startswith((noun if accented else fold(noun)) + " "):
            return forms
    return None


def _counted_unit(question: str) -> tuple[str, ...] | None:
    """"số hộ bị ảnh hưởng", "tổng số học sinh …" (bare keywords, no "bao nhiêu"): "số" before a
    unit counts in it; "dân số", "hồ sơ" name no count."""
    accented = has_diacritics(question)
    words = syllables(question.lower()) if accented else [fold(w) for w in syllables(question)]
    units, forms = (UNITS, _FORMS) if accented else (_FOLDED_UNITS, _FOLDED_FORMS)
    for i, w in enumerate(words[:-1]):
        if w == ("số" if accented else "so") and (i == 0 or words[i - 1] not in _NOUNS_ENDING_IN_SO):
            key = words[i + 1:i + 3]
            found = units.get(" ".join(key)) or units.get(key[0])
            form = forms.get(" ".join(key)) or forms.get(key[0])
            if found or form:
                return found or _as_form(form)
    return None


_COUNTED = set(lexicon.words("counted"))  # count nouns among the question's stopwords
# words that follow "bao nhiêu" without counting anything ("bao nhiêu trên mỗi ha", "bao nhiêu so với …")
_NOT_COUNTED = set(lexicon.words("not_counted"))
_OPEN_QUESTION = tuple(fold(w) for w in lexicon.words("open_question"))  # compared folded


def unit_pattern(question: str) -> re.Pattern | None:
    """A figure in the unit the question asks for ("bao nhiêu tấn" -> r"\\d\\s*(?:tấn|tạ)")."""
    units = asked_unit(question)
    if not units:
        return None
    return re.compile(r"\d\s*(?:" + "|".join(re.escape(u) for u in units) + r")(?!\w)", re.I)


def _parts(question: str) -> int:
    """How many things a question asks for: 'bao nhiêu … và bao nhiêu …' asks two ('mấy' is
    counted only with accents: 'may' is also 'máy')."""
    if has_diacritics(question):
        text = " " + " ".join(syllables(question)) + " "
        return sum(text.count(f" {w} ") for w in ("bao nhiêu", "nào", "gì", "mấy"))
    f = " " + " ".join(fold(s) for s in syllables(question)) + " "
    return sum(f.count(f" {w} ") for w in ("bao nhieu", "nao", "gi"))


# "… bao nhiêu chỉ tiêu về kinh tế và bao nhiêu chỉ tiêu về văn hóa - xã hội?", "còn bao nhiêu
# hộ nghèo, chiếm tỷ lệ bao nhiêu?": the parts are the clauses, split at "và", "còn" or a comma,
# that each ask something ("hộ nghèo và hộ cận nghèo là bao nhiêu?" asks once).
_CLAUSE_SPLIT = re.compile(r"(,\s*|\s+(?:và|va|còn|con)\s+)", re.I)
_ASKS = re.compile(r"(?<!\w)(?:bao nhiêu|bao nhieu|mấy|những|nhung|gì|gi|nào|nao|đâu|o dau|ai|sao)(?!\w)", re.I)
_AND = re.compile(r"\s+(?:và|va)\s+", re.I)


def question_parts(question: str) -> list[str]:
    """The clauses of a question that each ask something; one when it asks one thing. Two
    indicators joined by "và" before one question word ("số hộ nghèo và tỷ lệ hộ nghèo là bao
    nhiêu?") are two parts as well when the second opens with an indicator's name, and so is a
    clause after a comma that asks the same of a part ("…, riêng hộ nghèo DTTS?", "…, còn xã B?")."""
    pieces = _CLAUSE_SPLIT.split(question)
    parts = [pieces[0]]
    for k, (sep, clause) in enumerate(zip(pieces[1::2], pieces[2::2])):
        if (_ASKS.search(clause) and _ASKS.search(parts[-1])) or \
                (opens_part(clause) and _ASKS.search(parts[-1]) and names_something(clause)) or \
                (_AND.fullmatch(sep) and not _ASKS.search(parts[-1]) and names_something(parts[-1])
                 and _opens_indicator(clause) and _ASKS.search("".join(pieces[2 + 2 * k:]))):
            parts.append(clause)
        else:
            parts[-1] += sep + clause  # a clause asking nothing belongs to its neighbour
    return parts


def asks_something(clause: str) -> bool:
    """The clause holds a question word ("bao nhiêu", "mấy", "nào", "gì" …)."""
    return bool(_ASKS.search(clause))


# the phrases handing a question back to the earlier one ("… thì sao?"): their "sao" asks nothing of its own
_FOLLOW_UP_PHRASES = re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for cue in FOLLOW_UP_CUES
                                         for w in sorted({cue, fold(cue)})), re.I)


def asks_of_its_own(question: str) -> bool:
    """A question word outside the follow-up phrases: "Thế còn chỉ tiêu năm 2027 thì sao?" asks
    what the earlier question did; "Thế còn bao nhiêu hộ cận nghèo?" asks its own."""
    return asks_something(_FOLLOW_UP_PHRASES.sub(" ", question))


def names_something(clause: str, places: list | None = None) -> bool:
    """Two words or more that name a thing asked ("số hộ nghèo"), not a year, a place or a filler."""
    return len({t for t in content_syllables(clause, places or []) if "_" not in t}) >= 2


_INDICATOR_HEADS = tuple(f" {fold(w)} " for w in lexicon.words("indicator_head"))
_PART_OPENINGS = tuple(f" {fold(w)} " for w in lexicon.words("part_opening"))


def opens_part(clause: str) -> bool:
    """The clause opens with "riêng", "trong đó" or "còn": it asks again, of a part or of another thing."""
    return f" {' '.join(fold(s) for s in syllables(clause))} ".startswith(_PART_OPENINGS)


def _opens_indicator(clause: str) -> bool:
    """The clause opens with an indicator's name ("tỷ lệ …", "số …", "tổng …"): "… và tỷ lệ hộ
    nghèo" names a second thing; "nông, lâm nghiệp và thủy sản", "xã A và xã B" do not."""
    opening = f" {' '.join(fold(s) for s in syllables(clause))} "
    return opening.startswith(_INDICATOR_HEADS)


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


Asked = Need  # the name quoting code and tests knew it by


def need_of(index: LoadedIndex, q: Query) -> Need:
    """What a passage must hold to answer the question (see features.Need)."""
    weights = query_weights(index, q)
    # a follow-up asking nothing of its own ("Thế còn năm 2029?") asks what the earlier question did
    asking = q.context if q.context and not asks_of_its_own(q.question) else q.question
    return Need(weights, _figure_asked(q) or (asking != q.question and _wants_number(asking)), q.intent, tuple(q.years),
                max(_parts(q.question), len(question_parts(q.question))),
                asked_unit(q.question) or asked_unit(asking) or (), q.listing, q.question, q.who, q.comparison,
                asked_period(q.question), names_whole_year(q.question), _asks_basis(q.question), asks_table(q.question),
                asks_reason=asks_reason(q.question),
                **_unknown(index, weights))


def _unknown(index: LoadedIndex, weights: dict[str, float]) -> dict:
    """The question's words no plan writes, and their share of its word weight: everyday words
    for the plans' terms ("rủ thêm người" for "vận động"). A word of an official indicator's name
    is the plans' own term ("nước sạch"): when no plan indexed writes it, the plans lack the
    topic, which the coverage of the passages says, rather than the question putting it in other
    words (an index of one commune's plan lacks most indicators)."""
    words = {t: w for t, w in weights.items() if "_" not in t}
    unknown = frozenset(t for t in words if not index.doc_freq(t) and t not in name_words())
    total = sum(words.values())
    return {"unknown": unknown, "unknown_share": sum(words[t] for t in unknown) / total if total else 0.0}


def _asks_basis(question: str) -> bool:
    """The documents a plan rests on are asked ("căn cứ vào nghị quyết nào?"): "căn cứ" as two
    whole syllables, typed with or without accents."""
    return " can cu " in " " + " ".join(fold(s) for s in syllables(question)) + " "


_REASON_CUES = lexicon.words("reason_cue")


def asks_reason(question: str) -> bool:
    """A cause is asked: "vì sao", "tại sao", "do đâu", "nguyên nhân", or a question opening with
    "sao" ("Sao năm nay ít vậy?"; a closing "… thì sao?" asks what about), with or without accents."""
    first = syllables(question)[:1]
    return _has_word(question, _REASON_CUES, ()) or (bool(first) and fold(first[0]).lower() == "sao")


_TABLE_CUES = lexicon.words("table_cue")


def asks_table(question: str) -> bool:
    """The question points at a table ("theo bảng chỉ tiêu", "biểu số 02", "phụ lục"): cues of two
    words, as a lone "bảng" may be a notice board and, typed without accents, "bằng"."""
    return _has_word(question, _TABLE_CUES, ())


asked = need_of
