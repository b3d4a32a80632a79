"""Choosing the sentence or table cell that answers, within a cited passage, and the unit
a figure must carry."""
from dataclasses import replace
from types import SimpleNamespace

from assistant.need import Asked, asked_unit
from assistant.quoting import best_quote, row_quote

from conftest import CORPUS

PASSAGE = ("- Hạ tầng giao thông: Ưu tiên cải tạo, sửa chữa, nâng cấp hệ thống đường giao thông nông thôn "
           "và các tuyến đường liên xã nhằm tạo động lực phát triển kinh tế - xã hội trên địa bàn. "
           "Năm 2023, tỷ lệ cứng hoá giao thông nông thôn toàn xã đạt 100%. Năm 2024 tiếp tục duy tu, "
           "bảo dưỡng các tuyến đường đã được đầu tư, huy động nhân dân cùng tham gia làm đường ngõ xóm.")
WEIGHTS = {"giao": 1.5, "thong": 1.9, "giao_thong": 3.1, "nong": 2.0, "thon": 2.3, "nong_thon": 2.5,
           "duong": 2.6, "duong_giao": 4.9}


def test_the_sentence_with_most_question_terms_is_quoted():
    quote = best_quote(PASSAGE, Asked(WEIGHTS))
    assert quote.startswith("- Hạ tầng giao thông: Ưu tiên")


YEARS = ("Về giao thông nông thôn, năm 2023 đã cứng hóa 4,5 km đường trục thôn, đạt 100% kế hoạch huyện giao "
         "cho xã trong năm. Năm 2024 phấn đấu cứng hóa thêm 6 km đường trục thôn và ngõ xóm, huy động nhân dân "
         "đóng góp ngày công và tiền mặt theo quy định của tỉnh về cơ chế hỗ trợ giao thông nông thôn mới. "
         "Các thôn chủ động rà soát, lập danh mục công trình ưu tiên và báo cáo UBND xã trước ngày 15 hằng tháng.")
ROAD = {"cung": 3.0, "hoa": 1.0, "cung_hoa": 5.0, "duong": 2.6, "truc": 3.0, "thon": 2.0, "duong_truc": 4.0}


def test_the_year_asked_picks_its_sentence():
    assert best_quote(YEARS, Asked(ROAD, years=(2024,))).startswith("Năm 2024 phấn đấu cứng hóa thêm 6 km")
    assert best_quote(YEARS, Asked(ROAD, years=(2023,))).startswith("Về giao thông nông thôn, năm 2023")


def test_a_sentence_dated_only_to_another_year_is_not_quoted_for_the_year_asked():
    text = ("Trả lời: Năm 2026, xã đã hỗ trợ giống lúa chất lượng cao cho 210 ha vụ Xuân, kinh phí 300 triệu đồng "
            "từ ngân sách xã và nguồn khuyến nông của tỉnh, được bà con đồng tình hưởng ứng. Vụ Xuân 2027, xã dự kiến "
            "hỗ trợ giống cho 260 ha ở các cánh đồng mẫu lớn của hai thôn ven sông. Các hộ đăng ký với trưởng thôn "
            "trước ngày 15/12 để xã tổng hợp, lựa chọn giống phù hợp với từng chân ruộng và khung lịch thời vụ.")
    weights = {"ho": 1.0, "tro": 2.0, "ho_tro": 3.0, "giong": 3.0, "lua": 2.0, "chat": 2.0, "luong": 2.0, "cao": 1.0,
               "vu": 1.0, "xuan": 3.0, "vu_xuan": 4.0}
    quote = best_quote(text, Asked(weights, wants_number=True, years=(2027,), units=("ha",)))
    assert quote.startswith("Vụ Xuân 2027") and "260 ha" in quote
    assert "210 ha" in best_quote(text, Asked(weights, wants_number=True, years=(2026,), units=("ha",)))


def test_the_side_asked_picks_its_sentence():
    # a planned figure asked ("dự kiến … còn bao nhiêu"): the sentence planning it, not the count at the start
    text = ("Đầu năm 2026 toàn xã (theo địa giới mới) có 1.210 hộ nghèo (21,4%) và 530 hộ cận nghèo (9,4%). "
            "Dự kiến đến cuối năm còn 1.020 hộ nghèo (18,0%), giảm 3,4 điểm %, vượt chỉ tiêu giảm 3 điểm %. "
            "Hộ nghèo tập trung ở các bản vùng cao giáp biên giới, nơi đi lại còn nhiều khó khăn. Xã đã lồng ghép "
            "các nguồn vốn hỗ trợ sinh kế, trao bò giống cho 46 hộ và mở hai lớp dạy nghề may cho lao động nữ.")
    weights = {"cuoi": 0.2, "ho": 2.0, "ngheo": 2.5, "ho_ngheo": 3.0}
    quote = best_quote(text, Asked(weights, wants_number=True, years=(2026,), units=("hộ",), intent="target"))
    assert quote.startswith("Dự kiến đến cuối năm") and "1.020 hộ" in quote


