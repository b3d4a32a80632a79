"""Whether the live index already is the corpus folder, decided from file hashes alone.

Kept apart from indexing so that `assistant index` with nothing changed imports neither the
embedding model nor the chunker nor bm25s: it hashes the files, compares them with the live
build's manifest and stops (a second instead of twenty).
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import lexicon
from .loading import SUPPORTED_SUFFIXES

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass
class FileReport:
    source: str
    status: str  # indexed, unchanged, removed, skipped, same plan
    detail: str = ""

    def line(self) -> str:
        return f"{self.status:9s} {self.source}" + (f"  ({self.detail})" if self.detail else "")


@dataclass
class BuildReport:
    files: list[FileReport] = field(default_factory=list)
    passages: int = 0
    embedded: int = 0
    seconds: float = 0.0

    @property
    def skipped(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "skipped"]


@dataclass
class Survey:
    """The corpus folder against the live build: what is skipped, unchanged, or to be read."""
    reports: list[FileReport] = field(default_factory=list)
    to_read: list[tuple[Path, str]] = field(default_factory=list)
    unchanged: set[str] = field(default_factory=set)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Every visible regular file of the folder (unsupported ones are reported, not hidden)."""
    return sorted(p for p in corpus_dir.iterdir() if p.is_file() and not p.name.startswith((".", "~$")))


def survey(files: list[Path], known: dict[str, str], max_bytes: int,
           same: dict[str, str] | None = None) -> Survey:
    """Sort the folder's files by what a build must do with them; `known` maps the live
    build's file names to their hashes, `same` a copy of a plan to the file indexed for it."""
    out = Survey()
    same = same or {}
    seen_hash: dict[str, str] = {}
    for path in files:
        decision = decide(path, max_bytes, seen_hash)
        if isinstance(decision, FileReport):
            out.reports.append(decision)
            continue
        seen_hash[decision] = path.name
        if known.get(path.name) == decision:
            out.unchanged.add(path.name)
            out.reports.append(same_plan_report(path.name, same[path.name]) if path.name in same
                               else FileReport(path.name, "unchanged"))
        else:
            out.to_read.append((path, decision))
    return out


def same_plan_report(source: str, of: str) -> FileReport:
    return FileReport(source, "same plan", f"same plan as {of}; indexed once")


def is_noop(s: Survey, known: dict[str, str]) -> bool:
    return bool(known) and not s.to_read and s.unchanged == set(known)


def decide(path: Path, max_bytes: int, seen_hash: dict[str, str]) -> str | FileReport:
    """The file's hash, or the report of why it is skipped before reading it."""
    name = shown_name(path)
    if name != path.name:  # the index stores names as UTF-8
        return FileReport(name, "skipped", "the file name is not valid UTF-8 (an old program wrote it); rename the file")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return FileReport(name, "skipped", f"unsupported file type '{path.suffix or '(none)'}'")
    try:
        size = path.stat().st_size
        if size == 0:
            return FileReport(name, "skipped", "empty file")
        if size > max_bytes:
            return FileReport(name, "skipped", f"{_mb(size)} MB, larger than the limit of {_mb(max_bytes)} MB")
        sha = sha256_file(path)
    except OSError as exc:  # gone or locked since the folder was listed
        return FileReport(name, "skipped", f"cannot be read ({exc.strerror or type(exc).__name__})")
    if sha in seen_hash:
        return FileReport(name, "skipped", f"same content as {seen_hash[sha]}")
    return sha


def shown_name(path: Path) -> str:
    """The file name as text; bytes that are not UTF-8 show as U+FFFD."""
    return path.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _mb(size: int) -> str:
    return f"{round(size / (1024 * 1024), 2):g}"


def live_manifest(index_dir: Path, model_name: str, dim: int | None = None) -> dict:
    """The live build's manifest, if that build is of this format, vocabulary and model (dim None:
    any dimension, for deciding before the model is loaded); else {}: every plan is read again."""
    from . import store
    build = store.current_build(index_dir)
    if build is None:
        return {}
    try:
        manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    model = manifest.get("model", {})
    if manifest.get("format_version") != store.FORMAT_VERSION or manifest.get("tokenizer") != store.TOKENIZER \
            or manifest.get("vocabulary") != lexicon.digest() or model.get("name") != model_name or (dim is not None and model.get("dim") != dim):
        return {}
    return manifest


def live_files(manifest: dict) -> tuple[dict[str, str], dict[str, str]]:
    """(file name -> hash of every file the build accounts for, copy of a plan -> the file
    indexed for it). A copy is accounted for: it is not read again while unchanged."""
    same = manifest.get("same_plan", {})
    known = {**manifest.get("files", {}), **{n: v["sha256"] for n, v in same.items()}}
    return known, {n: v["of"] for n, v in same.items()}


def up_to_date(corpus_dir: Path, index_dir: Path, model_name: str,
               max_bytes: int = DEFAULT_MAX_BYTES) -> BuildReport | None:
    """The report of a build that would change nothing, or None when a build has work to do.
    Reads only hashes and the manifest: the model is not loaded to embed nothing."""
    manifest = live_manifest(index_dir, model_name)
    known, same = live_files(manifest)
    if not known or not os.path.isdir(corpus_dir):
        return None
    s = survey(corpus_files(corpus_dir), known, max_bytes, same)
    if not is_noop(s, known):
        return None
    return BuildReport(files=s.reports, passages=int(manifest.get("passages", 0)))
