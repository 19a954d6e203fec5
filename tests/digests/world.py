"""The digest tests' world: a hand-set clock, a small catalog, a recording poster, a runner factory."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.core.catalog.model import Article, Catalog, Category
from bot.core.digest import Schedule
from bot.digests import DigestConfig, DigestRunner, DigestTag, PostError

MONDAY_9 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


class Clock:
    """Time that moves only when a test says so."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@dataclass
class RecordingPoster:
    """A Poster that keeps what it posted per channel, with its tag, and fails on request."""

    posts: list[tuple[str, dict[str, Any], DigestTag]] = field(default_factory=list)
    failures: dict[str, PostError] = field(default_factory=dict)
    history_checks: int = 0
    _ts: Any = field(default_factory=lambda: itertools.count(1))

    def post(self, channel_id: str, message: dict[str, Any], tag: DigestTag) -> str:
        if channel_id in self.failures:
            raise self.failures[channel_id]
        self.posts.append((channel_id, message, tag))
        return f"{next(self._ts)}.0001"

    def find_posted(self, channel_id: str, tag: DigestTag, *, since: dt.datetime) -> str | None:
        self.history_checks += 1
        return next(
            (f"found-{i}" for i, (c, _, t) in enumerate(self.posts) if c == channel_id and t == tag), None
        )

    def channels(self) -> list[str]:
        return [channel for channel, _, _ in self.posts]


def article(slug: str, category: str = "Security", **fields: Any) -> Article:
    defaults = {"title": slug.replace("-", " ").title(), "summary": f"About {slug}.", "read_time": 5}
    return Article(slug=slug, category=category, **{**defaults, **fields})


def make_catalog(count: int = 6, category: str = "Security") -> Catalog:
    articles = tuple(article(f"{category.lower()}-{i}", category) for i in range(count))
    categories = (Category(name=category, emoji=":lock:", aliases=("sec",)),)
    return Catalog(articles=articles, categories=categories)


def make_runner(
    store, poster, catalog: Catalog | Callable[[], Catalog], clock, **config: Any
) -> DigestRunner:
    """`catalog` may be a function, for tests where articles arrive between runs."""
    schedule = Schedule.parse(config.pop("cron", "0 9 * * mon"), config.pop("tz", "UTC"))
    source = catalog if callable(catalog) else (lambda: catalog)
    return DigestRunner(store, poster, source, DigestConfig(schedule, **config), clock=clock)
