"""Subscriptions, digest runs, sent articles and first-seen times.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("channel_id", sa.String(64), nullable=False),
        sa.Column("category", sa.String(200), nullable=False),
        sa.Column("added_by", sa.String(64), nullable=True),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("removed_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(200), nullable=True),
        sa.Column("last_error_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_subscriptions"),
        sa.UniqueConstraint("channel_id", "category", name="uq_subscriptions_channel_category"),
    )
    op.create_table(
        "digest_runs",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(32), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("owner", sa.String(64), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("message_ts", sa.String(32), nullable=True),
        sa.Column("error", sa.String(200), nullable=True),
        sa.Column("permanent", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_digest_runs"),
        sa.ForeignKeyConstraint(
            ["subscription_id"], ["subscriptions.id"], name="fk_digest_runs_subscription_id_subscriptions"
        ),
        sa.UniqueConstraint("subscription_id", "period", "sequence", name="uq_digest_runs_claim"),
    )
    op.create_table(
        "sent_articles",
        sa.Column("channel_id", sa.String(64), nullable=False),
        sa.Column("slug", sa.String(200), nullable=False),
        sa.Column("first_sent_at", sa.DateTime(), nullable=False),
        sa.Column("last_sent_at", sa.DateTime(), nullable=False),
        sa.Column("times", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("channel_id", "slug", name="pk_sent_articles"),
    )
    op.create_table(
        "articles_seen",
        sa.Column("slug", sa.String(200), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("slug", name="pk_articles_seen"),
    )


def downgrade() -> None:
    op.drop_table("articles_seen")
    op.drop_table("sent_articles")
    op.drop_table("digest_runs")
    op.drop_table("subscriptions")
