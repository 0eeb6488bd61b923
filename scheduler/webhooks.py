"""Platform webhooks: a harmful comment judged the moment the platform reports it.

The receiver (the web console's ``/hooks/<provider>``) hands the raw body and headers here.
Nothing in a delivery is read before its signature is checked against the secret of one
of our accounts on that platform (the Meta app secret, X's consumer secret, the mock's
subscription secret — all in the vault); a delivery no account's secret signs is refused
with nothing processed. A verified delivery's new comments, on posts of ours, each become
one task that judges and acts on that comment exactly as the sweep would. Platforms
deliver again when in doubt, so judging is idempotent by the comment's id; and the sweep
keeps reading, as the safety net for what a webhook never said.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from connectors import connector_class
from connectors.base import (
    Author,
    HandshakeAnswer,
    RemoteComment,
    Unsupported,
    WebhookComment,
    WebhookRejected,
)
from scheduler.broker import send
from scheduler.connecting import connector_for, limiter_for, vault_for
from scheduler.db import session_scope
from scheduler.errors import Forbidden, NotFound
from scheduler.models import Account, Comment
from scheduler.settings import Settings
from scheduler.sweep import SweepReport, handle_comments, watched_posts

#: which platforms each receiver serves
PROVIDERS: dict[str, tuple[str, ...]] = {
    "meta": ("facebook", "instagram"), "x": ("x",), "mock": ("mock",)}
#: the credential that signs a platform's deliveries
SIGNING_KEY: dict[str, str] = {"facebook": "app_secret", "instagram": "app_secret",
                               "x": "consumer_secret", "mock": "app_secret"}
#: what a platform's subscription check must present (Meta's verify token; X signs its CRC)
HANDSHAKE_KEY: dict[str, str] = {"facebook": "verify_token", "instagram": "verify_token",
                                 "x": "consumer_secret", "mock": "verify_token"}


class WebhookRefused(Forbidden):
    """Not from the platform as far as we can tell: answered 403, nothing processed."""


@dataclass(frozen=True)
class Arrival:
    """One comment to judge on one account: what the task carries (plain data)."""

    account_id: int
    comment: dict[str, Any]


def _accounts(session: Session, provider: str) -> list[Account]:
    platforms = PROVIDERS.get(provider)
    if platforms is None:
        raise NotFound(f"未知の受信先「{provider}」", f"no webhook receiver {provider!r}")
    return list(session.scalars(select(Account).where(Account.platform.in_(platforms))
                                .order_by(Account.id)))


def _secret(settings: Settings, account: Account, key: str) -> str | None:
    if not account.credentials_token:
        return None
    return vault_for(settings).decrypt(account.credentials_token).get(key) or None


def handshake(session: Session, settings: Settings, provider: str,
              params: Mapping[str, str]) -> HandshakeAnswer:
    """Answer a subscription check that one of our accounts' secrets vouches for."""
    for account in _accounts(session, provider):
        secret = _secret(settings, account, HANDSHAKE_KEY[account.platform])
        if secret is None:
            continue
        try:
            return connector_class(account.platform).answer_handshake(params, secret)
        except (WebhookRejected, Unsupported):
            continue
    raise WebhookRefused("購読確認を受け付けられません", "the subscription check was refused")


def receive(session: Session, settings: Settings, provider: str, body: bytes,
            headers: Mapping[str, str]) -> list[Arrival]:
    """The comments of a verified delivery, each on the account it names. Raises
    :class:`WebhookRefused` when no account's secret signs the body."""
    accounts = _accounts(session, provider)
    for account in accounts:
        secret = _secret(settings, account, SIGNING_KEY[account.platform])
        if secret is None:
            continue
        platform = connector_class(account.platform)
        try:
            platform.verify_webhook(body, headers, secret)
        except (WebhookRejected, Unsupported):
            continue
        signed_by = [a for a in accounts if a.platform == account.platform
                     and _secret(settings, a, SIGNING_KEY[a.platform]) == secret]
        return _arrivals(platform.parse_webhook(body), signed_by)
    raise WebhookRefused("署名を確認できない通知は受け付けません",
                         "a delivery without a valid signature is refused")


def _arrivals(delivered: list[WebhookComment], accounts: list[Account]) -> list[Arrival]:
    by_id = {}
    for account in accounts:
        remote = connector_class(account.platform).webhook_account_id(account.name,
                                                                      account.options or {})
        if remote:
            by_id[remote] = account.id
    return [Arrival(by_id[item.account_remote_id], encode(item.comment))
            for item in delivered if item.account_remote_id in by_id]


def encode(comment: RemoteComment) -> dict[str, Any]:
    data = asdict(comment)
    data["created_at"] = comment.created_at.isoformat() if comment.created_at else None
    return data


def decode(data: Mapping[str, Any]) -> RemoteComment:
    created = data.get("created_at")
    return RemoteComment(
        remote_id=str(data["remote_id"]), post_remote_id=str(data["post_remote_id"]),
        author=Author(**data["author"]), text=str(data["text"]),
        created_at=datetime.fromisoformat(created) if created else None,
        hidden=bool(data.get("hidden")), parent_remote_id=data.get("parent_remote_id"))


def judge_arrival(settings: Settings, arrival: Arrival) -> str:
    """Judge and act on one announced comment, as the sweep would. Returns the comment's
    state afterwards, or ``not_ours`` for a comment on a post we do not watch (a visitor's
    post on a Facebook page, say)."""
    remote = decode(arrival.comment)
    for _attempt in range(2):  # a racing sweep may store it first: then it is known
        with session_scope(settings.resolved_database_url) as session:
            account = session.get(Account, arrival.account_id)
            if account is None:
                return "not_ours"
            watched = watched_posts(session, account.id)
            if remote.post_remote_id not in watched:
                return "not_ours"
            connector = connector_for(account, settings,
                                      limiter=limiter_for(account, settings, purpose="sweep"))
            try:
                handle_comments(session, settings, connector, account, [remote], watched,
                                SweepReport(account=account.name))
            except IntegrityError:
                session.rollback()
                continue
            stored = session.scalar(select(Comment.state).where(
                Comment.account_id == account.id, Comment.platform_id == remote.remote_id))
            return str(stored)
    return "known"


def dispatch_arrivals(settings: Settings, arrivals: list[Arrival]) -> None:
    """One judging task per announced comment, on the moderation queue."""
    for arrival in arrivals:
        send(settings.resolved_broker_url, "kohogate.judge_comment",
             (arrival.account_id, arrival.comment), queue="moderate")