def test_a_column_the_question_names_is_quoted_beside_the_best_cell():
    header = "STT | Công trình | Thôn | Kinh phí dự kiến (triệu đồng) | Nguồn vốn | Thời gian thực hiện"
    row = "3\tSửa cống tiêu Đồng Chùa\tTân Lập\t280\tNgân sách xã\tQuý II/2027"
    weights = {"kinh": 2.0, "phi": 2.0, "kinh_phi": 3.0, "thoi": 1.0, "gian": 1.0, "thoi_gian": 2.0, "cong": 1.0, "tieu": 2.0}
    quote = row_quote(row, header, Asked(weights, wants_number=True, question="cống tiêu Đồng Chùa kinh phí dự kiến bao nhiêu, thời gian nào"))
    assert "Kinh phí dự kiến (triệu đồng): 280" in quote and "Quý II/2027" in quote


def test_a_count_of_a_unit_and_a_span_of_years_are_read_from_the_question():
    from assistant.question import years_named
    assert asked_unit("số hộ bị ảnh hưởng dự án cụm công nghiệp") == ("hộ",)
    assert asked_unit("dân số xã An Lạc năm 2025") is None
    assert asked_unit("mỗi nơi rộng bao nhiêu km²?")[0] == "km²"
    assert years_named("dự án giai đoạn 2026-2030") == [2026, 2027, 2028, 2029, 2030]
    assert years_named("vụ Đông Xuân 2025 - 2026 và năm 2027") == [2025, 2026, 2027]


def test_a_figure_asked_for_picks_the_sentence_with_one():
    text = ("Tiếp tục quan tâm công tác giảm nghèo bền vững, rà soát hộ nghèo, hộ cận nghèo đúng quy định và "
            "thực hiện đầy đủ chính sách hỗ trợ hộ nghèo về y tế, giáo dục, nhà ở cho các đối tượng. "
            "Phấn đấu giảm tỷ lệ hộ nghèo còn dưới 1,2% theo chuẩn mới. Ban chỉ đạo giảm nghèo của xã "
            "phân công cán bộ theo dõi, giúp đỡ từng hộ và tổng hợp kết quả rà soát gửi về huyện đúng thời hạn.")
    weights = {"ho": 1.0, "ngheo": 3.0, "ho_ngheo": 4.0}
    assert best_quote(text, Asked(weights)).startswith("Tiếp tục quan tâm")
    assert best_quote(text, Asked(weights, wants_number=True)).startswith("Phấn đấu giảm tỷ lệ hộ nghèo còn dưới 1,2%")


def test_row_quote_takes_the_planned_or_the_achieved_cell():
    header = "TT | Chỉ tiêu | Kết quả thực hiện 2023 | Kế hoạch 2024"
    row = "3\tTỷ lệ hộ nghèo\tƯớc cả năm còn 1,2%, đạt kế hoạch.\tGiảm còn dưới 1,0%."
    weights = {"ho": 1.0, "ngheo": 3.0, "ho_ngheo": 4.0}
    assert row_quote(row, header, Asked(weights, intent="result")) == "Tỷ lệ hộ nghèo — Ước cả năm còn 1,2%, đạt kế hoạch."
    assert row_quote(row, header, Asked(weights, intent="target")) == "Tỷ lệ hộ nghèo — Giảm còn dưới 1,0%."


def test_the_unit_asked_is_read_with_its_accents():
    assert asked_unit("Có bao nhiêu hồ sơ DVC toàn trình?") == ("hồ sơ",)
    assert asked_unit("Có bao nhiêu hộ nghèo?") == ("hộ",)
    assert asked_unit("Nửa năm nay tìm được việc cho mấy người?")[:2] == ("người", "lao động")  # "mấy" asks too
    assert asked_unit("co bao nhieu ho so dvc toan trinh") == ("hồ sơ",)
    # HS: học sinh, as the abbreviations say, and as plans count them too ("1.200 HS")
    assert asked_unit("Trường THCS có bao nhiêu HS bán trú?") == ("học sinh", "người", "hs")
    assert asked_unit("Sản lượng đạt bao nhiêu tấn?") == ("tấn", "tạ")
    assert asked_unit("Đã làm được bao nhiêu cây số đường?") == ("km",)  # not "cây" (trees)
    # a measure opening the question asks its units though none follows "bao nhiêu"
    assert asked_unit("Tổng sản lượng là bao nhiêu?") == ("tấn", "tạ")
    assert asked_unit("Tổng kinh phí sửa trường năm 2026 là bao nhiêu?")[:3] == ("đồng", "tỷ", "triệu")
    assert asked_unit("von dau tu tram bom nam 2026")[:3] == ("đồng", "tỷ", "triệu")
    assert asked_unit("Diện tích trồng mía năm 2027?")[0] == "ha"
    # … not one named later, nor a count noun opening it
    assert asked_unit("Năm 2026 giải ngân vốn đạt mấy phần?") is None
    assert asked_unit("Hộ nghèo năm 2026 còn bao nhiêu?") is None


def test_a_rate_asked_for_is_a_percentage_unless_the_question_leaves_it_open():
    assert asked_unit("Tỷ lệ hộ nghèo năm 2024 là bao nhiêu?") == ("%",)
    assert asked_unit("ty le ho ngheo 2024 xa Huong Son") == ("%",)  # bare keywords
    assert asked_unit("Tỉ lệ hộ nghèo giảm còn bao nhiêu") == ("%",)
    assert asked_unit("Thị trấn muốn tỷ lệ hộ nghèo ở mức nào so với huyện?") is None


