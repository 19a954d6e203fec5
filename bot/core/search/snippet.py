"""Pick the sentence of an article that best answers the query and locate the matched words in it.

Matching looks for the surface words (from the index vocabulary) whose stems the query uses, with
`str.find` on the case-folded text, so finding `deployed` for the query `deploy` costs a few C-speed
scans rather than a stemmer call per word of the article.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from bot.core.search.types import Snippet

MAX_SNIPPET_CHARS = 240
_MAX_WORDS = 400
_JOINERS = "-/.+"
_ENDS = (". ", ".\n", "? ", "! ", "\n\n")
_DOT, _QUESTION, _BANG, _SPACE, _NEWLINE = map(ord, ".?! \n")
_BATCH_TEXTS = 1024
_MARKDOWN = re.compile(r"```.*?```|`|\*\*|__|^#+\s*|^>\s*|^[-*]\s+", re.DOTALL | re.MULTILINE)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")

Weights = Mapping[str, tuple[int, float]]  # case-folded surface word -> (term, weight)


def plain(markdown: str) -> str:
    """Markdown reduced to readable text: links keep their words, code fences and markers go."""
    if not (
        "`" in markdown
        or "*" in markdown
        or "[" in markdown
        or "#" in markdown
        or ">" in markdown
        or "__" in markdown
        or "\n-" in markdown
        or markdown.startswith("-")
    ):
        return markdown
    return _MARKDOWN.sub("", _LINK.sub(r"\1", markdown))


def find_words(text: str, weights: Weights) -> list[tuple[int, int, int, float]]:
    """Every whole-word occurrence of a weighted word in `text`: (start, end, term, weight), in order."""
    folded = text.casefold()
    if len(folded) != len(text):  # folding changed lengths (e.g. `ß`): positions would not line up
        folded = text.lower() if len(text.lower()) == len(text) else text
    found = []
    for word, (term, weight) in list(weights.items())[:_MAX_WORDS]:
        if weight <= 0 or not word:
            continue
        start = folded.find(word)
        while start >= 0:
            end = start + len(word)
            if (start == 0 or not folded[start - 1].isalnum()) and (
                end == len(folded) or not folded[end].isalnum()
            ):
                found.append((start, end, term, weight))
            start = folded.find(word, end)
    found.sort()
    return found


@dataclass(frozen=True, slots=True)
class Passages:
    """An article's text as snippets read it: Markdown stripped (`plain`), sentence starts found once per
    build (`sentence_starts_many`), not per hit."""

    text: str
    starts: Sequence[int]


def best_snippet(passages: Passages, weights: Weights) -> Snippet:
    """The sentence covering the most query weight (distinct terms), earliest first on ties.

    With nothing matching, the opening sentence is returned unmarked so a hit always shows some context.
    """
    body, starts = passages.text, passages.starts
    found = find_words(body, weights)
    per_sentence: dict[int, dict[int, float]] = {}
    for start, _, term, weight in found:
        per_sentence.setdefault(bisect_right(starts, start) - 1, {})[term] = weight
    chosen = max(per_sentence, key=lambda n: (sum(per_sentence[n].values()), -n), default=0)
    begin = starts[chosen]
    end = starts[chosen + 1] if chosen + 1 < len(starts) else len(body)
    raw = body[begin:end]
    sentence = " ".join(raw.split())
    if not per_sentence:
        return Snippet(_clip(sentence, 0, MAX_SNIPPET_CHARS)[0], ())
    if sentence == raw.strip():  # same characters: the body's matches only shift
        shift = begin + len(raw) - len(raw.lstrip())
        spans = [(start - shift, finish - shift) for start, finish, _, _ in found if begin <= start < end]
    else:
        spans = [(start, finish) for start, finish, _, _ in find_words(sentence, weights)]
    return _window(sentence, _without_overlaps(spans, sentence))


def sentence_starts(body: str) -> list[int]:
    """Offsets where sentences begin: 0 and after each end mark (`. `, `? `, a blank line, ...)."""
    starts = [0]
    for mark in _ENDS:
        found = body.find(mark)
        while found >= 0:
            starts.append(found + len(mark))
            found = body.find(mark, found + len(mark))
    starts.sort()
    return starts


def sentence_starts_many(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """`sentence_starts` of every text, back to back (int32), and where each text's begin (int64, one more
    than texts): the same offsets, found with numpy over a batch's code points rather than a Python loop
    per text and end mark."""
    counts = np.zeros(len(texts), dtype=np.int64)
    found = []
    for first in range(0, len(texts), _BATCH_TEXTS):
        batch = texts[first : first + _BATCH_TEXTS]
        owners, local = _batch_starts(batch)
        counts[first : first + len(batch)] = np.bincount(owners, minlength=len(batch)) + 1
        found.append(local)
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    starts = np.zeros(int(offsets[-1]), dtype=np.int32)  # each text's first start is 0
    later = np.ones(starts.size, dtype=bool)
    later[offsets[:-1]] = False
    if found:
        starts[later] = np.concatenate(found)
    return starts, offsets


def _batch_starts(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(text number, offset) of every sentence start after the first, in order; texts joined by NUL, which no
    end mark contains, one code point per array cell (UTF-32), so offsets are string indices."""
    bases = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1, out=bases[1:])
    chars = np.frombuffer("\0".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    first, second = chars[:-1], chars[1:]
    # `. `, `.\n`, `? `, `! `: none can overlap another or itself.
    marks = ((first == _DOT) & ((second == _SPACE) | (second == _NEWLINE))) | (
        ((first == _QUESTION) | (first == _BANG)) & (second == _SPACE)
    )
    newline = chars == _NEWLINE
    blank = newline[:-1] & newline[1:]
    if blank.any():  # `\n\n` found left to right without overlap: every other one within a run of newlines
        runs = np.flatnonzero(newline & ~np.concatenate(([False], newline[:-1])))
        at = np.flatnonzero(blank)
        blank[at[(at - runs[np.searchsorted(runs, at, side="right") - 1]) % 2 == 1]] = False
        marks |= blank
    ends = np.flatnonzero(marks) + 2  # every end mark is two characters long
    owners = np.searchsorted(bases, ends, side="right") - 1
    return owners, ends - bases[owners]


def _without_overlaps(marks: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Sorted, non-overlapping marks; parts of one compound (`socket.io`) become one mark."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(marks, key=lambda mark: (mark[0], -mark[1])):
        if kept and start == kept[-1][1] + 1 and text[start - 1] in _JOINERS:
            kept[-1] = (kept[-1][0], end)
        elif not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _window(sentence: str, marks: list[tuple[int, int]]) -> Snippet:
    """Cut a long sentence around its first mark, keeping only the marks that survive the cut."""
    if len(sentence) <= MAX_SNIPPET_CHARS:
        return Snippet(sentence, tuple(marks))
    start = max(0, marks[0][0] - MAX_SNIPPET_CHARS // 3) if marks else 0
    text, offset = _clip(sentence, start, start + MAX_SNIPPET_CHARS)
    kept = tuple(
        (begin - start + offset, end - start + offset)
        for begin, end in marks
        if begin >= start and end <= start + MAX_SNIPPET_CHARS
    )
    return Snippet(text, kept)


def _clip(text: str, start: int, end: int) -> tuple[str, int]:
    """`text[start:end]` with an ellipsis on each cut side; returns the shift applied to positions."""
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return prefix + text[start:end] + suffix, len(prefix)
