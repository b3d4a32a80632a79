"""Uploads wait in quarantine until they are read; unreadable ones are set aside with their
reason; a file in the corpus is never deleted because another build indexed it first."""
from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path

import pytest

from assistant import audit, store
from assistant.indexing import build_index
from assistant.uploads import QUARANTINE, REJECTED, admit_uploads, upload_outcome

from conftest import CORPUS, NEW_PLAN
from test_bounds import docx_bomb, huge_page_pdf


@pytest.fixture()
def corpus(tmp_path) -> Path:
    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest)
    return dest


def plans(corpus: Path) -> list[str]:
    return sorted(p.name for p in corpus.iterdir() if p.is_file())


def test_a_readable_upload_is_moved_into_the_corpus_and_audited(corpus, tmp_path):
    index_dir = tmp_path / "index"
    data = NEW_PLAN.encode()
    [r] = admit_uploads([("Tân Mỹ.txt", data)], corpus, index_dir, user="lan")
    assert r.status == "saved" and r.saved_as == "Tân Mỹ.txt"
    assert (corpus / "Tân Mỹ.txt").read_bytes() == data
    assert list((index_dir / QUARANTINE).iterdir()) == []
    [entry] = audit.read_log(index_dir)
    assert entry["user"] == "lan" and entry["action"] == "upload" and entry["file"] == "Tân Mỹ.txt"
    assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert audit.last_change(index_dir, "Tân Mỹ.txt").startswith("tải lên bởi lan lúc ")


@pytest.mark.parametrize("make, reason", [
    (lambda d: docx_bomb(d / "bom.docx"), "the Word file unpacks to 300 MB"),
    (lambda d: huge_page_pdf(d / "trang.pdf"), "the PDF's page 1 measures 14400 x 14400 points"),
])
def test_a_hostile_upload_is_rejected_quickly_and_the_corpus_stays_clean(make, reason, corpus, tmp_path):
    before = plans(corpus)
    path = make(tmp_path)
    t0 = time.monotonic()
    [r] = admit_uploads([(path.name, path.read_bytes())], corpus, tmp_path / "index", user="lan",
                        max_bytes=50 * 1024 * 1024)
    assert time.monotonic() - t0 < 60
    assert r.status == "rejected" and r.detail.startswith(reason)
    assert "(tệp hỏng hoặc độc hại). Tệp chưa được thêm" in r.message
    assert sorted(p.name for p in corpus.iterdir()) == before  # nothing else in the folder either
    assert list((tmp_path / "index" / QUARANTINE).iterdir()) == []
    [kept] = [p for p in (tmp_path / "index" / REJECTED).iterdir() if not p.name.endswith(".reason.txt")]
    assert kept.read_bytes() == path.read_bytes()
    assert kept.with_name(kept.name + ".reason.txt").read_text(encoding="utf-8").startswith(reason)
    assert audit.read_log(tmp_path / "index")[0]["action"] == "upload rejected"
    build_index(corpus, tmp_path / "index", None)  # the next build does not meet it
    assert path.name not in store.read_manifest(store.current_build(tmp_path / "index"))["files"]


def test_an_upload_another_build_indexed_first_is_kept(corpus, tmp_path, encoder):
    index_dir = tmp_path / "index"
    build_index(corpus, index_dir, encoder)
    [r] = admit_uploads([("Tân Mỹ.txt", NEW_PLAN.encode())], corpus, index_dir, user="lan")
    build_index(corpus, index_dir, encoder)  # another session's build gets there first
    ours = build_index(corpus, index_dir, encoder)  # ours finds it unchanged
    assert [f.status for f in ours.files if f.source == "Tân Mỹ.txt"] in (["unchanged"], [])
    live = store.read_manifest(store.current_build(index_dir))["files"]
    level, line = upload_outcome(r, built=True, live_files=live)
    assert level == "success" and "đã thêm vào chỉ mục" in line
    assert (corpus / "Tân Mỹ.txt").exists()
    build_index(corpus, index_dir, encoder)
    assert "Tân Mỹ.txt" in store.read_manifest(store.current_build(index_dir))["files"]


def test_an_upload_not_yet_indexed_is_kept_for_the_next_build(corpus, tmp_path):
    [r] = admit_uploads([("Tân Mỹ.txt", NEW_PLAN.encode())], corpus, tmp_path / "index")
    level, line = upload_outcome(r, built=False, live_files={})
    assert level == "warning" and "chưa lập chỉ mục" in line
    assert (corpus / "Tân Mỹ.txt").exists()


def test_content_already_indexed_is_a_duplicate_and_not_saved(corpus, tmp_path):
    data = (corpus / plans(corpus)[0]).read_bytes()
    [r] = admit_uploads([("copy.txt", data)], corpus, tmp_path / "index")
    assert r.status == "duplicate" and not (corpus / "copy.txt").exists()
    assert upload_outcome(r, True, {})[0] == "warning"


def test_a_file_left_in_quarantine_by_a_dead_server_is_cleared(corpus, tmp_path):
    import os
    index_dir = tmp_path / "index"
    (index_dir / QUARANTINE).mkdir(parents=True)
    old, fresh = index_dir / QUARANTINE / "old.txt", index_dir / QUARANTINE / "fresh.txt"
    old.write_text("x"), fresh.write_text("y")
    os.utime(old, (time.time() - 3 * 3600, time.time() - 3 * 3600))
    admit_uploads([("Tân Mỹ.txt", NEW_PLAN.encode())], corpus, index_dir)
    assert sorted(p.name for p in (index_dir / QUARANTINE).iterdir()) == ["fresh.txt"]
