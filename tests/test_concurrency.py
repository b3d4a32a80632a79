"""Builds that die, builds that collide, questions asked while a build runs.

A real `assistant index` is started in a subprocess on a corpus of many copies of the plans
(slow enough to be caught in each phase) and killed with SIGKILL; the previous index must keep
answering, and the next build must succeed and leave no leftovers. Every step of the swap is
also crashed in-process, deterministically."""
from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from assistant import store
from assistant.answering import answer_question
from assistant.cli import main
from assistant.indexing import build_index
from assistant.retrieval import LiveIndex, open_index

from conftest import CORPUS, REPO

QUESTION = "Tỷ lệ hộ nghèo năm 2024 của phường Thọ Xương"
FIGURE = "0,5%"
COPIES = 8  # 5 plans + 40 copies: a build of a few seconds
ENV = {**os.environ, "ASSISTANT_EMBED_MODEL": "hashing", "PYTHONPATH": str(REPO)}


def copies_of_the_plans(folder: Path, copies: int) -> Path:
    """The five plans and `copies` copies of each, every copy a different plan (its own title,
    so each is read and embedded, not recognised as the same plan in another file)."""
    for plan in sorted(CORPUS.iterdir()):
        text = plan.read_text(encoding="utf-8")
        (folder / plan.name).write_text(text, encoding="utf-8")
        for i in range(copies):
            retitled = text.replace("KẾ HOẠCH", f"KẾ HOẠCH BẢN {i}", 1).replace("BÁO CÁO", f"BÁO CÁO BẢN {i}", 1)
            (folder / f"{plan.stem}_copy{i}.txt").write_text(f"{retitled}\nBản sao số {i}.\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    return copies_of_the_plans(tmp_path_factory.mktemp("big"), COPIES)


@pytest.fixture(scope="module")
def medium_corpus(tmp_path_factory) -> Path:
    return copies_of_the_plans(tmp_path_factory.mktemp("medium"), 2)


@pytest.fixture()
def small_corpus(tmp_path) -> Path:
    dest = tmp_path / "corpus"
    shutil.copytree(CORPUS, dest)
    return dest


class Build:
    """`assistant index` running in a subprocess, its output collected line by line."""
    running: list[Build] = []

    def __init__(self, corpus: Path, index_dir: Path, *args: str):
        self.index_dir = index_dir
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "index", "--corpus", str(corpus), "--index", str(index_dir), *args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=ENV)
        Build.running.append(self)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def files_done(self) -> int:
        return sum(1 for line in self.lines if line.startswith(("indexed", "unchanged", "skipped")))

    def wait_until(self, condition, what: str, timeout: float = 120) -> None:
        """Poll every millisecond; fail if the build ends first (the phase was missed)."""
        deadline = time.monotonic() + timeout
        while not condition():
            assert self.proc.poll() is None, f"the build ended before {what}:\n" + "\n".join(self.lines[-5:])
            assert time.monotonic() < deadline, f"timed out waiting for {what}"
            time.sleep(0.001)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.finish()

    def finish(self) -> int:
        code = self.proc.wait(timeout=300)
        self._reader.join(timeout=10)
        return code


@pytest.fixture(autouse=True)
def no_build_left_running():
    """A failing test must not leave its build running."""
    yield
    while Build.running:
        build = Build.running.pop()
        if build.proc.poll() is None:
            build.kill()


def temp_builds(index_dir: Path) -> list[str]:
    builds = index_dir / "builds"
    return [p.name for p in builds.iterdir() if p.name.startswith(".tmp-")] if builds.exists() else []


def assert_answers(index_dir: Path, encoder, build_id: str) -> None:
    """The index at `build_id` is the live one and gives the right figure."""
    assert store.build_id(index_dir) == build_id
    index = open_index(index_dir, encoder)
    assert index.build_id == build_id
    answer = answer_question(index, encoder, QUESTION)
    assert FIGURE in answer.text, answer.text


def assert_clean(index_dir: Path) -> None:
    """The live build and at most one previous one to fall back on; no temporary folder, no
    stray link; the lock is free."""
    live = store.current_build(index_dir)
    others = [p for p in (index_dir / "builds").iterdir() if p != live]
    assert live.is_dir() and len(others) <= 1 and all((p / "manifest.json").exists() for p in others), others
    assert not list(index_dir.glob(".current-*"))
    with store.build_lock(index_dir):
        pass


# ------------------------------------------------------------------ killed builds

