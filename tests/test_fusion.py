import numpy as np

from assistant.fusion import coverage, idf, max_normalise


def test_max_normalise_of_zeros():
    assert np.allclose(max_normalise(np.zeros(3)), 0)


def test_idf_falls_with_document_frequency():
    assert idf(1, 100) > idf(50, 100) > 0


def test_coverage_is_the_weighted_share_found():
    assert coverage({"a": 3.0, "b": 1.0}, {"a"}) == 0.75
    assert coverage({}, {"a"}) == 0.0
