"""Event claims (retry dedupe), feedback and unanswered queries from the Slack surfaces.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_claims",
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_event_claims"),
    )
    op.create_index("ix_event_claims_claimed_at", "event_claims", ["claimed_at"])
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("slug", sa.String(200), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_feedback"),
    )
    op.create_index("ix_feedback_slug", "feedback", ["slug"])
    op.create_table(
        "unanswered_queries",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=True),
        sa.Column("channel_id", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_unanswered_queries"),
    )
    op.create_index("ix_unanswered_queries_created_at", "unanswered_queries", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_unanswered_queries_created_at", table_name="unanswered_queries")
    op.drop_table("unanswered_queries")
    op.drop_index("ix_feedback_slug", table_name="feedback")
    op.drop_table("feedback")
    op.drop_index("ix_event_claims_claimed_at", table_name="event_claims")
    op.drop_table("event_claims")
