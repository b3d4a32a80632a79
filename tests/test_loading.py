import unicodedata

import pytest

from assistant.loading import LoadError, load_text, page_of


def test_nfd_file_is_read_as_nfc(tmp_path):
    f = tmp_path / "plan.txt"
    f.write_text(unicodedata.normalize("NFD", "Kế hoạch xã Lương Phong"), encoding="utf-8")
    assert load_text(f).text == "Kế hoạch xã Lương Phong"


def test_utf8_bom_keeps_offsets_of_the_file(tmp_path):
    f = tmp_path / "plan.txt"
    f.write_bytes("\ufeffXã Hương Sơn".encode("utf-8"))
    text = load_text(f).text
    assert text[1:] == "Xã Hương Sơn"


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Word wrote it: letters with their shape (ê, ơ, ă) precomposed,
    the tone as a combining mark."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        shape = "".join(m for m in marks if m not in _TONES)
        tone = "".join(m for m in marks if m in _TONES)
        out += unicodedata.normalize("NFC", base + shape).encode("cp1258") + tone.encode("cp1258")
    return out


def test_utf16_and_windows_1258(tmp_path):
    sample = "Tỷ lệ hộ nghèo giảm còn 3,53% ở phường Thọ Xương"
    (tmp_path / "a.txt").write_text(sample, encoding="utf-16")
    (tmp_path / "b.txt").write_bytes(to_cp1258(sample))
    assert load_text(tmp_path / "a.txt").text == sample
    assert load_text(tmp_path / "b.txt").text == sample


def test_empty_and_unsupported_files_give_one_line_reasons(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n\t ", encoding="utf-8")
    (tmp_path / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    with pytest.raises(LoadError, match="no text"):
        load_text(tmp_path / "empty.txt")
    with pytest.raises(LoadError, match="unsupported"):
        load_text(tmp_path / "sheet.xlsx")


def test_page_of():
    assert page_of((), 10) is None
    assert page_of((0, 100, 250), 0) == 1
    assert page_of((0, 100, 250), 120) == 2
    assert page_of((0, 100, 250), 9999) == 3
