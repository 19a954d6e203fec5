"""`/insights ...`: answered in the ack itself, so the reply and the 3-second acknowledgement are one response.

The answer is worked out right here, in the thread that dispatches the request: no second hop. The rare
answer that is not ready in time (`subscribe` asks Slack whether the bot is in the channel; the database may
be slow) is the edge's business: it acks with a holding line and forwards this answer to the command's
`response_url` when it arrives (`bot.slack.http`, `bot.slack.socket_mode`).

Any command name routes here, so a workspace that installs the command as `/insights-dev` still works.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import App

from bot.assistant import Assistant
from bot.core.blocks import notices
from bot.slack.payloads import text_field

ACK_FIELDS = frozenset({"text", "blocks", "response_type"})
"""What a slash command response may carry; response_url-only fields (replace_original...) are dropped."""


def register(app: App, assistant: Assistant, log: logging.Logger) -> None:
    def on_command(ack: Callable[..., Any], command: dict[str, Any]) -> None:
        try:
            message = assistant.command(
                text_field(command, "text"),
                user_id=text_field(command, "user_id"),
                channel_id=text_field(command, "channel_id"),
            )
        except Exception:
            log.exception("slash command failed")
            message = notices.trouble()
        ack({key: value for key, value in message.items() if key in ACK_FIELDS})

    app.command(re.compile(r"^/"))(on_command)
