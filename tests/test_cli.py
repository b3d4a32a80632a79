import json
import subprocess
import sys

from assistant.cli import main

from conftest import CORPUS, SHARED


def test_batch_writes_the_prediction_format(built_index, tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_EMBED_MODEL", "hashing")
    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in [
        {"id": "a", "question": "Tổng thu ngân sách Nhà nước năm 2024 của thị trấn Hùng Sơn là bao nhiêu?", "extra": 1},
        {"id": "b", "question": "Thế còn tổng chi ngân sách thì sao?",
         "history": ["Tổng thu ngân sách Nhà nước năm 2024 của thị trấn Hùng Sơn là bao nhiêu?"]},
        {"id": "c", "question": "Tỷ lệ hộ nghèo năm 2024 của xã Tân Dĩnh là bao nhiêu?"},
    ]), encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    assert main(["batch", str(questions), "--index", str(built_index), "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    for r in rows:
        assert isinstance(r["answer"], str) and r["answer"]
        assert isinstance(r["not_found"], bool)
        assert isinstance(r["latency_ms"], float)
        for c in r["citations"]:
            assert {"source", "start", "end", "text"} <= set(c)
    assert rows[2]["not_found"] is True and rows[2]["citations"] == []
    assert "16.074.000.000" in rows[0]["answer"]
    assert rows[0]["citations"][0]["source"] == "000_b2f6895b3ee26df3.txt"


def test_citations_are_exact_slices_of_the_nfc_source(built_index, tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_EMBED_MODEL", "hashing")
    out = tmp_path / "pred.jsonl"
    main(["batch", str(SHARED / "eval" / "dev.jsonl"), "--index", str(built_index), "--out", str(out)])
    result = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(SHARED / "eval" / "dev.jsonl"),
                             str(out), "--corpus", str(CORPUS), "--json"], capture_output=True, text=True, check=True)
    scores = json.loads(result.stdout.split("\nSUMMARY")[0])
    assert scores["missing"] == 0
    assert scores["citation_offsets_valid"] == 1.0


def test_index_command_reports_each_file_and_exit_status(corpus_copy, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ASSISTANT_EMBED_MODEL", "hashing")
    (corpus_copy / "notes.xlsx").write_bytes(b"PK\x03\x04junk")
    code = main(["index", "--corpus", str(corpus_copy), "--index", str(tmp_path / "idx")])
    out = capsys.readouterr().out
    assert code == 2
    assert "skipped   notes.xlsx" in out and "unsupported" in out
    assert out.count("indexed ") == 5
    code = main(["index", "--corpus", str(corpus_copy), "--index", str(tmp_path / "idx")])
    assert code == 2 and capsys.readouterr().out.count("unchanged") == 5


def test_ask_prints_answer_with_citations(built_index, monkeypatch, capsys):
    monkeypatch.setenv("ASSISTANT_EMBED_MODEL", "hashing")
    assert main(["ask", "Tỷ lệ hộ nghèo năm 2024 của phường Thọ Xương", "--index", str(built_index), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "0,5%" in data["answer"] and data["citations"]


def test_env_overrides_the_default_folders(built_index, monkeypatch, capsys):
    monkeypatch.setenv("ASSISTANT_EMBED_MODEL", "hashing")
    monkeypatch.setenv("ASSISTANT_INDEX", str(built_index))
    assert main(["ask", "Tỷ lệ hộ nghèo năm 2024 của phường Thọ Xương"]) == 0
    assert "0,5%" in capsys.readouterr().out


def test_index_with_nothing_changed_loads_no_model(tmp_path):
    """A no-op re-index decides from hashes alone: torch and the chunker are never imported,
    and the printed time is the whole process's."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("KẾ HOẠCH\nPhát triển kinh tế xã Yên Hòa năm 2025\n"
                                  "1. Thu ngân sách đạt 5 tỷ đồng.\n", encoding="utf-8")
    env = {**__import__("os").environ, "ASSISTANT_EMBED_MODEL": "hashing"}
    cmd = [sys.executable, "-c", "import sys; from assistant.cli import main; code = main(sys.argv[1:]); "
           "print('LOADED', sorted(m for m in ('torch', 'bm25s', 'langchain_text_splitters') if m in sys.modules)); "
           "sys.exit(code)", "index", "--corpus", str(corpus), "--index", str(tmp_path / "index")]
    first = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
    assert "indexed" in first.stdout and "LOADED ['bm25s', 'langchain_text_splitters']" in first.stdout
    again = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
    assert "unchanged a.txt" in again.stdout and "LOADED []" in again.stdout
    seconds = float(again.stdout.split(" s\n")[0].rsplit(", ", 1)[1])
    assert 0.0 < seconds < 5.0
    (corpus / "a.txt").write_text("KẾ HOẠCH\nxã Yên Hòa năm 2025\n1. Thu 6 tỷ đồng.\n", encoding="utf-8")
    changed = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
    assert "indexed   a.txt" in changed.stdout
