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
from typing import Any, ClassVar, Protocol, TypeVar

T = TypeVar("T")

#: seconds to wait for a platform's answer unless the account's ``timeout`` option says
#: otherwise; no library we use sets one by itself, and a worker must never hang
DEFAULT_TIMEOUT = 15.0

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


class WebhookRejected(ConnectorError):
    """A webhook delivery or handshake that must not be believed: the signature is missing
    or wrong, the verify token does not match, or the body is not the platform's shape.
    The receiver answers 403 (or 400) and acts on nothing in it; a genuine platform
    delivers again, a forger learns nothing."""


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
class WebhookComment:
    """One new comment announced by a webhook delivery.

    ``account_remote_id`` is the platform's id of *our* account the delivery is about (a
    Facebook page id, an Instagram user id, X's ``for_user_id``, ``mock-<account>``): one
    endpoint serves every account of an app, so the receiver finds the account by it (see
    :meth:`Connector.webhook_account_id`). ``comment`` is what the sweep would have read
    for the same comment, so it is judged the same way."""

    account_remote_id: str
    comment: RemoteComment


@dataclass(frozen=True)
class HandshakeAnswer:
    """What to answer a platform's subscription handshake: 200 with this body."""

    body: str
    content_type: str = "text/plain"


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


def as_int(value: object) -> int | None:
    """An int from what platforms send as numbers: ints, numeric strings, or nothing."""
    if isinstance(value, bool):
        return None
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


#: X's v1.1 objects (Account Activity webhooks) still write times the old way
_LEGACY_TIME = "%a %b %d %H:%M:%S %z %Y"


