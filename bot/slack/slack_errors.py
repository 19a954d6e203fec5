"""Slack Web API error codes, classified once: what each means to a person, and whether trying again can help.

Every part of the bot that meets a Slack error (digests, answers to mentions, channel checks) asks here, so a
code is never "permanent" in one place and "retry" in another.
"""

from __future__ import annotations

from enum import Enum


class Kind(Enum):
    CHANNEL = "channel"  # the channel is gone, archived or closed to the bot: nothing more can be said there
    AUTH = "auth"  # the token or the app's scopes: an operator must act
    MESSAGE = "message"  # this message is refused as it is: sending it again fails again
    RETRY = "retry"  # rate limits, Slack's own trouble, timeouts: a later try may work


_CODES: dict[str, tuple[Kind, str]] = {
    "channel_not_found": (Kind.CHANNEL, "the channel does not exist or the bot cannot see it"),
    "not_in_channel": (Kind.CHANNEL, "the bot is not in the channel; invite it with /invite @insights"),
    "is_archived": (Kind.CHANNEL, "the channel is archived"),
    "restricted_action": (Kind.CHANNEL, "the workspace does not let the bot post there"),
    "ekm_access_denied": (Kind.CHANNEL, "the channel's encryption keys are revoked"),
    "account_inactive": (Kind.AUTH, "the bot's account is deactivated"),
    "invalid_auth": (Kind.AUTH, "the bot token is not valid (check SLACK_BOT_TOKEN)"),
    "token_revoked": (Kind.AUTH, "the bot token was revoked (reinstall the app)"),
    "missing_scope": (
        Kind.AUTH,
        "the app lacks a scope: digests need chat:write, and channels:history (groups:history for private "
        "channels) to check for a digest before posting it again",
    ),
    "invalid_blocks": (Kind.MESSAGE, "Slack refused the message's blocks"),
    "msg_too_long": (Kind.MESSAGE, "the message is too long for Slack"),
    "history_too_long": (
        Kind.MESSAGE,
        "too many messages since the period began to check for an earlier post; not posted again, to avoid "
        "a duplicate (`insights-bot digest send --force` posts anyway)",
    ),
}


def kind(code: str) -> Kind:
    """Unknown codes (and `http_5xx`, `ratelimited`, connection errors) count as worth retrying."""
    return _CODES.get(code, (Kind.RETRY, ""))[0]


def is_permanent(code: str) -> bool:
    """Trying again this period cannot help."""
    return kind(code) is not Kind.RETRY


def channel_unreachable(code: str) -> bool:
    """After this, nothing more can be said in that channel (not even a note to the asker)."""
    return kind(code) in {Kind.CHANNEL, Kind.AUTH}


def plain(code: str) -> str:
    """What the code means, for a person; the code itself when it has no known meaning."""
    return _CODES.get(code, (Kind.RETRY, code))[1] or code
