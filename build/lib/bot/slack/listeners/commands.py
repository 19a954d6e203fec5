"""`/insights ...`: answered in the ack itself, so the reply and the 3-second acknowledgement are one response.

Any command name routes here, so a workspace that installs the command as `/insights-dev` still works.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import App

from bot.core.blocks import errors
from bot.slack.payloads import text_field
from bot.slack.replies import Replies

ACK_FIELDS = frozenset({"text", "blocks", "response_type"})
"""What a slash command response may carry; response_url-only fields (replace_original...) are dropped."""


def register(app: App, replies: Replies, log: logging.Logger) -> None:
    def on_command(ack: Callable[..., Any], command: dict[str, Any]) -> None:
        try:
            message = replies.command(
                text_field(command, "text"),
                user_id=text_field(command, "user_id"),
                channel_id=text_field(command, "channel_id"),
            )
        except Exception:
            log.exception("slash command failed")
            message = errors.error_message()
        ack({key: value for key, value in message.items() if key in ACK_FIELDS})

    app.command(re.compile(r"^/"))(on_command)
