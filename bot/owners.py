"""The owners' weekly post, exactly once per category, destination and period, on the digests' machinery.

Each destination (the category's `channel`, else a DM to each owner) is keyed by a pseudo-subscription
(`Store.owners_subscription`), so the post is claimed in `digest_runs` like a digest: two runners never both post,
a claim left behind by a killed process is taken over after the lease, and the tagged message is looked for in
Slack before posting again. A category with nothing to report posts nothing (the run is recorded as skipped).
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from bot.core.blocks.owners_post import owners_message
from bot.core.catalog.model import Catalog, Category
from bot.core.digest import Period, Timing, period_at, timing
from bot.core.owners import OwnersReport, compose_owners_report, likely_category
from bot.core.search import SearchIndex
from bot.digest_outcomes import DigestTag, Outcome, Poster, Result, RunReport
from bot.digests import DigestConfig
from bot.errors import PostError
from bot.store import Claim, RunState, Store, Subscription

log = logging.getLogger("bot.owners")

MAX_QUESTIONS = 2000
"""The most recent unanswered questions each post looks at: a week's worth for a busy team, bounded."""

Categorize = Callable[[str], str | None]
"""A question -> the category it most likely belongs to (the live index's `likely_category`)."""


@dataclass(frozen=True, slots=True)
class Target:
    category: str
    destination: str  # a channel ID, or a user ID for a DM


def targets(catalog: Catalog) -> Iterator[Target]:
    """Where each category's post goes: its channel, else each owner who is a person (groups cannot be DMed)."""
    for category in catalog.categories:
        yield from _targets_of(category)


def _targets_of(category: Category) -> Iterator[Target]:
    if category.channel:
        yield Target(category.name, category.channel)
        return
    for owner in category.owners:
        if owner.startswith(("U", "W")):
            yield Target(category.name, owner)


def categorizer(index: Callable[[], SearchIndex]) -> Categorize:
    """Questions routed by the live search index: the category its closest article or suggestion is in."""

    def categorize(question: str) -> str | None:
        return likely_category(index().search(question, limit=1))

    return categorize


class OwnersRunner:
    def __init__(
        self,
        store: Store,
        poster: Poster,
        catalog: Callable[[], Catalog],
        categorize: Categorize,
        config: DigestConfig,
        *,
        clock: Callable[[], dt.datetime],
        owner: str | None = None,
    ) -> None:
        self._store = store
        self._poster = poster
        self._catalog = catalog
        self._categorize = categorize
        self._config = config
        self._clock = clock
        self.owner = owner or f"owners-{uuid.uuid4().hex[:12]}"
        self._categories: dict[str, str | None] = {}

    def _category_of(self, question: str) -> str | None:
        """Each question is searched once per run, however many destinations ask about it."""
        if question not in self._categories:
            self._categories[question] = self._categorize(question)
        return self._categories[question]

    def run_due(self) -> RunReport:
        """What the scheduler calls on every tick, beside the digests' `run_due`. Idempotent."""
        now = self._clock()
        period = period_at(self._config.schedule, now)
        catalog = self._catalog()
        self._categories = {}
        results: list[Result] = []
        for target in targets(catalog):
            pseudo = self._store.owners_subscription(target.destination, target.category, now=now)
            try:
                results.append(self._one(pseudo, target, period, catalog))
            except Exception as exc:
                log.exception("owners' post for %s to %s failed", target.category, target.destination)
                results.append(Result(pseudo, period.key, Outcome.FAILED, error=type(exc).__name__))
        return RunReport(period, tuple(results))

    def compose(
        self, category: str, since: dt.datetime, catalog: Catalog | None = None
    ) -> OwnersReport | None:
        """The report for `category` over everything since `since`; writes nothing."""
        catalog = catalog if catalog is not None else self._catalog()
        now = self._clock()
        recent = self._store.unanswered(since=since)[-MAX_QUESTIONS:]
        asked = [q for q, _ in recent if self._category_of(q) == category]
        feedback = self._store.feedback_since(since)
        return compose_owners_report(catalog, category, questions=asked, feedback=feedback, today=now.date())

    def _claim(self, pseudo: Subscription, period: Period) -> Claim | Result:
        now = self._clock()
        if timing(period, now, self._config.grace) is Timing.MISSED:
            self._store.record_missed(pseudo.id, period.key, now=now)
            return self._recorded(pseudo, period.key)
        claim = self._store.claim_run(
            pseudo.id, period.key, owner=self.owner, now=now, lease=self._config.lease
        )
        return claim if claim is not None else self._recorded(pseudo, period.key)

    def _recorded(self, pseudo: Subscription, key: str) -> Result:
        run = self._store.run(pseudo.id, key)
        if run is None or run.state is RunState.CLAIMED:
            return Result(pseudo, key, Outcome.IN_PROGRESS)
        outcome = {
            RunState.POSTED: Outcome.ALREADY_POSTED,
            RunState.SKIPPED: Outcome.SKIPPED,
            RunState.MISSED: Outcome.MISSED,
            RunState.FAILED: Outcome.FAILED,
        }[run.state]
        return Result(pseudo, key, outcome, message_ts=run.message_ts, error=run.error, earlier=True)

    def _one(self, pseudo: Subscription, target: Target, period: Period, catalog: Catalog) -> Result:
        claim = self._claim(pseudo, period)
        if isinstance(claim, Result):
            return claim
        store, now, key = self._store, self._clock(), period.key
        tag = DigestTag(pseudo.id, key)
        try:
            if claim.resumed:
                found = self._poster.find_posted(target.destination, tag, since=period.start)
                if found is not None:
                    store.finish_run(claim, RunState.POSTED, now=now, message_ts=found)
                    return Result(pseudo, key, Outcome.RECOVERED, message_ts=found)
            since = store.last_posted_at(pseudo.id) or period.previous_start
            report = self.compose(target.category, since, catalog)
            if report is None or report.is_empty:
                reason = "category not in the catalog" if report is None else "nothing to report"
                store.finish_run(claim, RunState.SKIPPED, now=now, error=reason)
                return Result(pseudo, key, Outcome.SKIPPED, error=reason)
            label = period.label(self._config.schedule.zone)
            message = owners_message(report, period_label=label, today=now.date())
            if not store.still_holds(claim):
                return self._recorded(pseudo, key)
            ts = self._poster.post(target.destination, message, tag)
        except PostError as exc:
            store.finish_run(claim, RunState.FAILED, now=now, error=exc.error, permanent=exc.permanent)
            log.warning("owners' post for %s to %s: %s", target.category, target.destination, exc.error)
            return Result(pseudo, key, Outcome.FAILED, error=exc.error)
        store.finish_run(claim, RunState.POSTED, now=self._clock(), message_ts=ts)
        return Result(pseudo, key, Outcome.POSTED, message_ts=ts)
