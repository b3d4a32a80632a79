import json

import numpy as np
import pytest

from assistant import store
from assistant.embedding import hashing_encoder
from assistant.indexing import build_index, model_identity
from assistant.retrieval import open_index


class CountingEncoder:
    """Wraps the hashing encoder and counts the passages it is asked to embed."""

    def __init__(self):
        self.inner = hashing_encoder()
        self.name, self.dim = self.inner.name, self.inner.dim
        self.query_prefix = self.passage_prefix = ""
        self.embedded = 0

    def encode_passages(self, texts):
        self.embedded += len(texts)
        return self.inner.encode_passages(texts)

    def encode_query(self, text):
        return self.inner.encode_query(text)


def test_round_trip_keeps_passages_and_vectors(corpus_copy, tmp_path, encoder):
    index_dir = tmp_path / "index"
    report = build_index(corpus_copy, index_dir, encoder)
    assert {f.status for f in report.files} == {"indexed"}
    loaded = open_index(index_dir, encoder)
    assert len(loaded.passages) == report.passages == loaded.embeddings.shape[0]
    manifest = json.loads((loaded.build / "manifest.json").read_text())
    assert manifest["model"] == {"name": encoder.name, "dim": encoder.dim, "query_prefix": "", "passage_prefix": ""}
    assert set(manifest["files"]) == {p.name for p in corpus_copy.iterdir()}
    row = 5
    expected = encoder.encode_passages([loaded.search_texts[row]])[0]
    assert np.allclose(loaded.embeddings[row], expected, atol=1e-6)
    places = {d.place_label for d in loaded.docs}
    assert "xã Lương Phong" in places and "phường Thọ Xương" in places


def test_incremental_reindex_embeds_only_what_changed(corpus_copy, tmp_path):
    index_dir = tmp_path / "index"
    enc = CountingEncoder()
    build_index(corpus_copy, index_dir, enc)
    first = enc.embedded
    enc.embedded = 0
    report = build_index(corpus_copy, index_dir, enc)
    assert enc.embedded == 0
    assert {f.status for f in report.files} == {"unchanged"}

    changed = corpus_copy / "001_6408b6de553e8b45.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nĐoạn bổ sung mới về chỉ tiêu.\n", encoding="utf-8")
    (corpus_copy / "000_b2f6895b3ee26df3.txt").unlink()
    report = build_index(corpus_copy, index_dir, enc)
    statuses = {f.source: f.status for f in report.files}
    assert statuses["001_6408b6de553e8b45.txt"] == "indexed"
    assert statuses["000_b2f6895b3ee26df3.txt"] == "removed"
    assert statuses["004_164104ac10e67ad6.txt"] == "unchanged"
    loaded = open_index(index_dir, enc)
    n_changed = sum(p.source == "001_6408b6de553e8b45.txt" for p in loaded.passages)
    assert 0 < enc.embedded <= n_changed < first
    assert "000_b2f6895b3ee26df3.txt" not in {d.source for d in loaded.docs}


def test_rebuild_starts_from_scratch(corpus_copy, tmp_path):
    enc = CountingEncoder()
    build_index(corpus_copy, tmp_path / "index", enc)
    first = enc.embedded
    enc.embedded = 0
    report = build_index(corpus_copy, tmp_path / "index", enc, rebuild=True)
    assert {f.status for f in report.files} == {"indexed"}
    assert enc.embedded == first


def test_index_of_another_model_is_refused(built_index):
    other = hashing_encoder(dim=32)
    with pytest.raises(store.IndexUnusable, match="rebuild"):
        open_index(built_index, other)


def test_index_of_another_format_is_refused(corpus_copy, tmp_path, encoder):
    index_dir = tmp_path / "index"
    build_index(corpus_copy, index_dir, encoder)
    manifest_path = store.current_build(index_dir) / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["format_version"] = 0
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(store.IndexUnusable, match="rebuild"):
        open_index(index_dir, encoder)


def test_missing_index_says_how_to_build(tmp_path, encoder):
    with pytest.raises(store.IndexUnusable, match="assistant index"):
        open_index(tmp_path / "nothing", encoder)


def test_bm25_only_index(corpus_copy, tmp_path):
    build_index(corpus_copy, tmp_path / "index", None)
    loaded = open_index(tmp_path / "index", None)
    assert loaded.embeddings is None and len(loaded.passages) > 100


def test_a_passage_silent_on_target_or_result_takes_its_sections_word(built_index, encoder):
    from assistant.retrieval import open_index
    index = open_index(built_index, encoder)
    rows = [i for i, p in enumerate(index.passages) if p.text.startswith("- Trạm y tế duy trì đạt chuẩn quốc gia")]
    assert rows and all(index.intent(i) == "target" for i in rows)  # under "2. Các chỉ tiêu chủ yếu"


def test_a_changed_vocabulary_reads_every_plan_again(tmp_path, encoder, monkeypatch):
    from assistant import freshness, lexicon
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("UBND XÃ AN PHÚ\nKẾ HOẠCH năm 2026 của xã An Phú\nThu ngân sách 5 tỷ đồng.\n",
                                  encoding="utf-8")
    build_index(corpus, tmp_path / "index", encoder)
    name = model_identity(encoder)[0]
    assert freshness.up_to_date(corpus, tmp_path / "index", name) is not None  # nothing changed: nothing to do
    monkeypatch.setattr(lexicon, "digest", lambda folder=None: "another vocabulary")
    assert freshness.up_to_date(corpus, tmp_path / "index", name) is None  # every plan is read again
