"""Channel subscriptions to category digests: `/insights subscribe|unsubscribe|subscriptions|digest`
(`content/digests.yml` is applied by `bot.declared_subscriptions`).

The Slack listener hands over (channel, user, typed category); the answer is a Block Kit message dict built by
`bot.core.blocks.subscription_replies`. Category text is resolved the same fuzzy way as search.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from bot.core import intents
from bot.core.blocks import subscription_replies as blocks
from bot.core.blocks.digest import digest_message
from bot.core.catalog.model import Catalog
from bot.core.digest.replies import Change, ChangeReply, ListReply, PreviewReply, SubscriptionLine
from bot.declared_subscriptions import DECLARED_FILE, DeclaredSubscriptions
from bot.digests import DigestRunner
from bot.store import Store

__all__ = ["DECLARED_FILE", "ChannelAccess", "DeclaredSubscriptions", "SubscriptionService"]


class ChannelAccess(Protocol):
    def is_member(self, channel_id: str) -> bool | None:
        """Whether the bot is in the channel; None when it cannot tell (then we do not refuse)."""
        ...


class CatalogView(Protocol):
    """What the service needs of a LiveCatalog snapshot: the catalog and a category resolver."""

    @property
    def catalog(self) -> Catalog: ...

    @property
    def index(self) -> Any: ...  # has resolve_category(text) -> str | None


class SubscriptionService:
    def __init__(
        self,
        store: Store,
        snapshot: Callable[[], CatalogView],
        runner: DigestRunner,
        *,
        channel_access: ChannelAccess | None = None,
        admins: tuple[str, ...] = (),
        clock: Callable[[], dt.datetime],
        describe_error: Callable[[str], str] = str,
    ) -> None:
        self._describe = describe_error  # a Slack error code in words (`bot.slack.slack_errors.plain`)
        self._store = store
        self._snapshot = snapshot
        self._runner = runner
        self._access = channel_access
        self._admins = admins
        self._clock = clock

    def handle(self, intent: object, *, user_id: str, channel_id: str) -> dict[str, Any]:
        """The listener's single entry point: an `/insights` intent in, a message dict out."""
        match intent:
            case intents.Subscribe(category=text):
                return blocks.change_message(self.subscribe(channel_id, user_id, text))
            case intents.Unsubscribe(category=text):
                return blocks.change_message(self.unsubscribe(channel_id, user_id, text))
            case intents.Subscriptions():
                return blocks.list_message(self.listing(channel_id, user_id))
            case intents.DigestPreview(category=text):
                return blocks.preview_message(self.preview(channel_id, text))
        raise TypeError(f"not a subscriptions intent: {type(intent).__name__}")

    def subscribe(self, channel_id: str, user_id: str, text: str) -> ChangeReply:
        refused = self._refusal(channel_id, user_id, text)
        if refused is not None:
            return refused
        name = self._resolve(text)
        if name is None:
            return self._reply(Change.UNKNOWN_CATEGORY, channel_id, text)
        if self._access is not None and self._access.is_member(channel_id) is False:
            return self._reply(Change.BOT_NOT_IN_CHANNEL, channel_id, text, name)
        _, created = self._store.add_subscription(
            channel_id,
            name,
            added_by=user_id,
            now=self._clock(),
            keep_place_since=self._runner.current_period().start,
        )
        return self._reply(
            Change.SUBSCRIBED if created else Change.ALREADY_SUBSCRIBED, channel_id, text, name
        )

    def unsubscribe(self, channel_id: str, user_id: str, text: str) -> ChangeReply:
        refused = self._refusal(channel_id, user_id, text)
        if refused is not None:
            return refused
        name = self._resolve(text) or self._subscribed_named(channel_id, text)
        if name is None:
            return self._reply(Change.UNKNOWN_CATEGORY, channel_id, text)
        existing = self._store.subscription(channel_id, name)
        if existing is not None and existing.active and existing.source == "file":
            return self._reply(Change.FILE_OWNED, channel_id, text, name, source="file")
        removed = self._store.remove_subscription(channel_id, name, now=self._clock())
        return self._reply(Change.UNSUBSCRIBED if removed else Change.NOT_SUBSCRIBED, channel_id, text, name)

    def listing(self, channel_id: str, user_id: str | None = None) -> ListReply:
        """This channel's subscriptions; `user_id` decides whether the reply may suggest changing them."""
        catalog = self._snapshot().catalog
        lines = []
        for subscription in self._store.subscriptions(channel_id=channel_id):
            info = catalog.category(subscription.category)
            error = subscription.last_error
            lines.append(
                SubscriptionLine(
                    category=subscription.category,
                    emoji=info.emoji if info else "",
                    added_by=subscription.added_by,
                    added_at=subscription.added_at,
                    source=subscription.source,
                    error=None if error is None else self._describe(error),
                )
            )
        can_change = not self._admins or (user_id is not None and user_id in self._admins)
        return ListReply(
            channel_id,
            tuple(lines),
            self._next_run(),
            self._zone(),
            admins=self._admins,
            can_change=can_change,
        )

    def preview(self, channel_id: str | None, text: str) -> PreviewReply:
        """The digest this channel would get now, posting nothing and recording nothing."""
        name = self._resolve(text)
        if name is None:
            return PreviewReply(text, None, None, self._categories())
        digest, period = self._runner.compose(channel_id, name)
        if digest is None or digest.is_empty:
            return PreviewReply(text, None, name, self._categories())
        message = digest_message(
            digest, period_label=period.label(self._runner.config.schedule.zone), preview=True
        )
        return PreviewReply(text, message, name, self._categories())

    def _refusal(self, channel_id: str, user_id: str, text: str) -> ChangeReply | None:
        if self._admins and user_id not in self._admins:
            return ChangeReply(Change.NOT_ALLOWED, channel_id, text, admins=self._admins)
        return None

    def _resolve(self, text: str) -> str | None:
        resolved = self._snapshot().index.resolve_category(text)
        return str(resolved) if resolved else None

    def _subscribed_named(self, channel_id: str, text: str) -> str | None:
        """A subscription to a category that has since left the catalog can still be removed by its name."""
        wanted = " ".join(text.split()).casefold()
        for subscription in self._store.subscriptions(channel_id=channel_id):
            if subscription.category.casefold() == wanted:
                return subscription.category
        return None

    def _categories(self) -> tuple[str, ...]:
        return tuple(category.name for category in self._snapshot().catalog.categories)

    def _next_run(self) -> dt.datetime:
        return self._runner.config.schedule.next_after(self._clock())

    def _zone(self) -> str:
        return str(self._runner.config.schedule.zone.key)

    def _reply(
        self,
        change: Change,
        channel_id: str,
        typed: str,
        name: str | None = None,
        *,
        source: str | None = None,
    ) -> ChangeReply:
        info = self._snapshot().catalog.category(name) if name else None
        return ChangeReply(
            change,
            channel_id,
            typed,
            category=name,
            emoji=info.emoji if info else "",
            categories=self._categories(),
            next_run=self._next_run(),
            zone=self._zone(),
            source=source,
        )
