"""Look-alike plans: copies of the real plans, each moved to another commune.

A copy keeps the plan's structure and wording; it gets a new place name in place of the
original one (with its kind, bare, and in upper case) and every figure changed (each digit run
redrawn with a seeded RNG, same length; years and codes glued to letters such as "m2" stay).
Everything here is pure and deterministic: same plans, same seed, same copies.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from assistant.places import Place, plan_place
from assistant.vietnamese import fold, nfc

FIRST = ("Tân", "Hòa", "Bình", "Phú", "An", "Thanh", "Đông", "Tây", "Vĩnh", "Quang", "Minh", "Đức",
         "Hưng", "Phúc", "Xuân", "Trung", "Hồng", "Nghĩa", "Thuận", "Cẩm", "Liên", "Mỹ", "Ngọc",
         "Kim", "Đại", "Yên", "Gia", "Hợp", "Song", "Lạc")
SECOND = ("An", "Bình", "Hòa", "Hưng", "Lợi", "Lộc", "Phú", "Thịnh", "Tiến", "Thành", "Trung",
          "Hà", "Hải", "Lâm", "Long", "Mai", "Nghĩa", "Phong", "Quang", "Thái", "Thủy", "Vân",
          "Xá", "Yên", "Đồng", "Điền", "Khê", "Tân", "Hạnh", "Châu")
_DIGITS = re.compile(r"(?<![^\W\d_])\d+")  # a digit run not glued to a letter before it
_YEAR = re.compile(r"(19[5-9]\d|20[0-4]\d)")
_KIND_BEFORE = re.compile(r"(thị\s+trấn|phường|xã|TT\.?|P\.|X\.)\s+$", re.I)
_WORD_BEFORE = re.compile(r"(\w+)[ \t]*$")
_WORD_AFTER = re.compile(r"^[ \t]*(\w+)")


@dataclass(frozen=True)
class Plan:
    name: str  # file name
    text: str
    place: Place | None


def read_plans(corpus: Path) -> list[Plan]:
    out = []
    for path in sorted(corpus.glob("*.txt")):
        text = nfc(path.read_text(encoding="utf-8"))
        out.append(Plan(path.name, text, plan_place(text)))
    return out


def new_names(count: int, seed: int, avoid: str) -> list[str]:
    """`count` distinct two-syllable commune names, none of them a word pair of `avoid`
    (the real plans and the questions, so no copy takes a name they already use)."""
    folded = " " + " ".join(re.findall(r"\w+", fold(avoid))) + " "
    pool = [f"{a} {b}" for a in FIRST for b in SECOND if a != b]
    pool = [n for n in pool if f" {fold(n)} " not in folded]
    if count > len(pool):
        raise ValueError(f"only {len(pool)} names available, {count} asked for")
    random.Random(f"names:{seed}").shuffle(pool)
    return pool[:count]


def rename(text: str, old: str, new: str) -> str:
    """Every mention of the place `old` becomes `new`: as written (Title) and in upper case.
    A one-syllable name ("Thắng") is left alone inside a longer name ("Đức Thắng") unless a
    place kind stands before it."""
    forms = "|".join(r"[ \t]+".join(map(re.escape, f.split())) for f in dict.fromkeys((old, old.upper())))
    regex = re.compile(rf"(?<!\w)(?:{forms})(?!\w)")

    def swap(m: re.Match) -> str:
        before, after = text[:m.start()], text[m.end():]
        if " " not in old and not _KIND_BEFORE.search(before[-12:]) \
                and (_titled(_WORD_BEFORE, before[-40:]) or _titled(_WORD_AFTER, after[:40])):
            return m.group(0)
        return new.upper() if m.group(0).isupper() else new

    return regex.sub(swap, text)


def _titled(pattern: re.Pattern, text: str) -> bool:
    m = pattern.search(text)
    word = m.group(1) if m else ""
    return len(word) > 1 and word[0].isupper() and word[1:].islower()


def perturb_figures(text: str, rng: random.Random) -> str:
    """Each digit run redrawn, same length and leading zero, never equal to the original;
    four-digit years (1950-2049) stay, so a copy speaks of the same period."""
    def draw(m: re.Match) -> str:
        old = m.group(0)
        if len(old) == 4 and _YEAR.fullmatch(old):
            return old
        while True:
            digits = [rng.choice("0123456789") for _ in old]
            if old[0] != "0" and len(old) > 1:
                digits[0] = rng.choice("123456789")
            elif old[0] == "0" and len(old) > 1:
                digits[0] = "0"
            new = "".join(digits)
            if new != old:
                return new

    return _DIGITS.sub(draw, text)


def copy_plan(plan: Plan, new_name: str, seed: int) -> str:
    """The plan moved to `new_name` (same kind of place), its figures changed."""
    if plan.place is None:
        raise ValueError(f"{plan.name}: no place found to replace")
    rng = random.Random(f"figures:{seed}:{new_name}")
    return perturb_figures(rename(plan.text, plan.place.name, new_name), rng)


def lookalike_corpus(plans: list[Plan], size: int, seed: int = 8, avoid: str = "") -> dict[str, str]:
    """File name -> text of a corpus of `size` plans: the real ones, then copies of each in
    turn. Copies are named after the number and new place ("017_xa_tan_an.txt")."""
    if size < len(plans):
        raise ValueError(f"size {size} is smaller than the {len(plans)} real plans")
    out = {p.name: p.text for p in plans}
    avoid = avoid + "\n" + "\n".join(p.text for p in plans)
    for n, name in enumerate(new_names(size - len(plans), seed, avoid), start=len(plans)):
        plan = plans[n % len(plans)]
        slug = "_".join(fold(f"{plan.place.kind} {name}").split())
        out[f"{n:03d}_{slug}.txt"] = copy_plan(plan, name, seed)
    return out


def write_corpus(files: dict[str, str], folder: Path) -> None:
    """Make `folder` hold exactly `files`: unchanged files are not rewritten (keeps mtimes)."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in set(p.name for p in folder.iterdir()) - set(files):
        (folder / stale).unlink()
    for name, text in files.items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