def test_each_year_asked_gets_its_sentence():
    quote = best_quote(YEARS, Asked(ROAD, years=(2023, 2024)))
    assert quote.startswith("Về giao thông nông thôn, năm 2023") and "Năm 2024 phấn đấu cứng hóa thêm 6 km" in quote


def test_a_list_question_takes_every_row_that_matches_as_well_as_the_best():
    from assistant.compose import LIST_CLOSE, LIST_PASSAGES, _chosen
    scored = [(1, 0.77, 0.67), (2, 0.76, 0.67), (3, 0.75, 0.67), (4, 0.645, 0.67), (5, 0.31, 0.37)]
    assert _chosen(scored, 0.85, 3) == [1, 2, 3]
    assert _chosen(scored, LIST_CLOSE, LIST_PASSAGES) == [1, 2, 3, 4]


def test_a_sentence_too_short_to_stand_alone_takes_the_best_other_one_with_a_figure():
    text = ("Tổng số diện tích dự án 4,59ha; tổng diện tích đã thực hiện giải phóng mặt bằng 3,89ha/4,59ha, còn "
            "0,7ha liên quan tới 05 hộ. Các hộ còn lại đang được vận động, tuyên truyền để bàn giao mặt bằng cho "
            "dự án theo đúng phương án bồi thường đã được phê duyệt và công khai tại tổ dân phố. "
            "Tiến độ giải phóng mặt bằng đạt 84,75%.")
    weights = {"tien": 2.0, "do": 1.0, "tien_do": 4.0, "giai": 1.0, "phong": 1.0, "mat": 1.0, "bang": 1.0,
               "giai_phong": 2.0, "mat_bang": 2.0}
    quote = best_quote(text, Asked(weights, wants_number=True))
    assert quote.startswith("Tổng số diện tích dự án 4,59ha") and quote.endswith("Tiến độ giải phóng mặt bằng đạt 84,75%.")


def test_a_name_line_is_a_signature_not_a_title():
    from assistant.features import NAME_LINE as _NAME_LINE
    assert _NAME_LINE.search("**TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH**\n\nĐỗ Đình Dũng")
    assert _NAME_LINE.search("**Nguyễn Văn Hùng**")
    assert not _NAME_LINE.search("**TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH**")
    assert not _NAME_LINE.search("Thọ Xương, ngày 12 tháng 12 năm 2023")


def test_an_abbreviation_covers_the_pairs_of_its_long_form():
    from assistant.retrieval import folded_vocab
    assert {"bao_hiem", "hiem_y", "y_te"} <= folded_vocab("Tỷ lệ dân số tham gia BHYT đạt trên 97%.")


def test_a_row_quote_keeps_the_short_verdict_beside_the_answering_cell():
    header = "TT | Nhiệm vụ | Kết quả | Đánh giá"
    row = ("1\tGiá trị sản phẩm thu hoạch trên 1 ha đạt 135 triệu đồng/ha.\tGiá trị sản phẩm thu hoạch trên 1 ha "
           "vụ Xuân Hè ước đạt 136 triệu đồng/ha.\tĐạt chỉ tiêu KH")
    weights = {"gia": 1.0, "tri": 1.0, "gia_tri": 2.0, "thu": 1.0, "hoach": 1.0, "thu_hoach": 2.0}
    assert row_quote(row, header, Asked(weights, wants_number=True, intent="result")) == (
        "Giá trị sản phẩm thu hoạch trên 1 ha đạt 135 triệu đồng/ha — Giá trị sản phẩm thu hoạch trên 1 ha vụ Xuân Hè "
        "ước đạt 136 triệu đồng/ha. — Đạt chỉ tiêu KH")


def test_a_question_asking_two_things_quotes_a_sentence_for_each():
    text = ("Phối hợp với Trung tâm quỹ đất thành phố lập phương án hỗ trợ, bồi thường phần đất của hộ ông Nguyễn "
            "Văn A và hộ bà Trần Thị B theo đúng quy định. Các hộ chưa đồng ý với phương án, đề nghị xem xét lại "
            "đơn giá hỗ trợ cây cối, hoa màu trên đất nông nghiệp bị thu hồi. UBND phường đã 3 lần mời các hộ "
            "lên nhận tiền nhưng các hộ chưa nhận.")
    weights = {"ho": 1.0, "phuong": 1.0, "an": 1.0, "phuong_an": 3.0, "moi": 2.0, "nhan": 1.5, "tien": 1.5,
               "nhan_tien": 3.0}
    one = best_quote(text, Asked(weights))
    two = best_quote(text, Asked(weights, wants_number=True, parts=2))
    assert "3 lần" not in one or "Nguyễn Văn A" not in one
    assert "Nguyễn Văn A" in two and "3 lần" in two


