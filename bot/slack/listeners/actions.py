"""Buttons on our messages: Share in channel, More results, Helpful / Not helpful.

Each click is acked at once; the follow-up goes through the click's `response_url`, the only way to replace an
ephemeral result page and the one way to post in a channel the bot was never invited to.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from typing import Any, Protocol

from slack_bolt import App

from bot.core.blocks import actions, answers, errors
from bot.slack.listeners.acks import ack_only
from bot.slack.payloads import first_action, text_field
from bot.slack.replies import Replies
from bot.slack.response_url import post_to_response_url


def _clicked(body: dict[str, Any]) -> tuple[actions.ButtonState | None, str]:
    return actions.decode(text_field(first_action(body), "value")), text_field(body.get("user"), "id")


def _send(body: dict[str, Any], message: dict[str, Any], log: logging.Logger) -> None:
    """Post to the click's response_url; a failure is logged, since there is nobody left to tell."""
    post_to_response_url(text_field(body, "response_url") or None, message, log)


class FeedbackStore(Protocol):
    """The part of `bot.store.Store` a feedback click needs."""

    def record_feedback(
        self, *, slug: str, query: str, user_id: str, helpful: bool, now: dt.datetime
    ) -> None: ...


def register(
    app: App, replies: Replies, log: logging.Logger, *, store: FeedbackStore, clock: Callable[[], dt.datetime]
) -> None:
    def share(body: dict[str, Any]) -> None:
        state, user = _clicked(body)
        message = replies.share(state.slug, user) if state is not None and state.slug else None
        if message is None:
            message = errors.error_message("That article is no longer in the catalog.")
        _send(body, message, log)

    def more(body: dict[str, Any]) -> None:
        state, _ = _clicked(body)
        if state is None:
            _send(body, errors.error_message("That button has expired; run the search again."), log)
            return
        try:
            message = {**replies.more(state), "replace_original": True}
        except Exception:
            log.exception("paging failed")
            message = errors.error_message()
        _send(body, message, log)

    def feedback(helpful: bool) -> Callable[[dict[str, Any]], None]:
        def record(body: dict[str, Any]) -> None:
            state, user = _clicked(body)
            if state is None or not state.slug:
                return
            try:
                store.record_feedback(
                    slug=state.slug, query=state.query, user_id=user, helpful=helpful, now=clock()
                )
            except Exception:
                log.exception("recording feedback failed")
                _send(body, errors.error_message("I couldn't record that; please try again."), log)
                return
            _send(body, answers.feedback_thanks(helpful), log)

        record.__name__ = f"record_{'helpful' if helpful else 'not_helpful'}"
        return record

    app.action(actions.SHARE)(ack=ack_only, lazy=[share])
    app.action(actions.MORE)(ack=ack_only, lazy=[more])
    app.action(actions.HELPFUL)(ack=ack_only, lazy=[feedback(True)])
    app.action(actions.NOT_HELPFUL)(ack=ack_only, lazy=[feedback(False)])
    app.action(re.compile(".*"))(ack_only)
