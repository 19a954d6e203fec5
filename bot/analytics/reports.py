"""`Reports`: the three reports over one store and the live catalog, for the CLI, the HTML page and Slack.

This is the API the owners' weekly post calls: `Reports(store, catalog).gaps(since=last_post)` gives the top
gaps since then, each with its likely category and the closest article.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from bot.analytics.articles import ArticleFigures, ArticleLine, article_lines
from bot.analytics.gaps import Embed, Gap, WordingSource, gaps
from bot.analytics.usage import UsageSource, Week, usage
from bot.clock import utc_now

if TYPE_CHECKING:
    from bot.live_catalog import Snapshot

DEFAULT_SINCE = dt.timedelta(days=30)
_SPAN = re.compile(r"^\s*(\d{1,4})\s*([dw])\s*$")


class ReportStore(WordingSource, ArticleFigures, UsageSource, Protocol):
    """`bot.store.Store`."""


class LiveSnapshot(Protocol):
    @property
    def current(self) -> Snapshot: ...


def parse_since(text: str) -> dt.timedelta:
    """`30d` or `4w` (days or weeks, up to 9999); ValueError with a one-line message otherwise."""
    found = _SPAN.match(text)
    if found is None or int(found.group(1)) == 0:
        raise ValueError(f"--since takes a number of days or weeks, like 30d or 4w (got {text[:40]!r})")
    count = int(found.group(1))
    return dt.timedelta(days=count if found.group(2) == "d" else count * 7)


class Reports:
    def __init__(
        self,
        store: ReportStore,
        catalog: LiveSnapshot,
        *,
        clock: Callable[[], dt.datetime] = utc_now,
        embed: Embed | None = None,
    ) -> None:
        self._store = store
        self._catalog = catalog
        self._clock = clock
        self._embed = embed

    def gaps(
        self,
        *,
        since: dt.datetime | dt.timedelta = DEFAULT_SINCE,
        category: str | None = None,
        limit: int | None = None,
    ) -> list[Gap]:
        """Unanswered and "might help" questions since `since` (a time, or how long ago), most askers first."""
        start = self._clock() - since if isinstance(since, dt.timedelta) else since
        index = self._catalog.current.index
        return gaps(self._store, since=start, category=category, index=index, embed=self._embed, limit=limit)

    def articles(self) -> list[ArticleLine]:
        return article_lines(self._store, self._catalog.current.catalog.articles)

    def usage(self, *, weeks: int = 12) -> list[Week]:
        return usage(self._store, now=self._clock(), weeks=weeks)
