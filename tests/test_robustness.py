"""Nothing lost, nothing broken: bad files are reported and never stop a build, the exit
status of `assistant index` says what happened, and odd questions get a clear answer."""
from __future__ import annotations

import hashlib
import io
import json
import os
import random
import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from assistant import indexing, store
from assistant.answering import answer_question
from assistant.cli import main
from assistant.indexing import build_index
from assistant.retrieval import open_index

from conftest import CORPUS, REPO, SHARED
from pdfcrypt import PAD as _PAD, rc4 as _rc4

FIXTURES = SHARED / "fixtures"
PLANS = sorted(p.name for p in CORPUS.iterdir())
QUESTION = "Tỷ lệ hộ nghèo năm 2024 của phường Thọ Xương"
LINE = re.compile(r"^(indexed|unchanged|removed|skipped)\s+(.+?)(?:  \((.*)\))?$")
GENERIC = "unreadable:"  # the catch-all reason: a reader raised something other than LoadError


# ------------------------------------------------------------------ hand-made files



def pdf_bytes(lines: list[str], user_password: bytes | None = None, owner_password: bytes = b"owner") -> bytes:
    """A one-page PDF with Helvetica text; with a user password it is encrypted with the
    standard security handler (RC4 40-bit, revision 2), as old office software writes it.
    An empty user password opens without asking (only copying/printing is restricted)."""
    file_id = hashlib.md5(b"fixture").digest()
    key = None
    if user_password is not None:
        o = _rc4(hashlib.md5((owner_password + _PAD)[:32]).digest()[:5], (user_password + _PAD)[:32])
        permissions = -44
        key = hashlib.md5((user_password + _PAD)[:32] + o + struct.pack("<i", permissions) + file_id).digest()[:5]

    def crypt(number: int, data: bytes) -> bytes:
        if key is None:
            return data
        return _rc4(hashlib.md5(key + struct.pack("<i", number)[:3] + b"\0\0").digest()[:10], data)

    text = b" T* ".join(b"(" + line.encode("ascii") + b") Tj" for line in lines)
    content = b"BT /F1 12 Tf 14 TL 72 720 Td " + text + b" ET"
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
           b"/Resources << /Font << /F1 5 0 R >> >> >>",
        4: b"<< /Length %d >>\nstream\n" % len(content) + crypt(4, content) + b"\nendstream",
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    if key is not None:
        objects[6] = (b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
                      % (o.hex().encode(), _rc4(key, _PAD).hex().encode(), permissions))
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in sorted(objects))
    trailer = b"<< /Size %d /Root 1 0 R /ID [<%s> <%s>]" % (len(objects) + 1, file_id.hex().encode(), file_id.hex().encode())
    trailer += b" /Encrypt 6 0 R >>" if key is not None else b" >>"
    return bytes(out + b"trailer\n" + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % xref)


PDF_LINES = ["KE HOACH phat trien kinh te - xa hoi nam 2024 cua xa Tan Dinh",
             "Ty le ho ngheo giam con 2,1%; thu ngan sach dat 12.500.000.000 dong.",
             "Trong moi 300 cay xanh tren cac tuyen duong cua xa."]


def docx_without_document_part() -> bytes:
    """A real Word file with its word/document.xml left out (a damaged copy)."""
    out = io.BytesIO()
    with zipfile.ZipFile(FIXTURES / "002_tho_xuong.docx") as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            if item.filename != "word/document.xml":
                dst.writestr(item, src.read(item))
    return out.getvalue()


