"""`/insights ...`: answered in the ack itself, so the reply and the 3-second acknowledgement are one response.

Almost every answer takes milliseconds, but a few paths wait on something outside the process (`subscribe`
asks Slack whether the bot is in the channel; the database may be slow). Slack shows the user a timeout
after 3 seconds, so an answer not ready within `ACK_DEADLINE_SECONDS` is acked with a short holding line and
sent through the command's `response_url` once it is ready.

Any command name routes here, so a workspace that installs the command as `/insights-dev` still works.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from slack_bolt import App

from bot.core.blocks import errors
from bot.slack.payloads import text_field
from bot.slack.replies import Replies
from bot.slack.response_url import post_to_response_url

ACK_FIELDS = frozenset({"text", "blocks", "response_type"})
"""What a slash command response may carry; response_url-only fields (replace_original...) are dropped."""

ACK_DEADLINE_SECONDS = 2.0
"""Slack's deadline is 3 s from when it sent the request; the rest is left for the network both ways."""

HOLDING_TEXT = "Working on it; the answer will appear here in a moment."
WORKERS = 32


def register(
    app: App, replies: Replies, log: logging.Logger, *, deadline: float = ACK_DEADLINE_SECONDS
) -> None:
    pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="insights-command")

    def answer(command: dict[str, Any]) -> dict[str, Any]:
        try:
            return replies.command(
                text_field(command, "text"),
                user_id=text_field(command, "user_id"),
                channel_id=text_field(command, "channel_id"),
            )
        except Exception:
            log.exception("slash command failed")
            return errors.error_message()

    def send_late(future: Future[dict[str, Any]], response_url: str | None) -> None:
        message = future.result()
        post_to_response_url(response_url, {"response_type": "ephemeral", **message}, log)

    def on_command(ack: Callable[..., Any], command: dict[str, Any]) -> None:
        future = pool.submit(answer, command)
        try:
            message = future.result(timeout=deadline)
        except FutureTimeout:
            log.warning("slash command answer not ready in %.1f s; acking and answering later", deadline)
            ack({"response_type": "ephemeral", "text": HOLDING_TEXT})
            response_url = text_field(command, "response_url") or None
            future.add_done_callback(lambda done: pool.submit(send_late, done, response_url))
            return
        ack({key: value for key, value in message.items() if key in ACK_FIELDS})

    app.command(re.compile(r"^/"))(on_command)
