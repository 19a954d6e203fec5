"""Answering a question asked by mention or DM, once, even when the replica that took it dies.

`Question` is what an answer needs from the event; the same value is written to the reply outbox with the
event's claim (`bot.store.outbox`), so the sweeper (`bot.slack.reply_sweeper`) can answer it again from the
database alone. Every reply carries message metadata naming its question, so before answering again the sweeper
looks for it in the thread (a replica can die after Slack accepted the post but before recording it).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.assistant import Assistant
from bot.core.blocks import notices
from bot.core.blocks.text import escape
from bot.slack.payloads import is_from_a_bot, is_user_dm, text_field, thread_of
from bot.slack.slack_errors import channel_unreachable
from bot.slack.web_client import error_code

REPLY_EVENT_TYPE = "insights_reply"
OUTBOX_KEY = "outbox_key"
"""The request-context key under which `DedupeEvents` leaves the outbox key of a question it claimed with a
pending-reply row; the listener marks that row answered."""
MAX_QUESTION_CHARS = 3000
"""Question text kept in the outbox; far more than any search uses, and it keeps each row bounded."""
READ_PAGE = 200
READ_MAX_PAGES = 25


@dataclass(frozen=True)
class Question:
    """A person's message the bot owes an answer: in a thread under it (mentions) or in the DM itself."""

    channel: str
    ts: str
    text: str
    user: str | None
    in_thread: bool
    thread_ts: str | None

    @property
    def key(self) -> str:
        """The outbox key: the same `message:<channel>:<ts>` dedupe claims, so a DM seen twice is one row."""
        return f"message:{self.channel}:{self.ts}"

    def payload(self) -> str:
        return json.dumps({**asdict(self), "text": self.text[:MAX_QUESTION_CHARS]}, separators=(",", ":"))

    @classmethod
    def from_payload(cls, payload: str) -> Question | None:
        """None for a row that cannot be read back (an older shape, a hand edit): it is given up, not guessed."""
        try:
            data = json.loads(payload)
            question = cls(**data) if isinstance(data, dict) else None
        except (ValueError, TypeError):
            return None
        return question if question is not None and question.well_typed() else None

    def well_typed(self) -> bool:
        texts = (self.channel, self.ts, self.text)
        optional = (self.user, self.thread_ts)
        return (
            all(isinstance(value, str) for value in texts)
            and bool(self.channel and self.ts)
            and all(value is None or isinstance(value, str) for value in optional)
            and isinstance(self.in_thread, bool)
        )


def question_of(event: dict[str, Any], *, in_thread: bool) -> Question | None:
    channel, ts = text_field(event, "channel"), text_field(event, "ts")
    if not channel or not ts:
        return None
    thread = thread_of(event) if in_thread else text_field(event, "thread_ts") or None
    user = text_field(event, "user") or None
    return Question(channel, ts, text_field(event, "text"), user, in_thread, thread)


def is_mention_to_answer(event: dict[str, Any]) -> bool:
    return not is_from_a_bot(event) and not event.get("subtype")


def question_in(body: dict[str, Any]) -> Question | None:
    """The question an Events API body asks, when a listener will answer it (the same tests they apply)."""
    event = body.get("event") if body.get("type") == "event_callback" else None
    if not isinstance(event, dict):
        return None
    if event.get("type") == "app_mention" and is_mention_to_answer(event):
        return question_of(event, in_thread=True)
    if event.get("type") == "message" and is_user_dm(event):
        return question_of(event, in_thread=False)
    return None


def reply_metadata(question: Question) -> dict[str, Any]:
    return {"event_type": REPLY_EVENT_TYPE, "event_payload": {"channel": question.channel, "ts": question.ts}}


def answers(message: dict[str, Any], question: Question) -> bool:
    """Whether a message (as `conversations.replies` or `.history` returns it) is our reply to `question`."""
    metadata = message.get("metadata")
    if not isinstance(metadata, dict) or metadata.get("event_type") != REPLY_EVENT_TYPE:
        return False
    payload = metadata.get("event_payload")
    return isinstance(payload, dict) and payload == reply_metadata(question)["event_payload"]


class Replier:
    """Asks the Assistant and posts its answer with the question's metadata; used by the mentions listener and
    by the sweeper, so a recovered reply is the reply the dead replica would have sent."""

    def __init__(self, assistant: Assistant, log: logging.Logger) -> None:
        self._assistant = assistant
        self._log = log

    def answer(self, client: WebClient, question: Question, *, tell: bool = True) -> str | None:
        """Slack's error code when the post failed (logged, and told to the asker when `tell`), else None."""
        try:
            message = self._assistant.message(
                question.text,
                user_id=question.user,
                channel_id=question.channel,
                direct=not question.in_thread,
            )
        except Exception:
            self._log.exception("answering a question failed")
            message = notices.trouble()
        error = post(
            client, self._log, channel=question.channel, thread_ts=question.thread_ts, message=message,
            metadata=reply_metadata(question),
        )  # fmt: skip
        if tell and error is not None and question.user is not None and not channel_unreachable(error):
            tell_user(client, self._log, question=question, error=error)
        return error

    def find_posted(self, client: WebClient, question: Question) -> bool:
        """Whether our tagged reply is already there: the thread (`conversations.replies`) for a threaded
        reply, the DM after the question (`conversations.history`) otherwise. Raises on a Slack failure."""
        return any(answers(message, question) for message in _read(client, question))


def _read(client: WebClient, question: Question) -> Iterator[dict[str, Any]]:
    cursor: str | None = None
    for _ in range(READ_MAX_PAGES):
        common: dict[str, Any] = {
            "channel": question.channel,
            "limit": READ_PAGE,
            "include_all_metadata": True,
        }
        if question.thread_ts is not None:
            response = client.conversations_replies(ts=question.thread_ts, cursor=cursor, **common)
        else:
            response = client.conversations_history(oldest=question.ts, cursor=cursor, **common)
        yield from response.get("messages") or ()
        cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
        if not response.get("has_more") or cursor is None:
            return
    raise RuntimeError(f"more than {READ_PAGE * READ_MAX_PAGES} messages to look through")


def post(
    client: WebClient,
    log: logging.Logger,
    *,
    channel: str,
    thread_ts: str | None,
    message: dict[str, Any],
    metadata: dict[str, Any] | None = None,
) -> str | None:
    """chat.postMessage with our retry handlers; returns Slack's error code on failure (logged), else None."""
    body = {key: value for key, value in message.items() if key in {"text", "blocks"}}
    try:
        client.chat_postMessage(
            channel=channel, thread_ts=thread_ts, unfurl_links=False, metadata=metadata, **body
        )
    except SlackApiError as exc:
        error = error_code(exc)
        log.error("chat.postMessage to %s failed: %s", channel, error)
        return error
    except Exception as exc:
        log.error("chat.postMessage to %s failed: %s", channel, exc.__class__.__name__)
        return exc.__class__.__name__
    return None


def tell_user(client: WebClient, log: logging.Logger, *, question: Question, error: str) -> None:
    """An ephemeral note to the asker when the answer itself could not be posted, naming Slack's reason."""
    text = f"Sorry, I couldn't post my answer here (Slack said `{escape(error)}`). Try `/insights` instead."
    try:
        client.chat_postEphemeral(
            channel=question.channel, user=question.user or "", thread_ts=question.thread_ts, text=text
        )
    except Exception as exc:
        log.error("could not tell %s that the answer failed: %s", question.user, exc.__class__.__name__)