def write_bad_files(folder: Path) -> dict[str, str]:
    """Every kind of bad file an office folder holds; name -> pattern its reason must match."""
    rng = random.Random(7)
    plan = (CORPUS / PLANS[0]).read_bytes()
    files = {
        "trống.txt": (b"", r"empty"),
        "chỉ dấu cách.txt": (b"  \r\n\t \n\xc2\xa0\n", r"no text"),
        "notepad rỗng.txt": (b"\xef\xbb\xbf\r\n", r"no text"),  # Notepad's empty UTF-8 file: a BOM
        "ngẫu nhiên.txt": (rng.randbytes(4096), r"binary|encoding"),
        "ngẫu nhiên.pdf": (rng.randbytes(4096), r"PDF"),
        "ngẫu nhiên.docx": (rng.randbytes(4096), r"Word|docx"),
        "cắt cụt.pdf": ((FIXTURES / "002_tho_xuong.pdf").read_bytes()[:40_000], r"PDF|truncated|incomplete|damaged"),
        "có mật khẩu.pdf": (pdf_bytes(PDF_LINES, user_password=b"secret"), r"password|mật khẩu"),
        "thiếu document.docx": (docx_without_document_part(), r"document"),
        "cắt cụt.docx": ((FIXTURES / "003_luong_phong.docx").read_bytes()[:9000], r"Word|docx|truncated"),
        "bảng tính.xlsx": (b"PK\x03\x04" + rng.randbytes(500), r"unsupported"),
        "văn bản cũ.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(500), r"unsupported"),
        "không đuôi": (plan, r"unsupported"),
        "quá lớn.txt": (plan * 12, r"larger than the limit of 0\.1 MB"),
    }
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    return {name: pattern for name, (_, pattern) in files.items()}


def parse_report(stdout: str) -> dict[str, tuple[str, str]]:
    out = {}
    for line in stdout.splitlines():
        m = LINE.match(line)
        if m:
            out[m.group(2)] = (m.group(1), m.group(3) or "")
    return out


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "ASSISTANT_EMBED_MODEL": "hashing", "PYTHONPATH": str(REPO), **env}
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], capture_output=True, text=True,
                          errors="replace", env=full_env, timeout=300)


@pytest.fixture()
def hashing_env(monkeypatch):
    monkeypatch.setenv("ASSISTANT_EMBED_MODEL", "hashing")
    monkeypatch.delenv("ASSISTANT_MAX_FILE_MB", raising=False)


# ------------------------------------------------------------------ bad files


def test_bad_files_are_named_with_a_reason_and_every_plan_is_indexed(corpus_copy, tmp_path, encoder):
    expected = write_bad_files(corpus_copy)
    (corpus_copy / "chỉ hạn chế sao chép.pdf").write_bytes(pdf_bytes(PDF_LINES, user_password=b""))
    index_dir = tmp_path / "index"

    result = run_cli("index", "--corpus", str(corpus_copy), "--index", str(index_dir), ASSISTANT_MAX_FILE_MB="0.1")

    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "Traceback" not in output
    report = parse_report(result.stdout)
    for name, pattern in expected.items():
        status, reason = report.get(name, ("missing", ""))
        assert status == "skipped", f"{name}: {status}\n{output}"
        assert re.search(pattern, reason, re.I), f"{name}: reason {reason!r} does not match {pattern!r}"
        assert not reason.startswith(GENERIC), f"{name}: the reader did not raise LoadError: {reason}"
        assert "\n" not in reason and len(reason) <= 200
    for plan in PLANS:
        assert report[plan][0] == "indexed", output
    # a PDF restricted only against copying opens without a password: it is a plan like any other
    assert report["chỉ hạn chế sao chép.pdf"][0] == "indexed", output
    assert f"{len(expected)} skipped" in result.stdout

    index = open_index(index_dir, encoder)
    assert {d.source for d in index.docs} == set(PLANS) | {"chỉ hạn chế sao chép.pdf"}
    assert "0,5%" in answer_question(index, encoder, QUESTION).text


def test_bad_files_stay_reported_on_the_next_run(corpus_copy, tmp_path, hashing_env, monkeypatch, capsys):
    expected = write_bad_files(corpus_copy)
    monkeypatch.setenv("ASSISTANT_MAX_FILE_MB", "0.1")
    index_dir = tmp_path / "index"
    assert main(["index", "--corpus", str(corpus_copy), "--index", str(index_dir)]) == 2
    capsys.readouterr()

    assert main(["index", "--corpus", str(corpus_copy), "--index", str(index_dir)]) == 2
    report = parse_report(capsys.readouterr().out)
    assert {name for name, (status, _) in report.items() if status == "skipped"} == set(expected)
    assert all(report[plan][0] == "unchanged" for plan in PLANS)


