"""Reading one plan file in a child process with a memory limit and a timeout.

A reader can be made to loop or to allocate gigabytes by a file that passes every check of
`limits` (a deeply nested table, a PDF content stream that draws one glyph a million times).
So the file is read in a child process whose address space is capped (RLIMIT_AS) and which is
killed when it runs too long or the build is cancelled: a hostile file costs one bounded
failure, reported like any unreadable file, and the build lock is never held for long.

Children come from a forkserver that imported the readers once, so each file costs a fork,
not a fresh interpreter. Settings: ASSISTANT_READ_TIMEOUT_S (600), ASSISTANT_READ_MEMORY_MB
(1024: address space the child may add to what the readers' imports already take).
"""
from __future__ import annotations

import json
import multiprocessing
import os
import resource
import signal
import sys
import threading
import time
import types
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable

from . import limits as limits_mod
from .loading import LoadError

MB = 1024 * 1024
DEFAULT_TIMEOUT_S = 600.0
DEFAULT_MEMORY_MB = 1024
POLL_S = 0.1
_CANCELS: dict[int, threading.Event] = {}  # thread id -> the cancel switch of the build it runs
_START_LOCK = threading.Lock()


class BuildCancelled(BaseException):
    """The build was cancelled (Ctrl-C, the page's cancel button). A BaseException, so the
    per-file `except Exception` of the build does not swallow it: nothing is written, the lock
    is released and the previous index stays live."""


# ---------------------------------------------------------------- settings

def _env_number(key: str, default: float) -> float:
    try:
        value = float(os.environ.get(key, default))
    except ValueError:
        return default
    return value if value > 0 else default


def read_timeout() -> float:
    return _env_number("ASSISTANT_READ_TIMEOUT_S", DEFAULT_TIMEOUT_S)


def read_memory() -> int:
    return int(_env_number("ASSISTANT_READ_MEMORY_MB", DEFAULT_MEMORY_MB) * MB)


# ---------------------------------------------------------------- cancelling

@contextmanager
def cancellable():
    """Give the build run inside this block (same thread) a cancel switch; set it from any
    thread to stop the build before its next file, or while a file is being read."""
    event = threading.Event()
    me = threading.get_ident()
    _CANCELS[me] = event
    try:
        yield event
    finally:
        _CANCELS.pop(me, None)


def _cancel_event() -> threading.Event | None:
    return _CANCELS.get(threading.get_ident())


# ---------------------------------------------------------------- the child process

_CONTEXT = None


def _context():
    """A forkserver that has imported the readers (fork is unsafe in a threaded server)."""
    global _CONTEXT
    if _CONTEXT is None:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["assistant.sandbox", "assistant.indexing", "assistant.pdf_reader",
                                    "assistant.docx_reader"])
        _quiet_forkserver()
        _CONTEXT = ctx
    return _CONTEXT


def _quiet_forkserver() -> None:
    """Start the forkserver with its standard error on /dev/null. A build cut off by Ctrl-C can
    leave it a half-opened request, and it would print its own traceback under the build's
    one-sentence message; the children it forks report through their pipe, not stderr."""
    from multiprocessing import forkserver

    saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        forkserver.ensure_running()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


@contextmanager
def _without_main():
    """A child would import the parent's __main__ again, as multiprocessing does; under
    Streamlit that module is the page script itself, which would then run inside the child.
    The reader needs nothing from it, so the child is started with an empty __main__."""
    with _START_LOCK:
        saved = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            sys.modules["__main__"] = saved


def _address_space() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _child(conn, memory: int, fn: Callable, args: tuple) -> None:
    # Ctrl-C is the parent's to handle (it stops this child); a child that took it too would
    # print its own traceback while the parent says the build was cancelled
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limit = _address_space() + memory
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        outcome = ("ok", fn(*args, lambda *msg: _send(conn, ("progress", msg))))
    except LoadError as exc:
        outcome = ("refused", str(exc))
    except MemoryError:
        outcome = ("memory", "")
    except Exception as exc:  # a reader's own bug on a strange file: one line, not a traceback
        outcome = ("error", f"{type(exc).__name__}: {exc}"[:200])
    _send(conn, outcome)
    conn.close()


