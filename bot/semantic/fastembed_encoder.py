"""A named model through fastembed, for deployments with network access that want a model we do not package.

fastembed is an optional extra (`pip install 'insights-bot[fastembed]'`): it downloads the model on first use and
caches it under `cache_dir`. Nothing here runs in this project's tests, which are offline: only the "fastembed
is missing" path is exercised.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bot.errors import EmbeddingError
from bot.semantic.encoder import Progress, QueryMemo, Vector, l2_normalise

_BATCH = 32


class FastembedEncoder:
    """Wraps `fastembed.TextEmbedding`; vectors are normalised here too, whatever the model does itself."""

    def __init__(self, model: Any, name: str, *, query_memo_size: int = 256) -> None:
        self._model = model
        self._model_id = "fastembed-" + re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-").lower()
        self._memo = QueryMemo(query_memo_size)
        self._dimension = int(self._documents(["dimension probe"]).shape[1])

    @property
    def model_id(self) -> str:
        return self._model_id

    @property
    def dimension(self) -> int:
        return self._dimension

    def embed_query(self, text: str) -> Vector:
        return self._memo.get_or_compute(text, self._query)

    def embed_documents(self, texts: Sequence[str], progress: Progress | None = None) -> Vector:
        parts = []
        for start in range(0, len(texts), _BATCH):
            parts.append(self._documents(list(texts[start : start + _BATCH])))
            if progress is not None:
                progress(min(start + _BATCH, len(texts)), len(texts))
        return np.concatenate(parts) if parts else np.zeros((0, self._dimension), dtype=np.float32)

    def _query(self, text: str) -> Vector:
        try:
            vector: Vector = l2_normalise(np.stack(list(self._model.query_embed(text))))[0]
            return vector
        except Exception as exc:  # fastembed and ORT raise untyped errors; callers catch one type
            raise EmbeddingError(f"embedding failed: {type(exc).__name__}: {exc}") from exc

    def _documents(self, texts: list[str]) -> Vector:
        try:
            return l2_normalise(np.stack(list(self._model.embed(texts, batch_size=_BATCH))))
        except Exception as exc:
            raise EmbeddingError(f"embedding failed: {type(exc).__name__}: {exc}") from exc


def load_fastembed(name: str, cache_dir: Path | None, threads: int) -> FastembedEncoder:
    """Raises ImportError when the extra is not installed; download and load errors propagate to the loader."""
    module = importlib.import_module("fastembed")
    model = module.TextEmbedding(
        model_name=name, cache_dir=str(cache_dir) if cache_dir else None, threads=threads
    )
    return FastembedEncoder(model, name)
