"""The owners' post tests' world: the digests' clock and recording poster, a catalog whose categories have
owners, and a runner factory."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.core.catalog.model import Article, Catalog, Category
from bot.core.digest import Schedule
from bot.digests import DigestConfig
from bot.owners import OwnersRunner
from bot.store import Store
from tests.digests.world import MONDAY_9, Clock, RecordingPoster

__all__ = ["MONDAY_9", "Clock", "RecordingPoster", "make_catalog", "make_runner"]


def make_catalog(*, channel: str | None = "C0SEC", owners: tuple[str, ...] = ("U0ANA", "S0TEAM")) -> Catalog:
    articles = (
        Article("sessions", "Sessions", "Security", "About sessions.", 5),
        Article(
            "tokens",
            "Tokens",
            "Security",
            "About tokens.",
            5,
            review_by=dt.date(2026, 11, 1),
            owners=("U0TOK",),
        ),
        Article("k8s", "Kubernetes", "Ops", "About clusters.", 5),
    )
    categories = (
        Category("Security", owners=owners, channel=channel),
        Category("Ops", owners=("U0OPS",)),
        Category("Leadership"),
    )
    return Catalog(articles=articles, categories=categories)


def categorize(question: str) -> str | None:
    """Stands in for the search index: questions about tokens belong to Security, about pods to Ops."""
    question = question.lower()
    if "token" in question or "jwt" in question:
        return "Security"
    return "Ops" if "pod" in question else None


def make_runner(
    store: Store, poster: RecordingPoster, catalog: Catalog, clock: Clock, **kw: Any
) -> OwnersRunner:
    schedule = Schedule.parse("0 9 * * mon", "UTC")
    return OwnersRunner(store, poster, lambda: catalog, categorize, DigestConfig(schedule, **kw), clock=clock)
