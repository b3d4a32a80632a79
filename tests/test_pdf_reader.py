"""PDF plans with a text layer: paragraphs rebuilt, tables as rows, pages located."""
from __future__ import annotations

import hashlib
import re
import struct
from pathlib import Path

import pdfplumber
import pytest

from assistant import ocr
from assistant.docx_reader import read_docx
from assistant.loading import LoadError, load_text, page_of
from assistant.pdf_reader import looks_vietnamese, read_pdf
from conftest import plan_lines_found
from pdfcrypt import PAD, rc4

SHARED = Path(__file__).resolve().parents[2] / "shared"
FIXTURES = SHARED / "fixtures"
CORPUS = SHARED / "corpus"
PLANS = {"002_tho_xuong.pdf": "002_680e36f5c05cb2c2.txt", "004_thang.pdf": "004_164104ac10e67ad6.txt"}

needs_fixtures = pytest.mark.skipif(not FIXTURES.is_dir(), reason=f"fixtures not found at {FIXTURES}")

_cache: dict[str, object] = {}


def read_fixture(name: str):
    if name not in _cache:
        _cache[name] = read_pdf(FIXTURES / name)
    return _cache[name]


@needs_fixtures
@pytest.mark.parametrize("pdf, txt", PLANS.items())
def test_every_sentence_of_the_txt_plan_is_extracted(pdf, txt):
    found = plan_lines_found(read_fixture(pdf).text, (CORPUS / txt).read_text(encoding="utf-8"))
    assert found >= 0.98


@needs_fixtures
def test_lines_wrapped_by_the_layout_are_joined_into_paragraphs():
    text = read_fixture("002_tho_xuong.pdf").text
    paragraph = ("Căn cứ Kế hoạch số 20-KH/ĐU ngày 27/10/2021 của Đảng ủy phường Thọ Xương về thực hiện Chương "
                 "trình hành động của Thành ủy thực hiện Nghị quyết số 156-NQ/TU ngày 10/8/2021 của BTV Tỉnh ủy về "
                 "xây dựng và phát triển thành phố Bắc Giang, giai đoạn 2021-2030;")
    assert f"\n\n{paragraph}\n\n" in text
    assert "\n\n**I. ĐÁNH GIÁ TÌNH HÌNH THỰC HIỆN KẾ HOẠCH PHÁT TRIỂN KT-XH NĂM 2023**\n\n" in text


@needs_fixtures
def test_a_paragraph_cut_by_a_page_break_is_whole():
    text = read_fixture("004_thang.pdf").text
    assert ("diện tích, hướng dẫn chăm sóc các loại cây đúng kỹ thuật, thời vụ. Trong những tháng đầu năm "
            "2023 do thời tiết có nhiều diễn biến phức tạp nắng nóng kéo dài,") in text


@needs_fixtures
@pytest.mark.parametrize("pdf", PLANS)
def test_page_starts_are_monotone_one_per_page(pdf):
    result = read_fixture(pdf)
    with pdfplumber.open(FIXTURES / pdf) as document:
        assert len(result.page_starts) == len(document.pages)
    assert result.page_starts[0] == 0
    assert list(result.page_starts) == sorted(result.page_starts)
    assert result.method == "pdf"


@needs_fixtures
@pytest.mark.parametrize("pdf, phrase", [
    ("002_tho_xuong.pdf", "Nguyễn Văn Hùng"),
    ("002_tho_xuong.pdf", "Biểu số 02: Kết quả thực hiện nhiệm vụ"),
    ("004_thang.pdf", "Trường Mầm non Họa Mi"),
    ("004_thang.pdf", "⁷ Quy hoạch đô thị"),
    ("004_thang.pdf", "Nguyễn Văn Trung"),
])
def test_a_known_sentence_is_cited_on_its_page(pdf, phrase):
    with pdfplumber.open(FIXTURES / pdf) as document:
        expected = next(i + 1 for i, page in enumerate(document.pages) if phrase in page.extract_text())
    result = read_fixture(pdf)
    assert page_of(result.page_starts, result.text.index(phrase)) == expected


@needs_fixtures
def test_tables_are_tab_separated_rows_and_rows_cut_by_a_page_break_are_rejoined():
    text = read_fixture("002_tho_xuong.pdf").text
    rows = text.split("TT\tNhiệm vụ\tKết quả\n", 1)[1].split("\n\n")[0].split("\n")
    assert [row.split("\t")[0] for row in rows] == ["1", "1.1", "1.2", "1.3", "1.4", "1.5", "2"]
    assert all(row.count("\t") == 2 for row in rows)
    # row 1.2 starts on page 6 and ends on page 7, under the header printed again there
    assert rows[2].startswith("1.2\tDự án Khu số 3 KDC số 4\tPhối hợp với Trung tâm quỹ đất")
    assert rows[2].endswith("thành phố ban hành Quyết định cưỡng chế thu hồi đất. Tiến độ BT GPMB đạt 94,79%.")


