"""Word plans read into the plain-text conventions of the .txt plans."""
from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from assistant.docx_reader import Numbering, read_docx
from assistant.loading import LoadError, load_text

from conftest import plan_lines_found

SHARED = Path(__file__).resolve().parents[2] / "shared"
FIXTURES = SHARED / "fixtures"
CORPUS = SHARED / "corpus"
# Each Word fixture and the .txt version of the same plan.
PLANS = {
    "002_tho_xuong.docx": "002_680e36f5c05cb2c2.txt",
    "003_luong_phong.docx": "003_bed8603f6d2f56aa.txt",
    "004_thang.docx": "004_164104ac10e67ad6.txt",
}

pytestmark = pytest.mark.skipif(not FIXTURES.is_dir(), reason=f"fixtures not found at {FIXTURES}")


def docx_text(name: str) -> str:
    return read_docx(FIXTURES / name).text


@pytest.mark.parametrize("docx, txt", PLANS.items())
def test_every_sentence_of_the_txt_plan_is_extracted(docx, txt):
    found = plan_lines_found(docx_text(docx), (CORPUS / txt).read_text(encoding="utf-8"))
    assert found >= 0.98


@pytest.mark.parametrize("docx", PLANS)
def test_text_follows_the_plain_text_conventions(docx):
    text = docx_text(docx)
    assert text == unicodedata.normalize("NFC", text)
    assert "\r" not in text and "\n\n\n" not in text
    assert all(line == line.strip(" ") for line in text.split("\n"))  # a row may end in an empty cell
    assert "\u00a0" not in text


def test_bold_words_inside_a_paragraph_are_marked_as_in_the_txt_plan():
    text = docx_text("002_tho_xuong.docx")
    assert "báo cáo Thường trực UBND phường **trước ngày 10 hàng tháng**; báo cáo kết quả cả năm" in text
    thang = docx_text("004_thang.docx")
    assert "- **Công tác giải tỏa HLATGT:** Ngay từ đầu năm" in thang
    assert "**" not in "".join(line for line in thang.splitlines() if "\t" in line)  # table cells: no emphasis


