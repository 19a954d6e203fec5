"""The exactly-once digest run: claim -> compose (core) -> post (a `Poster`) -> record.

Each subscription's digest for a period is claimed in the database before anything is posted, so restarts,
replicas and a manual `send` beside the scheduler never post it twice. The one gap a database cannot close
(Slack accepted the post, the process died before recording it) is closed by tagging each post with message
metadata and, before re-posting a claim that an earlier attempt left unfinished, looking for that tag in Slack.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from bot.core.blocks.digest import digest_message
from bot.core.catalog.model import Catalog
from bot.core.digest import Digest, Period, Schedule, Timing, compose_digest, period_at, timing
from bot.store import Claim, RunState, Store, Subscription

log = logging.getLogger("bot.digests")

METADATA_EVENT_TYPE = "insights_digest"
DEFAULT_LEASE = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class DigestTag:
    """What a posted digest carries in Slack message metadata, to be recognised after a crash."""

    subscription_id: int
    period: str
    sequence: int = 0

    @property
    def metadata(self) -> dict[str, Any]:
        payload = {"subscription": self.subscription_id, "period": self.period, "sequence": self.sequence}
        return {"event_type": METADATA_EVENT_TYPE, "event_payload": payload}

    def matches(self, metadata: object) -> bool:
        if not isinstance(metadata, dict) or metadata.get("event_type") != METADATA_EVENT_TYPE:
            return False
        payload = metadata.get("event_payload") or {}
        return isinstance(payload, dict) and (
            payload.get("subscription"),
            payload.get("period"),
            payload.get("sequence", 0),
        ) == (self.subscription_id, self.period, self.sequence)


class PostError(Exception):
    """Posting failed after the client's own retries. `permanent` errors are not retried this period."""

    def __init__(self, error: str, *, permanent: bool) -> None:
        super().__init__(error)
        self.error = error
        self.permanent = permanent


class Poster(Protocol):
    def post(self, channel_id: str, message: dict[str, Any], tag: DigestTag) -> str:
        """Post and return the message ts; raise PostError."""
        ...

    def find_posted(self, channel_id: str, tag: DigestTag, *, since: dt.datetime) -> str | None:
        """The ts of a message carrying `tag` posted since `since`, if any; raise PostError."""
        ...


class Outcome(StrEnum):
    POSTED = "posted"
    RECOVERED = "recovered"  # an earlier attempt's post was found in Slack and recorded
    SKIPPED = "skipped"  # nothing to send (or the category is gone)
    FAILED = "failed"
    MISSED = "missed"  # past the grace window: recorded, not posted late
    DONE = "done"  # already handled, or being handled by another process


@dataclass(frozen=True)
class Result:
    subscription: Subscription
    period: str
    outcome: Outcome
    message_ts: str | None = None
    error: str | None = None
    forced: bool = False


@dataclass(frozen=True)
class RunReport:
    period: Period
    results: tuple[Result, ...]

    def counts(self) -> dict[str, int]:
        return dict(Counter(result.outcome.value for result in self.results))


@dataclass(frozen=True)
class DigestConfig:
    schedule: Schedule
    grace: dt.timedelta = dt.timedelta(hours=12)
    archive_count: int = 3
    post_empty: bool = False
    lease: dt.timedelta = DEFAULT_LEASE