def test_terms_every_item_shares_do_not_pick_the_item():
    """'… ngành nông- lâm nghiệp … đạt …; công nghiệp- TTCN và xây dựng đạt …; thương mại …':
    asked about industry, the industry item is quoted though every item says 'giá trị sản xuất'."""
    plan = (CORPUS / "001_6408b6de553e8b45.txt").read_text(encoding="utf-8")
    start = plan.index("Giá trị sản xuất các ngành kinh tế chủ yếu")
    text = plan[start:plan.index("/người/năm.", start) + len("/người/năm.")]
    weights = {"gia": 1.41, "tri": 1.81, "gia_tri": 3.75, "san": 1.91, "tri_san": 4.41, "xuat": 2.07,
               "san_xuat": 2.28, "nganh": 3.26, "xuat_nganh": 6.01, "cong": 0.82, "nganh_cong": 6.01,
               "nghiep": 1.88, "cong_nghiep": 3.5, "ttcn": 5.5, "nghiep_ttcn": 6.01, "xay": 1.45, "dung": 1.12,
               "xay_dung": 1.47, "tang": 1.84, "cung": 3.14, "ky": 2.1, "cung_ky": 4.07, "truoc": 4.55}
    quote = best_quote(text, Asked(weights, wants_number=True, years=(2023,)))
    assert quote.startswith("công nghiệp- TTCN và xây dựng đạt 742,6 tỷ đồng")



def test_the_unit_asked_may_come_before_the_figure():
    text = ("Thực hiện dự án cải tạo, nâng cấp Tỉnh lộ 295: Tổng số hộ bị ảnh hưởng bởi dự án là 361, trong đó "
            "nhà cấp IV bị ảnh hưởng gồm 02 nhà diện tích 20,5m², kiốt 789m², mái tôn, mái vẩy 2.551m². Kết quả "
            "đã tháo dỡ được 336 công trình, đạt 93% kế hoạch huyện giao cho thị trấn trong năm. Hiện còn 25 hộ có "
            "công trình xây dựng kiên cố trong phạm vi giấy chứng nhận quyền sử dụng đất của hộ.")
    weights = {"du": 1.0, "an": 1.0, "du_an": 2.0, "ho": 1.0, "anh": 2.0, "huong": 2.0, "anh_huong": 4.0}
    quote = best_quote(text, Asked(weights, wants_number=True, units=("hộ",)))
    assert quote.startswith("Thực hiện dự án cải tạo, nâng cấp Tỉnh lộ 295: Tổng số hộ bị ảnh hưởng bởi dự án là 361")


def test_a_list_number_opens_its_sentence():
    from assistant.quoting import _sentences
    text = "**1. Đẩy mạnh các giải pháp tăng thu ngân sách. Chi đúng dự toán."
    pieces = [text[s:e] for s, e in _sentences(text)]
    assert pieces == ["**1. Đẩy mạnh các giải pháp tăng thu ngân sách.", "Chi đúng dự toán."]


def test_a_list_asked_for_is_quoted_whole_not_cut_at_its_semicolons():
    items = "; ".join(f"Dự án khu dân cư số {n} phía Tây thị trấn với tổng diện tích {n},5 ha đất ở" for n in range(1, 6))
    text = f"Còn các dự án chuyển tiếp như: {items}. Thị trấn tiếp tục vận động nhân dân."
    weights = {"du": 1.0, "an": 1.0, "du_an": 2.0, "chuyen": 1.0, "tiep": 1.0, "chuyen_tiep": 2.0}
    whole = best_quote(text, Asked(weights, listing=True))
    assert all(f"số {n} phía Tây" in whole for n in range(1, 6))
    assert "số 5 phía Tây" not in best_quote(text, Asked(weights))  # a single fact: the piece that holds it


def test_a_percentage_sign_after_bao_nhieu_is_the_unit():
    assert asked_unit("Kết quả giải quyết đơn thư năm 2023 đạt bao nhiêu %?") == ("%",)


def test_a_row_number_is_not_a_figure():
    from assistant.compose import _gives_figure
    assert not _gives_figure("<b>2</b>\tLàm tốt công tác giải quyết đơn thư", None)
    assert not _gives_figure("14\tGiải quyết đơn thư và kết luận", None)
    assert _gives_figure("14\tGiải quyết đơn thư: trên 95%.", None)


def test_an_item_of_an_enumeration_is_read_with_the_sentence_that_leads_it():
    text = ("Giá trị sản xuất các ngành ước đạt 1.200 tỷ đồng (tăng 12% so cùng kỳ). Trong đó giá trị sản xuất ngành "
            "nông nghiệp đạt 200 tỷ đồng, chiếm 17% (tăng 3% so cùng kỳ); công nghiệp- TTCN và xây dựng đạt 700 tỷ "
            "đồng, chiếm 58% (tăng 20% so cùng kỳ); thương mại dịch vụ đạt 300 tỷ đồng, chiếm 25% (tăng 5% so cùng kỳ); "
            "thu nhập bình quân đạt 60 triệu đồng một người một năm, tăng so với năm trước, đời sống vật chất và "
            "tinh thần của nhân dân tiếp tục được nâng lên.")  # a sentence too long to quote whole
    weights = {"gia": 1.4, "tri": 1.8, "gia_tri": 3.7, "san": 1.9, "xuat": 2.1, "san_xuat": 2.3, "nganh": 3.3,
               "cong": 0.8, "nghiep": 1.5, "cong_nghiep": 2.0, "ttcn": 4.0, "tang": 1.8}
    assert best_quote(text, Asked(weights, wants_number=True, units=("%",))).startswith("công nghiệp- TTCN")