def test_paragraphs_and_tables_come_in_document_order():
    text = docx_text("002_tho_xuong.docx")
    order = ["Nơi nhận:", "Biểu số 01", "TT\tNhiệm vụ\tKết quả\n", "Biểu số 02", "TT\tNhiệm vụ\tKết quả\tĐánh giá\n"]
    positions = [text.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_table_rows_are_tab_separated_with_the_header_first():
    rows = docx_text("002_tho_xuong.docx").split("TT\tNhiệm vụ\tKết quả\n", 1)[1].split("\n\n")[0].split("\n")
    assert rows[0] == "1\tThực hiện hoàn thành BT GPMB các dự án\t"
    assert rows[1].startswith("1.1\tDự án Khu số 1 KDC số 4\tTổng số diện tích dự án 4,59ha;")
    assert all(row.count("\t") == 2 for row in rows)
    assert [row.split("\t")[0] for row in rows] == ["1", "1.1", "1.2", "1.3", "1.4", "1.5", "2"]


@pytest.mark.parametrize("docx, numbered", [
    ("004_thang.docx", ["1. Công nghiệp- tiểu thủ công nghiệp và thương mại dịch vụ",
                        "a. Trồng trọt: Về trồng trọt", "b. Chăn nuôi, thú y:", "c. Công tác khuyến nông:",
                        "3. Công tác quản lý đất đai", "II. VĂN HOÁ- XÃ HỘI:", "- Tổng diện tích đất tự nhiên"]),
    ("003_luong_phong.docx", ["1. Mục tiêu tổng quát", "2. Mục tiêu cụ thể (Biểu 01)",
                              "II. NHIỆM VỤ VÀ GIẢI PHÁP", "1. Lĩnh vực kinh tế", "3. Giao cho các công chức"]),
    ("002_tho_xuong.docx", ["1. Các cơ quan, đơn vị", "2. Giao Văn phòng HĐND-UBND phường",
                            "- UBND thành phố (B/c);"]),
])
def test_automatic_numbering_is_recovered_as_in_the_txt_plan(docx, numbered):
    text = docx_text(docx)
    plan = (CORPUS / PLANS[docx]).read_text(encoding="utf-8")
    for item in numbered:
        assert re.search(rf"(^|\n){re.escape(item)}", text), item
        assert item in plan  # the .txt version cites the item by the same number


def test_headings_are_marked():
    text = docx_text("002_tho_xuong.docx")
    assert "\n## II. KẾ HOẠCH THỰC HIỆN NHIỆM VỤ KT-XH NĂM 2024\n" in text  # Heading 2 style
    assert "\n**I. ĐÁNH GIÁ TÌNH HÌNH THỰC HIỆN KẾ HOẠCH PHÁT TRIỂN KT-XH NĂM 2023**\n" in text  # all bold


def test_footnote_text_and_markers_are_kept():
    text = docx_text("004_thang.docx")
    assert "\n¹ cây lạc: Diện tích 135,0 ha" in text
    assert "đạt năng suất 56 - 60 tạ/ha gồm⁽¹⁾." in text


def test_superscript_runs_become_superscript_digits():
    assert "7.467,2 m ² đất nông nghiệp" in docx_text("002_tho_xuong.docx")


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def with_footnote(tmp_path: Path) -> Path:
    """The Lương Phong plan with a real Word footnote on its first paragraph."""
    source = FIXTURES / "003_luong_phong.docx"
    out = tmp_path / "footnoted.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                ref = (f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                       f'<w:footnoteReference w:id="1"/></w:r></w:p>')
                data = data.decode().replace("</w:p>", ref, 1).encode()
            if item.filename == "word/footnotes.xml":
                note = (f'<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
                        f'<w:r><w:t xml:space="preserve"> Theo Quyết định số 2200/QĐ-UBND.</w:t></w:r></w:p></w:footnote>')
                data = data.decode().replace("</w:footnotes>", note + "</w:footnotes>").encode()
            zout.writestr(item, data)
    return out


def test_word_footnotes_follow_the_paragraph_citing_them(tmp_path):
    text = read_docx(with_footnote(tmp_path)).text
    paragraphs = text.split("\n\n")
    assert paragraphs[0].endswith("năm 2024¹**")
    assert paragraphs[1] == "¹ Theo Quyết định số 2200/QĐ-UBND."


def numbering(xml: str) -> Numbering:
    root = etree.fromstring(f'<w:numbering xmlns:w="{W_NS}">{xml}</w:numbering>')
    return Numbering(root, {})


LEVELS = """
<w:abstractNum w:abstractNumId="1">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2.%3."/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="2">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>
  <w:lvl w:ilvl="2"><w:numFmt w:val="bullet"/><w:lvlText w:val="+"/></w:lvl>
</w:abstractNum>
<w:num w:numId="10"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="11"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="12"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
<w:num w:numId="20"><w:abstractNumId w:val="2"/></w:num>
"""


def test_list_counters_nest_and_restart_like_word():
    lists = numbering(LEVELS)
    labels = [lists.label(num, level) for num, level in
              [("10", 0), ("10", 1), ("10", 1), ("10", 2), ("10", 0), ("10", 1)]]
    assert labels == ["1.", "a)", "b)", "1.b.1.", "2.", "a)"]


def test_lists_sharing_a_definition_continue_unless_restarted():
    lists = numbering(LEVELS)
    assert [lists.label("10", 0), lists.label("11", 0), lists.label("12", 0), lists.label("12", 0)] == \
           ["1.", "2.", "5.", "6."]


def test_roman_numbers_and_bullets():
    lists = numbering(LEVELS)
    assert [lists.label("20", 0), lists.label("20", 1), lists.label("20", 2), lists.label("20", 0)] == \
           ["I.", "-", "+", "II."]
    assert lists.label("99", 0) == ""  # an unknown list shows no number


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize("make, reason", [
    (lambda p: p.write_bytes(bytes(range(256)) * 40), "not a Word .docx file"),
    (lambda p: p.write_bytes((FIXTURES / "004_thang.docx").read_bytes()[:9000]), "not a Word .docx file"),
    (lambda p: write_zip(p, {"[Content_Types].xml": b"<Types/>", "word/styles.xml": b"<x/>"}), "no word/document.xml"),
    (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)), "old Word .doc"),
    (lambda p: write_zip(p, {"[Content_Types].xml": b"<Types", "word/document.xml": b"<w:document"}), "damaged Word file"),
])
def test_unreadable_files_raise_a_one_line_load_error(tmp_path, make, reason):
    path = tmp_path / "plan.docx"
    make(path)
    with pytest.raises(LoadError) as caught:
        load_text(path)
    assert reason in str(caught.value)
    assert "\n" not in str(caught.value)
