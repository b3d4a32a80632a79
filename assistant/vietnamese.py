"""The Vietnamese text layer: normalisation, diacritics folding, syllables, bigrams, abbreviations.

Retrieval works on *terms* built from syllables:
  - the syllable as written, lower case, NFC ("xã", "ở", "y" are kept: one letter is a word),
    spelt one way where plans differ ("hoá"/"hóa", "thuỷ"/"thủy", "tỉ lệ"/"tỷ lệ" are one syllable);
  - its folded form with a "~" prefix ("~xa"), so questions typed without accents match;
  - folded syllable bigrams ("~tho_xuong"), so "Thọ Xương" beats "Thọ" + "Xương" apart;
  - the folded expansion of administrative abbreviations ("bhyt" → "bảo hiểm y tế"), both in
    plans and in questions, so either way of writing meets the other.
A question typed with no diacritics at all only uses the folded terms.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A word is letters, with any combining mark NFC could not compose kept inside it.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_](?:[^\W\d_]|[\u0300-\u036f])*", re.UNICODE)

# General abbreviations of Vietnamese administrative writing (not tied to any plan).
# Keys are folded, lower case, with hyphens/ampersands dropped ("KT-XH" -> "ktxh").
ABBREVIATIONS: dict[str, str] = {
    "bhyt": "bảo hiểm y tế",
    "bhxh": "bảo hiểm xã hội",
    "bhtn": "bảo hiểm thất nghiệp",
    "gpmb": "giải phóng mặt bằng",
    "bt": "bồi thường",   # "BT GPMB", "phương án BT, HT&TĐC" (a road is "bê tông" in full)
    "tdc": "tái định cư",
    "ktxh": "kinh tế xã hội",
    "tdp": "tổ dân phố",
    "gdvh": "gia đình văn hóa",
    "dvc": "dịch vụ công",
    "tthc": "thủ tục hành chính",
    "cchc": "cải cách hành chính",
    "ntm": "nông thôn mới",
    "vsmt": "vệ sinh môi trường",
    "attp": "an toàn thực phẩm",
    "vsattp": "vệ sinh an toàn thực phẩm",
    "qsdd": "quyền sử dụng đất",
    "qsd": "quyền sử dụng",
    "gcn": "giấy chứng nhận",
    "ntts": "nuôi trồng thủy sản",
    "hdnd": "hội đồng nhân dân",
    "ubnd": "ủy ban nhân dân",
    "mttq": "mặt trận tổ quốc",
    "anqp": "an ninh quốc phòng",
    "qpan": "quốc phòng an ninh",
    "antt": "an ninh trật tự",
    "atgt": "an toàn giao thông",
    "ttatgt": "trật tự an toàn giao thông",
    "ttdt": "trật tự đô thị",
    "xdcb": "xây dựng cơ bản",
    "xd": "xây dựng",
    "kt": "kinh tế",      # the halves of "KT-XH", "VH-XH", also written alone
    "xh": "xã hội",
    "vh": "văn hóa",
    "pt": "phát triển",
    "kh": "kế hoạch",     # "đạt 100% KH năm", "Số: /KH-UBND"
    "kq": "kết quả",
    "ct": "chỉ thị",      # document numbers: "12-CT/TU", "15/NQ-HĐND", "05/2023/QĐ-UBND"
    "nq": "nghị quyết",
    "qd": "quyết định",
    "tu": "tỉnh ủy",
    "hu": "huyện ủy",
    "sx": "sản xuất",
    "cn": "công nghiệp",  # as in "CN-TTCN", "CN-XD"
    "ccn": "cụm công nghiệp",
    "kcn": "khu công nghiệp",
    "kdc": "khu dân cư",
    "htkt": "hạ tầng kỹ thuật",
    "thcs": "trung học cơ sở",
    "mn": "mầm non",      # school reports: "Trường MN", "CB, GV, NV", "956 HS"
    "hs": "học sinh",
    "gv": "giáo viên",
    "cb": "cán bộ",
    "nv": "nhân viên",
    "thpt": "trung học phổ thông",
    "ttcn": "tiểu thủ công nghiệp",
    "tmdv": "thương mại dịch vụ",
    "pccc": "phòng cháy chữa cháy",
    "pctt": "phòng chống thiên tai",
    "tkcn": "tìm kiếm cứu nạn",
    "kntc": "khiếu nại tố cáo",
    "cknt": "cùng kỳ năm trước",
    "vhtt": "văn hóa thông tin",
    "vhvn": "văn hóa văn nghệ",
    "tdtt": "thể dục thể thao",
    "cbcc": "cán bộ công chức",
    "nqhdnd": "nghị quyết hội đồng nhân dân",
    "dtm": "đô thị mới",
    "gtnt": "giao thông nông thôn",
    "ocop": "mỗi xã một sản phẩm",
    "hts": "hộ tịch",
    "ptnt": "phát triển nông thôn",
    "tnmt": "tài nguyên môi trường",
    "ldtbxh": "lao động thương binh xã hội",
    "gddt": "giáo dục đào tạo",
    "vhxh": "văn hóa xã hội",
    "ctxh": "chính trị xã hội",
    "anct": "an ninh chính trị",
    "ttatxh": "trật tự an toàn xã hội",
    "khhgd": "kế hoạch hóa gia đình",
    "dskhhgd": "dân số kế hoạch hóa gia đình",
    "bcd": "ban chỉ đạo",
    "htx": "hợp tác xã",
    "sxkd": "sản xuất kinh doanh",
    "dn": "doanh nghiệp",
    "nsnn": "ngân sách nhà nước",
    "ns": "ngân sách",
    "gtsx": "giá trị sản xuất",
    "xkld": "xuất khẩu lao động",
    "kch": "kiên cố hóa",
    "mtqg": "mục tiêu quốc gia",
    "ctmtqg": "chương trình mục tiêu quốc gia",
    "nnptnt": "nông nghiệp phát triển nông thôn",
    "nvqs": "nghĩa vụ quân sự",
    "dqtv": "dân quân tự vệ",
    "cax": "công an xã",
    "tyt": "trạm y tế",
    "ubmttq": "ủy ban mặt trận tổ quốc",
    "dtn": "đoàn thanh niên",
    "hlhpn": "hội liên hiệp phụ nữ",
    "hnd": "hội nông dân",
    "hccb": "hội cựu chiến binh",
    "nct": "người cao tuổi",
    "ncc": "người có công",
    "btxh": "bảo trợ xã hội",
    "gpxd": "giấy phép xây dựng",
    "ttxd": "trật tự xây dựng",
    "hlatgt": "hành lang an toàn giao thông",
    "ql": "quốc lộ",
    "sdd": "sử dụng đất",
    "cnh": "công nghiệp hóa",
    "hdh": "hiện đại hóa",
    "gdp": "tổng sản phẩm",
    "dtxd": "đầu tư xây dựng",
    "dtc": "đầu tư công",
    "tcvn": "tiêu chuẩn việt nam",
}

# Abbreviations whose meaning depends on what follows: before a capitalised name they name a
# place kind ("TT Thắng", "P. Thọ Xương"); "TT" before a number is a circular (Thông tư 01/2023).
PLACE_ABBREVIATIONS = {"tt": "thị trấn", "p": "phường", "x": "xã"}
_TT_BEFORE_NUMBER = "thông tư"
_CT_BEFORE_BODY = "chủ tịch"
_HEADED_BODIES = {"ubnd", "hdnd", "ubmttq", "mttq", "ub"}

# Plan phrasing that officials paraphrase: each group's members are looked up as one another.
# General vocabulary of socio-economic plans, not keyed to any plan or question.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("lương thực", "lúa ngô", "thóc"),
    ("thu nhập bình quân", "thu nhập trung bình"),
    ("dược liệu", "cây thuốc"),
    ("suy dinh dưỡng", "thiếu dinh dưỡng"),
    ("giải quyết việc làm", "tìm việc làm", "tạo việc làm"),
    ("việc làm", "chỗ làm"),
    ("thương mại", "buôn bán"),
    ("hạn chế", "tồn tại", "yếu kém"),
    ("thôn", "tổ dân phố", "khu dân cư", "làng"),  # the residential unit of a xã, a phường or thị trấn
    ("thủy sản", "cá"),
    ("dân số", "số dân", "người dân"),
    ("ngân sách", "ngân sách nhà nước"),
    ("tập kết rác", "gom rác", "thu gom rác"),
    ("cứng hóa", "bê tông hóa", "bê tông"),
    ("đăng ký khai sinh", "khai sinh"),
    ("tăng dân số", "phát triển dân số"),
    ("đóng bảo hiểm", "tham gia bảo hiểm", "có bảo hiểm", "có thẻ bảo hiểm"),
    ("trẻ nhỏ", "trẻ em"),
    ("tiền", "đồng"),
    ("thời hạn", "trước ngày"),
    ("giữ vững", "duy trì"),
    ("giảm nghèo", "thoát nghèo"),
    ("nhân dân", "bà con"),
    ("hộ nghèo", "người nghèo", "nhà nghèo"),
    ("nhập ngũ", "giao quân", "tuyển quân", "đi bộ đội"),
    ("tiêm phòng", "tiêm vắc xin", "tiêm chủng"),
    ("gia súc gia cầm", "vật nuôi"),
    ("người cao tuổi", "người già"),
    ("giao thông nông thôn", "đường làng", "đường thôn"),
    ("cải tạo", "sửa chữa"),
    ("bảo hiểm y tế", "thẻ khám chữa bệnh", "thẻ khám bệnh"),
    ("chất thải rắn sinh hoạt", "rác thải sinh hoạt"),
    ("nước hợp vệ sinh", "nước sạch"),
    ("việc cưới", "đám cưới"),
    ("việc tang", "đám tang", "đám ma"),
    ("khen thưởng", "tặng thưởng"),
    ("thu ngân sách", "nguồn thu"),
    ("dứt điểm", "cho xong", "làm xong"),
    ("tiếp công dân", "tiếp dân"),
    ("đào tạo nghề", "dạy nghề", "học nghề"),
    ("an toàn thực phẩm", "vệ sinh thực phẩm"),
    ("gieo trồng", "gieo cấy", "cấy trồng"),
    ("đảm bảo", "bảo đảm"),
    ("bộ mặt", "diện mạo"),
    ("quê hương", "quê nhà", "xã nhà", "quê mình"),
    ("xuất khẩu lao động", "đi làm việc ở nước ngoài", "lao động nước ngoài"),
    ("văn minh đô thị", "đô thị văn minh"),
    ("lợn", "heo"),  # the southern word
    ("cận nghèo", "sát chuẩn nghèo", "cận chuẩn nghèo", "sát ngưỡng nghèo"),
    ("gia cầm", "gà vịt"),
    ("chiếu sáng", "thắp sáng"),
    ("thu nhập", "kiếm được", "làm ra được"),
    ("lên phường", "thành phường", "nâng cấp thành phường", "lên thành phường"),  # a xã raised to a ward
    ("đầu người", "mỗi người"),
    ("giấy chứng nhận quyền sử dụng đất", "sổ đỏ", "bìa đỏ"),
    ("đo đạc", "đo vẽ"),
)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Strip diacritics (đ→d) after lower-casing: 'Thọ Xương' -> 'tho xuong'."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def has_diacritics(text: str) -> bool:
    return fold(text) != unicodedata.normalize("NFD", text.lower())


def syllables(text: str) -> list[str]:
    """NFC lower-case syllables and numbers, one-letter syllables included, tones placed one way."""
    return [tone_placed(s) for s in _TOKEN.findall(nfc(text).lower())]


# Plans mix the old and new tone placement of open "oa", "oe", "uy" ("hoá"/"hóa", "khoẻ"/"khỏe",
# "thuỷ"/"thủy"); the canonical form puts the mark on the first vowel. "qu" is a consonant
# ("quý", "quả"), and a final consonant always takes the mark on the second vowel ("hoàn").
_OLD_TONE = re.compile(r"(?<!q)([ou])([aey])([\u0300\u0301\u0303\u0309\u0323])$")


# Plans also write a lone "i" or "y" after t, k, l, m, h, s either way ("tỉ lệ"/"tỷ lệ",
# "kì họp"/"kỳ họp", "lí do"/"lý do"): the canonical form is "y". ("thi", "chi" are other words.)
_I_OR_Y = re.compile(r"^([tklmhs])i([\u0300-\u036f]*)$")  # any mark, so folding commutes with it


@lru_cache(maxsize=1 << 16)
def tone_placed(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable)
    moved = _I_OR_Y.sub(r"\1y\2", _OLD_TONE.sub(r"\1\3\2", decomposed))
    return syllable if moved == decomposed else unicodedata.normalize("NFC", moved)


def _abbrev_key(word: str) -> str:
    return fold_syllable(word).replace("-", "").replace("&", "")


def expand_abbreviations(text: str) -> str:
    """Append the long form of each abbreviation found (the text itself is kept).

    'Tỷ lệ BHYT' -> 'Tỷ lệ BHYT bảo hiểm y tế'. Place abbreviations expand only before a
    capitalised word; 'TT' before a number reads as Thông tư.
    """
    words = re.findall(r"[\w&.-]+", nfc(text))
    extra: list[str] = []
    for i, raw in enumerate(words):
        word = raw.strip(".-")
        if not (word.isupper() or "-" in raw):
            continue  # abbreviations are written in capitals (or hyphenated, as "kt-xh")
        key = _abbrev_key(word)
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if key == "ct" and _abbrev_key(nxt) in _HEADED_BODIES:
            extra.append(_CT_BEFORE_BODY)  # "CT UBND" is its chairman, "12-CT/TU" a directive
            continue
        if key in ABBREVIATIONS and (word.isupper() or "-" in raw):
            extra.append(ABBREVIATIONS[key])
            continue
        if "-" in word:  # "CN-TTCN": a compound of abbreviations
            extra.extend(ABBREVIATIONS[_abbrev_key(part)] for part in word.split("-")
                         if part.isupper() and _abbrev_key(part) in ABBREVIATIONS)
            continue
        if key in PLACE_ABBREVIATIONS and word.isupper():
            if nxt[:1].isupper():
                extra.append(PLACE_ABBREVIATIONS[key])
            elif key == "tt" and nxt[:1].isdigit():
                extra.append(_TT_BEFORE_NUMBER)
    return text if not extra else text + " " + " ".join(extra)


_LONG_FORMS = {key: " " + fold(long) + " " for key, long in ABBREVIATIONS.items()}


def abbreviation_keys(text: str) -> set[str]:
    """Abbreviations whose long form the text spells out ('bảo hiểm y tế' -> {'bhyt'}), so a
    question typed with the abbreviation meets a plan that writes it in full."""
    folded = " " + " ".join(fold_syllable(s) for s in syllables(text)) + " "
    return {key for key, long in _LONG_FORMS.items() if long in folded}


def synonym_matches(question: str, present: set[str]) -> set[str]:
    """Folded syllables of the question's plan phrases whose synonym the passage holds
    (`present`: the passage's folded syllables)."""
    folded = " " + " ".join(fold_syllable(s) for s in syllables(question)) + " "
    out: set[str] = set()
    for phrase, group in _SYNONYM_INDEX.items():
        if f" {phrase} " not in folded:
            continue
        if any(all(w in present for w in fold(m).split()) for m in group if fold(m) != phrase):
            words = phrase.split()
            out.update(words + [f"{a}_{b}" for a, b in zip(words, words[1:])])
    return out


def _synonym_index() -> dict[str, tuple[str, ...]]:
    index: dict[str, tuple[str, ...]] = {}
    for group in SYNONYMS:
        for member in group:
            index[fold(member)] = group
    return index


_SYNONYM_INDEX = _synonym_index()


def synonyms_of(phrase: str) -> tuple[str, ...]:
    """The other members of the phrase's synonym group ("làng" -> "thôn", "tổ dân phố", …)."""
    return tuple(m for m in _SYNONYM_INDEX.get(fold(phrase), ()) if fold(m) != fold(phrase))


def expand_synonyms(text: str) -> str:
    """Append the other members of each synonym group whose phrase occurs in the text."""
    folded = " " + " ".join(fold_syllable(s) for s in syllables(text)) + " "
    extra: list[str] = []
    for phrase, group in _SYNONYM_INDEX.items():
        if f" {phrase} " in folded:
            extra.extend(m for m in group if fold(m) != phrase)
    return text if not extra else text + " " + " ".join(extra)


@lru_cache(maxsize=1 << 17)
def fold_syllable(syllable: str) -> str:
    """fold() for one syllable, cached: a corpus has a few thousand distinct syllables and
    folding them again for every passage was most of the build's own time."""
    return fold(syllable)


def terms(text: str, accents: bool = True, bigrams: bool = True) -> list[str]:
    """Index terms of a text (see module docstring). `accents=False` drops the as-written
    syllables, for questions typed without diacritics."""
    sylls = syllables(expand_abbreviations(text))
    folded = [fold_syllable(s) for s in sylls]
    out = list(sylls) if accents else []
    out.extend("~" + f for f in folded)
    if bigrams:
        out.extend(f"~{a}_{b}" for a, b in zip(folded, folded[1:]))
    return out


def query_terms(text: str) -> list[str]:
    """Terms of a question: abbreviations and plan synonyms expanded; accents only if typed."""
    return terms(expand_synonyms(text), accents=has_diacritics(text))