@needs_fixtures
def test_headers_repeated_on_each_page_appear_once_per_table_as_in_word():
    pdf, docx = read_fixture("002_tho_xuong.pdf").text, read_docx(FIXTURES / "002_tho_xuong.docx").text
    for header in ("TT\tNhiệm vụ\tKết quả\n", "TT\tNhiệm vụ\tKết quả\tĐánh giá\n"):
        assert pdf.count(header) == docx.count(header)


@needs_fixtures
def test_bold_words_inside_a_paragraph_are_marked_even_across_a_line_break():
    text = read_fixture("002_tho_xuong.pdf").text
    assert "báo cáo Thường trực UBND phường **trước ngày 10 hàng tháng**; báo cáo kết quả cả năm" in text
    assert "- **Công tác giải tỏa HLATGT:** Ngay từ đầu năm" in read_fixture("004_thang.pdf").text


@needs_fixtures
def test_footnote_lines_are_kept_with_their_markers():
    text = read_fixture("004_thang.pdf").text
    assert "\n\n⁵ Đất trồng lúa 392,46 ha; đất trồng cây hàng năm khác 27,26ha;" in text
    assert "Trong đó đất nông nghiệp 639.93 ha gồm⁽⁵⁾." in text
    assert "\n\n- Tổng diện tích đất tự nhiên của thôn" in text  # '•' bullets read as '-'


@needs_fixtures
def test_small_raised_digits_become_superscripts():
    assert "7.467,2 m ² đất nông nghiệp" in read_fixture("002_tho_xuong.pdf").text


# ---------------------------------------------------------------- PDFs made here




