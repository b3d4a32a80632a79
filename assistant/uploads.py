"""Saving plans that officials upload into the corpus folder.

Pure of Streamlit: `save_uploads` takes (name, bytes) pairs and returns one result per file.
A file is saved under a safe name (no folders, no hidden or reserved names, never over an
existing file: "-2", "-3"... is added), refused when too large, empty or of another type, and
reported instead of saved when the corpus already holds the same bytes under any name.
"""
from __future__ import annotations

import hashlib
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .indexing import corpus_files, sha256_file
from .loading import SUPPORTED_SUFFIXES

DEFAULT_MAX_MB = 50.0
MAX_STEM_CHARS = 80
FALLBACK_STEM = "ke-hoach"
# Names Windows refuses (a corpus folder may be shared with Windows machines).
RESERVED_STEMS = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_UNSAFE = re.compile(r"[^\w\-. ()]+")


@dataclass
class UploadResult:
    name: str  # the name the file was uploaded with
    status: str  # saved, duplicate, too_large, empty, unsupported, error
    saved_as: str = ""  # file name in the corpus folder (saved only)
    message: str = ""  # one Vietnamese sentence for the official

    @property
    def saved(self) -> bool:
        return self.status == "saved"


def max_upload_bytes(env: dict | None = None) -> int:
    """ASSISTANT_MAX_FILE_MB (default 50) in bytes, as the command line reads it."""
    env = os.environ if env is None else env
    try:
        mb = float(env.get("ASSISTANT_MAX_FILE_MB", DEFAULT_MAX_MB))
    except ValueError:
        mb = DEFAULT_MAX_MB
    return int(mb * 1024 * 1024)


def safe_name(name: str) -> str | None:
    """A file name safe to create in the corpus folder, or None when the type is not a plan's.

    '../../etc/x.TXT' -> 'x.txt'; '.hidden.md' -> 'hidden.md'; 'CON.txt' -> '_CON.txt';
    'Kế hoạch <2024>?.docx' -> 'Kế hoạch _2024_.docx'."""
    base = unicodedata.normalize("NFC", name or "").replace("\\", "/").split("/")[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    stem, dot, suffix = base.rpartition(".")
    if not dot or f".{suffix.lower()}" not in SUPPORTED_SUFFIXES:
        return None
    stem = _UNSAFE.sub("_", stem).strip(" .")[:MAX_STEM_CHARS].rstrip(" .") or FALLBACK_STEM
    if stem.lower() in RESERVED_STEMS:
        stem = f"_{stem}"
    return f"{stem}.{suffix.lower()}"


def corpus_hashes(corpus_dir: Path) -> dict[str, str]:
    """sha256 -> file name, for every plan file already in the corpus folder."""
    out: dict[str, str] = {}
    for path in corpus_files(corpus_dir):
        try:
            out.setdefault(sha256_file(path), path.name)
        except OSError:
            continue
    return out


def _free_path(corpus_dir: Path, name: str, taken: set[str]) -> Path:
    stem, suffix = name.rsplit(".", 1)
    candidate, n = name, 1
    while (corpus_dir / candidate).exists() or candidate.lower() in taken:
        n += 1
        candidate = f"{stem}-{n}.{suffix}"
    return corpus_dir / candidate


def _claim(tmp: Path, target: Path, data: bytes) -> None:
    """Give `target` the bytes, failing with FileExistsError rather than replacing a file."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: exclusive create instead
        with open(target, "xb") as f:
            f.write(data)


def _write_new(corpus_dir: Path, name: str, data: bytes, taken: set[str]) -> Path:
    """Write `data` under `name` (or name-2, name-3...), never replacing a file: the bytes go
    to a hidden temporary file that is then hard-linked to a name that must not exist yet."""
    tmp = corpus_dir / f".upload-{os.getpid()}-{secrets.token_hex(6)}"
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        for _ in range(1000):
            target = _free_path(corpus_dir, name, taken)
            try:
                _claim(tmp, target, data)
                return target
            except FileExistsError:
                taken.add(target.name.lower())
        raise OSError(f"no free name for {name}")
    finally:
        tmp.unlink(missing_ok=True)


def save_one(name: str, data: bytes, corpus_dir: Path, max_bytes: int, known: dict[str, str],
             taken: set[str]) -> UploadResult:
    """Save one uploaded file; `known` (sha256 -> name) learns the saved file's content."""
    target = safe_name(name)
    if target is None:
        return UploadResult(name, "unsupported", message="Chỉ nhận tệp .txt, .md, .docx hoặc .pdf.")
    if not data:
        return UploadResult(name, "empty", message="Tệp rỗng, không có nội dung.")
    if len(data) > max_bytes:
        limit = f"{max_bytes / (1024 * 1024):g}"
        return UploadResult(name, "too_large", message=f"Tệp lớn hơn giới hạn {limit} MB.")
    sha = hashlib.sha256(data).hexdigest()
    if sha in known:
        return UploadResult(name, "duplicate", message=f"Nội dung trùng với tệp đã có: {known[sha]}. Không thêm lần nữa.")
    try:
        path = _write_new(corpus_dir, target, data, taken)
    except OSError as exc:
        return UploadResult(name, "error", message=f"Không lưu được tệp ({exc.strerror or exc}).")
    known[sha] = path.name
    taken.add(path.name.lower())
    renamed = "" if path.name == name else f" (lưu với tên {path.name})"
    return UploadResult(name, "saved", saved_as=path.name, message=f"Đã lưu{renamed}.")


def save_uploads(files: list[tuple[str, bytes]], corpus_dir: Path, max_bytes: int | None = None,
                 known: dict[str, str] | None = None) -> list[UploadResult]:
    """Save uploaded plans into `corpus_dir`; one result per file, in order. `known` maps the
    sha256 of plans already indexed to their names (the corpus folder's own files are added)."""
    corpus_dir = Path(corpus_dir)
    corpus_dir.mkdir(parents=True, exist_ok=True)
    max_bytes = max_upload_bytes() if max_bytes is None else max_bytes
    seen = {**(known or {}), **corpus_hashes(corpus_dir)}
    taken: set[str] = set()
    return [save_one(name, data, corpus_dir, max_bytes, seen, taken) for name, data in files]
