"""`@insights <question>` in a channel (answered in a thread) and direct messages (answered in the DM).

Events are acked at once; the answer is posted by a lazy listener after the 200 has gone back, so a slow Web
API call can never make Slack retry. Bot messages, edits, deletions and other subtypes are acked and ignored.
When the dedupe middleware wrote an outbox row with the claim (`context["outbox_key"]`), the row is marked
answered once the reply is posted, or once Slack refused it for good; a transient failure leaves it to the
sweeper (`bot.slack.reply_sweeper`).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any, Protocol

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.slack.listeners.acks import ack_only
from bot.slack.payloads import is_user_dm
from bot.slack.replier import OUTBOX_KEY, Question, Replier, is_mention_to_answer, question_of
from bot.slack.slack_errors import is_permanent


class RepliedMarker(Protocol):
    """What the listener needs from the store: `Store.mark_replied`."""

    def mark_replied(self, key: str, now: dt.datetime) -> bool: ...


def register(
    app: App,
    replier: Replier,
    log: logging.Logger,
    *,
    outbox: RepliedMarker | None = None,
    clock: Callable[[], dt.datetime] | None = None,
) -> None:
    def answer(event: dict[str, Any], client: WebClient, context: BoltContext, *, in_thread: bool) -> None:
        question = question_of(event, in_thread=in_thread)
        if question is None:
            log.warning("a message event without a channel or ts; nowhere to answer")
            return
        error = replier.answer(client, question)
        if error is None or is_permanent(error):
            settle(context.get(OUTBOX_KEY), question)

    def settle(key: object, question: Question) -> None:
        if outbox is None or clock is None or key != question.key:
            return
        try:
            outbox.mark_replied(question.key, clock())
        except Exception as exc:  # the sweeper finds the reply in the thread instead of posting it again
            log.warning("could not mark %s answered: %s", question.key, exc.__class__.__name__)

    def answer_mention(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        if is_mention_to_answer(event):
            answer(event, client, context, in_thread=True)

    def answer_dm(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        answer(event, client, context, in_thread=False)

    app.event("app_mention")(ack=ack_only, lazy=[answer_mention])
    app.event("message", matchers=[is_user_dm])(ack=ack_only, lazy=[answer_dm])
    app.event("message")(ack_only)
