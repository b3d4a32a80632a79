from assistant.chunking import chunk, markers_in
from assistant.loading import load_text

from conftest import CORPUS


def _plans():
    return [load_text(p).text for p in sorted(CORPUS.glob("*.txt"))]


def test_every_passage_is_an_exact_slice():
    for text in _plans():
        for p in chunk(text):
            assert text[p.start:p.end] == p.text
            assert p.text.strip() == p.text


def test_no_text_is_lost_between_passages():
    for text in _plans():
        covered = bytearray(len(text))
        for p in chunk(text):
            covered[p.start:p.end] = b"\x01" * (p.end - p.start)
        lost = "".join(c for c, hit in zip(text, covered) if not hit)
        assert lost.strip("\ufeff \n\t\r") == ""


def test_list_items_know_their_heading_path():
    text = load_text(CORPUS / "000_b2f6895b3ee26df3.txt").text
    item = next(p for p in chunk(text) if "Tổng thu ngân sách Nhà nước" in p.text)
    assert item.kind == "item"
    assert any("Về kinh tế" in h for h in item.headings)
    assert any("chỉ tiêu chủ yếu" in h for h in item.headings)


def test_table_rows_carry_their_header():
    text = load_text(CORPUS / "002_680e36f5c05cb2c2.txt").text
    row = next(p for p in chunk(text) if p.kind == "row" and "Khu số 1 KDC số 4" in p.text)
    assert "Nhiệm vụ" in row.table_header and "Kết quả" in row.table_header


def test_a_bold_title_over_several_lines_is_one_heading():
    text = "Mở đầu.\n\n**Biểu số 02: Kết quả thực hiện các chỉ tiêu  \nkỳ họp thứ sáu**\n\nTT\tNhiệm vụ\n1\tGiữ vững"
    row = next(p for p in chunk(text) if p.kind == "row" and "Giữ vững" in p.text)
    assert row.headings == ["Biểu số 02: Kết quả thực hiện các chỉ tiêu kỳ họp thứ sáu"]
    unclosed = chunk("Mở đầu.\n\n**Câu in đậm chưa đóng\nvà câu thường.")
    assert "heading" not in [p.kind for p in unclosed]


def test_an_annex_note_in_parentheses_joins_the_annex_title():
    text = ("Mở đầu.\n\n**Biểu số 02: Kết quả thực hiện các chỉ tiêu kinh tế - xã hội năm 2023 theo Nghị quyết**\n\n"
            "**(Kèm theo Kế hoạch số 12/KH-UBND ngày 5/12/2023 của UBND xã)**\n\nTT\tNhiệm vụ\n1\tGiữ vững")
    row = next(p for p in chunk(text) if p.kind == "row" and "Giữ vững" in p.text)
    assert len(row.headings) == 1
    assert row.headings[0].startswith("Biểu số 02") and row.headings[0].endswith("của UBND xã)")


def test_annex_rows_know_their_annex():
    text = load_text(CORPUS / "002_680e36f5c05cb2c2.txt").text
    row = next(p for p in chunk(text) if p.kind == "row" and "Duy trì phường đạt chuẩn văn minh đô thị" in p.text)
    assert row.headings[-1].startswith("Biểu số 02")


def test_footnotes_and_their_markers():
    text = load_text(CORPUS / "004_164104ac10e67ad6.txt").text
    passages = chunk(text)
    note = next(p for p in passages if p.kind == "footnote" and "28.000 cây" in p.text)
    assert note.footnote == "4"
    referrer = next(p for p in passages if "trồng cây phân tán" in p.text and "4" in p.markers)
    assert referrer.kind != "footnote"


def test_markers_ignore_square_metres():
    assert markers_in("diện tích 80.234,9 m² đạt⁽⁷⁾ và giải¹¹.") == ["7", "11"]


def test_long_paragraphs_are_split_within_limits():
    text = "Câu mở đầu. " + " ".join(f"Câu số {i} nói về chỉ tiêu {i} của xã." for i in range(200))
    pieces = chunk(text)
    assert len(pieces) > 3
    assert all(len(p.text) <= 500 for p in pieces)
    assert all(text[p.start:p.end] == p.text for p in pieces)


