"""What a channel's digest contains: "New this week", then "From the archive", rotating through the category."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.core.catalog.model import Article, Catalog, Category

_NEVER = dt.datetime.min.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class Digest:
    category: Category
    new: tuple[Article, ...]
    archive: tuple[Article, ...]
    category_size: int

    @property
    def is_empty(self) -> bool:
        return not self.new and not self.archive

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(article.slug for article in (*self.new, *self.archive))


def _arrival(article: Article, first_seen: Mapping[str, dt.datetime], until: dt.datetime) -> dt.datetime:
    """An article the bot has no record of arrived just now."""
    return first_seen.get(article.slug, until)


def compose_digest(
    catalog: Catalog,
    category: str,
    *,
    since: dt.datetime,
    until: dt.datetime,
    first_seen: Mapping[str, dt.datetime],
    sent: Mapping[str, dt.datetime],
    archive_count: int,
) -> Digest | None:
    """None when the category is not in the catalog (renamed or removed since the channel subscribed).

    New: first seen, or published, in (since, until]. Archive: up to `archive_count` other articles, those
    never sent to this channel first, then the longest-ago sent, so the whole category goes round before any
    article repeats.
    """
    info = catalog.category(category)
    articles = catalog.in_category(category)
    if info is None and not articles:
        return None
    info = info or Category(name=category)

    new = _new_articles(articles, first_seen, since, until)
    fresh = {article.slug for article in new}
    candidates = sorted(
        (article for article in articles if article.slug not in fresh),
        key=lambda a: (sent.get(a.slug, _NEVER), a.published_at or _arrival(a, first_seen, until), a.slug),
    )
    return Digest(
        category=info,
        new=tuple(new),
        archive=tuple(candidates[:archive_count]),
        category_size=len(articles),
    )


def _new_articles(
    articles: Sequence[Article], first_seen: Mapping[str, dt.datetime], since: dt.datetime, until: dt.datetime
) -> list[Article]:
    """First seen, or published, in (since, until]; newest first."""

    def is_new(article: Article) -> bool:
        published = article.published_at
        seen = _arrival(article, first_seen, until)
        return since < seen <= until or (published is not None and since < published <= until)

    return sorted(
        (article for article in articles if is_new(article)),
        key=lambda a: (-_arrival(a, first_seen, until).timestamp(), a.title.lower(), a.slug),
    )
