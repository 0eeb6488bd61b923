"""The store of record. The broker only ever carries ids of rows defined here.

Instants are stored in UTC (timezone-aware columns); the zone an operator meant is kept as
data next to them (``Post.timezone``), never taken from the server's settings. States,
roles and actions are the enums of :mod:`scheduler.enums`, stored as plain text.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
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

from scheduler.enums import (
    AccountKind,
    ActionStatus,
    ApprovalDecision,
    AuthStatus,
    CommentEvent,
    CommentState,
    DeliveryState,
    FilingKind,
    FilingState,
    NotificationKind,
    NotificationState,
    PostState,
    Role,
    SubmissionState,
)

E = TypeVar("E", bound=StrEnum)


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


class EnumText(TypeDecorator[E], Generic[E]):
    """A ``StrEnum`` stored as plain text: the column stays a VARCHAR (readable in psql and
    in rows written before the enum existed), and Python always gets the member back."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[E], length: int = 20) -> None:
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: Any, dialect: Any) -> E | None:
        return None if value is None else self.enum(value)

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
    kind: Mapped[AccountKind] = mapped_column(EnumText(AccountKind, 10), default=AccountKind.MAIN)
    section: Mapped[str | None] = mapped_column(String(100))
    #: content categories of 第4.2(2) this account may publish; None = all
    categories: Mapped[list[Any] | None] = mapped_column(JSON)
    #: non-secret connector settings (page id, API version, ...)
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: the vault's ciphertext of the credentials; never decrypted outside a connector call
    credentials_token: Mapped[str | None] = mapped_column(Text)
    auth_status: Mapped[AuthStatus] = mapped_column(EnumText(AuthStatus), default=AuthStatus.OK)
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
    role: Mapped[Role] = mapped_column(EnumText(Role))
    section: Mapped[str | None] = mapped_column(String(100))
    accounts: Mapped[list[Account]] = relationship(secondary=user_accounts, lazy="selectin")
    #: argon2 hash of the console password; None = may not sign in to the console
    password_hash: Mapped[str | None] = mapped_column(Text)
    #: the console's language for this person: "ja" (default) or "en"
    language: Mapped[str] = mapped_column(String(5), default="ja", server_default="ja")
    email: Mapped[str | None] = mapped_column(String(200))
    #: the vault's ciphertext of this person's notification URLs (apprise; they carry tokens)
    notify_token: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sql_text("true"))
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
    state: Mapped[PostState] = mapped_column(EnumText(PostState), default=PostState.DRAFT)
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
    state: Mapped[DeliveryState] = mapped_column(EnumText(DeliveryState),
                                                 default=DeliveryState.PENDING)
    #: 0 = emergency (第4.2(2)イ), 1 = everything else; lower goes first
    priority: Mapped[int] = mapped_column(Integer, default=1)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    due_at: Mapped[datetime] = mapped_column()
    next_attempt_at: Mapped[datetime] = mapped_column()
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: until when the current claim (queued or publishing) holds
    lease_until: Mapped[datetime | None] = mapped_column()
    #: the claim a broker message carries: only the task holding it may publish the row
    claim_token: Mapped[str | None] = mapped_column(String(32))
    #: last sign of life of the task that holds the claim (None: not started yet)
    heartbeat_at: Mapped[datetime | None] = mapped_column()
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
    decision: Mapped[ApprovalDecision] = mapped_column(EnumText(ApprovalDecision, 10))
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
    state: Mapped[CommentState] = mapped_column(EnumText(CommentState),
                                                default=CommentState.VISIBLE)
    fetched_at: Mapped[datetime] = mapped_column(default=utcnow)
    reviewed_by: Mapped[str | None] = mapped_column(String(100))
    reviewed_at: Mapped[datetime | None] = mapped_column()

    account: Mapped[Account] = relationship(lazy="joined")


class ModerationAction(Base):
    __tablename__ = "moderation_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id"))
    action: Mapped[CommentEvent] = mapped_column(EnumText(CommentEvent, 10))
    actor: Mapped[str] = mapped_column(String(100))
    grounds: Mapped[list[Any]] = mapped_column(JSON, default=list)
    citations: Mapped[list[Any]] = mapped_column(JSON, default=list)
    status: Mapped[ActionStatus] = mapped_column(EnumText(ActionStatus))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEvent(Base):
    """Append-only: every transition, approval and moderation action, with its citations.

    Database triggers refuse UPDATE and DELETE, and each event's ``hash`` covers the
    previous one's (``seq`` is the chain's order), so an edit made with the triggers
    dropped is still found by ``kohogate audit verify``."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("audit_events_seq", "seq", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(50), index=True)
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int | None] = mapped_column(Integer)
    message: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class AuditChain(Base):
    """The chain's head: the last sequence number and hash. Taking its row lock at commit
    is what keeps concurrent writers' events in one chain."""

    __tablename__ = "audit_chain"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))


