"""Shared fixtures: the real plans, copied; indexes built with the deterministic hashing
encoder (fast), and one with the real model for the end-to-end checks.

Tests read only the five shipped plans: `CORPUS` is a copy of the plans `.gitignore` keeps,
so a plan an official uploaded into `corpus/` never reaches a test. A clone has no
`../shared`: a test that opens a file there is skipped, with the file named, when it is absent.
"""
from __future__ import annotations

import atexit
import inspect
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

import pytest

from assistant.embedding import hashing_encoder
from assistant.indexing import build_index
from assistant.retrieval import open_index

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SHARED_MISSING = "../shared is not part of a clone (evaluation data and fixtures of the team)"


def shipped_plans(gitignore: Path = REPO / ".gitignore") -> list[str]:
    """The plans the repository ships: the `!corpus/NAME` exceptions of .gitignore."""
    lines = gitignore.read_text(encoding="utf-8").splitlines()
    return sorted(line[len("!corpus/"):] for line in lines if line.startswith("!corpus/") and "*" not in line)


def _shipped_copy() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="shipped-plans-"))
    atexit.register(shutil.rmtree, folder, True)
    for name in shipped_plans():
        shutil.copy2(REPO / "corpus" / name, folder / name)
    return folder


CORPUS = _shipped_copy()


def _in_shared(path) -> bool:
    try:
        return Path(path).resolve().is_relative_to(SHARED.resolve())
    except (TypeError, ValueError, OSError):
        return False


def pytest_collection_modifyitems(config, items):
    """Where ../shared is absent, a test that names it in its body is skipped up front (its
    failure would come from a subprocess or a CLI message, not a FileNotFoundError)."""
    if SHARED.exists():
        return
    for item in items:
        try:
            source = inspect.getsource(item.function)
        except (AttributeError, OSError, TypeError):
            continue
        if re.search(r"\bSHARED\b", source):
            item.add_marker(pytest.mark.skip(reason=f"uses {SHARED}: {SHARED_MISSING}"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    return (yield from _skip_without_shared())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    return (yield from _skip_without_shared())


def _skip_without_shared():
    """A test that needs ../shared is skipped, not failed, where ../shared does not exist."""
    try:
        return (yield)
    except FileNotFoundError as exc:
        if SHARED.exists() or not _in_shared(exc.filename):
            raise
        pytest.skip(f"needs {exc.filename}: {SHARED_MISSING}")

# A question about a real plan, and a new plan an official uploads (the app and browser tests).
GRAIN = "Chỉ tiêu tổng sản lượng lương thực có hạt năm 2024 của xã Lương Phong là bao nhiêu tấn?"
NEW_PLAN = """KẾ HOẠCH
Phát triển kinh tế - xã hội năm 2024 của xã Tân Mỹ

I. MỤC TIÊU NĂM 2024
1. Chỉ tiêu kinh tế
- Tổng sản lượng lương thực có hạt năm 2024 của xã Tân Mỹ đạt 1.234 tấn.
- Thu nhập bình quân đầu người của xã Tân Mỹ năm 2024 đạt 58 triệu đồng.
"""


def normalised(text: str) -> str:
    """Compare text, not markup: no markdown, tags, bullet glyphs, typographic quotes or superscripts."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"</?(b|sup|i)>", "", text).replace("*", "").replace("…", "...")
    text = text.translate(str.maketrans("‘’“”⁰¹²³⁴⁵⁶⁷⁸⁹\t", "''\"\"0123456789 "))
    text = re.sub(r"(?m)^#+\s*", "", text)
    text = re.sub(r"(?m)^\s*([-+•]\s+)+", "", text)
    return " ".join(text.split())


def plan_lines_found(extracted: str, plan: str) -> float:
    """Share of a .txt plan's lines found, markup aside, in the text read from another format."""
    haystack = normalised(extracted)
    lines = [normalised(line) for line in plan.splitlines() if normalised(line)]
    return sum(line in haystack for line in lines) / len(lines)


@pytest.fixture(scope="session")
def encoder():
    return hashing_encoder()


@pytest.fixture()
def corpus_copy(tmp_path) -> Path:
    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest)
    return dest


def one_plan_index(tmp_path_factory, encoder, name: str, text: str):
    """An index of one made-up plan, opened."""
    corpus = tmp_path_factory.mktemp("corpus")
    (corpus / name).write_text(text, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("index")
    build_index(corpus, index_dir, encoder)
    return open_index(index_dir, encoder)


@pytest.fixture(scope="session")
def built_index(tmp_path_factory, encoder) -> Path:
    index_dir = tmp_path_factory.mktemp("index")
    build_index(CORPUS, index_dir, encoder)
    return index_dir


@pytest.fixture(scope="session")
def loaded(built_index, encoder):
    return open_index(built_index, encoder)
