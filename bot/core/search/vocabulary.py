"""Whitespace-split tokens -> token ids -> term ids, for indexing.

Reading a batch of texts (`BatchReader`) maps each token to the reader's id for it (one C-level dict lookup per
token, no per-token Python code). It needs nothing from the rest of the build, so batches can be read in other
processes. The vocabulary (`TokenVocabulary`) then gives new tokens their global ids in the order reading the
texts one after another would, so term ids never depend on how batches were read, and analyses each new token
once (split into words, stop words dropped, stemmed); expanding token ids into term ids (none for a stop word,
several for a compound) is vectorised per batch.
"""

from __future__ import annotations

import string
import uuid
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.core.search.analysis import WORD, Analyzer, expand, normalize

_EDGES = string.punctuation  # none of them is a letter or digit that `WORD` could match

Analysis = tuple[tuple[str, str, bool], ...]
"""A token's surface words, each with its stem (empty for a word the vocabulary has already) and whether it
stands alone (False: only a compound's joined form, `refreshtokens`)."""


@dataclass(frozen=True)
class TokenBatch:
    """A batch of texts as one reader read it: each token occurrence as the reader's id for the token (`ids`,
    int32), tokens per text (`counts`, int64), and the tokens the reader met for the first time, in the order
    it numbered them (by the first text holding each, then alphabetically)."""

    reader: str
    ids: np.ndarray
    counts: np.ndarray
    tokens: list[str]


class BatchReader:
    """Reads batches in order, numbering tokens in the order it first meets them (its ids are its own: each
    reader of a build has a `key`)."""

    def __init__(self) -> None:
        self.key = uuid.uuid4().hex
        self._ids: dict[str, int] = {}

    def __call__(self, texts: Sequence[str]) -> TokenBatch:
        ids, counts = array("i"), array("q")
        fresh: list[str] = []
        for text in texts:
            before = len(ids)
            _encode(normalize(text).split(), self._ids, ids, fresh)
            counts.append(len(ids) - before)
        return TokenBatch(
            self.key,
            np.frombuffer(ids, dtype=np.intc).astype(np.int32),
            np.frombuffer(counts, dtype=np.int64).copy(),
            fresh,
        )


def _encode(tokens: list[str], known: dict[str, int], into: array[int], fresh: list[str]) -> None:
    # A missing token stops `extend` with a KeyError naming it; the tokens before it are kept, and the same
    # iterator resumes after it. A text's new tokens get their ids in sorted order, so ids do not depend on
    # where in a text a token first appears, nor on hash randomisation.
    lookup = known.__getitem__
    rest = iter(tokens)
    missing: list[tuple[int, str]] = []
    while True:
        try:
            into.extend(map(lookup, rest))
            break
        except KeyError as error:
            missing.append((len(into), error.args[0]))
            into.append(-1)
    if missing:
        for token in sorted({token for _, token in missing}):
            known[token] = len(known)
            fresh.append(token)
        for at, token in missing:
            into[at] = known[token]


def _words(token: str) -> list[tuple[str, bool]]:
    """A token's surface words and whether each stands alone (not only a compound's joined form)."""
    # A plain word with punctuation around it (`word.`, `(word`) is its only match: no regex needed.
    core = token.strip(_EDGES)
    found: list[tuple[str, bool]] = []
    for match in [core] if core.isalnum() else WORD.findall(token):
        words = expand(match)
        joined = words[-1] if len(words) > 1 and words[-1] not in match else None
        found.extend((word, word != joined) for word in words)
    return found


class TokenVocabulary:
    """The vocabulary an index is built with: `term_ids` (stem -> term) and `surfaces` (word -> term)."""

    def __init__(self, analyzer: Analyzer) -> None:
        self._analyzer = analyzer
        self.term_ids: dict[str, int] = {}
        self.surfaces: dict[str, int] = {}
        self._ids: dict[str, int] = {}
        self._kinds: dict[str, bool] = {}  # surface word -> seen on its own (False: only as a joined form)
        # Per token id: how many terms it yields, and those terms, back to back (C ints, not Python lists).
        self._term_counts = array("i")
        self._terms = array("i")
        self._readers: dict[str, array[int]] = {}

    def merge(self, batch: TokenBatch) -> np.ndarray:
        """Global token ids of the batch's occurrences. Its reader's new tokens join in the reader's order,
        which is the order reading every text here would give: a token new to the catalog is new to
        whichever reader meets it first, as long as each reader reads its batches in order."""
        table = self._readers.setdefault(batch.reader, array("i"))  # the reader's ids -> global ids
        known = self._ids
        analyses = self._analyse([token for token in batch.tokens if token not in known])
        for token in batch.tokens:
            number = known.get(token)
            table.append(self._add(token, analyses[token]) if number is None else number)
        found: np.ndarray = np.frombuffer(table, dtype=np.intc)[batch.ids].astype(np.int64)
        return found

    def _analyse(self, tokens: list[str]) -> dict[str, Analysis]:
        """New tokens' surface words with their stems; a word already in the vocabulary keeps its term, so
        only the others are stemmed (all at once)."""
        split = {token: _words(token) for token in tokens}
        new = list(dict.fromkeys(w for words in split.values() for w, _ in words if w not in self.surfaces))
        stems = dict(zip(new, self._analyzer.stem_many(new), strict=True))
        return {
            token: tuple((word, stems.get(word, ""), alone) for word, alone in words)
            for token, words in split.items()
        }

    def _add(self, token: str, analysis: Analysis) -> int:
        """Give a new token its id and its term ids, adding its surface words and stems to the vocabulary."""
        before = len(self._terms)
        for word, stem, alone in analysis:
            self._kinds[word] = self._kinds.get(word, False) or alone
            term = self.surfaces.get(word)
            if term is None:
                term = self.term_ids.setdefault(stem, len(self.term_ids))
                self.surfaces[word] = term
            self._terms.append(term)
        number = self._ids[token] = len(self._term_counts)
        self._term_counts.append(len(self._terms) - before)
        return number

    def joined_only(self) -> frozenset[str]:
        """Joined forms of compounds (`refreshtokens`) never seen as words of their own."""
        return frozenset(word for word, alone in self._kinds.items() if not alone)

    def expand(self, ids: np.ndarray, token_counts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Term ids of the token ids, each one's owner (its text's number in the batch), terms per owner."""
        sizes = np.frombuffer(self._term_counts, dtype=np.intc).astype(np.int64)
        table = np.frombuffer(self._terms, dtype=np.intc).astype(np.int64)
        starts = np.cumsum(sizes) - sizes
        token_owners = np.repeat(np.arange(len(token_counts), dtype=np.int64), token_counts)
        lens = sizes[ids]
        total = int(lens.sum())
        offsets = np.cumsum(lens) - lens
        index = np.arange(total, dtype=np.int64) - np.repeat(offsets - starts[ids], lens)
        terms = table[index] if total else np.zeros(0, dtype=np.int64)
        per_owner = np.bincount(token_owners, weights=lens, minlength=len(token_counts))
        return terms, np.repeat(token_owners, lens), per_owner
