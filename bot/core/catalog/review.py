"""When an article is due for review, and which are overdue on a given day.

Pure: `today` is an argument, so a card, a digest and `check` agree on what is overdue, and tests set the day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from bot.core.catalog.model import Article, Catalog, Problem


def review_due(article: Article) -> dt.date | None:
    """`review_by`, else `review_every` days after the last review, publication or commit; None if not asked."""
    if article.review_by is not None:
        return article.review_by
    if article.review_every is None:
        return None
    start = article.reviewed or article.published or article.changed
    return None if start is None else start + dt.timedelta(days=article.review_every)


def overdue_since(article: Article, today: dt.date) -> dt.date | None:
    """The due date when it has passed (a review due today is not overdue yet), else None."""
    due = review_due(article)
    return due if due is not None and due < today else None


def overdue_label(due: dt.date) -> str:
    """`review overdue since 3 Mar`: short enough for a card's grey line."""
    return f"review overdue since {due.day} {due:%b}"


def overdue_note(article: Article, today: dt.date | None) -> str:
    """The stale mark for cards and digests; empty when `today` is unknown or the review is not overdue."""
    due = overdue_since(article, today) if today is not None else None
    return "" if due is None else overdue_label(due)


def due_reviews(articles: Iterable[Article], today: dt.date) -> list[tuple[Article, dt.date]]:
    """Overdue articles with their due dates, the longest overdue first."""
    found = [(article, due) for article in articles if (due := overdue_since(article, today)) is not None]
    return sorted(found, key=lambda pair: (pair[1], pair[0].slug))


def review_warnings(catalog: Catalog, today: dt.date) -> list[Problem]:
    """`check`'s warnings: one per overdue article, at its file's first line."""
    return [
        Problem(
            article.path or Path(f"{article.slug}.md"),
            1,
            f"review overdue since {due.isoformat()}: review it and set 'reviewed: {today.isoformat()}'",
        )
        for article, due in due_reviews(catalog.articles, today)
    ]


def with_changed(catalog: Catalog, changed: Mapping[Path, dt.date]) -> Catalog:
    """The catalog with each article's last commit date filled in from `changed` (path -> date)."""
    if not changed:
        return catalog
    articles = tuple(
        replace(article, changed=changed[article.path])
        if article.path is not None and article.path in changed
        else article
        for article in catalog.articles
    )
    return Catalog(articles=articles, categories=catalog.categories, problems=catalog.problems)
