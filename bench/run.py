"""Scale benchmark: a province's look-alike plans on one office PC (issue 8).

    python -m bench.run [--sizes 5,50,200] [--quick] [--profile] [--report-only]

For each size, a look-alike corpus (the five real plans plus copies moved to other communes,
bench/lookalike.py) is built and asked the development questions in a subprocess of its own,
whose peak memory is read when it ends; cold start is timed in another fresh subprocess.
Writes bench/results/latest.md (table), latest.json and scale.png. `--quick` uses the hashing
encoder (plumbing and timings without the model; accuracy is meaningless, results go to
quick.*). `--profile` profiles a full build and the query path at each size instead
(bench/results/profile-<size>-{build,query}.txt). Timings on a shared 2-core machine are noisy:
the load average is recorded beside them.
"""
from __future__ import annotations

import argparse
import cProfile
import importlib.util
import io
import json
import os
import pstats
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV = SHARED / "eval" / "dev.jsonl"
WORK = REPO / "bench" / "work"
RESULTS = REPO / "bench" / "results"
SEED = 8
MODEL_SAMPLE = 1024  # passages encoded by the bare model to measure its rate


def load_score():
    """The referee, /work/shared/eval/score.py, imported from its file."""
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dev_questions() -> list[dict]:
    return load_score().load_jsonl(str(DEV))


def corpus_files(size: int) -> dict[str, str]:
    from bench.lookalike import lookalike_corpus, read_plans
    avoid = "\n".join(" ".join([g["question"], *g.get("history", [])]) for g in dev_questions())
    return lookalike_corpus(read_plans(REPO / "corpus"), size, SEED, avoid)


def index_dir(size: int, quick: bool) -> Path:
    return WORK / f"index-{size}{'-quick' if quick else ''}"


def make_encoder(quick: bool):
    from assistant.embedding import hashing_encoder, load_encoder
    return hashing_encoder(384) if quick else load_encoder()


# ---------------------------------------------------------------- measures (in the worker)

def encode_timer(encoder) -> list[float]:
    """Seconds the encoder spends in encode_passages, counted from now on."""
    spent = [0.0]
    inner = encoder.encode_passages

    def encode_passages(texts):
        t0 = time.perf_counter()
        try:
            return inner(texts)
        finally:
            spent[0] += time.perf_counter() - t0

    encoder.encode_passages = encode_passages
    return spent


def full_build(corpus: Path, index: Path, encoder) -> dict:
    from assistant.indexing import build_index
    shutil.rmtree(index, ignore_errors=True)
    cpu, spent = time.process_time(), encode_timer(encoder)
    report = build_index(corpus, index, encoder, rebuild=True)
    return {"build_s": report.seconds, "build_cpu_s": time.process_time() - cpu, "build_encode_s": spent[0],
            "passages": report.passages, "passages_per_s": report.passages / report.seconds}


def model_rate(texts: list[str], encoder) -> dict:
    """The bare model's own rate: SentenceTransformer.encode on a random sample of the
    passages' search texts, at the batch size the build uses."""
    from assistant.embedding import BATCH_SIZE
    sample = random.Random(SEED).sample(texts, min(MODEL_SAMPLE, len(texts)))
    model = encoder._model
    model.encode(sample[:BATCH_SIZE], batch_size=BATCH_SIZE)  # warm up
    t0 = time.perf_counter()
    model.encode(sample, batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_numpy=True)
    return {"model_rate": len(sample) / (time.perf_counter() - t0), "model_sample": len(sample)}


def timed_build(corpus: Path, index: Path, encoder) -> float:
    from assistant.indexing import build_index
    return build_index(corpus, index, encoder).seconds


