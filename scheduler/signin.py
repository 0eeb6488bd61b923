"""Signing in to the console: passwords (argon2), login throttling, personal API tokens.

A password is kept only as its argon2 hash. Failed attempts spend a token bucket per
person and per client address, kept in the store, so guessing is slow whichever worker
process answers. An API token is shown once, when it is made, and stored as its SHA-256:
a copy of the database gives no usable token.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler import audit
from scheduler.budgets import StoreBuckets
from scheduler.errors import Forbidden, InvalidInput, NotFound
from scheduler.models import ApiToken, User, utcnow
from scheduler.registry import get_user
from scheduler.rights import Operation, require

MIN_PASSWORD = 10
#: failed sign-ins allowed in a burst, and how fast the allowance comes back
ATTEMPTS = 5
REFILL_SECONDS = 60.0
TOKEN_PREFIX = "kg_"

_hasher = PasswordHasher()


@lru_cache(maxsize=1)
def _dummy() -> str:
    """Verified against when the name is unknown, so that a wrong name and a wrong
    password take the same time (made on first use: hashing is slow on purpose)."""
    return _hasher.hash(secrets.token_urlsafe(16))


class SignInRefused(Forbidden):
    """Wrong name or password (never saying which), or too many attempts."""


@dataclass(frozen=True)
class NewToken:
    """The token in clear, shown to its owner once, and its row."""

    secret: str
    token_id: int


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"パスワードは{MIN_PASSWORD}文字以上にしてください",
                           f"a password needs at least {MIN_PASSWORD} characters")
    return _hasher.hash(password)


def set_password(session: Session, *, actor: User, user_name: str, password: str) -> None:
    """Office staff set anyone's password; everyone may change their own."""
    user = get_user(session, user_name)
    if user.id != actor.id:
        require(actor, Operation.USER_MANAGE)
    user.password_hash = hash_password(password)
    audit.record(session, actor=actor.name, kind="user.password_set", subject_type="user",
                 subject_id=user.id)


def _throttled(buckets: StoreBuckets, keys: list[str]) -> bool:
    rate = 1.0 / REFILL_SECONDS
    return any(not buckets.take(key, ATTEMPTS, rate, 0, 0.999)[0] for key in keys)


def authenticate(session: Session, database_url: str, *, name: str, password: str,
                 client: str = "local") -> User:
    """The user, or :class:`SignInRefused` with the same words for every failure."""
    buckets = StoreBuckets(database_url)
    keys = [f"login:user:{name.strip().lower()}", f"login:client:{client}"]
    if _throttled(buckets, keys):
        raise SignInRefused("試行回数が多すぎます。しばらく待ってから再度お試しください",
                            "too many attempts; wait a minute and try again")
    user = session.scalar(select(User).where(User.name == name.strip()))
    stored = user.password_hash if user is not None and user.active else None
    try:
        _hasher.verify(stored or _dummy(), password)
        valid = stored is not None
    except (VerificationError, InvalidHashError):
        valid = False
    if not valid or user is None:
        for key in keys:
            buckets.take(key, ATTEMPTS, 1.0 / REFILL_SECONDS, 1, 0)
        raise SignInRefused("利用者名またはパスワードが違います",
                            "wrong user name or password")
    if _hasher.check_needs_rehash(stored or ""):
        user.password_hash = _hasher.hash(password)
    return user


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(session: Session, *, actor: User, name: str) -> NewToken:
    """A personal API token for the acting person; the clear text is never stored."""
    name = name.strip() or "api"
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=actor.id, name=name[:100], token_hash=_digest(secret))
    session.add(token)
    session.flush()
    audit.record(session, actor=actor.name, kind="user.token_created", subject_type="user",
                 subject_id=actor.id, token_id=token.id, name=token.name)
    return NewToken(secret=secret, token_id=token.id)


def revoke_token(session: Session, *, actor: User, token_id: int) -> None:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"トークン {token_id} はありません", f"no token {token_id}")
    if token.user_id != actor.id:
        require(actor, Operation.USER_MANAGE)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record(session, actor=actor.name, kind="user.token_revoked", subject_type="user",
                     subject_id=token.user_id, token_id=token.id)


def user_for_token(session: Session, secret: str) -> User:
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(secret)))
    if token is None or token.revoked_at is not None or not token.user.active:
        raise SignInRefused("APIトークンが無効です", "the API token is not valid")
    token.last_used_at = utcnow()
    return token.user
