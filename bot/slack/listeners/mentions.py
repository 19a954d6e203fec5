"""`@insights <question>` in a channel (answered in a thread) and direct messages (answered in the DM).

Events are acked at once; the answer is posted by a lazy listener after the 200 has gone back, so a slow Web
API call can never make Slack retry. Bot messages, edits, deletions and other subtypes are acked and ignored.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.assistant import Assistant
from bot.core.blocks import notices
from bot.core.blocks.text import escape
from bot.slack.listeners.acks import ack_only
from bot.slack.payloads import is_from_a_bot, is_user_dm, text_field, thread_of
from bot.slack.slack_errors import channel_unreachable
from bot.slack.web_client import error_code


def register(app: App, assistant: Assistant, log: logging.Logger) -> None:
    def answer(event: dict[str, Any], client: WebClient, *, in_thread: bool) -> None:
        channel = text_field(event, "channel")
        if not channel:
            log.warning("a message event without a channel; nowhere to answer")
            return
        user = text_field(event, "user") or None
        try:
            message = assistant.message(
                text_field(event, "text"), user_id=user, channel_id=channel, direct=not in_thread
            )
        except Exception:
            log.exception("answering a question failed")
            message = notices.trouble()
        thread = thread_of(event) if in_thread else text_field(event, "thread_ts") or None
        error = post(client, log, channel=channel, thread_ts=thread, message=message)
        if error is not None and user is not None and not channel_unreachable(error):
            tell_user(client, log, channel=channel, user=user, thread_ts=thread, error=error)

    def answer_mention(event: dict[str, Any], client: WebClient) -> None:
        if not is_from_a_bot(event) and not event.get("subtype"):
            answer(event, client, in_thread=True)

    def answer_dm(event: dict[str, Any], client: WebClient) -> None:
        answer(event, client, in_thread=False)

    app.event("app_mention")(ack=ack_only, lazy=[answer_mention])
    app.event("message", matchers=[is_user_dm])(ack=ack_only, lazy=[answer_dm])
    app.event("message")(ack_only)


def post(
    client: WebClient, log: logging.Logger, *, channel: str, thread_ts: str | None, message: dict[str, Any]
) -> str | None:
    """chat.postMessage with our retry handlers; returns Slack's error code on failure (logged), else None."""
    body = {key: value for key, value in message.items() if key in {"text", "blocks"}}
    try:
        client.chat_postMessage(channel=channel, thread_ts=thread_ts, unfurl_links=False, **body)
    except SlackApiError as exc:
        error = error_code(exc)
        log.error("chat.postMessage to %s failed: %s", channel, error)
        return error
    except Exception as exc:
        log.error("chat.postMessage to %s failed: %s", channel, exc.__class__.__name__)
        return exc.__class__.__name__
    return None


def tell_user(
    client: WebClient, log: logging.Logger, *, channel: str, user: str, thread_ts: str | None, error: str
) -> None:
    """An ephemeral note to the asker when the answer itself could not be posted, naming Slack's reason."""
    text = f"Sorry, I couldn't post my answer here (Slack said `{escape(error)}`). Try `/insights` instead."
    try:
        client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread_ts, text=text)
    except Exception as exc:
        log.error("could not tell %s that the answer failed: %s", user, exc.__class__.__name__)
