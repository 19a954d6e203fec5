"""BM25F over weighted fields, precomputed into per-term postings of (document, impact) numpy arrays.

Everything that does not depend on the query (field-length normalisation, tf saturation, IDF) is folded
into one float32 impact per (term, document) at build time, so a query costs one vectorised scatter-add
per query term, whatever the catalog size.

Building is two passes over compact numpy chunks: the first tokenises a batch of documents at a time and
keeps only its distinct (term, document, field) counts (4 bytes each); the second, once document
frequencies and average field lengths are known, turns each batch into impacts and places them straight
into the final arrays (a counting sort by term), so no catalog-wide sort or Python object per posting.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from bot.core.search.analysis import Analyzer
from bot.core.search.vocabulary import BatchReader, TokenBatch, TokenVocabulary

# Field order matters: chunk owners are `document * len(FIELDS) + field`.
FIELDS = ("title", "tags", "summary", "body", "category")
FIELD_WEIGHTS = np.array([5.0, 3.0, 1.5, 1.0, 0.5])
FIELD_B = np.array([0.3, 0.3, 0.6, 0.75, 0.0])
# The fields whose terms name what an article is about (title, tags): see `InvertedIndex.headline`.
HEADLINE_FIELDS = 2
K1 = 1.2
_N_FIELDS = len(FIELDS)
# Documents per build chunk; a chunk's owners (document, field) must fit in 16 bits.
_CHUNK_DOCS = 2048
_COUNT_MAX = int(np.iinfo(np.uint16).max)
_NARROW_KEYS = 2**32
Reader = Callable[[Iterable[list[str]]], Iterable[TokenBatch]]
"""Reads batches of texts in order (`BatchReader` over each, here or in other processes)."""


@dataclass(frozen=True)
class Postings:
    docs: np.ndarray  # int32 document numbers, ascending
    impacts: np.ndarray  # float32 BM25F contribution of the term to each document


@dataclass(frozen=True)
class _Chunk:
    """Where one batch of documents' distinct (term, owner) counts sit in a `_Store`."""

    first_doc: int
    n_docs: int
    runs: slice  # the batch's distinct terms, ascending
    entries: slice  # (term, owner) entries, by term then owner


