"""An article's meaning score: its whole text, mixed with its best short passage (weighing PASSAGE_WEIGHT) when it
is among the leading candidates. The fast path (no full sort, no per-article arrays) must give the figure a plain loop gives
(ties at the edge of the leading set go to the earlier article, as everywhere in search)."""

from __future__ import annotations

import numpy as np

from bot.semantic import OnnxEncoder
from bot.semantic.meaning import CANDIDATES, PASSAGE_WEIGHT, CatalogMeaning


def _plain(meaning_parts: tuple[np.ndarray, np.ndarray, np.ndarray], query: np.ndarray) -> np.ndarray:
    """Every article's whole-text cosine; the leading CANDIDATES (stable order, lower index first on ties) with
    passages mix it with their best passage."""
    whole, passages, starts = meaning_parts
    scores = whole @ query
    leading = np.argsort(-scores, kind="stable")[:CANDIDATES]
    mixed = scores.copy()
    for doc in leading:
        rows = passages[starts[doc] : starts[doc + 1]].astype(np.float32)
        if rows.size:
            mixed[doc] = PASSAGE_WEIGHT * (rows @ query).max() + (1 - PASSAGE_WEIGHT) * scores[doc]
    return mixed


def test_passages_lift_only_the_leading_articles_as_a_plain_loop_would(minilm: OnnxEncoder) -> None:
    rng = np.random.default_rng(5)
    n_docs = 300
    whole = rng.standard_normal((n_docs, minilm.dimension)).astype(np.float32)
    whole /= np.linalg.norm(whole, axis=1, keepdims=True)
    whole[10:20] = whole[9]  # ties at the same score, some of them at the edge of the leading set
    counts = rng.integers(0, 4, n_docs)  # some articles have no passage at all
    starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    passages = rng.standard_normal((int(starts[-1]), minilm.dimension)).astype(np.float32)
    passages = (passages / np.linalg.norm(passages, axis=1, keepdims=True)).astype(np.float16)
    meaning = CatalogMeaning(minilm, whole, passages, starts)
    query = "how do we rotate database credentials"
    got = meaning.similarities(query)
    assert got is not None
    expected = _plain((whole, passages, starts), minilm.embed_query(query))
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-6)  # BLAS may sum a row in another order
    assert got.dtype == np.float32


def test_a_catalog_without_passages_scores_whole_texts(minilm: OnnxEncoder) -> None:
    whole = np.eye(3, minilm.dimension, dtype=np.float32)
    meaning = CatalogMeaning(
        minilm, whole, np.zeros((0, minilm.dimension), np.float16), np.zeros(4, np.int64)
    )
    got = meaning.similarities("anything at all")
    assert got is not None
    np.testing.assert_array_equal(got, whole @ minilm.embed_query("anything at all"))
