"""The catalog as a matrix of unit vectors, row i for article i, built from the disk cache plus what changed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.core.catalog.model import Article
from bot.semantic.doc_text import document_text
from bot.semantic.encoder import Encoder, Progress, Vector
from bot.semantic.vector_cache import VectorCache, content_key, model_folder

#: New vectors between two saves of the cache during a build (about 40 s of embedding on 2 cores).
CHECKPOINT = 512


@dataclass(frozen=True, slots=True)
class DocumentVectors:
    """`matrix[i]` is the vector of `slugs[i]`, in the order of the articles given to `build`.

    `embedded` and `reused` say what the build cost: a restart with an unchanged catalog embeds nothing.
    """

    model_id: str
    slugs: tuple[str, ...]
    matrix: Vector
    embedded: int
    reused: int

    @classmethod
    def build(
        cls,
        articles: Sequence[Article],
        encoder: Encoder,
        cache_root: Path | None,
        progress: Progress | None = None,
        checkpoint: int = CHECKPOINT,
    ) -> DocumentVectors:
        """Embed the articles whose text is not cached, then rewrite the cache to hold exactly this catalog.

        `cache_root` is DATA_DIR/vectors (one sub-folder per model), or None for no disk cache. `progress` is
        called after each batch with (done, to_embed); not at all when everything came from the cache. The
        cache is saved every `checkpoint` new vectors, so a first build of a large catalog that is stopped
        half-way resumes where it stopped. Raises `EmbeddingError` if the model fails.
        """
        texts = [document_text(article) for article in articles]
        matrix, embedded = embed_texts(texts, encoder, cache_root, progress, checkpoint)
        slugs = tuple(article.slug for article in articles)
        return cls(encoder.model_id, slugs, matrix, embedded, len(texts) - embedded)


def embed_texts(
    texts: Sequence[str],
    encoder: Encoder,
    cache_root: Path | None,
    progress: Progress | None = None,
    checkpoint: int = CHECKPOINT,
) -> tuple[Vector, int]:
    """Row i is the vector of `texts[i]`, from the cache when known; returns the matrix and how many texts had
    to be embedded. The cache ends up holding exactly these texts, so pass every text the catalog needs in one
    call."""
    keys = [content_key(encoder.model_id, text) for text in texts]
    cache = VectorCache(model_folder(cache_root, encoder.model_id)) if cache_root is not None else None
    known = cache.load(encoder.dimension) if cache is not None else {}
    texts_by_key = dict(zip(keys, texts, strict=True))
    unique = list(texts_by_key)
    missing = [key for key in unique if key not in known]
    step = max(1, checkpoint)
    for start in range(0, len(missing), step):
        chunk = missing[start : start + step]
        fresh = encoder.embed_documents(
            [texts_by_key[key] for key in chunk], _offset(progress, start, len(missing))
        )
        known.update(zip(chunk, fresh, strict=True))
        if cache is not None:
            cache.save(*_entries(known, unique, encoder.dimension))
    if cache is not None and not missing and len(known) != len(unique):
        cache.save(*_entries(known, unique, encoder.dimension))  # only removals: drop them from the file too
    matrix = np.zeros((len(keys), encoder.dimension), dtype=np.float32)
    for row, key in enumerate(keys):
        matrix[row] = known[key]
    matrix.setflags(write=False)
    return matrix, len(missing)


def _entries(known: dict[str, Vector], unique: list[str], dimension: int) -> tuple[list[str], Vector]:
    """The cache's content: this catalog's keys that have a vector so far, nothing else."""
    present = [key for key in unique if key in known]
    return present, np.stack([known[key] for key in present]) if present else np.zeros(
        (0, dimension), np.float32
    )


def _offset(progress: Progress | None, done_before: int, total: int) -> Progress | None:
    if progress is None:
        return None
    return lambda done, _chunk_total: progress(done_before + done, total)


def similarities(matrix: Vector, query: Vector) -> Vector:
    """Cosine similarity of the query to every row (both unit length, so a dot product), shape `[n]`."""
    if matrix.ndim != 2 or query.ndim != 1 or matrix.shape[1] != query.shape[0]:
        raise ValueError(
            f"cannot compare vectors {query.shape} with a matrix {matrix.shape}: different models?"
        )
    return (matrix @ query).astype(np.float32, copy=False)
