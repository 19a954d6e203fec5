"""The built lexical index on disk, keyed by the catalog's text and the search code, so that a restart with an
unchanged catalog reads it back instead of tokenising every article again.

One file, `<folder>/lexical.npz` (DATA_DIR/index), replaced whole by write-to-temp-then-rename: a reader sees the
old file or the new one, never half of one. Its key is a SHA-256 of every indexed field of every article and of
the source of `bot.core.search` (the analyser, stop words, stemmer version and builder), so an edited article or
a changed analyser never meets a stale index. A file that is truncated, garbled (zip CRC), foreign or
inconsistent is reported once and the index is built as if there were none; never trusted, never fatal. Only the
latest catalog's snapshot is kept, and none larger than `max_bytes`.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import tempfile
import uuid
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import Stemmer
from numpy.lib.npyio import NpzFile

import bot.core.search
from bot.core.catalog import Article, Catalog
from bot.core.search import SearchIndex
from bot.core.search.analysis import Analyzer
from bot.core.search.built import LexicalParts, snippet_texts
from bot.core.search.engine import Meaning
from bot.core.search.index import InvertedIndex
from bot.core.search.phrases import Neighbours, Phrases
from bot.search_pool import ReaderPool, default_workers

log = logging.getLogger(__name__)

FILE_NAME = "lexical.npz"
POOL_MIN_ARTICLES = 8192
"""Below this (four build batches), starting worker processes costs about what they save."""
FORMAT = 1
MARK = f"insights-bot lexical index {FORMAT}"
MAX_BYTES = 2 << 30
"""A 100,000-article catalog's snapshot is about 300 MB; beyond this a catalog is rebuilt at each start."""
_UNREADABLE = (
    OSError,
    ValueError,
    TypeError,
    EOFError,
    KeyError,
    IndexError,
    UnicodeDecodeError,
    zipfile.BadZipFile,
)
Arrays = dict[str, np.ndarray]


@functools.cache
def code_version() -> str:
    """What the built index depends on besides the articles: every module of the search package (analyser,
    word lists, builder) and the stemmer's version."""
    return source_digest(Path(bot.core.search.__file__).parent)


def source_digest(folder: Path) -> str:
    """A digest of the modules' source; without source to read (a bytecode-only install), a value of this
    process alone, so that no snapshot is ever trusted across a code change nobody can see."""
    sources = sorted(folder.glob("*.py"))
    if not sources:
        return uuid.uuid4().hex
    digest = hashlib.sha256(f"format {FORMAT}; stemmer {Stemmer.version()}".encode())
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def catalog_key(articles: Sequence[Article]) -> str:
    """Every field the lexical index reads, length-prefixed so that no two catalogs share a key."""
    digest = hashlib.sha256(f"{code_version()} {len(articles)}".encode())
    for a in articles:
        fields = (a.title, a.summary, a.body, a.category, str(len(a.tags)), *a.tags, *a.questions)
        text = "".join(f"{len(field)}:{field}" for field in fields) + "\n"
        digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class IndexSnapshots:
    """Builds a catalog's `SearchIndex` from the snapshot when its key matches, else builds and saves it."""

    def __init__(self, folder: Path, max_bytes: int = MAX_BYTES, workers: int | None = None) -> None:
        """`workers`: processes that read (tokenise) a large catalog on a cold build; None: one per core, up
        to two (`bot.search_pool`); 0: read here."""
        self.path = folder / FILE_NAME
        self._max_bytes = max_bytes
        self._workers = default_workers() if workers is None else workers

    def build(self, catalog: Catalog, meaning: Meaning | None = None) -> SearchIndex:
        """The same index `SearchIndex.build` returns, from disk when the catalog is unchanged."""
        analyzer = Analyzer()
        key = catalog_key(catalog.articles)
        parts = self.load(key, catalog.articles)
        if parts is None:
            parts = self._cold(catalog.articles, analyzer)
            self.save(key, parts)
        return SearchIndex(catalog, parts, meaning, analyzer)

    def _cold(self, articles: Sequence[Article], analyzer: Analyzer) -> LexicalParts:
        """Built from the articles, read in worker processes when the catalog is large enough to gain."""
        if self._workers > 0 and len(articles) >= POOL_MIN_ARTICLES:
            try:
                return LexicalParts.build(articles, analyzer, ReaderPool(self._workers))
            except Exception as exc:  # a killed worker, no processes left, a worker's own failure
                log.warning(
                    "reading articles in worker processes failed (%s: %s); reading them here",
                    type(exc).__name__,
                    exc,
                )
        return LexicalParts.build(articles, analyzer)

    def load(self, key: str, articles: Sequence[Article]) -> LexicalParts | None:
        """The parts saved under `key`, or None: no file, another catalog's, or one that cannot be trusted."""
        if not self.path.exists():
            return None
        try:
            with _open(self.path) as data:
                if str(data["format"]) != MARK:
                    raise ValueError(f"not an index snapshot of format {FORMAT}")
                if str(data["key"]) != key:
                    log.info("index snapshot %s is for another catalog; rebuilding", self.path)
                    return None
                arrays = {name: np.asarray(data[name]) for name in data.files}
            return _parts(arrays, articles)
        except _UNREADABLE as exc:
            log.warning(
                "index snapshot %s is unreadable (%s: %s); rebuilding", self.path, type(exc).__name__, exc
            )
            return None

    def save(self, key: str, parts: LexicalParts) -> bool:
        """Atomic replace; a full or read-only disk costs the snapshot (logged), never the index."""
        arrays = {"format": np.array(MARK), "key": np.array(key), **_arrays(parts)}
        size = sum(array.nbytes for array in arrays.values())
        if size > self._max_bytes:
            log.info(
                "index snapshot not saved: %d MB is over the %d MB bound", size >> 20, self._max_bytes >> 20
            )
            return False
        temp: str | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".lexical-", suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                np.savez(stream, allow_pickle=False, **arrays)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temp, self.path)
            return True
        except OSError as exc:
            log.warning("index snapshot %s not saved (%s); the next start rebuilds the index", self.path, exc)
            if temp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
            return False


