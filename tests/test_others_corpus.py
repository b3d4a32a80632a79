"""The other-templates corpus (eval/others) stays consistent with its catalogue and generator."""
import importlib.util
import json
import re
import unicodedata
from pathlib import Path

import pytest

OTHERS = Path(__file__).resolve().parent.parent / "eval" / "others"
RECORDS = [json.loads(line) for line in (OTHERS / "documents.jsonl").read_text(encoding="utf-8").splitlines()]


def load_generator():
    spec = importlib.util.spec_from_file_location("make_formats", OTHERS / "make_formats.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_catalogue_lists_every_corpus_file_once_with_a_distinct_place():
    listed = sorted(Path(r["file"]).name for r in RECORDS)
    assert listed == sorted(p.name for p in (OTHERS / "corpus").iterdir())
    assert len({r["place"] for r in RECORDS}) == len(RECORDS)


def test_catalogue_fields_take_the_agreed_values():
    for r in RECORDS:
        assert r["kind"] in {"kế hoạch", "báo cáo", "nghị quyết", "tin kỳ họp"}
        assert r["period"] in {"cả năm", "6 tháng", "9 tháng"}
        assert re.fullmatch(r"(xã|phường|thị trấn) \S.*", r["place"])
        for variant in r["variants"]:
            assert (OTHERS / variant).is_file()


def test_every_document_is_nfc_utf8_and_names_its_own_place():
    for r in RECORDS:
        text = (OTHERS / r["file"]).read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text)
        name = r["place"].split(" ", 1)[1] if not r["place"].startswith("thị trấn") else r["place"][9:]
        assert name in text, r["file"]


def test_hard_wrapped_documents_are_their_source_rewrapped():
    gen = load_generator()
    for src in sorted((OTHERS / "src").glob("*.txt")):
        wrapped = (OTHERS / "corpus" / src.name).read_text(encoding="utf-8")
        assert wrapped == gen.hard_wrap(src.read_text(encoding="utf-8"))
        assert max(len(line) for line in wrapped.splitlines()) <= gen.WRAP_WIDTH


def test_hard_wrap_keeps_words_and_short_lines():
    gen = load_generator()
    text = "Tiêu đề ngắn\n" + "một hai ba bốn năm " * 10
    wrapped = gen.hard_wrap(text, width=30)
    assert wrapped.split("\n")[0] == "Tiêu đề ngắn"
    assert wrapped.split() == text.split()
    assert all(len(line) <= 30 for line in wrapped.split("\n"))


def test_text_pdfs_carry_the_words_and_scans_carry_none():
    pdfium = pytest.importorskip("pypdfium2")
    for r in RECORDS:
        words = set(re.findall(r"\w+", (OTHERS / r["file"]).read_text(encoding="utf-8")))
        for variant in r["variants"]:
            if not variant.endswith(".pdf"):
                continue
            doc = pdfium.PdfDocument(str(OTHERS / variant))
            text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
            if variant.endswith(".scan.pdf"):
                assert text.strip() == ""
            else:
                found = set(re.findall(r"\w+", unicodedata.normalize("NFC", text)))
                assert len(words & found) / len(words) > 0.95, variant
            doc.close()
