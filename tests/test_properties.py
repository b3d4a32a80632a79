"""Property-based tests (hypothesis) for the Vietnamese text layer, the chunker and the
answerer: on plan-like Vietnamese text built from the real plans' syllables, and on
arbitrary text."""
from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.answering import answer_question
from assistant.chunking import MAX_CHARS, chunk
from assistant.vietnamese import fold, has_diacritics, query_terms, syllables, terms, tone_placed

from conftest import CORPUS

EXAMPLES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ------------------------------------------------------------------ generators

_PLANS = "\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
# Every Vietnamese syllable the real plans use (one-letter ones such as "ở", "y", "à" included;
# a stray word in Cyrillic letters left out).
WORDS = sorted({w.lower() for w in re.findall(r"[^\W\d_]+", unicodedata.normalize("NFC", _PLANS))
                if w.isalpha() and fold(w).isascii()})
ONE_LETTER = ["ở", "y", "à", "ý", "ạ", "ô", "ơ", "ư", "ủ", "ế", "a", "o", "u"]
ABBREVIATIONS = ["UBND", "HĐND", "KT-XH", "BHYT", "ANQP", "TT", "P.", "NTM", "THCS"]
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

syllable = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(WORDS).map(str.capitalize),
    st.sampled_from(WORDS).map(str.upper),
    st.sampled_from(ONE_LETTER),
)


def _number(n: int, decimals: int) -> str:
    whole = f"{n:,}".replace(",", ".")
    return whole if decimals == 0 else f"{whole},{decimals}"


number = st.builds(_number, st.integers(0, 10**12), st.integers(0, 99))
figure = st.one_of(number, number.map(lambda n: n + "%"), st.integers(2000, 2030).map(str))
word = st.one_of(syllable, syllable, syllable, figure, st.sampled_from(ABBREVIATIONS))
superscript = st.integers(1, 30).map(lambda n: str(n).translate(str.maketrans("0123456789", SUPERSCRIPTS)))
marker = st.one_of(st.just(""), superscript, superscript.map(lambda m: f"⁽{m}⁾"))  # "đạt¹", "đạt⁽¹⁾"
sentence = st.builds(lambda ws, end, m: " ".join(ws) + m + end,
                     st.lists(word, min_size=1, max_size=25), st.sampled_from([".", ";", ":", ",", ""]), marker)
paragraph = st.one_of(
    st.lists(sentence, min_size=1, max_size=30).map(" ".join),
    # plans repeat whole sentences ("Đạt 100% kế hoạch."); long runs exercise the splitter
    st.builds(lambda s, k: " ".join([s] * k), sentence, st.integers(2, 40)),
)
cell = st.one_of(figure, st.lists(syllable, min_size=1, max_size=6).map(" ".join), st.just(""))
line = st.one_of(
    paragraph,
    sentence.map(lambda s: "- " + s),
    sentence.map(lambda s: "+ " + s),
    st.builds(lambda n, s: f"({n}) {s}", st.integers(1, 30), sentence),
    st.builds(lambda n, s: f"{n}. {s}", st.integers(1, 9), sentence),
    st.builds(lambda a, b, s: f"{a}.{b}. {s}", st.integers(1, 9), st.integers(1, 9), sentence),
    st.builds(lambda c, s: f"{c}) {s}", st.sampled_from("abcdđe"), sentence),
    sentence.map(lambda s: f"**{s}**"),
    sentence.map(lambda s: f"# {s}"),
    st.builds(lambda r, s: f"{r}. {s.upper()}", st.sampled_from(["I", "II", "III", "IV"]), sentence),
    st.lists(cell, min_size=2, max_size=6).map("\t".join),
    st.builds(lambda m, s: f"{m} {s}", marker.filter(bool), sentence),
    st.builds(lambda d, m: f"Hiệp Hòa, ngày {d} tháng {m} năm 2024", st.integers(1, 31), st.integers(1, 12)),
    st.just("Số: 232/BC-UBND"),
    st.just(""),
)
padding = st.sampled_from(["", "", "", " ", "  ", "\t", "\u00a0"])
plan_text = st.builds(
    # a BOM right before the first character (a BOM before spaces: see test_a_bom_before_spaces...)
    lambda bom, lines, eol: ("\ufeff" if bom else "") + eol.join(lines).lstrip(),
    st.booleans(),
    st.lists(st.builds(lambda a, x, b: a + x + b, padding, line, padding), min_size=1, max_size=40),
    st.sampled_from(["\n", "\n\n", "\r\n"]),
)
# Arbitrary text, biased towards the characters the chunker treats specially.
arbitrary_text = st.text(
    alphabet=st.one_of(st.characters(blacklist_categories=("Cs",)),
                       st.sampled_from(list("ab ở.;,:\n\n\t-+*#()¹²⁽⁾\r1 "))),
    max_size=1500,
)
# A unit repeated: pieces of a long paragraph recur in it (dotted leaders, repeated sentences).
repetitive_text = st.builds(
    lambda head, unit, k, tail: head + unit * k + tail,
    st.text(alphabet="ab ở.,\n", max_size=30),
    st.one_of(st.text(alphabet="ab ở.,;", min_size=1, max_size=40), sentence.map(lambda s: s + " ")),
    st.integers(2, 300),
    st.text(alphabet="ab ở.,\n", max_size=30),
).filter(lambda t: len(t) < 20_000)
vietnamese_text = st.lists(word, min_size=1, max_size=30).map(" ".join)
plain_vietnamese = st.lists(st.one_of(syllable, figure), min_size=1, max_size=30).map(" ".join)
_HANGUL = re.compile("[\uac00-\ud7a3]")
# Hangul syllables are left out where their NFC/NFD difference trips has_diacritics (see
# test_has_diacritics_is_the_same_for_nfc_and_nfd_text); combining marks that cannot compose
# are left out where they split a word (see test_a_mark_that_cannot_compose_stays_in_its_word).
any_text = st.one_of(vietnamese_text, st.text(max_size=200).filter(lambda t: not _HANGUL.search(t)))
composable_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Mn", "Mc", "Me")), max_size=200)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# ------------------------------------------------------------------ Vietnamese text layer


