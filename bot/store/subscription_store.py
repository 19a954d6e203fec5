"""Subscriptions, the articles each channel has been sent, and a subscription's health."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.engine import Engine

from bot.store.database import insert_all_ignoring_conflicts, insert_ignoring_conflicts
from bot.store.records import Subscription
from bot.store.tables import MAX_ERROR_CHARS, SentArticleRow, SubscriptionRow, table_of


def _to_subscription(row: Any) -> Subscription:
    return Subscription(
        id=row.id,
        channel_id=row.channel_id,
        category=row.category,
        added_by=row.added_by,
        added_at=row.added_at,
        source=row.source,
        active=row.removed_at is None,
        last_error=row.last_error,
        last_error_at=row.last_error_at,
    )


class SubscriptionsMixin:
    engine: Engine

    def add_subscription(
        self,
        channel_id: str,
        category: str,
        *,
        added_by: str | None,
        now: dt.datetime,
        source: str = "slack",
        keep_place_since: dt.datetime | None = None,
    ) -> tuple[Subscription, bool]:
        """Subscribe, or re-activate an earlier one (keeping its history); True when it changed. One removed at
        or after `keep_place_since` (the period's start) keeps its `added_at`: an undone removal keeps its place."""
        values = {"channel_id": channel_id, "category": category, "added_by": added_by, "added_at": now,
                  "source": source, "removed_at": None}  # fmt: skip
        with self.engine.begin() as connection:
            created = insert_ignoring_conflicts(connection, table_of(SubscriptionRow), [values]) == 1
            removed = (
                SubscriptionRow.channel_id == channel_id,
                SubscriptionRow.category == category,
                SubscriptionRow.removed_at.is_not(None),
            )
            if not created and keep_place_since is not None:
                restore = update(SubscriptionRow).where(
                    *removed, SubscriptionRow.removed_at >= keep_place_since
                )
                created = (
                    connection.execute(
                        restore.values(added_by=added_by, source=source, removed_at=None)
                    ).rowcount
                    == 1
                )
            if not created:
                again = (
                    update(SubscriptionRow)
                    .where(*removed)
                    .values(added_by=added_by, added_at=now, source=source, removed_at=None)
                )
                created = connection.execute(again).rowcount == 1
        return self._existing(channel_id, category), created

    def _existing(self, channel_id: str, category: str) -> Subscription:
        found = self.subscription(channel_id, category)
        assert found is not None, "just inserted or re-activated"
        return found

    def remove_subscription(self, channel_id: str, category: str, *, now: dt.datetime) -> bool:
        """Unsubscribe; False when there was no active subscription. Run history stays."""
        with self.engine.begin() as connection:
            result = connection.execute(
                update(SubscriptionRow)
                .where(
                    SubscriptionRow.channel_id == channel_id,
                    SubscriptionRow.category == category,
                    SubscriptionRow.removed_at.is_(None),
                )
                .values(removed_at=now)
            )
            return result.rowcount == 1

    def subscription(self, channel_id: str, category: str) -> Subscription | None:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(SubscriptionRow).where(
                    SubscriptionRow.channel_id == channel_id, SubscriptionRow.category == category
                )
            ).first()
        return None if row is None else _to_subscription(row)

    def subscriptions(
        self, *, channel_id: str | None = None, category: str | None = None, include_removed: bool = False
    ) -> list[Subscription]:
        statement = select(SubscriptionRow).order_by(SubscriptionRow.channel_id, SubscriptionRow.category)
        if channel_id is not None:
            statement = statement.where(SubscriptionRow.channel_id == channel_id)
        if category is not None:
            statement = statement.where(SubscriptionRow.category == category)
        if not include_removed:
            statement = statement.where(SubscriptionRow.removed_at.is_(None))
        with self.engine.connect() as connection:
            return [_to_subscription(row) for row in connection.execute(statement)]

    def set_subscription_error(self, subscription_id: int, error: str | None, *, now: dt.datetime) -> bool:
        """Mark (or clear, with None) a permanent failure; True when the health changed, so it is logged once."""
        with self.engine.begin() as connection:
            condition = (
                SubscriptionRow.last_error.is_not(None)
                if error is None
                else or_(
                    SubscriptionRow.last_error.is_(None),
                    SubscriptionRow.last_error != error[:MAX_ERROR_CHARS],
                )
            )
            result = connection.execute(
                update(SubscriptionRow)
                .where(SubscriptionRow.id == subscription_id, condition)
                .values(
                    last_error=None if error is None else error[:MAX_ERROR_CHARS],
                    last_error_at=None if error is None else now,
                )
            )
            return result.rowcount == 1

    def sent_articles(self, channel_id: str) -> dict[str, dt.datetime]:
        """Slug -> when it was last sent to the channel: the archive rotation's memory."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(SentArticleRow.slug, SentArticleRow.last_sent_at).where(
                    SentArticleRow.channel_id == channel_id
                )
            )
            return dict(rows.all())

    def record_sent(self, channel_id: str, slugs: Iterable[str], *, now: dt.datetime) -> None:
        wanted = sorted(set(slugs))
        if not wanted:
            return
        with self.engine.begin() as connection:
            connection.execute(
                update(SentArticleRow)
                .where(SentArticleRow.channel_id == channel_id, SentArticleRow.slug.in_(wanted))
                .values(last_sent_at=now, times=SentArticleRow.times + 1)
            )
            rows = [
                {
                    "channel_id": channel_id,
                    "slug": slug,
                    "first_sent_at": now,
                    "last_sent_at": now,
                    "times": 1,
                }
                for slug in wanted
            ]
            insert_all_ignoring_conflicts(connection, table_of(SentArticleRow), rows)
