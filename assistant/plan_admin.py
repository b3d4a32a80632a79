"""Removing and re-reading one plan, through the same incremental build as everything else.

Removal moves the file aside (`INDEX/.removed/`) and builds; the build swaps in an index
without the plan in one step (store.write_build), and only then is the file deleted. If the
build cannot run (another one holds the lock) or fails, the file goes back, so the folder and
the index never disagree.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from .embedding import Encoder
from .indexing import BuildReport, build_index

ASIDE = ".removed"


def remove_plan(corpus: Path, index_dir: Path, source: str, encoder: Encoder | None, **build_args) -> BuildReport:
    """Take `source` out of the corpus folder and the index together. Raises store.BuildLocked
    (nothing changed) or what the build raised (file put back)."""
    path = corpus / source
    if Path(source).name != source or not path.is_file():
        raise FileNotFoundError(source)
    aside = index_dir / ASIDE
    aside.mkdir(parents=True, exist_ok=True)
    parked = aside / source
    shutil.move(path, parked)
    try:
        report = build_index(corpus, index_dir, encoder, **build_args)
    except BaseException:
        shutil.move(parked, path)
        raise
    parked.unlink(missing_ok=True)
    return report


def reindex_plan(corpus: Path, index_dir: Path, source: str, encoder: Encoder | None, **build_args) -> BuildReport:
    """Read `source` again (after a reader improved, or OCR was installed) though unchanged."""
    if not (corpus / source).is_file():
        raise FileNotFoundError(source)
    return build_index(corpus, index_dir, encoder, reread=frozenset({source}), **build_args)
