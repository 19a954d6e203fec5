"""How close a question's meaning is to each article: the `Meaning` the search engine asks for.

An article is embedded whole (title, summary, tags, body) and as a few short passages: its title, its tags,
its summary's first sentences and the `questions:` it declares. A question usually paraphrases one of those, and a short
passage matches it more sharply than the whole text does; on the blind dev set, averaging the best passage
with the whole text left fewer unrelated articles shown for unanswerable questions than either alone, and the
best passage weighing 0.7 ranked the right article first more often than an even mix (docs/search.md). Passages are compared only for the leading candidates, and stored as float16, so a large
catalog costs one float32 row per article plus a few half-size rows.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bot.core.catalog.model import Article
from bot.core.search.leaders import stable_leaders
from bot.errors import EmbeddingError
from bot.semantic.doc_text import document_text, tag_text
from bot.semantic.document_vectors import embed_texts
from bot.semantic.encoder import Encoder, Progress, Vector
from bot.semantic.vector_cache import VectorCache, content_key, model_folder

log = logging.getLogger(__name__)

MAX_PASSAGES = 6
PASSAGE_WEIGHT = 0.7
SUMMARY_SENTENCES = 2
CANDIDATES = 64
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def passages(article: Article) -> list[str]:
    """The short texts a question may paraphrase: title, tags, declared questions, first summary sentences.

    Declared questions come before the summary, which the whole text holds anyway: an owner who adds one to
    close a gap must see it used."""
    sentences = [s.strip() for s in _SENTENCE_END.split(article.summary) if s.strip()]
    found = [article.title, tag_text(article), *article.questions, *sentences[:SUMMARY_SENTENCES]]
    return list(dict.fromkeys(p for p in found if p.strip()))[:MAX_PASSAGES]


class CatalogMeaning:
    """Similarities of a query to every article of one catalog (rows in catalog order)."""

    def __init__(
        self, encoder: Encoder, whole: Vector, passage_vectors: np.ndarray, starts: np.ndarray
    ) -> None:
        self._encoder = encoder
        self._whole = whole
        self._passages = passage_vectors
        self._starts = starts

    @staticmethod
    def texts(articles: Sequence[Article]) -> tuple[list[str], list[list[str]]]:
        """Every text a catalog needs embedded (whole texts first, then passages), and the passages per article."""
        split = [passages(article) for article in articles]
        return [document_text(article) for article in articles] + [p for group in split for p in group], split

    @staticmethod
    def missing(articles: Sequence[Article], encoder: Encoder, cache_root: Path | None) -> int:
        """How many of the catalog's texts the cache lacks: what a build would have to embed."""
        texts, _ = CatalogMeaning.texts(articles)
        if cache_root is None:
            return len(set(texts))
        known = VectorCache(model_folder(cache_root, encoder.model_id)).load(encoder.dimension)
        return len({content_key(encoder.model_id, text) for text in texts} - known.keys())

    @classmethod
    def build(
        cls,
        articles: Sequence[Article],
        encoder: Encoder,
        cache_root: Path | None,
        progress: Progress | None = None,
    ) -> CatalogMeaning:
        """Embeds what the cache lacks (whole texts and passages in one pass, so one cache file holds both)."""
        texts, split = cls.texts(articles)
        matrix, embedded = embed_texts(texts, encoder, cache_root, progress)
        if embedded:
            log.info("embedded %d new texts of %d for semantic search", embedded, len(texts))
        starts = np.zeros(len(articles) + 1, dtype=np.int64)
        np.cumsum([len(group) for group in split], out=starts[1:])
        whole = np.ascontiguousarray(matrix[: len(articles)])
        return cls(encoder, whole, matrix[len(articles) :].astype(np.float16), starts)

    @property
    def nbytes(self) -> int:
        return int(self._whole.nbytes + self._passages.nbytes + self._starts.nbytes)

    def similarities(self, text: str) -> np.ndarray | None:
        """Cosine similarity per article; None (lexical only for this query) if the model fails on it."""
        try:
            query = self._encoder.embed_query(text)
        except EmbeddingError as exc:
            log.warning("embedding a query failed (%s); answering on words alone", exc)
            return None
        mixed: np.ndarray = _products(self._whole, query)  # a fresh array: ours to change in place
        leading = stable_leaders(mixed, CANDIDATES)
        counts = self._starts[leading + 1] - self._starts[leading]
        leading, counts = leading[counts > 0], counts[counts > 0]
        if leading.size == 0:
            return mixed
        ends = np.cumsum(counts)
        rows = np.arange(ends[-1]) + np.repeat(self._starts[leading] - (ends - counts), counts)
        scores = _products(self._passages[rows].astype(np.float32), query)
        best = np.maximum.reduceat(scores, ends - counts)
        mixed[leading] = PASSAGE_WEIGHT * best + (1.0 - PASSAGE_WEIGHT) * mixed[leading]
        return mixed


def _products(matrix: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Each row's dot product with the query, on the calling thread.

    Not `matrix @ query`: that is OpenBLAS, whose worker thread keeps spinning after the product and took a
    core from the next query's model run (embedding took 7 ms instead of 11 ms at p50 on the 2-core machine
    without it), and whose single-threaded scan was no faster than numpy's own loop at 100,000 articles.
    """
    products: np.ndarray = np.einsum("ij,j->i", matrix, query)
    return products
