"""What the owners' weekly post needs from the database beyond the digest claims it reuses.

Each owners' post is claimed like a digest, on a *pseudo-subscription*: a `subscriptions` row whose channel is
`owners:<destination>` and whose `source` is `owners`. It is created already removed, so no digest, listing or
`digests.yml` reconciliation ever treats it as a channel's subscription, while `digest_runs` gets the parent row
its unique (subscription, period) claim needs. No schema change: the claim, take-over and recovery are the
digests' own.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from bot.store.database import insert_ignoring_conflicts
from bot.store.records import Subscription
from bot.store.subscription_store import _to_subscription
from bot.store.tables import FeedbackRow, SubscriptionRow, table_of

OWNERS_SOURCE = "owners"
OWNERS_PREFIX = "owners:"


class OwnerRunsMixin:
    engine: Engine

    def owners_subscription(self, destination: str, category: str, *, now: dt.datetime) -> Subscription:
        """The pseudo-subscription that keys owners' posts for (destination, category); made on first use."""
        channel_id = f"{OWNERS_PREFIX}{destination}"
        row = {
            "channel_id": channel_id,
            "category": category,
            "added_by": None,
            "added_at": now,
            "source": OWNERS_SOURCE,
            "removed_at": now,
        }
        with self.engine.begin() as connection:
            insert_ignoring_conflicts(connection, table_of(SubscriptionRow), [row])
            found = connection.execute(
                select(SubscriptionRow).where(
                    SubscriptionRow.channel_id == channel_id, SubscriptionRow.category == category
                )
            ).one()
        return _to_subscription(found)

    def feedback_since(self, since: dt.datetime) -> dict[str, tuple[int, int]]:
        """(helpful, not helpful) per slug, counting only feedback given at or after `since`."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(FeedbackRow.slug, FeedbackRow.helpful, func.count())
                .where(FeedbackRow.created_at >= since)
                .group_by(FeedbackRow.slug, FeedbackRow.helpful)
            ).all()
        counts: dict[str, tuple[int, int]] = {}
        for slug, helpful, count in rows:
            yes, no = counts.get(slug, (0, 0))
            counts[slug] = (yes + count, no) if helpful else (yes, no + count)
        return counts