def test_a_signature_block_does_not_carry_itself_as_its_section():
    text = ("Giao Văn phòng UBND theo dõi, đôn đốc, tổng hợp kết quả thực hiện kế hoạch này.\n\n"
            "**TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH**\n\nĐỗ Văn An")
    block = next(p for p in chunk(text) if "Đỗ Văn An" in p.text)
    assert block.kind == "heading" and block.headings == []


def test_a_paragraph_cut_by_a_page_break_is_found_by_the_words_of_both_parts():
    from assistant.indexing import page_break_parts, search_texts, read_plan
    import tempfile
    from pathlib import Path
    path = CORPUS / "004_164104ac10e67ad6.txt"
    with tempfile.TemporaryDirectory() as cache:
        _, passages, _ = read_plan(path, "", Path(cache))
    pairs = page_break_parts(passages)
    # "… Trường giữ" / the page's footnotes / "vững đạt chuẩn Quốc gia mức độ 2. … xếp thứ 2."
    first, rest = next((a, b) for a, b in pairs if passages[a].text.endswith("Trường giữ"))
    assert passages[rest].text.startswith("vững đạt chuẩn") and passages[rest - 1].footnote
    texts = search_texts(passages)
    assert "Trường tiểu học số 1 Đức Thắng" in texts[rest] and "xếp thứ 2" in texts[first]
    # the rest may start with a figure: "… ngày chạy Olympic vì sức khỏe toàn dân có" / "400 vận động viên …"
    assert any(passages[b].text.startswith("400 vận động viên") for _, b in pairs)
    # a bold line ending in "**" closes a unit of its own; pieces of one long paragraph overlap
    assert all(not passages[a].text.rstrip().endswith("*") for a, _ in pairs)
    assert all(passages[b].start > passages[a].end for a, b in pairs)


def test_hard_wrapped_paragraphs_are_reflowed():
    para = ("Năm 2024, trong bối cảnh giá vật tư tăng cao và mưa bão kéo dài, xã\n"
            "vẫn hoàn thành 15/17 chỉ tiêu; tổng thu ngân sách trên địa bàn ước\n"
            "đạt 38,7 tỷ đồng, bằng 104,6% dự toán huyện giao cho năm 2024.\n")
    text = ("KẾ HOẠCH\nPhát triển kinh tế năm 2025\n\n" + para + "\n" +
            "Trồng mới 12 ha cây ăn quả trên đất đồi, hỗ trợ giống cho 40 hộ\n"
            "nghèo và cận nghèo tham gia mô hình trồng bưởi da xanh.\n\n"
            "1. Mục tiêu\n\n"
            "1.1. Thu ngân sách nhà nước trên địa bàn đạt 40,5 tỷ đồng trở lên;\n"
            "chi ngân sách thực hiện theo dự toán.\n"
            "1.2. Tỷ lệ hộ nghèo giảm còn dưới 1,5% theo chuẩn nghèo đa chiều.\n")
    passages = chunk(text)
    first = next(p for p in passages if p.text.startswith("Năm 2024"))
    assert first.text == para.strip() and first.kind == "paragraph"
    item = next(p for p in passages if p.text.startswith("1.1."))
    assert item.text.endswith("theo dự toán.") and item.kind == "item"
    assert any(p.text.startswith("1.2.") for p in passages)  # the next item stays its own
    for p in passages:
        assert text[p.start:p.end] == p.text


