"""A failed build said in one sentence: what failed, and that the previous index still answers.

The command line speaks English, the page Vietnamese. Whatever went wrong (a full disk, a
folder without permission, Ctrl-C, another build holding the lock) the live index was not
touched: a build only swaps its result in once it is completely written.
"""
from __future__ import annotations

import errno

from . import store
from .sandbox import BuildCancelled

STILL_EN = "nothing was added or removed and the previous index still answers"
STILL_VI = "chưa thêm hay bỏ tệp nào, chỉ mục trước vẫn đang trả lời"
NONE_EN = "there is no index yet"
NONE_VI = "chưa có chỉ mục nào"


def _disk_full(exc: BaseException) -> bool:
    return (getattr(exc, "disk_full", False) or getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT)
            or "No space left" in str(exc))


def _what(exc: BaseException) -> tuple[str, str]:
    """(English, Vietnamese) for what failed."""
    if isinstance(exc, (KeyboardInterrupt, BuildCancelled)):
        return "the build was cancelled", "Đã dừng lập chỉ mục"
    if isinstance(exc, store.BuildLocked):
        return "another build is running", "Một lần lập chỉ mục khác đang chạy; hãy thử lại khi nó xong"
    if _disk_full(exc):
        return ("the new index could not be written because the disk is full",
                "Không ghi được chỉ mục mới vì ổ đĩa đã đầy")
    if isinstance(exc, MemoryError):
        return "the build ran out of memory", "Lập chỉ mục bị thiếu bộ nhớ"
    if isinstance(exc, PermissionError):
        return ("the index folder cannot be written (no permission)",
                "Không ghi được vào thư mục chỉ mục (không có quyền)")
    detail = getattr(exc, "strerror", None) or str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
    if isinstance(exc, store.WriteFailed):
        return "the new index could not be written", f"Không ghi được chỉ mục mới ({detail})"
    return f"the index could not be built ({detail})", f"Không lập được chỉ mục ({detail})"


def build_failure(exc: BaseException, previous: bool = True) -> str:
    """One English sentence for the command line."""
    what, _ = _what(exc)
    if isinstance(exc, store.WriteFailed) and not exc.disk_full:
        what = str(exc).split(";")[0]
    return f"{what}; {STILL_EN if previous else NONE_EN}."


def build_failure_vi(exc: BaseException, previous: bool = True) -> str:
    """One Vietnamese sentence for the page."""
    _, what = _what(exc)
    return f"{what}; {STILL_VI if previous else NONE_VI}."


# A file refused by the reading limits (`limits`, `sandbox`): the English reason's start -> Vietnamese.
LIMIT_REASONS = (
    ("the Word file holds", "tệp Word có quá nhiều phần (tệp hỏng hoặc độc hại)"),
    ("the Word file unpacks to", "tệp Word bung ra quá lớn so với giới hạn (tệp hỏng hoặc độc hại)"),
    ("the Word file's part", "tệp Word bung ra quá lớn so với giới hạn (tệp hỏng hoặc độc hại)"),
    ("the PDF has", "PDF có quá nhiều trang so với giới hạn"),
    ("the PDF's page", "trang PDF quá khổ so với giới hạn (tệp hỏng hoặc độc hại)"),
    ("the file yields", "tệp sinh ra quá nhiều chữ hoặc đoạn so với giới hạn"),
    ("reading took longer than", "đọc tệp quá thời gian cho phép (tệp hỏng hoặc độc hại)"),
    ("reading needs more than", "đọc tệp cần quá nhiều bộ nhớ (tệp hỏng hoặc độc hại)"),
    ("the reader stopped unexpectedly", "trình đọc tệp dừng bất thường (tệp có thể bị hỏng)"),
)


def vi_read_reason(detail: str) -> str:
    """Why a file could not be read, in Vietnamese (the English kept when not known here)."""
    for prefix, reason in LIMIT_REASONS:
        if detail.startswith(prefix):
            return reason
    return f"không đọc được tệp ({detail})" if detail else "không đọc được tệp"