def make_pdf(pages: list[list[tuple]], user_password: str | None = None) -> bytes:
    """A small PDF in Helvetica: per page, (x, y from the top, text[, font size]) lines. With a
    password it is encrypted (RC4 40-bit, standard handler rev. 2) as an office suite would."""
    file_id = hashlib.md5(b"plan").digest()
    count = len(pages)
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
               2: f"<< /Type /Pages /Kids [{' '.join(f'{4 + 2 * i} 0 R' for i in range(count))}] /Count {count} >>".encode(),
               3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"}
    key = None
    if user_password is not None:
        padded = [(pw.encode() + PAD)[:32] for pw in ("owner", user_password)]
        owner = rc4(hashlib.md5(padded[0]).digest()[:5], padded[1])
        key = hashlib.md5(padded[1] + owner + struct.pack("<i", -44) + file_id).digest()[:5]
        objects[4 + 2 * count] = (f"<< /Filter /Standard /V 1 /R 2 /O <{owner.hex()}> "
                                  f"/U <{rc4(key, PAD).hex()}> /P -44 >>").encode()
    for i, lines in enumerate(pages):
        page, content = 4 + 2 * i, 5 + 2 * i
        objects[page] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R "
                         f"/Resources << /Font << /F1 3 0 R >> >> >>").encode()
        ops = []
        for x, y, text, *size in lines:
            text = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"BT /F1 {size[0] if size else 11} Tf 1 0 0 1 {x} {792 - y} Tm ({text}) Tj ET\n")
        data = "".join(ops).encode("cp1252")
        if key:
            data = rc4(hashlib.md5(key + content.to_bytes(3, "little") + b"\0\0").digest()[:10], data)
        objects[content] = f"<< /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"
    out, offsets = bytearray(b"%PDF-1.4\n"), {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += f"{number} 0 obj\n".encode() + objects[number] + b"\nendobj\n"
    xref, size = len(out), max(objects) + 1
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offsets[n]:010d} 00000 n \n" for n in range(1, size)).encode()
    encrypt = f"/Encrypt {4 + 2 * count} 0 R " if key else ""
    out += (f"trailer\n<< /Size {size} /Root 1 0 R {encrypt}/ID [<{file_id.hex()}> <{file_id.hex()}>] >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


def plan_pages(count: int = 3) -> list[list[tuple[float, float, str]]]:
    """Pages with a running header, a page-number footer and two short paragraphs each."""
    return [[(72, 30, "UBND XA THU NGHIEM - KE HOACH NAM 2024"),
             (72, 100, f"Muc {n}. Noi dung cua trang {n}: ke hoach phat trien kinh te xa hoi nam 2024."),
             (72, 130, f"Chi tieu {n}: dat 100%."),
             (300, 770, f"Trang {n}/{count}")] for n in range(1, count + 1)]


def test_running_headers_footers_and_page_numbers_are_dropped(tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(make_pdf(plan_pages()))
    result = read_pdf(path)
    assert result.text.split("\n\n") == [
        line for n in (1, 2, 3)
        for line in (f"Muc {n}. Noi dung cua trang {n}: ke hoach phat trien kinh te xa hoi nam 2024.",
                     f"Chi tieu {n}: dat 100%.")]
    for n in (1, 2, 3):
        assert page_of(result.page_starts, result.text.index(f"Muc {n}.")) == n


def test_footnotes_in_small_print_follow_the_paragraph_they_interrupt(tmp_path):
    pages = [[(72, 100, "Muc 1. Ke hoach phat trien kinh te xa hoi cua xa trong nam 2024 va"),
              (72, 114, "cac nam tiep theo se duoc thuc hien theo nghi quyet cua hoi dong"),
              (72, 740, "1 Nghi quyet so 12/NQ-HDND ngay 20/12/2023.", 8)],
             [(72, 100, "nhan dan xa va cac van ban cua cap tren."),
              (72, 130, "Muc 2. To chuc thuc hien.")]]
    path = tmp_path / "footnote.pdf"
    path.write_bytes(make_pdf(pages))
    result = read_pdf(path)
    assert result.text.split("\n\n") == [
        "Muc 1. Ke hoach phat trien kinh te xa hoi cua xa trong nam 2024 va cac nam tiep theo se duoc thuc "
        "hien theo nghi quyet cua hoi dong nhan dan xa va cac van ban cua cap tren.",
        "1 Nghi quyet so 12/NQ-HDND ngay 20/12/2023.",
        "Muc 2. To chuc thuc hien."]
    assert page_of(result.page_starts, result.text.index("nhan dan xa")) == 2


def test_bare_page_numbers_go_but_numbers_in_the_text_stay(tmp_path):
    pages = [[(72, 100, "Tong so ho ngheo giam con"), (72, 114, "2023"), (300, 770, str(n))] for n in (1, 2)]
    path = tmp_path / "numbers.pdf"
    path.write_bytes(make_pdf(pages))
    text = read_pdf(path).text
    assert text.count("2023") == 2 and "\n1\n" not in f"\n{text}\n" and "\n2\n" not in f"\n{text}\n"


def test_a_password_protected_pdf_raises_load_error(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(make_pdf(plan_pages(1), user_password="secret"))
    with pytest.raises(LoadError, match="password-protected"):
        load_text(path)


def test_a_pdf_encrypted_without_an_open_password_reads(tmp_path):
    path = tmp_path / "owner_only.pdf"
    path.write_bytes(make_pdf(plan_pages(1), user_password=""))
    assert "Muc 1. Noi dung cua trang 1:" in load_text(path).text


@pytest.mark.parametrize("content, reason", [
    (bytes(range(256)) * 20, "not a PDF file"),
    (b"%PDF-1.7\n" + bytes(range(256)) * 20, "incomplete (truncated)"),
    (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "damaged PDF"),
])
def test_unreadable_pdfs_raise_a_one_line_load_error(tmp_path, content, reason):
    path = tmp_path / "plan.pdf"
    path.write_bytes(content)
    with pytest.raises(LoadError, match=re.escape(reason)) as caught:
        load_text(path)
    assert "\n" not in str(caught.value)


@needs_fixtures
def test_a_truncated_fixture_raises_load_error(tmp_path):
    data = (FIXTURES / "004_thang.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(LoadError, match="truncated"):
        load_text(path)


# ---------------------------------------------------------------- legacy-encoded text layers

TCVN3 = ("Thùc hiÖn C«ng v¨n sè 3390/UBND-TCKH ngµy 23/8/2023 cña UBND thµnh phè vÒ viÖc x©y dùng "
         "kÕ ho¹ch ph¸t triÓn kinh tÕ-x· héi n¨m 2024; ")
VNI = ("Thöïc hieän Coâng vaên soá 3390/UBND-TCKH ngaøy 23/8/2023 cuûa UBND thaønh phoá veà vieäc xaây "
       "döïng keá hoaïch phaùt trieån kinh teá-xaõ hoäi naêm 2024; ")
UNICODE = ("Thực hiện Công văn số 3390/UBND-TCKH ngày 23/8/2023 của UBND thành phố về việc xây dựng "
           "kế hoạch phát triển kinh tế-xã hội năm 2024; ")


def test_legacy_vietnamese_encodings_are_recognised_as_mojibake():
    assert looks_vietnamese(UNICODE * 3)
    assert not looks_vietnamese(TCVN3 * 3)
    assert not looks_vietnamese(VNI * 3)
    assert looks_vietnamese("Annual plan 2024. " * 20)  # nothing accented to judge


def test_a_text_layer_in_tcvn3_is_read_by_ocr_instead(tmp_path, monkeypatch):
    words = (TCVN3 * 3).split()
    lines = [(72, 100 + 14 * i, " ".join(words[i * 6:(i + 1) * 6])) for i in range(len(words) // 6 + 1)]
    path = tmp_path / "tcvn3.pdf"
    path.write_bytes(make_pdf([lines]))
    calls = []

    def fake_ocr(pdf, indexes, digest, cache_dir=None, progress=None):
        calls.append(indexes)
        return {0: [ocr.OcrWord("Thực", 72, 90, 95, 101, 96), ocr.OcrWord("hiện", 99, 90, 120, 101, 96)]}

    monkeypatch.setattr(ocr, "ocr_pages", fake_ocr)
    result = read_pdf(path)
    assert calls == [[0]]
    assert result.method == "ocr" and result.text == "Thực hiện"
