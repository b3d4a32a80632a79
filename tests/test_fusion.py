import numpy as np

from assistant.fusion import coverage, fuse, idf, max_normalise, reciprocal_rank_fusion


def test_fuse_without_dense_is_normalised_bm25():
    assert np.allclose(fuse(np.array([2.0, 1.0, 0.0]), None), [1.0, 0.5, 0.0])


def test_dense_reorders_close_lexical_scores_only_by_its_weight():
    bm25 = np.array([1.0, 0.95])
    dense = np.array([0.1, 0.9])
    assert np.argmax(fuse(bm25, dense, 0.3)) == 1
    assert np.argmax(fuse(np.array([1.0, 0.5]), dense, 0.3)) == 0


def test_max_normalise_of_zeros():
    assert np.allclose(max_normalise(np.zeros(3)), 0)


def test_rrf_prefers_rows_ranked_high_in_both():
    scores = reciprocal_rank_fusion([[1, 2, 3], [2, 1, 3]])
    assert scores[1] == scores[2] > scores[3]


def test_idf_falls_with_document_frequency():
    assert idf(1, 100) > idf(50, 100) > 0


def test_coverage_is_the_weighted_share_found():
    assert coverage({"a": 3.0, "b": 1.0}, {"a"}) == 0.75
    assert coverage({}, {"a"}) == 0.0