def test_a_numbered_line_the_wrap_cut_is_no_heading():
    # "6.4. Lao động: … cho 146 lao động, đạt" reads like a short numbered heading, but it runs to
    # the wrap's width and ends on a word: the figure it leads to is on the next line
    body = ("Hoạt động văn hóa, thể thao diễn ra sôi nổi trong dịp đầu năm, các thôn tổ chức\n"
            "  giao lưu bóng chuyền, kéo co; thư viện xã phục vụ hơn 900 lượt bạn đọc mới,\n"
            "  nhà văn hóa các thôn mở cửa đón nhân dân sinh hoạt cộng đồng vào mỗi tối thứ\n"
            "  bảy và chủ nhật hằng tuần trong suốt quý.\n\n")
    text = ("BÁO CÁO\nTình hình quý I năm 2026\n\n6. Văn hóa - xã hội\n\n" + body +
            "6.4. Lao động, chính sách xã hội: giải quyết việc làm mới cho 146 lao động, đạt\n"
            "  29,2% kế hoạch năm (500 lao động), trong đó đi làm việc ở nước ngoài 18 người.\n\n"
            "7. QUỐC PHÒNG, AN NINH VÀ CÔNG TÁC TƯ PHÁP, CẢI CÁCH HÀNH CHÍNH TRÊN ĐỊA BÀN XÃ\n"
            "Giữ vững an ninh chính trị, trật tự an toàn xã hội trên địa bàn xã trong dịp Tết.\n")
    passages = chunk(text)
    item = next(p for p in passages if p.text.startswith("6.4."))
    assert "29,2%" in item.text and item.kind == "item" and item.headings[-1] == "6. Văn hóa - xã hội"
    assert any(p.kind == "heading" and p.text.startswith("7. QUỐC PHÒNG") for p in passages)  # capitals stay a heading


def test_a_paragraph_per_line_text_is_not_reflowed():
    text = "Mở đầu.\n\nDòng thứ nhất là một đoạn văn dài hơn, không có dấu chấm ở cuối dòng\nDòng thứ hai.\n"
    assert len([p for p in chunk(text) if p.kind == "paragraph"]) == 3


def test_a_table_flattened_one_cell_per_line_is_put_back_into_rows():
    cells = ["TT", "Chỉ tiêu", "Đơn vị", "Năm 2024", "Năm 2025",
             "1", "Thu ngân sách", "triệu đồng", "52.400", "55.000",
             "2", "Tỷ lệ hộ nghèo", "%", "0,35", "0,20",
             "3", "Số lao động có việc làm mới", "người", "420", "430"]
    text = "Mở đầu.\n\nPHỤ LỤC CHỈ TIÊU\n\n" + "\n".join(cells) + "\n\nGhi chú: số liệu ước.\n"
    passages = chunk(text)
    header = next(p for p in passages if p.kind == "table_header")  # column names: kept, but no row
    assert header.text.split("\n")[:2] == ["TT", "Chỉ tiêu"]
    rows = [p for p in passages if p.kind == "row"]
    assert [r.text.split("\n")[:2] for r in rows] == [["1", "Thu ngân sách"],
                                                      ["2", "Tỷ lệ hộ nghèo"], ["3", "Số lao động có việc làm mới"]]
    assert rows[1].text.endswith("0,20")
    assert rows[1].table_header == "TT | Chỉ tiêu | Đơn vị | Năm 2024 | Năm 2025"
    assert rows[1].headings == ["PHỤ LỤC CHỈ TIÊU"]


def test_markdown_table_rows_are_rows_with_their_header():
    text = ("Biểu số 01\n\n| STT | Chỉ tiêu | KH 2025 |\n|---|---|---|\n| 1 | Thu ngân sách | 5,2 |\n"
            "| 2 | Tỷ lệ hộ nghèo | 1,5 |\n")
    passages = chunk(text)
    assert [p.kind for p in passages if p.text.startswith("|")] == ["table_header", "row", "row"]
    assert passages[1].text.endswith("|---|---|---|")
    rows = [p for p in passages if p.kind == "row"]
    assert rows[1].text == "| 2 | Tỷ lệ hộ nghèo | 1,5 |" and rows[1].table_header == "STT | Chỉ tiêu | KH 2025"
    # a first row that gives figures is no header of names: it stays a row
    text = "Biểu số 02\n\n| 1 | Thu ngân sách | 5,2 |\n| 2 | Tỷ lệ hộ nghèo | 1,5 |\n"
    assert [p.kind for p in chunk(text) if p.text.startswith("|")] == ["row", "row"]