def _send(conn, message) -> None:
    try:
        conn.send(message)
    except OSError:  # the parent stopped listening (cancelled, Ctrl-C) and will stop this child
        pass


def run_bounded(fn: Callable, args: tuple, timeout: float, memory: int,
                on_progress: Callable[..., None] | None = None) -> Any:
    """fn(*args, send_progress) in a child; its result, or LoadError saying which bound it hit.
    The child is killed on timeout, on cancel, and on any exception here (Ctrl-C, a rerun of
    the page), so it never outlives the build that started it."""
    ctx = _context()
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(send, memory, fn, args), daemon=True)
    with _without_main():
        child.start()
    send.close()
    try:
        kind, payload = _wait(receive, child, timeout, on_progress)
        return _outcome(kind, payload, memory)
    finally:
        _stop(child)
        receive.close()


def _wait(receive, child, timeout: float, on_progress) -> tuple[str, Any]:
    """The child's last message, its progress relayed meanwhile; raises on cancel, on timeout
    and when the child dies without a word (killed by the kernel, a crash in C code)."""
    deadline = time.monotonic() + timeout
    cancel = _cancel_event()
    while True:
        if cancel is not None and cancel.is_set():
            raise BuildCancelled()
        if receive.poll(POLL_S):
            try:
                kind, payload = receive.recv()
            except EOFError:
                raise _died(child) from None
            if kind != "progress":
                return kind, payload
            if on_progress:
                on_progress(*payload)
        elif time.monotonic() > deadline:
            raise LoadError(f"reading took longer than the limit of {timeout:g} s (a damaged or hostile file)")
        elif not child.is_alive() and not receive.poll(0):
            raise _died(child)


def _died(child) -> LoadError:
    child.join(5)
    return LoadError(f"the reader stopped unexpectedly (exit code {child.exitcode}); "
                     "the file may be damaged or hostile")


def _outcome(kind: str, payload, memory: int):
    if kind == "ok":
        return payload
    if kind == "refused":
        raise LoadError(payload)
    if kind == "memory":
        raise LoadError(f"reading needs more than the limit of {memory // MB} MB of memory (a damaged or hostile file)")
    raise LoadError(f"unreadable: {payload}")


def _stop(child) -> None:
    if child.is_alive():
        child.kill()
    child.join(5)


# ---------------------------------------------------------------- reading a plan

def _read_plan(path: Path, sha: str, cache: Path, lim: limits_mod.Limits, send_progress):
    from .indexing import read_plan

    limits_mod.check_file(path, lim)
    doc, passages, text = read_plan(path, sha, cache, send_progress)
    limits_mod.check_yield(text, len(passages), lim)
    return doc, passages, text


def read_plan_bounded(path: Path, sha: str, cache: Path, progress=None):
    """indexing.read_plan within the limits: (DocRecord, passages, text) or LoadError.
    A file that ran out of time or memory is remembered by content hash (under the same
    settings), so the next build refuses it at once instead of spending the limit again."""
    cancel = _cancel_event()
    if cancel is not None and cancel.is_set():
        raise BuildCancelled()
    lim, timeout, memory = limits_mod.limits_from_env(), read_timeout(), read_memory()
    memo = Path(cache) / f"refused-{sha}.json"
    settings = [repr(lim), timeout, memory]
    before = _remembered(memo, settings)
    if before:
        raise LoadError(before)
    try:
        return run_bounded(_read_plan, (Path(path), sha, Path(cache), lim), timeout, memory, progress)
    except LoadError as exc:
        if str(exc).startswith(COSTLY):
            _remember(memo, settings, str(exc))
        raise


COSTLY = ("reading took longer", "reading needs more", "the reader stopped unexpectedly")


def _remembered(memo: Path, settings: list) -> str:
    try:
        data = json.loads(memo.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    return str(data.get("reason", "")) if data.get("settings") == settings else ""


def _remember(memo: Path, settings: list, reason: str) -> None:
    try:
        memo.write_text(json.dumps({"settings": settings, "reason": reason}), encoding="utf-8")
    except OSError:
        pass  # only a shortcut for the next build
