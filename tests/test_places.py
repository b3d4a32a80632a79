from assistant.loading import load_text
from assistant.places import Place, plan_kind, plan_place, plan_years, question_places
from assistant.question import analyse, content_syllables, intent_of

from conftest import CORPUS

KNOWN = [Place("thị trấn", "Hùng Sơn"), Place("xã", "Hương Sơn"), Place("phường", "Thọ Xương"),
         Place("xã", "Lương Phong"), Place("thị trấn", "Thắng")]


def test_each_plan_knows_its_place_kind_and_years_from_its_text():
    got = {}
    for path in sorted(CORPUS.glob("*.txt")):
        text = load_text(path).text
        got[path.name] = (plan_place(text), plan_kind(text), 2024 in plan_years(text))
    assert set(v[0] for v in got.values()) == set(KNOWN)
    assert got["004_164104ac10e67ad6.txt"][1] == "báo cáo"
    assert got["003_bed8603f6d2f56aa.txt"] == (Place("xã", "Lương Phong"), "kế hoạch", True)


def test_place_read_from_a_new_plan():
    text = "KẾ HOẠCH\nPhát triển kinh tế - xã hội năm 2025 xã Tân Mỹ\n\nUBND xã Tân Mỹ xây dựng kế hoạch."
    assert plan_place(text) == Place("xã", "Tân Mỹ")
    assert plan_years(text) == [2025]


def test_question_places_in_every_style():
    cases = {
        "Tỷ lệ hộ nghèo của xã Lương Phong": [Place("xã", "Lương Phong")],
        "ty le ho ngheo xa luong phong": [Place("xã", "Lương Phong")],
        "Sản phẩm OCOP của TT Hùng Sơn": [Place("thị trấn", "Hùng Sơn")],
        "Chỉ tiêu BHYT của P. Thọ Xương": [Place("phường", "Thọ Xương")],
        "Thắng số hộ gia đình văn hóa 2023": [Place("thị trấn", "Thắng")],
    }
    for question, places in cases.items():
        assert question_places(question, KNOWN)[0] == places, question


def test_one_syllable_name_inside_another_name_is_not_the_place():
    assert question_places("Học sinh trường THCS Đức Thắng đạt bao nhiêu giải?", KNOWN)[0] == []
    assert question_places("6 thang dau nam", KNOWN)[0] == []


def test_unknown_places_are_reported_but_common_words_are_not():
    assert question_places("Chỉ tiêu BHYT của xã Tân Dĩnh", KNOWN) == ([], ["Tân Dĩnh"])  # echoed as typed
    assert question_places("ke hoach kinh te xa hoi 2024 phuong Hung Vuong", KNOWN) == ([], ["Hung Vuong"])
    assert question_places("phát triển kinh tế xã hội và phương hướng năm 2024", KNOWN) == ([], [])


def test_a_capitalised_place_the_plans_only_mention_is_still_an_unknown_place():
    # the plans name "phường Tân Xuân" often (a neighbour), so its words are plan vocabulary;
    # written with capitals it is still a place without a plan; in lower case it may be words
    mentioned = lambda name: True  # noqa: E731  every typed name occurs in many passages
    assert analyse("thu ngân sách 9 tháng 2025 phường Tân Xuân", [], KNOWN, vocabulary=mentioned).unknown_places == ["Tân Xuân"]
    assert analyse("thu ngan sach 9 thang 2025 phuong tan xuan", [], KNOWN, vocabulary=mentioned).unknown_places == []
    assert analyse("thu ngan sach 9 thang 2025 phuong tan xuan", [], KNOWN).unknown_places == ["tan xuan"]


def test_intent_target_or_result():
    assert intent_of("Chỉ tiêu tỷ lệ hộ nghèo năm 2024") == "target"
    assert intent_of("Năm 2023 thực tế đạt bao nhiêu") == "result"
    assert intent_of("Tỷ lệ hộ nghèo") is None


