"""a tamper-evident audit, claim tokens and heartbeats, and what the console needs

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25

- audit_events gains a hash chain (seq, prev_hash, hash), existing events are chained in
  id order, and triggers refuse UPDATE, DELETE (and TRUNCATE on PostgreSQL);
- deliveries gain the claim token a broker message carries and the holder's heartbeat;
- users gain a console password (argon2 hash), a language, an e-mail and notification
  URLs (vault ciphertext); api_tokens, submissions (第4.2(3)) and account_filings
  (様式第1号/第2号, 第5) are new.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import scheduler.models
from scheduler.audit import GENESIS, event_hash

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

UTC_DT = scheduler.models.UTCDateTime(timezone=True)

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;
"""
PG_TRIGGERS = (
    "CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events"
    " FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
    "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events"
    " FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()",
)
SQLITE_TRIGGERS = (
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events"
    " BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused'); END",
    "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events"
    " BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused'); END",
)


def _chain_existing_events() -> None:
    bind = op.get_bind()
    events = sa.table(
        "audit_events", sa.column("id", sa.Integer), sa.column("at", UTC_DT),
        sa.column("actor", sa.String), sa.column("kind", sa.String),
        sa.column("subject_type", sa.String), sa.column("subject_id", sa.Integer),
        sa.column("message", sa.Text), sa.column("data", sa.JSON),
        sa.column("seq", sa.BigInteger), sa.column("prev_hash", sa.String),
        sa.column("hash", sa.String))
    previous, seq = GENESIS, 0
    rows = bind.execute(sa.select(events.c.id, events.c.at, events.c.actor, events.c.kind,
                                  events.c.subject_type, events.c.subject_id,
                                  events.c.message, events.c.data)
                        .order_by(events.c.id)).mappings().all()
    for row in rows:
        seq += 1
        digest = event_hash(previous, seq, row)
        bind.execute(sa.update(events).where(events.c.id == row["id"])
                     .values(seq=seq, prev_hash=previous, hash=digest))
        previous = digest
    bind.execute(sa.text("INSERT INTO audit_chain (id, seq, hash) VALUES (1, :seq, :hash)"),
                 {"seq": seq, "hash": previous})


def upgrade() -> None:
    op.create_table(
        "audit_chain",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("seq", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
    _chain_existing_events()
    with op.batch_alter_table("audit_events") as batch:
        batch.alter_column("seq", existing_type=sa.BigInteger(), nullable=False)
        batch.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
        batch.alter_column("hash", existing_type=sa.String(length=64), nullable=False)
        batch.create_index("audit_events_seq", ["seq"], unique=True)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        for statement in PG_TRIGGERS:
            op.execute(statement)
    else:
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)

    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("claim_token", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("heartbeat_at", UTC_DT, nullable=True))

    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("password_hash", sa.Text(), nullable=True))
        batch.add_column(sa.Column("language", sa.String(length=5), server_default="ja",
                                   nullable=False))
        batch.add_column(sa.Column("email", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("notify_token", sa.Text(), nullable=True))
        batch.add_column(sa.Column("active", sa.Boolean(), server_default=sa.text("true"),
                                   nullable=False))

    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTC_DT, nullable=False),
        sa.Column("last_used_at", UTC_DT, nullable=True),
        sa.Column("revoked_at", UTC_DT, nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=100), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("link", sa.Text(), nullable=True),
        sa.Column("media", sa.JSON(), server_default=sa.text("'[]'"), nullable=False),
        sa.Column("desired_at", UTC_DT, nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("handled_by_id", sa.Integer(), nullable=True),
        sa.Column("handled_at", UTC_DT, nullable=True),
        sa.Column("created_at", UTC_DT, nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["handled_by_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("submissions_by_state", "submissions", ["state", "created_at"])
    op.create_table(
        "account_filings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("number", sa.String(length=50), nullable=True),
        sa.Column("decision_number", sa.String(length=50), nullable=True),
        sa.Column("section", sa.String(length=100), nullable=False),
        sa.Column("filed_by_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=30), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("handle", sa.String(length=200), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("registration_other", sa.Text(), nullable=True),
        sa.Column("secret_token", sa.Text(), nullable=True),
        sa.Column("comment_policy", sa.Text(), nullable=False),
        sa.Column("other", sa.Text(), nullable=True),
        sa.Column("planned_start", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", UTC_DT, nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTC_DT, nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"]),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["filed_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    raise NotImplementedError("the audit chain is not undone")
