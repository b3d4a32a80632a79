"""Honest failures: a full disk, a `current` that is not a link, Ctrl-C. Each is said in one
sentence, and the previous index keeps answering; one previous build is kept to fall back on."""
from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant import store
from assistant.answering import answer_question
from assistant.cli import main
from assistant.failures import build_failure, build_failure_vi
from assistant.indexing import build_index
from assistant.retrieval import open_index
from assistant.sandbox import BuildCancelled

from conftest import CORPUS, REPO

QUESTION = "Tỷ lệ hộ nghèo năm 2024 của phường Thọ Xương"
FIGURE = "0,5%"


@pytest.fixture()
def env(monkeypatch):
    monkeypatch.setenv("ASSISTANT_EMBED_MODEL", "hashing")


@pytest.fixture()
def corpus(tmp_path) -> Path:
    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest)
    return dest


def add_plan(corpus: Path, name: str = "mới.txt") -> None:
    """Another plan: a copy of the first with its own title (a copy under the same title would be
    the same plan in another file, indexed once)."""
    first = sorted(corpus.iterdir())[0]
    text = first.read_text(encoding="utf-8").replace("KẾ HOẠCH", f"KẾ HOẠCH {Path(name).stem.upper()}", 1)
    (corpus / name).write_text(text + "\nPhụ lục mới.\n", encoding="utf-8")


def answers(index_dir: Path, encoder) -> bool:
    return FIGURE in answer_question(open_index(index_dir, encoder), encoder, QUESTION).text


def index(corpus: Path, index_dir: Path, *extra: str) -> int:
    return main(["index", "--corpus", str(corpus), "--index", str(index_dir), *extra])


# ------------------------------------------------------------------ a full disk

def _full(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def _faiss_full(*args, **kwargs):
    raise RuntimeError("Error in faiss::FileIOWriter: fwrite failed: No space left on device")


@pytest.mark.parametrize("where", ["json", "faiss"])
def test_a_full_disk_is_one_sentence_and_the_old_index_answers(where, corpus, tmp_path, env, encoder, monkeypatch,
                                                                capsys):
    index_dir = tmp_path / "index"
    assert index(corpus, index_dir) == 0
    live = store.build_id(index_dir)
    add_plan(corpus)
    capsys.readouterr()
    if where == "json":
        monkeypatch.setattr(store, "_write_json", _full)
    else:
        import faiss
        monkeypatch.setattr(faiss, "write_index", _faiss_full)
    assert index(corpus, index_dir) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: the new index could not be written because the disk is full; "
                          "nothing was added or removed and the previous index still answers.")
    assert "1 file(s) listed above as indexed or removed are not" in err
    assert "Traceback" not in err and "RuntimeError" not in err and "Errno" not in err
    assert store.build_id(index_dir) == live
    assert not [p for p in (index_dir / "builds").iterdir() if p.name.startswith(".tmp-")]
    assert answers(index_dir, encoder)


def test_the_page_gets_the_same_failure_in_vietnamese():
    exc = store.write_failure(OSError(errno.ENOSPC, "No space left on device"))
    assert build_failure_vi(exc) == ("Không ghi được chỉ mục mới vì ổ đĩa đã đầy; chưa thêm hay bỏ tệp nào, "
                                     "chỉ mục trước vẫn đang trả lời.")
    assert build_failure_vi(BuildCancelled()).startswith("Đã dừng lập chỉ mục;")
    assert build_failure_vi(PermissionError(13, "Permission denied")).startswith("Không ghi được vào thư mục chỉ mục")
    assert build_failure(ValueError("odd"), previous=False) == "the index could not be built (odd); there is no index yet."


# ------------------------------------------------------------------ `current` not a link

@pytest.mark.parametrize("extra", [(), ("--rebuild",)])
def test_a_current_folder_is_moved_aside_and_replaced(extra, corpus, tmp_path, env, encoder, capsys):
    index_dir = tmp_path / "index"
    assert index(corpus, index_dir) == 0
    live = store.current_build(index_dir)
    (index_dir / "current").unlink()
    shutil.copytree(live, index_dir / "current")  # someone copied the build over the link
    capsys.readouterr()

    assert index(corpus, index_dir, *extra) == 0, capsys.readouterr().err
    assert (index_dir / "current").is_symlink()
    assert len(list(index_dir.glob("current.broken-*"))) == 1
    assert answers(index_dir, encoder)
    assert index(corpus, index_dir) == 0  # and the next build finds nothing to do
    assert capsys.readouterr().out.count("unchanged") == len(list(corpus.iterdir()))


