"""Newest-first order of the catalog, worked out once per catalog version, off the request path.

`/insights latest` and the App Home need every article ordered by `published`, else by when the bot first
saw it. Computing that per request meant a database write and a sort of the whole catalog on a read path
(the slow path at 10,000 articles); here it is computed when a catalog version appears, from first-seen
times the catalog subscriber already records, and a request only reads the finished list.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from bot.core.catalog.model import Article

if TYPE_CHECKING:
    from bot.live_catalog import Snapshot

_FLOOR = dt.datetime.min.replace(tzinfo=dt.UTC)


def newest_first(articles: Sequence[Article], dates: Mapping[str, dt.datetime]) -> list[Article]:
    """Order by `published`, else by the date known for the article (its first commit in git, else when the
    bot first saw it); undated ones go last. With no date at all, by title: the reply then says so."""
    if not has_dates(articles, dates):
        return sorted(articles, key=lambda article: (article.title.casefold(), article.slug))

    def when(article: Article) -> dt.datetime:
        if article.published_at is not None:
            return article.published_at
        seen = dates.get(article.slug)
        if seen is None:
            return _FLOOR
        return seen if seen.tzinfo is not None else seen.replace(tzinfo=dt.UTC)

    return sorted(articles, key=lambda article: (when(article), article.title), reverse=True)


def has_dates(articles: Sequence[Article], dates: Mapping[str, dt.datetime]) -> bool:
    """Whether anything tells the articles' ages apart: a `published` date or a known date that differs."""
    known = {dates[a.slug] for a in articles if a.slug in dates}
    return any(a.published is not None for a in articles) or len(known) > 1


class NewestFirst:
    """Holds the order for the latest catalog version; `note(snapshot, dates)` is its catalog subscriber."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ordered: tuple[int, list[Article]] | None = None
        self._dates: Mapping[str, dt.datetime] = {}

    def note(self, snapshot: Snapshot, dates: Mapping[str, dt.datetime]) -> None:
        """Order a new catalog version with the dates known for it (git first commits, first-seen times)."""
        ordered = newest_first(snapshot.catalog.articles, dates)
        with self._lock:
            self._dates = dates
            self._ordered = (snapshot.version, ordered)

    def by_title(self, snapshot: Snapshot) -> bool:
        """True when no date tells the articles apart, so "latest" is only alphabetical."""
        with self._lock:
            dates = self._dates
        return not has_dates(snapshot.catalog.articles, dates)

    def of(self, snapshot: Snapshot) -> list[Article]:
        """The order for `snapshot`: precomputed when it is the version noted, else worked out once from the
        dates known so far (a version can be served before its subscriber has run)."""
        with self._lock:
            ordered, dates = self._ordered, self._dates
        if ordered is not None and ordered[0] == snapshot.version:
            return ordered[1]
        fresh = newest_first(snapshot.catalog.articles, dates)
        with self._lock:
            if self._ordered is None or self._ordered[0] < snapshot.version:
                self._ordered = (snapshot.version, fresh)
        return fresh
