"""the notification outbox

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25

- notifications: what is to be told to whom (決裁 requested, an account held, a token
  about to expire, comments waiting for review, a delivery failed or unknown), with a
  dedupe key that is unique while the thing lasts (``open_key``), attempts and backoff,
  and fingerprints of the targets already reached.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import scheduler.models

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

UTC_DT = scheduler.models.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("subject_type", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("dedupe_key", sa.String(length=200), nullable=False),
        sa.Column("open_key", sa.String(length=200), nullable=True),
        sa.Column("audience", sa.JSON(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTC_DT, nullable=False),
        sa.Column("delivered", sa.JSON(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", UTC_DT, nullable=False),
        sa.Column("sent_at", UTC_DT, nullable=True),
        sa.Column("resolved_at", UTC_DT, nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("open_key"),
    )
    op.create_index("notifications_due", "notifications", ["state", "next_attempt_at"])
    op.create_index(op.f("ix_notifications_dedupe_key"), "notifications", ["dedupe_key"])


def downgrade() -> None:
    op.drop_index(op.f("ix_notifications_dedupe_key"), table_name="notifications")
    op.drop_index("notifications_due", table_name="notifications")
    op.drop_table("notifications")
