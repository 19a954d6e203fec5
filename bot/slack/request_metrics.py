"""Counting requests from Slack by surface and outcome, the same way in HTTP mode and Socket Mode.

Both entry points (`bot.slack.http` and `bot.slack.socket_mode`) call `record` once a request is acked, so the
latency is the whole path to the ack (signature check, dedupe claim, synchronous listener). Bolt's global
middleware cannot do this: its `next()` only sets a flag, the listener runs after the middleware returns.
"""

from __future__ import annotations

from typing import Any

from bot.metrics import Metrics

KNOWN_EVENTS = frozenset({"app_mention", "message", "app_home_opened"})
KNOWN_PAYLOADS = frozenset({"block_actions", "view_submission", "view_closed", "shortcut", "message_action"})


def surface_of(body: dict[str, Any]) -> str:
    """A small, fixed set of label values (never user text), so the metric's cardinality stays bounded."""
    if isinstance(body.get("command"), str):
        return "command"
    kind = body.get("type")
    if kind == "event_callback":
        event = body.get("event")
        event_type = event.get("type") if isinstance(event, dict) else None
        return f"event_{event_type}" if event_type in KNOWN_EVENTS else "event_other"
    if kind in KNOWN_PAYLOADS:
        return str(kind)
    return "other"


def outcome_of(status: int, *, deferred: bool = False) -> str:
    if deferred:
        return "deferred"  # a slash command acked with a holding line, answered later via response_url
    return "ok" if status < 400 else f"http_{status}"


def record(metrics: Metrics | None, body: dict[str, Any], status: int, started: float, **kw: bool) -> None:
    if metrics is not None:
        metrics.request(surface_of(body), outcome_of(status, **kw), started)
