"""Shared fixtures: the real plans, copied; indexes built with the deterministic hashing
encoder (fast), and one with the real model for the end-to-end checks."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.embedding import hashing_encoder
from assistant.indexing import build_index
from assistant.retrieval import open_index

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def encoder():
    return hashing_encoder()


@pytest.fixture()
def corpus_copy(tmp_path) -> Path:
    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest)
    return dest


@pytest.fixture(scope="session")
def built_index(tmp_path_factory, encoder) -> Path:
    index_dir = tmp_path_factory.mktemp("index")
    build_index(CORPUS, index_dir, encoder)
    return index_dir


@pytest.fixture(scope="session")
def loaded(built_index, encoder):
    return open_index(built_index, encoder)
