"""Saving plans that officials upload into the corpus folder.

Pure of Streamlit: `save_uploads` takes (name, bytes) pairs and returns one result per file.
A file is saved under a safe name (no folders, no hidden or reserved names, never over an
existing file: "-2", "-3"... is added), refused when too large, empty or of another type, and
reported instead of saved when the corpus already holds the same bytes under any name.

`admit_uploads` is what the page uses: a file is first saved in quarantine
(`INDEX/quarantine/`), read there within bounds (`sandbox`), and only moved into the corpus
once it was read; a file that cannot be read goes to `INDEX/rejected/` with its reason in
`<name>.reason.txt` beside it, so no build trips on it. A file in the corpus is never deleted
because of a later failure (a build that found it already indexed by another one, say).
"""
from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import time
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
    status: str  # saved, duplicate, too_large, empty, unsupported, error, rejected
    saved_as: str = ""  # file name in the corpus folder (saved), or in quarantine/pending/ (same_plan)
    message: str = ""  # one Vietnamese sentence for the official
    sha256: str = ""
    detail: str = ""  # why a file was rejected (English, as the command line says it)
    twin: str = ""  # same_plan: the indexed file this upload is another copy of
    twin_title: str = ""

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
        return _link_free(tmp, corpus_dir, name, data, taken)
    finally:
        tmp.unlink(missing_ok=True)


def _link_free(src: Path, corpus_dir: Path, name: str, data: bytes, taken: set[str]) -> Path:
    """Link `src` to the first free one of name, name-2, name-3 … in `corpus_dir`."""
    for _ in range(1000):
        target = _free_path(corpus_dir, name, taken)
        try:
            _claim(src, target, data)
            return target
        except FileExistsError:
            taken.add(target.name.lower())
    raise OSError(f"no free name for {name}")


def save_one(name: str, data: bytes, corpus_dir: Path, max_bytes: int, known: dict[str, str],
             taken: set[str]) -> UploadResult:
    """Save one uploaded file into `corpus_dir` (the corpus, or the quarantine folder);
    `known` (sha256 -> name) learns the saved file's content."""
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
    return UploadResult(name, "saved", saved_as=path.name, message=f"Đã lưu{renamed}.", sha256=sha)


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


# ---------------------------------------------------------------- quarantine

QUARANTINE = "quarantine"  # folders of the index folder, not of the corpus: a build never sees them
REJECTED = "rejected"
REMOVED = "removed"
PENDING = "pending"  # quarantine/pending/: read, the same plan as an indexed one, awaiting the official


def admit_uploads(files: list[tuple[str, bytes]], corpus_dir: Path, index_dir: Path, max_bytes: int | None = None,
                  known: dict[str, str] | None = None, user: str = "", read=None,
                  vi_reason=None, progress=None, indexed=None) -> list[UploadResult]:
    """Quarantine, read within bounds, then move into the corpus or the rejected folder; one
    result per file, in order. Every file admitted or rejected is written to the audit log.
    `vi_reason` turns a reader's English reason into Vietnamese (the page's own table);
    `progress(name, done, total, message)` hears long reads (OCR pages). With `indexed` (the
    live index's DocRecords), a file that is the same plan as one of them is not moved in: it
    waits in quarantine/pending/ (status "same_plan") for `decide_pending`."""
    from . import audit, sandbox, store
    from .failures import vi_read_reason

    corpus_dir, index_dir = Path(corpus_dir), Path(index_dir)
    quarantine = index_dir / QUARANTINE
    quarantine.mkdir(parents=True, exist_ok=True)
    clear_stale(quarantine, 2 * sandbox.read_timeout())
    max_bytes = max_upload_bytes() if max_bytes is None else max_bytes
    seen = {**(known or {}), **corpus_hashes(corpus_dir)}
    read = read or sandbox.read_plan_bounded
    cache = store.cache_dir(index_dir)
    results = []
    for name, data in files:
        r = save_one(name, data, quarantine, max_bytes, seen, set())
        if r.saved:
            heard = (lambda d, t, m, _n=r.name: progress(_n, d, t, m)) if progress else None
            r = _admit(r, quarantine / r.saved_as, corpus_dir, index_dir, cache, read, vi_reason or vi_read_reason,
                       heard, indexed)
            seen[r.sha256] = r.saved_as
            action = {"saved": "upload", "same_plan": "upload held (same plan)"}.get(r.status, "upload rejected")
            audit.record(index_dir, user, action, r.saved_as or r.name, r.sha256, r.detail or r.twin)
        results.append(r)
    return results


def clear_stale(quarantine: Path, older_than_s: float) -> None:
    """Files a server that died mid-read left in quarantine (no read lasts this long)."""
    now = time.time()
    for path in quarantine.iterdir():
        try:
            if path.is_file() and now - path.stat().st_mtime > older_than_s:
                path.unlink()
        except OSError:
            continue


