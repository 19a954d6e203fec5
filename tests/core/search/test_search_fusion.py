"""Fusion ranks only the leading documents of each order; the answer must be the one sorting every document
gives, ties and all, or a large catalog would show different answers than a small one with the same articles."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.search.fusion import CORRECTED_WORDS_WEIGHT, FUSION_K, fused_order
from bot.core.search.leaders import positive_leaders, stable_leaders
from bot.core.search.lexical import Evidence


def _full_sort(evidence: Evidence, similarity: np.ndarray, count: int) -> list[int]:
    """Reciprocal-rank fusion over every document: both orders sorted in full, ties to the lower index."""
    n_docs = similarity.size
    word_rank = np.full(n_docs, np.inf)
    word_rank[np.argsort(-evidence.scores, kind="stable")] = np.arange(n_docs)
    word_rank[evidence.scores <= 0] = np.inf
    meaning_rank = np.empty(n_docs)
    meaning_rank[np.argsort(-similarity, kind="stable")] = np.arange(n_docs)
    weight = CORRECTED_WORDS_WEIGHT if evidence.corrected else 1.0
    fused = weight / (FUSION_K + word_rank) + 1.0 / (FUSION_K + meaning_rank)
    return [int(d) for d in np.lexsort((np.arange(n_docs), -fused))[:count]]


def _evidence(scores: np.ndarray, corrected: bool) -> Evidence:
    empty = np.zeros(0, dtype=np.int64)
    return Evidence(scores, np.zeros_like(scores), (), empty, corrected)


# Few distinct values, so ties between documents are common in both orders.
_values = st.lists(st.sampled_from([0.0, 0.0, 0.1, 0.25, 0.5, 0.5, 0.9, -0.2]), min_size=1, max_size=120)


@settings(max_examples=300, deadline=None)
@given(_values, st.data(), st.booleans(), st.integers(1, 8))
def test_fusion_picks_what_a_full_sort_picks(
    words: list[float], data: st.DataObject, corrected: bool, count: int
) -> None:
    meaning = data.draw(
        st.lists(st.sampled_from([-0.1, 0.1, 0.3, 0.3, 0.45, 0.7]), min_size=len(words), max_size=len(words))
    )
    scores = np.array(words, dtype=np.float32)
    similarity = np.array(meaning, dtype=np.float32)
    evidence = _evidence(scores, corrected)
    assert fused_order(evidence, similarity, count) == _full_sort(evidence, similarity, count)


def test_fusion_on_a_large_catalog_matches_the_full_sort() -> None:
    rng = np.random.default_rng(3)
    for corrected in (False, True):
        scores = np.where(rng.random(20_000) < 0.05, rng.random(20_000), 0.0).astype(np.float32)
        similarity = rng.standard_normal(20_000).astype(np.float32)
        evidence = _evidence(scores, corrected)
        assert fused_order(evidence, similarity, 6) == _full_sort(evidence, similarity, 6)


@given(st.lists(st.sampled_from([0.0, 1.0, 2.0, 2.0, 3.0]), min_size=1, max_size=60), st.integers(1, 70))
def test_leaders_are_the_head_of_a_stable_sort(values: list[float], depth: int) -> None:
    array = np.array(values, dtype=np.float32)
    expected = np.argsort(-array, kind="stable")[:depth]
    assert stable_leaders(array, depth).tolist() == expected.tolist()


@settings(max_examples=50, deadline=None)
@given(st.integers(2_049, 30_000), st.integers(1, 40), st.integers(1, 6), st.integers(0, 2**32 - 1))
def test_leaders_of_a_large_catalog_with_many_ties(size: int, depth: int, levels: int, seed: int) -> None:
    """Past 2,048 documents a sample picks the threshold; ties at it, or a sample that misjudges, must not
    change the answer."""
    array = np.random.default_rng(seed).integers(0, levels, size).astype(np.float32)
    assert stable_leaders(array, depth).tolist() == np.argsort(-array, kind="stable")[:depth].tolist()
    expected = [int(d) for d in np.argsort(-array, kind="stable")[:depth] if array[d] > 0]
    assert positive_leaders(array, depth).tolist() == expected
