"""OCR of scanned PDF pages with Tesseract (Vietnamese), cached by file content.

Pages are rendered with pypdfium2 at 300 dpi and read with `tesseract -l vie`. The result
is kept as words with their boxes in PDF points, so the PDF reader can lay out OCR text
exactly as it lays out a text layer. OCR costs seconds per page, so results are cached
as JSON under `cache_dir`, keyed by the SHA-256 of the file's bytes and saved after each
page: a re-read, or a read resumed after an interruption, does not OCR a page twice.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import unicodedata
from pathlib import Path
from typing import NamedTuple

from .loading import LoadError, Progress

LANG = "vie"
DPI = 300
CACHE_VERSION = 1
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"


class OcrWord(NamedTuple):
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    conf: float


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def workers() -> int:
    """Pages read at once: one Tesseract process per core (ASSISTANT_OCR_WORKERS overrides)."""
    try:
        return max(1, int(os.environ.get("ASSISTANT_OCR_WORKERS", "0"))) \
            if os.environ.get("ASSISTANT_OCR_WORKERS") else max(1, os.cpu_count() or 1)
    except ValueError:
        return max(1, os.cpu_count() or 1)


def ocr_pages(pdf, indexes: list[int], digest: str, cache_dir: Path | None = None,
              progress: Progress | None = None) -> dict[int, list[OcrWord]]:
    """OCR the given 0-based pages of an open pypdfium2 document, using the cache first.

    Pages are rendered here one by one (pdfium is not thread-safe) and read by a pool of
    Tesseract processes, one per core, each on one thread (OMP_THREAD_LIMIT=1: Tesseract's own
    threads only fight each other when every core already runs a page). Progress is heard
    per page as each one finishes; the cache is saved after each page."""
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    cache = load_cache(cache_dir, digest)
    todo = [i for i in indexes if str(i) not in cache]
    done = 0

    def finished(index: int, note: str = "") -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, len(indexes), f"OCR page {index + 1} of {len(pdf)}{note}")

    for index in indexes:
        if str(index) in cache:
            finished(index, " (cached)")
    if not todo:
        return _words(cache, indexes)
    ensure_tesseract()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    n = min(workers(), len(todo))
    with ThreadPoolExecutor(max_workers=n) as pool:
        pending: dict = {}
        for i in todo + [None]:
            if i is not None:  # rendered images wait in memory: keep only a few ahead of the pool
                pending[pool.submit(read_image, render(pdf[i]), i)] = i
            while pending and (len(pending) > n or i is None):
                ready, _ = wait(pending, return_when=FIRST_COMPLETED)
                for job in ready:
                    index = pending.pop(job)
                    cache[str(index)] = job.result()
                    save_cache(cache_dir, digest, cache)
                    finished(index)
    return _words(cache, indexes)


def _words(cache: dict[str, list], indexes: list[int]) -> dict[int, list[OcrWord]]:
    return {i: [OcrWord(*word) for word in cache[str(i)]] for i in indexes}


def ensure_tesseract() -> None:
    """Fail early, with the install command, when Tesseract or its Vietnamese data is missing."""
    import pytesseract

    try:
        languages = pytesseract.get_languages(config="")
    except (pytesseract.TesseractNotFoundError, OSError):
        raise LoadError(f"this PDF is scanned and needs OCR, but Tesseract is not installed; run: {INSTALL_HINT}") from None
    if LANG not in languages:
        raise LoadError(f"Tesseract has no Vietnamese language data for this scanned PDF; run: {INSTALL_HINT}")


def ocr_page(page, index: int) -> list[list]:
    """Words of one page as [text, x0, top, x1, bottom, confidence], boxes in PDF points."""
    return read_image(render(page), index)


def render(page):
    return page.render(scale=DPI / 72, grayscale=True).to_pil()


def read_image(image, index: int) -> list[list]:
    """Tesseract's words of a rendered page (runs in a pool thread: Tesseract is its own process)."""
    import pytesseract

    scale = DPI / 72
    try:
        data = pytesseract.image_to_data(image, lang=LANG, output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError as exc:
        raise LoadError(f"OCR failed on page {index + 1}: {str(exc).strip()[:120]}") from None
    words = []
    for text, conf, left, top, width, height in zip(
            data["text"], data["conf"], data["left"], data["top"], data["width"], data["height"]):
        text = unicodedata.normalize("NFC", (text or "").strip())
        if not text:
            continue
        words.append([text, left / scale, top / scale, (left + width) / scale, (top + height) / scale, float(conf)])
    return words


# ---------------------------------------------------------------- cache


def cache_path(cache_dir: Path, digest: str) -> Path:
    return Path(cache_dir) / f"ocr-{digest}.json"


def load_cache(cache_dir: Path | None, digest: str) -> dict[str, list]:
    """Cached pages for this file, or {} when absent, unreadable or made with other settings."""
    if cache_dir is None:
        return {}
    try:
        stored = json.loads(cache_path(cache_dir, digest).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(stored, dict) or stored.get("settings") != _settings():
        return {}
    pages = stored.get("pages")
    return pages if isinstance(pages, dict) else {}


def save_cache(cache_dir: Path | None, digest: str, pages: dict[str, list]) -> None:
    """Write beside the target and swap it in, so a crash never leaves half a cache file."""
    if cache_dir is None:
        return
    target = cache_path(cache_dir, digest)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps({"settings": _settings(), "pages": pages}, ensure_ascii=False)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".ocr-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(payload)
        os.replace(tmp, target)
    except OSError:
        Path(tmp).unlink(missing_ok=True)  # a cache we cannot write only costs time


def _settings() -> dict:
    return {"version": CACHE_VERSION, "lang": LANG, "dpi": DPI}