def test_a_resolution_splits_along_its_articles():
    text = ("NGHỊ QUYẾT\nVề nhiệm vụ năm 2025\n\nCăn cứ Luật Tổ chức chính quyền địa phương.\n\nQUYẾT NGHỊ:\n\n"
            "Điều 1. Thông qua các chỉ tiêu chủ yếu năm 2025 như báo cáo của Ủy ban nhân dân xã, cụ thể như sau:\n\n"
            "1. Các chỉ tiêu kinh tế\n\na) Thu ngân sách trên địa bàn đạt 7,2 tỷ đồng.\n\n"
            "Điều 2. Tổ chức thực hiện\n\n1. Giao Ủy ban nhân dân xã tổ chức thực hiện Nghị quyết này.\n")
    passages = chunk(text)
    thu = next(p for p in passages if p.text.startswith("a) Thu"))
    assert thu.headings[-2].startswith("Điều 1.") and thu.headings[-1] == "1. Các chỉ tiêu kinh tế"
    giao = next(p for p in passages if p.text.startswith("1. Giao"))
    assert giao.headings[-1] == "Điều 2. Tổ chức thực hiện"
    assert not any(h.startswith("Điều 1") for h in giao.headings)


def test_an_annex_table_typed_with_spaces_has_rows_under_its_annex_title():
    text = ("Mở đầu.\n\nBiểu số 01\n\nKẾT QUẢ THỰC HIỆN CHỈ TIÊU 6 THÁNG ĐẦU NĂM 2025\n\n"
            "STT  Chỉ tiêu                ĐVT      KH năm    TH 6 tháng\n"
            "1    Sản lượng tôm nuôi      tấn      1.850     862,4\n"
            "2    Thu ngân sách           triệu    2.600     1.415\n")
    passages = chunk(text)
    rows = [p for p in passages if p.kind == "row"]
    # the column names ("TH 6 tháng" names a period, no figure) head the table, answering nothing alone
    assert [p.kind for p in passages if p.text.startswith("STT")] == ["table_header"]
    assert len(rows) == 2 and rows[1].text.startswith("2    Thu ngân sách")
    assert rows[1].table_header == "STT | Chỉ tiêu | ĐVT | KH năm | TH 6 tháng"
    assert rows[1].headings == ["Biểu số 01: KẾT QUẢ THỰC HIỆN CHỈ TIÊU 6 THÁNG ĐẦU NĂM 2025"]


def test_column_names_ruled_off_with_dashes_head_the_rows_below():
    text = ("Mở đầu.\n\n-----    ------------------    --------    ------    ------\n"
            "TT  Chỉ tiêu              ĐVT       2026    2027\n"
            "--------------------------------------------------\n"
            "1   Thu ngân sách         tỷ đồng   25,0    26,8\n"
            "2   Trồng rừng mới        ha        40      45\n"
            "--------------------------------------------------\n")
    passages = chunk(text)
    assert [p.kind for p in passages if p.text.startswith("TT")] == ["table_header"]
    assert not any(p.kind in ("row", "table_header") for p in passages if p.text.startswith("---"))
    row = next(p for p in passages if p.text.startswith("2 "))
    assert row.kind == "row" and row.table_header == "TT | Chỉ tiêu | ĐVT | 2026 | 2027"


def test_identical_passages_compare_equal_whatever_their_format():
    from assistant.chunking import comparable
    assert comparable("**Thu ngân sách** đạt 5,2 tỷ đồng.") == comparable("Thu  ngân sách đạt 5,2 tỷ đồng")
    assert comparable("1\tThu ngân sách\t5,2") == comparable("| 1 | Thu ngân sách | 5,2 |")
    assert comparable("Thu ngân sách đạt 5,2 tỷ") != comparable("Thu ngân sách đạt 5,3 tỷ")


