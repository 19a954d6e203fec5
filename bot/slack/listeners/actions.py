"""Buttons on our messages: Share in channel, More results / Previous, Helpful / Not helpful.

Each click is acked at once; the follow-up goes through the click's `response_url`, the only way to replace an
ephemeral result page and the one way to post in a channel the bot was never invited to.
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
from bot.slack.listeners import expert
from bot.slack.listeners.acks import ack_only
from bot.slack.payloads import first_action, text_field
from bot.slack.response_url import post_to_response_url
from bot.slack.web_client import error_code

Click = Callable[[dict[str, Any]], None]


def register(app: App, assistant: Assistant, log: logging.Logger) -> None:
    def reply(body: dict[str, Any], answer: Callable[[actions.ButtonState, str], dict[str, Any]]) -> None:
        """Decode the button, ask the assistant, post the result to the click's response_url."""
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

    def on(answer: Callable[[actions.ButtonState, str], dict[str, Any]], name: str) -> Click:
        def lazy(body: dict[str, Any]) -> None:
            reply(body, answer)

        lazy.__name__ = name  # Bolt tells lazy listeners apart by name
        return lazy

    share = on(lambda state, user: assistant.share(state.slug or "", user), "share")
    page = on(lambda state, _: {**assistant.page(state), "replace_original": True}, "page")
    helpful = on(lambda state, user: assistant.feedback(state, user, helpful=True), "helpful")
    unhelpful = on(lambda state, user: assistant.feedback(state, user, helpful=False), "not_helpful")

    def open_reader(body: dict[str, Any], client: WebClient) -> None:
        """A modal needs the click's trigger_id, which lasts 3 seconds: opened first thing after the ack."""
        state = actions.decode(text_field(first_action(body), "value"))
        view = assistant.read(state.slug or "", state.offset) if state is not None else None
        trigger = text_field(body, "trigger_id")
        if view is None or not trigger:
            post_to_response_url(
                text_field(body, "response_url") or None,
                notices.trouble("That article is no longer in the catalog."),
                log,
            )
            return
        view_id = text_field(body.get("view"), "id")
        try:
            if text_field(first_action(body), "action_id") == actions.READ_PAGE and view_id:
                client.views_update(view_id=view_id, view=view)
            else:
                client.views_open(trigger_id=trigger, view=view)
        except SlackApiError as exc:
            log.error("opening the reader failed: %s", error_code(exc))

    app.action(actions.SHARE)(ack=ack_only, lazy=[share])
    app.action(actions.READ)(ack=ack_only, lazy=[open_reader])
    app.action(actions.READ_PAGE)(ack=ack_only, lazy=[open_reader])
    app.action(actions.MORE)(ack=ack_only, lazy=[page])
    app.action(actions.PREVIOUS)(ack=ack_only, lazy=[page])
    app.action(actions.HELPFUL)(ack=ack_only, lazy=[helpful])
    app.action(actions.NOT_HELPFUL)(ack=ack_only, lazy=[unhelpful])
    expert.register(app, assistant, log)  # owners: Ask an expert (before the catch-all below)
    app.action(re.compile(".*"))(ack_only)
