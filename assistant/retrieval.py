"""The loaded index and the candidate search: the best BM25 rows and the rows most similar by
the dense model, restricted to the plans of the places asked about (ranking them is the fitted
ranker's business: ranking.py)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import bm25s
import numpy as np

from . import lexicon, store
from .embedding import Encoder
from .fusion import idf, max_normalise
from .indexing import model_identity, page_break_parts, search_texts
from .periods import ASIDE, section_years
from .places import Place
from .question import Query
from .vietnamese import (abbreviation_keys, defined_abbreviations, expand_abbreviations, fold, fold_syllable,
                         folded_words, query_terms, syllables)

CANDIDATES = 200
HISTORY_WEIGHT = 0.5
_YEAR = re.compile(r"\b(20\d\d)\b")
# Words of a comparison question that name no indicator ("so sánh các xã, phường").
# Folded syllables of the `comparison_term` phrases of assistant/vocabulary/question_words.tsv.
COMPARISON_TERMS = {fold(s) for phrase in lexicon.words("comparison_term") for s in phrase.split()}


@dataclass
class LoadedIndex:
    build: Path
    build_id: str
    manifest: dict
    docs: list[store.DocRecord]
    passages: list[store.PassageRecord]
    search_texts: list[str]
    bm25: bm25s.BM25
    embeddings: np.ndarray | None
    doc_number: dict[str, int]
    passage_doc: np.ndarray  # doc number of each passage
    texts: list[str]  # each plan's text: the build's folder may be pruned while this is in use
    _facts: dict = field(default_factory=dict, repr=False)  # per-row facts, computed on demand

    @cached_property
    def places(self) -> list[Place]:
        seen = []
        for d in self.docs:
            if d.place_name and Place(d.place_kind, d.place_name) not in seen:
                seen.append(Place(d.place_kind, d.place_name))
        return seen

    @cached_property
    def answering(self) -> np.ndarray | None:
        """0.0 for passages that answer nothing (the "Nơi nhận" list, the closing formula "Trên
        đây là …"), 1.0 for the rest; None when every passage may answer."""
        mask = np.array([p.kind not in ("recipients", "closing") for p in self.passages], dtype=np.float32)
        return None if mask.all() else mask

    @cached_property
    def doc_keys(self) -> list[str]:
        """Folded place name of each plan, as place_mask compares them."""
        return [fold(d.place_name) for d in self.docs]

    @cached_property
    def footnote_rows(self) -> dict[tuple[str, str], int]:
        """(plan, footnote number) -> row of that footnote passage."""
        out: dict[tuple[str, str], int] = {}
        for row, p in enumerate(self.passages):
            if p.footnote:
                out.setdefault((p.source, p.footnote), row)
        return out

    @cached_property
    def referrer_rows(self) -> dict[tuple[str, str], list[int]]:
        """(plan, footnote number) -> rows of the passages that refer to that footnote, in order."""
        out: dict[tuple[str, str], list[int]] = {}
        for row, p in enumerate(self.passages):
            for m in p.markers:
                out.setdefault((p.source, m), []).append(row)
        return out

    def doc_text(self, source: str) -> str:
        return self.texts[self.doc_number[source]]

    def doc_freq(self, term: str) -> int:
        """Passages holding a folded term or pair: read off the BM25 matrix (one column per
        term), so nothing is counted again at start-up."""
        tid = self.bm25.vocab_dict.get("~" + term)
        if tid is None:
            return 0
        indptr = self.bm25.scores["indptr"]
        return int(indptr[tid + 1] - indptr[tid])

    def idf(self, term: str) -> float:
        return idf(self.doc_freq(term), len(self.passages))

    def _fact(self, kind: str, row: int, compute):
        key = (kind, row)
        if key not in self._facts:
            self._facts[key] = compute()
        return self._facts[key]

    def vocab(self, row: int) -> set[str]:
        """Folded syllables and pairs of a passage's search text (for coverage)."""
        return self._fact("vocab", row, lambda: folded_vocab(self.search_texts[row]))

    @cached_property
    def other_part(self) -> dict[int, int]:
        """Each part of a paragraph a page break cut in two -> the other part."""
        pairs = page_break_parts(self.passages)
        return {a: b for a, b in pairs} | {b: a for a, b in pairs}

    def rows_of(self, source: str) -> list[int]:
        """The rows of one plan's passages, in the plan's order."""
        doc = self.doc_number[source]
        return self._fact("rows_of", doc, lambda: np.flatnonzero(self.passage_doc == doc).tolist())

    def title_vocab(self, row: int) -> set[str]:
        """Folded vocabulary of the title of the plan holding the passage: a question naming
        the document ("kế hoạch phát triển KT-XH năm 2024 của …") need not find those words
        in the passage."""
        doc = int(self.passage_doc[row])

        def read() -> set[str]:
            # and the abbreviations the plan defines for the title's words ("… xóa mù chữ (XMC)")
            title = self.docs[doc].title
            written = folded_words(title)
            defined = defined_abbreviations("\n\n".join(self.passages[r].text for r in self.rows_of(self.docs[doc].source)))
            return folded_vocab(title) | {key for key, long in defined.items() if folded_words(long) in written}
        return self._fact("title_vocab", doc, read)

    def doc_years(self, doc: int) -> frozenset:
        """Years a plan reports on or plans for: its own and its passages' (`period_years`, which
        leave out baselines "so với năm …" and dates)."""
        def read() -> frozenset:
            rows = self.rows_of(self.docs[doc].source)
            years = {y for r in rows for y in (getattr(self.passages[r], "period_years", None) or ())}
            own = getattr(self.docs[doc], "year", None)
            return frozenset(years | ({own} if own else set()))
        return self._fact("doc_years", doc, read)

    def years(self, row: int) -> tuple[set[int], set[int]]:
        """Years named in the passage's text, and those its section is dated to (periods.section_years)."""
        p = self.passages[row]
        return self._fact("years", row, lambda: ({int(y) for y in _YEAR.findall(p.text)}, section_years(p.headings)))

    def intent(self, row: int) -> str | None:
        """Target or result, as the passage says it, else as its section's heading does
        ("2. Các chỉ tiêu chủ yếu", "1. Kết quả thực hiện …")."""
        p = self.passages[row]

        def read() -> str | None:
            said = _passage_intent(p.text)
            if said is None and p.headings:
                said = _passage_intent(p.headings[-1])
            return None if said == "both" else said
        return self._fact("intent", row, read)


def folded_vocab(text: str) -> set[str]:
    """Folded syllables and bigrams of a text, with abbreviations in both directions."""
    expanded = [fold_syllable(s) for s in syllables(expand_abbreviations(text))]
    return set(expanded) | abbreviation_keys(text) | {f"{a}_{b}" for a, b in zip(expanded, expanded[1:])}


# ("đạt 104,2 kế hoạch" as syllables() writes "đạt 104,2% kế hoạch"; "vượt kế hoạch" needs no figure)
_MEASURED_AGAINST_TARGET = re.compile(r" (?:(?:đạt|vượt|bằng) \d[\d.,]*|vượt) (?:kế hoạch|chỉ tiêu)(?= )")


def _passage_intent(text: str) -> str | None:
    """Whether a passage states a target or a result, by the plan's own wording (accented:
    plans are written with diacritics, and "đặt"/"đạt" fold alike); "both" when it states
    both ("kế hoạch vốn là 80 tỷ; đã giải ngân 50 tỷ"), which its heading does not decide."""
    # an aside in brackets is a baseline or a note ("đón 46.000 lượt khách (năm nay ước 41.000 lượt)")
    f = " " + " ".join(syllables(ASIDE.sub(" ", text))) + " "
    # a figure measured against its target states a result ("đạt 104,2% kế hoạch", "vượt chỉ tiêu
    # tỉnh giao"): the target is named as its yardstick, unless the passage aims ("phấn đấu đạt
    # 100% kế hoạch")
    f, measured = _MEASURED_AGAINST_TARGET.subn(" ", f)
    target = any(f" {w} " in f for w in ("phấn đấu", "chỉ tiêu", "kế hoạch", "dự kiến", "mục tiêu"))
    result = (measured > 0 and not target) or any(f" {w} " in f for w in ("ước", "đã", "kết quả", "đạt được", "thực hiện được"))
    return "both" if target and result else "target" if target else "result" if result else None


def open_index(index_dir: Path, encoder: Encoder | None) -> LoadedIndex:
    """Load the live build. When a new build is swapped in (and the old one pruned) while
    this one is being read, the new one is read instead."""
    for _ in range(3):
        live = store.build_id(index_dir)
        if live is None:
            raise store.IndexUnusable(f"no index in {index_dir}; build it with `assistant index`")
        try:
            return _load(index_dir / "builds" / live.split("/")[-1], live, encoder)
        except (store.IndexUnusable, OSError, ValueError):
            if store.build_id(index_dir) == live:
                raise
    raise store.IndexUnusable(f"the index in {index_dir} changed while it was read; try again")


def _load(build: Path, build_id: str, encoder: Encoder | None) -> LoadedIndex:
    manifest = store.read_manifest(build)
    store.check_compatible(manifest, *model_identity(encoder))
    docs = store.read_docs(build)
    passages = store.read_passages(build)
    texts = search_texts(passages)
    doc_number = {d.source: i for i, d in enumerate(docs)}
    return LoadedIndex(
        build=build, build_id=build_id, manifest=manifest, docs=docs,
        passages=passages, search_texts=texts,
        bm25=bm25s.BM25.load(str(build / "bm25")), embeddings=store.read_embeddings(build),
        doc_number=doc_number,
        passage_doc=np.array([doc_number[p.source] for p in passages], dtype=np.int32),
        texts=[store.read_text(build, n) for n in range(len(docs))],
    )


def place_mask(index: LoadedIndex, places: list[Place], who: bool = False) -> np.ndarray | None:
    """1.0 for passages of the places' plans that can answer, 0.0 elsewhere; None = every passage.
    The "Nơi nhận" list answers only who signed, whose name may stand beside it."""
    answering = None if who else index.answering
    if not places:
        return answering
    keys = {p.key for p in places}
    docs = np.array([key in keys for key in index.doc_keys], dtype=np.float32)
    mask = docs[index.passage_doc]
    return mask if answering is None else mask * answering


def place_terms(places: list[Place]) -> set[str]:
    """Folded syllables and bigrams of place names, and of kind + name ("phuong_tho")."""
    out: set[str] = set()
    for p in places:
        words = fold(p.label).split()
        out.update(fold(p.name).split())
        out.update(f"{a}_{b}" for a, b in zip(words, words[1:]))
    return out


def bm25_scores(index: LoadedIndex, text: str, mask: np.ndarray | None, drop: set[str] = frozenset()) -> np.ndarray:
    """BM25 of the question's terms; `drop` removes the names of places already filtered on,
    which every passage of those plans would otherwise match."""
    terms = [t for t in dict.fromkeys(query_terms(text))
             if t in index.bm25.vocab_dict and fold(t.lstrip("~")) not in drop]
    if not terms:
        return np.zeros(len(index.passages), dtype=np.float32)
    return index.bm25.get_scores(terms, weight_mask=mask)


@dataclass(frozen=True)
class Pool:
    """Candidate rows of one search with their raw scores: BM25 (max-normalised over the pool)
    and cosine to the question (0 without a model)."""
    rows: np.ndarray
    lexical: np.ndarray
    dense: np.ndarray


def retrieve(index: LoadedIndex, q: Query, encoder: Encoder | None, places: list[Place] | None = None,
             lexical_depth: int = 30, dense_depth: int = 10) -> Pool:
    """The `lexical_depth` best BM25 rows and the `dense_depth` most similar rows, within
    `places` (default: the question's); what ranks them is the fitted ranker's business."""
    places = q.places if places is None else places
    mask = place_mask(index, places, q.who)
    drop = place_terms(places) | (COMPARISON_TERMS if q.comparison else set())
    lexical = bm25_scores(index, q.question, mask, drop)
    if q.follow_up and q.context:
        weight = 1.0 if q.anaphoric else HISTORY_WEIGHT
        lexical = lexical + weight * bm25_scores(index, q.context, mask, drop)
    rows = top_rows(lexical, lexical_depth, 0.0)
    sims = None
    if encoder is not None and index.embeddings is not None:
        text = f"{q.context} {q.question}" if q.follow_up and q.context else q.question
        sims = dense_scores(index, encoder.encode_query(text), mask)
        rows = np.unique(np.concatenate([rows, top_rows(sims, dense_depth, -1.0)]))
    rows = np.asarray(rows, dtype=np.int64)
    lex = max_normalise(lexical[rows]) if len(rows) else np.zeros(0)
    dense = sims[rows] if sims is not None else np.zeros(len(rows))
    return Pool(rows=rows, lexical=lex, dense=dense)


def dense_scores(index: LoadedIndex, qvec: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
    """Cosine of each passage to the question; -1 outside the asked places' plans, whose rows
    are not even multiplied (one plan of 200 is 0.5% of the matrix)."""
    if mask is None:
        return index.embeddings @ qvec
    rows = np.flatnonzero(mask)
    if len(rows) > len(mask) // 2:  # most passages (every plan, less its "Nơi nhận" lists): no copy
        sims = index.embeddings @ qvec
        sims[mask == 0] = -1.0
        return sims
    sims = np.full(len(index.passages), -1.0, dtype=np.float32)
    sims[rows] = index.embeddings[rows] @ qvec
    return sims


def top_rows(scores: np.ndarray, n: int, floor: float) -> np.ndarray:
    """Rows scoring above `floor`, the n highest first, ties in row order (a stable argsort's
    first n) without sorting every row."""
    rows = np.flatnonzero(scores > floor)
    if len(rows) > 4 * n:
        kth = np.partition(scores[rows], len(rows) - n)[len(rows) - n]
        rows = rows[scores[rows] >= kth]
    return rows[np.argsort(-scores[rows], kind="stable")][:n]


class LiveIndex:
    """The index as readers see it while builds come and go: `get()` returns the loaded
    build, re-opening it when a new build has been swapped in. If the new build cannot be
    opened, the one already in memory keeps answering."""

    def __init__(self, index_dir: Path, encoder: Encoder | None):
        self.index_dir = Path(index_dir)
        self.encoder = encoder
        self._loaded: LoadedIndex | None = None

    def get(self) -> LoadedIndex:
        live = store.build_id(self.index_dir)
        if self._loaded is None:
            self._loaded = open_index(self.index_dir, self.encoder)
        elif live and live != self._loaded.build_id:
            try:
                self._loaded = open_index(self.index_dir, self.encoder)
            except (store.IndexUnusable, OSError, ValueError):
                pass
        return self._loaded
