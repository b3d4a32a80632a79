"""Repairs of Tesseract's misreadings, on made-up word boxes (no OCR needed)."""
from assistant import ocr_repair as r
from assistant.pdf_reader import Word, group_lines, is_syllable, make_line, repair_scanned, Page


def w(text, x0, top, x1, bottom, conf=95.0):
    return Word(text, x0, x1, top, bottom, bottom - top, exact=False, conf=conf)


def line(words):
    return make_line(words, 0)


def test_glued_syllables_are_split_but_names_are_not():
    assert r.split_glued("Dựán", is_syllable) == "Dự án"
    assert r.split_glued("pháttriển,", is_syllable) == "phát triển,"
    for word in ("Yagi", "VietGAP", "OCOP", "triển", "nghiêng"):
        assert r.split_glued(word, is_syllable) == word


def test_a_section_numeral_follows_the_previous_one():
    assert r.section_numeral("IL.", "KẾ HOẠCH NĂM 2025", 1) == ("II.", 2)
    assert r.section_numeral("IIL", "PHƯƠNG HƯỚNG", 1) == ("II.", 2)
    assert r.section_numeral("Ill.", "TỔ CHỨC", 2) == ("III.", 3)
    assert r.section_numeral("I.", "KẾT QUẢ", 0) == ("I.", 1)
    assert r.section_numeral("IL.", "trong đó", 1) == ("IL.", 1)  # no section title follows


def test_a_line_cut_by_a_rotated_scan_is_one_line_again():
    words = [w("Chi", 60, 752, 75, 759), w("ngân", 78, 751, 98, 759), w("sách", 101, 748, 121, 756),
             w("tăng", 124, 747, 144, 755)]
    lines = group_lines(words, 0)
    assert [l.text for l in lines] == ["Chi ngân sách tăng"]


def test_footnotes_and_their_markers_are_recovered_from_the_page_layout():
    body = [
        [w("Trồng", 60, 300, 90, 310), w("386", 95, 300, 110, 310), w("ha;", 114, 296, 130, 310, conf=35)],
        [w("đạt", 60, 320, 75, 330), w("nâng", 80, 320, 100, 330), w("cao”.", 104, 320, 125, 330)],
        [w("bằng", 60, 340, 80, 350), w("dự", 84, 340, 94, 350), w("toán3.", 98, 340, 125, 350)],
    ]
    notes = [
        [w("Ì", 60, 700, 62, 705), w("Diện", 66, 700, 84, 708), w("tích", 88, 700, 104, 708)],
        [w("2", 60, 712, 63, 717), w("Các", 66, 712, 80, 720), w("tiêu", 84, 712, 100, 720)],
        [w("'", 60, 724, 62, 729), w("Chi", 66, 724, 80, 732), w("ngân", 84, 724, 104, 732)],
    ]
    page = Page(0, 595, 842, [x for ws in body + notes for x in ws])
    page.lines = [line(ws) for ws in body + notes]
    repair_scanned([page], body_size=10.0)
    assert [l.text for l in page.lines] == ["Trồng 386 ha¹;", "đạt nâng cao².", "bằng dự toán³."]
    assert [l.text for l in page.notes] == ["¹ Diện tích", "² Các tiêu", "³ Chi ngân"]


def test_a_closing_quote_is_no_marker():
    body = [[w("gọi", 60, 300, 75, 310), w("“Ngày", 80, 300, 105, 310), w("xanh”.", 110, 300, 135, 310)],
            [w("đạt", 60, 320, 75, 330), w("chuẩn”.", 80, 320, 110, 330)]]
    notes = [[w("1", 60, 700, 63, 705), w("Theo", 66, 700, 84, 708), w("kế", 88, 700, 98, 708)]]
    page = Page(0, 595, 842, [])
    page.lines = [line(ws) for ws in body + notes]
    repair_scanned([page], body_size=10.0)
    assert [l.text for l in page.lines] == ["gọi “Ngày xanh”.", "đạt chuẩn¹."]
    assert page.notes[0].text == "¹ Theo kế"
