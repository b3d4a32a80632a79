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