def test_a_bad_file_replaced_by_a_good_one_is_indexed(corpus_copy, tmp_path, hashing_env, capsys):
    (corpus_copy / "mới.txt").write_bytes(b"")
    index_dir = tmp_path / "index"
    assert main(["index", "--corpus", str(corpus_copy), "--index", str(index_dir)]) == 2
    (corpus_copy / "mới.txt").write_text("Kế hoạch xã Tân Dĩnh năm 2024. Tỷ lệ hộ nghèo giảm còn 2,1%.",
                                          encoding="utf-8")
    capsys.readouterr()
    assert main(["index", "--corpus", str(corpus_copy), "--index", str(index_dir)]) == 0
    assert parse_report(capsys.readouterr().out)["mới.txt"][0] == "indexed"


def test_a_file_gone_while_the_build_runs_is_reported(corpus_copy, tmp_path, encoder, monkeypatch):
    """A file listed, then moved away by someone before it is read, is skipped, not fatal."""
    listed = indexing.corpus_files(corpus_copy) + [corpus_copy / "đã chuyển đi.txt"]
    monkeypatch.setattr(indexing, "corpus_files", lambda folder: listed)
    report = build_index(corpus_copy, tmp_path / "index", encoder)
    statuses = {f.source: (f.status, f.detail) for f in report.files}
    assert statuses["đã chuyển đi.txt"][0] == "skipped" and "cannot be read" in statuses["đã chuyển đi.txt"][1]
    assert all(statuses[plan][0] == "indexed" for plan in PLANS)


def test_a_file_name_that_is_not_utf8_is_reported_not_fatal(corpus_copy, tmp_path, encoder):
    """Files unzipped from an archive made on an old Windows keep names in a legacy code page."""
    bad_name = os.fsencode(corpus_copy) + b"/k\xe9 ho\xe1ch x\xe3.txt"
    with open(bad_name, "wb") as f:
        f.write("Kế hoạch xã Tân Dĩnh năm 2024.".encode("utf-8"))
    report = build_index(corpus_copy, tmp_path / "index", encoder)
    skipped = [f for f in report.files if f.status == "skipped"]
    assert len(skipped) == 1 and "name" in skipped[0].detail
    skipped[0].line().encode("utf-8")  # printable as it is reported
    assert sorted(d.source for d in open_index(tmp_path / "index", encoder).docs) == PLANS


def test_the_size_limit_is_read_from_the_environment(corpus_copy, tmp_path, hashing_env, monkeypatch, capsys):
    monkeypatch.setenv("ASSISTANT_MAX_FILE_MB", "0.02")  # 20 KB: the two longest plans are above it
    assert main(["index", "--corpus", str(corpus_copy), "--index", str(tmp_path / "index")]) == 2
    report = parse_report(capsys.readouterr().out)
    big = {p for p in PLANS if (CORPUS / p).stat().st_size > 0.02 * 1024 * 1024}
    assert big and {n for n, (s, _) in report.items() if s == "skipped"} == big
    assert all("larger than the limit of 0.02 MB" in report[n][1] for n in big)


def test_a_size_limit_that_is_not_a_number_is_reported(corpus_copy, tmp_path, hashing_env, monkeypatch, capsys):
    monkeypatch.setenv("ASSISTANT_MAX_FILE_MB", "năm mươi")
    assert main(["index", "--corpus", str(corpus_copy), "--index", str(tmp_path / "index")]) == 0
    assert "ASSISTANT_MAX_FILE_MB" in capsys.readouterr().err


# ------------------------------------------------------------------ exit statuses


def test_exit_0_when_every_file_is_indexed(corpus_copy, tmp_path, hashing_env, capsys):
    assert main(["index", "--corpus", str(corpus_copy), "--index", str(tmp_path / "index")]) == 0
    assert {s for s, _ in parse_report(capsys.readouterr().out).values()} == {"indexed"}