PHASES = {
    "reading": lambda b, n: b.files_done() >= 10,  # plans being read and chunked
    "embedding": lambda b, n: b.files_done() == n,  # every plan read: passages embedded, BM25 built
    "writing": lambda b, n: bool(temp_builds(b.index_dir)),  # the new build half-written beside the live one
}


@pytest.mark.parametrize("phase", PHASES)
def test_a_build_killed_midway_leaves_the_previous_index_answering(phase, big_corpus, small_corpus, tmp_path, encoder):
    index_dir = tmp_path / "index"
    build_index(small_corpus, index_dir, encoder)
    previous = store.build_id(index_dir)
    n_files = len(list(big_corpus.iterdir()))

    build = Build(big_corpus, index_dir, "--rebuild")
    build.wait_until(lambda: PHASES[phase](build, n_files), f"the {phase} phase")
    build.kill()

    assert build.proc.returncode == -signal.SIGKILL
    if phase == "writing":
        assert temp_builds(index_dir), "the kill was meant to land while the new build was being written"
    assert_answers(index_dir, encoder, previous)
    assert LiveIndex(index_dir, encoder).get().build_id == previous

    after = Build(small_corpus, index_dir)
    assert after.finish() == 0, "\n".join(after.lines)
    assert all(line.startswith("unchanged") for line in after.lines[:5]), after.lines
    assert store.build_id(index_dir) == previous  # nothing changed: the live build stays
    assert_answers(index_dir, encoder, previous)
    assert_clean(index_dir)


class Crash(BaseException):
    """Stands for the process dying: not an Exception, so no `except Exception` in the package
    swallows it (clean-up handlers still run, which SIGKILL would not let them)."""


def _crash_on_call(monkeypatch, owner, name: str, call: int) -> None:
    real = getattr(owner, name)
    calls = []

    def wrapper(*args, **kwargs):
        calls.append(args)
        if len(calls) == call:
            raise Crash(name)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, wrapper)


# Each step of store.write_build, crashed just before it runs.
STEPS = {
    "before docs.json": (store, "_write_json", 1),
    "before manifest.json": (store, "_write_json", 2),
    "before fsync": (store, "_fsync_tree", 1),
    "before the new link": (os, "symlink", 1),
    "before the swap": (os, "replace", 2),
    "before pruning": (store, "prune_builds", 1),
}


@pytest.mark.parametrize("step", STEPS)
def test_a_crash_at_each_step_of_the_swap(step, small_corpus, tmp_path, encoder, monkeypatch):
    index_dir = tmp_path / "index"
    build_index(small_corpus, index_dir, encoder)
    previous = store.build_id(index_dir)
    (small_corpus / "004_164104ac10e67ad6.txt").unlink()  # the new build differs from the live one

    with monkeypatch.context() as patch:
        _crash_on_call(patch, *STEPS[step])
        with pytest.raises(Crash):
            build_index(small_corpus, index_dir, encoder, rebuild=True)

    live = store.build_id(index_dir)
    if step == "before pruning":
        assert live != previous  # the swap was done: the new build answers
    else:
        assert live == previous
    assert_answers(index_dir, encoder, live)
    report = build_index(small_corpus, index_dir, encoder)
    assert not report.skipped
    assert_answers(index_dir, encoder, store.build_id(index_dir))
    assert_clean(index_dir)
    assert len(open_index(index_dir, encoder).docs) == 4


def test_a_build_that_cannot_write_leaves_the_previous_index_and_no_leftovers(small_corpus, tmp_path, encoder,
                                                                               monkeypatch, capsys):
    """The disk fills up while the new build is written: the command says so, the previous
    build keeps answering, and the half-written folder does not stay to fill the disk further."""
    index_dir = tmp_path / "index"
    build_index(small_corpus, index_dir, encoder)
    previous = store.build_id(index_dir)
    monkeypatch.setenv("ASSISTANT_EMBED_MODEL", "hashing")

    def disk_full(root):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(store, "_fsync_tree", disk_full)
        assert main(["index", "--corpus", str(small_corpus), "--index", str(index_dir), "--rebuild"]) == 1
    assert "the disk is full; nothing was added or removed and the previous index still answers" in capsys.readouterr().err
    assert temp_builds(index_dir) == []
    assert_answers(index_dir, encoder, previous)
    assert main(["index", "--corpus", str(small_corpus), "--index", str(index_dir)]) == 0
    assert_clean(index_dir)


# ------------------------------------------------------------------ colliding builds