def test_follow_up_carries_place_year_and_topic():
    first = "Chỉ tiêu tỷ lệ tham gia bảo hiểm y tế năm 2024 của phường Thọ Xương là bao nhiêu?"
    q = analyse("Thế còn tỷ lệ hộ nghèo?", [first], KNOWN)
    assert q.follow_up and q.places == [Place("phường", "Thọ Xương")] and q.years == [2024]
    q = analyse("Năm 2023 thực tế đạt bao nhiêu?", [first], KNOWN)
    assert q.years == [2023] and q.intent == "result" and q.context == first


def test_new_place_in_a_follow_up_replaces_the_old_one():
    q = analyse("Còn xã Lương Phong thì sao?", ["Tỷ lệ hộ nghèo năm 2024 của xã Hương Sơn?"], KNOWN)
    assert q.places == [Place("xã", "Lương Phong")]


def test_comparison_questions():
    assert analyse("So sánh tỷ lệ hộ nghèo của xã Hương Sơn và xã Lương Phong", [], KNOWN).comparison
    assert analyse("tỷ lệ tăng dân số tự nhiên 2024 các xã phường thị trấn so sánh", [], KNOWN).comparison
    assert not analyse("Tỷ lệ hộ nghèo của xã Hương Sơn", [], KNOWN).comparison


def test_stopwords_are_matched_with_accents_when_typed():
    from assistant.question import content_syllables
    assert "can" in content_syllables("Tỷ lệ hộ cận nghèo năm 2023", [])
    # a plan phrase of stop words ("không đạt") is asked, its words alone are not
    assert "khong_dat" in content_syllables("Những chỉ tiêu nào không đạt năm 2023?", [])
    assert "khong" not in content_syllables("Năm 2023 có đạt chỉ tiêu thu ngân sách không?", [])
    assert "can" not in content_syllables("Cần bao nhiêu lao động", [])
    assert "ngheo" in content_syllables("ty le ho ngheo", [])


def test_unaccented_may_before_a_unit_asks_how_many():
    from assistant.question import content_syllables
    assert "may" not in content_syllables("xa con may ho ngheo", [])       # mấy hộ
    assert "may" not in content_syllables("trong may ha lua", [])          # mấy ha
    assert "may" in content_syllables("gia tri nganh det may 2025", [])    # dệt may
    assert "may" not in content_syllables("dat may phan tram ke hoach", [])  # mấy phần trăm
    assert "may" in content_syllables("so may keo nong nghiep", [])        # máy kéo: no unit follows
    assert "may" in content_syllables("nganh may cong nghiep", [])         # not "mấy công dân"


def test_plan_title_is_the_kind_line_and_its_subject():
    from assistant.places import plan_title
    assert plan_title("Số: 12/KH-UBND\n\n**KẾ HOẠCH**  \n**Phát triển kinh tế - xã hội năm 2025**\n\nNội dung") \
        == "KẾ HOẠCH Phát triển kinh tế - xã hội năm 2025"
    assert plan_title("Không có tiêu đề") == ""


def test_a_closing_chua_asks_yes_or_no_but_chua_inside_is_content():
    assert "chua" not in content_syllables("Đường giao thông đã được cứng hóa hết chưa?", [])
    assert "chua" not in content_syllables("duong giao thong da cung hoa het chua", [])
    assert "chua" in content_syllables("Những chỉ tiêu nào chưa có kết quả?", [])


def test_list_questions_are_recognised():
    assert analyse("Những chỉ tiêu nào chưa có kết quả?", [], KNOWN).listing
    assert analyse("nhung du an nao duoc trien khai o Tho Xuong", [], KNOWN).listing
    assert not analyse("Tỷ lệ hộ nghèo năm 2024 của xã Lương Phong?", [], KNOWN).listing
    assert analyse("các dự án GPMB năm 2023 phường Thọ Xương", [], KNOWN).listing  # bare keywords