def add_one_plan(size: int, corpus: Path, index: Path, encoder) -> dict:
    """Time an incremental build after one new look-alike plan arrives, then take it away."""
    name, text = list(corpus_files(size + 1).items())[-1]
    (corpus / name).write_text(text, encoding="utf-8")
    spent = encode_timer(encoder)
    try:
        return {"add_one_s": timed_build(corpus, index, encoder), "add_one_encode_s": spent[0]}
    finally:
        (corpus / name).unlink()


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def place_citations(gold: list[dict], preds: dict[str, dict], docs) -> dict:
    """Of the citations given to questions about one place the corpus has, the share from
    that place's plan; and of all citations, the share from look-alike copies (every dev
    question is about the real plans, so a copy cited is another commune's figure)."""
    from assistant.vietnamese import fold
    plan_of = {fold(d.place_label): d.source for d in docs if d.place_name}
    real = {p.name for p in (REPO / "corpus").iterdir()}
    right = total = copies = cited = 0
    for g in gold:
        sources = [c["source"] for c in preds[g["id"]]["citations"]]
        cited += len(sources)
        copies += sum(s not in real for s in sources)
        if g.get("place") and fold(g["place"]) in plan_of:
            total += len(sources)
            right += sum(s == plan_of[fold(g["place"])] for s in sources)
    return {"place_citation_share": right / total if total else None,
            "copy_citation_share": copies / cited if cited else None}


def ask_all(loaded, encoder, gold: list[dict]) -> tuple[dict[str, dict], list[float], list[float]]:
    """Answers, wall-clock latencies and CPU times (ms) of the questions, after one warm-up."""
    from assistant.answering import answer_question
    preds, latencies, cpu = {}, [], []
    answer_question(loaded, encoder, gold[0]["question"])
    for g in gold:
        t0, c0 = time.perf_counter(), time.process_time()
        a = answer_question(loaded, encoder, g["question"], history=g.get("history"))
        latencies.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        preds[g["id"]] = {"id": g["id"], **a.as_json(), "latency_ms": latencies[-1]}
    return preds, latencies, cpu


def percentile(values: list[float], q: float) -> float:
    """score.py's rule: the value at rank round(q * n)."""
    ordered = sorted(values)
    return ordered[max(0, int(round(q * len(ordered))) - 1)]


def queries(loaded, encoder) -> dict:
    gold = dev_questions()
    preds, latencies, cpu = ask_all(loaded, encoder, gold)
    score = load_score().score(gold, list(preds.values()), 5)
    named = [g for g in gold if g.get("place")]
    named_score = load_score().score(named, [preds[g["id"]] for g in named], 5)
    out = {"latency_p50_ms": percentile(latencies, 0.5),
           "latency_p95_ms": percentile(latencies, 0.95), "latency_max_ms": max(latencies),
           "cpu_p50_ms": percentile(cpu, 0.5), "cpu_p95_ms": percentile(cpu, 0.95),
           "slowest": sorted(preds, key=lambda i: -preds[i]["latency_ms"])[:5],
           "answer_accuracy": score["answer_accuracy"], "named_place_accuracy": named_score["answer_accuracy"],
           "evidence_recall@5": score["evidence_recall@5"], "wrong": score["wrong"]}
    out.update(place_citations(gold, preds, loaded.docs))
    return out


def rates(out: dict, texts: list[str], encoder) -> dict:
    """Build throughput over the bare model's rate, as measured, and at equal load: the
    build's time outside the encoder plus its distinct texts at the model's measured rate."""
    rate = model_rate(texts, encoder)
    overhead = out["build_s"] - out["build_encode_s"]
    return {**rate, "distinct_texts": len(set(texts)), "build_overhead_s": overhead,
            "build_over_model": out["passages_per_s"] / rate["model_rate"],
            "build_over_model_equal_load": out["passages"] / (len(set(texts)) + overhead * rate["model_rate"])}


