"""The database schema as SQLAlchemy 2 tables; Alembic migrations create it, these describe it for queries.

Times are stored as naive UTC and handed back as aware UTC (`UtcDateTime`), so SQLite and PostgreSQL
compare and return the same values.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Refuses naive datetimes on the way in, so a local time can never be stored as if it were UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; pass an aware (UTC) datetime")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


MAX_ERROR_CHARS = 200
"""Width of the error columns; Slack error text is cut to it before it is stored."""
MAX_REPLY_PAYLOAD = 8000
"""Characters of JSON a pending reply may keep; the question text in it is cut well below this."""

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def table_of(row: type[Base]) -> Table:
    """The `Table` a declarative class maps to; SQLAlchemy types `__table__` as the wider `FromClause`."""
    table = row.__table__
    assert isinstance(table, Table)
    return table


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class SubscriptionRow(Base):
    """A channel's subscription to a category; unsubscribing sets `removed_at` so run history keeps its parent."""

    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("channel_id", "category", name="uq_subscriptions_channel_category"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel_id: Mapped[str] = mapped_column(String(64))
    category: Mapped[str] = mapped_column(String(200))
    added_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    added_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    source: Mapped[str] = mapped_column(String(16), default="slack")
    removed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(MAX_ERROR_CHARS), nullable=True)
    last_error_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class DigestRunRow(Base):
    """One claim on (subscription, period); `sequence` 0 is the scheduled digest, higher ones are forced re-sends.

    The unique constraint is what makes a period's digest exactly-once across processes: whoever inserts the
    row owns the post. `attempts` doubles as a version number for compare-and-set take-overs.
    """

    __tablename__ = "digest_runs"
    __table_args__ = (UniqueConstraint("subscription_id", "period", "sequence", name="uq_digest_runs_claim"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id"))
    period: Mapped[str] = mapped_column(String(32))
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(16))
    owner: Mapped[str | None] = mapped_column(String(64), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    claimed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    message_ts: Mapped[str | None] = mapped_column(String(32), nullable=True)
    error: Mapped[str | None] = mapped_column(String(MAX_ERROR_CHARS), nullable=True)
    permanent: Mapped[bool] = mapped_column(Boolean, default=False)


class SentArticleRow(Base):
    """Which articles a channel has been sent, and when last, for the archive rotation."""

    __tablename__ = "sent_articles"

    channel_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), primary_key=True)
    first_sent_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    last_sent_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    times: Mapped[int] = mapped_column(Integer, default=1)


class ArticleSeenRow(Base):
    """When the bot first saw each article: what "New this week" means for articles without `published`."""

    __tablename__ = "articles_seen"

    slug: Mapped[str] = mapped_column(String(200), primary_key=True)
    first_seen_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class EventClaimRow(Base):
    """Keys of Slack deliveries already handled, so a retried event is answered once across replicas."""

    __tablename__ = "event_claims"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    claimed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), index=True)


class PendingReplyRow(Base):
    """The outbox: a question claimed by a replica, kept until its reply is posted (`answered_at`), so a replica
    that dies between the claim and the post does not lose it. `attempts` is the compare-and-set version a
    sweeper's take-over bumps; `payload` is what answering needs (JSON, bounded by `MAX_REPLY_PAYLOAD`)."""

    __tablename__ = "pending_replies"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    payload: Mapped[str] = mapped_column(Text)
    claimed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    answered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    gave_up_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class FeedbackRow(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    slug: Mapped[str] = mapped_column(String(200), index=True)
    query: Mapped[str] = mapped_column(Text)
    user_id: Mapped[str] = mapped_column(String(64))
    helpful: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class UnansweredRow(Base):
    __tablename__ = "unanswered_queries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    query: Mapped[str] = mapped_column(Text)
    user_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    channel_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), index=True)


class QuestionRow(Base):
    """One question or search as it was answered: what people ask and whether the catalog had it.

    `user_key` is an HMAC of the Slack user ID unless ANALYTICS_KEEP_USER_IDS is set; `norm` is the lower-cased,
    space-collapsed text the gap report groups on.
    """

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    asked_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), index=True)
    surface: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(String(500))
    norm: Mapped[str] = mapped_column(String(500))
    category: Mapped[str | None] = mapped_column(String(200), nullable=True)
    tier: Mapped[str] = mapped_column(String(16))
    top_slug: Mapped[str | None] = mapped_column(String(200), nullable=True)
    top_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    user_key: Mapped[str | None] = mapped_column(String(64), nullable=True)


class ArticleEventRow(Base):
    """An article shown in an answer, opened in the reader or shared: the per-article report's counts."""

    __tablename__ = "article_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), index=True)
    slug: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    user_key: Mapped[str | None] = mapped_column(String(64), nullable=True)


class VoteRow(Base):
    """One person's Helpful / Not helpful on one article in one message; a second click changes `helpful`."""

    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("user_key", "message_key", "slug", name="uq_votes_user_message_slug"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_key: Mapped[str] = mapped_column(String(64))
    message_key: Mapped[str] = mapped_column(String(100))
    slug: Mapped[str] = mapped_column(String(200), index=True)
    query: Mapped[str] = mapped_column(String(500))
    helpful: Mapped[bool] = mapped_column(Boolean)
    voted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), index=True)