def test_a_numbered_line_giving_a_figure_is_an_item_not_a_heading():
    from assistant.chunking import classify
    assert classify("3. Chi thường xuyên: 7.350 triệu đồng, trong đó:") == "item"
    assert classify("2. Tỷ lệ hộ nghèo giảm còn 1,5%") == "item"
    assert classify("2. Kết quả 9 tháng năm 2025") == "heading"  # a count and a year are no figure
    assert classify("87.5% so với năm trước (12,400 con), giảm 2.1%") == "paragraph"  # a wrapped line opening with a figure
    assert classify("(12.400 lượt) và tăng 8% so với năm trước") == "paragraph"  # … with a figure in brackets
    assert classify("(2) Thu ngân sách đạt 5 tỷ đồng") == "item"


def test_a_wrapped_line_opening_with_a_bracketed_figure_continues_its_sentence():
    # hard-wrapped at 70 characters
    text = ("1. Khám chữa bệnh\n\nTổng số lượt khám chữa bệnh năm 2026 ước đạt 9.120 lượt, đạt 101,3%\n"
            "(9.000 lượt) và tăng 4,2% so với năm 2025; trong đó khám có thẻ BHYT\n"
            "8.004 lượt, chuyển tuyến 312 lượt. Công suất sử dụng giường đạt 41%,\n"
            "cao hơn năm trước do trạm mở thêm hai giường lưu theo dõi bệnh nhân.\n")
    body = [p for p in chunk(text) if p.kind != "heading"]
    assert len(body) == 1 and "9.120 lượt" in body[0].text and "8.004 lượt" in body[0].text


def test_footnotes_typed_in_brackets_are_footnotes_and_their_markers_link():
    text = ("Vốn làm đường năm 2025:\n\n- Các hộ góp: 4 tỷ đồng (12%)[2].\n- Vốn huyện: 20 tỷ đồng.\n\n"
            "[2] Trong 4 tỷ đồng các hộ góp có 1 tỷ đồng bằng ngày công.\n")
    passages = chunk(text)
    note = next(p for p in passages if p.text.startswith("[2]"))
    assert note.kind == "footnote" and note.footnote == "2"
    assert next(p for p in passages if "hộ góp: 4" in p.text).markers == ["2"]
    assert markers_in("Quy mô [12] hộ, năm [2025]") == []  # a bracket after a space is no marker


def test_a_long_line_the_splitter_rewrites_loses_no_text():
    from assistant.chunking import split_long
    text = ";;;;;;;;a ;" * 46 + " a"  # a piece the splitter strips is not found again as written
    spans = split_long(text, 0, len(text))
    covered = set().union(*(range(s, e) for s, e in spans))
    assert all(i in covered for i, c in enumerate(text) if not c.isspace())


def test_the_recipients_list_is_its_own_kind_and_ends_with_its_block():
    text = ("Trên đây là báo cáo của UBND xã Tân Mỹ.\n\nNơi nhận:                          TM. ỦY BAN NHÂN DÂN\n"
            "- TT Đảng ủy, HĐND xã;                    CHỦ TỊCH\n- Các thôn;\n- Lưu: VT.\n\n"
            "Phụ lục\n\n- Trồng mới 5 ha rừng.\n")
    kinds = {p.text.strip(): p.kind for p in chunk(text)}
    assert kinds["- Các thôn;"] == kinds["- Lưu: VT."] == "recipients"
    assert kinds["- TT Đảng ủy, HĐND xã;                    CHỦ TỊCH"] == "recipients"
    assert kinds["- Trồng mới 5 ha rừng."] == "item"  # the list ends with its block


def test_a_long_repeated_sentence_is_cut_into_pieces_no_longer_than_the_limit():
    from assistant.chunking import MAX_CHARS
    sentence = "Thu ngân sách đạt 1.000.000.000,10% 1.000.000.000.000,1%⁽¹⁰⁾ so với dự toán, tăng 10%. "
    text = (sentence * 40).strip()
    pieces = chunk(text)
    assert max(len(p.text) for p in pieces) <= MAX_CHARS
    assert "".join(sorted({c for p in pieces for c in p.text})) == "".join(sorted(set(text)))


