"""The index on disk: a folder of plain files with a manifest, swapped in atomically.

    INDEX_DIR/
      current -> builds/<id>      symlink, replaced with os.replace (readers see old or new)
      builds/<id>/manifest.json   format, model, tokenizer, one content hash per file
                  docs.json       per plan: source, hash, place, kind, years, pages
                  passages.jsonl  per passage: source, start, end, text, structure
                  embeddings.npy  float32, one row per passage (absent for BM25-only)
                  dense.faiss     FAISS inner-product index over the rows
                  bm25/           bm25s index (no pickle)
                  texts/<n>.txt   each plan's extracted text, for viewing a citation in context
      cache/                      OCR output by content hash, kept across builds
      .lock                       held while a build runs

A build is written into builds/<new id> and only then pointed at, so a build killed at any
moment leaves the previous index answering. The build that was live before the last swap is
kept (`previous_build`, `fall_back`) until the next build is live; older ones are removed.
A `current` that is not a symlink (a folder copied over it, a plain file) is moved aside as
`current.broken-<time>` and replaced by the usual swap.
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

FORMAT_VERSION = 61
TOKENIZER = "vi-syllable+folded+bigram+abbrev+tone/12"


class IndexUnusable(Exception):
    """The index is missing, incompatible or damaged; the message says what to do."""


class BuildLocked(Exception):
    """Another build holds the index lock."""


class WriteFailed(Exception):
    """The new build could not be written; nothing was swapped, the previous index is live.
    The message is one sentence; `disk_full` says whether space ran out."""

    def __init__(self, message: str, disk_full: bool = False):
        super().__init__(message)
        self.disk_full = disk_full


@dataclass
class DocRecord:
    source: str
    sha256: str
    size: int
    method: str
    place_kind: str
    place_name: str
    plan_kind: str
    years: list[int]
    title: str
    page_starts: list[int] = field(default_factory=list)
    n_passages: int = 0
    period: str = ""  # "cả năm", "6 tháng", "9 tháng", "quý I" … or "" (periods.py)
    year: int | None = None  # the year the document reports on or plans for

    @property
    def place_label(self) -> str:
        return f"{self.place_kind} {self.place_name}".strip()


@dataclass
class PassageRecord:
    source: str
    start: int
    end: int
    text: str
    kind: str
    headings: list[str]
    table_header: str = ""
    footnote: str = ""
    markers: list[str] = field(default_factory=list)
    page: int | None = None
    table_unit: str = ""  # a table's unit stated above it ("ĐVT: triệu đồng")
    row_parent: str = ""  # the numbered row a sub-row belongs to ("Lạc" over "Sản lượng")
    # years the passage reports on or plans for: not baselines ("so với cùng kỳ năm 2023"),
    # dates or spans it merely names; inherited from its heading, then its document
    period_years: list[int] = field(default_factory=list)
    period: str = ""


def current_build(index_dir: Path) -> Path | None:
    """The live build's folder; None when there is none (or `current` is not a link: the next
    build repairs it)."""
    link = index_dir / "current"
    if not link.is_symlink() or not link.exists():
        return None
    return index_dir / "builds" / os.readlink(link).split("/")[-1]


def repair_current(index_dir: Path) -> Path | None:
    """Move a `current` that is not a symlink aside, so the swap can put a link there again.
    Returns where it went (kept, not deleted: it may be someone's copy of an index)."""
    link = index_dir / "current"
    if link.is_symlink() or not os.path.lexists(link):
        return None
    aside = index_dir / f"current.broken-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
    os.replace(link, aside)
    return aside


def _is_complete(build: Path) -> bool:
    return build.is_dir() and not build.name.startswith(".") and (build / "manifest.json").exists()


def previous_build(index_dir: Path) -> Path | None:
    """The newest complete build other than the live one (ids begin with their time)."""
    live = current_build(index_dir)
    builds = index_dir / "builds"
    if not builds.is_dir():
        return None
    others = sorted((p for p in builds.iterdir() if _is_complete(p) and p != live), key=lambda p: p.name)
    return others[-1] if others else None


def fall_back(index_dir: Path) -> Path:
    """Make the previous build live again (after a bad upload, say). It takes a new id first:
    ids sort by time, so the build it replaces becomes the newest other one, the one kept as
    previous. Raises IndexUnusable when there is none."""
    with build_lock(index_dir):
        previous = previous_build(index_dir)
        if previous is None:
            raise IndexUnusable(f"no previous build in {index_dir} to fall back on")
        renewed = previous.with_name(new_build_id())
        os.replace(previous, renewed)
        _swap(index_dir, renewed.name)
        return renewed


def new_build_id() -> str:
    now = time.time_ns()  # ids sort by time (previous_build takes the newest other one)
    return f"{time.strftime('%Y%m%d-%H%M%S', time.localtime(now // 10**9))}-{now % 10**9:09d}-{os.getpid()}"


def build_id(index_dir: Path) -> str | None:
    """Identity of the live build: cheap to poll, changes when a new build is swapped in."""
    try:
        return os.readlink(index_dir / "current")
    except OSError:
        return None


def cache_dir(index_dir: Path) -> Path:
    path = index_dir / "cache"
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def build_lock(index_dir: Path):
    """Exclusive lock for builders; a second builder is refused at once, not queued."""
    index_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(index_dir / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "?"
            raise BuildLocked(f"another index build is running (pid {holder}); try again when it ends") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)


def _write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def write_build(index_dir: Path, manifest: dict, docs: list[DocRecord], passages: list[PassageRecord],
                texts: dict[str, str], embeddings: np.ndarray | None, bm25) -> Path:
    """Write a complete build beside the live one, fsync it, then swap the `current` link."""
    builds = index_dir / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    new_id = new_build_id()
    tmp = builds / f".tmp-{new_id}"
    tmp.mkdir()
    try:
        _write_files(tmp, manifest, docs, passages, texts, embeddings, bm25)
        _fsync_tree(tmp)
    except BaseException as exc:  # disk full, Ctrl-C: a half-written build must not stay to fill the disk
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, (OSError, RuntimeError)):  # faiss reports a full disk as RuntimeError
            raise write_failure(exc) from exc
        raise
    final = builds / new_id
    os.replace(tmp, final)
    repair_current(index_dir)
    _swap(index_dir, new_id)
    prune_builds(index_dir, keep=final)
    return final