def worker(size: int, quick: bool) -> dict:
    import assistant.answering  # noqa: F401  (the whole package now: one version per process)
    from assistant.retrieval import open_index
    corpus, index = WORK / f"corpus-{size}", index_dir(size, quick)
    out = {"size": size, "quick": quick, "load_before": os.getloadavg()[0]}
    t0 = time.perf_counter()
    encoder = make_encoder(quick)
    out["encoder_load_s"] = time.perf_counter() - t0
    out.update(full_build(corpus, index, encoder))
    t0 = time.perf_counter()
    loaded = open_index(index, encoder)
    out["open_s"] = time.perf_counter() - t0
    out.update(rates(out, loaded.search_texts, encoder))
    out["reindex_unchanged_s"] = timed_build(corpus, index, encoder)
    out["index_bytes"] = folder_bytes(index / "builds")
    out.update(queries(loaded, encoder))
    out.update(add_one_plan(size, corpus, index, encoder))
    out["load_after"] = os.getloadavg()[0]
    return out


def cold_start(index: Path, quick: bool) -> dict:
    """From a fresh process: imports, model, index, first answer."""
    t0 = time.perf_counter()
    from assistant.answering import answer_question
    from assistant.retrieval import open_index
    t1 = time.perf_counter()
    encoder = make_encoder(quick)
    t2 = time.perf_counter()
    loaded = open_index(index, encoder)
    t3 = time.perf_counter()
    answer_question(loaded, encoder, dev_questions()[0]["question"])
    t4 = time.perf_counter()
    return {"import_s": t1 - t0, "encoder_s": t2 - t1, "open_s": t3 - t2, "first_answer_s": t4 - t3}


def profile(size: int, quick: bool) -> dict:
    """cProfile of a full build and of the development questions at this size."""
    from assistant.retrieval import open_index
    corpus, index = WORK / f"corpus-{size}", WORK / f"{index_dir(size, quick).name}-profile"
    encoder = make_encoder(quick)
    build = cProfile.Profile()
    build.runcall(full_build, corpus, index, encoder)
    loaded = open_index(index, encoder)
    gold = dev_questions()
    ask = cProfile.Profile()
    ask.runcall(ask_all, loaded, encoder, gold)
    tag = "quick-" if quick else ""
    for name, prof in (("build", build), ("query", ask)):
        (RESULTS / f"profile-{tag}{size}-{name}.txt").write_text(profile_text(prof), encoding="utf-8")
    return {"size": size}


def profile_text(prof: cProfile.Profile, top: int = 35) -> str:
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out).strip_dirs()
    for key in ("cumulative", "tottime"):
        out.write(f"==== sorted by {key}\n")
        stats.sort_stats(key).print_stats(top)
    return out.getvalue()


# ---------------------------------------------------------------- the parent

def run_child(args: list[str]) -> tuple[dict, float, int]:
    """Run `python -m bench.run ARGS` and return its JSON result, wall seconds and peak RSS
    in bytes (the child's own ru_maxrss, read with wait4 when it ends)."""
    out_file = WORK / f"child-{os.getpid()}.json"
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "bench.run", *args, "--out", str(out_file)],
                            cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"bench child {args} failed with status {proc.returncode}")
    result = json.loads(out_file.read_text(encoding="utf-8"))
    out_file.unlink()
    return result, wall, usage.ru_maxrss * 1024


def bench_size(size: int, quick: bool) -> dict:
    from bench.lookalike import write_corpus
    write_corpus(corpus_files(size), WORK / f"corpus-{size}")
    flag = ["--quick"] if quick else []
    result, _, peak = run_child(["--worker", str(size), *flag])
    result["peak_rss_bytes"] = peak
    (WORK / f"result-{size}{'-quick' if quick else ''}.json").write_text(json.dumps(result), encoding="utf-8")
    cold, wall, cold_peak = run_child(["--cold", str(index_dir(size, quick)), *flag])
    result.update(cold_start_s=wall, cold=cold, serve_rss_bytes=cold_peak)
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="5,50,200")
    ap.add_argument("--quick", action="store_true", help="hashing encoder instead of the model")
    ap.add_argument("--profile", action="store_true", help="profile a build and the queries instead")
    ap.add_argument("--report-only", action="store_true", help="redraw the table and plot from the last results")
    ap.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--cold", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker is not None or args.cold is not None:
        result = worker(args.worker, args.quick) if args.cold is None else cold_start(args.cold, args.quick)
        args.out.write_text(json.dumps(result), encoding="utf-8")
        return 0
    if args.profile and args.out:
        args.out.write_text(json.dumps(profile(int(args.sizes), args.quick)), encoding="utf-8")
        return 0
    name = "quick" if args.quick else "latest"
    if args.report_only:
        write_report(json.loads((RESULTS / f"{name}.json").read_text(encoding="utf-8")), name)
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    WORK.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    return run_profiles(sizes, args.quick) if args.profile else run_bench(sizes, args.quick, name)


