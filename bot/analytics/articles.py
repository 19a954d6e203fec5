"""The article report: how each article fares when the bot shows it, most often marked not helpful first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.core.catalog.model import Article


class ArticleFigures(Protocol):
    def article_event_counts(self) -> dict[str, dict[str, int]]: ...

    def votes(self) -> dict[str, tuple[int, int]]: ...

    def last_digested(self) -> dict[str, dt.datetime]: ...


@dataclass(frozen=True, slots=True)
class ArticleLine:
    slug: str
    title: str
    category: str
    shown: int
    opened: int
    shared: int
    helpful: int
    not_helpful: int
    last_digest: dt.datetime | None
    review: str

    @property
    def helpful_ratio(self) -> float | None:
        votes = self.helpful + self.not_helpful
        return None if votes == 0 else self.helpful / votes


def article_lines(source: ArticleFigures, articles: Sequence[Article]) -> list[ArticleLine]:
    """Every catalog article (and any recorded slug since removed), most "not helpful" votes first."""
    events = source.article_event_counts()
    votes = source.votes()
    digested = source.last_digested()
    known = {article.slug: article for article in articles}
    lines = []
    for slug in sorted(set(known) | set(events) | set(votes)):
        article = known.get(slug)
        counts = events.get(slug, {})
        yes, no = votes.get(slug, (0, 0))
        lines.append(
            ArticleLine(
                slug=slug,
                title=article.title if article else f"{slug} (removed)",
                category=article.category if article else "",
                shown=counts.get("shown", 0),
                opened=counts.get("opened", 0),
                shared=counts.get("shared", 0),
                helpful=yes,
                not_helpful=no,
                last_digest=digested.get(slug),
                review=review_status(article),
            )
        )
    return sorted(lines, key=lambda line: (-line.not_helpful, -(line.helpful_ratio is None), line.slug))


def review_status(article: Article | None) -> str:
    """The owners' review metadata when the catalog has it (`review_by`), else "n/a"."""
    review_by = getattr(article, "review_by", None) if article is not None else None
    if review_by is None:
        return "n/a"
    every = getattr(article, "review_every", None)
    return f"review by {review_by}" + (f" (every {every})" if every else "")
