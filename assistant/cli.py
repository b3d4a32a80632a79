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

# Light imports only: `assistant index` with nothing changed must not load the model, the
# chunker or bm25s (freshness.py); the heavy modules are imported where they are used.
from . import accounts, store
from .display import display_text, safe_json
from .failures import build_failure
from .sandbox import BuildCancelled, cancellable

EXIT_SKIPPED = 2
EXIT_LOCKED = 3
EXIT_CANCELLED = 130  # as a shell reports Ctrl-C


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
    if args.fall_back:
        return fall_back(args.index or default_index())
    corpus = args.corpus or default_corpus()
    if not corpus.is_dir():
        print(f"error: corpus folder not found: {corpus}", file=sys.stderr)
        return 1
    index_dir = args.index or default_index()
    limit = max_bytes()
    if not args.rebuild:
        same = _unchanged(corpus, index_dir, limit)
        if isinstance(same, int):
            return same
        if same is not None:  # nothing changed: the model is not loaded to embed nothing
            for r in same.files:
                print(display_text(r.line()), flush=True)
            return _index_summary(same)
    from .embedding import encoder_from_env
    from .indexing import build_index
    encoder = encoder_from_env()
    pending: list = []  # lines are printed as files are decided; they come true with the swap

    def say(r) -> None:
        if r.status in ("indexed", "removed"):
            pending.append(r)
        print(display_text(r.line()), flush=True)

    try:
        with cancellable():
            report = build_index(corpus, index_dir, encoder, rebuild=args.rebuild,
                                 report=say, max_bytes=limit,
                                 progress=lambda src, d, t, m: print(display_text(f"          {src}: {m} {d}/{t}"),
                                                                     flush=True))
    except store.BuildLocked as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except (KeyboardInterrupt, BuildCancelled):
        print(f"\n{build_failure(BuildCancelled(), store.build_id(index_dir) is not None)}{_retract(pending)}",
              file=sys.stderr)
        return EXIT_CANCELLED
    except Exception as exc:  # disk full, no permission, a file where a folder should be
        print(f"error: {build_failure(exc, store.build_id(index_dir) is not None)}{_retract(pending)}",
              file=sys.stderr)
        return 1
    return _index_summary(report)


def _unchanged(corpus: Path, index_dir: Path, limit: int):
    """The report of a build with nothing to do (decided from hashes under the build lock,
    leftovers of a killed build pruned as a full build would), None when there is work, or
    an exit status when the lock or the folder says no."""
    from .embedding import chosen_model_name
    from .freshness import up_to_date
    try:
        with store.build_lock(index_dir):
            same = up_to_date(corpus, index_dir, chosen_model_name(), limit)
            if same is not None:
                store.prune_builds(index_dir, keep=store.current_build(index_dir))
            return same
    except store.BuildLocked as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except OSError as exc:
        print(f"error: {build_failure(exc, store.build_id(index_dir) is not None)}", file=sys.stderr)
        return 1


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


def fall_back(index_dir: Path) -> int:
    """Make the build before the live one live again (the one kept to fall back on)."""
    try:
        build = store.fall_back(index_dir)
    except store.BuildLocked as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    print(f"index: the previous build is live again ({build.name}); the next `assistant index` "
          "brings it up to date with the corpus")
    return 0


def _retract(pending: list) -> str:
    if not pending:
        return ""
    return (f" The {len(pending)} file(s) listed above as indexed or removed are not: "
            "the index is as it was before this build.")


def _open(args):
    from .embedding import encoder_from_env
    from .retrieval import open_index
    encoder = encoder_from_env()
    return open_index(args.index or default_index(), encoder), encoder


def cmd_ask(args) -> int:
    """Plan text is printed through display_text (no escapes, controls or bidi overrides);
    --json keeps the text exact, those characters written as \\u escapes."""
    from .answering import answer_question
    index, encoder = _open(args)
    result = answer_question(index, encoder, args.question)
    if args.json:
        print(safe_json(result.as_json(), indent=1))
        return 0
    print(display_text(result.text))
    for c in result.citations:
        where = f", trang {c.page}" if c.page else ""
        print(display_text(f"  [{c.n}] {c.place} · {c.source}{where} · {c.section[-80:]}"))
    for c in result.related:
        print(display_text(f"  (liên quan) {c.place} · {c.source}: {c.text[:100]}"))
    return 0


def cmd_batch(args) -> int:
    """A line that is not a question (broken JSON, "question": 42) is reported on stderr by its
    line number and written as an error record; the other lines are answered."""
    index, encoder = _open(args)
    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
    bad = 0
    try:
        with open(args.questions, encoding="utf-8", errors="replace") as f:
            for number, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                record = batch_record(index, encoder, line, number)
                if "error" in record:
                    bad += 1
                    print(f"{args.questions}:{number}: {record['error']}", file=sys.stderr)
                out.write(safe_json(record) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return EXIT_SKIPPED if bad else 0


def batch_record(index, encoder, line: str, number: int) -> dict:
    item, problem = parse_question(line)
    if problem:
        return {"id": item.get("id") if isinstance(item, dict) else None, "line": number, "error": problem,
                "answer": "", "not_found": True, "citations": [], "latency_ms": 0}
    from .answering import answer_question
    result = answer_question(index, encoder, item["question"], item.get("history") or [])
    return {"id": item.get("id"), **result.as_json()}


def parse_question(line: str) -> tuple[dict, str]:
    """(the item, "") or (what was read, why it is not a question)."""
    try:
        item = json.loads(line)
    except ValueError as exc:
        return {}, f"not valid JSON ({exc.msg}, column {exc.colno})"
    if not isinstance(item, dict):
        return {}, "not a JSON object"
    if not isinstance(item.get("question"), str):
        return item, f"\"question\" must be text, not {type(item.get('question')).__name__}"
    history = item.get("history")
    if history is not None and not (isinstance(history, list) and all(isinstance(h, str) for h in history)):
        return item, "\"history\" must be a list of texts"
    return item, ""


def cmd_user(args) -> int:
    """assistant user add NAME --role editor | remove NAME | list (the accounts file)."""
    path = args.users or accounts.users_file()
    if args.action == "list":
        for name, entry in sorted(accounts.load_users(path).items()):
            print(f"{name}\t{entry['role']}")
        return 0
    if not args.name:
        print("error: give the user's name", file=sys.stderr)
        return 1
    if args.action == "remove":
        if accounts.remove_user(path, args.name):
            print(f"removed {args.name} from {path}")
            return 0
        print(f"error: no user {args.name} in {path}", file=sys.stderr)
        return 1
    password = _read_password(args.password_stdin)
    try:
        user = accounts.add_user(path, args.name, password, args.role)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{user.name} ({user.role}) saved in {path}")
    return 0


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    import getpass
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise SystemExit("error: the two passwords differ")
    return first


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
    p.add_argument("--fall-back", action="store_true", help="make the previous build live again")
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
    p = sub.add_parser("user", help="manage the accounts of a page served to the office network")
    p.add_argument("action", choices=["add", "remove", "list"])
    p.add_argument("name", nargs="?")
    p.add_argument("--role", choices=list(accounts.ROLES), default="reader")
    p.add_argument("--users", type=Path, help="the accounts file (default: ASSISTANT_USERS_FILE or users.json)")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.set_defaults(func=cmd_user)
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