def test_a_year_before_a_comma_is_not_a_figure_but_a_decimal_is():
    from assistant.features import NUMBER as _NUMBER
    assert not _NUMBER.search("xây dựng kế hoạch năm 2024, cụ thể như sau")
    assert _NUMBER.search("đạt 2024,5 tỷ đồng") and _NUMBER.search("khai sinh 12 trường hợp")


def test_a_section_number_is_not_a_figure():
    from assistant.compose import _gives_figure
    assert not _gives_figure("## **2.3. Giải pháp chủ yếu**\n\n### **2.3.1. Lĩnh vực kinh tế**")
    assert _gives_figure("## **2.2. Một số chỉ tiêu chủ yếu.**\n\n### *a) Về kinh tế (03 chỉ tiêu)*")



def test_a_count_noun_after_bao_nhieu_is_the_unit_asked():
    assert asked_unit("Năm 2024 đặt mục tiêu đón bao nhiêu lượt khách du lịch?") == ("lượt",)
    assert asked_unit("Tổ chức được bao nhiêu buổi tập huấn?") == ("buổi",)
    assert asked_unit("Ngành nông nghiệp làm ra giá trị bao nhiêu tiền?")[:3] == ("đồng", "tỷ", "triệu")
    assert asked_unit("Đạt bao nhiêu so với kế hoạch?") is None  # "so" counts nothing


def test_a_sentence_broken_by_a_page_break_holds_the_words_of_its_other_half():
    first = ("Khen thưởng cho 01 tập thể và 4 cá nhân đã có thành tích xuất sắc trong diễn tập phòng thủ khu vực "
             "cấp xã năm 2023. Công tác thi đua được quan tâm đúng mức, kịp thời động viên các tập thể, cá nhân; "
             "các phong trào thi đua được phát động rộng khắp trong cán bộ, công chức và nhân dân trên địa bàn. "
             "Chủ tịch UBND thị trấn đã ký quyết định khen thưởng cho 5 tập thể, 7 cá nhân có")
    rest = "thành tích xuất sắc trong 10 năm thực hiện Luật Hòa giải ở cơ sở."
    weights = {"khen": 2.0, "thuong": 2.0, "khen_thuong": 3.0, "hoa": 2.0, "giai": 2.0, "hoa_giai": 4.0, "luat": 3.0}
    need = Asked(weights, wants_number=True)
    assert "5 tập thể" in best_quote(first, need, after=rest)
    assert "5 tập thể" not in best_quote(first, need)  # alone, the first sentence holds more of the question


def test_a_count_noun_accepts_the_plans_word_for_it():
    # "bao nhiêu thôn" in a ward is answered by "19 tổ dân phố đạt danh hiệu văn hóa"
    assert "tổ dân phố" in asked_unit("Năm 2024 phường có bao nhiêu thôn đạt danh hiệu văn hóa?")


def test_a_preposition_after_bao_nhieu_is_no_unit():
    assert asked_unit("Lúa cho thu hoạch bình quân được bao nhiêu trên mỗi héc-ta?") is None
    assert asked_unit("Nuôi được bao nhiêu con lợn?") == ("con",)


def test_the_parts_of_a_question_are_its_clauses_that_ask():
    from assistant.need import question_parts
    assert len(question_parts("Năm 2023 còn bao nhiêu hộ nghèo, chiếm tỷ lệ bao nhiêu?")) == 2
    assert len(question_parts("Thu ngân sách bao nhiêu và chi bao nhiêu?")) == 2
    assert len(question_parts("Năm 2023, ở xã A, hộ nghèo là bao nhiêu?")) == 1  # commas that ask nothing


def test_a_list_item_paragraph_is_quoted_whole_when_a_list_is_asked():
    text = ("+ Công tác Y tế: Chú trọng công tác phòng, chống dịch bệnh; thực hiện tốt các chương trình tiêm chủng "
            "cho các đối tượng; tổ chức trực cấp cứu 24/24 h tại trạm. Công tác phòng chống suy dinh dưỡng cho trẻ "
            "em cần được đẩy mạnh hơn nữa. Vận động nhân dân tham gia BHYT tự nguyện góp phần thực hiện tốt kế "
            "hoạch BHYT toàn dân.")
    weights = {"y": 2.0, "te": 1.0, "y_te": 3.0, "chu": 1.0, "trong": 1.0, "chu_trong": 4.0}
    assert "suy dinh dưỡng" in best_quote(text, Asked(weights, listing=True))
    assert "suy dinh dưỡng" not in best_quote(text, Asked(weights))


