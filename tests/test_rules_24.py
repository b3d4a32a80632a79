"""Rules met in documents of other communes (eval/others24, studied after its clean scoring), each
on a made-up text: a title naming only a council's term, a law's year in a document's opening, a
figure measured against its target, linking words inside a plan phrase, and a noun that names
only the measure asked ("bao nhiêu tiền")."""
from assistant.features import _synonyms
from assistant.periods import document_period
from assistant.question import content_syllables
from assistant.retrieval import _passage_intent
from assistant.vietnamese import expand_synonyms, synonym_matches

HEAD = ("ỦY BAN BẦU CỬ XÃ NA MÂY\nSố: 9/BC-UBBC                  Na Mây, ngày 20 tháng 3 năm 2026\n\n"
        "BÁO CÁO\nKết quả bầu cử đại biểu HĐND xã Na Mây khóa I, nhiệm kỳ 2026-2031\n\n"
        "Căn cứ Luật Bầu cử đại biểu Quốc hội và đại biểu Hội đồng nhân dân năm 2015 (sửa đổi, bổ sung năm 2025); "
        "Ủy ban bầu cử xã báo cáo như sau:\n")


def test_a_title_naming_only_a_term_is_of_the_year_the_document_is_dated():
    title = "BÁO CÁO Kết quả bầu cử đại biểu HĐND xã Na Mây khóa I, nhiệm kỳ 2026-2031"
    assert document_period(title, HEAD, "báo cáo") == (2026, "cả năm")


def test_a_laws_year_in_the_opening_is_not_the_documents():
    head = ("UBND XÃ NA MÂY\nCăn cứ Luật Tổ chức chính quyền địa phương năm 2015 (sửa đổi, bổ sung năm 2025);\n"
            "UBND xã báo cáo tình hình năm 2026 như sau:\n")
    assert document_period("BÁO CÁO Tình hình công tác", head, "báo cáo")[0] == 2026
    # a year of the opening's own text still counts
    assert document_period("BÁO CÁO Tình hình công tác", "UBND xã báo cáo năm 2025:", "báo cáo")[0] == 2025


def test_a_figure_measured_against_its_target_is_a_result():
    assert _passage_intent("Năm 2026 tiếp nhận 9.120 hồ sơ, trực tuyến đạt 61,2%, vượt chỉ tiêu 50% tỉnh giao.") == "result"
    assert _passage_intent("Sản lượng cá đạt 2.310 tấn, đạt 103,4% kế hoạch.") == "result"
    assert _passage_intent("Thu ngân sách 12 tỷ đồng, bằng 98% kế hoạch.") == "result"
    # … unless the passage aims at it, or names the target itself
    assert _passage_intent("Phấn đấu thu ngân sách đạt 100% kế hoạch.") == "target"
    assert _passage_intent("Chỉ tiêu năm 2027: 500 hộ.") == "target"
    assert _passage_intent("Kế hoạch năm 2027 là 40 tỷ đồng.") == "target"


def test_linking_words_inside_a_plan_phrase_still_say_it():
    # synonyms.tsv: "hỗ trợ sản xuất | hỗ trợ làm ăn | giúp làm ăn"
    q = "Xã Cồn Mây bỏ ra bao nhiêu để giúp bà con làm ăn?"
    assert "hỗ trợ sản xuất" in expand_synonyms(q)
    held = frozenset({"ho", "tro", "san", "xuat"})
    assert {"giup", "lam", "an"} <= _synonyms(q, held)
    assert {"giup", "lam", "an"} <= synonym_matches(q, set(held))
    # a content word in between breaks the phrase
    assert "hỗ trợ sản xuất" not in expand_synonyms("Xã Cồn Mây giúp người nghèo làm nhà ăn Tết")


