"""The `assistant` command: index, ask, batch, indicators. A thin layer over the package's functions.

Exit status of `assistant index`: 0 every file indexed or unchanged; 2 some files were
skipped (each named with its reason); 3 another build holds the index; 1 any other error.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from . import store

EXIT_SKIPPED = 2
EXIT_LOCKED = 3


def default_corpus() -> Path:
    return Path(os.environ.get("ASSISTANT_CORPUS", "corpus"))


def default_index() -> Path:
    return Path(os.environ.get("ASSISTANT_INDEX", "index"))


def max_bytes() -> int:
    """ASSISTANT_MAX_FILE_MB in bytes; a value that is not a number is reported and the default kept,
    as the app does."""
    raw = os.environ.get("ASSISTANT_MAX_FILE_MB", "50")
    try:
        return int(float(raw) * 1024 * 1024)
    except (ValueError, OverflowError):
        print(f"warning: ASSISTANT_MAX_FILE_MB={raw!r} is not a number of megabytes; using 50", file=sys.stderr)
        return 50 * 1024 * 1024


def cmd_index(args) -> int:
    corpus = args.corpus or default_corpus()
    if not corpus.is_dir():
        print(f"error: corpus folder not found: {corpus}", file=sys.stderr)
        return 1
    from .embedding import chosen_model_name
    from .freshness import up_to_date
    index_dir = args.index or default_index()
    limit = max_bytes()
    if not args.rebuild:
        try:
            with store.build_lock(index_dir):
                same = up_to_date(corpus, index_dir, chosen_model_name(), limit)
                if same is not None:  # leftovers of a killed build go, as a full build's would
                    store.prune_builds(index_dir, keep=store.current_build(index_dir))
        except store.BuildLocked as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_LOCKED
        except OSError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        if same is not None:  # nothing changed: the model is not loaded to embed nothing
            for r in same.files:
                print(r.line(), flush=True)
            return _index_summary(same)
    from .embedding import encoder_from_env
    from .indexing import build_index
    encoder = encoder_from_env()
    try:
        report = build_index(corpus, index_dir, encoder, rebuild=args.rebuild,
                             report=lambda r: print(r.line(), flush=True), max_bytes=limit,
                             progress=lambda src, d, t, m: print(f"          {src}: {m} {d}/{t}", flush=True))
    except store.BuildLocked as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except OSError as exc:  # the index folder cannot be written: a file in its place, no permission, disk full
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return _index_summary(report)


def _index_summary(report) -> int:
    print(f"index: {report.passages} passages, {report.embedded} embedded, "
          f"{len(report.skipped)} skipped, {process_seconds():.1f} s")
    return EXIT_SKIPPED if report.skipped else 0


_IMPORTED_AT = time.time()


def process_seconds() -> float:
    """Wall time since this process started (interpreter start and imports included), so the
    printed figure is what `time assistant index` shows; falls back to time since import."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return max(0.0, uptime - ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return time.time() - _IMPORTED_AT


def _open(args):
    from .embedding import encoder_from_env
    from .retrieval import open_index
    encoder = encoder_from_env()
    return open_index(args.index or default_index(), encoder), encoder


def cmd_ask(args) -> int:
    from .answering import answer_question
    index, encoder = _open(args)
    result = answer_question(index, encoder, args.question)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=1))
        return 0
    print(result.text)
    for c in result.citations:
        where = f", trang {c.page}" if c.page else ""
        print(f"  [{c.n}] {c.place} · {c.source}{where} · {c.section[-80:]}")
    for c in result.related:
        print(f"  (liên quan) {c.place} · {c.source}: {c.text[:100]}")
    return 0


def cmd_batch(args) -> int:
    from .answering import answer_question
    index, encoder = _open(args)
    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
    try:
        with open(args.questions, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                item = json.loads(line)
                result = answer_question(index, encoder, item.get("question", ""), item.get("history") or [])
                record = {"id": item.get("id"), **result.as_json()}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


def cmd_indicators(args) -> int:
    from . import indicator_table as tbl
    from .indicator_file import load_table
    from .indicators import FIELDS
    table = load_table(args.index or default_index())
    known = {tbl.place_key(r["place"]) for r in table}
    for name in args.place or []:
        if tbl.place_key(name) not in known:
            print(f"warning: no plan of {name!r} in the index", file=sys.stderr)
    rows = tbl.select(table, args.place, args.year, args.kind)
    records = [tbl.public(r) for r in rows]
    if args.format == "xlsx":
        if not args.out:
            print("error: --format xlsx needs --out FILE", file=sys.stderr)
            return 1
        data = tbl.to_xlsx({"Chỉ tiêu": records, "Nguồn": tbl.sources_sheet(rows)}, {"Chỉ tiêu": list(FIELDS)})
        Path(args.out).write_bytes(data)
        return 0
    if args.format == "csv":
        text = tbl.to_csv([{k: r.get(k, "") for k in FIELDS} for r in records])
    else:
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="assistant", description="Answer questions from Vietnamese local plans.")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("index", help="build or update the index from the corpus folder")
    p.add_argument("--corpus", type=Path)
    p.add_argument("--index", type=Path)
    p.add_argument("--rebuild", action="store_true", help="start from scratch")
    p.set_defaults(func=cmd_index)
    p = sub.add_parser("ask", help="answer one question")
    p.add_argument("question")
    p.add_argument("--index", type=Path)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_ask)
    p = sub.add_parser("batch", help="answer a JSONL file of questions (id, question, history)")
    p.add_argument("questions")
    p.add_argument("--index", type=Path)
    p.add_argument("--out")
    p.set_defaults(func=cmd_batch)
    p = sub.add_parser("indicators", help="the plans' indicator statements (targets, results, estimates) with their sources")
    p.add_argument("--index", type=Path)
    p.add_argument("--place", action="append", help="a place, with or without accents and its kind; repeatable")
    p.add_argument("--year", type=int)
    p.add_argument("--kind", choices=["target", "result", "estimate"])
    p.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
    p.add_argument("--out")
    p.set_defaults(func=cmd_indicators)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except store.IndexUnusable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
