"""The gap report: questions the catalog did not answer, near-duplicate wordings counted as one gap.

Wordings are grouped greedily, most-asked first: a wording joins the first group whose leading wording it
matches closely (rapidfuzz on sorted words), and, when an embedding function is given, groups whose leading
wordings mean nearly the same are merged too. Gaps are ranked by how many distinct people asked.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from rapidfuzz import fuzz, process

from bot.core.search import SearchIndex
from bot.store.recorded import WordingRow

SIMILAR_WORDING = 85.0
"""rapidfuzz ratio of the sorted content words at or above which two wordings are the same question."""
FILLER = frozenset(
    {"a", "an", "the", "how", "do", "does", "did", "i", "we", "you", "to", "can", "what", "is", "are"}
    | {"where", "why", "when", "which", "who", "should", "my", "our", "for", "of", "in", "on", "with"}
    | {"about", "any", "there", "way", "best", "please"}
)
SIMILAR_MEANING = 0.85
"""Cosine similarity at or above which two groups' leading wordings are merged."""
EMBEDDED_GROUPS = 200
"""Only the most-asked groups are embedded, so the report stays fast on a year of traffic."""

Embed = Callable[[Sequence[str]], np.ndarray]


class WordingSource(Protocol):
    def unanswered_wordings(self, *, since: dt.datetime, category: str | None = None) -> list[WordingRow]: ...

    def last_answered(self, norms: Sequence[str], *, since: dt.datetime) -> dict[str, dt.datetime]: ...


@dataclass
class Gap:
    """One unanswered need; `answered_at` is set when a wording of it got a confident answer after it was last
    left unanswered (someone has written it up since)."""

    text: str
    askers: int
    times: int
    last_asked: dt.datetime
    category: str | None
    wordings: list[str]
    tiers: dict[str, int]
    closest: str | None = None
    closest_title: str | None = None
    answered_at: dt.datetime | None = None
    _users: set[str] = field(default_factory=set, repr=False)

    @property
    def advice(self) -> str:
        if self.answered_at is not None:
            return "answered since"
        if self.closest_title:
            return f"add this to “{self.closest_title}”"
        return "write a new article"


def gaps(
    source: WordingSource,
    *,
    since: dt.datetime,
    category: str | None = None,
    index: SearchIndex | None = None,
    embed: Embed | None = None,
    limit: int | None = None,
) -> list[Gap]:
    """Gaps since `since`, most distinct askers first; each with its likely category and the closest article."""
    rows = source.unanswered_wordings(since=since, category=category)
    groups = _group(rows)
    if embed is not None:
        groups = _merge_by_meaning(groups, embed)
    ranked = sorted(groups, key=lambda gap: (-gap.askers, -gap.times, gap.text))
    shown = ranked[:limit] if limit is not None else ranked
    answered = source.last_answered(sorted({w for gap in shown for w in gap.wordings}), since=since)
    for gap in shown:
        later = [answered[w] for w in gap.wordings if w in answered and answered[w] > gap.last_asked]
        gap.answered_at = max(later) if later else None
        if index is not None:
            _closest(gap, index)
    return shown


def _group(rows: Sequence[WordingRow]) -> list[Gap]:
    by_norm: dict[str, list[WordingRow]] = {}
    for row in rows:
        by_norm.setdefault(row.norm, []).append(row)
    order = sorted(by_norm, key=lambda norm: (-sum(r.count for r in by_norm[norm]), norm))
    leaders: list[str] = []  # the content-word key of each group's first (most asked) wording
    exact: dict[str, int] = {}  # content key -> its group, so a key seen before costs no fuzzy search
    groups: list[Gap] = []
    categories: list[Counter[str]] = []
    for norm in order:
        key = content_key(norm)
        position = exact.get(key)
        if position is None:
            match = process.extractOne(key, leaders, scorer=fuzz.ratio, score_cutoff=SIMILAR_WORDING)
            position = None if match is None else match[2]
        exact[key] = position if position is not None else len(groups)
        if position is None:
            leaders.append(key)
            first = by_norm[norm][0]
            groups.append(Gap(first.text, 0, 0, first.last_asked, None, [], {}))
            categories.append(Counter())
            position = len(groups) - 1
        _add(groups[position], categories[position], norm, by_norm[norm])
    for gap, counter in zip(groups, categories, strict=True):
        gap.category = counter.most_common(1)[0][0] if counter else None
    return groups


def content_key(norm: str) -> str:
    """The wording's content words, sorted: "how do I rotate tokens?" and "rotate tokens how" agree."""
    words = [word.strip("?!.,;:'\"()") for word in norm.split()]
    kept = sorted(word for word in words if word and word not in FILLER)
    return " ".join(kept) or norm


def _add(gap: Gap, categories: Counter[str], norm: str, rows: Sequence[WordingRow]) -> None:
    gap.wordings.append(norm)
    for row in rows:
        gap.times += row.count
        gap._users.add(row.user_key or f"anonymous:{norm}")
        gap.last_asked = max(gap.last_asked, row.last_asked)
        gap.tiers[row.tier] = gap.tiers.get(row.tier, 0) + row.count
        if row.category:
            categories[row.category] += row.count
    gap.askers = len(gap._users)


def _merge_by_meaning(groups: list[Gap], embed: Embed) -> list[Gap]:
    """Folds a group into an earlier (more asked) one whose leading wording means nearly the same."""
    ranked = sorted(groups, key=lambda gap: (-len(gap._users), -gap.times))
    head, tail = ranked[:EMBEDDED_GROUPS], ranked[EMBEDDED_GROUPS:]
    if len(head) < 2:
        return ranked
    vectors = np.asarray(embed([gap.wordings[0] for gap in head]), dtype=np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    kept: list[int] = []
    for position, gap in enumerate(head):
        similar = [k for k in kept if float(vectors[k] @ vectors[position]) >= SIMILAR_MEANING]
        if not similar:
            kept.append(position)
            continue
        target = head[similar[0]]
        target.wordings += gap.wordings
        target.times += gap.times
        target._users |= gap._users
        target.askers = len(target._users)
        target.last_asked = max(target.last_asked, gap.last_asked)
        for tier, count in gap.tiers.items():
            target.tiers[tier] = target.tiers.get(tier, 0) + count
    return [head[k] for k in kept] + tail


def _closest(gap: Gap, index: SearchIndex) -> None:
    """The article search ranks first for the gap's wording, in either tier, and its category as a fallback."""
    try:
        response = index.search(gap.text, limit=1)
    except ValueError:
        return
    hits = (*response.results, *response.tentative)
    if hits:
        gap.closest = hits[0].article.slug
        gap.closest_title = hits[0].article.title
        if gap.category is None:
            gap.category = hits[0].article.category
