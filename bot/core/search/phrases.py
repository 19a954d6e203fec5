"""Real-word typo repair by phrase: `technical dept` -> `technical debt`, `scope creek` -> `scope creep`.

A misspelling that is itself an English word (`dept`, `creek`, `tokes`) is never respelt on its own: it may
be a word the catalog simply does not use. Next to the right neighbour it is another matter: the pair
nearly spells a phrase the catalog names in a title or a tag, and that phrase is the likelier intent.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from rapidfuzz.distance import OSA

from bot.core.search.fuzzy import max_edits
from bot.core.search.lexicon import STOP_WORDS
from bot.core.search.text import WORD, normalize

_PARTS = re.compile(r"[^\w]+|_")


@dataclass(frozen=True)
class PhraseRepair:
    position: int  # 0: the first word of the pair was respelt, 1: the second
    word: str
    distance: int


class Phrases:
    """Adjacent word pairs of titles and tags, looked up from either side."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self._after: dict[str, set[str]] = defaultdict(set)
        self._before: dict[str, set[str]] = defaultdict(set)
        for first, second in pairs:
            self._after[first].add(second)
            self._before[second].add(first)

    @classmethod
    def of(cls, texts: Iterable[str]) -> Phrases:
        """Pairs from each text (a title or a tag); stop words are skipped, as they are in queries."""
        pairs = []
        for text in texts:
            words = [
                part
                for token in WORD.findall(normalize(text))
                for part in _PARTS.split(token.replace("'", "").replace("’", ""))
                if len(part) >= 2 and part not in STOP_WORDS
            ]
            pairs.extend(pairwise(words))
        return cls(pairs)

    def repair(self, first: str, second: str, first_known: bool, second_known: bool) -> PhraseRepair | None:
        """Respell the unknown word of a pair whose other word starts or ends a known phrase."""
        if first_known and not second_known:
            return _closest(second, self._after.get(first, ()), 1)
        if second_known and not first_known:
            return _closest(first, self._before.get(second, ()), 0)
        return None


def _closest(word: str, candidates: Iterable[str], position: int) -> PhraseRepair | None:
    limit = max_edits(word)
    if limit == 0:
        return None
    best: tuple[int, str] | None = None
    for candidate in candidates:
        distance = OSA.distance(word, candidate, score_cutoff=limit)
        if 0 < distance <= limit and (best is None or (distance, candidate) < best):
            best = (distance, candidate)
    return PhraseRepair(position, best[1], best[0]) if best else None
