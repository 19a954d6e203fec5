"""The exactly-once digest run: claim -> compose (core) -> post (a `Poster`) -> record.

Each subscription's digest for a period is claimed in the database before anything is posted, so restarts,
replicas and a manual `send` beside the scheduler never post it twice. The one gap a database cannot close
(Slack accepted the post, the process died before recording it) is closed by tagging each post with message
metadata and, before re-posting a claim that an earlier attempt left unfinished, looking for that tag in Slack.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from collections.abc import Callable, Iterable

from bot.core.blocks.digest import digest_message
from bot.core.catalog.model import Catalog
from bot.core.digest import Digest, Period, Timing, compose_digest, period_at, timing
from bot.digest_outcomes import (
    DEFAULT_LEASE,
    DigestConfig,
    DigestTag,
    Outcome,
    Poster,
    Result,
    RunReport,
    record_failure,
)
from bot.errors import PostError
from bot.store import Claim, RunState, Store, Subscription

__all__ = [
    "DEFAULT_LEASE",
    "DigestConfig",
    "DigestRunner",
    "DigestTag",
    "Outcome",
    "PostError",
    "Poster",
    "Result",
    "RunReport",
]

log = logging.getLogger("bot.digests")


class DigestRunner:
    def __init__(
        self,
        store: Store,
        poster: Poster,
        catalog: Callable[[], Catalog],
        config: DigestConfig,
        *,
        clock: Callable[[], dt.datetime],
        owner: str | None = None,
    ) -> None:
        self._store = store
        self._poster = poster
        self._catalog = catalog
        self._config = config
        self._clock = clock
        self.owner = owner or f"runner-{uuid.uuid4().hex[:12]}"
        self._stopping = threading.Event()
        self._running = threading.Condition()
        self._active = 0

    @property
    def poster(self) -> Poster:
        """Where digests go (the owners' post goes the same way)."""
        return self._poster

    @property
    def config(self) -> DigestConfig:
        return self._config

    @property
    def stopping(self) -> bool:
        """True once `shutdown` began: no new claims are made."""
        return self._stopping.is_set()

    def current_period(self) -> Period:
        return period_at(self._config.schedule, self._clock())

    def run_due(self) -> RunReport:
        """What the scheduler calls on every tick: post what is due, record what was missed. Idempotent.

        A subscription made after this period's firing waits for the next one (or for `digest send`), so
        subscribing on a Wednesday neither posts at once nor records the week as missed.
        """
        period = self.current_period()
        waiting = [s for s in self._store.subscriptions() if s.added_at <= period.start]
        return self._run(waiting, manual=False, force=False, period=period)

    def send(
        self, *, channel_id: str | None = None, category: str | None = None, force: bool = False
    ) -> RunReport:
        """`digest send`: posts this period's digest wherever it has not been posted, whatever the day (the
        grace window only limits the scheduler's catch-up); `force` posts again even if already posted."""
        chosen = self._store.subscriptions(channel_id=channel_id, category=category)
        return self._run(chosen, manual=True, force=force)

    def shutdown(self, *, wait: float = 10.0) -> int:
        """For SIGTERM: claim nothing more, give the digest being posted `wait` seconds to finish, then hand
        back this runner's unfinished claims, so a restart retries them at once instead of after the lease.
        Returns how many were handed back."""
        self._stopping.set()
        with self._running:
            self._running.wait_for(lambda: self._active == 0, timeout=wait)
        released = self._store.release_claims(self.owner, now=self._clock())
        if released:
            log.warning("shutting down: %d unfinished digest claim(s) released for the next run", released)
        return released

    def compose(self, channel_id: str | None, category: str) -> tuple[Digest | None, Period]:
        """The digest that would go to `channel_id` now (any channel's history when None); writes nothing."""
        now = self._clock()
        period = period_at(self._config.schedule, now)
        catalog = self._catalog()
        subscription = self._store.subscription(channel_id, category) if channel_id else None
        last = self._store.last_posted_at(subscription.id) if subscription else None
        first_seen = self._store.first_seen(article.slug for article in catalog.in_category(category))
        sent = self._store.sent_articles(channel_id) if channel_id else {}
        return self._compose(catalog, category, last or period.previous_start, now, first_seen, sent), period

    def note_catalog(self, catalog: Catalog) -> dict[str, dt.datetime]:
        """Record first-seen times as soon as articles appear (a LiveCatalog subscriber), for "New this week"."""
        return self._store.mark_seen((article.slug for article in catalog.articles), self._clock())

    def _run(
        self,
        subscriptions: Iterable[Subscription],
        *,
        manual: bool,
        force: bool,
        period: Period | None = None,
    ) -> RunReport:
        period = period or self.current_period()
        results: list[Result] = []
        with self._running:
            self._active += 1
        try:
            if self._stopping.is_set():
                return RunReport(period, ())
            catalog = self._catalog()
            first_seen = self.note_catalog(catalog)
            for subscription in subscriptions:
                if self._stopping.is_set():
                    break
                try:
                    results.append(self._one(subscription, period, catalog, first_seen, manual, force))
                except Exception as exc:
                    log.exception(
                        "digest for %s in %s failed unexpectedly",
                        subscription.category,
                        subscription.channel_id,
                    )
                    results.append(Result(subscription, period.key, Outcome.FAILED, error=type(exc).__name__))
        finally:
            with self._running:
                self._active -= 1
                self._running.notify_all()
        return RunReport(period, tuple(results))

    def _claim(self, subscription: Subscription, period: Period, manual: bool, force: bool) -> Claim | Result:
        """A claim to post with, or the honest outcome of what is already recorded for the period."""
        now = self._clock()
        store, key = self._store, period.key
        if not manual and timing(period, now, self._config.grace) is Timing.MISSED:
            if store.record_missed(subscription.id, key, now=now):
                log.warning(
                    "%s digest to %s for %s missed (past the grace window)",
                    subscription.category,
                    subscription.channel_id,
                    key,
                )
                return Result(subscription, key, Outcome.MISSED)
            return self._as_recorded(subscription, key)
        claim = store.claim_run(
            subscription.id, key, owner=self.owner, now=now, lease=self._config.lease, retry_unposted=manual
        )
        if claim is None and force:
            claim = store.claim_forced(subscription.id, key, owner=self.owner, now=now)
        return claim if claim is not None else self._as_recorded(subscription, key)

    def _as_recorded(self, subscription: Subscription, key: str) -> Result:
        """What the database says about a period this run did not claim, never claiming more than it knows."""
        run = self._store.run(subscription.id, key)
        if run is None or run.state is RunState.CLAIMED:
            detail = None
            if run is not None:
                retry_at = run.claimed_at + self._config.lease
                detail = (
                    f"claimed by {run.owner} at {run.claimed_at:%H:%MZ}; taken over after {retry_at:%H:%MZ}"
                )
            return Result(subscription, key, Outcome.IN_PROGRESS, error=detail)
        outcome = {
            RunState.POSTED: Outcome.ALREADY_POSTED,
            RunState.SKIPPED: Outcome.SKIPPED,
            RunState.MISSED: Outcome.MISSED,
            RunState.FAILED: Outcome.FAILED,
        }[run.state]
        return Result(subscription, key, outcome, message_ts=run.message_ts, error=run.error, earlier=True)

    def _one(
        self,
        subscription: Subscription,
        period: Period,
        catalog: Catalog,
        first_seen: dict[str, dt.datetime],
        manual: bool,
        force: bool,
    ) -> Result:
        claim = self._claim(subscription, period, manual, force)
        if isinstance(claim, Result):
            return claim
        now = self._clock()
        store, key = self._store, period.key
        tag = DigestTag(subscription.id, key, claim.sequence)
        forced = claim.sequence > 0
        since = store.last_posted_at(subscription.id) or period.previous_start
        sent = store.sent_articles(subscription.channel_id)
        digest = self._compose(catalog, subscription.category, since, now, first_seen, sent)
        try:
            recovered = (
                self._recover(subscription, claim, tag, period, digest, now) if claim.resumed else None
            )
            if recovered is not None:
                return recovered
            if digest is None or (digest.is_empty and not self._config.post_empty):
                reason = "category not in the catalog" if digest is None else "nothing to send"
                store.finish_run(claim, RunState.SKIPPED, now=now, error=reason)
                return Result(subscription, key, Outcome.SKIPPED, error=reason, forced=forced)
            message = digest_message(
                digest, period_label=period.label(self._config.schedule.zone), today=now.date()
            )
            if not store.still_holds(claim):
                return self._as_recorded(subscription, key)
            ts = self._poster.post(subscription.channel_id, message, tag)
        except PostError as exc:
            return record_failure(self._store, subscription, claim, exc, now)
        return self._posted(subscription, claim, digest, ts, now)

    def _posted(
        self, subscription: Subscription, claim: Claim, digest: Digest, ts: str, now: dt.datetime
    ) -> Result:
        """Record what Slack accepted: the run, the articles sent, a subscription no longer failing."""
        store = self._store
        if not store.finish_run(claim, RunState.POSTED, now=self._clock(), message_ts=ts):
            log.error(
                "digest %s/%s posted after its claim was taken over (lease too short?)",
                subscription.id,
                claim.period,
            )
        store.record_sent(subscription.channel_id, digest.slugs, now=now)
        if subscription.failing:
            store.set_subscription_error(subscription.id, None, now=now)
        return Result(subscription, claim.period, Outcome.POSTED, message_ts=ts, forced=claim.sequence > 0)

    def _recover(
        self, subscription: Subscription, claim: Claim, tag: DigestTag, period: Period, digest: Digest | None,
        now: dt.datetime,
    ) -> Result | None:  # fmt: skip
        """An earlier attempt may have reached Slack before it died: look for its tagged post first."""
        found = self._poster.find_posted(subscription.channel_id, tag, since=period.start)
        if found is None:
            return None
        self._store.finish_run(claim, RunState.POSTED, now=now, message_ts=found)
        if digest is not None:
            self._store.record_sent(subscription.channel_id, digest.slugs, now=now)
        return Result(subscription, period.key, Outcome.RECOVERED, message_ts=found)

    def _compose(
        self, catalog: Catalog, category: str, since: dt.datetime, now: dt.datetime,
        first_seen: dict[str, dt.datetime], sent: dict[str, dt.datetime],
    ) -> Digest | None:  # fmt: skip
        archive = self._config.archive_count
        return compose_digest(catalog, category, since=since, until=now, first_seen=first_seen, sent=sent,
                              archive_count=archive)  # fmt: skip
