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


def newest_first(articles: Sequence[Article], first_seen: Mapping[str, dt.datetime]) -> list[Article]:
    """Order by `published`, else by when the bot first saw the article; undated and unseen go last."""

    def when(article: Article) -> dt.datetime:
        if article.published_at is not None:
            return article.published_at
        seen = first_seen.get(article.slug)
        if seen is None:
            return _FLOOR
        return seen if seen.tzinfo is not None else seen.replace(tzinfo=dt.UTC)

    return sorted(articles, key=lambda article: (when(article), article.title), reverse=True)


class NewestFirst:
    """Holds the order for the latest catalog version; `note(snapshot, seen)` is its catalog subscriber."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ordered: tuple[int, list[Article]] | None = None
        self._seen: Mapping[str, dt.datetime] = {}

    def note(self, snapshot: Snapshot, first_seen: Mapping[str, dt.datetime]) -> None:
        """Order a new catalog version with the first-seen times recorded for it."""
        ordered = newest_first(snapshot.catalog.articles, first_seen)
        with self._lock:
            self._seen = first_seen
            self._ordered = (snapshot.version, ordered)

    def of(self, snapshot: Snapshot) -> list[Article]:
        """The order for `snapshot`: precomputed when it is the version noted, else worked out once from the
        first-seen times known so far (a version can be served before its subscriber has run)."""
        with self._lock:
            ordered, seen = self._ordered, self._seen
        if ordered is not None and ordered[0] == snapshot.version:
            return ordered[1]
        fresh = newest_first(snapshot.catalog.articles, seen)
        with self._lock:
            if self._ordered is None or self._ordered[0] < snapshot.version:
                self._ordered = (snapshot.version, fresh)
        return fresh
