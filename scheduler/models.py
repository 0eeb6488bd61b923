"""The store of record. The broker only ever carries ids of rows defined here.

Instants are stored in UTC (timezone-aware columns); the zone an operator meant is kept as
data next to them (``Post.timezone``), never taken from the server's settings.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC in Python, whatever the backend.
    SQLite has no timezone type; without this, naive datetimes would leak out of it."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use an aware one")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {  # noqa: RUF012 (SQLAlchemy reads it as a class attribute)
        datetime: UTCDateTime(), dict[str, Any]: JSON, list[Any]: JSON,
    }


user_accounts = Table(
    "user_accounts",
    Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("account_id", ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True),
)


class Account(Base):
    """An official account (第4.1): ``main`` (美祢市公式), ``field`` (分野別)
    or ``legacy`` (第5)."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    platform: Mapped[str] = mapped_column(String(30))
    kind: Mapped[str] = mapped_column(String(10), default="main")
    section: Mapped[str | None] = mapped_column(String(100))
    #: content categories of 第4.2(2) this account may publish; None = all
    categories: Mapped[list[Any] | None] = mapped_column(JSON)
    #: non-secret connector settings (page id, API version, ...)
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: the vault's ciphertext of the credentials; never decrypted outside a connector call
    credentials_token: Mapped[str | None] = mapped_column(Text)
    auth_status: Mapped[str] = mapped_column(String(20), default="ok")  # ok | expired
    auth_message: Mapped[str | None] = mapped_column(Text)
    #: no publish on this account before this instant (a platform's rate-limit reset)
    publish_hold_until: Mapped[datetime | None] = mapped_column()
    #: publishing is held until a person lifts it (e.g. the monthly cost cap was reached)
    hold_reason: Mapped[str | None] = mapped_column(Text)
    comment_cursor: Mapped[str | None] = mapped_column(String(200))
    last_swept_at: Mapped[datetime | None] = mapped_column()
    last_sweep_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class User(Base):
    """A person who drafts, approves or reviews: roles of GROUNDS.md."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    section: Mapped[str | None] = mapped_column(String(100))
    accounts: Mapped[list[Account]] = relationship(secondary=user_accounts, lazy="selectin")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Post(Base):
    __tablename__ = "posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(20), default="other")
    share_source: Mapped[str | None] = mapped_column(String(30))
    share_url: Mapped[str | None] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(Text)
    #: attachments: [{"kind": "image"|"video", "url": …, "path": …, "alt_text": …}]
    media: Mapped[list[Any]] = mapped_column(JSON, default=list,
                                             server_default=sql_text("'[]'"))
    needs_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(20), default="draft")
    due_at: Mapped[datetime] = mapped_column()
    timezone: Mapped[str] = mapped_column(String(50), default="Asia/Tokyo")
    #: the gate's last verdict (Verdict.to_dict())
    verdict: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    author: Mapped[User] = relationship(lazy="joined")
    deliveries: Mapped[list[Delivery]] = relationship(
        back_populates="post", order_by="Delivery.id", lazy="selectin"
    )
    approvals: Mapped[list[Approval]] = relationship(order_by="Approval.id", lazy="selectin")


class Delivery(Base):
    """One post on one account; publishing one delivery twice must be impossible."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("post_id", "account_id"),
        Index("deliveries_due", "state", "next_attempt_at"),
        Index("deliveries_by_account", "account_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    state: Mapped[str] = mapped_column(String(20), default="pending")
    #: 0 = emergency (第4.2(2)イ), 1 = everything else; lower goes first
    priority: Mapped[int] = mapped_column(Integer, default=1)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    due_at: Mapped[datetime] = mapped_column()
    next_attempt_at: Mapped[datetime] = mapped_column()
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: until when the current claim (queued or publishing) holds
    lease_until: Mapped[datetime | None] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column()
    remote_id: Mapped[str | None] = mapped_column(String(200))
    remote_url: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    post: Mapped[Post] = relationship(back_populates="deliveries")
    account: Mapped[Account] = relationship(lazy="joined")


class Approval(Base):
    """A 決裁 (第4.6) given or declined."""

    __tablename__ = "approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    approver_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[str] = mapped_column(String(10))  # approved | declined
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    approver: Mapped[User] = relationship(lazy="joined")


class Comment(Base):
    """A user's comment on one of our posts, as fetched, and what we decided about it."""

    __tablename__ = "comments"
    __table_args__ = (UniqueConstraint("account_id", "platform_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    platform_id: Mapped[str] = mapped_column(String(200))
    post_remote_id: Mapped[str] = mapped_column(String(200))
    delivery_id: Mapped[int | None] = mapped_column(ForeignKey("deliveries.id"))
    author_id: Mapped[str] = mapped_column(String(200))
    author_name: Mapped[str | None] = mapped_column(String(200))
    author_handle: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    decision: Mapped[str] = mapped_column(String(10))  # allow | review | hide
    grounds: Mapped[list[Any]] = mapped_column(JSON, default=list)
    citations: Mapped[list[Any]] = mapped_column(JSON, default=list)
    verdict: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: visible | pending_review | hidden | deleted | cleared
    state: Mapped[str] = mapped_column(String(20), default="visible")
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)
    reviewed_by: Mapped[str | None] = mapped_column(String(100))
    reviewed_at: Mapped[datetime | None] = mapped_column()

    account: Mapped[Account] = relationship(lazy="joined")


class ModerationAction(Base):
    __tablename__ = "moderation_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"))
    action: Mapped[str] = mapped_column(String(10))  # hide | unhide | delete | block | clear
    actor: Mapped[str] = mapped_column(String(100))
    grounds: Mapped[list[Any]] = mapped_column(JSON, default=list)
    citations: Mapped[list[Any]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20))  # done | unsupported | failed
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEvent(Base):
    """Append-only: every transition, approval and moderation action, with its citations."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(50), index=True)
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int | None] = mapped_column(Integer)
    message: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class RateBucket(Base):
    """A token bucket of the embedded store (Redis holds them when it is the broker)."""

    __tablename__ = "rate_buckets"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    tokens: Mapped[float] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column()


class UsageRecord(Base):
    """What a platform call cost (X charges per use), per account, for the monthly cap."""

    __tablename__ = "usage_records"
    __table_args__ = (Index("usage_by_account_time", "account_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    family: Mapped[str] = mapped_column(String(30))
    cost_usd: Mapped[float] = mapped_column(default=0.0)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Lease(Base):
    """A named lock with an expiry, the same on SQLite and PostgreSQL: one dispatcher at a
    time, one sweep per account at a time. A holder that dies simply lets it expire."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str] = mapped_column(String(100))
    until: Mapped[datetime] = mapped_column()


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _audit_is_append_only(mapper: Any, connection: Any, target: AuditEvent) -> None:
    raise PermissionError("the audit log is append-only")