def test_a_tables_unit_stated_above_it_is_kept_with_its_rows():
    text = ("Biểu 01. Thu ngân sách\n\nĐVT: triệu đồng\n\n| TT | Nội dung | DT 2025 | TH 2025 | So sánh |\n"
            "|---|---|---|---|---|\n| 1 | Thu tiền sử dụng đất | 12.000 | 9.120 | 76,0 |\n\nMột đoạn văn.\n")
    row = next(p for p in chunk(text) if p.kind == "row")
    assert row.table_unit == "triệu đồng"
    assert all(p.table_unit == "" for p in chunk(text) if p.kind == "paragraph")
    plain = "Mở đầu.\n\n| TT | Nội dung | DT 2025 | TH 2025 |\n|---|---|---|---|\n| 1 | Thu | 12 | 9 |\n"
    assert next(p for p in chunk(plain) if p.kind == "row").table_unit == ""


def test_a_sub_row_knows_the_numbered_row_it_belongs_to():
    text = ("TT\tCây trồng\tĐVT\tTH 2025\tKH 2026\n"
            "1\tLạc - diện tích\tha\t120\t130\n"
            "\t  Năng suất\ttạ/ha\t21\t22\n"
            "\t  Sản lượng\ttấn\t252\t286\n"
            "2\tĐậu tương\tha\t40\t45\n"
            "-\tTrong đó: vụ đông\tha\t25\t30\n"
            "\tCộng diện tích\tha\t160\t175\n")
    rows = {p.text.split("\t")[0] if p.text[0].isdigit() else p.text.split("\t")[0].strip(): p
            for p in chunk(text) if p.kind == "row"}
    assert rows["Sản lượng"].row_parent == "Lạc - diện tích"
    assert rows["Năng suất"].row_parent == "Lạc - diện tích"
    assert rows["-"].row_parent == "Đậu tương"  # "- Trong đó: …" under the row above it
    assert rows["1"].row_parent == "" and rows["2"].row_parent == ""
    assert rows["Cộng diện tích"].row_parent == ""  # a total belongs to no row


def test_a_sub_row_is_quoted_with_its_parent_and_found_by_its_words():
    from assistant.features import Need
    from assistant.indexing import search_text
    from assistant.quoting import row_quote
    from assistant.store import PassageRecord
    need = Need({"san": 1.0, "luong": 1.0, "lac": 2.0}, wants_number=True, years=(2026,), question="Sản lượng lạc năm 2026?")
    quote = row_quote("Sản lượng\ttấn\t252\t286", "TT | Cây trồng | ĐVT | TH 2025 | KH 2026", need, parent="Lạc - diện tích")
    assert quote.startswith("Lạc - diện tích › Sản lượng") and "286 tấn" in quote
    record = PassageRecord(source="a.txt", start=0, end=1, text="Sản lượng\ttấn\t252\t286", kind="row", headings=[],
                           row_parent="Lạc - diện tích")
    assert "Lạc - diện tích" in search_text(record, {}, {})


def parents(table: str) -> list[str]:
    """The parent label of each row of a table, in order."""
    return [p.row_parent for p in chunk(table) if p.kind == "row"]


def test_sub_rows_in_markdown_and_space_aligned_tables_and_under_group_rows():
    markdown = ("| STT | Chỉ tiêu | ĐVT | KH 2026 |\n|---|---|---|---|\n"
                "| 1 | Đàn bò | con | 1.200 |\n|  | Trong đó: bò sữa | con | 300 |\n"
                "| B | CHỈ TIÊU XÃ HỘI | | |\n|  | Dân số trung bình | người | 9.800 |\n")
    assert parents(markdown) == ["", "Đàn bò", "", ""]  # a group row ends its parent's rows
    # every row indented alike: none is under another
    aligned = ("  TT  Chỉ tiêu            ĐVT    KH 2026\n"
               "  1   Diện tích lúa       ha     420\n"
               "  2   Sản lượng lúa       tấn    2.350\n"
               "      Năng suất           tạ/ha  56\n")
    assert parents(aligned) == ["", "", "Sản lượng lúa"]