def test_the_year_of_a_lead_sentence_counts_for_the_item_it_leads():
    text = ("Thực hiện các biện pháp tiết kiệm, đẩy mạnh thu ngân sách và các loại thuế, quỹ, chống thất thu, tăng "
            "cường các biện pháp quản lý kinh tế, ngân sách theo đúng quy định, kết quả: Tổng thu ngân sách Nhà "
            "nước năm 2023 (bao gồm cả chuyển nguồn) ước đạt trên 30,5 tỷ đồng, đạt 70% dự toán năm; chi ước đạt "
            "12,1 tỷ đồng tập trung ưu tiên chi đầu tư xây dựng cơ bản.")
    weights = {"chi": 2.0, "ngan": 1.5, "sach": 1.5, "ngan_sach": 2.5, "uoc": 2.0}
    quote = best_quote(text, Asked(weights, wants_number=True, years=(2023,)))
    assert quote.startswith("chi ước đạt 12,1 tỷ")


def test_a_hard_wrapped_sentence_is_quoted_whole():
    text = ("Năm 2025 xã hoàn thành 12/14 chỉ tiêu đề ra. Thu ngân sách nhà\nnước trên địa bàn đạt 9,5 tỷ "
            "đồng, bằng 105% dự toán. Tỷ lệ hộ nghèo\ngiảm còn 2,1%; tỷ lệ lao động qua đào tạo đạt 70% "
            "và số hộ dùng nước sạch tăng thêm 40 hộ.\na) Một mục lẻ ở dòng riêng. Công tác quốc phòng, quân "
            "sự địa phương được duy trì; an ninh chính trị, trật tự an toàn xã hội\nổn định, không để xảy ra "
            "điểm nóng.")
    quote = best_quote(text, Asked({"thu": 1.0, "ngan": 1.0, "sach": 1.0}, wants_number=True))
    assert quote == "Thu ngân sách nhà nước trên địa bàn đạt 9,5 tỷ đồng, bằng 105% dự toán."


def test_a_list_whose_words_two_sentences_share_quotes_both():
    text = ("Năm 2025, dù thời tiết bất lợi và giá vật tư tăng cao kéo dài suốt cả năm, xã vẫn hoàn thành "
            "12/14 mục tiêu Nghị quyết HĐND giao. Thu ngân sách đạt 9,5 tỷ đồng, bằng 105% dự toán, tăng "
            "12% so với cùng kỳ năm trước. Còn lại hai mục tiêu chưa đạt là tỷ lệ tham gia BHYT (đạt 90%) và số "
            "thôn đạt chuẩn văn hóa (đạt 5/7 thôn). Các chỉ tiêu còn lại đều đạt và vượt.")
    weights = {"nghi_quyet": 3.0, "nghi": 2.0, "quyet": 2.0, "hut": 5.0}
    listed = best_quote(text, Asked(weights, listing=True, question="Xã hụt những chỉ tiêu nghị quyết nào?"))
    assert "12/14 mục tiêu" in listed and "hai mục tiêu chưa đạt là tỷ lệ tham gia BHYT" in listed


HEADER = "STT | Chỉ tiêu | ĐVT | TH 2024 | KH 2025 | Ước TH 2025 | So sánh (%) | KH 2026"


def test_a_row_of_figures_is_quoted_by_the_columns_asked_each_figure_with_its_unit():
    tabs = "4\tSản lượng nấm rơm\tTấn\t610\t650\t672\t103,4\t700"
    result = Asked({"che": 3.0}, wants_number=True, intent="result", years=(2025,), question="chè năm 2025 đạt bao nhiêu")
    assert row_quote(tabs, HEADER, result) == "Sản lượng nấm rơm: KH 2025: 650 Tấn; Ước TH 2025: 672 Tấn"
    target = Asked({"che": 3.0}, wants_number=True, intent="target", years=(2026,), question="kế hoạch 2026")
    assert row_quote(tabs, HEADER, target) == "Sản lượng nấm rơm: KH 2026: 700 Tấn"
    # a ratio asked brings the ratio column, in %; the same row as a markdown row reads alike
    ratio = Asked({"che": 3.0}, wants_number=True, intent="result", years=(2025,), question="đạt bao nhiêu % kế hoạch")
    pipes = "| 4 | Sản lượng nấm rơm | Tấn | 610 | 650 | 672 | 103,4 | 700 |"
    assert row_quote(pipes, HEADER, ratio).endswith("Ước TH 2025: 672 Tấn; So sánh (%): 103,4%")
    # nothing fits (no year, no side): every column, labelled
    assert row_quote(tabs, HEADER, Asked({"che": 3.0}, question="chè")).count(":") == 6


def test_a_row_whose_cells_are_words_keeps_the_cell_quote():
    row = "1\tThu ngân sách\tĐạt 5 tỷ đồng, vượt kế hoạch\tĐạt"
    assert row_quote(row, "TT | Nhiệm vụ | Kết quả | Đánh giá", Asked({"thu": 1.0}, intent="result")).startswith(
        "Thu ngân sách — Đạt 5 tỷ đồng")


def test_a_row_of_other_years_or_of_dashes_where_the_question_points_does_not_answer():
    from assistant.quoting import row_answers
    row = "| 7 | Tỷ lệ hộ nghèo | % | - | 2,40 | dưới 1,5 |"
    header = "STT | Chỉ tiêu | ĐVT | TH năm 2020 | Ước TH năm 2025 | Mục tiêu năm 2028"
    asked = lambda *years: Asked({"ngheo": 2.0}, wants_number=True, years=years, question="tỷ lệ hộ nghèo")  # noqa: E731
    assert row_answers(row, header, asked(2025)) and row_answers(row, header, asked(2028))
    assert not row_answers(row, header, asked(2020))  # its column holds "-": no figure that year
    assert not row_answers(row, header, asked(2030))  # no column of 2030
    assert row_answers(row, header, asked())  # no year asked: every column may answer
    assert row_answers("Tỷ lệ hộ nghèo giảm còn 0,9%.", "", asked(2030))  # not a row of figures: not judged here