def test_a_noun_naming_only_the_measure_asked_is_no_content_word():
    assert "tien" not in content_syllables("Năm 2027 xã Cồn Mây định bỏ ra bao nhiêu tiền làm đường?", [])
    assert "tien" not in content_syllables("duong dai bao nhieu tien", [])
    assert "cay" not in content_syllables("Tuyến đê dài mấy cây số?", [])
    # money named as a topic stays one
    assert "tien" in content_syllables("Tiền sử dụng đất năm 2026 thu được bao nhiêu?", [])


def test_people_asked_in_everyday_words_are_counted_as_the_plan_counts_them():
    from assistant.need import asked_unit, unit_pattern
    assert unit_pattern("Có bao nhiêu chị em phụ nữ trúng cử?").search("Nữ: 10 người, chiếm 33,3%")
    assert unit_pattern("Xã muốn có ít nhất bao nhiêu cháu được tiêm đủ mũi?").search("(tối thiểu 302 trẻ)")
    assert "người" in asked_unit("Có bao nhiêu bà con được hỗ trợ?")
    # a count of things stays one
    assert not unit_pattern("Có bao nhiêu cháu được tiêm?").search("cấp 302 liều vắc xin")


def test_election_and_sports_abbreviations_are_spelt_out():
    from assistant.vietnamese import expand_abbreviations
    assert "đơn vị bầu cử" in expand_abbreviations("tỷ lệ cử tri đi bầu ĐVBC số 4")
    assert "vận động viên" in expand_abbreviations("số VĐV môn kéo co")


def test_a_baseline_named_at_length_dates_no_figure_of_the_passage():
    from assistant.periods import own_years
    text = ("Tỷ lệ cử tri đi bầu đạt 99,1%, cao hơn 0,4 điểm phần trăm so với tỷ lệ bình quân của 2 xã cũ "
            "tại cuộc bầu cử năm 2021.")
    assert own_years(text) == []
    assert own_years("Tỷ lệ cử tri đi bầu năm 2021 là 98,7%.") == [2021]


def test_the_plans_title_read_as_a_paragraph_is_a_heading(tmp_path_factory, encoder):
    from conftest import one_plan_index
    from assistant.candidates import candidate
    from assistant.features import Need, is_heading
    idx = one_plan_index(tmp_path_factory, encoder, "bc.txt", (
        "       UBND XÃ NA MÂY                          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "                                             Độc lập - Tự do - Hạnh phúc\n\n"
        "     Số: 41/BC-UBND                        Na Mây, ngày 18 tháng 12 năm 2026\n\n\n"
        "                                   BÁO CÁO\n"
        "        Kết quả tiếp nhận, giải quyết hồ sơ tại Bộ phận một cửa\n"
        "         của xã năm 2026 và nhiệm vụ năm 2027\n\n\n"
        "    Thực hiện kế hoạch cải cách hành chính năm 2026, Bộ phận một cửa xã báo cáo như sau.\n\n"
        "Năm 2026, Bộ phận một cửa xã Na Mây tiếp nhận 4.120 hồ sơ, đúng hạn 99,1%.\n"))
    need = Need({"ho": 1.0})

    def heading(words: str) -> float:
        return next(is_heading(need, candidate(idx, r)) for r in range(len(idx.passages))
                    if words in idx.passages[r].text)
    assert heading("Kết quả tiếp nhận") == 1.0
    assert heading("4.120 hồ sơ") == 0.0


def test_a_day_asked_in_everyday_words_asks_a_date():
    from assistant.quoting import asks_when
    assert asks_when("Hội thi của xã Na Mây khai mạc vào mấy giờ, hôm nào?")
    assert asks_when("Hom nao khai mac hoi thi?")
    assert not asks_when("Hôm nay xã Na Mây thu được bao nhiêu?")


