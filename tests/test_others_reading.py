"""Every document of the other-templates corpus (eval/others) is read with its own place,
kind, year and period, in each typed format (scans are measured by scripts/eval_formats.py)."""
import json
from pathlib import Path

import pytest

from assistant.indexing import read_plan

OTHERS = Path(__file__).resolve().parent.parent / "eval" / "others"
RECORDS = [json.loads(line) for line in (OTHERS / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
FILES = [(r, f) for r in RECORDS for f in [r["file"]] + [v for v in r["variants"] if not v.endswith(".scan.pdf")]]


@pytest.mark.parametrize("record,file", FILES, ids=[Path(f).name for _, f in FILES])
def test_place_kind_and_period_read_right(record, file, tmp_path):
    doc, passages, _ = read_plan(OTHERS / file, "x", tmp_path)
    assert (doc.place_label, doc.plan_kind, doc.year, doc.period) == \
        (record["place"], record["kind"], record.get("year"), record["period"])
    assert passages and all(p.period_years for p in passages if p.kind != "footnote")


# eval/others10, written this round by writers who saw no code: what each document is, as its
# catalogue (eval/others10/CATALOGUE.md) says
OTHERS10 = Path(__file__).resolve().parent.parent / "eval" / "others10" / "corpus"
EXPECTED10 = {
    "69_baocao_quy1_2026_xa_YenKheTrung.txt": ("xã Yên Khê Trung", "báo cáo", 2026, "quý I"),
    "70_kehoach_2025_xa_CatMyLoc.md": ("xã Cát Mỹ Lộc", "kế hoạch", 2025, "cả năm"),
    "71_nghiquyet_dutoan_2027_phuong_AnLuDong.txt": ("phường An Lư Đông", "nghị quyết", 2027, "cả năm"),
    "72_kehoach_dautucong_2027_xa_ThuongHaLam.txt": ("xã Thượng Hà Lâm", "kế hoạch", 2027, "cả năm"),
    "73_baocao_tongket_2026_phuong_ThanhLocDong.txt": ("phường Thạnh Lộc Đông", "báo cáo", 2026, "cả năm"),
    "74_tinkyhop_giuanam_2026_xa_YenKhanhHa.md": ("xã Yên Khánh Hạ", "tin kỳ họp", 2026, "6 tháng"),
    "75_baocao_tongket5nam_2026_xa_LaToNam.txt": ("xã La Tó Nam", "báo cáo", 2025, "cả năm"),  # on 2021-2025
    "76_baocao_tongket_2024_thitran_ThanhLangDong.md": ("thị trấn Thanh Lãng Đông", "báo cáo", 2024, "cả năm"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED10))
def test_the_tenth_sets_documents_are_read_with_their_place_kind_and_period(name, tmp_path):
    doc, passages, _ = read_plan(OTHERS10 / name, "x", tmp_path)
    assert (doc.place_label, doc.plan_kind, doc.year, doc.period) == EXPECTED10[name]
    assert passages and all(p.period_years for p in passages if p.kind != "footnote")


# eval/others11, written this round by writers who saw no code (eval/others11/CATALOGUE.md)
OTHERS11 = Path(__file__).resolve().parent.parent / "eval" / "others11" / "corpus"
EXPECTED11 = {
    "77_baocao_9thang_2026_phuong_KienTrung.md": ("phường Kiến Trung", "báo cáo", 2026, "9 tháng"),
    "78_baocao_NTMnangcao_2026_xa_MaiDinhNam.txt": ("xã Mai Đình Nam", "báo cáo", 2026, "cả năm"),
    "79_nghiquyet_nhiemvu_2027_xa_EaBlangNam.txt": ("xã Ea Blang Nam", "nghị quyết", 2027, "cả năm"),
    "80_kehoach_chuyendoiso_2026_xa_HoaQuoiDong.md": ("xã Hòa Quới Đông", "kế hoạch", 2026, "cả năm"),
    "81_baocao_6thang_2025_thitran_KheVan.txt": ("thị trấn Khe Vạn", "báo cáo", 2025, "6 tháng"),
    "82_tinkyhop_cuoinam_2026_phuong_VinhCat.md": ("phường Vĩnh Cát", "tin kỳ họp", 2026, "cả năm"),
    "83_baocao_ngansach_2026_xa_NaPong.txt": ("xã Nà Pồng", "báo cáo", 2026, "cả năm"),
    "84_baocao_tongket_2025_xa_PhuocGiong.txt": ("xã Phước Giồng", "báo cáo", 2025, "cả năm"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED11))
def test_the_eleventh_sets_documents_are_read_with_their_place_kind_and_period(name, tmp_path):
    doc, passages, _ = read_plan(OTHERS11 / name, "x", tmp_path)
    assert (doc.place_label, doc.plan_kind, doc.year, doc.period) == EXPECTED11[name]
    assert passages and all(p.period_years for p in passages if p.kind != "footnote")