def _admit(r: UploadResult, held: Path, corpus_dir: Path, index_dir: Path, cache: Path, read,
           vi_reason, progress=None, indexed=None) -> UploadResult:
    from .loading import LoadError

    try:
        doc, passages, _ = read(held, r.sha256, cache, progress)
        if not passages:
            raise LoadError("the file holds no text")
    except BaseException as exc:
        if not isinstance(exc, LoadError):  # cancelled, or the page rerun: nothing stays in quarantine
            held.unlink(missing_ok=True)
            raise
        where = reject(held, index_dir, str(exc))
        return UploadResult(r.name, "rejected", saved_as="", sha256=r.sha256, detail=str(exc),
                            message=f"{vi_reason(str(exc))}. Tệp chưa được thêm "
                                    f"(để riêng ở {REJECTED}/{where.name} trong thư mục chỉ mục).")
    twin = _twin(indexed, doc)
    if twin is not None:
        return hold(r, held, index_dir, twin)
    final = move_in(held, corpus_dir, r.saved_as)
    renamed = "" if final.name == r.name else f" (lưu với tên {final.name})"
    return UploadResult(r.name, "saved", saved_as=final.name, sha256=r.sha256, message=f"Đã lưu{renamed}.")


def move_in(held: Path, corpus_dir: Path, name: str) -> Path:
    """Give the quarantined file a free name in the corpus (never over a file), then drop it."""
    try:
        return _link_free(held, corpus_dir, name, held.read_bytes(), set())
    finally:
        held.unlink(missing_ok=True)


def reject(held: Path, index_dir: Path, reason: str) -> Path:
    """Move a file that could not be read out of the way, its reason beside it."""
    folder = index_dir / REJECTED
    folder.mkdir(parents=True, exist_ok=True)
    where = folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(3)}-{held.name}"
    os.replace(held, where)
    where.with_name(where.name + ".reason.txt").write_text(reason + "\n", encoding="utf-8")
    return where


def upload_outcome(r: UploadResult, built: bool, live_files: dict[str, str]) -> tuple[str, str]:
    """(level, Vietnamese line) for one upload once the page's build ran. `live_files` is the
    live index's manifest (name -> sha256). The file is never removed here: it was read in
    quarantine, and a build that did not index it (another build did first, or is running)
    leaves it for the next one."""
    if not r.saved:
        return ("warning" if r.status == "duplicate" else "error"), f"{r.name}: {r.message}"
    renamed = f" với tên {r.saved_as}" if r.saved_as != r.name else ""
    if live_files.get(r.saved_as) == r.sha256:
        return "success", f"{r.name}: đã thêm vào chỉ mục{renamed}."
    if not built:
        return "warning", (f"{r.name}: đã lưu{renamed} nhưng chưa lập chỉ mục (đang có lần lập chỉ mục khác); "
                           "bấm «Quét lại thư mục kế hoạch» sau.")
    return "warning", f"{r.name}: đã lưu{renamed}; sẽ có trong chỉ mục sau lần quét tới."


def admit_as(user, files: list[tuple[str, bytes]], corpus_dir: Path, index_dir: Path, **kwargs) -> list[UploadResult]:
    """admit_uploads for a signed-in user (None: the operator on 127.0.0.1, no accounts):
    a reader's files are refused, not saved."""
    if user is not None and not user.can("upload"):
        return [UploadResult(name, "forbidden", message="Tài khoản của bạn chỉ được hỏi; chỉ người biên tập "
                                                        "được thêm kế hoạch.") for name, _ in files]
    return admit_uploads(files, corpus_dir, index_dir, user=user.name if user else "", **kwargs)


def remove_plan(user, corpus_dir: Path, index_dir: Path, name: str) -> str:
    """Take a plan out of the corpus (kept in INDEX/removed/, not deleted) and audit it; the
    next build drops it from the index. Returns the file's content hash."""
    from . import audit
    from .indexing import sha256_file

    if user is not None and not user.can("remove"):
        raise PermissionError("only an editor removes plans")
    path = Path(corpus_dir) / Path(name).name
    sha = sha256_file(path)
    _park_removed(path, index_dir)
    audit.record(index_dir, user.name if user else "", "remove", path.name, sha)
    return sha


