"""The reply outbox: a question claimed with its event stays here until its reply is posted.

A replica can die between claiming an event (which makes every other replica drop Slack's retries of it) and
posting the reply. The row written with the claim survives it: after a lease with no `answered_at`, a sweeper
on any replica takes the row over and answers. Take-overs and give-ups are compare-and-set UPDATEs on
`attempts`, so of several sweepers racing for a row exactly one wins, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Connection, Engine

from bot.store.database import insert_ignoring_conflicts
from bot.store.tables import MAX_REPLY_PAYLOAD, PendingReplyRow, table_of


@dataclass(frozen=True, slots=True)
class PendingReply:
    """A question whose reply is owed: `payload` is the JSON written with the claim, `attempt` this try's number."""

    key: str
    payload: str
    attempt: int


def insert_pending_reply(connection: Connection, key: str, payload: str, now: dt.datetime) -> bool:
    """Inside the claim's transaction. A payload past `MAX_REPLY_PAYLOAD` is not kept (the caller cuts the
    question text well below it), so the outbox never stores an unbounded value."""
    if len(payload) > MAX_REPLY_PAYLOAD:
        return False
    row = {"key": key, "payload": payload, "claimed_at": now, "attempts": 1}
    return insert_ignoring_conflicts(connection, table_of(PendingReplyRow), [row]) == 1


class OutboxMixin:
    engine: Engine

    def mark_replied(self, key: str, now: dt.datetime) -> bool:
        """The reply is out (or deliberately not sent): no sweeper will touch the row again."""
        with self.engine.begin() as connection:
            result = connection.execute(
                update(PendingReplyRow)
                .where(PendingReplyRow.key == key, PendingReplyRow.answered_at.is_(None))
                .values(answered_at=now)
            )
        return result.rowcount == 1

    def take_over_replies(
        self, now: dt.datetime, *, lease: dt.timedelta, max_attempts: int, limit: int = 20
    ) -> list[PendingReply]:
        """Unanswered rows whose lease ran out, each now ours (its lease restarted at `now`); oldest first."""
        rows = self._stale(now - lease, PendingReplyRow.attempts < max_attempts, limit)
        taken = []
        for key, payload, attempts in rows:
            if self._bump(key, attempts, {"attempts": attempts + 1, "claimed_at": now}):
                taken.append(PendingReply(key, payload, attempts + 1))
        return taken

    def give_up_replies(
        self, now: dt.datetime, *, lease: dt.timedelta, max_attempts: int, limit: int = 100
    ) -> list[str]:
        """Keys of rows whose last allowed attempt has also run out of lease, now marked given up: each key is
        returned to exactly one caller, so it is logged and counted once."""
        rows = self._stale(now - lease, PendingReplyRow.attempts >= max_attempts, limit)
        return [key for key, _, attempts in rows if self._bump(key, attempts, {"gave_up_at": now})]

    def pending_replies(self) -> dict[str, tuple[int, bool]]:
        """{key: (attempts, settled)} for every row kept, settled meaning answered or given up."""
        r = PendingReplyRow
        statement = select(r.key, r.attempts, r.answered_at, r.gave_up_at)
        with self.engine.connect() as connection:
            return {
                key: (attempts, answered is not None or gave_up is not None)
                for key, attempts, answered, gave_up in connection.execute(statement)
            }

    def prune_replies(self, before: dt.datetime) -> int:
        with self.engine.begin() as connection:
            result = connection.execute(delete(PendingReplyRow).where(PendingReplyRow.claimed_at < before))
            return result.rowcount

    def _stale(self, before: dt.datetime, attempts: Any, limit: int) -> Sequence[Any]:
        r = PendingReplyRow
        statement = (
            select(r.key, r.payload, r.attempts)
            .where(r.answered_at.is_(None), r.gave_up_at.is_(None), r.claimed_at < before, attempts)
            .order_by(r.claimed_at)
            .limit(limit)
        )
        with self.engine.connect() as connection:
            return connection.execute(statement).all()

    def _bump(self, key: str, attempts: int, values: dict[str, Any]) -> bool:
        """Compare-and-set: only the caller that still sees `attempts` (and no answer) changes the row."""
        r = PendingReplyRow
        with self.engine.begin() as connection:
            result = connection.execute(
                update(r)
                .where(
                    r.key == key,
                    r.attempts == attempts,
                    r.answered_at.is_(None),
                    r.gave_up_at.is_(None),
                )
                .values(**values)
            )
        return result.rowcount == 1