def run_bench(sizes: list[int], quick: bool, name: str) -> int:
    results = []
    for size in sizes:
        print(f"bench: {size} plans ...", flush=True)
        results.append(bench_size(size, quick))
        print(json.dumps({k: v for k, v in results[-1].items() if k != "wrong"}), flush=True)
    write_report(results, name)
    return 0


def run_profiles(sizes: list[int], quick: bool) -> int:
    from bench.lookalike import write_corpus
    for size in sizes:
        write_corpus(corpus_files(size), WORK / f"corpus-{size}")
        run_child(["--profile", "--sizes", str(size), *(["--quick"] if quick else [])])
        print(f"profile: {size} plans -> {RESULTS}/profile-*{size}-*.txt", flush=True)
    return 0


# ---------------------------------------------------------------- the report

MiB = 1024 * 1024
ROWS = [  # label, key or function of a result, format, target
    ("plans", "size", "{}", ""),
    ("passages (distinct search texts, embedded once)", lambda r: f"{r['passages']} ({r['distinct_texts']})", "{}", ""),
    ("full build, s", "build_s", "{:.1f}", ""),
    ("… of which embedding / the rest, s", lambda r: f"{r['build_encode_s']:.1f} / {r['build_overhead_s']:.1f}",
     "{}", ""),
    ("full build, passages/s", "passages_per_s", "{:.1f}", ""),
    ("bare model encode, passages/s", "model_rate", "{:.1f}", ""),
    ("build ÷ model rate, as measured", "build_over_model", "{:.2f}", "≥ 0.7 at 200"),
    ("build ÷ model rate, at equal load", "build_over_model_equal_load", "{:.2f}", "≥ 0.7 at 200"),
    ("re-index, nothing changed, s", "reindex_unchanged_s", "{:.2f}", ""),
    ("add one plan, s (of which embedding)", lambda r: f"{r['add_one_s']:.1f} ({r['add_one_encode_s']:.1f})", "{}",
     "≤ 10 at 200"),
    ("index on disk, MiB", lambda r: r["index_bytes"] / MiB, "{:.1f}", ""),
    ("peak memory, build + queries, MiB", lambda r: r["peak_rss_bytes"] / MiB, "{:.0f}", "≤ 2048 at 200"),
    ("peak memory, answering process, MiB", lambda r: r["serve_rss_bytes"] / MiB, "{:.0f}", ""),
    ("cold start to first answer, s", "cold_start_s", "{:.1f}", ""),
    ("… of which model load / index open, s", lambda r: f"{r['cold']['encoder_s']:.1f} / {r['cold']['open_s']:.1f}",
     "{}", ""),
    ("query latency p50, ms", "latency_p50_ms", "{:.0f}", ""),
    ("query latency p95, ms", "latency_p95_ms", "{:.0f}", "≤ 100 at 50, ≤ 150 at 200"),
    ("query CPU time p50 / p95, ms", lambda r: f"{r['cpu_p50_ms']:.0f} / {r['cpu_p95_ms']:.0f}", "{}", ""),
    ("answer_accuracy (dev, 85)", "answer_accuracy", "{:.3f}", "≥ 0.85 at 50; ≥ 0.85 × at 5"),
    ("accuracy, questions naming a place", "named_place_accuracy", "{:.3f}", ""),
    ("evidence_recall@5", "evidence_recall@5", "{:.3f}", ""),
    ("place questions: citations from that place's plan", "place_citation_share", "{:.3f}", ""),
    ("all questions: citations from look-alike copies", "copy_citation_share", "{:.3f}", ""),
    ("load average (start → end of run)", lambda r: f"{r['load_before']:.1f} → {r['load_after']:.1f}", "{}", ""),
]


