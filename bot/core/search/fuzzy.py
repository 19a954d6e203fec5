"""Typo repair: map a query word the catalog never uses onto a close, frequent word it does use.

Only unknown words are candidates, the allowed edit distance grows with word length (a 4-letter word may be
off by one edit, an 8-letter one by two; transpositions count once), and among equally close words the one
more documents use wins, since that is the likelier intent.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

MIN_CORRECTABLE_CHARS = 4
_CANDIDATES = 8
_PREFIX_SCAN = 64
# A completion adds a short product-name tail (`argo` -> `argocd`), not an English ending (`state` ->
# `stateless` is another word).
_MAX_COMPLETION_CHARS = 3
_ENDINGS = frozenset(
    {"s", "es", "ed", "er", "ers", "ing", "ly", "ful", "ity", "ion", "al", "ic", "ive", "or"}
)


@dataclass(frozen=True)
class Correction:
    word: str  # the vocabulary word chosen
    term: int
    distance: int


def max_edits(word: str) -> int:
    """Short words have many close neighbours, so they get less slack."""
    if len(word) < MIN_CORRECTABLE_CHARS:
        return 0
    return 1 if len(word) <= 7 else 2


class Speller:
    """Nearest-vocabulary-word lookup over words sharing a letter position and a plausible length.

    People rarely mistype the first letter, so words of the same first letter are scanned first, which
    cuts the words scanned per lookup about twentyfold and keeps typo repair inside a query's time budget
    on large catalogs. Only when that finds nothing are words scanned whose first or second letter
    matches the typed word's first or second one (a wrong, dropped, doubled or swapped first letter).
    """

    def __init__(self, surfaces: dict[str, int], df: np.ndarray, skip: frozenset[str] = frozenset()) -> None:
        self._surfaces = surfaces
        self._df = df
        firsts: dict[str, list[str]] = defaultdict(list)
        seconds: dict[str, list[str]] = defaultdict(list)
        for word in surfaces:
            if word not in skip and len(word) > 1 and any(char.isalpha() for char in word):
                firsts[word[0]].append(word)
                seconds[word[1]].append(word)
        self._firsts = {key: _by_length(words) for key, words in firsts.items()}
        self._seconds = {key: _by_length(words) for key, words in seconds.items()}
        self._sorted = sorted(surfaces)

    def complete(self, prefix: str) -> Correction | None:
        """`argo` -> `argocd`, `postgres` -> `postgresql`: the most used word the typed word begins."""
        if len(prefix) < MIN_CORRECTABLE_CHARS:
            return None
        best: tuple[int, str] | None = None
        start = bisect_left(self._sorted, prefix)
        for word in self._sorted[start : start + _PREFIX_SCAN]:
            if not word.startswith(prefix):
                break
            tail = word[len(prefix) :]
            if len(tail) > _MAX_COMPLETION_CHARS or tail in _ENDINGS:
                continue
            rank = (-int(self._df[self._surfaces[word]]), word)
            if best is None or rank < best:
                best = rank
        if best is None:
            return None
        return Correction(best[1], self._surfaces[best[1]], 1)

    def correct(self, word: str) -> Correction | None:
        """The best vocabulary word within `max_edits(word)`, or None when nothing is close enough."""
        limit = max_edits(word)
        if limit == 0 or not any(char.isalpha() for char in word):
            return None
        best = self._scan(self._firsts.get(word[0]), word, limit)
        if best is None:
            fallbacks = (self._firsts.get(word[1]), self._seconds.get(word[1]), self._seconds.get(word[0]))
            best = min(filter(None, (self._scan(group, word, limit) for group in fallbacks)), default=None)
        if best is None:
            return None
        distance, _, candidate = best
        return Correction(candidate, self._surfaces[candidate], distance)

    def _scan(
        self, group: tuple[list[str], list[int]] | None, word: str, limit: int
    ) -> tuple[int, int, str] | None:
        """Best (distance, -document frequency, word) in `group` within `limit` edits of `word`."""
        if group is None:
            return None
        words, lengths = group
        start = bisect_left(lengths, len(word) - limit)
        end = bisect_right(lengths, len(word) + limit)
        if end <= start:
            return None
        best = None
        for candidate, distance, _ in process.extract(
            word, words[start:end], scorer=OSA.distance, score_cutoff=limit, limit=_CANDIDATES
        ):
            rank = (int(distance), -int(self._df[self._surfaces[candidate]]), candidate)
            if best is None or rank < best:
                best = rank
        return best


def _by_length(words: list[str]) -> tuple[list[str], list[int]]:
    words.sort(key=len)
    return words, [len(word) for word in words]
