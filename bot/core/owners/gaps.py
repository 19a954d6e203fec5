"""Unanswered questions grouped by wording: what people keep asking that no article answers.

A first, simple grouping (rapidfuzz `token_set_ratio` against each group's first question); a richer grouping
can replace `top_gaps` as long as it keeps the signature.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, utils

SAME_GAP = 80.0
"""token_set_ratio at or above which two questions count as the same gap ("rotate jwt keys" ~ "how to rotate jwt
signing keys")."""


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
        normal = utils.default_process(text)
        if not normal:
            continue
        for index, (first, key, count) in enumerate(groups):
            if fuzz.token_set_ratio(normal, key) >= SAME_GAP:
                groups[index] = (first, key, count + 1)
                break
        else:
            groups.append((text, normal, 1))
    ranked = sorted(range(len(groups)), key=lambda i: (-groups[i][2], i))
    return [Gap(groups[i][0], groups[i][2]) for i in ranked[: max(limit, 0)]]