class _Buffer:
    """A growable numpy array, sized from the share of documents its contents came from.

    One large block goes back to the operating system when freed, where a hundred chunk-sized arrays kept
    until the second pass would stay behind in the allocator's heap as holes.
    """

    def __init__(self, dtype: type[np.generic]) -> None:
        self.data = np.empty(0, dtype=dtype)
        self.size = 0

    def extend(self, values: np.ndarray, share: float) -> slice:
        """Append `values`, having now seen `share` (0-1] of the documents."""
        end = self.size + values.size
        kind = np.result_type(
            self.data, values
        )  # counts widen to 32 bits if a field repeats a word 65,536 times
        if end > self.data.size or kind != self.data.dtype:
            grown = np.empty(max(int(end / share * 1.1), end + end // 2), dtype=kind)
            grown[: self.size] = self.data[: self.size]
            self.data = grown
        self.data[self.size : end] = values
        start, self.size = self.size, end
        return slice(start, end)


class _Store:
    """Every batch's counts, 4 bytes an entry: per run (distinct term of a batch) the term, its entries
    and its documents; per entry the owner (batch document * fields + field) and the occurrences."""

    def __init__(self) -> None:
        self.terms, self.sizes, self.pairs = _Buffer(np.int32), _Buffer(np.int32), _Buffer(np.int32)
        self.owners, self.counts = _Buffer(np.uint16), _Buffer(np.uint16)
        self.share = 1.0  # of the documents, counted so far
        self.headline = _Buffer(np.int64)  # `term * n_docs + doc` of title and tag terms, found while placing


class SurfaceWords:
    """Term -> the surface words that map to it, in vocabulary order (snippets mark each of them).

    One flat list ordered by term, with offsets, rather than a list per term: a large catalog has
    hundreds of thousands of terms, and a list object each weighs more than the words it holds.
    """

    def __init__(self, surfaces: dict[str, int], n_terms: int) -> None:
        words = list(surfaces)
        terms = np.fromiter(surfaces.values(), dtype=np.int64, count=len(words))
        self._words = [words[at] for at in np.argsort(terms, kind="stable").tolist()]
        self._offsets = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(np.bincount(terms, minlength=n_terms), out=self._offsets[1:])

    def get(self, term: int, default: Sequence[str] = ()) -> Sequence[str]:
        if not 0 <= term < self._offsets.size - 1:
            return default
        start, end = int(self._offsets[term]), int(self._offsets[term + 1])
        return self._words[start:end] if end > start else default


class InvertedIndex:
    """Term -> postings, plus what query repair needs: surface words and document frequencies."""

    def __init__(
        self,
        n_docs: int,
        term_ids: dict[str, int],
        surfaces: dict[str, int],
        offsets: np.ndarray,
        docs: np.ndarray,
        impacts: np.ndarray,
        df: np.ndarray,
        joined_only: frozenset[str] = frozenset(),
        headline: np.ndarray | None = None,
    ) -> None:
        self.n_docs = n_docs
        # Joined forms of compounds (`refreshtokens`) that never occur as words of their own: typo
        # repair skips them, nobody types them.
        self.joined_only = joined_only
        self.term_ids = term_ids
        self.surfaces = surfaces
        self._offsets = offsets
        self._docs = docs
        self._impacts = impacts
        self.df = df
        # Sorted `term * n_docs + doc` keys of the terms in each document's title and tags.
        self.headline = headline if headline is not None else np.zeros(0, dtype=np.int64)
        self.words_of = SurfaceWords(surfaces, len(term_ids))

    @classmethod
    def build(
        cls, analyzer: Analyzer, documents: Sequence[Sequence[str]], read: Reader | None = None
    ) -> InvertedIndex:
        """Index `documents`, each a sequence of field texts in `FIELDS` order; `read` reads the batches of
        texts (by default one after another, here), whatever reads them, the index is the same."""
        n_docs = len(documents)
        vocabulary = TokenVocabulary(analyzer)
        lengths = np.zeros((n_docs, _N_FIELDS), dtype=np.float64)
        store = _Store()
        chunks = []
        firsts = range(0, n_docs, _CHUNK_DOCS)
        texts = (
            [text for fields in documents[first : first + _CHUNK_DOCS] for text in fields] for first in firsts
        )
        batches = (read or _read_here)(texts)
        for first, batch in zip(firsts, batches, strict=True):
            size = min(_CHUNK_DOCS, n_docs - first)
            terms, owners, per_owner = vocabulary.expand(vocabulary.merge(batch), batch.counts)
            lengths.reshape(-1)[first * _N_FIELDS : (first + size) * _N_FIELDS] = per_owner
            store.share = (first + size) / n_docs
            chunks.append(_compact(store, first, size, terms, owners))
        index = _assemble(n_docs, len(vocabulary.term_ids), lengths, store, chunks)
        offsets, docs, impacts, df, headline = index
        return cls(
            n_docs,
            vocabulary.term_ids,
            vocabulary.surfaces,
            offsets,
            docs,
            impacts,
            df,
            vocabulary.joined_only(),
            headline,
        )

    @property
    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per-term offsets into the (documents, impacts) arrays, and those arrays: what a snapshot stores."""
        return self._offsets, self._docs, self._impacts

    def postings(self, term: int) -> Postings:
        start, end = self._offsets[term], self._offsets[term + 1]
        return Postings(self._docs[start:end], self._impacts[start:end])

    def idf(self, term: int | None) -> float:
        """BM25 IDF; a word the catalog never uses counts as much as its rarest word, and no more, since
        nothing in the catalog tells how informative it is."""
        df = 1 if term is None else int(self.df[term])
        return math.log1p((self.n_docs - df + 0.5) / (df + 0.5))

    @property
    def nbytes(self) -> int:
        return int(self._offsets.nbytes + self._docs.nbytes + self._impacts.nbytes + self.df.nbytes)


def _read_here(batches: Iterable[list[str]]) -> Iterable[TokenBatch]:
    return map(BatchReader(), batches)


def _compact(store: _Store, first_doc: int, n_docs: int, terms: np.ndarray, owners: np.ndarray) -> _Chunk:
    """Count a batch's term occurrences per (term, owner) into `store`."""
    n_owners = n_docs * _N_FIELDS
    keys = terms * n_owners + owners
    if (int(terms.max(initial=0)) + 1) * n_owners <= _NARROW_KEYS:
        keys = keys.astype(np.uint32)  # sorted about a third faster than 64-bit keys
    unique, counts = np.unique(keys, return_counts=True)
    unique = unique.astype(np.int64)
    entry_terms = unique // n_owners
    runs = np.flatnonzero(np.diff(entry_terms, prepend=-1))
    # An entry starts a (term, document) pair unless it continues the previous entry's pair.
    pair_starts = (np.diff(unique // _N_FIELDS, prepend=-1) != 0).astype(np.int64)
    run_slice = store.terms.extend(entry_terms[runs].astype(np.int32), store.share)
    store.sizes.extend(np.diff(np.append(runs, entry_terms.size)).astype(np.int32), store.share)
    store.pairs.extend(
        (np.add.reduceat(pair_starts, runs) if runs.size else runs).astype(np.int32), store.share
    )
    entry_slice = store.owners.extend((unique % n_owners).astype(np.uint16), store.share)
    wide = int(counts.max(initial=0)) > _COUNT_MAX
    store.counts.extend(counts.astype(np.uint32 if wide else np.uint16), store.share)
    return _Chunk(first_doc, n_docs, run_slice, entry_slice)


def _assemble(
    n_docs: int, n_terms: int, lengths: np.ndarray, store: _Store, chunks: list[_Chunk]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Offsets, documents, impacts, document frequencies and headline keys, chunk by chunk."""
    average = lengths.mean(axis=0) if n_docs else np.ones(_N_FIELDS)
    average[average == 0] = 1.0
    norm = 1.0 - FIELD_B + FIELD_B * lengths / average
    df = np.bincount(
        store.terms.data[: store.terms.size], weights=store.pairs.data[: store.pairs.size], minlength=n_terms
    ).astype(np.int64)
    idf = np.log1p((n_docs - df + 0.5) / (df + 0.5))
    offsets = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(df, out=offsets[1:])
    docs = np.empty(int(offsets[-1]), dtype=np.int32)
    impacts = np.empty(int(offsets[-1]), dtype=np.float32)
    filled = offsets[:-1].copy()  # per term, where its next posting goes
    for chunk in chunks:
        store.share = (chunk.first_doc + chunk.n_docs) / n_docs
        _place(store, chunk, n_docs, norm, idf, filled, docs, impacts)
    headline = np.sort(store.headline.data[: store.headline.size])
    return offsets, docs, impacts, df, headline[np.diff(headline, prepend=-1) != 0]


def _place(
    store: _Store,
    chunk: _Chunk,
    n_docs: int,
    norm: np.ndarray,
    idf: np.ndarray,
    filled: np.ndarray,
    docs: np.ndarray,
    impacts: np.ndarray,
) -> None:
    """Write a chunk's impacts into each term's postings (documents ascending), and its headline keys."""
    terms = store.terms.data[chunk.runs].astype(np.int64)
    pairs = store.pairs.data[chunk.runs]
    entry_terms = np.repeat(terms, store.sizes.data[chunk.runs])
    owners = store.owners.data[chunk.entries].astype(np.int64)
    field = owners % _N_FIELDS
    doc = owners // _N_FIELDS + chunk.first_doc
    # Each (term, document) pair's fields are adjacent: sum them in place.
    weighted = store.counts.data[chunk.entries] * FIELD_WEIGHTS[field] / norm[doc, field]
    starts = np.flatnonzero(np.diff(entry_terms * n_docs + doc, prepend=-1))
    tf = np.add.reduceat(weighted, starts).astype(np.float32) if starts.size else weighted.astype(np.float32)
    pair_terms = entry_terms[starts]
    # Pairs are ordered by term, then document: each one's rank among its term's pairs in the chunk.
    rank = np.arange(pair_terms.size) - np.repeat(np.cumsum(pairs) - pairs, pairs)
    at = filled[pair_terms] + rank
    docs[at] = doc[starts]
    impacts[at] = (idf[pair_terms] * tf * (K1 + 1.0) / (tf + K1)).astype(np.float32)
    filled[terms] += pairs
    headline = field < HEADLINE_FIELDS
    store.headline.extend(entry_terms[headline] * n_docs + doc[headline], store.share)
