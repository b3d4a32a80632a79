"""Every document of the other-templates corpus (eval/others) is read with its own place,
kind, year and period, in each typed format (scans are measured by scripts/eval_formats.py)."""
import json
from pathlib import Path

import pytest

from assistant.indexing import read_plan

OTHERS = Path(__file__).resolve().parent.parent / "eval" / "others"
RECORDS = [json.loads(line) for line in (OTHERS / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
FILES = [(r, f) for r in RECORDS for f in [r["file"]] + [v for v in r["variants"] if not v.endswith(".scan.pdf")]]


@pytest.mark.parametrize("record,file", FILES, ids=[Path(f).name for _, f in FILES])
def test_place_kind_and_period_read_right(record, file, tmp_path):
    doc, passages, _ = read_plan(OTHERS / file, "x", tmp_path)
    assert (doc.place_label, doc.plan_kind, doc.year, doc.period) == \
        (record["place"], record["kind"], record.get("year"), record["period"])
    assert passages and all(p.period_years for p in passages if p.kind != "footnote")
