"""What a digest run exchanges with Slack and reports: the message tag, the `Poster` protocol and its error,
the plain words for Slack's errors, and the outcome of each subscription's digest.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from bot.core.digest import Period, Schedule
from bot.errors import PostError
from bot.store import Claim, RunState, Store, Subscription


@dataclass(frozen=True)
class DigestTag:
    """What identifies a posted digest, to be recognised after a crash (`bot.slack.metadata` puts it in Slack
    message metadata)."""

    subscription_id: int
    period: str
    sequence: int = 0


class Poster(Protocol):
    def post(self, channel_id: str, message: dict[str, Any], tag: DigestTag) -> str:
        """Post and return the message ts; raise PostError."""
        ...

    def find_posted(self, channel_id: str, tag: DigestTag, *, since: dt.datetime) -> str | None:
        """The ts of a message carrying `tag` posted since `since`, if any; raise PostError."""
        ...


class Outcome(StrEnum):
    """What became of one subscription's digest. Only `posted`, `recovered` and `already_posted` mean the
    channel has it; every other outcome says why it does not (yet)."""

    POSTED = "posted"  # posted by this run
    RECOVERED = "recovered"  # an earlier attempt's post was found in Slack and recorded
    ALREADY_POSTED = "already_posted"  # posted by an earlier run; `message_ts` says which message
    IN_PROGRESS = "in_progress"  # another process holds the claim and has not posted yet
    SKIPPED = "skipped"  # nothing to send (or the category is gone): nothing posted
    FAILED = "failed"  # Slack refused or could not be reached: nothing posted
    MISSED = "missed"  # the scheduler came back past the grace window: nothing posted


@dataclass(frozen=True)
class Result:
    subscription: Subscription
    period: str
    outcome: Outcome
    message_ts: str | None = None
    error: str | None = None
    forced: bool = False
    earlier: bool = False  # the outcome was recorded by an earlier run, not by this one

    @property
    def delivered(self) -> bool:
        return self.outcome in {Outcome.POSTED, Outcome.RECOVERED, Outcome.ALREADY_POSTED}


@dataclass(frozen=True)
class RunReport:
    period: Period
    results: tuple[Result, ...]

    def counts(self) -> dict[str, int]:
        return dict(Counter(result.outcome.value for result in self.results))


log = logging.getLogger("bot.digests")
DEFAULT_LEASE = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class DigestConfig:
    schedule: Schedule
    grace: dt.timedelta = dt.timedelta(hours=12)
    archive_count: int = 3
    post_empty: bool = False
    lease: dt.timedelta = DEFAULT_LEASE


def record_failure(
    store: Store, subscription: Subscription, claim: Claim, exc: PostError, now: dt.datetime
) -> Result:
    """A post Slack refused (the subscription is marked failing) or that failed for now (retried later)."""
    store.finish_run(claim, RunState.FAILED, now=now, error=exc.error, permanent=exc.permanent)
    where = f"{subscription.category} digest to {subscription.channel_id}"
    if exc.permanent:
        if store.set_subscription_error(subscription.id, exc.error, now=now):
            log.warning(
                "Could not post the %s: %s (%s).",
                where,
                exc.plain,
                exc.error,
            )
    else:
        log.info(
            "Posting the %s failed (%s); retrying at the next tick within the grace window.",
            where,
            exc.error,
        )
    return Result(subscription, claim.period, Outcome.FAILED, error=exc.error, forced=claim.sequence > 0)
