"""Whitespace-split tokens -> token ids -> term ids, for indexing.

Python only maps each token to an id (one C-level dict lookup per token, no per-token Python code); each
distinct token is analysed once (split into words, stop words dropped, stemmed), and expanding token ids
into term ids (none for a stop word, several for a compound) is vectorised per batch of documents.
"""

from __future__ import annotations

import string
from array import array
from collections.abc import Iterable

import numpy as np

from bot.core.search.analysis import WORD, Analyzer, expand, normalize

_EDGES = string.punctuation  # none of them is a letter or digit that `WORD` could match


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

    def encode(self, texts: Iterable[str], into: list[int], counts: list[int]) -> None:
        """Append the token ids of each text to `into` and each text's token count to `counts`."""
        for text in texts:
            before = len(into)
            self._encode(normalize(text).split(), into)
            counts.append(len(into) - before)

    def _encode(self, tokens: list[str], into: list[int]) -> None:
        # A missing token stops `extend` with a KeyError naming it; the tokens before it are kept, and the
        # same iterator resumes after it. New tokens get their ids in sorted order, so ids (and term ids)
        # do not depend on where in a text a token first appears, nor on hash randomisation.
        lookup = self._ids.__getitem__
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
                self._add(token)
            for at, token in missing:
                into[at] = self._ids[token]

    def _add(self, token: str) -> None:
        """Give a new token its id and its term ids, adding its surface words and stems to the vocabulary."""
        before = len(self._terms)
        # A plain word with punctuation around it (`word.`, `(word`) is its only match: no regex needed.
        core = token.strip(_EDGES)
        for match in [core] if core.isalnum() else WORD.findall(token):
            words = expand(match)
            joined = words[-1] if len(words) > 1 and words[-1] not in match else None
            for word in words:
                self._kinds[word] = self._kinds.get(word, False) or word != joined
                term = self.surfaces.get(word)
                if term is None:
                    term = self.term_ids.setdefault(self._analyzer.stem_once(word), len(self.term_ids))
                    self.surfaces[word] = term
                self._terms.append(term)
        self._ids[token] = len(self._term_counts)
        self._term_counts.append(len(self._terms) - before)

    def joined_only(self) -> frozenset[str]:
        """Joined forms of compounds (`refreshtokens`) never seen as words of their own."""
        return frozenset(word for word, alone in self._kinds.items() if not alone)

    def expand(self, tokens: list[int], token_counts: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Term ids of `tokens`, each one's owner (its text's number in the batch), terms per owner."""
        ids = np.fromiter(tokens, dtype=np.int64, count=len(tokens))
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