@EXAMPLES
@given(any_text)
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@EXAMPLES
@given(any_text)
def test_fold_leaves_no_combining_mark_and_no_d_bar(text):
    folded = fold(text)
    assert not any(unicodedata.combining(c) for c in folded)
    assert "đ" not in folded and "Đ" not in folded
    assert not has_diacritics(folded)  # a folded question reads as typed without accents


@EXAMPLES
@given(vietnamese_text)
def test_fold_of_vietnamese_is_plain_ascii_of_the_same_length(text):
    folded = fold(text)
    assert folded.isascii()
    assert len(folded) == len(text)


@EXAMPLES
@given(any_text)
def test_nfc_and_nfd_inputs_give_the_same_syllables_and_terms(text):
    composed = unicodedata.normalize("NFC", text)
    assert syllables(nfd(text)) == syllables(composed)
    assert terms(nfd(text)) == terms(composed)
    assert query_terms(nfd(text)) == query_terms(composed)
    assert fold(nfd(text)) == fold(composed)


@EXAMPLES
@given(any_text)
def test_terms_are_never_empty_nor_hold_spaces(text):
    for t in terms(text) + query_terms(text):
        bare = t.lstrip("~")
        assert bare and all(bare.split("_")), t
        assert not any(c.isspace() for c in t), t


@EXAMPLES
@given(st.lists(st.one_of(syllable, number), min_size=1, max_size=30),
       st.sampled_from([" ", ", ", "; ", " - ", "\n", "\t", ". "]))
def test_syllables_are_the_words_as_written(words, sep):
    """Words joined by spaces or punctuation come back one for one (one-letter words too), the
    tone mark of an old-style "oa/oe/uy" moved to the first vowel ("khoẻ" -> "khỏe")."""
    assert syllables(sep.join(words)) == [tone_placed(w.lower()) for w in words]


@EXAMPLES
@given(st.lists(syllable, max_size=10), st.sampled_from(ONE_LETTER), st.lists(syllable, max_size=10))
def test_one_letter_syllables_are_kept(before, letter, after):
    text = " ".join(before + [letter] + after)
    assert letter in syllables(text)
    assert "~" + fold(letter) in terms(text)


@EXAMPLES
@given(plain_vietnamese)
def test_a_question_typed_without_accents_asks_for_terms_the_accented_one_has(text):
    assert set(query_terms(fold(text))) <= set(query_terms(text))
    assert set(terms(fold(text), accents=False)) <= set(terms(text))


