"""Buttons on our messages: Share in channel, More results / Previous, Read, Helpful / Not helpful.

Each click is acked at once; the follow-up goes through the click's `response_url`, the only way to replace an
ephemeral result page and the one way to post in a channel the bot was never invited to. *Read* opens a modal,
which needs the click's `trigger_id` (valid for 3 seconds): it is opened first thing after the ack.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.assistant import Assistant
from bot.core.blocks import actions, notices
from bot.slack.listeners import ask_expert
from bot.slack.listeners.acks import ack_only
from bot.slack.payloads import first_action, text_field
from bot.slack.response_url import post_to_response_url
from bot.slack.web_client import error_code

Answer = Callable[[actions.ButtonState, str], dict[str, Any]]
Click = Callable[[dict[str, Any]], None]
GONE = "That article is no longer in the catalog."


def register(app: App, assistant: Assistant, log: logging.Logger) -> None:
    def read(body: dict[str, Any], client: WebClient) -> None:
        open_reader(assistant, body, client, log)

    app.action(actions.SHARE)(ack=ack_only, lazy=[_replying("share", _share(assistant), log)])
    page = _replying("page", lambda state, _: {**assistant.page(state), "replace_original": True}, log)
    app.action(actions.MORE)(ack=ack_only, lazy=[page])
    app.action(actions.PREVIOUS)(ack=ack_only, lazy=[page])
    for action_id, helpful in ((actions.HELPFUL, True), (actions.NOT_HELPFUL, False)):
        app.action(action_id)(ack=ack_only, lazy=[_voting(assistant, helpful, log)])
    app.action(actions.READ)(ack=ack_only, lazy=[read])
    app.action(actions.READ_PAGE)(ack=ack_only, lazy=[read])
    ask_expert.register(app, assistant, log)  # Ask an expert (before the catch-all below)
    app.action(re.compile(".*"))(ack_only)


def _share(assistant: Assistant) -> Answer:
    def shared(state: actions.ButtonState, user: str) -> dict[str, Any]:
        assistant.noted(state.slug or "", "shared", user)
        return assistant.share(state.slug or "", user)

    return shared


def _voting(assistant: Assistant, helpful: bool, log: logging.Logger) -> Click:
    """The vote is keyed by the clicked message, and the reply marks the recorded choice."""

    def lazy(body: dict[str, Any]) -> None:
        key, blocks = clicked_message(body)

        def vote(state: actions.ButtonState, user: str) -> dict[str, Any]:
            return assistant.feedback(state, user, helpful=helpful, message_key=key, blocks=blocks)

        _replying("vote", vote, log)(body)

    lazy.__name__ = (
        f"vote_{'helpful' if helpful else 'not_helpful'}"  # Bolt tells lazy listeners apart by name
    )
    return lazy


def clicked_message(body: dict[str, Any]) -> tuple[str | None, list[dict[str, Any]] | None]:
    """The clicked message's identity (channel and ts) and its blocks, when Slack sent them (ephemeral
    messages come without blocks: the vote is still keyed, the reply is a note instead)."""
    container = body.get("container") if isinstance(body.get("container"), dict) else {}
    channel = text_field(container, "channel_id") or text_field(body.get("channel"), "id")
    ts = text_field(container, "message_ts") or text_field(body.get("message"), "ts")
    message = body.get("message")
    blocks = message.get("blocks") if isinstance(message, dict) else None
    if not isinstance(blocks, list) or not all(isinstance(block, dict) for block in blocks):
        blocks = None
    return (f"{channel}:{ts}" if ts else None), blocks


def _replying(name: str, answer: Answer, log: logging.Logger) -> Click:
    """A lazy listener that decodes the button, asks the assistant and posts to the click's response_url."""

    def lazy(body: dict[str, Any]) -> None:
        state = actions.decode(text_field(first_action(body), "value"))
        user = text_field(body.get("user"), "id")
        if state is None:
            message = notices.trouble("That button has expired; run the search again.")
        else:
            try:
                message = answer(state, user)
            except Exception:
                log.exception("answering a click failed")
                message = notices.trouble()
        post_to_response_url(text_field(body, "response_url") or None, message, log)

    lazy.__name__ = f"reply_{name}"  # Bolt tells lazy listeners apart by name
    return lazy


def open_reader(assistant: Assistant, body: dict[str, Any], client: WebClient, log: logging.Logger) -> None:
    """Read: a modal with the article; a page button inside the modal updates that modal in place."""
    clicked = first_action(body)
    state = actions.decode(text_field(clicked, "value"))
    view = assistant.read(state.slug or "", state.offset) if state is not None else None
    if view is None:
        post_to_response_url(text_field(body, "response_url") or None, notices.trouble(GONE), log)
        return
    if text_field(clicked, "action_id") == actions.READ and state is not None:
        assistant.noted(state.slug or "", "opened", text_field(body.get("user"), "id") or None)
    view_id = text_field(body.get("view"), "id")
    try:
        if text_field(clicked, "action_id") == actions.READ_PAGE and view_id:
            client.views_update(view_id=view_id, view=view)
        else:
            client.views_open(trigger_id=text_field(body, "trigger_id"), view=view)
    except SlackApiError as exc:
        log.error("opening the reader failed: %s", error_code(exc))
