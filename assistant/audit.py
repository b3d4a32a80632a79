"""Who changed which plan, when: one JSON line per upload, replacement and removal.

    INDEX_DIR/audit.jsonl
    {"time": "2026-12-06T05:30:12+07:00", "user": "lan", "action": "upload",
     "file": "Kế hoạch 2025.docx", "sha256": "9f2c…", "detail": ""}

Lines are only ever appended (O_APPEND, one write per line, under a lock), so two sessions
cannot interleave a record. The page shows each plan's records beside it (`plan_history`).
"""
from __future__ import annotations

import fcntl
import json
import os
import time
from pathlib import Path

ACTIONS_VI = {"upload": "tải lên", "upload rejected": "tải lên bị từ chối", "replace": "thay thế",
              "remove": "gỡ bỏ"}


def audit_path(index_dir: Path) -> Path:
    return Path(index_dir) / "audit.jsonl"


def record(index_dir: Path, user: str, action: str, file: str, sha256: str, detail: str = "") -> dict:
    entry = {"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "user": user or "(không đăng nhập)",
             "action": action, "file": file, "sha256": sha256, "detail": detail}
    path = audit_path(index_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)
    return entry


def read_log(index_dir: Path) -> list[dict]:
    """Every record, oldest first; a damaged line is skipped, not fatal."""
    path = audit_path(index_dir)
    if not path.exists():
        return []
    out = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if isinstance(entry, dict):
                out.append(entry)
    return out


def plan_history(index_dir: Path) -> dict[str, list[dict]]:
    """file name -> its records, newest first."""
    out: dict[str, list[dict]] = {}
    for entry in reversed(read_log(index_dir)):
        out.setdefault(str(entry.get("file", "")), []).append(entry)
    return out


def describe(entry: dict) -> str:
    """One Vietnamese line: 'tải lên bởi lan lúc 2026-12-06 05:30 · sha256 9f2c1a0b'."""
    action = ACTIONS_VI.get(entry.get("action", ""), entry.get("action", ""))
    when = str(entry.get("time", ""))[:16].replace("T", " ")
    sha = str(entry.get("sha256", ""))[:8]
    return f"{action} bởi {entry.get('user', '?')} lúc {when}" + (f" · sha256 {sha}" if sha else "")


def last_change(index_dir: Path, file: str) -> str:
    """The newest record of a plan as one line, or '' when the log has none (a shipped plan)."""
    entries = plan_history(index_dir).get(file)
    return describe(entries[0]) if entries else ""


def last_changes(index_dir: Path) -> dict[str, str]:
    """file -> its newest record as one line (the page's column beside each plan)."""
    return {file: describe(entries[0]) for file, entries in plan_history(index_dir).items() if entries}
