"""The `Store` facade: every read and write the bot makes to its database, each in its own short transaction.

Methods take `now` instead of reading a clock, so tests control time and replicas agree on what they wrote.
Claims (`claim_event`, `claim_run`) are decided by the database's unique keys, never by process memory, so they
hold across threads, processes and replicas.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import delete, func, literal, select
from sqlalchemy.engine import Connection, Engine

from bot.store import migrate
from bot.store.database import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_STATEMENT_TIMEOUT,
    build_engine,
    insert_all_ignoring_conflicts,
    insert_ignoring_conflicts,
)
from bot.store.outbox import OutboxMixin, insert_pending_reply
from bot.store.owner_runs import OwnerRunsMixin
from bot.store.probe import Probe
from bot.store.recorded import RecordedMixin
from bot.store.runs import RunsMixin
from bot.store.subscription_store import SubscriptionsMixin
from bot.store.tables import ArticleSeenRow, EventClaimRow, FeedbackRow, UnansweredRow, table_of

MAX_EVENT_KEY = 255
BASELINE_SEEN_AT = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
MAX_QUERY_CHARS = 2000


class Store(SubscriptionsMixin, RunsMixin, RecordedMixin, OwnerRunsMixin, OutboxMixin):
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._probe = Probe(self._answers)

    @classmethod
    def connect(
        cls,
        url: str,
        *,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        statement_timeout: float = DEFAULT_STATEMENT_TIMEOUT,
    ) -> Store:
        """Builds the engine only: no connection is opened and nothing is migrated until asked.

        Every connect and statement is bounded by the timeouts (DATABASE_CONNECT_TIMEOUT and
        DATABASE_STATEMENT_TIMEOUT), so a hung database makes calls fail fast instead of holding threads.
        """
        return cls(build_engine(url, connect_timeout=connect_timeout, statement_timeout=statement_timeout))

    def ping(self, timeout: float = 1.0) -> bool:
        """Readiness: True when the database answers a read of the events table within `timeout` seconds.

        Never blocks longer than `timeout`, even when the server hangs: the read runs on a probe thread, and a
        probe still stuck from an earlier call is waited on rather than doubled.
        """
        return self._probe.ready(timeout)

    def _answers(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(select(literal(1)).select_from(EventClaimRow).limit(1)).all()

    def upgrade(self) -> tuple[str | None, str | None]:
        """Alembic upgrade to head; running it on an up-to-date database changes nothing. Returns the schema
        revision before and after (None: no schema yet)."""
        return migrate.upgrade(self.engine)

    def location(self) -> str:
        """Where the data lives, for a person: `SQLite file /path`, `postgresql database insights on db`."""
        url = self.engine.url
        if url.get_backend_name() == "sqlite":
            return f"SQLite file {url.database}"
        return f"{url.get_backend_name()} database {url.database} on {url.host}"

    def revision(self) -> str | None:
        return migrate.current_revision(self.engine)

    def close(self) -> None:
        self._probe.close()
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    def claim_event(self, key: str, now: dt.datetime) -> bool:
        """True only the first time `key` is seen, across processes: the dedupe for Slack's retried deliveries."""
        return self.claim_events([key], now)

    def claim_events(
        self, keys: Sequence[str], now: dt.datetime, *, reply: tuple[str, str] | None = None
    ) -> bool:
        """True only when none of `keys` was seen before; all are claimed in one short transaction either way.

        `reply` (outbox key, JSON payload) is written in the same transaction when the claim is won, so a
        question is never claimed without the record that it still needs an answer (`bot.store.outbox`)."""
        rows = [{"key": key, "claimed_at": now} for key in dict.fromkeys(key[:MAX_EVENT_KEY] for key in keys)]
        with self.engine.begin() as connection:
            won = insert_ignoring_conflicts(connection, table_of(EventClaimRow), rows) == len(rows)
            if won and reply is not None:
                insert_pending_reply(connection, reply[0][:MAX_EVENT_KEY], reply[1], now)
            return won

    def prune_events(self, before: dt.datetime) -> int:
        """Forget event keys, and the outbox rows claimed with them, older than Slack's retry horizon; returns
        how many rows were dropped."""
        with self.engine.begin() as connection:
            result = connection.execute(delete(EventClaimRow).where(EventClaimRow.claimed_at < before))
            dropped = result.rowcount
        return dropped + self.prune_replies(before)

    def record_feedback(
        self, *, slug: str, query: str, user_id: str, helpful: bool, now: dt.datetime
    ) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                table_of(FeedbackRow)
                .insert()
                .values(
                    slug=slug[:200],
                    query=query[:MAX_QUERY_CHARS],
                    user_id=user_id[:64],
                    helpful=helpful,
                    created_at=now,
                )
            )

    def feedback_counts(self) -> dict[str, tuple[int, int]]:
        """(helpful, not helpful) per slug."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(FeedbackRow.slug, FeedbackRow.helpful, func.count()).group_by(
                    FeedbackRow.slug, FeedbackRow.helpful
                )
            ).all()
        counts: dict[str, tuple[int, int]] = {}
        for slug, helpful, count in rows:
            yes, no = counts.get(slug, (0, 0))
            counts[slug] = (yes + count, no) if helpful else (yes, no + count)
        return counts

    def record_unanswered(
        self, *, query: str, user_id: str | None, channel_id: str | None, now: dt.datetime
    ) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                table_of(UnansweredRow)
                .insert()
                .values(
                    query=query[:MAX_QUERY_CHARS],
                    user_id=None if user_id is None else user_id[:64],
                    channel_id=None if channel_id is None else channel_id[:64],
                    created_at=now,
                )
            )

    def unanswered(self, *, since: dt.datetime | None = None) -> list[tuple[str, dt.datetime]]:
        """Queries nobody found an answer for, oldest first: what the team should write about next."""
        statement = select(UnansweredRow.query, UnansweredRow.created_at).order_by(UnansweredRow.id)
        if since is not None:
            statement = statement.where(UnansweredRow.created_at >= since)
        with self.engine.connect() as connection:
            return [(query, created) for query, created in connection.execute(statement)]

    def mark_seen(self, slugs: Iterable[str], now: dt.datetime) -> dict[str, dt.datetime]:
        """Records `now` for slugs never seen before; returns the first-seen time of every slug given.

        The very first catalog a bot sees is what the team already had, not news: it is recorded at
        `BASELINE_SEEN_AT`, so the first weekly digest does not announce the whole archive as "new this week".
        """
        if now.tzinfo is None:
            raise ValueError("naive datetime given for mark_seen: pass an aware UTC time")
        wanted = sorted(set(slugs))
        if not wanted:
            return {}
        with self.engine.begin() as connection:
            known = self._first_seen(connection, wanted)
            first_ever = (
                not known
                and connection.execute(select(func.count()).select_from(ArticleSeenRow)).scalar() == 0
            )
            seen_at = BASELINE_SEEN_AT if first_ever else now
            fresh = [{"slug": slug, "first_seen_at": seen_at} for slug in wanted if slug not in known]
            insert_all_ignoring_conflicts(connection, table_of(ArticleSeenRow), fresh)
            if fresh:
                known = self._first_seen(connection, wanted)
        return known

    def first_seen(self, slugs: Iterable[str] | None = None) -> dict[str, dt.datetime]:
        """First-seen times of `slugs` (all ever recorded when None); read only, so a preview writes nothing."""
        with self.engine.connect() as connection:
            if slugs is not None:
                return self._first_seen(connection, sorted(set(slugs)))
            rows = connection.execute(select(ArticleSeenRow.slug, ArticleSeenRow.first_seen_at))
            return dict(rows.all())

    @staticmethod
    def _first_seen(connection: Connection, slugs: list[str]) -> dict[str, dt.datetime]:
        found: dict[str, dt.datetime] = {}
        for start in range(0, len(slugs), 500):
            chunk = slugs[start : start + 500]
            rows = connection.execute(
                select(ArticleSeenRow.slug, ArticleSeenRow.first_seen_at).where(
                    ArticleSeenRow.slug.in_(chunk)
                )
            )
            found.update(dict(rows.all()))
        return found