def test_wrapped_lines_going_on_with_a_figure_or_a_one_letter_word_are_one_sentence():
    from assistant.quoting import _sentences
    text = "Tổng thu ngân sách đạt\n9 tỷ đồng, bằng 105% dự toán. Lúa trồng\n  ở các thôn ven sông.\n2. Chăn nuôi ổn định."
    assert [" ".join(text[s:e].split()) for s, e in _sentences(text, False)] == [
        "Tổng thu ngân sách đạt 9 tỷ đồng, bằng 105% dự toán.", "Lúa trồng ở các thôn ven sông.", "2. Chăn nuôi ổn định."]


def test_a_row_cut_short_of_its_empty_cells_or_numbered_in_roman_keeps_its_columns():
    trimmed = "5\tThu phí, lệ phí\tTriệu đồng\t310\t300"  # TH 2024, KH 2025; the rest empty
    target = Asked({"phi": 1.0}, wants_number=True, intent="target", years=(2025,), question="kế hoạch 2025")
    assert row_quote(trimmed, HEADER, target) == "Thu phí, lệ phí: KH 2025: 300 Triệu đồng"
    roman = "II\tTổng đàn trâu\tCon\t420\t400\t415\t103,8\t410"
    assert row_quote(roman, HEADER, target).startswith("Tổng đàn trâu: KH 2025: 400 Con")


def test_a_row_takes_the_unit_stated_above_its_table_and_a_ratio_column_is_in_percent():
    row = "| 1 | Thu tiền sử dụng đất | 12.000 | 9.120 | 76,0 |"
    header = "TT | Nội dung | Dự toán 2025 | Thực hiện 2025 | So sánh"
    asked = Asked({"dat": 3.0}, wants_number=True, intent="result", years=(2025,),
                  question="thu tiền sử dụng đất năm 2025 được bao nhiêu, đạt bao nhiêu % dự toán")
    quote = row_quote(row, header, asked, "triệu đồng")
    assert "Thực hiện 2025: 9.120 triệu đồng" in quote and "So sánh: 76,0%" in quote
    assert "9.120 triệu" not in row_quote(row, header, asked)  # no unit stated: none made up
    # a column of differences is no percentage
    assert "So sánh (+/-): -2.880 triệu đồng" in row_quote("| 1 | Thu tiền sử dụng đất | 12.000 | 9.120 | -2.880 |",
                                                           "TT | Nội dung | Dự toán 2025 | Thực hiện 2025 | So sánh (+/-)",
                                                           asked, "triệu đồng")


def test_a_row_whose_empty_last_cells_were_trimmed_keeps_its_columns():
    from assistant.features import Need
    from assistant.quoting import row_quote
    need = Need({"giai": 1.0, "ngan": 1.0}, wants_number=True, years=(2026,), question="Giải ngân năm 2026 bao nhiêu?")
    header = "Chỉ tiêu | ĐVT | KH 2026 | TH 6 tháng 2026 | % KH | Cùng kỳ 2025"
    quote = row_quote("3. Giải ngân vốn công\ttỷ đồng\t30,00\t12,40\t41,3", header, need)  # "Cùng kỳ 2025" left empty
    assert "KH 2026: 30,00 tỷ đồng" in quote and "TH 6 tháng 2026: 12,40 tỷ đồng" in quote


def test_two_indicators_joined_before_one_question_word_are_two_parts():
    from assistant.need import question_parts
    assert question_parts("Số hộ nghèo và tỷ lệ hộ nghèo năm 2026 là bao nhiêu?") == \
        ["Số hộ nghèo", "tỷ lệ hộ nghèo năm 2026 là bao nhiêu?"]
    assert question_parts("so ho ngheo va ty le ho ngheo dự kiến còn bao nhiêu") == \
        ["so ho ngheo", "ty le ho ngheo dự kiến còn bao nhiêu"]
    assert len(question_parts("Năm 2023 và 2024 thu ngân sách bao nhiêu?")) == 1  # two years, one thing
    # "và" inside an indicator's name or between places, or a second kind of one thing, asks once
    assert len(question_parts("Giá trị sản xuất nông, lâm nghiệp và thủy sản năm 2026 bao nhiêu?")) == 1
    assert len(question_parts("Thu ngân sách của xã An Bình và xã Phú Lộc là bao nhiêu?")) == 1
    assert len(question_parts("Hộ nghèo và hộ cận nghèo là bao nhiêu?")) == 1
    assert len(question_parts("Dự án vướng ở đâu, khi nào xong?")) == 2
    # a clause after a comma opening with "riêng", "trong đó" or "còn" asks the same of a part
    assert question_parts("Tỷ lệ hộ nghèo năm 2027 là bao nhiêu %, riêng hộ nghèo DTTS?") == \
        ["Tỷ lệ hộ nghèo năm 2027 là bao nhiêu %", "riêng hộ nghèo DTTS?"]
    assert len(question_parts("Tổng thu ngân sách bao nhiêu, trong đó thu tiền sử dụng đất?")) == 2
    assert len(question_parts("Thu ngân sách xã A bao nhiêu, còn xã B?")) == 1  # a place alone names no part
    assert len(question_parts("Trong đó, chi đầu tư là bao nhiêu?")) == 1


