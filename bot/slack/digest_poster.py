"""Digests into Slack: the real `Poster` (chat.postMessage with metadata, conversations.history look-up) and
`ChannelAccess` (conversations.info), both over a `WebClient` that already retries 429s, 5xx and connection errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.digests import DigestTag, PostError
from bot.slack.metadata import carries, digest_metadata
from bot.slack.slack_errors import Kind, is_permanent, kind, plain
from bot.slack.web_client import error_code

HISTORY_PAGE = 200  # Slack's advice for conversations.history pages
HISTORY_MAX_PAGES = 100  # 20,000 messages since the period began; past that, refuse to guess


@contextmanager
def _as_post_error() -> Iterator[None]:
    """Any failure of a Web API call (after the client's own retries) as a `PostError` the runner understands."""
    try:
        yield
    except SlackApiError as exc:
        error = error_code(exc)
        raise PostError(error, permanent=is_permanent(error), plain=plain(error)) from None
    except Exception as exc:  # timeouts and connection errors
        raise PostError(f"connection_error: {type(exc).__name__}", permanent=False) from None


class SlackPoster:
    def __init__(self, client: WebClient) -> None:
        self._client = client

    def post(self, channel_id: str, message: dict[str, Any], tag: DigestTag) -> str:
        with _as_post_error():
            response = self._client.chat_postMessage(
                channel=channel_id,
                text=message.get("text", ""),
                blocks=message.get("blocks"),
                metadata=digest_metadata(tag),
                unfurl_links=False,
                unfurl_media=False,
            )
        return str(response.get("ts"))

    def find_posted(self, channel_id: str, tag: DigestTag, *, since: dt.datetime) -> str | None:
        """Our own tagged message among everything posted since `since`, page by page: in a busy channel the
        post being looked for can be hundreds of messages back. Slack returns metadata only when asked."""
        cursor: str | None = None
        for _ in range(HISTORY_MAX_PAGES):
            with _as_post_error():
                response = self._client.conversations_history(
                    channel=channel_id,
                    oldest=f"{since.timestamp():.6f}",
                    inclusive=True,
                    limit=HISTORY_PAGE,
                    include_all_metadata=True,
                    cursor=cursor,
                )
            for message in response.get("messages") or ():
                if carries(message.get("metadata"), tag):
                    return str(message.get("ts"))
            cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
            if not response.get("has_more") or cursor is None:
                return None
        raise PostError("history_too_long", permanent=is_permanent("history_too_long"))


class SlackChannelAccess:
    def __init__(self, client: WebClient) -> None:
        self._client = client

    def is_member(self, channel_id: str) -> bool | None:
        """False when the bot is not in the channel (or cannot see it); None when Slack could not tell us."""
        try:
            response = self._client.conversations_info(channel=channel_id)
        except SlackApiError as exc:
            return False if kind(error_code(exc)) is Kind.CHANNEL else None
        except Exception:
            return None
        channel = response.get("channel") or {}
        if channel.get("is_im") or channel.get("is_mpim"):
            return True
        return bool(channel.get("is_member"))
