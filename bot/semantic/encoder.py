"""What an embedding model looks like to the rest of the bot, and the small pieces every model shares.

Ranking code depends on `Encoder` only, so the packaged ONNX model, a local directory and a downloaded
fastembed model are interchangeable; `model_id` names everything that changes the vectors, so cached vectors
from one model are never compared with a query from another.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

#: `progress(done, total)`: called after each batch while documents are embedded.
Progress = Callable[[int, int], None]
Vector = NDArray[np.float32]


@runtime_checkable
class Encoder(Protocol):
    """Turns text into unit-length float32 vectors; cosine similarity is then a dot product."""

    @property
    def model_id(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def embed_query(self, text: str) -> Vector:
        """One query, shape `[dimension]`; repeated queries are answered from a small memo."""
        ...

    def embed_documents(self, texts: Sequence[str], progress: Progress | None = None) -> Vector:
        """Many documents, shape `[len(texts), dimension]`, in the order given."""
        ...


def l2_normalise(matrix: NDArray[np.floating]) -> Vector:
    """Rows scaled to unit length; an all-zero row (empty text) stays zero instead of becoming NaN."""
    values: Vector = np.asarray(matrix, dtype=np.float32)
    norms: Vector = np.linalg.norm(values, axis=-1, keepdims=True)
    scaled: Vector = (values / np.maximum(norms, np.float32(1e-12))).astype(np.float32, copy=False)
    return scaled


class QueryMemo:
    """A thread-safe LRU of query vectors: people repeat queries, and a hit costs microseconds, not milliseconds.

    Two threads missing on the same text both compute it; that wastes one inference but needs no lock held
    across the model call, so one slow query never blocks the others.
    """

    def __init__(self, size: int = 256) -> None:
        self._size = max(0, size)
        self._items: OrderedDict[str, Vector] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compute(self, text: str, compute: Callable[[str], Vector]) -> Vector:
        with self._lock:
            found = self._items.get(text)
            if found is not None:
                self._items.move_to_end(text)
                return found
        vector = compute(text)
        vector.setflags(write=False)  # shared between callers: nobody may change it in place
        with self._lock:
            self._items[text] = vector
            self._items.move_to_end(text)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return vector

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)