def test_a_current_plain_file_is_repaired(corpus, tmp_path, env, encoder):
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    (index_dir / "current").write_text("not a link")
    assert index(corpus, index_dir) == 0
    assert (index_dir / "current").is_symlink() and answers(index_dir, encoder)


# ------------------------------------------------------------------ a previous build to fall back on

def test_the_previous_build_is_kept_until_the_next_is_live(corpus, tmp_path, encoder):
    index_dir = tmp_path / "index"
    build_index(corpus, index_dir, encoder)
    first = store.current_build(index_dir)
    add_plan(corpus)
    build_index(corpus, index_dir, encoder)
    second = store.current_build(index_dir)
    assert store.previous_build(index_dir) == first
    add_plan(corpus, "mới 2.txt")
    build_index(corpus, index_dir, encoder)
    assert sorted((index_dir / "builds").iterdir()) == sorted([second, store.current_build(index_dir)])

    third = store.current_build(index_dir)
    back = store.fall_back(index_dir)
    assert store.current_build(index_dir) == back and store.previous_build(index_dir) == third
    assert "mới.txt" in open_index(index_dir, encoder).doc_number
    assert "mới 2.txt" not in open_index(index_dir, encoder).doc_number
    add_plan(corpus, "mới 3.txt")
    build_index(corpus, index_dir, encoder)  # the build fallen back to is the one kept now
    assert store.previous_build(index_dir) == back


# ------------------------------------------------------------------ Ctrl-C

def test_ctrl_c_stops_a_build_cleanly(tmp_path, encoder):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    index_dir = tmp_path / "index"
    build_index(corpus, index_dir, encoder)
    live = store.build_id(index_dir)
    for i in range(30):
        add_plan(corpus, f"bản sao {i}.txt")
    # unbuffered: through a pipe the child's lines would otherwise all arrive when it exits, and
    # the signal would come after the build rather than during it
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "ASSISTANT_EMBED_MODEL": "hashing", "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "index", "--corpus", str(corpus),
                             "--index", str(index_dir)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    for line in proc.stdout:
        if line.startswith("indexed"):
            break
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "the build was cancelled; nothing was added or removed and the previous index still answers." in err
    assert "Traceback" not in err
    assert store.build_id(index_dir) == live
    with store.build_lock(index_dir):
        pass
    assert answers(index_dir, encoder)


def test_the_command_line_falls_back_to_the_previous_build(corpus, tmp_path, env, encoder, capsys):
    index_dir = tmp_path / "index"
    assert index(corpus, index_dir) == 0
    assert main(["index", "--index", str(index_dir), "--fall-back"]) == 1
    assert "no previous build" in capsys.readouterr().err
    add_plan(corpus)
    assert index(corpus, index_dir) == 0
    assert main(["index", "--index", str(index_dir), "--fall-back"]) == 0
    assert "mới.txt" not in open_index(index_dir, encoder).doc_number
    assert "previous build is live again" in capsys.readouterr().out


def test_the_page_says_a_full_disk_in_one_vietnamese_sentence(tmp_path, monkeypatch, built_index):
    from streamlit.testing.v1 import AppTest
    from conftest import NEW_PLAN
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(built_index, index_dir, symlinks=True)
    for key, value in {"ASSISTANT_EMBED_MODEL": "hashing", "ASSISTANT_CORPUS": str(corpus),
                       "ASSISTANT_INDEX": str(index_dir)}.items():
        monkeypatch.setenv(key, value)
    live = store.build_id(index_dir)
    at = AppTest.from_string("from assistant import plans_page\nplans_page.render()\n", default_timeout=60)
    at.run()
    (corpus / "tan_my.txt").write_text(NEW_PLAN, encoding="utf-8")
    monkeypatch.setattr(store, "_write_json", _full)
    at.button(key="rescan").click().run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == ["Không ghi được chỉ mục mới vì ổ đĩa đã đầy; chưa thêm hay bỏ tệp nào, "
                                           "chỉ mục trước vẫn đang trả lời\\."]
    assert not [s for s in at.success if "đã lập chỉ mục" in s.value]
    assert not any("đã lập chỉ mục" in m.value for m in at.markdown)
    assert store.build_id(index_dir) == live