@EXAMPLES
@given(vietnamese_text)
def test_folded_abbreviated_question_keeps_the_accented_syllables(text):
    """With abbreviations the expansions appended differ ("KT-XH" expands in lower case,
    "ubnd" does not), so only the syllables are compared, not the bigrams across them."""
    single = lambda ts: {t for t in ts if "_" not in t}
    assert single(query_terms(fold(text))) <= single(query_terms(text))


@EXAMPLES
@given(composable_text)
def test_folded_terms_of_arbitrary_text_are_terms_of_the_text(text):
    assert set(terms(fold(text), accents=False)) <= set(terms(text))


def test_has_diacritics_is_the_same_for_nfc_and_nfd_text():
    assert has_diacritics(nfd("가")) == has_diacritics("가")
    assert query_terms(nfd("가")) == query_terms("가")


def test_a_mark_on_the_consonant_before_a_lone_i_folds_alike():
    assert set(terms(fold("ḢI"), accents=False)) <= set(terms("ḢI"))


def test_a_mark_that_cannot_compose_stays_in_its_word():
    text = "aq\u0303b"  # q + combining tilde: no precomposed letter exists
    assert syllables(text) == ["aq\u0303b"]
    assert set(terms(fold(text), accents=False)) <= set(terms(text))


# ------------------------------------------------------------------ chunker


def check_passages(text: str) -> None:
    passages = chunk(text)
    covered = bytearray(len(text))
    previous = None
    for p in passages:
        assert text[p.start:p.end] == p.text, "a passage is not an exact slice of its source"
        assert p.text.strip(), "empty passage"
        assert len(p.text) <= MAX_CHARS
        assert p.kind in ("heading", "paragraph", "item", "row", "table_header", "footnote", "recipients")
        if previous is not None:
            assert p.start > previous.start and p.end >= previous.end, "passages out of order"
        previous = p
        covered[p.start:p.end] = b"\x01" * (p.end - p.start)
    lost = "".join(c for c, hit in zip(text, covered) if not hit)
    assert lost.strip().replace("\ufeff", "") == "", f"text lost between passages: {lost.strip()[:80]!r}"


@EXAMPLES
@given(plan_text)
def test_chunks_of_plan_like_text(text):
    check_passages(text)
    for p in chunk(text):
        assert p.text == p.text.strip()


@EXAMPLES
@given(arbitrary_text)
def test_chunks_of_arbitrary_text(text):
    check_passages(text)


@EXAMPLES
@given(repetitive_text)
def test_chunks_of_repetitive_text(text):
    check_passages(text)


def test_repeated_sentences_in_a_long_paragraph_are_all_kept():
    """Found by test_chunks_of_repetitive_text: split_long looked each piece up from `cursor -
    len(piece)`, so a piece repeating an earlier one was placed on it and the end was lost."""
    text = "Số: 232/BC-UBND\n" + "a a anct anct anct. " * 40
    check_passages(text)
    text = " ".join(["Đạt 100% kế hoạch năm."] * 60)
    check_passages(text)


def test_a_bom_before_spaces_is_not_part_of_the_first_passage():
    text = "\ufeff  KẾ HOẠCH PHÁT TRIỂN KINH TẾ - XÃ HỘI NĂM 2024\nNội dung."
    assert chunk(text)[0].text.startswith("KẾ HOẠCH")


# ------------------------------------------------------------------ answering


questions = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(whitelist_categories=("P", "S", "Z")), max_size=200),  # punctuation, emoji
    vietnamese_text.map(lambda t: t + "?"),
    st.builds(lambda t, n: (t + " ") * n, vietnamese_text, st.integers(1, 400)),  # very long
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(questions, st.lists(st.one_of(vietnamese_text, st.text(max_size=100)), max_size=2))
def test_any_question_gets_an_answer_never_a_crash(loaded, encoder, question, history):
    result = answer_question(loaded, encoder, question, history)
    assert isinstance(result.text, str) and result.text.strip()
    assert isinstance(result.not_found, bool)
    if not re.search(r"\w", question[:1000]):
        assert result.not_found
    for c in result.citations:
        source = loaded.doc_text(c.source)
        assert source[c.start:c.end] == c.text
