"""The Vietnamese text layer: normalisation, diacritics folding, syllables, bigrams, abbreviations.

Retrieval works on *terms* built from syllables:
  - the syllable as written, lower case, NFC ("xã", "ở", "y" are kept: one letter is a word),
    spelt one way where plans differ ("hoá"/"hóa", "thuỷ"/"thủy", "tỉ lệ"/"tỷ lệ" are one syllable);
  - its folded form with a "~" prefix ("~xa"), so questions typed without accents match;
  - folded syllable bigrams ("~tho_xuong"), so "Thọ Xương" beats "Thọ" + "Xương" apart;
  - the folded expansion of administrative abbreviations ("bhyt" → "bảo hiểm y tế"), both in
    plans and in questions, so either way of writing meets the other.
A question typed with no diacritics at all only uses the folded terms.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from . import lexicon

# A word is letters, with any combining mark NFC could not compose kept inside it.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_](?:[^\W\d_]|[\u0300-\u036f])*", re.UNICODE)

# General abbreviations of Vietnamese administrative writing (not tied to any plan), each with
# its source in vocabulary/abbreviations.tsv. Keys are folded, lower case, with hyphens/ampersands
# dropped ("KT-XH" -> "ktxh").
ABBREVIATIONS: dict[str, str] = lexicon.mapping("abbreviations")

# Abbreviations whose meaning depends on what follows: before a capitalised name they name a
# place kind ("TT Thắng", "P. Thọ Xương"); "TT" before a number is a circular (Thông tư 01/2023).
PLACE_ABBREVIATIONS = lexicon.mapping("place_abbreviations")
_TT_BEFORE_NUMBER = "thông tư"
_CT_BEFORE_BODY = "chủ tịch"
_HEADED_BODIES = {"ubnd", "hdnd", "ubmttq", "mttq", "ub"}

# Plan phrasing that officials paraphrase: each group's members are looked up as one another
# (vocabulary/synonyms.tsv, each group with its dictionary or administrative source).
SYNONYMS: tuple[tuple[str, ...], ...] = lexicon.groups("synonyms")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Strip diacritics (đ→d) after lower-casing: 'Thọ Xương' -> 'tho xuong'."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def has_diacritics(text: str) -> bool:
    return fold(text) != unicodedata.normalize("NFD", text.lower())


def syllables(text: str) -> list[str]:
    """NFC lower-case syllables and numbers, one-letter syllables included, tones placed one way."""
    return [tone_placed(s) for s in _TOKEN.findall(nfc(text).lower())]


# Plans mix the old and new tone placement of open "oa", "oe", "uy" ("hoá"/"hóa", "khoẻ"/"khỏe",
# "thuỷ"/"thủy"); the canonical form puts the mark on the first vowel. "qu" is a consonant
# ("quý", "quả"), and a final consonant always takes the mark on the second vowel ("hoàn").
_OLD_TONE = re.compile(r"(?<!q)([ou])([aey])([\u0300\u0301\u0303\u0309\u0323])$")


# Plans also write a lone "i" or "y" after t, k, l, m, h, s either way ("tỉ lệ"/"tỷ lệ",
# "kì họp"/"kỳ họp", "lí do"/"lý do"): the canonical form is "y". ("thi", "chi" are other words.)
_I_OR_Y = re.compile(r"^([tklmhs][\u0300-\u036f]*)i([\u0300-\u036f]*)$")  # any mark, so folding commutes with it


@lru_cache(maxsize=1 << 16)
def tone_placed(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable)
    moved = _I_OR_Y.sub(r"\1y\2", _OLD_TONE.sub(r"\1\3\2", decomposed))
    return syllable if moved == decomposed else unicodedata.normalize("NFC", moved)


def _abbrev_key(word: str) -> str:
    return fold_syllable(word).replace("-", "").replace("&", "")


def expand_abbreviations(text: str) -> str:
    """Append the long form of each abbreviation found (the text itself is kept).

    'Tỷ lệ BHYT' -> 'Tỷ lệ BHYT bảo hiểm y tế'. Place abbreviations expand only before a
    capitalised word; 'TT' before a number reads as Thông tư.
    """
    words = re.findall(r"[\w&.-]+", nfc(text))
    extra: list[str] = []
    for i, raw in enumerate(words):
        word = raw.strip(".-")
        if not (word.isupper() or "-" in raw):
            continue  # abbreviations are written in capitals (or hyphenated, as "kt-xh")
        key = _abbrev_key(word)
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if key == "ct" and _abbrev_key(nxt) in _HEADED_BODIES:
            extra.append(_CT_BEFORE_BODY)  # "CT UBND" is its chairman, "12-CT/TU" a directive
            continue
        if key in ABBREVIATIONS and (word.isupper() or "-" in raw):
            extra.append(ABBREVIATIONS[key])
            continue
        if "-" in word:  # "CN-TTCN": a compound of abbreviations
            extra.extend(ABBREVIATIONS[_abbrev_key(part)] for part in word.split("-")
                         if part.isupper() and _abbrev_key(part) in ABBREVIATIONS)
            continue
        if key in PLACE_ABBREVIATIONS and word.isupper():
            if nxt[:1].isupper():
                extra.append(PLACE_ABBREVIATIONS[key])
            elif key == "tt" and nxt[:1].isdigit():
                extra.append(_TT_BEFORE_NUMBER)
    return text if not extra else text + " " + " ".join(extra)


# An abbreviation a document defines as it goes: "phổ cập giáo dục, xóa mù chữ (PCGD, XMC)",
# "tổ tiết kiệm và vay vốn (tổ TK&VV)". Each is matched to the words just before it by their
# initials, right to left, "và" skipped where the abbreviation leaves it out (Schwartz & Hearst's
# rule for biomedical text, with syllables for words).
_DEFINITION = re.compile(r"\(([^()\n]{2,60})\)")
_DEFINED = re.compile(r"[A-ZĐ][A-ZĐ&]{1,9}")
_LONG_FORM_STOP = re.compile(r"[.;:()\[\]\n]")


def defined_abbreviations(text: str) -> dict[str, str]:
    """Abbreviations the text defines in brackets after their words (folded key -> long form
    as written); those the vocabulary already holds are left to it."""
    out: dict[str, str] = {}
    text = nfc(text)
    for m in _DEFINITION.finditer(text):
        candidates = [part.split()[-1] for part in re.split(r"[,;]", m.group(1)) if part.split()]
        if not candidates or not all(_DEFINED.fullmatch(c) for c in candidates):
            continue
        # the long form lies in the sentence just before the bracket, read from a window (not the
        # whole text up to it: a long plan has many brackets)
        start = max(0, m.start() - 300)
        stop = max((x.end() for x in _LONG_FORM_STOP.finditer(text, start, m.start())), default=start)
        words = re.findall(r"[^\W\d_]+|,", text[stop:m.start()])
        for abbr in reversed(candidates):
            while words and words[-1] in (",", "và"):
                words.pop()
            span = _initials_match(abbr, words)
            if not span:
                break
            key = _abbrev_key(abbr)
            # two letters ("CA", "TA") spell everyday syllables ("5 ca bệnh", "chúng ta")
            if len(key) > 2 and key not in ABBREVIATIONS and key not in PLACE_ABBREVIATIONS and key not in out:
                out[key] = " ".join(w for w in words[-span:] if w != ",")
            del words[-span:]
    return out


def _initials_match(abbr: str, words: list[str]) -> int:
    """How many of the last words spell `abbr` by their initials ("và" and commas between may
    be skipped), 0 when they do not."""
    letters = [fold(ch) for ch in abbr if ch.isalpha()]
    i, n = len(words), len(letters)
    while n and i:
        word = words[i - 1]
        if fold(word[0]) == letters[n - 1] and word != ",":
            n -= 1
        elif word not in (",", "và"):
            return 0
        i -= 1
    return len(words) - i if not n else 0


_LONG_FORMS = {key: " " + fold(long) + " " for key, long in ABBREVIATIONS.items()}


def folded_words(text: str) -> str:
    """The text's syllables folded, one space apart and one at each end, for finding a phrase."""
    return " " + " ".join(fold_syllable(s) for s in syllables(text)) + " "