def test_who_questions_are_recognised():
    assert analyse("Chủ tịch UBND ký kế hoạch của xã Lương Phong là ai?", [], KNOWN).who
    assert analyse("chu tich ky ke hoach xa Luong Phong la ai", [], KNOWN).who
    assert analyse("Ai la nguoi ky ke hoach cua xa Luong Phong?", [], KNOWN).who
    assert analyse("Chủ tịch UBND xã Lương Phong, người ký kế hoạch, tên là gì?", [], KNOWN).who
    assert not analyse("Tỷ lệ hộ nghèo năm 2024 của xã Lương Phong?", [], KNOWN).who
    assert not analyse("dien tich dat nong nghiep xa Luong Phong", [], KNOWN).who  # "ai" inside no word


def test_an_unknown_place_typed_without_accents_is_reported():
    assert question_places("ty le ho ngheo 2024 xa Minh Duc", KNOWN) == ([], ["Minh Duc"])


def test_a_function_word_after_the_kind_typed_in_lower_case_names_no_place():
    # "xã" alone stands for the place asked before; the word after it opens a verb phrase
    assert question_places("thế còn diện tích lúa thì xã định duy trì bao nhiêu ha?", KNOWN) == ([], [])
    assert question_places("năm 2024 xã đã trồng bao nhiêu ha rừng?", KNOWN) == ([], [])
    assert question_places("ty le ho ngheo xa minh duc", KNOWN) == ([], ["minh duc"])  # a name typed lower case


def test_comparison_words_are_not_what_is_asked():
    content = content_syllables("Tổng thu ngân sách của hai xã, nơi nào cao hơn?", [])
    assert "cao" not in content and "hon" not in content and "ngan" in content


def test_a_place_name_is_dropped_only_where_it_is_written_as_the_name():
    content = content_syllables("Năm 2024 xã Lương Phong phấn đấu tiêm phòng đạt bao nhiêu?", [Place("xã", "Lương Phong")])
    assert "phong" in content and "tiem_phong" in content and "luong" not in content


def test_a_verb_after_the_place_kind_is_not_a_place_but_a_capitalised_name_is():
    assert question_places("Còn trạm y tế thì xã phấn đấu trong bao lâu sẽ xây mới?", KNOWN) == ([], [])
    assert question_places("xa phan dau bao nhieu ho ngheo", KNOWN) == ([], [])
    assert question_places("Năm 2024 xã Tiên Kiên đặt chỉ tiêu đàn gia cầm bao nhiêu con?", KNOWN) == ([], ["Tiên Kiên"])


def test_hoping_for_something_is_a_target():
    assert intent_of("Thị trấn mong năm học tới xếp thứ mấy?") == "target"


def test_linking_phrases_are_not_what_is_asked_but_their_syllables_elsewhere_are():
    assert "doi" not in content_syllables("Chỉ tiêu đối với trạm y tế là gì?", [])
    assert "doi" not in content_syllables("chi tieu doi voi tram y te la gi", [])
    assert "doi_tuong" in content_syllables("Bao nhiêu đối tượng được trợ cấp?", [])
    assert "sao" not in content_syllables("Năm 2023, bộ mặt đô thị đổi khác ra sao?", [])


def test_a_school_named_after_its_place_keeps_the_name_as_what_is_asked():
    thang = [Place("thị trấn", "Thắng")]
    content = content_syllables("Trường tiểu học thị trấn Thắng có bao nhiêu lớp?", thang)
    assert "tran_thang" in content and "tieu_hoc" in content
    assert "tran_thang" in content_syllables("truong tieu hoc thi tran Thang co bao nhieu lop", thang)
    assert "thi_tran" in content_syllables("Trường MN thị trấn ở TT Thắng có bao nhiêu trẻ?", thang)
    # elsewhere the place only says which plan answers; "kinh tế - xã hội" is no "Trạm y tế xã"
    assert "thang" not in content_syllables("UBND thị trấn Thắng đã làm gì?", thang)
    assert "xa" not in content_syllables("Kế hoạch phát triển kinh tế - xã hội năm 2024 của thị trấn Thắng", thang)


def test_two_syllable_question_words_stop_only_together():
    content = content_syllables("Dự kiến năm 2024 có bao nhiêu dự án đầu tư được thực hiện?", [])
    assert "du_an" in content and "dau_tu" in content and "kien" not in content and "nhieu" not in content
    assert "thuc_pham" in content_syllables("Kiểm tra an toàn thực phẩm bao nhiêu cơ sở", [])


