"""Analytics: recorded questions, article events (shown, opened, shared) and one vote per person and message.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("asked_at", sa.DateTime(), nullable=False),
        sa.Column("surface", sa.String(16), nullable=False),
        sa.Column("text", sa.String(500), nullable=False),
        sa.Column("norm", sa.String(500), nullable=False),
        sa.Column("category", sa.String(200), nullable=True),
        sa.Column("tier", sa.String(16), nullable=False),
        sa.Column("top_slug", sa.String(200), nullable=True),
        sa.Column("top_score", sa.Float(), nullable=True),
        sa.Column("user_key", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_questions"),
    )
    op.create_index("ix_questions_asked_at", "questions", ["asked_at"])
    op.create_table(
        "article_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("slug", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("user_key", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_article_events"),
    )
    op.create_index("ix_article_events_at", "article_events", ["at"])
    op.create_index("ix_article_events_slug", "article_events", ["slug"])
    op.create_table(
        "votes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("user_key", sa.String(64), nullable=False),
        sa.Column("message_key", sa.String(100), nullable=False),
        sa.Column("slug", sa.String(200), nullable=False),
        sa.Column("query", sa.String(500), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("voted_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_votes"),
        sa.UniqueConstraint("user_key", "message_key", "slug", name="uq_votes_user_message_slug"),
    )
    op.create_index("ix_votes_slug", "votes", ["slug"])
    op.create_index("ix_votes_voted_at", "votes", ["voted_at"])


def downgrade() -> None:
    for index, table in (
        ("ix_votes_voted_at", "votes"),
        ("ix_votes_slug", "votes"),
        ("ix_article_events_slug", "article_events"),
        ("ix_article_events_at", "article_events"),
        ("ix_questions_asked_at", "questions"),
    ):
        op.drop_index(index, table_name=table)
    op.drop_table("votes")
    op.drop_table("article_events")
    op.drop_table("questions")
