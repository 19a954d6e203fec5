"""BM25F over weighted fields, precomputed into per-term postings of (document, impact) numpy arrays.

Everything that does not depend on the query (field-length normalisation, tf saturation, IDF) is folded
into one float32 impact per (term, document) at build time, so a query costs one vectorised scatter-add
per query term, whatever the catalog size.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.core.search.text import WORD, Analyzer, expand, normalize

# Field order matters: it is the third component of the build keys.
FIELDS = ("title", "tags", "summary", "body", "category")
FIELD_WEIGHTS = np.array([5.0, 3.0, 1.5, 1.0, 0.5])
FIELD_B = np.array([0.3, 0.3, 0.6, 0.75, 0.0])
K1 = 1.2
_CHUNK_DOCS = 2048


@dataclass(frozen=True)
class Postings:
    docs: np.ndarray  # int32 document numbers, ascending
    impacts: np.ndarray  # float32 BM25F contribution of the term to each document


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

    @classmethod
    def build(cls, analyzer: Analyzer, documents: Sequence[Sequence[str]]) -> InvertedIndex:
        """Index `documents`, each a sequence of field texts in `FIELDS` order."""
        n_docs = len(documents)
        n_fields = len(FIELDS)
        term_ids: dict[str, int] = {}
        surfaces: dict[str, int] = {}
        lengths = np.zeros((n_docs, n_fields), dtype=np.float64)
        key_chunks: list[np.ndarray] = []
        count_chunks: list[np.ndarray] = []
        vocabulary = _TokenVocabulary(analyzer, term_ids, surfaces)
        tokens: list[int] = []
        token_counts: list[int] = []
        first_doc = 0
        for doc, fields in enumerate(documents):
            for text in fields:
                before = len(tokens)
                vocabulary.encode(normalize(text).split(), tokens)
                token_counts.append(len(tokens) - before)
            if (doc + 1) % _CHUNK_DOCS == 0 or doc == n_docs - 1:
                terms, owners, per_owner = vocabulary.expand(np.array(tokens, dtype=np.int64), token_counts)
                owners += first_doc * n_fields
                lengths.reshape(-1)[first_doc * n_fields : (doc + 1) * n_fields] = per_owner
                unique, counts = np.unique(terms * (n_docs * n_fields) + owners, return_counts=True)
                key_chunks.append(unique)
                count_chunks.append(counts)
                tokens, token_counts, first_doc = [], [], doc + 1
        index = cls._from_counts(n_docs, term_ids, surfaces, lengths, key_chunks, count_chunks)
        index.joined_only = vocabulary.joined_only()
        return index

    @classmethod
    def _from_counts(
        cls,
        n_docs: int,
        term_ids: dict[str, int],
        surfaces: dict[str, int],
        lengths: np.ndarray,
        key_chunks: list[np.ndarray],
        count_chunks: list[np.ndarray],
    ) -> InvertedIndex:
        n_fields = len(FIELDS)
        n_terms = len(term_ids)
        n = max(n_docs, 1)
        average = lengths.mean(axis=0) if n_docs else np.ones(n_fields)
        average[average == 0] = 1.0
        norm = 1.0 - FIELD_B + FIELD_B * lengths / average
        pair_chunks: list[np.ndarray] = []
        tf_chunks: list[np.ndarray] = []
        # Chunk by chunk, to keep temporaries small. Keys are sorted within a chunk, so each (term,
        # document) pair's fields are adjacent: sum them in place.
        while key_chunks:
            keys, counts = key_chunks.pop(0), count_chunks.pop(0)
            field_no = keys % n_fields
            term_doc = keys // n_fields
            weighted = counts * FIELD_WEIGHTS[field_no] / norm[term_doc % n, field_no]
            starts = np.flatnonzero(np.diff(term_doc, prepend=-1))
            pair_chunks.append(term_doc[starts])
            tf_chunks.append(np.add.reduceat(weighted, starts).astype(np.float32))
        pairs = np.concatenate(pair_chunks) if pair_chunks else np.zeros(0, dtype=np.int64)
        tf = np.concatenate(tf_chunks) if tf_chunks else np.zeros(0, dtype=np.float32)
        # Chunks hold disjoint, ascending documents: a stable sort by term keeps each term's docs ascending.
        order = np.argsort(pairs // n, kind="stable")
        pairs, tf = pairs[order], tf[order]
        pair_terms = pairs // n
        df = np.bincount(pair_terms, minlength=n_terms).astype(np.int64)
        idf = np.log1p((n_docs - df + 0.5) / (df + 0.5))
        impacts = (idf[pair_terms] * tf * (K1 + 1.0) / (tf + K1)).astype(np.float32)
        offsets = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(df, out=offsets[1:])
        docs = (pairs % n).astype(np.int32)
        return cls(n_docs, term_ids, surfaces, offsets, docs, impacts, df)

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


class _TokenVocabulary:
    """Whitespace-split tokens -> token ids -> term ids.

    Python only maps each token to an id (one dict lookup); expanding ids into terms (none for a stop
    word, several for a compound) is vectorised per chunk, which is what makes indexing 10,000 articles
    take about a second.
    """

    def __init__(self, analyzer: Analyzer, term_ids: dict[str, int], surfaces: dict[str, int]) -> None:
        self._analyzer = analyzer
        self._term_ids = term_ids
        self._surfaces = surfaces
        self._ids: dict[str, int] = {}
        self._kinds: dict[str, bool] = {}  # surface word -> seen on its own (False: only as a joined form)
        self._term_counts: list[int] = []
        self._terms: list[int] = []

    def encode(self, tokens: list[str], into: list[int]) -> None:
        before = len(into)
        try:
            into.extend(map(self._ids.__getitem__, tokens))
        except KeyError:  # new tokens: analyse them once, then encode again
            del into[before:]
            for token in sorted(set(tokens).difference(self._ids)):
                terms = _register(self._analyzer, token, self._term_ids, self._surfaces, self._kinds)
                self._ids[token] = len(self._term_counts)
                self._term_counts.append(len(terms))
                self._terms.extend(terms)
            into.extend(map(self._ids.__getitem__, tokens))

    def joined_only(self) -> frozenset[str]:
        return frozenset(word for word, alone in self._kinds.items() if not alone)

    def expand(
        self, tokens: np.ndarray, token_counts: list[int]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Term ids of `tokens`, each one's owner (chunk-relative doc * fields + field), terms per owner."""
        sizes = np.array(self._term_counts, dtype=np.int64)
        starts = np.cumsum(sizes) - sizes
        token_owners = np.repeat(np.arange(len(token_counts), dtype=np.int64), token_counts)
        lens = sizes[tokens]
        total = int(lens.sum())
        offsets = np.cumsum(lens) - lens
        index = np.arange(total, dtype=np.int64) - np.repeat(offsets - starts[tokens], lens)
        terms = np.array(self._terms, dtype=np.int64)[index] if total else np.zeros(0, dtype=np.int64)
        per_owner = np.bincount(token_owners, weights=lens, minlength=len(token_counts))
        return terms, np.repeat(token_owners, lens), per_owner


def _register(
    analyzer: Analyzer,
    token: str,
    term_ids: dict[str, int],
    surfaces: dict[str, int],
    kinds: dict[str, bool],
) -> tuple[int, ...]:
    """The term ids of a new token, adding its surface words and stems to the vocabulary."""
    ids = []
    for match in WORD.findall(token):
        words = expand(match)
        joined = words[-1] if len(words) > 1 and words[-1] not in match else None
        for word in words:
            kinds[word] = kinds.get(word, False) or word != joined
            term = surfaces.get(word)
            if term is None:
                term = term_ids.setdefault(analyzer.stem(word), len(term_ids))
                surfaces[word] = term
            ids.append(term)
    return tuple(ids)