def test_typed_without_accents_a_word_that_is_also_a_plan_word_stays_content():
    assert "dat" in content_syllables("dien tich dat nong nghiep xa Luong Phong", [])   # đất
    assert "ve_sinh" in content_syllables("ty le ho dung nuoc hop ve sinh", [])
    assert "bao_hiem" in content_syllables("ty le tham gia bao hiem y te bao nhieu", [])
    assert "nhieu" not in content_syllables("ty le tham gia bao hiem y te bao nhieu", [])


def test_when_and_count_words_are_no_content():
    content = content_syllables("Bao giờ thì xã được nâng cấp thành phường?", [])
    assert "bao" not in content and "gio" not in content and "nang_cap" in content
    assert "khi" not in content_syllables("Khi giải tỏa hành lang giao thông đã thu giữ những gì?", [])
    # "số nhà nghèo … bao nhiêu phần trăm" is the rate of poor households, not a house number
    content = content_syllables("Số nhà nghèo còn ở mức bao nhiêu phần trăm?", [])
    assert "so_nha" not in content and "nha_ngheo" in content
    # typed without accents "so" may be "sổ" or "sở": it stays content
    assert "so" in content_syllables("so ho tich nam 2023", [])
    # spoken fillers ask nothing: "nghe nói", "vậy", "sắp" (typed without accents "vay" may be a loan)
    content = content_syllables("Nghe nói xã sắp thành phường, theo quy hoạch thì năm nào vậy?", [])
    assert content == ["thanh", "quy", "hoach", "quy_hoach"]
    assert "vay" in content_syllables("ho ngheo duoc vay von bao nhieu", [])
    assert "toi" not in content_syllables("Năm tới xã làm được bao nhiêu km đường?", [])  # "tới" as "đến"


def test_an_assessments_points_are_a_list():
    assert analyse("ưu điểm thực hiện nhiệm vụ KT-XH 2023 phường Thọ Xương", [], []).listing
    assert analyse("Năm 2023 xã còn những hạn chế gì?", [], []).listing
    assert not analyse("Năm 2023 có mấy hạn chế?", [], []).listing  # a count is asked, not the points
    assert not analyse("Tỷ lệ hộ nghèo năm 2024 là bao nhiêu?", [], []).listing


def test_a_merged_commune_takes_its_new_name():
    text = ("BÁO CÁO\nKết quả năm 2024\n\nNăm 2020 xã Đông Hà được thành lập trên cơ sở nhập xã Tây Lĩnh "
            "và xã Đông Hà. Khu vực xã Tây Lĩnh cũ trồng tiêu; xã Tây Lĩnh cũ có 6 thôn; xã Tây Lĩnh cũ đã làm đường.")
    assert plan_place(text) == Place("xã", "Đông Hà")
    text = ("KẾ HOẠCH năm 2025\n\nTrên cơ sở sáp nhập xã Bắc Sơn và xã Nam Sơn, lấy tên là xã Nam Sơn. "
            "Xã Bắc Sơn cũ, xã Bắc Sơn cũ, xã Bắc Sơn cũ.")
    assert plan_place(text) == Place("xã", "Nam Sơn")


def test_a_merged_commune_named_after_a_former_one_plus_a_word_keeps_its_whole_name():
    # the new name extends a former one; the former is mentioned once, the new one throughout
    text = ("UBND XÃ AN PHÚ ĐÔNG\n\nBÁO CÁO\nKết quả năm 2025\n\nXã An Phú Đông được thành lập trên cơ sở "
            "nhập xã An Phú và xã Bình Lợi. Năm 2025 xã An Phú Đông thu ngân sách 9 tỷ đồng.")
    assert plan_place(text) == Place("xã", "An Phú Đông")
    # a ward re-formed from a former ward, read from its header
    text = ("ỦY BAN NHÂN DÂN\nPHƯỜNG HÒA AN BẮC\n\nBÁO CÁO 9 tháng năm 2025\n\nPhường Hòa An Bắc được "
            "sắp xếp trên cơ sở phường Hòa An và phường Đông Xá. Phường Hòa An Bắc có 20 tổ dân phố.")
    assert plan_place(text) == Place("phường", "Hòa An Bắc")
    # but a name read into the next words is still cut back to the one the text uses
    text = "BÁO CÁO\nNăm 2025 xã Đông Hà Nội dung chính.\nXã Đông Hà trồng lúa; xã Đông Hà nuôi cá."
    assert plan_place(text) == Place("xã", "Đông Hà")


