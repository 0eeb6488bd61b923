"""The one shape every platform connector has, and the errors they all speak.

A connector translates between kohogate and one platform. It knows nothing about
posts' states, approvals or the policy: the scheduler decides *what* to do, the
connector only knows *how* to say it to the platform and what the answer means.
Every library- or HTTP-level failure leaves a connector as one of the errors below,
with the platform's own words kept for the operator.
"""

from __future__ import annotations

import re
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar, Protocol

# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


class ConnectorError(Exception):
    """Base of every error a connector raises.

    ``platform_message`` is what the platform said (kept verbatim for the operator);
    ``operator_message`` is what a person should do about it, in Japanese first.
    Neither may ever contain a credential.
    """

    def __init__(
        self,
        message: str,
        *,
        platform_message: str | None = None,
        operator_message: str | None = None,
    ) -> None:
        super().__init__(message)
        self.platform_message = platform_message
        self.operator_message = operator_message or message


class RateLimited(ConnectorError):
    """The platform (or our own budget) says: not before ``reset_at``."""

    def __init__(self, message: str, *, reset_at: datetime | None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.reset_at = reset_at


class AuthExpired(ConnectorError):
    """Credentials are missing, expired or revoked; a person must renew them."""


class Transient(ConnectorError):
    """A failure that may pass (5xx, connection reset, garbage answer): retry later.

    Raised only when we know the request did *not* take effect (or has no effect to
    take, such as a read)."""


class Ambiguous(Transient):
    """The request may have taken effect but we got no usable answer (timeout after
    sending, connection dropped mid-response). A publish that ends this way must be
    reconciled with :meth:`Connector.find_published` before any new attempt."""


class Rejected(ConnectorError):
    """The platform refused the content itself (too long, duplicate, policy); retrying
    the same request cannot succeed."""


class Unsupported(ConnectorError):
    """The platform, or this connector for it, cannot do this at all (e.g. block on X)."""


# ---------------------------------------------------------------------------
# Values that cross the boundary
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Media:
    """An attachment. ``url`` must be public for platforms that fetch media themselves
    (Instagram Graph API); ``path`` is a local file for platforms that take an upload."""

    kind: str  # "image" | "video"
    path: str | None = None
    url: str | None = None
    alt_text: str | None = None


@dataclass(frozen=True)
class Outgoing:
    """What to publish on one account. ``idempotency_key`` is stable across attempts of
    the same delivery, so a connector (or the platform) can recognise a repeat."""

    idempotency_key: str
    text: str
    media: tuple[Media, ...] = ()
    link: str | None = None
    reply_to_remote_id: str | None = None


@dataclass(frozen=True)
class Published:
    remote_id: str
    url: str | None = None
    published_at: datetime | None = None


@dataclass(frozen=True)
class Author:
    remote_id: str
    name: str | None = None
    handle: str | None = None


@dataclass(frozen=True)
class RemoteComment:
    """A user's comment (or reply) on one of the account's posts."""

    remote_id: str
    post_remote_id: str
    author: Author
    text: str
    created_at: datetime | None = None
    hidden: bool = False
    parent_remote_id: str | None = None  # the comment replied to, when nested


@dataclass(frozen=True)
class CommentPage:
    """Comments newer than the cursor given, oldest first, and the cursor to pass next
    time. ``cursor`` must only be stored once every comment in ``comments`` is handled."""

    comments: tuple[RemoteComment, ...]
    cursor: str | None


@dataclass(frozen=True)
class Profile:
    remote_id: str
    name: str | None = None
    handle: str | None = None
    description: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Usage:
    """What one call told us about budgets and money, reported to :class:`Limiter`."""

    family: str  # endpoint family, e.g. "publish", "read", "moderate"
    remaining: int | None = None
    limit: int | None = None
    reset_at: datetime | None = None
    cost_usd: float = 0.0
    detail: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Budget:
    """A platform's published rate limit for one endpoint family, as a configurable default.
    ``scope`` says whether the limit is per account (user/page token) or per app."""

    limit: int
    window_seconds: int
    scope: str = "account"  # "account" | "app"


def comparable_text(text: str) -> str:
    """How a post's text is recognised on the platform when reconciling: platforms rewrite
    links (t.co) and whitespace, so both are left out of the comparison."""
    without_links = re.sub(r"https?://\S+", "", unicodedata.normalize("NFC", text))
    return re.sub(r"\s+", "", without_links)


def page_by_time(comments: list[RemoteComment], cursor: str | None) -> CommentPage:
    """Oldest first, with a Unix-time cursor: for platforms whose comment listings are
    filtered by time. Comments of the cursor's own second come again; the store keeps each
    comment once."""
    oldest = datetime.min.replace(tzinfo=UTC)
    ordered = sorted(comments, key=lambda c: (c.created_at or oldest, c.remote_id))
    newest = max((c.created_at for c in ordered if c.created_at), default=None)
    return CommentPage(comments=tuple(ordered),
                       cursor=str(int(newest.timestamp())) if newest else cursor)


# ---------------------------------------------------------------------------
# What the scheduler hands a connector
# ---------------------------------------------------------------------------


class Limiter(Protocol):
    """Rate budget shared by every worker, enforced *before* a call.

    ``acquire`` raises :class:`RateLimited` (with ``reset_at``) when the family's budget
    for this account or app is spent. ``observe`` feeds what the platform reported."""

    def acquire(self, family: str, cost: int = 1) -> None: ...

    def observe(self, usage: Usage) -> None: ...


class UnlimitedLimiter:
    """For tests and tools that talk to a platform once, outside the daemon."""

    def acquire(self, family: str, cost: int = 1) -> None:
        return None

    def observe(self, usage: Usage) -> None:
        return None


@dataclass
class ConnectorContext:
    """Everything a connector needs about one account.

    ``options`` are non-secret settings (page id, user id, API version, timeouts);
    ``credentials`` are decrypted secrets, held only in memory; ``save_credentials`` stores
    replaced secrets (refreshed tokens, a login session) back into the encrypted vault."""

    account: str
    options: Mapping[str, Any] = field(default_factory=dict)
    credentials: Mapping[str, str] = field(default_factory=dict, repr=False)
    limiter: Limiter = field(default_factory=UnlimitedLimiter)
    save_credentials: Callable[[Mapping[str, str]], None] | None = field(default=None, repr=False)


class Connector(ABC):
    """One platform behind one shape. Subclasses live one per file in ``connectors/``."""

    platform: ClassVar[str]
    #: what this platform can do to others' comments: subset of {"hide", "delete", "block", "mute"}
    moderation: ClassVar[frozenset[str]] = frozenset()
    #: the longest text the platform accepts, for early, clear errors
    max_text_length: ClassVar[int | None] = None
    #: endpoint family -> published limits; the scheduler's Limiter enforces them
    default_budgets: ClassVar[Mapping[str, tuple[Budget, ...]]] = {}

    def __init__(self, context: ConnectorContext) -> None:
        self.context = context

    @classmethod
    def check_text(cls, text: str) -> None:
        """Raise :class:`Rejected` if the platform would refuse this text's length.
        A classmethod, so drafts are checked before any credentials exist. Platforms with
        their own counting (X's weighted characters) override this."""
        limit = cls.max_text_length
        if limit is not None and len(text) > limit:
            raise Rejected(
                f"text is {len(text)} characters, {len(text) - limit} over the limit of {limit}",
                operator_message=(
                    f"本文が{len(text)}文字で、上限{limit}文字を"
                    f"{len(text) - limit}文字超えています。"
                ),
            )

    @abstractmethod
    def publish(self, outgoing: Outgoing) -> Published:
        """Publish. Raise :class:`Ambiguous` when the send may have landed unanswered."""

    @abstractmethod
    def find_published(self, outgoing: Outgoing, since: datetime) -> Published | None:
        """Look on the platform for this outgoing post, sent no earlier than ``since``.
        Used to reconcile an ambiguous publish before any new attempt."""

    @abstractmethod
    def fetch_comments(self, cursor: str | None, post_remote_ids: tuple[str, ...]) -> CommentPage:
        """Comments on the given posts of ours that are newer than ``cursor``."""

    def hide(self, comment: RemoteComment) -> None:
        raise Unsupported(f"{self.platform} cannot hide comments",
                          operator_message=f"{self.platform} ではコメントを非表示にできません。")

    def unhide(self, comment: RemoteComment) -> None:
        raise Unsupported(f"{self.platform} cannot unhide comments",
                          operator_message=f"{self.platform} ではコメントの再表示ができません。")

    def delete(self, comment: RemoteComment) -> None:
        raise Unsupported(f"{self.platform} cannot delete others' comments",
                          operator_message=f"{self.platform} では他者のコメントを削除できません。")

    def block(self, author: Author) -> None:
        raise Unsupported(f"{self.platform} cannot block users",
                          operator_message=f"{self.platform} ではユーザーをブロックできません。")

    def mute(self, author: Author) -> None:
        raise Unsupported(f"{self.platform} cannot mute users",
                          operator_message=f"{self.platform} ではユーザーをミュートできません。")

    @abstractmethod
    def profile(self) -> Profile:
        """The account's own profile (to check credentials and the 第4.2(5) no-reply notice)."""