class ApiToken(Base):
    """A personal token for the REST API: shown once, stored as its SHA-256 only."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()

    user: Mapped[User] = relationship(lazy="joined")


class Submission(Base):
    """Information a section hands to the office for the main account (第4.2(3)); the
    office publishes it "出来るだけ速やかに" or returns it with a reason."""

    __tablename__ = "submissions"
    __table_args__ = (Index("submissions_by_state", "state", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    section: Mapped[str] = mapped_column(String(100))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(20), default="other")
    link: Mapped[str | None] = mapped_column(Text)
    media: Mapped[list[Any]] = mapped_column(JSON, default=list,
                                             server_default=sql_text("'[]'"))
    #: when the section would like it out (None: as soon as possible)
    desired_at: Mapped[datetime | None] = mapped_column()
    state: Mapped[SubmissionState] = mapped_column(EnumText(SubmissionState),
                                                   default=SubmissionState.SUBMITTED)
    reason: Mapped[str | None] = mapped_column(Text)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"))
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    handled_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship(foreign_keys=[author_id], lazy="joined")
    handled_by: Mapped[User | None] = relationship(foreign_keys=[handled_by_id], lazy="joined")


class AccountFiling(Base):
    """A 分野別 account application (様式第1号, approved with 様式第2号, 第4.3) or the report
    of an account that predates the policy (第5). The password is in the vault, never here
    in plain text and never shown again."""

    __tablename__ = "account_filings"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[FilingKind] = mapped_column(EnumText(FilingKind))
    #: the form's 第 号 (the filing section's own number) and the approval's
    number: Mapped[str | None] = mapped_column(String(50))
    decision_number: Mapped[str | None] = mapped_column(String(50))
    section: Mapped[str] = mapped_column(String(100))
    filed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    platform: Mapped[str] = mapped_column(String(30))
    #: 発信情報: the content categories of 第4.2(2) and a free description
    categories: Mapped[list[Any]] = mapped_column(JSON, default=list)
    content: Mapped[str] = mapped_column(Text, default="")
    #: 登録情報
    handle: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200))
    registration_other: Mapped[str | None] = mapped_column(Text)
    secret_token: Mapped[str | None] = mapped_column(Text)
    #: 利用者からのコメント等への対応
    comment_policy: Mapped[str] = mapped_column(Text, default="")
    other: Mapped[str | None] = mapped_column(Text)
    planned_start: Mapped[date | None] = mapped_column(Date)
    state: Mapped[FilingState] = mapped_column(EnumText(FilingState),
                                               default=FilingState.FILED)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column()
    decision_note: Mapped[str | None] = mapped_column(Text)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    filed_by: Mapped[User] = relationship(foreign_keys=[filed_by_id], lazy="joined")
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id], lazy="joined")


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


class Notification(Base):
    """The outbox: one thing to tell people (a 決裁 request, a held account, a failed
    delivery ...), written in the same unit of work as what caused it and sent later by a
    beat task, so that a slow or broken notification target never holds up publishing.

    ``open_key`` carries the dedupe key while the thing it tells of lasts, and is cleared
    when it is over: a unique column, so each thing is said once, and said again only when
    it happens anew. ``audience`` names whom to tell (resolved to URLs only when sending);
    ``delivered`` holds fingerprints of the targets already reached, so a retry goes only
    to those that failed — never the URLs themselves, which carry tokens."""

    __tablename__ = "notifications"
    __table_args__ = (Index("notifications_due", "state", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[NotificationKind] = mapped_column(EnumText(NotificationKind, 40))
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int | None] = mapped_column(Integer)
    dedupe_key: Mapped[str] = mapped_column(String(200), index=True)
    open_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    audience: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[NotificationState] = mapped_column(EnumText(NotificationState),
                                                     default=NotificationState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered: Mapped[list[Any]] = mapped_column(JSON, default=list)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column()
    resolved_at: Mapped[datetime | None] = mapped_column()


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _audit_is_append_only(mapper: Any, connection: Any, target: AuditEvent) -> None:
    raise PermissionError("the audit log is append-only")