def test_the_issuing_header_outweighs_places_mentioned_more():
    text = ("ỦY BAN NHÂN DÂN HUYỆN LẠC SƠN\nỦY BAN NHÂN DÂN XÃ NGỌC LÂU\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "BÁO CÁO\nKết quả năm 2024\n" + "Phối hợp với xã Tự Do. " * 6)
    assert plan_place(text) == Place("xã", "Ngọc Lâu")
    # the place-and-date line, its kind from a mention
    text = "Số: 5/KH-UBND\nTân Phú, ngày 2 tháng 1 năm 2025\nKẾ HOẠCH\nnăm 2025\n" + \
        "Giáp xã Hòa Bình. " * 5 + "UBND phường Tân Phú thực hiện."
    assert plan_place(text) == Place("phường", "Tân Phú")


def test_a_place_at_the_start_of_a_sentence_is_found():
    assert plan_place("Xã Nậm Mạ là xã vùng cao, có 6 bản.") == Place("xã", "Nậm Mạ")
    assert question_places("Xã Yên Hòa là xã vùng gì?", [Place("xã", "Yên Hòa")]) == ([Place("xã", "Yên Hòa")], [])
    assert question_places("xa yen hoa la xa vung gi", [Place("xã", "Yên Hòa")]) == ([Place("xã", "Yên Hòa")], [])


def test_a_place_name_stops_at_a_persons_name():
    text = "Đại hội phường Đông Hải Nguyễn Văn An chủ trì; phường Đông Hải có 5 khu phố."
    assert plan_place(text) == Place("phường", "Đông Hải")
    assert plan_place("Đảng ủy phường Lê Lợi họp.") == Place("phường", "Lê Lợi")  # named after a person
    # a family-name syllable inside a place's name is part of it
    assert plan_place("UBND PHƯỜNG MỸ HOÀNG TÂY\nUBND phường Mỹ Hoàng Tây báo cáo như sau.") == Place("phường", "Mỹ Hoàng Tây")
    assert plan_place("Xã Bản Hồ là xã vùng cao; xã Bản Hồ có 9 thôn.") == Place("xã", "Bản Hồ")


def test_a_folded_everyday_phrase_is_not_a_place():
    known = [Place("thị trấn", "Lâm Tài"), Place("xã", "Yên Hòa")]
    assert question_places("Giải quyết việc làm tại chỗ cho bao nhiêu lao động?", known)[0] == []
    assert question_places("Hộ nghèo ở yên hoà còn bao nhiêu?", known)[0] == [Place("xã", "Yên Hòa")]
    assert question_places("ho ngheo o yen hoa", known)[0] == [Place("xã", "Yên Hòa")]


def test_kind_of_document():
    assert plan_kind("NGHỊ QUYẾT\nVề nhiệm vụ năm 2025") == "nghị quyết"
    assert plan_kind("Số: 12/BC-UBND\nTình hình năm 2024") == "báo cáo"
    assert plan_kind("Kỳ họp thứ 9 HĐND xã Yên Hòa\nSáng 20/12, HĐND xã khai mạc kỳ họp") == "tin kỳ họp"
    assert plan_kind("Biểu số 01\n(Kèm theo Báo cáo số 3/BC-UBND)") == "báo cáo"
    # an annex to a submission, written in capitals and presented at a session, is no session news
    assert plan_kind("PHỤ LỤC CÁC BIỂU KÈM THEO TỜ TRÌNH SỐ 9/TTr-UBND\n(Trình kỳ họp thứ Ba, HĐND xã)") == "tờ trình"
    # other kinds of administrative documents, by their kind line or their number line
    assert plan_kind("Số: 02/CTr-UBND\n# CHƯƠNG TRÌNH CÔNG TÁC NĂM 2027\nKỳ họp thứ tư ...") == "chương trình"
    assert plan_kind("Số: 48/TB-UBND\nKết luận của Chủ tịch UBND tại cuộc họp giao ban") == "thông báo"


def test_a_title_line_opening_with_thuc_hien_is_the_title_a_body_sentence_is_not():
    from assistant.places import plan_title
    text = "KẾ HOẠCH\nThực hiện chương trình nước sạch năm 2026\n\nThực hiện Nghị quyết số 5/NQ-HĐND, UBND xã …"
    assert plan_title(text) == "KẾ HOẠCH Thực hiện chương trình nước sạch năm 2026"
    text = "KẾ HOẠCH năm 2026\nThực hiện Nghị quyết số 5/NQ-HĐND ngày 2/1/2026 của HĐND xã;\nUBND xã ban hành …"
    assert plan_title(text) == "KẾ HOẠCH năm 2026"


def test_the_words_around_a_date_name_nothing_asked():
    from assistant.question import content_syllables
    words = content_syllables("Tỷ lệ hộ nghèo tính đến hết 9 tháng năm 2026 còn bao nhiêu %?", [])
    assert "ngheo" in words and not {"tinh", "het"} & set(words)
    assert "diem" not in content_syllables("Đến thời điểm này tỷ lệ hộ nghèo là bao nhiêu?", [])


def test_everyday_words_of_intention_and_address_name_no_indicator():
    from assistant.question import content_syllables
    words = content_syllables("Năm 2025 bà con xã có thẻ BHYT được bao nhiêu, xã tính lo việc làm cho mấy người?", [])
    assert not {"ba", "ba_con", "tinh", "lo"} & set(words) and {"bhyt", "viec_lam"} <= set(words)
    # typed without accents "tinh" may be tỉnh and "lo" lò or lộ: they stay, weighed by how rare they are
    assert {"tinh", "lo"} <= set(content_syllables("du toan tinh giao, duong quoc lo", []))


def test_a_cause_is_asked_by_its_question_words_or_an_opening_sao():
    from assistant.need import asks_reason
    assert asks_reason("Vì sao thu ngân sách vượt dự toán?") and asks_reason("nguyen nhan do dau")
    assert asks_reason("Sao năm nay lại đi được ít vậy?")
    assert not asks_reason("Thế còn tổng chi ngân sách thì sao?") and not asks_reason("Thu ngân sách bao nhiêu?")


def test_each_compared_place_is_asked_its_own_clause_or_year():
    from types import SimpleNamespace
    from assistant.answering import place_clauses
    index = SimpleNamespace(places=[Place("xã", "An Bình"), Place("phường", "Phú Lộc")])

    def own(question):
        q = analyse(question, [], index.places)
        return {label: (part.question, part.years) for label, part in place_clauses(index, q).items()}
    got = own("Năm 2027 xã An Bình chi bao nhiêu cho đầu tư phát triển, còn phường Phú Lộc cần bao nhiêu vốn đầu tư công?")
    assert got == {"xã An Bình": ("Năm 2027 xã An Bình chi bao nhiêu cho đầu tư phát triển", [2027]),
                   "phường Phú Lộc": ("còn phường Phú Lộc cần bao nhiêu vốn đầu tư công?", [2027])}
    # one question of both, each in its own year
    got = own("Số thanh niên nhập ngũ của xã An Bình năm 2024 và phường Phú Lộc năm 2026 là bao nhiêu?")
    assert {k: years for k, (_, years) in got.items()} == {"xã An Bình": [2024], "phường Phú Lộc": [2026]}
    # the places share one question: nothing of their own
    assert own("Thu ngân sách năm 2025 của xã An Bình và phường Phú Lộc là bao nhiêu?") == {}
    assert own("Năm 2025 bình quân mỗi người ở xã An Bình và ở phường Phú Lộc làm ra bao nhiêu tiền?") == {}
