"""The benchmark's look-alike corpus: copies of the real plans moved to other communes."""
from __future__ import annotations

import random
import re

import pytest

from assistant.places import mentions, plan_place
from bench.lookalike import (lookalike_corpus, new_names, perturb_figures, read_plans, rename,
                             write_corpus)

from conftest import CORPUS  # the shipped plans only, never an upload

FIGURE = re.compile(r"(?<![^\W\d_])\d+")
YEAR = re.compile(r"19[5-9]\d|20[0-4]\d")


@pytest.fixture(scope="module")
def plans():
    return read_plans(CORPUS)


@pytest.fixture(scope="module")
def corpus(plans):
    return lookalike_corpus(plans, 15, seed=3)


def copies_of(plans, corpus):
    """(original plan, copy name, copy text) for every copy."""
    real = {p.name for p in plans}
    copies = [name for name in corpus if name not in real]
    return [(plans[int(name[:3]) % len(plans)], name, corpus[name]) for name in copies]


def test_the_real_plans_are_kept_verbatim(plans, corpus):
    assert len(corpus) == 15
    for p in plans:
        assert corpus[p.name] == (CORPUS / p.name).read_text(encoding="utf-8")


def test_a_copy_is_about_its_new_place(plans, corpus):
    places = set()
    for plan, name, text in copies_of(plans, corpus):
        place = plan_place(text)
        assert place is not None and place.kind == plan.place.kind
        assert place.name not in {p.place.name for p in plans}
        assert name.endswith("_".join(place.key.split()) + ".txt")
        places.add(place)
    assert len(places) == 10


def test_the_original_name_is_replaced_everywhere(plans, corpus):
    for plan, _, text in copies_of(plans, corpus):
        old = plan.place
        assert old not in {p for _, p in mentions(text)}
        assert old.name.upper() not in text
        for m in re.finditer(rf"(?<!\w){re.escape(old.name)}(?!\w)", text):
            # only a one-syllable name survives, inside another name ("Đức Thắng")
            assert " " not in old.name
            assert re.search(r"[A-ZĐ]\w+[ \t]+$", text[:m.start()]), text[m.start() - 30:m.end() + 30]


def test_every_figure_is_changed_but_years(plans, corpus):
    for plan, _, text in copies_of(plans, corpus):
        before, after = FIGURE.findall(plan.text), FIGURE.findall(text)
        assert len(before) == len(after) > 50
        for a, b in zip(before, after):
            assert len(a) == len(b)
            assert (a == b) == bool(len(a) == 4 and YEAR.fullmatch(a)), (a, b)


def test_copies_are_deterministic_and_the_seed_matters(plans, corpus):
    assert lookalike_corpus(plans, 15, seed=3) == corpus
    other = lookalike_corpus(plans, 15, seed=4)
    assert other.keys() != corpus.keys()


def test_names_are_distinct_and_avoid_what_is_asked():
    names = new_names(300, seed=1, avoid="thu nhập trung bình, xã Tân An")
    assert len(set(names)) == 300
    assert "Trung Bình" not in names and "Tân An" not in names
    with pytest.raises(ValueError):
        new_names(10_000, seed=1, avoid="")


def test_rename_forms():
    text = "UBND xã Lương Phong; LƯƠNG PHONG; giáp Lương \tPhong, Lương Phong Hạ"
    assert rename(text, "Lương Phong", "Tân An") == "UBND xã Tân An; TÂN AN; giáp Tân An, Tân An Hạ"
    text = "TT Thắng, Thị trấn Thắng; trường Đức Thắng; Thắng, ngày; chiến thắng"
    assert rename(text, "Thắng", "Tân An") == "TT Tân An, Thị trấn Tân An; trường Đức Thắng; Tân An, ngày; chiến thắng"


def test_perturb_figures_keeps_shape():
    rng = random.Random(0)
    out = perturb_figures("năm 2024 đạt 03 chỉ tiêu, 16.074.000.000 đồng, 120 m2, 0 hộ", rng)
    m = re.fullmatch(r"năm 2024 đạt 0(\d) chỉ tiêu, ([1-9]\d)\.(\d{3})\.(\d{3})\.(\d{3}) đồng, "
                     r"([1-9]\d\d) m2, ([1-9]) hộ", out)
    assert m and m.group(1) != "3" and m.group(6) != "120"


def test_write_corpus_keeps_unchanged_files(tmp_path):
    write_corpus({"a.txt": "một", "b.txt": "hai"}, tmp_path)
    stamp = (tmp_path / "a.txt").stat().st_mtime_ns
    write_corpus({"a.txt": "một", "c.txt": "ba"}, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "c.txt"]
    assert (tmp_path / "a.txt").stat().st_mtime_ns == stamp