def test_a_second_build_is_refused_while_one_runs(big_corpus, small_corpus, tmp_path, encoder):
    index_dir = tmp_path / "index"
    build_index(small_corpus, index_dir, encoder)
    previous = store.build_id(index_dir)
    first = Build(big_corpus, index_dir, "--rebuild")
    first.wait_until(lambda: first.files_done() >= 1, "the first build started reading")

    second = subprocess.run([sys.executable, "-m", "assistant.cli", "index", "--corpus", str(small_corpus),
                             "--index", str(index_dir)], capture_output=True, text=True, env=ENV, timeout=120)

    assert first.proc.poll() is None, "the first build was meant to be still running"
    assert second.returncode == 3, second.stdout + second.stderr
    assert f"another index build is running (pid {first.proc.pid})" in second.stderr
    assert "Traceback" not in second.stdout + second.stderr
    first.kill()
    assert_answers(index_dir, encoder, previous)
    assert Build(small_corpus, index_dir).finish() == 0
    assert_clean(index_dir)


# ------------------------------------------------------------------ questions during a rebuild


def test_questions_during_a_rebuild_are_answered_and_the_new_build_is_picked_up(medium_corpus, small_corpus, tmp_path,
                                                                                 encoder):
    index_dir = tmp_path / "index"
    build_index(small_corpus, index_dir, encoder)
    previous = store.build_id(index_dir)
    live = LiveIndex(index_dir, encoder)
    assert live.get().build_id == previous

    rebuild = Build(medium_corpus, index_dir, "--rebuild")
    served: list[str] = []
    during = 0
    while rebuild.proc.poll() is None:
        index = live.get()
        answer = answer_question(index, encoder, QUESTION)
        assert FIGURE in answer.text, (index.build_id, answer.text)
        served.append(index.build_id)
        during += 1
    assert rebuild.finish() == 0, "\n".join(rebuild.lines[-5:])

    new = store.build_id(index_dir)
    assert new != previous
    assert during > 0
    assert served[0] == previous
    assert set(served) <= {previous, new}
    assert served == sorted(served, key=lambda b: b == new), "served the new build, then the old one again"
    index = live.get()
    assert index.build_id == new and len(index.docs) == len(list(medium_corpus.iterdir()))
    assert FIGURE in answer_question(index, encoder, QUESTION).text
    assert open_index(index_dir, encoder).build_id == new  # the command line opens the new build too


def test_a_build_the_app_cannot_open_leaves_the_loaded_one_answering(small_corpus, tmp_path, encoder):
    """Someone rebuilds with another model: the app keeps answering from the build it holds."""
    index_dir = tmp_path / "index"
    build_index(small_corpus, index_dir, encoder)
    live = LiveIndex(index_dir, encoder)
    held = live.get().build_id
    build_index(small_corpus, index_dir, None, rebuild=True)  # BM25 only: not compatible with `encoder`
    assert store.build_id(index_dir) != held
    index = live.get()
    assert index.build_id == held
    assert FIGURE in answer_question(index, encoder, QUESTION).text


def test_a_loaded_index_shows_a_plan_after_a_rebuild(small_corpus, tmp_path, encoder):
    """The app holds a loaded build while another session rebuilds; opening a citation in
    context must still work."""
    index_dir = tmp_path / "index"
    build_index(small_corpus, index_dir, encoder)
    held = open_index(index_dir, encoder)
    build_index(small_corpus, index_dir, encoder, rebuild=True)
    source = held.docs[0].source
    assert held.doc_text(source) == (small_corpus / source).read_text(encoding="utf-8")


def test_a_swap_while_the_index_is_being_opened_is_not_missed(small_corpus, tmp_path, encoder, monkeypatch):
    index_dir = tmp_path / "index"
    build_index(small_corpus, index_dir, encoder)
    live = LiveIndex(index_dir, encoder)
    from assistant import retrieval

    real_search_texts = retrieval.search_texts

    def swap_meanwhile(passages):
        # another process swaps in a new build (its prune of the old one has not run yet)
        with monkeypatch.context() as patch:
            patch.setattr(store, "prune_builds", lambda index_dir, keep: None)
            patch.setattr(retrieval, "search_texts", real_search_texts)
            build_index(small_corpus, index_dir, encoder, rebuild=True)
        return real_search_texts(passages)

    monkeypatch.setattr(retrieval, "search_texts", swap_meanwhile)
    first = live.get()
    monkeypatch.setattr(retrieval, "search_texts", real_search_texts)
    assert first.build_id.split("/")[-1] == first.build.name
    assert live.get().build == store.current_build(index_dir)