def cell(result: dict, key, fmt: str) -> str:
    value = key(result) if callable(key) else result.get(key)
    return "–" if value is None else fmt.format(value)


def table(results: list[dict]) -> str:
    head = "| | " + " | ".join(f"{r['size']} plans" for r in results) + " | target |"
    lines = [head, "|" + " --- |" * (len(results) + 2)]
    for label, key, fmt, target in ROWS[1:]:
        lines.append(f"| {label} | " + " | ".join(cell(r, key, fmt) for r in results) + f" | {target} |")
    return "\n".join(lines) + "\n"


NOTES = """
Build ÷ model rate: passages indexed per second over the passages per second of the bare
`SentenceTransformer.encode` (same batch size, a random sample of the passages' search texts);
above 1 because identical passages are embedded once. "At equal load" replaces the build's
encoding time by its distinct texts at the model's measured rate, as the machine's load moved
between the two measures. Peak memory: the child's ru_maxrss (wait4). Cold start: a fresh
process from interpreter start to the first answer. Citations from look-alike copies count over
all questions (every dev question is about the real plans); questions that name no place
("Trường Mầm non Họa Mi") find the same school in every copy of that plan.
"""


def write_report(results: list[dict], name: str) -> None:
    encoder = "hashing encoder (--quick)" if results[0]["quick"] else "all-MiniLM-L6-v2"
    note = (f"Look-alike corpora (5 real plans + copies), {encoder}, {os.cpu_count()} cores, "
            f"{time.strftime('%Y-%m-%d')}. Shared machine: timings are noisy (load average in the last row).\n\n")
    (RESULTS / f"{name}.md").write_text(note + table(results) + NOTES, encoding="utf-8")
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    plot(results, RESULTS / f"{'scale' if name == 'latest' else name}.png")
    print((RESULTS / f"{name}.md").read_text(encoding="utf-8"))


def plot(results: list[dict], path: Path) -> None:
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("bench: matplotlib is not installed, no plot", file=sys.stderr)
        return
    sizes = [r["size"] for r in results]
    fig, axes = plt.subplots(2, 2, figsize=(10, 7))
    for ax, (title, series, targets, log) in zip(axes.flat, PANELS):
        for label, key in series:
            ax.plot(sizes, [key(r) if callable(key) else r[key] for r in results], marker="o", label=label)
        for label, xs, y in targets:
            ax.plot(xs or sizes, [y] * len(xs or sizes), "r--" if not xs else "rx", label=label)
        ax.set_xscale("log")
        if log:
            ax.set_yscale("log")
        ax.set_xticks(sizes, [str(s) for s in sizes])
        ax.set_xlabel("plans")
        ax.set_title(title)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle("Look-alike corpora on a 2-core machine (bench/run.py)", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


PANELS = [  # title, series (label, key), targets (label, sizes or [] for a line, value), log y
    ("build, s", [("full build", "build_s"), ("add one plan", "add_one_s"),
                  ("re-index, nothing changed", "reindex_unchanged_s")],
     [("target: add one ≤ 10 s (200)", [200], 10)], True),
    ("query latency, ms", [("p50", "latency_p50_ms"), ("p95", "latency_p95_ms")],
     [("target p95 (50: 100, 200: 150)", [50], 100), ("", [200], 150)], False),
    ("peak memory, MiB", [("build + queries", lambda r: r["peak_rss_bytes"] / MiB),
                          ("answering process", lambda r: r["serve_rss_bytes"] / MiB)],
     [("target ≤ 2 GiB (200)", [], 2048)], False),
    ("shares", [("answer_accuracy", "answer_accuracy"),
                ("citations from the asked place's plan", "place_citation_share"),
                ("build ÷ model rate (equal load)", "build_over_model_equal_load")],
     [("target build ÷ model ≥ 0.7", [], 0.7)], False),
]


if __name__ == "__main__":
    sys.exit(main())
