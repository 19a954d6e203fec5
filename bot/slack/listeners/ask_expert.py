"""The *Ask an expert* button: tag the category's owners in the question's thread, once per question.

The click is acked at once; the lazy listener asks the assistant (which claims the question in the database) and
posts the tag with chat.postMessage in the thread of the message the button sits on.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.assistant import Assistant
from bot.core.blocks import actions, notices
from bot.core.blocks.expert_tag import ASK_EXPERT
from bot.slack.listeners.acks import ack_only
from bot.slack.payloads import first_action, text_field
from bot.slack.response_url import post_to_response_url
from bot.slack.web_client import error_code


def where(body: dict[str, Any]) -> tuple[str, str, str]:
    """(channel, the clicked message's ts, the thread to post in): the reply's own thread, or the reply."""
    container = body.get("container")
    message = body.get("message")
    channel = text_field(body.get("channel"), "id") or text_field(container, "channel_id")
    clicked = text_field(container, "message_ts") or text_field(message, "ts")
    thread = text_field(container, "thread_ts") or text_field(message, "thread_ts") or clicked
    return channel, clicked, thread


def register(app: App, assistant: Assistant, log: logging.Logger) -> None:
    def ask_expert(body: dict[str, Any], client: WebClient) -> None:
        state = actions.decode(text_field(first_action(body), "value"))
        channel, clicked, thread = where(body)
        response_url = text_field(body, "response_url") or None
        if state is None or not state.query or not channel or not clicked:
            post_to_response_url(response_url, notices.trouble("That button has expired; ask again."), log)
            return
        user = text_field(body.get("user"), "id") or None
        reply = assistant.ask_expert(state, user_id=user, key=f"{channel}:{clicked}")
        if reply.post is not None:
            try:
                client.chat_postMessage(channel=channel, thread_ts=thread, unfurl_links=False, **reply.post)
            except SlackApiError as exc:
                log.error("tagging the experts failed: %s", error_code(exc))
                failed = notices.trouble("I couldn't post in the thread; is the bot in this channel?")
                post_to_response_url(response_url, failed, log)
        if reply.notice is not None:
            post_to_response_url(response_url, reply.notice, log)

    app.action(ASK_EXPERT)(ack=ack_only, lazy=[ask_expert])