def test_a_row_numbered_under_another_and_a_number_written_in_the_label():
    numbered = ("STT   Chỉ tiêu                    ĐVT    KH 2026\n"
                "5     Sản lượng cá                tấn    900\n"
                "5.1   Trong đó: cá nuôi           tấn    640\n"
                "5.2   Cá khai thác                tấn    260\n"
                "6     Số tàu cá                   chiếc  31\n")
    assert parents(numbered) == ["", "Sản lượng cá", "Sản lượng cá", ""]
    in_label = ("Nguồn vốn                    Giao     Giải ngân\n"
                "1. Chương trình nước sạch    2.400    1.900\n"
                "   - Vốn ngân sách tỉnh      1.600    1.300\n"
                "2. Chương trình điện         800      780\n")
    assert parents(in_label) == ["", "Chương trình nước sạch", ""]


def test_a_table_whose_header_spans_two_lines_keeps_it_past_a_numbering_row_and_a_group_line():
    text = ("BIỂU CHỈ TIÊU CHỦ YẾU\n"
            "STT   Chỉ tiêu                 ĐVT     TH 2025   KH 2026   KH 2026/\n"
            "                                                          TH 2025 (%)\n"
            "-----------------------------------------------------------------------\n"
            "A     B                        C       1         2         3=2/1\n"
            "-----------------------------------------------------------------------\n"
            "I     KINH TẾ\n"
            "1     Sản lượng lúa            tấn     4.200     4.350     103,6\n"
            "2     Diện tích rau            ha      85        90        105,9\n")
    rows = [p for p in chunk(text) if p.kind == "row" and ("lúa" in p.text or "rau" in p.text)]
    assert rows and all(p.table_header.startswith("STT | Chỉ tiêu | ĐVT | TH 2025 | KH 2026") for p in rows)


def test_column_names_on_two_lines_of_a_table_typed_with_spaces_are_joined_column_by_column():
    text = ("STT  Chỉ tiêu              ĐVT     Thực hiện    Ước TH    Kế hoạch\n"
            "                                   năm 2025    năm 2026    năm 2027\n"
            "-----------------------------------------------------------------\n"
            "I    KINH TẾ\n"
            "1    Sản lượng lúa         tấn       4.200       4.310       4.400\n"
            "     Trong đó:\n"
            "a      Lúa vụ mùa          tấn       2.100       2.150       2.200\n"
            "b      Lúa vụ xuân         tấn       2.100       2.160       2.200\n")
    passages = chunk(text)
    rows = [p for p in passages if p.kind == "row"]
    # the second line names columns, not a row; a row between a group line and "Trong đó:" is one
    assert [p.text.split()[1] for p in rows] == ["Sản", "Lúa", "Lúa"]
    assert all(p.table_header == "STT | Chỉ tiêu | ĐVT | Thực hiện năm 2025 | Ước TH năm 2026 | Kế hoạch năm 2027"
               for p in rows)
    # a first row without figures is a row, not more column names: its label column is written
    tasks = ("Nội dung             Cơ quan chủ trì    Thời gian\n"
             "Tổng kết năm 2025    Văn phòng          Quý I/2026\n"
             "Rà soát hộ nghèo     Công chức LĐXH     Quý IV/2026\n")
    assert [p.kind for p in chunk(tasks)] == ["table_header", "row", "row"]
    # … as under a markdown header
    md = "| Đơn vị | Nhiệm vụ | Thời hạn |\n|---|---|---|\n| Phòng Kinh tế | Đấu giá đất | Quý II |\n"
    assert [p.kind for p in chunk(md)] == ["table_header", "row"]


def test_a_tables_unit_is_read_above_its_rule_line():
    text = ("Đơn vị tính: triệu đồng\n"
            "----------------------------------------------\n"
            "STT  Nội dung               Dự toán    Ước TH\n"
            "1    Thu tiền sử dụng đất     3.000     2.460\n"
            "2    Thu phí, lệ phí            120       131\n")
    rows = [p for p in chunk(text) if p.kind == "row"]
    assert len(rows) == 2 and all(p.table_unit == "triệu đồng" for p in rows)
