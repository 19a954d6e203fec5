"""The reply sweeper: answers questions whose replica died between claiming them and posting the reply.

Every `serve` replica and Socket Mode process runs one (`SweepLoop`, started by the CLI, stopped on SIGTERM
with the app). Each sweep takes over outbox rows left unanswered past the lease (REPLY_LEASE_SECONDS), one
compare-and-set UPDATE per row so two replicas never take the same one, then, per row: looks for the tagged
reply in the thread (the dead replica may have posted it without recording so), and only if it is not there
asks the Assistant again and posts. A row still unanswered after `MAX_ATTEMPTS` is given up with one log line
and `insights_replies_total{outcome="given_up"}`. `sweep()` takes its time from the clock it was given, so
tests drive it by hand.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from slack_sdk import WebClient

from bot.slack.replier import Question, Replier
from bot.slack.slack_errors import is_permanent

if TYPE_CHECKING:
    from bot.metrics import Metrics
    from bot.store.outbox import PendingReply

MAX_ATTEMPTS = 3
"""The first handling counts as one: after the claim's own try, two take-overs, then the row is given up."""
SWEEP_EVERY_SECONDS = 5.0
BATCH = 20
STOP_SECONDS = 10.0
"""How long stopping waits for the reply in progress (one Web API call and its retries, normally far less)."""


class Outbox(Protocol):
    """What the sweeper needs from the store (`bot.store.outbox.OutboxMixin`)."""

    def take_over_replies(
        self, now: dt.datetime, *, lease: dt.timedelta, max_attempts: int, limit: int = ...
    ) -> list[PendingReply]: ...

    def give_up_replies(
        self, now: dt.datetime, *, lease: dt.timedelta, max_attempts: int, limit: int = ...
    ) -> list[str]: ...

    def mark_replied(self, key: str, now: dt.datetime) -> bool: ...


class ReplySweeper:
    def __init__(
        self,
        outbox: Outbox,
        replier: Replier,
        client: WebClient,
        *,
        clock: Callable[[], dt.datetime],
        lease: dt.timedelta,
        log: logging.Logger,
        metrics: Metrics | None = None,
        max_attempts: int = MAX_ATTEMPTS,
    ) -> None:
        self._outbox, self._replier, self._client = outbox, replier, client
        self._clock, self.lease, self._log = clock, lease, log
        self._metrics, self._max_attempts = metrics, max_attempts

    def sweep(self, stopping: Callable[[], bool] = lambda: False) -> Counter[str]:
        """One pass; how many rows ended `recovered` (posted now), `found` (already in Slack), `refused` (Slack
        refused for good: the channel is gone...), `failed` (left for the next take-over) or `given_up`. Rows
        taken but not reached once `stopping()` is true wait out their new lease and are taken again elsewhere."""
        now = self._clock()
        outcomes: Counter[str] = Counter()
        lease, most = self.lease, self._max_attempts
        for key in self._outbox.give_up_replies(now, lease=lease, max_attempts=most):
            self._log.error("gave up answering %s after %d attempts", key, self._max_attempts)
            outcomes["given_up"] += 1
        for pending in self._outbox.take_over_replies(now, lease=lease, max_attempts=most, limit=BATCH):
            if stopping():
                break
            outcomes[self._settle(pending)] += 1
        if self._metrics is not None:
            self._metrics.reply_outcomes(outcomes.elements())
        return outcomes

    def _settle(self, pending: PendingReply) -> str:
        question = Question.from_payload(pending.payload)
        if question is None:
            self._log.warning("outbox row %s cannot be read back; not answering it", pending.key)
            return "failed"
        try:
            found = self._replier.find_posted(self._client, question)
        except Exception as exc:  # not knowing whether it was posted: do not risk a duplicate now
            self._log.warning(
                "could not read %s to look for a reply: %s", question.channel, type(exc).__name__
            )
            return "failed"
        if found:
            self._mark(pending.key)
            self._log.info("the reply to %s was already in Slack; recorded it", question.key)
            return "found"
        error = self._replier.answer(self._client, question, tell=False)
        if error is not None:
            if not is_permanent(error):
                return "failed"
            self._mark(pending.key)
            return "refused"
        self._mark(pending.key)
        self._log.info("answered %s for a replica that stopped (attempt %d)", question.key, pending.attempt)
        return "recovered"

    def _mark(self, key: str) -> None:
        self._outbox.mark_replied(key, self._clock())


class SweepLoop:
    """Calls `sweep` every `every` seconds on a daemon thread until `stop()`, which wakes it at once."""

    def __init__(self, sweeper: ReplySweeper, every: float, log: logging.Logger) -> None:
        self._sweeper, self._every, self._log = sweeper, every, log
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="reply-sweeper", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = STOP_SECONDS) -> None:
        """Idempotent; a sweep in progress finishes the reply it is on, then stops."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stopping.wait(self._every):
            try:
                self._sweeper.sweep(self._stopping.is_set)
            except Exception as exc:
                self._log.warning(
                    "reply sweep failed (%s); trying again in %g s", type(exc).__name__, self._every
                )


def sweep_interval(lease: dt.timedelta) -> float:
    """Often enough that a reply is late by at most about half a lease more than the lease itself."""
    return max(0.2, min(SWEEP_EVERY_SECONDS, lease.total_seconds() / 2))
