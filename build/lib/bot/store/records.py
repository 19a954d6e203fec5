"""Plain values the store hands out, so callers never hold a live ORM object or a session."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class RunState(StrEnum):
    """Where a digest claim stands. Only `claimed` (when stale) and retryable `failed` can be taken over."""

    CLAIMED = "claimed"
    POSTED = "posted"
    SKIPPED = "skipped"
    FAILED = "failed"
    MISSED = "missed"


@dataclass(frozen=True, slots=True)
class Subscription:
    id: int
    channel_id: str
    category: str
    added_by: str | None
    added_at: dt.datetime
    source: str
    active: bool
    last_error: str | None = None
    last_error_at: dt.datetime | None = None

    @property
    def failing(self) -> bool:
        """Set by a permanent Slack error on the last attempt, cleared by the next successful post."""
        return self.last_error is not None


@dataclass(frozen=True, slots=True)
class DigestRun:
    id: int
    subscription_id: int
    period: str
    sequence: int
    state: RunState
    owner: str | None
    attempts: int
    claimed_at: dt.datetime
    finished_at: dt.datetime | None
    message_ts: str | None
    error: str | None
    permanent: bool


@dataclass(frozen=True, slots=True)
class Claim:
    """The right to post one (subscription, period, sequence); `resumed` means an earlier attempt may have posted."""

    run_id: int
    subscription_id: int
    period: str
    sequence: int
    owner: str
    attempt: int
    resumed: bool
