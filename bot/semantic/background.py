"""Meaning for each catalog version without making anyone wait for a first-time embedding.

A catalog whose vectors are (nearly) all cached gets its meaning at once. One that needs many new embeddings
(a first start on 10,000 articles takes minutes on 2 cores) is answered on words alone while a single
background thread embeds; when it is done, `on_ready` (the live catalog's reload) swaps in a snapshot that
has meaning, built from the now-warm cache.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from bot.core.catalog import Catalog
from bot.errors import EmbeddingError
from bot.semantic.encoder import Encoder, Progress
from bot.semantic.meaning import CatalogMeaning

log = logging.getLogger(__name__)

SYNC_LIMIT = 256
"""New texts embedded in the reload itself (about 20 s on a busy 2-core machine at worst); more go to the
background."""


class MeaningBuilder:
    """A `LiveCatalog` meaning factory; `on_ready` is set once the live catalog exists."""

    def __init__(
        self,
        encoder: Encoder,
        cache_root: Path | None,
        progress: Callable[[], Progress],
        sync_limit: int = SYNC_LIMIT,
    ) -> None:
        self._encoder = encoder
        self._cache_root = cache_root
        self._progress = progress
        self._sync_limit = sync_limit
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None
        self.on_ready: Callable[[], object] | None = None

    def __call__(self, catalog: Catalog) -> CatalogMeaning | None:
        try:
            if CatalogMeaning.missing(catalog.articles, self._encoder, self._cache_root) <= self._sync_limit:
                return CatalogMeaning.build(
                    catalog.articles, self._encoder, self._cache_root, self._progress()
                )
        except EmbeddingError as exc:
            log.warning("semantic search unavailable for this catalog version (%s); using words only", exc)
            return None
        self._embed_in_background(catalog)
        return None

    def wait(self, timeout: float | None = None) -> bool:
        """True when no background embedding is running (for tests and benchmarks)."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)
        return worker is None or not worker.is_alive()

    def _embed_in_background(self, catalog: Catalog) -> None:
        with self._lock:
            if self._worker is not None and self._worker.is_alive():
                return  # the running build warms the cache; its reload picks up this catalog
            log.warning(
                "embedding %d articles in the background; answering on words alone until done",
                len(catalog.articles),
            )
            self._worker = threading.Thread(
                target=self._embed, args=(catalog,), name="embed-catalog", daemon=True
            )
            self._worker.start()

    def _embed(self, catalog: Catalog) -> None:
        try:
            CatalogMeaning.build(catalog.articles, self._encoder, self._cache_root, self._progress())
        except EmbeddingError as exc:
            log.warning("background embedding failed (%s); search stays on words alone", exc)
            return
        if self.on_ready is not None:
            self.on_ready()
