"""What the application layer needs from the layers below, as small protocols, so tests can hand it fakes."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from bot.analytics.recorder import Asked, EventKind
    from bot.live_catalog import Snapshot


class CatalogSource(Protocol):
    """`LiveCatalog`: `current` is one consistent catalog + index; a request reads it once."""

    @property
    def current(self) -> Snapshot: ...


class AssistantStore(Protocol):
    """The parts of `bot.store.Store` that answering touches."""

    def record_unanswered(
        self, *, query: str, user_id: str | None, channel_id: str | None, now: dt.datetime
    ) -> None: ...

    def record_feedback(
        self, *, slug: str, query: str, user_id: str, helpful: bool, now: dt.datetime
    ) -> None: ...

    def claim_event(self, key: str, now: dt.datetime) -> bool: ...


class SubscriptionsHandler(Protocol):
    """`bot.subscriptions.SubscriptionService`: subscribe, unsubscribe, subscriptions and digest previews."""

    def handle(self, intent: object, *, user_id: str, channel_id: str) -> dict[str, Any]: ...


class Recording(Protocol):
    """`bot.analytics.Recorder`: questions and article events queued for the background writer, votes at once."""

    def question(self, asked: Asked, *, user_id: str | None, now: dt.datetime) -> None: ...

    def article(self, slug: str, kind: EventKind, *, user_id: str | None, now: dt.datetime) -> None: ...

    def vote(
        self, *, user_id: str, message_key: str, slug: str, query: str, helpful: bool, now: dt.datetime
    ) -> None: ...


class ReportHandler(Protocol):
    """`bot.analytics.owner_summary.OwnerSummary`: `/insights report` for owners and admins."""

    def handle(self, user_id: str) -> dict[str, Any]: ...
