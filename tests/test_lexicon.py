"""The vocabulary files load, and a malformed one stops with a message naming its line."""
import unicodedata

import pytest

from assistant import lexicon
from assistant.lexicon import SCHEMAS, VocabularyError, parse

ABBR = SCHEMAS["abbreviations"]
WORDS = SCHEMAS["question_words"]


def test_every_shipped_file_loads_and_every_entry_names_a_source():
    for name in SCHEMAS:
        rows = lexicon.rows(name)
        assert rows, name
        assert all(row["source"].strip() for row in rows)


def test_no_entry_cites_an_evaluation_question():
    for name in SCHEMAS:
        for row in lexicon.rows(name):
            source = row["source"].lower()
            assert "held-out" not in source and "heldout" not in source and "eval" not in source
            assert "fresh" not in source and "câu hỏi đánh giá" not in source


def test_a_good_file_parses():
    rows = parse("t.tsv", "key\texpansion\tsource\nbhyt\tbảo hiểm y tế\tLuật Bảo hiểm y tế\n", ABBR)
    assert rows == [{"key": "bhyt", "expansion": "bảo hiểm y tế", "source": "Luật Bảo hiểm y tế"}]


@pytest.mark.parametrize("text, message", [
    ("key\texpansion\nbhyt\tbảo hiểm y tế\n", "missing column(s) source"),
    ("key\texpansion\tsource\nbhyt\tbảo hiểm y tế\t \n", ":2: empty source"),
    ("key\texpansion\tsource\nbhyt\tbảo hiểm y tế\n", ":2: 2 cells"),
    ("key\texpansion\tsource\nbhyt\tbảo hiểm y tế\tA\nbhyt\tbảo hiểm y tế\tB\n", ":3: duplicate of line 2"),
    ("key\texpansion\tsource\nBHYT\tbảo hiểm y tế\tA\n", "key must be lower case"),
    ("key\texpansion\tsource\nbhyt\tbảo hiểm y tế \tA\n", "stray spaces in expansion"),
    ("", "empty file"),
])
def test_a_malformed_file_raises_a_clear_error(text, message):
    with pytest.raises(VocabularyError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse("t.tsv", text, ABBR)


def test_text_not_in_nfc_is_refused():
    nfd = unicodedata.normalize("NFD", "bảo hiểm y tế")
    with pytest.raises(VocabularyError, match="not NFC"):
        parse("t.tsv", f"key\texpansion\tsource\nbhyt\t{nfd}\tA\n", ABBR)


def test_the_same_phrase_may_sit_in_two_lists_but_not_twice_in_one():
    ok = "list\tphrase\tsource\nstopword\tnào\tA\ncomparison\tnào\tB\n"
    assert len(parse("t.tsv", ok, WORDS)) == 2
    with pytest.raises(VocabularyError, match="duplicate"):
        parse("t.tsv", ok + "stopword\tnào\tC\n", WORDS)


def test_a_synonym_in_two_groups_is_refused(tmp_path, monkeypatch):
    (tmp_path / "synonyms.tsv").write_text("members\tsource\nlợn | heo\tA\nheo | lợn rừng\tB\n", encoding="utf-8")
    monkeypatch.setattr(lexicon, "FOLDER", tmp_path)
    lexicon.rows.cache_clear()
    try:
        with pytest.raises(VocabularyError, match="'heo' is in two groups"):
            lexicon.groups("synonyms")
    finally:
        lexicon.rows.cache_clear()


def test_a_list_with_no_entries_is_an_error():
    with pytest.raises(VocabularyError, match="no entries for list 'no_such_list'"):
        lexicon.words("no_such_list")


def _load_from(tmp_path, monkeypatch, name, text):
    (tmp_path / f"{name}.tsv").write_text(text, encoding="utf-8")
    monkeypatch.setattr(lexicon, "FOLDER", tmp_path)
    lexicon.rows.cache_clear()


def test_units_map_a_unit_to_its_written_forms_in_order(tmp_path, monkeypatch):
    _load_from(tmp_path, monkeypatch, "units", "unit\tforms\tsource\ntấn\ttấn | tạ\tA\nha\tha\tB\n")
    try:
        assert lexicon.forms("units") == {"tấn": ("tấn", "tạ"), "ha": ("ha",)}
    finally:
        lexicon.rows.cache_clear()


@pytest.mark.parametrize("forms", ["tấn | tấn", "tấn | ", "tấn |  tạ"])
def test_repeated_or_empty_unit_forms_are_refused(tmp_path, monkeypatch, forms):
    _load_from(tmp_path, monkeypatch, "units", f"unit\tforms\tsource\ntấn\t{forms}\tA\n")
    try:
        with pytest.raises(VocabularyError):
            lexicon.forms("units")
    finally:
        lexicon.rows.cache_clear()


def test_role_patterns_compile_and_a_broken_one_is_refused(tmp_path, monkeypatch):
    _load_from(tmp_path, monkeypatch, "role_labels", "pattern\tlabel\tsource\n(?m)^Số\\s*:\tsố hiệu\tA\n")
    try:
        [(pattern, label)] = lexicon.patterns("role_labels")
        assert label == "số hiệu" and pattern.search("Kính gửi\nSố: 12/KH-UBND")
        _load_from(tmp_path, monkeypatch, "role_labels", "pattern\tlabel\tsource\n(?:TM\tngười ký\tA\n")
        with pytest.raises(VocabularyError, match="does not compile"):
            lexicon.patterns("role_labels")
    finally:
        lexicon.rows.cache_clear()


def test_the_moved_lists_keep_their_shapes():
    from assistant import features, indexing, need, retrieval
    assert need.UNITS["tấn"] == ("tấn", "tạ") and need._FOLDED_QUANTITY_CUES == ("bao nhieu", "may", "ty le")
    assert {"dân", "dan"} <= need._NOUNS_ENDING_IN_SO and "gi" in need._OPEN_QUESTION
    assert "ket qua" in features.RESULT_COLUMNS and "chi tieu" in features.TARGET_COLUMNS
    assert {"so", "sanh", "phuong", "dia"} <= retrieval.COMPARISON_TERMS
    assert indexing.role_labels("V/v kế hoạch\nSố: 5/KH\nTM. ỦY BAN NHÂN DÂN") == [
        "số hiệu văn bản, ngày ban hành", "người ký văn bản"]


def test_contrast_kinds_load_and_a_group_of_one_kind_is_refused(tmp_path, monkeypatch):
    kinds = {(group, member): spellings for group, member, spellings in lexicon.kinds()}
    assert kinds[("vụ lúa", "mùa")] == ("vụ mùa", "lúa mùa")
    assert "chi ngân sách" in kinds[("ngân sách", "chi")] and "thu ngân sách" in kinds[("ngân sách", "thu")]
    _load_from(tmp_path, monkeypatch, "contrasts",
               "group\tmember\tspellings\tsource\nvụ lúa\tmùa\tvụ mùa\tA\n")
    try:
        with pytest.raises(VocabularyError, match="group 'vụ lúa' needs two kinds"):
            lexicon.kinds("contrasts")
    finally:
        lexicon.rows.cache_clear()