PLAIN_ERRORS = {
    "channel_not_found": "the channel does not exist or the bot cannot see it",
    "not_in_channel": "the bot is not in the channel; invite it with /invite @insights",
    "is_archived": "the channel is archived",
    "account_inactive": "the bot's account is deactivated",
    "invalid_auth": "the bot token is not valid (check SLACK_BOT_TOKEN)",
    "missing_scope": "the app lacks a scope: digests need chat:write, and channels:history (groups:history "
    "for private channels) to check for a digest before posting it again",
}


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

    @property
    def config(self) -> DigestConfig:
        return self._config

    def current_period(self) -> Period:
        return period_at(self._config.schedule, self._clock())

    def run_due(self) -> RunReport:
        """What the scheduler calls on every tick: post what is due, record what was missed. Idempotent.

        A subscription made after this period's firing waits for the next one (or for `digest send`), so
        subscribing on a Wednesday neither posts at once nor records the week as missed.
        """
        period = self.current_period()
        waiting = [s for s in self._store.subscriptions() if s.added_at <= period.start]
        return self._run(waiting, force=False, period=period)

    def send(
        self, *, channel_id: str | None = None, category: str | None = None, force: bool = False
    ) -> RunReport:
        """`digest send`: the same path as the scheduler; `force` posts again even if already posted."""
        chosen = self._store.subscriptions(channel_id=channel_id, category=category)
        return self._run(chosen, force=force)

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
        self, subscriptions: Iterable[Subscription], *, force: bool, period: Period | None = None
    ) -> RunReport:
        period = period or self.current_period()
        catalog = self._catalog()
        first_seen = self.note_catalog(catalog)
        results = []
        for subscription in subscriptions:
            try:
                results.append(self._one(subscription, period, catalog, first_seen, force))
            except Exception as exc:
                log.exception(
                    "digest for %s in %s failed unexpectedly", subscription.category, subscription.channel_id
                )
                results.append(Result(subscription, period.key, Outcome.FAILED, error=type(exc).__name__))
        return RunReport(period, tuple(results))

    def _one(
        self,
        subscription: Subscription,
        period: Period,
        catalog: Catalog,
        first_seen: dict[str, dt.datetime],
        force: bool,
    ) -> Result:
        now = self._clock()
        store, key = self._store, period.key
        if not force and timing(period, now, self._config.grace) is Timing.MISSED:
            recorded = store.record_missed(subscription.id, key, now=now)
            if recorded:
                log.warning(
                    "%s digest to %s for %s missed (past the grace window)",
                    subscription.category,
                    subscription.channel_id,
                    key,
                )
            return Result(subscription, key, Outcome.MISSED if recorded else Outcome.DONE)
        claim = store.claim_run(subscription.id, key, owner=self.owner, now=now, lease=self._config.lease)
        if claim is None and not force:
            return Result(subscription, key, Outcome.DONE)
        if claim is None:
            claim = store.claim_forced(subscription.id, key, owner=self.owner, now=now)
        tag = DigestTag(subscription.id, key, claim.sequence)
        forced = claim.sequence > 0
        since = store.last_posted_at(subscription.id) or period.previous_start
        sent = store.sent_articles(subscription.channel_id)
        digest = self._compose(catalog, subscription.category, since, now, first_seen, sent)
        try:
            if claim.resumed:
                found = self._poster.find_posted(subscription.channel_id, tag, since=period.start)
                if found is not None:
                    store.finish_run(claim, RunState.POSTED, now=now, message_ts=found)
                    if digest is not None:
                        store.record_sent(subscription.channel_id, digest.slugs, now=now)
                    return Result(subscription, key, Outcome.RECOVERED, message_ts=found)
            if digest is None or (digest.is_empty and not self._config.post_empty):
                reason = "category not in the catalog" if digest is None else "nothing to send"
                store.finish_run(claim, RunState.SKIPPED, now=now, error=reason)
                return Result(subscription, key, Outcome.SKIPPED, error=reason, forced=forced)
            message = digest_message(digest, period_label=period.label(self._config.schedule.zone))
            if not store.still_holds(claim):
                return Result(subscription, key, Outcome.DONE)
            ts = self._poster.post(subscription.channel_id, message, tag)
        except PostError as exc:
            return self._failed(subscription, claim, exc, now)
        if not store.finish_run(claim, RunState.POSTED, now=self._clock(), message_ts=ts):
            log.error(
                "digest %s/%s posted after its claim was taken over (lease too short?)", subscription.id, key
            )
        store.record_sent(subscription.channel_id, digest.slugs, now=now)
        if subscription.failing:
            store.set_subscription_error(subscription.id, None, now=now)
        return Result(subscription, key, Outcome.POSTED, message_ts=ts, forced=forced)

    def _compose(
        self,
        catalog: Catalog,
        category: str,
        since: dt.datetime,
        now: dt.datetime,
        first_seen: dict[str, dt.datetime],
        sent: dict[str, dt.datetime],
    ) -> Digest | None:
        return compose_digest(
            catalog,
            category,
            since=since,
            until=now,
            first_seen=first_seen,
            sent=sent,
            archive_count=self._config.archive_count,
        )

    def _failed(self, subscription: Subscription, claim: Claim, exc: PostError, now: dt.datetime) -> Result:
        store = self._store
        store.finish_run(claim, RunState.FAILED, now=now, error=exc.error, permanent=exc.permanent)
        where = f"{subscription.category} digest to {subscription.channel_id}"
        if exc.permanent:
            if store.set_subscription_error(subscription.id, exc.error, now=now):
                log.warning(
                    "Could not post the %s: %s (%s).",
                    where,
                    PLAIN_ERRORS.get(exc.error, exc.error),
                    exc.error,
                )
        else:
            log.info(
                "Posting the %s failed (%s); retrying at the next tick within the grace window.",
                where,
                exc.error,
            )
        return Result(subscription, claim.period, Outcome.FAILED, error=exc.error, forced=claim.sequence > 0)
