"""BM25F over weighted fields, precomputed into per-term postings of (document, impact) numpy arrays.

Everything that does not depend on the query (field-length normalisation, tf saturation, IDF) is folded
into one float32 impact per (term, document) at build time, so a query costs one vectorised scatter-add
per query term, whatever the catalog size.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np

from bot.core.search.text import WORD, Analyzer, expand, normalize

# Field order matters: it is the third component of the build keys.
FIELDS = ("title", "tags", "summary", "body", "category")
FIELD_WEIGHTS = np.array([3.0, 2.5, 1.5, 1.0, 0.5])
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
    ) -> None:
        self.n_docs = n_docs
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
        # Whitespace-split token -> its terms, so each distinct token is analysed once per build.
        token_terms: dict[str, tuple[int, ...]] = {}
        terms: list[int] = []
        owners: list[int] = []
        owner_counts: list[int] = []
        for doc, fields in enumerate(documents):
            for field_no, text in enumerate(fields):
                tokens = normalize(text).split()
                before = len(terms)
                try:
                    terms.extend(chain.from_iterable(map(token_terms.__getitem__, tokens)))
                except KeyError:  # new tokens: analyse them, then redo this field
                    del terms[before:]
                    for token in set(tokens).difference(token_terms):
                        token_terms[token] = _register(analyzer, token, term_ids, surfaces)
                    terms.extend(chain.from_iterable(map(token_terms.__getitem__, tokens)))
                lengths[doc, field_no] = len(terms) - before
                owners.append(doc * n_fields + field_no)
                owner_counts.append(len(terms) - before)
            if (doc + 1) % _CHUNK_DOCS == 0 or doc == n_docs - 1:
                keys = np.array(terms, dtype=np.int64) * (n_docs * n_fields) + np.repeat(
                    np.array(owners, dtype=np.int64), owner_counts
                )
                unique, counts = np.unique(keys, return_counts=True)
                key_chunks.append(unique)
                count_chunks.append(counts)
                terms, owners, owner_counts = [], [], []
        return cls._from_counts(n_docs, term_ids, surfaces, lengths, key_chunks, count_chunks)

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
        keys = np.concatenate(key_chunks) if key_chunks else np.zeros(0, dtype=np.int64)
        counts = np.concatenate(count_chunks) if count_chunks else np.zeros(0, dtype=np.int64)
        field_no = keys % n_fields
        term_doc = keys // n_fields
        doc = term_doc % max(n_docs, 1)
        average = lengths.mean(axis=0) if n_docs else np.ones(n_fields)
        average[average == 0] = 1.0
        norm = 1.0 - FIELD_B + FIELD_B * lengths / average
        weighted = counts * FIELD_WEIGHTS[field_no] / norm[doc, field_no]
        # Keys are sorted within a chunk and chunks hold disjoint documents, so each (term, document)
        # pair's fields are adjacent: sum them in place, then order pairs by term (stable: docs ascending).
        starts = np.flatnonzero(np.diff(term_doc, prepend=-1))
        tf = np.add.reduceat(weighted, starts) if starts.size else np.zeros(0)
        pairs = term_doc[starts]
        order = np.argsort(pairs // max(n_docs, 1), kind="stable")
        pairs, tf = pairs[order], tf[order]
        pair_terms = pairs // max(n_docs, 1)
        df = np.bincount(pair_terms, minlength=n_terms).astype(np.int64)
        idf = np.log1p((n_docs - df + 0.5) / (df + 0.5))
        impacts = (idf[pair_terms] * tf * (K1 + 1.0) / (tf + K1)).astype(np.float32)
        offsets = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(df, out=offsets[1:])
        docs = (pairs % max(n_docs, 1)).astype(np.int32)
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


def _register(
    analyzer: Analyzer, token: str, term_ids: dict[str, int], surfaces: dict[str, int]
) -> tuple[int, ...]:
    """The term ids of a new token, adding its surface words and stems to the vocabulary."""
    ids = []
    for match in WORD.findall(token):
        for word in expand(match):
            term = surfaces.get(word)
            if term is None:
                term = term_ids.setdefault(analyzer.stem(word), len(term_ids))
                surfaces[word] = term
            ids.append(term)
    return tuple(ids)
