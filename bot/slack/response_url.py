"""Posting a follow-up to a click's `response_url`, with the same retries as every Web API call.

Bolt's `respond()` returns whatever Slack answered without raising, so an expired (`404 expired_url`), used-up
or rejected (`400 invalid_blocks`) post would vanish silently; its client also retries nothing but one
connection error. This posts through slack_sdk's `WebhookClient` with the rate-limit, server-error and
connection-error retry handlers, and reports Slack's answer so the caller can log it.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

from slack_bolt.response import BoltResponse
from slack_sdk.webhook import WebhookClient

from bot.slack.web_client import DEFAULT_TIMEOUT_SECONDS, retry_handlers

MAX_LOGGED_BODY = 100


def post_to_response_url(url: str | None, message: dict[str, Any], log: logging.Logger) -> bool:
    """True when Slack accepted the message; otherwise the reason is logged (never the url: it is a credential).

    A click in a view (the App Home) carries no `response_url`; that is logged too, since the caller asked for
    a reply that cannot be sent.
    """
    if not url:
        log.warning("no response_url to answer this click with (was it in a view?)")
        return False
    client = WebhookClient(url=url, timeout=DEFAULT_TIMEOUT_SECONDS, retry_handlers=retry_handlers())
    try:
        response = client.send_dict(message)
    except Exception as exc:
        log.error("response_url post failed: %s", exc.__class__.__name__)
        return False
    if response.status_code != 200:
        reason = " ".join(str(response.body or "").split())[:MAX_LOGGED_BODY]
        log.error("response_url post failed: HTTP %s %s", response.status_code, reason or "(no body)")
        return False
    return True


def forward_late_answer(url: str | None, bolt_response: BoltResponse, log: logging.Logger) -> None:
    """Send a slash command's answer that missed the ack deadline to its `response_url`, off the event loop.

    `bolt_response` is the app's finished response; its body is the ack payload the user should have seen.
    """
    body = bolt_response.body or ""
    try:
        message = json.loads(body) if body else {}
    except ValueError:
        message = {"text": str(body)}
    message = {"response_type": "ephemeral", **(message if isinstance(message, dict) else {})}
    threading.Thread(
        target=post_to_response_url, args=(url, message, log), name="late-answer", daemon=True
    ).start()
