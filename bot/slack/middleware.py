"""Global Bolt middleware: one log line per request (no secrets), and at-most-once handling of events.

Slack redelivers an event it thinks went unanswered (to whichever replica is up), and one DM message can arrive
both as `app_mention` and as `message.im`. Claiming the `event_id` and the message's channel + ts in the
database, before any listener runs, is what keeps a question from being answered twice.

The claim runs before the ack, so it is bounded: when the database does not answer within `CLAIM_DEADLINE`
seconds, or fails, the event is handled anyway (possibly answered twice, never silently dropped), and for
`DEGRADED_FOR` afterwards events skip the claim altogether, so a hung database cannot use up worker threads.
See docs/operations.md, "Failure modes".

A question a listener will answer (a mention, a DM) is claimed together with a row in the reply outbox, in one
transaction (`Store.claim_events(..., reply=...)`): if this replica dies before the reply is posted, a sweeper
on any replica answers it after a lease (`bot.slack.reply_sweeper`). An event handled without a claim (the
database slow or failing) has no outbox row: it may be answered twice, never dropped.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from slack_bolt.middleware import Middleware
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from bot.slack import payloads
from bot.slack.replier import OUTBOX_KEY, question_in

MESSAGE_EVENTS = frozenset({"app_mention", "message"})
CLAIM_DEADLINE = 1.0
"""Seconds the claim may take: Slack wants the ack within 3 s, and the listener needs the rest."""
DEGRADED_FOR = dt.timedelta(seconds=30)
CLAIM_THREADS = 4


class Claimer(Protocol):
    """What dedupe needs from the store: `Store.claim_events`, true only when none of the keys was seen, with
    `reply` (outbox key, JSON payload) written in the same transaction when it is won."""

    def claim_events(
        self, keys: Sequence[str], now: dt.datetime, *, reply: tuple[str, str] | None = None
    ) -> bool: ...


def dedupe_keys(body: dict[str, Any]) -> list[str]:
    """The keys under which an Events API delivery is claimed: its event id, and the message it is about."""
    if body.get("type") != "event_callback":
        return []
    keys = []
    event_id = body.get("event_id")
    if isinstance(event_id, str) and event_id:
        keys.append(f"event:{event_id}")
    event = body.get("event")
    if isinstance(event, dict) and event.get("type") in MESSAGE_EVENTS and not event.get("subtype"):
        channel, ts = event.get("channel"), event.get("ts")
        if isinstance(channel, str) and isinstance(ts, str) and channel and ts:
            keys.append(f"message:{channel}:{ts}")
    return keys


class DedupeEvents(Middleware):
    """Drops (with a 200, so Slack stops retrying) any event whose id or message was already claimed."""

    def __init__(
        self,
        store: Claimer,
        clock: Callable[[], dt.datetime],
        logger: logging.Logger,
        *,
        deadline: float = CLAIM_DEADLINE,
        degraded_for: dt.timedelta = DEGRADED_FOR,
    ) -> None:
        self._store = store
        self._clock = clock
        self._log = logger
        self._deadline = deadline
        self._degraded_for = degraded_for
        self._degraded_until: dt.datetime | None = None
        self._claims = ThreadPoolExecutor(max_workers=CLAIM_THREADS, thread_name_prefix="dedupe-claim")

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        keys = dedupe_keys(req.body)
        question = question_in(req.body) if keys else None
        reply = (question.key, question.payload()) if question is not None else None
        claimed = self._claim(keys, reply) if keys else None
        if claimed is False:
            retry = payloads.header(req, "x-slack-retry-num") or "0"
            self._log.info("duplicate event dropped: %s (retry %s)", " ".join(keys), retry)
            return BoltResponse(status=200, body="")
        if claimed and reply is not None:
            req.context[OUTBOX_KEY] = reply[0]
        next()
        return resp

    def _claim(self, keys: list[str], reply: tuple[str, str] | None) -> bool | None:
        """True: first delivery. False: a duplicate. None: unknown (database slow or failing), so handle it."""
        now = self._clock()
        if self._degraded_until is not None and now < self._degraded_until:
            return None
        claim = self._claims.submit(self._store.claim_events, keys, now, reply=reply)
        try:
            return claim.result(timeout=self._deadline)
        except Exception as exc:
            why = (
                f"no answer within {self._deadline:g} s"
                if isinstance(exc, TimeoutError)
                else type(exc).__name__
            )
            self._degraded_until = now + self._degraded_for
            self._log.warning(
                "could not claim %s (%s); handling events without retry dedupe for %d s",
                " ".join(keys),
                why,
                self._degraded_for.total_seconds(),
            )
            return None


class LogRequests(Middleware):
    """One line per request saying what it is: kind, command/event/action, team, user and retry number."""

    def __init__(self, logger: logging.Logger) -> None:
        self._log = logger

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        self._log.info(
            "slack request %s", payloads.describe(req.body, payloads.header(req, "x-slack-retry-num"))
        )
        next()
        return resp