def parse_time(value: object) -> datetime | None:
    """An aware time from any way our platforms write one: ISO 8601 with ``Z`` or ``+0000``
    (Graph API, X v2), X's v1.1 ``Wed Oct 10 20:19:24 +0000 2018``, or Unix seconds or
    milliseconds (Meta's webhooks, X's ``timestamp_ms``). Unknown shapes give None: a
    comment without a time is still a comment."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    seconds = value if isinstance(value, int | float) and not isinstance(value, bool) else (
        as_int(value) if isinstance(value, str) and value.isdigit() else None)
    if seconds is not None:
        if seconds > 100_000_000_000:  # milliseconds: no Unix second count is that large yet
            seconds = seconds / 1000
        return datetime.fromtimestamp(seconds, UTC)
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = datetime.strptime(value, _LEGACY_TIME)
        except ValueError:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


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
    """One platform behind one shape. Subclasses live one per file in ``connectors/``.

    Every platform call goes through :meth:`_call`, so the order that keeps budgets and
    errors honest is written once: prepare credentials, spend the budget, call, translate
    what went wrong into our errors (recovering at most once), report what the platform
    said about budgets and money. A platform fills in the hooks ``_prepare``,
    ``translate``, ``_recover`` and ``observe``; nothing else of the plumbing."""

    platform: ClassVar[str]
    #: what this platform can do to others' comments: subset of {"hide", "delete", "block", "mute"}
    moderation: ClassVar[frozenset[str]] = frozenset()
    #: the longest text the platform accepts, for early, clear errors
    max_text_length: ClassVar[int | None] = None
    #: endpoint family -> published limits; the scheduler's Limiter enforces them
    default_budgets: ClassVar[Mapping[str, tuple[Budget, ...]]] = {}
    #: whether the platform pushes new comments to us (then the three webhook classmethods
    #: work); without, the sweep is the only way comments arrive
    webhooks: ClassVar[bool] = False

    def __init__(self, context: ConnectorContext) -> None:
        self.context = context
        #: the platform's last raw answer (an HTTP response), for ``observe`` and
        #: ``translate``; reset before every attempt so that a stale one is never read
        self._last_answer: Any = None

    @property
    def timeout(self) -> float:
        """Seconds to wait for the platform: the account's ``timeout`` option, else
        :data:`DEFAULT_TIMEOUT`. The one place either is read."""
        return float(self.context.options.get("timeout") or DEFAULT_TIMEOUT)

    # -- the one call wrapper -------------------------------------------------------------

    def _call(self, family: str, fn: Callable[[], T], *, writing: bool,
              cost_usd: float = 0.0) -> T:
        """Run one platform call in endpoint family ``family``.

        ``fn`` talks to the platform; an error of ours raised inside it (a status it
        translated itself) passes through unchanged. ``writing`` says whether the call
        changes something on the platform, so that a lost answer becomes
        :class:`Ambiguous` rather than :class:`Transient`.
        ``cost_usd`` is what the platform bills for the call; it is reported only when the
        call succeeded. When ``_recover`` repairs the cause (a refreshed token), the call
        is asked once more and only once: a second failure is final."""
        try:
            self._prepare(family)
        except Exception as exc:
            raise self._error_of(exc, writing=False) from None
        recovered = False
        while True:
            self.context.limiter.acquire(family)
            self._last_answer = None
            try:
                result = fn()
            except Exception as exc:
                self.observe(family)  # before any repair, whose own answer is not this one
                error = self._error_of(exc, writing=writing)
                if recovered or not self._recover(error):
                    raise error from None
                recovered = True
                continue
            self.observe(family)
            if cost_usd:
                self.context.limiter.observe(Usage(family=family, cost_usd=cost_usd))
            return result

    def _error_of(self, exc: Exception, *, writing: bool) -> ConnectorError:
        """Ours as they are; the platform's through ``translate``; anything else is a bug
        of ours and leaves unchanged."""
        if isinstance(exc, ConnectorError):
            return exc
        error = self.translate(exc, writing=writing)
        if error is None:
            raise exc
        return error

    def _prepare(self, family: str) -> None:
        """Hook: make credentials ready before a call (refresh a token that is about to
        expire, log in). Runs once per call, before the budget is spent."""
        return None

    def translate(self, exc: Exception, *, writing: bool) -> ConnectorError | None:
        """Hook: the platform's (or its library's) failure as one of our errors; None for
        an exception that is not the platform's, which then propagates unchanged."""
        return None

    def _recover(self, error: ConnectorError) -> bool:
        """Hook: repair what caused ``error`` if it can be repaired here (a refresh token
        trading an expired access token for a new one) and say whether asking once more
        is safe. Never called twice for one call."""
        return False

    def observe(self, family: str) -> None:
        """Hook: report what the last answer said about budgets (rate-limit headers) to
        ``self.context.limiter``. Runs after every attempt, failed or not."""
        return None

    # -- webhooks ---------------------------------------------------------------------------

    @classmethod
    def _no_webhooks(cls) -> Unsupported:
        return Unsupported(f"{cls.platform} does not deliver webhooks",
                           operator_message=(f"{cls.platform} は Webhook に対応していません。"
                                             "コメントは巡回（sweep）で取得します。"))

    @classmethod
    def webhook_account_id(cls, account: str, options: Mapping[str, Any]) -> str | None:
        """The id by which this platform's deliveries name the account ``account`` with
        these options (the ``account_remote_id`` of :class:`WebhookComment`), or None when
        it is not known yet. A classmethod: the receiver matches before any credentials
        are decrypted."""
        return None

    @classmethod
    def verify_webhook(cls, body: bytes, headers: Mapping[str, str], secret: str) -> None:
        """Raise :class:`WebhookRejected` unless ``body`` (the raw bytes, exactly as they
        arrived) carries the platform's valid signature made with ``secret``. The
        comparison takes constant time. Call it before :meth:`parse_webhook`."""
        raise cls._no_webhooks()

    @classmethod
    def answer_handshake(cls, params: Mapping[str, str], secret: str) -> HandshakeAnswer:
        """Answer the platform's subscription check (query parameters of its GET), or
        raise :class:`WebhookRejected` when it is not one made for us."""
        raise cls._no_webhooks()

    @classmethod
    def parse_webhook(cls, body: bytes) -> list[WebhookComment]:
        """The new comments announced by a verified delivery, in the delivery's order.
        Everything else the platform pushes (edits, likes, removals, our own comments) is
        left out: each connector says which. A body that is not JSON raises
        :class:`WebhookRejected`; a delivery about nothing we read gives an empty list."""
        raise cls._no_webhooks()

    @classmethod
    def read_webhook(cls, body: bytes, headers: Mapping[str, str],
                     secret: str) -> list[WebhookComment]:
        """What a receiver calls for a POST: the signature checked, then the comments. A
        platform may deliver the same comment more than once (retries, redelivery): the
        store keeps each comment once, as it does for the sweep."""
        cls.verify_webhook(body, headers, secret)
        return cls.parse_webhook(body)

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

    def unblock(self, author: Author) -> None:
        """Undo :meth:`block` (a person decided the block was a mistake)."""
        raise Unsupported(f"{self.platform} cannot unblock users",
                          operator_message=f"{self.platform} ではブロックを解除できません。")

    def unmute(self, author: Author) -> None:
        raise Unsupported(f"{self.platform} cannot unmute users",
                          operator_message=f"{self.platform} ではミュートを解除できません。")

    @abstractmethod
    def profile(self) -> Profile:
        """The account's own profile (to check credentials and the 第4.2(5) no-reply notice)."""
