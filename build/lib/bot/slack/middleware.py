"""Global Bolt middleware: one log line per request (no secrets), and at-most-once handling of events.

Slack redelivers an event it thinks went unanswered (to whichever replica is up), and one DM message can arrive
both as `app_mention` and as `message.im`. Claiming the `event_id` and the message's channel + ts in the
database, before any listener runs, is what keeps a question from being answered twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any, Protocol

from slack_bolt.middleware import Middleware
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from bot.slack import payloads

MESSAGE_EVENTS = frozenset({"app_mention", "message"})


class Claimer(Protocol):
    """What dedupe needs from the store: `Store.claim_event`, true only the first time a key is seen."""

    def claim_event(self, key: str, now: dt.datetime) -> bool: ...


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

    def __init__(self, store: Claimer, clock: Callable[[], dt.datetime], logger: logging.Logger) -> None:
        self._store = store
        self._clock = clock
        self._log = logger

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        keys = dedupe_keys(req.body)
        now = self._clock()
        for key in keys:
            try:
                first = self._store.claim_event(key, now)
            except Exception:
                self._log.exception("could not claim %s; handling the event anyway", key)
                continue
            if not first:
                retry = payloads.header(req, "x-slack-retry-num") or "0"
                self._log.info("duplicate event dropped: %s (retry %s)", key, retry)
                return BoltResponse(status=200, body="")
        next()
        return resp


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
