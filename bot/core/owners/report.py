"""What a category's owners hear about each week: top gaps, articles marked not helpful, reviews due.

Pure: the unanswered questions (already attributed to a category), the feedback counts and `today` come in as
arguments, so the runner decides where they come from and tests decide the day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.core.catalog.model import Article, Catalog, Category
from bot.core.catalog.review import review_due
from bot.core.owners.gap_groups import Gap, top_gaps

MAX_GAPS = 5
MAX_UNHELPFUL = 5
MAX_REVIEWS = 10
DUE_SOON = dt.timedelta(days=7)


@dataclass(frozen=True, slots=True)
class Unhelpful:
    article: Article
    not_helpful: int
    helpful: int


@dataclass(frozen=True, slots=True)
class OwnersReport:
    category: Category
    owners: tuple[str, ...]
    gaps: tuple[Gap, ...] = ()
    unhelpful: tuple[Unhelpful, ...] = ()
    reviews: tuple[tuple[Article, dt.date], ...] = ()  # (article, due date), overdue or due within a week

    @property
    def is_empty(self) -> bool:
        """Nothing to report: no post at all."""
        return not (self.gaps or self.unhelpful or self.reviews)


def compose_owners_report(
    catalog: Catalog,
    category: str,
    *,
    questions: Sequence[str],
    feedback: Mapping[str, tuple[int, int]],
    today: dt.date,
) -> OwnersReport | None:
    """The report for `category`, or None when the catalog has no such category.

    `questions` are this category's unanswered questions since the last post; `feedback` is (helpful, not
    helpful) per slug over the same time, so each week reports what is new.
    """
    described = catalog.category(category)
    if described is None:
        return None
    articles = catalog.in_category(category)
    unhelpful = sorted(
        (
            Unhelpful(article, feedback[article.slug][1], feedback[article.slug][0])
            for article in articles
            if feedback.get(article.slug, (0, 0))[1] > 0
        ),
        key=lambda item: (-item.not_helpful, item.helpful, item.article.slug),
    )
    reviews = _reviews_due(articles, today + DUE_SOON)
    return OwnersReport(
        category=described,
        owners=described.owners,
        gaps=tuple(top_gaps(questions, MAX_GAPS)),
        unhelpful=tuple(unhelpful[:MAX_UNHELPFUL]),
        reviews=tuple(reviews[:MAX_REVIEWS]),
    )


def _reviews_due(articles: Sequence[Article], horizon: dt.date) -> list[tuple[Article, dt.date]]:
    """Articles whose review is due by `horizon`, soonest first."""
    due = (
        (article, when)
        for article in articles
        if (when := review_due(article)) is not None and when <= horizon
    )
    return sorted(due, key=lambda pair: (pair[1], pair[0].slug))