def replace_plan(user, corpus_dir: Path, index_dir: Path, name: str, data: bytes, read=None) -> UploadResult:
    """Give a plan of the corpus new content: read in quarantine first, the old file kept in
    INDEX/removed/, the new one put in its place in one rename; audited."""
    from . import audit, sandbox, store

    if user is not None and not user.can("replace"):
        raise PermissionError("only an editor replaces plans")
    corpus_dir, index_dir = Path(corpus_dir), Path(index_dir)
    old = corpus_dir / Path(name).name
    quarantine = index_dir / QUARANTINE
    quarantine.mkdir(parents=True, exist_ok=True)
    r = save_one(old.name, data, quarantine, max_upload_bytes(), {}, set())
    if not r.saved:
        return r
    held = quarantine / r.saved_as
    from .loading import LoadError
    try:
        (read or sandbox.read_plan_bounded)(held, r.sha256, store.cache_dir(index_dir))
    except LoadError as exc:
        reject(held, index_dir, str(exc))
        audit.record(index_dir, user.name if user else "", "upload rejected", old.name, r.sha256, str(exc))
        return UploadResult(old.name, "rejected", sha256=r.sha256, detail=str(exc), message=str(exc))
    folder = index_dir / REMOVED
    folder.mkdir(parents=True, exist_ok=True)
    if old.exists():
        shutil.copy2(old, folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(3)}-{old.name}")
    staged = corpus_dir / f".replace-{secrets.token_hex(6)}"
    shutil.move(str(held), staged)  # same folder as the plan: the rename below is atomic
    os.replace(staged, old)
    audit.record(index_dir, user.name if user else "", "replace", old.name, r.sha256)
    return UploadResult(old.name, "saved", saved_as=old.name, sha256=r.sha256, message="Đã thay thế.")


# ---------------------------------------------------------------- the same plan again

def _twin(indexed, doc):
    """The indexed plan the quarantined file is another copy of; the doc read in quarantine
    is compared, so the file is not read twice. Its source is its quarantine name, so an
    upload named like the indexed file (a.txt again, edited) is still compared."""
    from dataclasses import replace

    from .identity import same_plan

    if not indexed or doc is None:
        return None
    return same_plan(list(indexed), replace(doc, source=f"{QUARANTINE}/{doc.source}"))


def hold(r: UploadResult, held: Path, index_dir: Path, twin) -> UploadResult:
    """Park a read upload in quarantine/pending/ (kept until decided: stale clearing skips
    folders) with what the page needs to ask, beside it as JSON."""
    import json

    folder = Path(index_dir) / QUARANTINE / PENDING
    folder.mkdir(parents=True, exist_ok=True)
    where = folder / f"{secrets.token_hex(4)}-{held.name}"
    os.replace(held, where)
    out = UploadResult(r.name, "same_plan", saved_as=where.name, sha256=r.sha256, twin=twin.source,
                       twin_title=twin.title or "",
                       message=f"cùng kế hoạch với «{twin.title or twin.source}» ({twin.source}).")
    where.with_name(where.name + ".json").write_text(json.dumps(out.__dict__, ensure_ascii=False), encoding="utf-8")
    return out


def pending(index_dir: Path) -> list[UploadResult]:
    """Uploads waiting for «Thay thế / Giữ cả hai / Huỷ», oldest first (they survive reruns
    and reloads: the folder, not the session, holds them)."""
    import json

    folder = Path(index_dir) / QUARANTINE / PENDING
    out = []
    for meta in sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime) if folder.is_dir() else []:
        try:
            r = UploadResult(**json.loads(meta.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            continue
        if (folder / r.saved_as).is_file():
            out.append(r)
    return out


def decide_pending(user, corpus_dir: Path, index_dir: Path, held_name: str, choice: str) -> UploadResult:
    """The official's answer for a pending upload: "replace" (the indexed copy goes to
    INDEX/removed/, the upload comes in under its own name), "keep" (it comes in; the build
    indexes the plan once and says so) or "drop" (deleted, nothing saved). Audited."""
    from . import audit

    if user is not None and not user.can("replace" if choice == "replace" else "upload"):
        raise PermissionError("only an editor adds or replaces plans")
    corpus_dir, index_dir = Path(corpus_dir), Path(index_dir)
    folder = index_dir / QUARANTINE / PENDING
    r = next((p for p in pending(index_dir) if p.saved_as == Path(held_name).name), None)
    if r is None:
        raise FileNotFoundError(held_name)
    held, meta = folder / r.saved_as, folder / (r.saved_as + ".json")
    who = user.name if user else ""
    if choice == "drop":
        held.unlink(missing_ok=True)
        meta.unlink(missing_ok=True)
        audit.record(index_dir, who, "upload dropped", r.name, r.sha256, f"same plan as {r.twin}")
        return UploadResult(r.name, "dropped", sha256=r.sha256, message="Đã huỷ, không lưu tệp.")
    if choice == "replace":
        _park_removed(corpus_dir / r.twin, index_dir)
    final = move_in(held, corpus_dir, safe_name(r.name) or held.name)
    meta.unlink(missing_ok=True)
    action, said = ("replace", f"replaces {r.twin}") if choice == "replace" else ("upload", f"same plan as {r.twin}")
    audit.record(index_dir, who, action, final.name, r.sha256, said)
    return UploadResult(r.name, "saved", saved_as=final.name, sha256=r.sha256, twin=r.twin, twin_title=r.twin_title,
                        message="Đã thay thế." if choice == "replace" else "Đã lưu.")


def _park_removed(path: Path, index_dir: Path) -> None:
    """Move a plan out of the corpus into INDEX/removed/ (kept, not deleted)."""
    if not path.is_file():
        return
    folder = Path(index_dir) / REMOVED
    folder.mkdir(parents=True, exist_ok=True)
    os.replace(path, folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(3)}-{path.name}")
