"""Prometheus metrics for one bot: what it answered, how fast, and what failed around it.

Each `Metrics` has its own `CollectorRegistry`, made in `bootstrap.build`: nothing is registered at import time,
so two bots in one process (the tests build dozens) never share or collide on a counter. Every name is listed,
with its labels, in docs/operations.md ("Metrics"); `tests/test_metrics.py` checks that list against this file.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

CONTENT_TYPE = CONTENT_TYPE_LATEST
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0)
"""Slack's ack deadline is 3 s, so the buckets are dense below it."""


class Metrics:
    """The bot's counters, histograms and gauges, and the hooks the rest of the bot calls to move them."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._request_metrics(self.registry)
        self._content_and_slack_metrics(self.registry)

    def _request_metrics(self, r: CollectorRegistry) -> None:
        self.requests = Counter(
            "insights_requests",
            "Requests from Slack, by surface and outcome.",
            ["surface", "outcome"],
            registry=r,
        )
        self.latency = Histogram(
            "insights_request_seconds", "Time from a request's arrival to its ack, by surface.", ["surface"],
            buckets=LATENCY_BUCKETS, registry=r,
        )  # fmt: skip
        self.answers = Counter(
            "insights_answers",
            "Search answers by tier (answer, tentative, none).",
            ["confidence"],
            registry=r,
        )
        self.catalog_reloads = Counter(
            "insights_catalog_reloads", "Catalog snapshots swapped in.", registry=r
        )
        self.catalog_articles = Gauge(
            "insights_catalog_articles", "Articles in the served catalog.", registry=r
        )

    def _content_and_slack_metrics(self, r: CollectorRegistry) -> None:
        self.catalog_problems = Gauge(
            "insights_catalog_problems", "Problems reported by the served catalog.", registry=r
        )
        self.digests = Counter(
            "insights_digests",
            "Digest outcomes (posted, recovered, failed, missed...).",
            ["outcome"],
            registry=r,
        )
        self.slack_api_errors = Counter(
            "insights_slack_api_errors",
            "Slack Web API calls that failed, by error code.",
            ["error"],
            registry=r,
        )
        self.slack_rate_limited = Counter(
            "insights_slack_rate_limited", "Slack Web API answers with HTTP 429.", registry=r
        )
        self.database_errors = Counter(
            "insights_database_errors", "Database statements or connects that failed.", registry=r
        )
        self.replies = Counter(
            "insights_replies",
            "Questions the reply sweeper took over from a replica that stopped, by outcome (recovered, found, "
            "refused, failed, given_up).",
            ["outcome"],
            registry=r,
        )

    def request(self, surface: str, outcome: str, started: float) -> None:
        """Count one request and its latency; `started` is a `time.perf_counter()` reading."""
        self.requests.labels(surface, outcome).inc()
        self.latency.labels(surface).observe(max(0.0, time.perf_counter() - started))

    def answered(self, confidence: str) -> None:
        """One search answer shown to someone: `SearchResponse.confidence`."""
        self.answers.labels(confidence).inc()

    def catalog_loaded(self, snapshot: Any) -> None:
        """A `LiveCatalog` subscriber: counts the swap and sets the size and problem gauges."""
        self.catalog_reloads.inc()
        self.catalog_seen(snapshot)

    def catalog_seen(self, snapshot: Any) -> None:
        self.catalog_articles.set(len(snapshot.catalog.articles))
        self.catalog_problems.set(len(snapshot.catalog.problems))

    def digest_outcomes(self, outcomes: Iterable[str]) -> None:
        for outcome in outcomes:
            self.digests.labels(outcome).inc()

    def reply_outcomes(self, outcomes: Iterable[str]) -> None:
        for outcome in outcomes:
            self.replies.labels(outcome).inc()

    def slack_error(self, error: str) -> None:
        self.slack_api_errors.labels(error).inc()
        if error in {"ratelimited", "http_429"}:
            self.slack_rate_limited.inc()

    def database_error(self, *_: object) -> None:
        """A SQLAlchemy `handle_error` listener."""
        self.database_errors.inc()

    def gauge(self, name: str, documentation: str, read: Callable[[], float]) -> None:
        """A gauge read at scrape time (worker queue depth...); registering a name twice keeps the first."""
        if name in getattr(self.registry, "_names_to_collectors", {}):
            return
        Gauge(name, documentation, registry=self.registry).set_function(read)

    def exposition(self) -> bytes:
        """The text format Prometheus scrapes."""
        return generate_latest(self.registry)
