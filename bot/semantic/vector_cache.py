"""Document vectors on disk, keyed by content, so a restart or a hot reload embeds only what changed.

One file per model, `<root>/<model-id>/vectors.npz`, holding `keys` (SHA-256 of model id + document text) and
`vectors` (float32, one row per key). It is replaced whole by write-to-temp-then-rename, so a reader sees the old
file or the new one, never half of one; a file that is truncated, garbled (zip CRC) or of the wrong shape is
reported once and rebuilt, never trusted and never fatal.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bot.semantic.encoder import Vector

log = logging.getLogger(__name__)

FILE_NAME = "vectors.npz"
_UNREADABLE = (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile)


def content_key(model_id: str, text: str) -> str:
    """The model id is part of the key, so a vector is never reused across models even in a shared folder."""
    data = text.encode("utf-8", "surrogatepass")  # a stray surrogate must not stop the whole catalog
    return hashlib.sha256(model_id.encode("utf-8") + b"\0" + data).hexdigest()


def model_folder(root: Path, model_id: str) -> Path:
    """A file-system-safe folder name for a model id (fastembed names contain slashes)."""
    return root / (re.sub(r"[^A-Za-z0-9._-]+", "-", model_id).strip("-.") or "model")


class VectorCache:
    """Reads and replaces one model's vector file; every failure degrades to "nothing cached"."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / FILE_NAME

    def load(self, dimension: int) -> dict[str, Vector]:
        """Cached vectors by key; empty when there is no file or it cannot be trusted."""
        if not self.path.exists():
            return {}
        try:
            with np.load(self.path, allow_pickle=False) as data:
                keys, vectors = np.asarray(data["keys"]), np.asarray(data["vectors"])
        except _UNREADABLE as exc:
            log.warning(
                "vector cache %s is unreadable (%s: %s); re-embedding", self.path, type(exc).__name__, exc
            )
            return {}
        problem = _shape_problem(keys, vectors, dimension)
        if problem:
            log.warning("vector cache %s is unusable (%s); re-embedding", self.path, problem)
            return {}
        return {str(key): vectors[row] for row, key in enumerate(keys)}

    def save(self, keys: Sequence[str], vectors: Vector) -> bool:
        """Atomic replace; a full or read-only disk costs the cache (logged), never the catalog."""
        temp: str | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".vectors-", suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                np.savez(stream, keys=np.asarray(keys, dtype="<U64"), vectors=vectors.astype(np.float32))
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temp, self.path)
            return True
        except OSError as exc:
            log.warning(
                "vector cache %s not saved (%s); vectors will be re-embedded next start", self.path, exc
            )
            if temp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
            return False


def _shape_problem(keys: np.ndarray, vectors: np.ndarray, dimension: int) -> str | None:
    if keys.ndim != 1 or vectors.ndim != 2:
        return f"keys of rank {keys.ndim}, vectors of rank {vectors.ndim}"
    if len(keys) != len(vectors):
        return f"{len(keys)} keys for {len(vectors)} vectors"
    if vectors.shape[1] != dimension or vectors.dtype != np.float32:
        return f"vectors {vectors.dtype}[{vectors.shape[1]}], model needs float32[{dimension}]"
    if not np.isfinite(vectors).all():
        return "non-finite values"
    return None
