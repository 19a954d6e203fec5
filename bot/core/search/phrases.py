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

from rapidfuzz import process
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
        after: dict[str, set[str]] = defaultdict(set)
        before: dict[str, set[str]] = defaultdict(set)
        for first, second in pairs:
            after[first].add(second)
            before[second].add(first)
        # Sorted lists, scanned by rapidfuzz in C: a common word of a large catalog has thousands of
        # neighbours.
        self._after = {word: sorted(words) for word, words in after.items()}
        self._before = {word: sorted(words) for word, words in before.items()}

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
            return _closest(second, self._after.get(first, []), 1)
        if second_known and not first_known:
            return _closest(first, self._before.get(second, []), 0)
        return None


def _closest(word: str, candidates: list[str], position: int) -> PhraseRepair | None:
    """The nearest candidate within `max_edits(word)`; ties go to the first in alphabetical order."""
    limit = max_edits(word)
    if limit == 0 or not candidates:
        return None
    found = process.extractOne(word, candidates, scorer=OSA.distance, score_cutoff=limit)
    if found is None or found[1] == 0:
        return None
    return PhraseRepair(position, found[0], int(found[1]))
