"""Pick the sentence of an article that best answers the query and locate the matched words in it.

Matching runs as one regular expression of the surface words (from the index vocabulary) whose stems
the query uses, so finding `deployed` for the query `deploy` costs a C-speed scan, not a stemmer call
per word of the article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from bot.core.search.types import Snippet

MAX_SNIPPET_CHARS = 240
_MAX_PATTERN_WORDS = 400
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n(?=\s*[-*#>])")
_MARKDOWN = re.compile(r"```.*?```|`|\*\*|__|^#+\s*|^>\s*|^[-*]\s+", re.DOTALL | re.MULTILINE)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP_CHARS = frozenset("`*_#>[-")


def plain(markdown: str) -> str:
    """Markdown reduced to readable text: links keep their words, code fences and markers go."""
    if not _MARKUP_CHARS.intersection(markdown):
        return markdown
    return _MARKDOWN.sub("", _LINK.sub(r"\1", markdown))


def sentences(text: str) -> list[str]:
    return [" ".join(part.split()) for part in _SENTENCE_END.split(text) if part and part.strip()]


def word_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """A case-insensitive pattern matching any of `words` as a whole word (compound parts included)."""
    chosen = sorted(set(words), key=len, reverse=True)[:_MAX_PATTERN_WORDS]
    if not chosen:
        return None
    alternatives = "|".join(re.escape(word) for word in chosen)
    return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])", re.IGNORECASE)


def best_snippet(
    text: str, pattern: re.Pattern[str] | None, weights: Mapping[str, tuple[int, float]]
) -> Snippet:
    """The sentence covering the most query weight (distinct terms), earliest first on ties.

    `weights` maps a lower-cased surface word to its (term, weight); with no sentence matching, the
    opening sentence is returned unmarked so a hit always shows some context.
    """
    best: tuple[float, str, list[tuple[int, int]]] | None = None
    first = ""
    for sentence in sentences(plain(text)):
        first = first or sentence
        if pattern is None:
            break
        marks: list[tuple[int, int]] = []
        terms: dict[int, float] = {}
        for match in pattern.finditer(sentence):
            term, weight = weights.get(match.group().casefold(), (-1, 0.0))
            if weight > 0:
                marks.append(match.span())
                terms[term] = weight
        score = sum(terms.values())
        if score > 0 and (best is None or score > best[0]):
            best = (score, sentence, marks)
    if best is None:
        return Snippet(_clip(first, 0, MAX_SNIPPET_CHARS)[0], ())
    _, sentence, marks = best
    return _window(sentence, marks)


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
