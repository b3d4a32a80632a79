"""Candidates: the passages worth ranking for a question (BM25 and dense search within the
places asked), each turned into the `Candidate` value the features read."""
from __future__ import annotations

import re

from .embedding import Encoder
from .features import Candidate
from .places import Place
from .question import Query
from .retrieval import LoadedIndex, folded_vocab, retrieve

_YEAR = re.compile(r"\b(20\d\d)\b")


def passage_years(index: LoadedIndex, row: int) -> frozenset:
    """Years the passage reports on or plans for: the index's reading when it has one
    (`period_years`, which leaves out baselines such as "so với năm 2022"), else every year
    the passage names."""
    said = getattr(index.passages[row], "period_years", None)
    if said:
        return frozenset(said)
    return frozenset(index.years(row)[0])


def candidate(index: LoadedIndex, row: int, bm25: float = 0.0, dense: float = 0.0) -> Candidate:
    p = index.passages[row]

    def build() -> dict:
        return dict(text=p.text, kind=p.kind, headings=tuple(p.headings),
                    vocab=frozenset(index.vocab(row) | index.title_vocab(row)),
                    text_vocab=frozenset(folded_vocab(p.text)),
                    heading_vocab=frozenset(folded_vocab(" ".join(p.headings))),
                    intent=index.intent(row), years=passage_years(index, row),
                    heading_years=frozenset(index.years(row)[1]), search_text=index.search_texts[row])
    return Candidate(row=row, bm25=bm25, dense=dense, **index._fact("candidate", row, build))


def candidates(index: LoadedIndex, encoder: Encoder | None, q: Query, places: list[Place] | None = None,
               lexical_depth: int = 30, dense_depth: int = 10) -> list[Candidate]:
    pool = retrieve(index, q, encoder, places, lexical_depth, dense_depth)
    return [candidate(index, int(r), float(b), float(d)) for r, b, d in zip(pool.rows, pool.lexical, pool.dense)]
