"""Extraction precision and recall against the hand-labelled gold of eval/indicators/.

    python scripts/eval_indicators.py [--corpus corpus] [--gold eval/indicators/gold.jsonl]

A gold statement is matched by an extracted one of the same plan, canonical indicator, kind, year
and number whose citation span holds the gold quote. Only canonical statements are scored (the
gold labels statements of the indicators of assistant/vocabulary/indicators.tsv). Figures are
per document; a line per miss and per extra explains them.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.indexing import read_plan, sha256_file  # noqa: E402
from assistant.indicators import document_statements  # noqa: E402


def extracted(path: Path, cache: Path):
    doc, passages, text = read_plan(path, sha256_file(path), cache)
    return [s for s in document_statements(doc, passages) if s.canonical], text


def matches(g: dict, s, text: str) -> bool:
    if (s.canonical, s.kind, s.year) != (g["canonical"], g["kind"], g["year"]) or abs(s.number - g["number"]) > 1e-6:
        return False
    at = text.find(g["quote"])
    return at >= 0 and s.start < at + len(g["quote"]) and at < s.end


def score(gold: list[dict], rows: list, text: str) -> tuple[int, list[dict], list]:
    used: set[int] = set()
    missed = []
    for g in gold:
        hit = next((i for i, s in enumerate(rows) if i not in used and matches(g, s, text)), None)
        if hit is None:
            missed.append(g)
        else:
            used.add(hit)
    extra = [s for i, s in enumerate(rows) if i not in used]
    return len(used), missed, extra


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=Path("corpus"))
    ap.add_argument("--gold", type=Path, default=Path("eval/indicators/gold.jsonl"))
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()
    gold = defaultdict(list)
    for line in args.gold.read_text(encoding="utf-8").splitlines():
        if line.strip():
            g = json.loads(line)
            gold[g["source"]].append(g)
    cache = Path("/tmp/indicator-eval-cache")
    cache.mkdir(exist_ok=True)
    totals = [0, 0, 0]
    for source, items in sorted(gold.items()):
        path = args.corpus / source
        if not path.exists():
            path = next(args.corpus.rglob(source))
        rows, text = extracted(path, cache)
        hit, missed, extra = score(items, rows, text)
        totals = [totals[0] + hit, totals[1] + len(rows), totals[2] + len(items)]
        print(f"{source}: precision {hit / max(len(rows), 1):.3f} ({hit}/{len(rows)})  recall {hit / len(items):.3f} ({hit}/{len(items)})")
        if not args.quiet:
            for g in missed:
                print(f"   missed {g['canonical']} {g['kind']} {g['year']} {g['number']}  «{g['quote'][:70]}»")
            for s in extra:
                print(f"   extra  {s.canonical} {s.kind} {s.year} {s.number} {s.unit}  «{s.text[:70]}»")
    print(f"ALL: precision {totals[0] / max(totals[1], 1):.3f} ({totals[0]}/{totals[1]})  recall {totals[0] / totals[2]:.3f} ({totals[0]}/{totals[2]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
