"""Uploading a plan that is already indexed in another format: the «Kế hoạch» page asks
«Thay thế / Giữ cả hai / Huỷ» while the file waits in quarantine (AppTest, hashing encoder,
tiny plans made here)."""
from __future__ import annotations

import hashlib
import json

import pytest
from streamlit.testing.v1 import AppTest

from assistant import store, uploads
from assistant.accounts import User
from assistant.embedding import hashing_encoder
from assistant.indexing import build_index
from assistant.retrieval import open_index

from pdfmaker import make_docx

PLAN = ("UBND XÃ YÊN HÒA\nSố: 5/KH-UBND\n\nKẾ HOẠCH\nPhát triển kinh tế - xã hội năm 2025\n\n"
        "1. Thu ngân sách trên địa bàn đạt 5,2 tỷ đồng, tăng 6% so với năm 2024.\n\n"
        "2. Tỷ lệ hộ nghèo giảm còn 1,5% theo chuẩn nghèo đa chiều.\n")
OTHER = PLAN.replace("YÊN HÒA", "AN BÌNH").replace("5,2 tỷ", "3,1 tỷ")
PLANS_PAGE = "from assistant import plans_page\nplans_page.render()\n"
QUESTION = "Thay thế kế hoạch cũ hay giữ cả hai?"


@pytest.fixture()
def dirs(tmp_path, monkeypatch):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "yen_hoa.txt").write_text(PLAN, encoding="utf-8")
    (corpus / "an_binh.txt").write_text(OTHER, encoding="utf-8")
    build_index(corpus, index, hashing_encoder())
    monkeypatch.setenv("ASSISTANT_EMBED_MODEL", "hashing")
    monkeypatch.setenv("ASSISTANT_CORPUS", str(corpus))
    monkeypatch.setenv("ASSISTANT_INDEX", str(index))
    return corpus, index


def plain(value: str) -> str:
    return value.replace("\\", "")


def asked(at: AppTest) -> list[str]:
    return [plain(w.value) for w in at.warning if QUESTION in plain(w.value)]


def upload_copy(corpus) -> AppTest:
    at = AppTest.from_string(PLANS_PAGE, default_timeout=120).run()
    at.file_uploader(key="uploads").set_value([("Yên Hòa bản Word.docx", make_docx(PLAN),
                                                "application/vnd.openxmlformats-officedocument."
                                                "wordprocessingml.document")]).run()
    assert not at.exception, at.exception
    return at


def click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception
    return at


def audit_lines(index) -> list[dict]:
    return [json.loads(x) for x in (index / "audit.jsonl").read_text(encoding="utf-8").splitlines()]


def live(index):
    return open_index(index, hashing_encoder())


def test_a_copy_in_another_format_is_asked_about_and_waits_in_quarantine(dirs):
    corpus, index = dirs
    build = store.build_id(index)
    at = upload_copy(corpus)
    [question] = asked(at)
    assert question.startswith("«Yên Hòa bản Word.docx» là cùng kế hoạch với «") and "yen_hoa.txt" in question
    assert {b.label for b in at.button} >= {"Thay thế", "Giữ cả hai", "Huỷ"}
    assert sorted(p.name for p in corpus.iterdir()) == ["an_binh.txt", "yen_hoa.txt"]
    assert store.build_id(index) == build
    [held] = uploads.pending(index)
    waiting = (index / "quarantine" / "pending" / held.saved_as).read_bytes()  # the bytes, kept until decided
    assert hashlib.sha256(waiting).hexdigest() == held.sha256 and held.twin == "yen_hoa.txt"
    at.run()  # a rerun (or another session) still asks, and nothing was read or saved again
    assert len(asked(at)) == 1 and store.build_id(index) == build
    again = AppTest.from_string(PLANS_PAGE, default_timeout=120).run()
    assert len(asked(again)) == 1


def test_keep_both_indexes_the_plan_once_and_says_so(dirs):
    corpus, index = dirs
    before = live(index)
    at = click(upload_copy(corpus), "Giữ cả hai")
    assert not asked(at) and not uploads.pending(index)
    assert (corpus / "Yên Hòa bản Word.docx").is_file()
    infos = [plain(i.value) for i in at.info]
    assert "Yên Hòa bản Word.docx: cùng kế hoạch với «yen_hoa.txt»: chỉ lập chỉ mục một lần." in infos
    after = live(index)
    assert sorted(d.source for d in after.docs) == sorted(d.source for d in before.docs)
    assert len(after.passages) == len(before.passages)  # passages not doubled
    assert audit_lines(index)[-1]["action"] == "upload"


def test_replace_moves_the_old_file_aside_and_indexes_the_new_one(dirs):
    corpus, index = dirs
    at = click(upload_copy(corpus), "Thay thế")
    assert not asked(at)
    assert sorted(p.name for p in corpus.iterdir()) == ["Yên Hòa bản Word.docx", "an_binh.txt"]
    [kept] = list((index / "removed").glob("*-yen_hoa.txt"))
    assert kept.read_text(encoding="utf-8") == PLAN
    assert sorted(d.source for d in live(index).docs) == ["Yên Hòa bản Word.docx", "an_binh.txt"]
    line = audit_lines(index)[-1]
    assert (line["action"], line["file"], line["detail"]) == ("replace", "Yên Hòa bản Word.docx",
                                                              "replaces yen_hoa.txt")


def test_cancel_drops_the_upload_and_saves_nothing(dirs):
    corpus, index = dirs
    build = store.build_id(index)
    at = click(upload_copy(corpus), "Huỷ")
    assert not asked(at) and not uploads.pending(index)
    assert not list((index / "quarantine" / "pending").iterdir())
    assert sorted(p.name for p in corpus.iterdir()) == ["an_binh.txt", "yen_hoa.txt"]
    assert store.build_id(index) == build
    assert audit_lines(index)[-1]["action"] == "upload dropped"


def test_only_an_editor_decides(dirs):
    corpus, index = dirs
    upload_copy(corpus)
    [held] = uploads.pending(index)
    with pytest.raises(PermissionError):
        uploads.decide_pending(User("đọc", "reader"), corpus, index, held.saved_as, "replace")
    assert uploads.pending(index)


def test_a_waiting_upload_outlives_the_stale_quarantine_clearing(dirs):
    corpus, index = dirs
    upload_copy(corpus)
    uploads.clear_stale(index / "quarantine", older_than_s=-1)  # what a later upload does to leftovers
    assert len(uploads.pending(index)) == 1


def test_the_build_report_of_a_copy_reads_in_vietnamese():
    from assistant import ui
    from assistant.freshness import same_plan_report

    r = same_plan_report("b.docx", "a.txt")
    assert ui.file_line(r) == "b.docx — cùng kế hoạch với «a.txt»: chỉ lập chỉ mục một lần"
    assert ui.build_notices(type("R", (), {"files": [r]})()) == [("info", ui.file_line(r))]