def _open(path: Path) -> NpzFile:
    data = np.load(path, allow_pickle=False)
    if not isinstance(data, NpzFile):  # a lone .npy array: not ours
        raise ValueError("not an .npz archive")
    return data


def _arrays(parts: LexicalParts) -> Arrays:
    index = parts.index
    offsets, docs, impacts = index.arrays
    return {
        "n_docs": np.array(index.n_docs, dtype=np.int64),
        "terms": _text(list(index.term_ids)),
        "surfaces": _text(list(index.surfaces)),
        "surface_terms": np.fromiter(index.surfaces.values(), dtype=np.int32, count=len(index.surfaces)),
        "joined_only": _text(sorted(index.joined_only)),
        "offsets": offsets,
        "docs": docs,
        "impacts": impacts,
        "df": index.df,
        "headline": index.headline,
        "sentence_starts": parts.sentence_starts,
        "sentence_offsets": parts.sentence_offsets,
        **_neighbour_arrays("after", parts.phrases.after),
        **_neighbour_arrays("before", parts.phrases.before),
    }


def _neighbour_arrays(side: str, table: Neighbours) -> Arrays:
    return {
        f"{side}_heads": _text(table.heads),
        f"{side}_offsets": table.offsets,
        f"{side}_tails": _text(table.tails),
    }


def _parts(arrays: Arrays, articles: Sequence[Article]) -> LexicalParts:
    """Rebuild the parts, checking every shape, type and bound an index relies on (ValueError if one fails)."""
    n_docs = len(articles)
    _check(int(arrays["n_docs"]) == n_docs, "n_docs")
    phrases = Phrases.of_tables(_neighbours(arrays, "after"), _neighbours(arrays, "before"))
    starts = _typed(arrays, "sentence_starts", np.int32)
    sentence_offsets = _typed(arrays, "sentence_offsets", np.int64)
    _check(sentence_offsets.size == n_docs + 1 and _ascending(sentence_offsets), "sentence offsets")
    _check(int(sentence_offsets[-1]) == starts.size and _within(starts, 2**31 - 1), "sentence starts")
    return LexicalParts(_index(arrays, n_docs), phrases, starts, sentence_offsets, snippet_texts(articles))


def _index(arrays: Arrays, n_docs: int) -> InvertedIndex:
    terms, surfaces = _words(arrays["terms"]), _words(arrays["surfaces"])
    surface_terms = _typed(arrays, "surface_terms", np.int32)
    offsets, docs = _typed(arrays, "offsets", np.int64), _typed(arrays, "docs", np.int32)
    impacts, df = _typed(arrays, "impacts", np.float32), _typed(arrays, "df", np.int64)
    headline = _typed(arrays, "headline", np.int64)
    _check(surface_terms.size == len(surfaces) and _within(surface_terms, len(terms)), "surfaces")
    _check(
        offsets.size == len(terms) + 1 and _ascending(offsets) and int(offsets[-1]) == docs.size, "offsets"
    )
    _check(
        impacts.size == docs.size and _within(docs, n_docs) and bool(np.isfinite(impacts).all()), "postings"
    )
    _check(np.array_equal(df, np.diff(offsets)), "df")
    _check(_within(headline, len(terms) * n_docs), "headline")
    return InvertedIndex(
        n_docs,
        dict(zip(terms, range(len(terms)), strict=True)),
        dict(zip(surfaces, surface_terms.tolist(), strict=True)),
        offsets,
        docs,
        impacts,
        df,
        frozenset(_words(arrays["joined_only"])),
        headline,
    )


def _neighbours(arrays: Arrays, side: str) -> Neighbours:
    heads, tails = _words(arrays[f"{side}_heads"]), _words(arrays[f"{side}_tails"])
    offsets = _typed(arrays, f"{side}_offsets", np.int64)
    _check(offsets.size == len(heads) + 1 and _ascending(offsets) and int(offsets[-1]) == len(tails), side)
    return Neighbours(heads, offsets, tails)


def _text(words: list[str]) -> np.ndarray:
    """Words (never holding a newline: they are runs of letters and digits) as one UTF-8 byte array."""
    return np.frombuffer("\n".join(words).encode("utf-8", "surrogatepass"), dtype=np.uint8)


def _words(array: np.ndarray) -> list[str]:
    _check(array.dtype == np.uint8 and array.ndim == 1, "word list")
    return array.tobytes().decode("utf-8", "surrogatepass").split("\n") if array.size else []


def _typed(arrays: Arrays, name: str, kind: type[np.generic]) -> np.ndarray:
    array = arrays[name]
    _check(array.dtype == kind and array.ndim == 1, name)
    return array


def _ascending(array: np.ndarray) -> bool:
    return bool(array.size > 0 and array[0] == 0 and (np.diff(array) >= 0).all())


def _within(array: np.ndarray, bound: int) -> bool:
    return bool(array.size == 0 or (int(array.min()) >= 0 and int(array.max()) < bound))


def _check(condition: bool, what: str) -> None:
    if not condition:
        raise ValueError(f"inconsistent {what}")