def _swap(index_dir: Path, build_name: str) -> None:
    link_tmp = index_dir / f".current-{build_name}-{os.getpid()}"
    os.symlink(f"builds/{build_name}", link_tmp)
    os.replace(link_tmp, index_dir / "current")
    _fsync_dir(index_dir)


def write_failure(exc: BaseException) -> WriteFailed:
    """One sentence for a build that could not be written."""
    text = str(exc)
    full = getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT) or "No space left" in text
    if full:
        return WriteFailed("the new index could not be written because the disk is full; nothing was added "
                           "or removed and the previous index still answers", disk_full=True)
    reason = getattr(exc, "strerror", None) or (text.splitlines()[0][:120] if text else type(exc).__name__)
    return WriteFailed(f"the new index could not be written ({reason}); nothing was added or removed and "
                       "the previous index still answers")


def _write_files(tmp: Path, manifest: dict, docs: list[DocRecord], passages: list[PassageRecord],
                 texts: dict[str, str], embeddings: np.ndarray | None, bm25) -> None:
    _write_json(tmp / "docs.json", [asdict(d) for d in docs])
    with open(tmp / "passages.jsonl", "w", encoding="utf-8") as f:
        for p in passages:
            f.write(json.dumps(vars(p), ensure_ascii=False) + "\n")  # flat record: vars() is asdict()
    (tmp / "texts").mkdir()
    for i, doc in enumerate(docs):
        (tmp / "texts" / f"{i}.txt").write_text(texts[doc.source], encoding="utf-8")
    if embeddings is not None:
        import faiss
        np.save(tmp / "embeddings.npy", embeddings, allow_pickle=False)
        dense = faiss.IndexFlatIP(embeddings.shape[1])
        dense.add(embeddings)
        faiss.write_index(dense, str(tmp / "dense.faiss"))
    bm25.save(str(tmp / "bm25"))
    _write_json(tmp / "manifest.json", manifest)  # last: a build without it is incomplete


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(root: Path) -> None:
    for dirpath, _, files in os.walk(root):
        for name in files:
            fd = os.open(Path(dirpath) / name, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(dirpath))


def prune_builds(index_dir: Path, keep: Path) -> None:
    """Remove builds other than the live one and the one before it, and leftovers of killed
    builds. Readers load a build fully into memory, so removing an old one under them is safe."""
    builds = index_dir / "builds"
    complete = sorted((p for p in builds.iterdir() if _is_complete(p) and p != keep), key=lambda p: p.name)
    kept = {keep, *complete[-1:]}
    for path in builds.iterdir():
        if path not in kept:
            shutil.rmtree(path, ignore_errors=True)
    for stale in index_dir.glob(".current-*"):
        stale.unlink(missing_ok=True)


def read_manifest(build: Path) -> dict:
    try:
        return json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexUnusable(f"index at {build} is damaged ({exc}); run `assistant index --rebuild`") from None


def check_compatible(manifest: dict, model_name: str, dim: int) -> None:
    """Refuse an index built by another format or model: its vectors mean something else."""
    if manifest.get("format_version") != FORMAT_VERSION or manifest.get("tokenizer") != TOKENIZER:
        raise IndexUnusable("the index was built by another version of the assistant; "
                          "run `assistant index --rebuild`")
    built = manifest.get("model", {})
    if built.get("name") != model_name or built.get("dim") != dim:
        raise IndexUnusable(f"the index was built with model {built.get('name')!r} (dim {built.get('dim')}), "
                          f"not {model_name!r} (dim {dim}); run `assistant index --rebuild` "
                          "or set ASSISTANT_EMBED_MODEL to the model that built it")


def read_docs(build: Path) -> list[DocRecord]:
    return [DocRecord(**d) for d in json.loads((build / "docs.json").read_text(encoding="utf-8"))]


def read_passages(build: Path) -> list[PassageRecord]:
    with open(build / "passages.jsonl", encoding="utf-8") as f:
        return [PassageRecord(**json.loads(line)) for line in f if line.strip()]


def read_text(build: Path, doc_number: int) -> str:
    return (build / "texts" / f"{doc_number}.txt").read_text(encoding="utf-8")


def read_embeddings(build: Path) -> np.ndarray | None:
    path = build / "embeddings.npy"
    return np.load(path, allow_pickle=False) if path.exists() else None