def test_a_column_the_question_names_in_words_is_quoted():
    header = "TT | Tên dự án | Tổng mức đầu tư | Kế hoạch vốn năm 2027 | Nguồn vốn"
    row = "2\tTrường mầm non trung tâm\t9.600\t4.200\tNS tỉnh"
    asked = Asked({"tong": 2.0, "muc": 2.0, "dau": 1.0, "tu": 1.0, "von": 1.0, "mam": 3.0}, wants_number=True,
                  years=(2027,), question="Trường mầm non có tổng mức đầu tư bao nhiêu, vốn năm 2027 bao nhiêu?")
    assert row_quote(row, header, asked) == "Trường mầm non trung tâm: Tổng mức đầu tư: 9.600; Kế hoạch vốn năm 2027: 4.200"
    unnamed = replace(asked, weights={"von": 1.0, "mam": 3.0}, question="Trường mầm non được bố trí vốn năm 2027 bao nhiêu?")
    assert row_quote(row, header, unnamed) == "Trường mầm non trung tâm: Kế hoạch vốn năm 2027: 4.200"


def test_a_sentence_on_another_kind_than_asked_is_not_quoted_for_it():
    text = ("Tổng thu ngân sách trên địa bàn quý I ước đạt 2.846 triệu đồng, đạt 23,7% dự toán, tăng 8,4% so với "
            "cùng kỳ; trong đó thu tiền sử dụng đất 1.120 triệu đồng. Tổng chi ngân sách xã ước 9.615 triệu đồng, "
            "đạt 21,9% dự toán, chủ yếu chi lương, phụ cấp và chi an sinh xã hội dịp Tết Nguyên đán. Công tác "
            "quản lý thu được tăng cường, rà soát các hộ kinh doanh và đôn đốc nộp thuế đúng hạn ngay từ đầu năm.")
    weights = {"quy": 2.3, "du_toan": 2.1, "toan": 1.6, "du": 1.4, "chi": 0.9}
    quote = best_quote(text, Asked(weights, wants_number=True, question="Còn xã chi ra trong quý đó bao nhiêu, mấy phần trăm dự toán?"))
    assert "9.615" in quote and "2.846" not in quote


def test_a_figure_written_in_the_unit_asked_is_quoted_before_a_sentence_naming_the_word():
    text = ("**2. Lao động, việc làm.** Giải quyết việc làm cho 412 lao động; ước cả năm "
            "đạt 830 lao động. Chi trả trợ cấp cho 960 đối tượng bảo trợ xã hội với kinh phí 5.210 triệu "
            "đồng. Đầu năm 2026 phường còn 41 hộ nghèo và 96 hộ cận nghèo; quỹ Vì người nghèo hỗ trợ sửa "
            "chữa 5 căn nhà cho hộ nghèo trong tháng 3 năm 2026. Tổ chức 2 phiên giao dịch việc làm tại trụ "
            "sở phường với 18 doanh nghiệp tham gia tuyển dụng.")
    weights = {"nua": 5.8, "dau": 1.7, "nam": 0.6, "dau_nam": 3.6, "tim": 6.9, "viec": 3.3, "lam": 2.5,
               "viec_lam": 4.2, "nguoi": 2.6}
    question = "Nửa đầu năm 2026 phường tìm được việc cho mấy người?"
    need = Asked(weights, wants_number=True, years=(2026,), units=asked_unit(question), question=question)
    assert "412 lao động" in best_quote(text, need)


def test_the_end_of_the_year_asked_is_not_the_start_of_it():
    text = ("Theo kết quả rà soát cuối năm 2025, đầu năm 2026 toàn xã có 640 hộ nghèo (30,2%) trên tổng số 2.118 hộ. "
            "Trong năm có 96 hộ thoát nghèo, phát sinh 7 hộ nghèo mới do ốm đau, tai nạn lao động và thiên tai. "
            "Theo kết quả rà soát năm 2026, số hộ nghèo còn 551 hộ, chiếm 25,7% tổng số hộ, vượt chỉ tiêu giao. "
            "Các bản vùng cao vẫn còn tỷ lệ cao do thiếu đất sản xuất, thiếu việc làm ổn định và đường sá đi lại khó.")
    weights = {"ho": 1.8, "ngheo": 2.5, "ho_ngheo": 3.1, "cuoi": 2.9, "ty": 1.5, "le": 1.7, "ty_le": 2.0, "le_ho": 3.3}
    asked = Asked(weights, wants_number=True, years=(2026,), units=("%",), question="ty le ho ngheo cuoi nam 2026 con bao nhieu")
    assert "551 hộ" in best_quote(text, asked) and "640 hộ" not in best_quote(text, asked)