def test_a_note_under_a_table_set_in_italics_heads_no_section():
    from assistant.chunking import chunk, is_heading
    assert not is_heading("*Ghi chú: chỉ tiêu 3 tính theo 2 xã cũ; xã Na Hạ đạt chuẩn năm 2024.*")
    assert not is_heading("*Nguồn: báo cáo của 2 xã cũ.*")
    assert is_heading("**Ghi chú:**")  # the label alone still heads the notes under it
    text = ("### 1. Kết quả\n\n| TT | Chỉ tiêu | Kết quả |\n|---|---|---|\n| 1 | Thu ngân sách | Đạt |\n\n"
            "*Ghi chú: xã Na Hạ đạt chuẩn năm 2024.*\n\n### 2. Về kinh tế\n\n"
            "Thu ngân sách năm 2025 ước đạt 86,4 tỷ đồng.\n")
    piece = next(c for c in chunk(text) if "86,4" in c.text)
    assert not any("Ghi chú" in h for h in piece.headings)


def test_metres_asked_are_met_by_a_figure_in_m():
    from assistant.need import unit_pattern
    assert unit_pattern("Mực nước sông lên đỉnh bao nhiêu mét?").search("đạt đỉnh 3,92 m lúc 5 giờ")


def test_a_linking_word_is_left_out_only_where_it_only_links():
    from assistant.vietnamese import linked_phrases
    assert linked_phrases("Xã Cồn Mây bỏ ra bao nhiêu để giúp bà con làm ăn?") == [("giup", "lam", "an")]
    assert linked_phrases("xa Con May giup ba con lam an bao nhieu") == [("giup", "lam", "an")]
    # not across a negation, a clause, a name or two things joined
    assert not linked_phrases("Bao nhiêu em thi không đỗ lớp 10?")
    assert not linked_phrases("Xã còn thiếu nội dung gì và hạn hoàn thành là khi nào?")
    assert not linked_phrases("thue thu nhap ca nhan phuong Thai Loc Trung uoc thuc hien")
    assert not linked_phrases("Ở cấp xã, đất công ích do ai quản lý?")


def test_a_law_is_dated_only_where_the_opening_rests_on_it():
    head = "Căn cứ Luật Tổ chức chính quyền địa phương\nnăm 2015 (sửa đổi, bổ sung năm 2025);\nUBND xã báo cáo năm 2026:"
    assert document_period("BÁO CÁO Tình hình công tác", head, "báo cáo")[0] == 2026
    carried = "Thực hiện Luật Thực hiện dân chủ ở cơ sở, UBND xã báo cáo kết quả năm 2025 như sau:"
    assert document_period("BÁO CÁO Kết quả thực hiện dân chủ", carried, "báo cáo")[0] == 2025
    # a plan of a council's term plans the year its opening names
    opening = "UBND XÃ NA MÂY\nNa Mây, ngày 25 tháng 12 năm 2026\nĐể tổ chức các kỳ họp thường lệ năm 2027 …"
    assert document_period("KẾ HOẠCH Tổ chức các kỳ họp của HĐND xã khóa I, nhiệm kỳ 2026-2031", opening,
                           "kế hoạch")[0] == 2027


def test_a_target_of_the_same_year_measured_against_is_no_baseline():
    from assistant.periods import own_years
    assert own_years("Tạo việc làm cho 450 lao động, đạt 112,5% so với 400 người theo chỉ tiêu giao năm 2026.") == [2026]


def test_an_aim_to_complete_a_target_stays_a_target():
    assert _passage_intent("Hoàn thành chỉ tiêu giao quân năm 2027 (15 thanh niên).") == "target"
    assert _passage_intent("Thu ngân sách năm 2027 tăng 8% so với kế hoạch tỉnh giao.") == "target"


def test_a_measure_noun_is_read_as_written():
    assert "tien" in content_syllables("Cổng dịch vụ công có bao nhiêu tiện ích?", [])
    assert "tien" in content_syllables("lang nghe may tien bao nhieu ho", [])  # "may" is not "mấy" here


def test_a_note_typed_without_accents_or_a_marked_heading():
    from assistant.chunking import is_heading
    assert not is_heading("*Ghi chu: xa Na Ha dat chuan nam 2024.*")
    assert is_heading("## Lưu ý: các nhiệm vụ trọng tâm")
