"""Hostile files cost one bounded failure: a .docx bomb and a PDF with a page metres wide are
refused within seconds, the whole `assistant index` stays under 1.5 GiB, a reader that loops
or allocates is stopped by the child process's timeout or memory limit, and a build can be
cancelled without touching the live index."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from assistant import limits, sandbox, store
from assistant.indexing import build_index
from assistant.loading import LoadError

from conftest import CORPUS, REPO

GIB = 1024 ** 3
BOMB_MB = 300


# ------------------------------------------------------------------ hostile files, made here

def docx_bomb(path: Path, megabytes: int = BOMB_MB) -> Path:
    """A small valid-looking .docx whose word/document.xml unpacks to `megabytes` MB."""
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                   '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0"?><w:document {ns}><w:body>'.encode())
            paragraph = b"<w:p><w:r><w:t>" + b"Ke hoach " * 10 + b"</w:t></w:r></w:p>"
            block = paragraph * (1024 * 1024 // len(paragraph))
            for _ in range(megabytes):
                f.write(block)
            f.write(b"</w:body></w:document>")
    return path


def huge_page_pdf(path: Path, points: int = 14_400) -> Path:
    """A PDF of one `points` x `points` page (5 m square) holding only an image, written by
    hand: a scan to the reader, which would render it at 300 dpi for OCR (3.6 gigapixels)."""
    content = b"q %d 0 0 %d 0 0 cm /Im1 Do Q" % (points, points)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 5 0 R >> >> >>" % (points, points),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    return docx_bomb(tmp_path_factory.mktemp("bomb") / "kế hoạch bom.docx")


# ------------------------------------------------------------------ the checks alone

def test_the_docx_bomb_is_small_and_refused_from_its_table_of_contents(bomb):
    assert bomb.stat().st_size < 2 * 1024 * 1024
    t0 = time.monotonic()
    with pytest.raises(LoadError, match=r"unpacks to 300 MB, more than the limit of 256 MB"):
        limits.check_docx(bomb, limits.Limits())
    assert time.monotonic() - t0 < 1


def test_a_member_that_unpacks_far_beyond_its_size_is_refused(tmp_path):
    path = docx_bomb(tmp_path / "b.docx", megabytes=20)  # under the total, but 20 MB of one byte
    with pytest.raises(LoadError, match=r"unpacks \d+ times its size"):
        limits.check_docx(path, limits.Limits())


def test_the_huge_page_is_refused_from_its_page_size(tmp_path):
    path = huge_page_pdf(tmp_path / "big.pdf")
    assert path.stat().st_size < 2048
    with pytest.raises(LoadError, match=r"page 1 measures 14400 x 14400 points"):
        limits.check_pdf(path, limits.Limits())


def test_a_page_too_big_for_ocr_but_not_for_paper(tmp_path):
    with pytest.raises(LoadError, match="million pixels for OCR"):
        limits.check_page(1, 2384, 3370, limits.Limits(ocr_pixels=50_000_000))  # A0 at 300 dpi: 139 Mpx
    limits.check_page(1, 595, 842, limits.Limits())  # A4 passes


def test_too_many_pages_and_too_much_text_are_refused(tmp_path):
    with pytest.raises(LoadError, match="more than the limit of 3"):
        limits.check_yield("x", 4, limits.Limits(passages=3))
    with pytest.raises(LoadError, match="million characters"):
        limits.check_yield("x" * 11, 1, limits.Limits(text_chars=10))


def test_real_plans_pass_every_check():
    for path in sorted(CORPUS.iterdir()):
        limits.check_file(path, limits.Limits())


def test_limits_read_the_environment():
    got = limits.limits_from_env({"ASSISTANT_MAX_PDF_PAGES": "12", "ASSISTANT_MAX_UNPACKED_MB": "oops"})
    assert got.pdf_pages == 12 and got.unpacked_bytes == limits.Limits().unpacked_bytes


# ------------------------------------------------------------------ the child process

def _sleep(seconds: float, send_progress) -> str:
    send_progress(1, 2, "sleeping")
    time.sleep(seconds)
    return "woke"


def _allocate(gib: float, send_progress) -> int:
    return len(bytearray(int(gib * GIB)))


def _crash(send_progress) -> None:
    os._exit(9)


def test_a_reader_that_runs_too_long_is_stopped():
    t0 = time.monotonic()
    heard = []
    with pytest.raises(LoadError, match="longer than the limit of 1 s"):
        sandbox.run_bounded(_sleep, (30,), timeout=1, memory=256 * 1024 ** 2, on_progress=lambda *a: heard.append(a))
    assert time.monotonic() - t0 < 10
    assert heard == [(1, 2, "sleeping")]
    assert sandbox.run_bounded(_sleep, (0,), timeout=30, memory=256 * 1024 ** 2) == "woke"


def test_a_reader_that_allocates_too_much_is_stopped():
    with pytest.raises(LoadError, match="more than the limit of 256 MB of memory"):
        sandbox.run_bounded(_allocate, (2,), timeout=30, memory=256 * 1024 ** 2)
    assert sandbox.run_bounded(_allocate, (0.05,), timeout=30, memory=256 * 1024 ** 2) > 0


def test_a_reader_that_dies_is_one_failure():
    with pytest.raises(LoadError, match="stopped unexpectedly"):
        sandbox.run_bounded(_crash, (), timeout=30, memory=256 * 1024 ** 2)


# ------------------------------------------------------------------ the whole command

PEAK = """
import resource, subprocess, sys, threading, time, os
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
peak = 0
def tree_rss(root):
    # every process of the tree: the index process, the forkserver and its readers
    pids, total = [root], 0
    while pids:
        pid = pids.pop()
        try:
            with open(f"/proc/{pid}/status") as f:
                total += next(int(l.split()[1]) for l in f if l.startswith("VmRSS")) * 1024
            with open(f"/proc/{pid}/task/{pid}/children") as f:
                pids += [int(x) for x in f.read().split()]
        except (OSError, StopIteration):
            pass
    return total
