"""What the command line prints: plan text without terminal escapes or bidi overrides (the
citations still pointing into the original text), and a batch that survives bad lines."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main, parse_question
from assistant.display import display_text, safe_json
from assistant.indexing import build_index

HOSTILE = ("KẾ HOẠCH phát triển kinh tế - xã hội năm 2024 của xã Tân Mỹ\n\n"
           "I. MỤC TIÊU NĂM 2024\n\n"
           "- Tổng sản lượng lương thực có hạt năm 2024 của xã Tân Mỹ đạt 6600\x1b[1A\x1b[2K\r9999 tấn; "
           "thu nhập bình quân \u202e58 triệu đồng\u202c\x1b]0;owned\x07 mỗi người.\n")
QUESTION = "Tổng sản lượng lương thực có hạt năm 2024 của xã Tân Mỹ là bao nhiêu tấn?"
DANGEROUS = ("\x1b", "\r", "\u202e", "\u202c", "\x07", "\x9b")


def test_display_text_removes_escapes_controls_and_bidi():
    assert display_text("a\x1b[31mred\x1b[0m b") == "ared b"
    assert display_text("6600\x1b[2K\r9999") == "66009999"
    assert display_text("x\x1b]0;title\x07y\x9b2Jz") == "xyz"
    assert display_text("\u202etấn 0066\u202c") == "tấn 0066"
    assert display_text("dòng 1\n\tdòng 2\x00\x7f") == "dòng 1\n\tdòng 2"
    assert display_text("Tỷ lệ hộ nghèo 2,1%") == "Tỷ lệ hộ nghèo 2,1%"


def test_safe_json_is_the_same_data_without_raw_controls():
    value = {"text": "a\u202eb\x1b[2Kc\x85d", "n": 1}
    text = safe_json(value)
    assert not any(ch in text for ch in DANGEROUS + ("\x85",))
    assert json.loads(text) == value


@pytest.fixture()
def hostile_index(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("ASSISTANT_EMBED_MODEL", "hashing")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "tan_my.txt").write_text(HOSTILE, encoding="utf-8")
    from assistant.embedding import hashing_encoder
    build_index(corpus, tmp_path / "index", hashing_encoder())
    return tmp_path / "index"


def test_ask_prints_no_escape_sequences_from_a_plan(hostile_index, capsys):
    assert main(["ask", QUESTION, "--index", str(hostile_index)]) == 0
    out = capsys.readouterr().out
    assert "6600" in out and "9999 tấn" in out
    assert not any(ch in out for ch in DANGEROUS), repr(out)


def test_ask_json_keeps_offsets_into_the_original_text(hostile_index, capsys):
    assert main(["ask", QUESTION, "--index", str(hostile_index), "--json"]) == 0
    out = capsys.readouterr().out
    assert not any(ch in out for ch in DANGEROUS), repr(out)
    [c, *_] = json.loads(out)["citations"]
    assert HOSTILE[c["start"]:c["end"]] == c["text"] and "\x1b[1A" in c["text"]


# ------------------------------------------------------------------ batch

def test_batch_reports_bad_lines_by_number_and_answers_the_others(built_index, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ASSISTANT_EMBED_MODEL", "hashing")
    good = "Tổng thu ngân sách Nhà nước năm 2024 của thị trấn Hùng Sơn là bao nhiêu?"
    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join([
        json.dumps({"id": "a", "question": good}, ensure_ascii=False),
        '{"id": "b", "question": "thiếu ngoặc',
        "",
        json.dumps({"id": "c", "question": 42}),
        json.dumps({"id": "d", "question": good, "history": "not a list"}, ensure_ascii=False),
        "[1, 2]",
        json.dumps({"id": "e", "question": good}, ensure_ascii=False),
    ]), encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    assert main(["batch", str(questions), "--index", str(built_index), "--out", str(out)]) == 2
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", None, "c", "d", None, "e"]
    assert [r.get("line") for r in rows] == [None, 2, 4, 5, 6, None]
    assert "16.074.000.000" in rows[0]["answer"] and "16.074.000.000" in rows[-1]["answer"]
    for r in rows[1:-1]:
        assert r["error"] and r["not_found"] is True and r["citations"] == [] and r["answer"] == ""
    err = capsys.readouterr().err
    assert f"{questions}:2: not valid JSON" in err
    assert f"{questions}:4: \"question\" must be text, not int" in err
    assert "Traceback" not in err


def test_parse_question_says_what_is_wrong():
    assert parse_question('{"question": "x"}') == ({"question": "x"}, "")
    assert parse_question("{bad")[1].startswith("not valid JSON")
    assert parse_question('"just text"')[1] == "not a JSON object"
    assert parse_question('{"question": null}')[1] == '"question" must be text, not NoneType'


def test_the_page_shows_plan_text_without_bidi_overrides_and_marks_the_right_words():
    from assistant import ui
    text = "đạt \u202e6600 tấn\u202c\x1b[2K; chi 9 tỷ"
    span = (text.index("6600"), text.index("tấn") + 3)  # offsets into the original text
    shown = ui.marked_html(text, span)
    assert not any(ch in shown for ch in DANGEROUS)
    assert '">6600 tấn</mark>' in shown
    assert ui.md_escape("tệp\x00 mới\u202e.txt") == "tệp mới\\.txt"
    assert "\u202e" not in ui.answer_html("Theo kế hoạch: \u202e99 [1]")

