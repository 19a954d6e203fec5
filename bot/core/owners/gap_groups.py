"""Unanswered questions grouped by wording: what people keep asking that no article answers.

A first, simple grouping (rapidfuzz `token_set_ratio` against each group's first question); a richer grouping
can replace `top_gaps` as long as it keeps the signature.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, utils

SAME_GAP = 80.0
"""token_set_ratio at or above which two questions count as the same gap ("rotate jwt keys" ~ "how do I rotate
JWT keys?")."""
SAME_ORDERLESS = 50.0
"""token_sort_ratio they must also reach, so one word ("vpn") does not swallow every question containing it."""
QUESTION_WORDS = frozenset(
    [
        "how",
        "do",
        "does",
        "did",
        "i",
        "we",
        "you",
        "what",
        "whats",
        "is",
        "are",
        "our",
        "the",
        "a",
        "an",
        "to",
        "can",
        "could",
        "why",
        "when",
        "where",
        "which",
        "who",
        "my",
        "in",
        "on",
        "for",
        "of",
        "with",
        "should",
        "it",
        "there",
        "any",
    ]
)
"""Dropped before comparing: "what is our holiday policy" and "what is our expense policy" are different gaps."""


@dataclass(frozen=True, slots=True)
class Gap:
    """One question people asked, in its first wording, and how many times it (or a near wording) was asked."""

    question: str
    count: int


def top_gaps(questions: Sequence[str], limit: int) -> list[Gap]:
    """The `limit` most asked gaps, most asked first; ties keep the order they were first asked in."""
    groups: list[tuple[str, str, int]] = []  # (first wording, its normalised form, count)
    for question in questions:
        text = " ".join(question.split())
        normal = _content(text)
        if not normal:
            continue
        for index, (first, key, count) in enumerate(groups):
            if _same(normal, key):
                groups[index] = (first, key, count + 1)
                break
        else:
            groups.append((text, normal, 1))
    ranked = sorted(range(len(groups)), key=lambda i: (-groups[i][2], i))
    return [Gap(groups[i][0], groups[i][2]) for i in ranked[: max(limit, 0)]]


def _content(text: str) -> str:
    words = utils.default_process(text).split()
    kept = [word for word in words if word not in QUESTION_WORDS]
    return " ".join(kept or words)


def _same(one: str, other: str) -> bool:
    return (
        fuzz.token_set_ratio(one, other) >= SAME_GAP and fuzz.token_sort_ratio(one, other) >= SAME_ORDERLESS
    )
