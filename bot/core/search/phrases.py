"""Real-word typo repair by phrase: `technical dept` -> `technical debt`, `scope creek` -> `scope creep`.

A misspelling that is itself an English word (`dept`, `creek`, `tokes`) is never respelt on its own: it may
be a word the catalog simply does not use. Next to the right neighbour it is another matter: the pair
nearly spells a phrase the catalog names in a title or a tag, and that phrase is the likelier intent.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.core.search.analysis import normalize
from bot.core.search.fuzzy import max_edits
from bot.core.search.lexicon import STOP_WORDS

_RUNS = re.compile(r"[^\W_]+")
# Case folding leaves no upper-case letter in a text, so this word can only be the mark between two texts.
_BOUNDARY = "ZZ"
_BATCH_TEXTS = 4096


@dataclass(frozen=True)
class PhraseRepair:
    position: int  # 0: the first word of the pair was respelt, 1: the second
    word: str
    distance: int


class Phrases:
    """Adjacent word pairs of titles and tags, looked up from either side."""

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        ids: dict[str, int] = {}
        codes = [ids.setdefault(word, len(ids)) for pair in pairs for word in pair]
        stream = np.array(codes, dtype=np.int64).reshape(-1, 2)
        self.after, self.before = _tables(list(ids), stream[:, 0], stream[:, 1])

    @classmethod
    def of_tables(cls, after: Neighbours, before: Neighbours) -> Phrases:
        """Phrases from tables built earlier (an index snapshot)."""
        phrases = cls()
        phrases.after, phrases.before = after, before
        return phrases

    @classmethod
    def of(cls, texts: Iterable[str]) -> Phrases:
        """Pairs from each text (a title or a tag); stop words are skipped, as they are in queries.

        A text's words are its runs of letters and digits once apostrophes are dropped: the parts of its
        tokens (`refresh-tokens` -> `refresh`, `tokens`; `don't` -> `dont`). Texts are scanned thousands at
        a time, joined with `_BOUNDARY` between them: one regex call per batch, not one per title and tag.
        """
        unique = list(dict.fromkeys(texts))  # tags repeat across articles
        ids: dict[str, int] = {}
        stream = array("q")  # word ids, -1 at each boundary
        for start in range(0, len(unique), _BATCH_TEXTS):
            joined = f" {_BOUNDARY} ".join(map(normalize, unique[start : start + _BATCH_TEXTS]))
            for word in _RUNS.findall(joined.replace("'", "").replace("’", "")):
                if word == _BOUNDARY:
                    stream.append(-1)
                elif len(word) >= 2 and word not in STOP_WORDS:
                    stream.append(ids.setdefault(word, len(ids)))
            stream.append(-1)
        codes = np.frombuffer(stream, dtype=np.int64) if stream else np.zeros(0, dtype=np.int64)
        first, second = codes[:-1], codes[1:]
        within = (first >= 0) & (second >= 0)
        return cls.of_tables(*_tables(list(ids), first[within], second[within]))

    def repair(self, first: str, second: str, first_known: bool, second_known: bool) -> PhraseRepair | None:
        """Respell the unknown word of a pair whose other word starts or ends a known phrase."""
        if first_known and not second_known:
            return _closest(second, self.after.get(first), 1)
        if second_known and not first_known:
            return _closest(first, self.before.get(second), 0)
        return None


class Neighbours:
    """Word -> its distinct neighbours on one side, sorted: one flat list with offsets per head word, not a
    list per word (a large catalog has hundreds of thousands of them)."""

    def __init__(self, heads: list[str], offsets: np.ndarray, tails: list[str]) -> None:
        self.heads, self.offsets, self.tails = heads, offsets, tails
        self._at = dict(zip(heads, range(len(heads)), strict=True))

    def get(self, word: str) -> list[str]:
        at = self._at.get(word)
        if at is None:
            return []
        return self.tails[int(self.offsets[at]) : int(self.offsets[at + 1])]


def _tables(words: list[str], first: np.ndarray, second: np.ndarray) -> tuple[Neighbours, Neighbours]:
    """Word -> its distinct neighbours after it, and before it, each list sorted.

    Sorted lists, scanned by rapidfuzz in C: a common word of a large catalog has thousands of neighbours.
    Pairs are deduplicated and ordered with numpy over word ranks, not with a Python set per word.
    """
    order = sorted(range(len(words)), key=words.__getitem__)
    rank = np.empty(len(words), dtype=np.int64)
    rank[order] = np.arange(len(words), dtype=np.int64)
    by_rank = [words[at] for at in order]
    return _neighbours(by_rank, rank[first], rank[second]), _neighbours(by_rank, rank[second], rank[first])


def _neighbours(words: list[str], heads: np.ndarray, tails: np.ndarray) -> Neighbours:
    n_words = max(len(words), 1)
    keys = np.sort(heads * n_words + tails)
    keys = keys[np.diff(keys, prepend=-1) != 0]
    starts = np.flatnonzero(np.diff(keys // n_words, prepend=-1))
    head_words = [words[i] for i in (keys[starts] // n_words).tolist()]
    tail_words = [words[i] for i in (keys % n_words).tolist()]
    return Neighbours(head_words, np.append(starts, len(tail_words)).astype(np.int64), tail_words)


def _closest(word: str, candidates: list[str], position: int) -> PhraseRepair | None:
    """The nearest candidate within `max_edits(word)`; ties go to the first in alphabetical order."""
    limit = max_edits(word)
    if limit == 0 or not candidates:
        return None
    found = process.extractOne(word, candidates, scorer=OSA.distance, score_cutoff=limit)
    if found is None or found[1] == 0:
        return None
    return PhraseRepair(position, found[0], int(found[1]))
