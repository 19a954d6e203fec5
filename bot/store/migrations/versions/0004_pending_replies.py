"""The reply outbox: questions claimed but not yet answered, so a killed replica's reply is sent by another.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_replies",
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("gave_up_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("key", name="pk_pending_replies"),
    )
    op.create_index("ix_pending_replies_claimed_at", "pending_replies", ["claimed_at"])


def downgrade() -> None:
    op.drop_index("ix_pending_replies_claimed_at", table_name="pending_replies")
    op.drop_table("pending_replies")
