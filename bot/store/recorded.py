"""The store's analytics half: recorded questions, article events and votes, and the grouped reads reports use.

Reports ask the database to group first (by wording and asker, by article and kind), so a year of traffic comes
back as a few thousand rows, never a million.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from bot.store.tables import ArticleEventRow, DigestRunRow, QuestionRow, SentArticleRow, VoteRow, table_of


@dataclass(frozen=True, slots=True)
class WordingRow:
    """Unanswered or "might help" questions of one wording by one asker (None: asker unknown)."""

    norm: str
    text: str
    user_key: str | None
    category: str | None
    tier: str
    count: int
    last_asked: dt.datetime


@dataclass(frozen=True, slots=True)
class WeekRow:
    start: dt.datetime
    by_tier: dict[str, int]
    askers: int


class RecordedMixin:
    engine: Engine

    def insert_analytics(self, questions: Sequence[dict[str, Any]], events: Sequence[dict[str, Any]]) -> None:
        """One transaction, one multi-row insert per table (the background writer's batch)."""
        with self.engine.begin() as connection:
            if questions:
                connection.execute(table_of(QuestionRow).insert(), list(questions))
            if events:
                connection.execute(table_of(ArticleEventRow).insert(), list(events))

    def record_vote(
        self, *, user_key: str, message_key: str, slug: str, query: str, helpful: bool, now: dt.datetime
    ) -> None:
        """Insert, or change the existing vote of this person on this article in this message."""
        row = {
            "user_key": user_key,
            "message_key": message_key,
            "slug": slug,
            "query": query,
            "helpful": helpful,
            "voted_at": now,
        }
        with self.engine.begin() as connection:
            connection.execute(_upsert_vote(connection).values(**row))

    def votes(self) -> dict[str, tuple[int, int]]:
        """(helpful, not helpful) per slug, one vote per person per message."""
        statement = select(VoteRow.slug, VoteRow.helpful, func.count()).group_by(
            VoteRow.slug, VoteRow.helpful
        )
        counts: dict[str, tuple[int, int]] = {}
        with self.engine.connect() as connection:
            for slug, helpful, count in connection.execute(statement):
                yes, no = counts.get(slug, (0, 0))
                counts[slug] = (yes + count, no) if helpful else (yes, no + count)
        return counts

    def article_event_counts(self) -> dict[str, dict[str, int]]:
        """{slug: {"shown": n, "opened": n, "shared": n}} over everything kept."""
        statement = select(ArticleEventRow.slug, ArticleEventRow.kind, func.count()).group_by(
            ArticleEventRow.slug, ArticleEventRow.kind
        )
        counts: dict[str, dict[str, int]] = {}
        with self.engine.connect() as connection:
            for slug, kind, count in connection.execute(statement):
                counts.setdefault(slug, {})[kind] = count
        return counts

    def last_digested(self) -> dict[str, dt.datetime]:
        """When each article was last sent in a digest, to any channel."""
        statement = select(SentArticleRow.slug, func.max(SentArticleRow.last_sent_at)).group_by(
            SentArticleRow.slug
        )
        with self.engine.connect() as connection:
            return dict(connection.execute(statement).all())

    def unanswered_wordings(self, *, since: dt.datetime, category: str | None = None) -> list[WordingRow]:
        """Questions without a confident answer since `since`, grouped by wording, asker, category and tier."""
        q = QuestionRow
        statement = (
            select(
                q.norm, func.min(q.text), q.user_key, q.category, q.tier, func.count(), func.max(q.asked_at)
            )
            .where(q.asked_at >= since, q.tier != "answer")
            .group_by(q.norm, q.user_key, q.category, q.tier)
        )
        if category is not None:
            statement = statement.where(q.category == category)
        with self.engine.connect() as connection:
            rows = connection.execute(statement).all()
        return [WordingRow(*row) for row in rows]

    def last_answered(self, norms: Sequence[str], *, since: dt.datetime) -> dict[str, dt.datetime]:
        """When each of `norms` last got a confident answer since `since`: how a gap is seen to have closed.

        One grouped scan of the window, filtered here, rather than one `IN` query per few hundred wordings.
        """
        wanted = set(norms)
        statement = (
            select(QuestionRow.norm, func.max(QuestionRow.asked_at))
            .where(QuestionRow.asked_at >= since, QuestionRow.tier == "answer")
            .group_by(QuestionRow.norm)
        )
        with self.engine.connect() as connection:
            return {norm: at for norm, at in connection.execute(statement) if norm in wanted}

    def weeks(self, starts: Sequence[dt.datetime]) -> list[WeekRow]:
        """Questions per tier and distinct askers in each week beginning at `starts` (one indexed range each)."""
        rows = []
        with self.engine.connect() as connection:
            for start in starts:
                rows.append(_week(connection, start))
        return rows

    def digests_posted(self, since: dt.datetime) -> dict[dt.date, int]:
        """Digests posted per day since `since` (from the digest runs table)."""
        statement = select(DigestRunRow.finished_at).where(
            DigestRunRow.state == "posted", DigestRunRow.finished_at >= since
        )
        days: dict[dt.date, int] = {}
        with self.engine.connect() as connection:
            for (finished,) in connection.execute(statement):
                if finished is not None:
                    days[finished.date()] = days.get(finished.date(), 0) + 1
        return days

    def prune_analytics(self, before: dt.datetime) -> int:
        """Delete questions, article events and votes older than `before`; returns how many rows went."""
        removed = 0
        with self.engine.begin() as connection:
            for table, column in (
                (QuestionRow, QuestionRow.asked_at),
                (ArticleEventRow, ArticleEventRow.at),
                (VoteRow, VoteRow.voted_at),
            ):
                removed += connection.execute(delete(table).where(column < before)).rowcount
        return removed


def _week(connection: Connection, start: dt.datetime) -> WeekRow:
    q = QuestionRow
    end = start + dt.timedelta(days=7)
    window = (q.asked_at >= start, q.asked_at < end)
    tiers = connection.execute(select(q.tier, func.count()).where(*window).group_by(q.tier)).all()
    askers = connection.execute(select(func.count(func.distinct(q.user_key))).where(*window)).scalar() or 0
    return WeekRow(start, dict(tiers), askers)


def _upsert_vote(connection: Connection) -> Any:
    keys = ["user_key", "message_key", "slug"]
    table = table_of(VoteRow)
    insert = postgresql.insert(table) if connection.dialect.name == "postgresql" else sqlite.insert(table)
    changed = {"helpful": insert.excluded.helpful, "voted_at": insert.excluded.voted_at}
    return insert.on_conflict_do_update(index_elements=keys, set_=changed)
