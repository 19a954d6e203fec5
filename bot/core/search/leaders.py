"""The leading documents of a ranking without sorting every document: the first of the order a stable
descending sort gives (ties: lower index first), for search's answer candidates, its result pages, fusion and the
passages worth comparing. One definition, so that every part of search breaks ties the same way.
"""

from __future__ import annotations

import numpy as np


def stable_leaders(values: np.ndarray, depth: int) -> np.ndarray:
    """The first `depth` documents of the order a stable descending sort gives (ties: lower index first)."""
    pool = _pool(values, depth)
    return pool[np.argsort(-values[pool], kind="stable")[:depth]]


def positive_leaders(values: np.ndarray, depth: int) -> np.ndarray:
    """`stable_leaders` among the documents valued above zero (a word ranking ranks nothing else)."""
    positive = np.flatnonzero(values > 0)
    leaders: np.ndarray = positive[stable_leaders(values[positive], depth)]
    return leaders


def _pool(values: np.ndarray, depth: int) -> np.ndarray:
    """Indices, ascending, of a few documents that include the leaders: those at or above a threshold that a
    sample of every `stride`-th value puts a few times `depth` documents above. All of them when that sample
    misjudged (fewer than `depth` qualify), so the answer never depends on the sample."""
    if depth >= values.size:
        return np.arange(values.size)
    stride = max(1, values.size // 2048)
    sample = values[::stride]
    rank = min(sample.size, 4 * depth // stride + 2)
    threshold = np.partition(sample, sample.size - rank)[sample.size - rank]
    pool = np.flatnonzero(values >= threshold)
    return pool if pool.size >= depth else np.arange(values.size)


def leaders_among(docs: np.ndarray, values: np.ndarray, count: int) -> np.ndarray:
    """`stable_leaders` of the documents `docs` (ascending, as `np.flatnonzero` gives them)."""
    chosen: np.ndarray = docs[stable_leaders(values[docs], count)]
    return chosen