def watch():
    global peak
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.02)
t = threading.Thread(target=watch); t.start()
out = proc.communicate()[0]; t.join()
print(out)
print("MAXRSS", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024, "TREE", peak, "EXIT", proc.returncode)
"""


def test_assistant_index_refuses_both_hostile_files_quickly_and_within_memory(bomb, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    plan = sorted(CORPUS.iterdir())[0]
    shutil.copy(plan, corpus / plan.name)
    shutil.copy(bomb, corpus / "bom.docx")
    huge_page_pdf(corpus / "trang khổng lồ.pdf")
    before = sorted(p.name for p in corpus.iterdir())
    env = {**os.environ, "ASSISTANT_EMBED_MODEL": "hashing", "PYTHONPATH": str(REPO)}
    t0 = time.monotonic()
    run = subprocess.run([sys.executable, "-c", PEAK, sys.executable, "-m", "assistant.cli", "index",
                          "--corpus", str(corpus), "--index", str(tmp_path / "index")],
                         capture_output=True, text=True, env=env, timeout=300)
    seconds = time.monotonic() - t0
    out = run.stdout
    print(out, f"{seconds:.1f} s")
    assert "EXIT 2" in out
    assert f"indexed   {plan.name}" in out
    assert "skipped   bom.docx  (the Word file unpacks to 300 MB" in out
    assert "skipped   trang khổng lồ.pdf  (the PDF's page 1 measures 14400 x 14400 points" in out
    assert seconds < 60
    maxrss, tree = (int(x) for x in out.split("MAXRSS ")[1].split()[0:3:2])
    assert maxrss < 1.5 * GIB and tree < 1.5 * GIB
    assert sorted(p.name for p in corpus.iterdir()) == before  # nothing left behind in the corpus
    assert [p.name for p in (tmp_path / "index" / "builds").iterdir()] == [store.build_id(tmp_path / "index").split("/")[-1]]


# ------------------------------------------------------------------ cancelling

def test_a_cancelled_build_leaves_the_previous_index_and_the_lock_free(tmp_path, encoder):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    index_dir = tmp_path / "index"
    build_index(corpus, index_dir, encoder)
    live = store.build_id(index_dir)
    (corpus / "mới.txt").write_text((corpus / sorted(os.listdir(corpus))[0]).read_text() + "\nthêm", encoding="utf-8")
    with sandbox.cancellable() as cancel:
        cancel.set()
        with pytest.raises(sandbox.BuildCancelled):
            build_index(corpus, index_dir, encoder)
    assert store.build_id(index_dir) == live
    with store.build_lock(index_dir):  # released
        pass


def test_cancel_from_another_thread_stops_a_read_in_progress():
    with sandbox.cancellable() as cancel:
        threading.Timer(0.5, cancel.set).start()
        t0 = time.monotonic()
        with pytest.raises(sandbox.BuildCancelled):
            sandbox.run_bounded(_sleep, (30,), timeout=60, memory=256 * 1024 ** 2)
        assert time.monotonic() - t0 < 5


def _read_docx_unchecked(path: Path, send_progress) -> int:
    from assistant.docx_reader import read_docx
    return len(read_docx(path).text)


def test_without_the_checks_the_memory_limit_still_stops_the_bomb(bomb):
    """The child's memory limit is the backstop for what the table of contents cannot show."""
    t0 = time.monotonic()
    with pytest.raises(LoadError):
        sandbox.run_bounded(_read_docx_unchecked, (bomb,), timeout=55, memory=1 * GIB)
    assert time.monotonic() - t0 < 60


def test_a_file_that_ran_out_of_time_is_refused_at_once_by_the_next_build(tmp_path, monkeypatch):
    from assistant.ocr import content_hash
    path = tmp_path / "chậm.txt"
    path.write_text("KẾ HOẠCH năm 2024\n- Một dòng.\n", encoding="utf-8")
    sha = content_hash(path.read_bytes())
    calls = []
    real = sandbox.run_bounded

    def slow(fn, args, timeout, memory, on_progress=None):
        calls.append(fn)
        return real(_sleep, (30,), 0.5, memory)

    monkeypatch.setattr(sandbox, "run_bounded", slow)
    for _ in range(2):
        with pytest.raises(LoadError, match="longer than the limit of 0.5 s"):
            sandbox.read_plan_bounded(path, sha, tmp_path)
    assert len(calls) == 1  # the second time it is not read again
    monkeypatch.setenv("ASSISTANT_READ_TIMEOUT_S", "900")  # other settings: tried again
    with pytest.raises(LoadError):
        sandbox.read_plan_bounded(path, sha, tmp_path)
    assert len(calls) == 2


def blank_scan_pdf(path: Path, pages: int) -> Path:
    """`pages` A4 pages each showing the same 1x1 image: a scan to the reader, a few KB."""
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids.encode(), pages),
               b"<< /Length 30 >>\nstream\nq 595 0 0 842 0 0 cm /Im1 Do Q\nendstream"]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
                b"/Resources << /XObject << /Im1 %d 0 R >> >> >>" % (4 + pages)] * pages
    objects.append(b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
                   b"/BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream")
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def test_two_thousand_blank_scanned_pages_are_refused_before_any_ocr(tmp_path):
    path = blank_scan_pdf(tmp_path / "quét.pdf", 2000)
    t0 = time.monotonic()
    with pytest.raises(LoadError, match="the PDF has 2000 pages, more than the limit of 500"):
        limits.check_pdf(path, limits.Limits())
    assert time.monotonic() - t0 < 5
