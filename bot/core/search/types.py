"""The search contract's value types: what callers (Slack, CLI, digests) receive and may rely on."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from bot.core.catalog import Article
from bot.errors import QueryError

MAX_QUERY_CHARS = 1000


def _identity(text: str) -> str:
    return text


@dataclass(frozen=True)
class Snippet:
    """The passage of an article that best matches a query, with the matched words located, not yet rendered.

    Spans are kept apart from the text so that each surface (Slack mrkdwn, terminal, JSON) can mark and
    escape in its own way without re-parsing a pre-marked string.
    """

    text: str
    marks: tuple[tuple[int, int], ...] = ()

    def render(self, open: str, close: str, escape: Callable[[str], str] = _identity) -> str:
        """Wrap each mark in `open`/`close`; `escape` sees every segment so markup in articles stays inert."""
        parts: list[str] = []
        cursor = 0
        for start, end in sorted(self.marks):
            if start < cursor or end <= start:
                continue
            parts.append(escape(self.text[cursor:start]))
            parts.append(open + escape(self.text[start:end]) + close)
            cursor = end
        parts.append(escape(self.text[cursor:]))
        return "".join(parts)


@dataclass(frozen=True)
class Why:
    """Why an article came up, for "Why this result?": the query words each field matched, the words a typo
    repair chose, and how close the meanings are (cosine similarity, None without a model)."""

    fields: tuple[tuple[str, tuple[str, ...]], ...] = ()
    similarity: float | None = None


@dataclass(frozen=True)
class Hit:
    article: Article
    score: float
    snippet: Snippet
    why: Why = Why()


@dataclass(frozen=True)
class Suggestion:
    """A near miss offered when nothing answered the query; never presented as a result."""

    kind: Literal["article", "category"]
    name: str
    slug: str | None = None


Confidence = Literal["answer", "tentative", "none"]


@dataclass(frozen=True)
class SearchResponse:
    """`results` is the answer tier only; `tentative` the "might help" articles (also in `suggestions`, by
    name, for scripts); `corrections` the (typed, used) word pairs of typo repair."""

    query: str
    category: str | None
    results: tuple[Hit, ...]
    suggestions: tuple[Suggestion, ...]
    total: int
    confidence: Confidence = "none"
    tentative: tuple[Hit, ...] = ()
    corrections: tuple[tuple[str, str], ...] = ()


def strip_control(text: str) -> str:
    """Drop control and format characters and collapse whitespace, so pasted junk cannot steer matching."""
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Cs", "Co", "Cn"):
            kept.append(" " if char in "\t\n\r\x0b\x0c" else "")
        else:
            kept.append(char)
    return " ".join("".join(kept).split())


def clean_query(text: str) -> str:
    """Validate what a user typed before searching, so surfaces can reply with a clear message."""
    cleaned = strip_control(text)
    if not cleaned:
        raise QueryError("Type a few words to search for, e.g. `kubernetes gitops`.")
    if len(cleaned) > MAX_QUERY_CHARS:
        raise QueryError(
            f"That query is {len(cleaned):,} characters long; keep it under {MAX_QUERY_CHARS:,} characters."
        )
    return cleaned
