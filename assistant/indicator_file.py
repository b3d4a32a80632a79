"""The indicator table of an index build: `indicators.jsonl` beside the passages, one statement
per line, kept for documents whose content did not change."""
from __future__ import annotations

import json
from pathlib import Path

from .indicators import document_statements

FILE_NAME = "indicators.jsonl"


def table_for_build(index_dir: Path, docs, passages, reuse: bool = True) -> list[dict]:
    """Rows of every document: those of a document whose content is unchanged are taken from the
    live build's file when `reuse` (the live build is of this format and vocabulary), the others
    extracted. Call before the new build replaces the live one."""
    previous = _previous_rows(index_dir) if reuse else {}
    by_source: dict[str, list] = {}
    for p in passages:
        by_source.setdefault(p.source, []).append(p)
    rows = []
    for doc in docs:
        kept = previous.get((doc.source, doc.sha256))
        if kept is None:
            kept = [{**s.as_json(), "sha256": doc.sha256} for s in document_statements(doc, by_source.get(doc.source, []))]
        rows.extend(kept)
    return rows


def _previous_rows(index_dir: Path) -> dict[tuple[str, str], list[dict]]:
    from .store import current_build
    build = current_build(index_dir)
    out: dict[tuple[str, str], list[dict]] = {}
    if build is None or not (build / FILE_NAME).exists():
        return out
    for row in read_file(build / FILE_NAME):
        out.setdefault((row["source"], row.get("sha256", "")), []).append(row)
    return out


def save(build: Path, rows: list[dict]) -> None:
    tmp = build / f".{FILE_NAME}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    tmp.replace(build / FILE_NAME)


def read_file(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_table(index_dir: Path) -> list[dict]:
    """The live build's rows; extracted from its passages when the build has no file (built before it)."""
    from . import store
    build = store.current_build(index_dir)
    if build is None:
        raise store.IndexUnusable(f"no index at {index_dir}; run `assistant index`")
    if (build / FILE_NAME).exists():
        return read_file(build / FILE_NAME)
    docs = store.read_docs(build)
    passages = store.read_passages(build)
    rows = []
    for doc in docs:
        rows += [s.as_json() for s in document_statements(doc, [p for p in passages if p.source == doc.source])]
    return rows