def abbreviation_keys(text: str) -> set[str]:
    """Abbreviations whose long form the text spells out ('bảo hiểm y tế' -> {'bhyt'}), so a
    question typed with the abbreviation meets a plan that writes it in full."""
    folded = folded_words(text)
    return {key for key, long in _LONG_FORMS.items() if long in folded}


def synonym_matches(question: str, present: set[str]) -> set[str]:
    """Folded syllables of the question's plan phrases whose synonym the passage holds
    (`present`: the passage's folded syllables)."""
    out: set[str] = set()
    for member, group in _members_in(question):
        if any(all(w in present for w in fold(m).split()) for m in group if m != member):
            words = fold(member).split()
            out.update(words + [f"{a}_{b}" for a, b in zip(words, words[1:])])
    return out


@lru_cache(maxsize=1 << 10)
def _members_in(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The synonym-group members the text writes, each with its group.

    A member matches whole syllables only. A one-syllable member matches only that syllable as
    written with its accents ("heo" is not "hèo"), so a text typed without accents, where "lon"
    may be "lớn" as well as "lợn", expands none; a longer member matches its folded syllables."""
    sylls = syllables(text)
    written = set(sylls)
    folded = " " + " ".join(fold_syllable(s) for s in sylls) + " "
    accented = has_diacritics(text)
    linked = set(linked_phrases(text))
    found = []
    for member, (group, one_syllable, folded_member) in _SYNONYM_INDEX.items():
        if one_syllable:
            hit = accented and member in written
        else:
            hit = f" {folded_member} " in folded or tuple(folded_member.split()) in linked
        if hit:
            found.append((member, group))
    return tuple(found)


def synonym_phrase_positions(sylls: list[str]) -> set[int]:
    """Positions of the syllables that write a synonym-group member of several syllables
    ("không đạt", "chưa đạt"): a phrase of its own, though each of its words alone says little."""
    folded = [fold_syllable(s) for s in sylls]
    at: set[int] = set()
    for _, one_syllable, member in _SYNONYM_INDEX.values():
        if one_syllable:
            continue
        parts = member.split()
        for i in range(len(folded) - len(parts) + 1):
            if folded[i:i + len(parts)] == parts:
                at.update(range(i, i + len(parts)))
    return at


def _synonym_index() -> dict[str, tuple[tuple[str, ...], bool, str]]:
    """member (tone placed as syllables() writes it) -> (its group, one syllable?, folded)."""
    index = {}
    for group in SYNONYMS:
        for member in group:
            spelt = " ".join(syllables(member))
            index[spelt] = (tuple(" ".join(syllables(m)) for m in group), " " not in spelt, fold(spelt))
    return index


_SYNONYM_INDEX = _synonym_index()
_SYNONYM_BY_FOLD = {folded: group for group, _, folded in _SYNONYM_INDEX.values()}

# Words that only link a question's words (vocabulary/question_words.tsv: stopword, stop_phrase):
# everyday speech puts one inside a plan phrase ("giúp bà con làm ăn" says "giúp làm ăn"), so a
# member of several words is also matched with one such word or phrase left out between two of
# its words, within one clause. Never left out: words that join two things or negate ("và",
# "không": "thi không đỗ" is not "thi đỗ").
_KEPT_LINKS = frozenset({"và", "hoặc", "hay", "với", "không", "chưa", "chẳng", "chả", "chớ", "đừng"})
_LINKING_WORDS = frozenset(lexicon.words("stopword")) - _KEPT_LINKS
_FOLD_AMBIGUOUS = frozenset(lexicon.words("fold_ambiguous"))
_FOLDED_LINKING_WORDS = frozenset(fold(w) for w in _LINKING_WORDS) - _FOLD_AMBIGUOUS \
    - {fold(w) for w in _KEPT_LINKS}
_LINKING_PHRASES = tuple(tuple(syllables(p)) for p in lexicon.words("stop_phrase"))
_CLAUSE = re.compile(r"[,;:.?!()\[\]\n]+")
# members written without any linking word themselves ("đi bầu" is matched only as written),
# as written (accented) and folded
_LINK_FREE_MEMBERS = tuple(
    (tuple(spelt.split()), tuple(folded.split())) for spelt, (_, one, folded) in _SYNONYM_INDEX.items()
    if not one and not set(spelt.split()) & (_LINKING_WORDS | _KEPT_LINKS)
    and not any(" " + " ".join(p) + " " in f" {spelt} " for p in _LINKING_PHRASES))


def linked_phrases(text: str) -> list[tuple[str, ...]]:
    """The synonym-group members of several words (folded) the text writes only with one
    linking word or phrase inside, in one clause; as written when the text has accents."""
    accented = has_diacritics(text)
    out = []
    for clause in _CLAUSE.split(text):
        sylls = syllables(clause)
        if len(sylls) < 3:
            continue
        words = sylls if accented else [fold_syllable(s) for s in sylls]
        # a capitalised word past the clause's first is part of a name ("… Lộc Trung ước …")
        raw = _TOKEN.findall(nfc(clause))
        words = [w if i == 0 or not r[:1].isupper() else "" for i, (w, r) in enumerate(zip(words, raw))]
        for spelt, folded in _LINK_FREE_MEMBERS:
            member = spelt if accented else folded
            if _with_one_link(words, member, accented) and folded not in out:
                out.append(folded)
    return out


def _with_one_link(words: list[str], member: tuple[str, ...], accented: bool) -> bool:
    """The member's words follow one another in `words` with exactly one linking word or phrase
    between two of them."""
    n = len(member)
    for i in range(len(words) - n):
        if words[i] != member[0]:
            continue
        for k in range(1, n):  # the link sits before member[k]
            if tuple(words[i:i + k]) != member[:k]:
                break
            for gap in _links_at(words, i + k, accented):
                if tuple(words[i + k + gap:i + gap + n]) == member[k:]:
                    return True
    return False


def _links_at(words: list[str], at: int, accented: bool) -> list[int]:
    """Lengths of the linking words or phrases that start at `at`."""
    found = [len(p) for p in _LINKING_PHRASES
             if tuple(words[at:at + len(p)]) == (p if accented else tuple(fold_syllable(w) for w in p))]
    w = words[at] if at < len(words) else ""
    if w and (w in _LINKING_WORDS if accented else w in _FOLDED_LINKING_WORDS):
        found.append(1)
    return found


def synonyms_of(phrase: str) -> tuple[str, ...]:
    """The other members of the phrase's synonym group ("tổ dân phố" -> "thôn", "khu dân cư")."""
    key = fold(phrase)
    return tuple(m for m in _SYNONYM_BY_FOLD.get(key, ()) if fold(m) != key)


def expand_synonyms(text: str) -> str:
    """Append the other members of each synonym group whose phrase occurs in the text."""
    extra: list[str] = []
    for member, group in _members_in(text):
        extra.extend(m for m in group if m != member)
    return text if not extra else text + " " + " ".join(extra)


@lru_cache(maxsize=1 << 17)
def fold_syllable(syllable: str) -> str:
    """fold() for one syllable, cached: a corpus has a few thousand distinct syllables and
    folding them again for every passage was most of the build's own time."""
    return fold(syllable)


def terms(text: str, accents: bool = True, bigrams: bool = True) -> list[str]:
    """Index terms of a text (see module docstring). `accents=False` drops the as-written
    syllables, for questions typed without diacritics."""
    sylls = syllables(expand_abbreviations(text))
    folded = [fold_syllable(s) for s in sylls]
    out = list(sylls) if accents else []
    out.extend("~" + f for f in folded)
    if bigrams:
        out.extend(f"~{a}_{b}" for a, b in zip(folded, folded[1:]))
    return out


def query_terms(text: str) -> list[str]:
    """Terms of a question: abbreviations and plan synonyms expanded; accents only if typed."""
    return terms(expand_synonyms(text), accents=has_diacritics(text))


# Kinds of one indicator a plan reports apart (vocabulary/contrasts.tsv): "vụ mùa" and "vụ
# xuân", "thu" and "chi" of a budget, "thấp còi" and "nhẹ cân".
def _contrast_index() -> dict[str, list[tuple[tuple[str, ...], tuple[str, ...], str, str]]]:
    """first syllable (as written, and folded) -> [(spelling as written, folded, group, member)]."""
    index: dict[str, list] = {}
    for group, member, spellings in lexicon.kinds("contrasts"):
        for spelling in spellings:
            written = tuple(syllables(spelling))
            folded = tuple(fold_syllable(s) for s in written)
            for first in {written[0], folded[0]}:
                index.setdefault(first, []).append((written, folded, group, member))
    return index


_CONTRASTS = _contrast_index()


@lru_cache(maxsize=1 << 12)
def _syllable_spans(raw: str) -> tuple[tuple[int, int], ...]:
    """Where each syllable of `syllables(raw)` stands in the NFC text `raw`."""
    return tuple(m.span() for m in _TOKEN.finditer(raw.lower()))


def _in_a_name(raw: str, i: int) -> bool:
    """The i-th syllable of the NFC text `raw` is capitalised inside a name: after
    another word ("Cử tri Ngô Văn Tư", "xóm Mía") or before a capitalised one ("Ngô Quyền"); a
    capital opening a sentence, a line, a table cell or a row after the figures of the one before
    ("Lúa: …", "| Ngô | 96 |", "… 84,5 Bò con 1.236") is the word's own."""
    spans = _syllable_spans(raw)
    a, b = spans[i]
    if not raw[a:b][:1].isupper():
        return False
    after_word = i > 0 and not raw[spans[i - 1][1]:a].strip() and raw[spans[i - 1][0]].isalpha()
    before_name = i + 1 < len(spans) and not raw[b:spans[i + 1][0]].strip() and raw[spans[i + 1][0]].isupper()
    return after_word or before_name


OTHER_SENSE = "khác nghĩa"  # contrasts.tsv: words that hold a kind's spelling but name no kind


@lru_cache(maxsize=1 << 15)
def contrast_kinds(text: str) -> frozenset[tuple[str, str]]:
    """The (group, kind) pairs the text names: "sản lượng lúa vụ mùa" -> {("vụ lúa", "mùa")}.
    A text with accents is read as written (in "tổng chỉ tiêu" no "tổng chi" is named); one typed
    without accents, folded, and by a one-word spelling only if it is an abbreviation ("chi" may
    be "chỉ", "bhyt" is one thing). A spelling
    inside a longer one names nothing of its own ("vụ đông" inside "vụ đông xuân", "chi" inside
    "chi bộ", a word of another sense)."""
    sylls = syllables(text)
    accented = has_diacritics(text)
    seq = sylls if accented else [fold_syllable(s) for s in sylls]
    raw = nfc(text)
    hits = []
    for i, s in enumerate(seq):
        for written, folded, group, member in _CONTRASTS.get(s, ()):
            spelling = written if accented else folded
            if (accented or len(spelling) > 1 or spelling[0] in ABBREVIATIONS) \
                    and tuple(seq[i:i + len(spelling)]) == spelling \
                    and (len(spelling) > 1 or spelling[0] in ABBREVIATIONS or not _in_a_name(raw, i)):
                hits.append((i, i + len(spelling), group, member))
    return frozenset((g, m) for a, b, g, m in hits if m != OTHER_SENSE
                     and not any(a2 <= a and b <= b2 and b2 - a2 > b - a for a2, b2, _, _ in hits))