def test_exit_3_while_another_build_holds_the_lock(corpus_copy, tmp_path, hashing_env, capsys):
    index_dir = tmp_path / "index"
    assert main(["index", "--corpus", str(corpus_copy), "--index", str(index_dir)]) == 0
    live = store.build_id(index_dir)
    capsys.readouterr()
    with store.build_lock(index_dir):
        assert main(["index", "--corpus", str(corpus_copy), "--index", str(index_dir), "--rebuild"]) == 3
    err = capsys.readouterr().err
    assert f"another index build is running (pid {os.getpid()})" in err
    assert store.build_id(index_dir) == live
    assert main(["index", "--corpus", str(corpus_copy), "--index", str(index_dir)]) == 0  # the lock is free again


def test_exit_1_for_a_missing_corpus_folder(tmp_path, hashing_env, capsys):
    assert main(["index", "--corpus", str(tmp_path / "nowhere"), "--index", str(tmp_path / "index")]) == 1
    assert "corpus folder not found" in capsys.readouterr().err


def test_exit_1_when_the_index_folder_cannot_be_made(corpus_copy, tmp_path, hashing_env, capsys):
    in_the_way = tmp_path / "index"
    in_the_way.write_text("not a folder")
    assert main(["index", "--corpus", str(corpus_copy), "--index", str(in_the_way)]) == 1
    assert "error:" in capsys.readouterr().err


def test_asking_before_any_index_exists_says_what_to_do(tmp_path, hashing_env, capsys):
    assert main(["ask", QUESTION, "--index", str(tmp_path / "index")]) == 1
    assert "assistant index" in capsys.readouterr().err


# ------------------------------------------------------------------ odd questions

ODD_QUESTIONS = {
    "empty": "",
    "spaces": " \t\n ",
    "punctuation": "?!...;,:-–—()[]{}\"'«»…",
    "emoji": "😀🙏🏽🇻🇳👍❤️",
    "emoji and punctuation": "??? 😡😡 !!!",
    "control characters": "\x00\x01\x1b[31m\x7f",
    "combining marks only": "\u0300\u0301\u0303\u0309\u0323",
    "zero-width": "\u200b\u200c\u200d\ufeff",
    "digits only": "2024",
    "one letter": "ở",
    "long Vietnamese": (QUESTION + "? ") * 170,  # about 10,000 characters
    "long single word": "a" * 10_000,
    "long emoji": "😀" * 10_000,
    "long digits": "1234567890" * 1000,
    "mixed scripts": "ما هي نسبة الفقر 贫困率 Tỷ lệ hộ nghèo?",
}


@pytest.mark.parametrize("question", ODD_QUESTIONS.values(), ids=ODD_QUESTIONS.keys())
def test_an_odd_question_gets_a_clear_answer(loaded, encoder, question):
    result = answer_question(loaded, encoder, question)
    assert result.text.strip()
    assert len(result.text) < 5000
    if not re.search(r"\w", question):
        assert result.not_found and "câu hỏi" in result.text
    json.dumps(result.as_json(), ensure_ascii=False)


def test_odd_questions_through_the_command_line(built_index, tmp_path, hashing_env, capsys):
    for question in ("", "😀😀😀", "?!", "x" * 10_000):
        assert main(["ask", question, "--index", str(built_index)]) == 0
        assert capsys.readouterr().out.strip()
    batch = tmp_path / "q.jsonl"
    batch.write_text("\n".join(json.dumps({"id": k, "question": q}, ensure_ascii=False)
                               for k, q in ODD_QUESTIONS.items()) + "\n", encoding="utf-8")
    out = tmp_path / "a.jsonl"
    assert main(["batch", str(batch), "--index", str(built_index), "--out", str(out)]) == 0
    answers = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [a["id"] for a in answers] == list(ODD_QUESTIONS)
    assert all(a["answer"].strip() for a in answers)


def test_odd_history_does_not_break_a_follow_up(loaded, encoder):
    history = ["", "😀" * 10_000, "?!", QUESTION]
    result = answer_question(loaded, encoder, "Thế còn năm 2025?", history)
    assert result.text.strip()
