"""Saving uploaded plans: safe names, no overwrite, size limit, duplicate content."""
from __future__ import annotations

import errno
import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant import uploads
from assistant.uploads import max_upload_bytes, safe_name, save_uploads

PLAN = "KẾ HOẠCH phát triển kinh tế - xã hội năm 2024 của xã Tân Mỹ\n- Tỷ lệ hộ nghèo 2,1%.\n".encode()


@pytest.mark.parametrize("given_name, expected", [
    ("ke_hoach.txt", "ke_hoach.txt"),
    ("Kế hoạch 2024.DOCX", "Kế hoạch 2024.docx"),
    ("../../etc/passwd.txt", "passwd.txt"),
    ("C:\\Users\\cb\\plan.md", "plan.md"),
    (".hidden.txt", "hidden.txt"),
    ("..txt", "ke-hoach.txt"),
    (".txt", "ke-hoach.txt"),
    ("~$draft.docx", "_draft.docx"),
    ("CON.txt", "_CON.txt"),
    ("lpt1.pdf", "_lpt1.pdf"),
    ("a<b>|c?.pdf", "a_b_c_.pdf"),
    ("tab\there\n.txt", "tabhere.txt"),
    ("Ke hoa\u0323ch.txt", "Ke hoạch.txt"),  # NFD in, NFC out
])
def test_safe_name(given_name, expected):
    assert safe_name(given_name) == expected


@pytest.mark.parametrize("bad", ["virus.exe", "plan", "plan.txt.exe", "", "archive.tar.gz", "doc.doc"])
def test_safe_name_refuses_other_types(bad):
    assert safe_name(bad) is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_safe_name_is_always_a_plain_visible_file_name(name):
    out = safe_name(name + ".txt")
    assert out is not None
    assert "/" not in out and "\\" not in out and "\x00" not in out
    assert not out.startswith((".", "~$", " ")) and out.endswith(".txt")
    assert len(out.encode()) < 255
    assert out.rsplit(".", 1)[0].lower() not in {"con", "nul", "aux", "prn"}


def test_saves_under_a_safe_name_and_never_overwrites(tmp_path):
    (tmp_path / "plan.txt").write_text("older plan", encoding="utf-8")
    results = save_uploads([("../plan.txt", PLAN), ("plan.txt", PLAN + b"v2")], tmp_path, max_bytes=10_000)
    assert [r.status for r in results] == ["saved", "saved"]
    assert [r.saved_as for r in results] == ["plan-2.txt", "plan-3.txt"]
    assert (tmp_path / "plan.txt").read_text(encoding="utf-8") == "older plan"
    assert (tmp_path / "plan-2.txt").read_bytes() == PLAN
    assert "plan-2.txt" in results[0].message
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


def test_reports_content_already_in_the_corpus_or_index(tmp_path):
    (tmp_path / "a.txt").write_bytes(PLAN)
    sha_b = hashlib.sha256(b"indexed elsewhere").hexdigest()
    results = save_uploads([("copy of a.txt", PLAN), ("b.txt", b"indexed elsewhere"), ("c.txt", b"new"),
                            ("c again.txt", b"new")], tmp_path, max_bytes=10_000, known={sha_b: "b-old.txt"})
    assert [r.status for r in results] == ["duplicate", "duplicate", "saved", "duplicate"]
    assert "a.txt" in results[0].message and "b-old.txt" in results[1].message and "c.txt" in results[3].message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "c.txt"]


def test_refuses_too_large_empty_and_other_types(tmp_path):
    results = save_uploads([("big.pdf", b"%PDF" + b"x" * 2000), ("empty.txt", b""), ("x.exe", b"MZ")],
                           tmp_path, max_bytes=1000)
    assert [r.status for r in results] == ["too_large", "empty", "unsupported"]
    assert all(r.message for r in results)
    assert list(tmp_path.iterdir()) == []


def test_max_upload_bytes_reads_the_environment():
    assert max_upload_bytes({}) == 50 * 1024 * 1024
    assert max_upload_bytes({"ASSISTANT_MAX_FILE_MB": "0.5"}) == 512 * 1024
    assert max_upload_bytes({"ASSISTANT_MAX_FILE_MB": "lots"}) == 50 * 1024 * 1024


def test_a_failed_write_is_reported_and_leaves_nothing(tmp_path, monkeypatch):
    def full_disk(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(uploads.os, "link", full_disk)
    monkeypatch.setattr(uploads.os, "fsync", full_disk)
    [result] = save_uploads([("a.txt", PLAN)], tmp_path, max_bytes=10_000)
    assert result.status == "error" and "Không lưu được" in result.message
    assert list(tmp_path.iterdir()) == []


def test_falls_back_to_exclusive_create_without_hard_links(tmp_path, monkeypatch):
    def no_links(*args):
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(uploads.os, "link", no_links)
    (tmp_path / "a.txt").write_text("other", encoding="utf-8")
    [result] = save_uploads([("a.txt", PLAN)], tmp_path, max_bytes=10_000)
    assert result.saved_as == "a-2.txt" and (tmp_path / "a-2.txt").read_bytes() == PLAN
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-2.txt", "a.txt"]
