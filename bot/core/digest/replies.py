"""What the subscriptions service answers, as plain values the Block Kit builders turn into messages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Change(StrEnum):
    SUBSCRIBED = "subscribed"
    ALREADY_SUBSCRIBED = "already_subscribed"
    UNSUBSCRIBED = "unsubscribed"
    NOT_SUBSCRIBED = "not_subscribed"
    FILE_OWNED = "file_owned"  # subscribed through content/digests.yml: only an edit there removes it
    UNKNOWN_CATEGORY = "unknown_category"
    NOT_ALLOWED = "not_allowed"
    BOT_NOT_IN_CHANNEL = "bot_not_in_channel"


@dataclass(frozen=True)
class ChangeReply:
    change: Change
    channel_id: str
    typed: str  # what the user typed, plain text; escaped by the builder
    category: str | None = None  # resolved category name
    emoji: str = ""
    categories: tuple[str, ...] = ()  # known categories, for "did you mean" hints
    admins: tuple[str, ...] = ()
    next_run: dt.datetime | None = None
    zone: str = "UTC"
    source: str | None = None  # "file" when content/digests.yml owns the subscription


@dataclass(frozen=True)
class SubscriptionLine:
    category: str
    emoji: str
    added_by: str | None
    added_at: dt.datetime
    source: str
    error: str | None  # a permanent Slack error from the last attempt, in plain words


@dataclass(frozen=True)
class ListReply:
    channel_id: str
    lines: tuple[SubscriptionLine, ...]
    next_run: dt.datetime
    zone: str
    admins: tuple[str, ...] = ()  # who may change subscriptions; empty when everyone may
    can_change: bool = True  # whether the person asking may subscribe or unsubscribe


@dataclass(frozen=True)
class PreviewReply:
    typed: str
    message: dict[str, Any] | None  # the digest message, None when the category is unknown or empty
    category: str | None = None
    categories: tuple[str, ...] = ()
