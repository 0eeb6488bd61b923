"""The registry as a person reads it: each account with who works on it, why it is held,
when its token runs out, its rate budget and what it cost this month.

Nothing secret leaves the vault here: of the credentials only the expiry a platform gave
(``expires_at``) is read, so a page can warn before publishing stops.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from connectors import connector_class
from scheduler.budgets import RedisBuckets
from scheduler.calendar import account_held
from scheduler.connecting import limiter_for, vault_for
from scheduler.costs import CAP_OPTION, month_start
from scheduler.models import Account, RateBucket, UsageRecord, User, user_accounts, utcnow
from scheduler.registry import get_account, list_accounts
from scheduler.rights import Operation, allowed, require
from scheduler.settings import Settings
from scheduler.vault import VaultError


@dataclass
class AccountRow:
    account: Account
    granted_to: list[str]
    held: bool
    hold_reasons: list[str]
    token_expires_at: datetime | None
    cost_this_month_usd: float
    cost_cap_usd: float | None
    may_manage: bool
    budget: list[dict[str, Any]] = field(default_factory=list)
    moderation: tuple[str, ...] = ()


def credential_expiry(settings: Settings, account: Account) -> datetime | None:
    """When the platform said the stored token stops working, if it said so."""
    if not account.credentials_token:
        return None
    try:
        stored = vault_for(settings).decrypt(account.credentials_token)
    except VaultError:
        return None
    raw = stored.get("expires_at")
    try:
        return datetime.fromtimestamp(int(float(raw)), UTC) if raw else None
    except (TypeError, ValueError):
        return None


def hold_reasons(account: Account, now: datetime) -> list[str]:
    reasons = []
    if account.auth_status != "ok":
        reasons.append(account.auth_message or "認証情報が失効しています")
    if account.hold_reason:
        reasons.append(account.hold_reason)
    if account.publish_hold_until is not None and account.publish_hold_until > now:
        reasons.append("プラットフォームの利用上限により待機中")
    return reasons


def _grants(session: Session, ids: list[int]) -> dict[int, list[str]]:
    rows = session.execute(select(user_accounts.c.account_id, User.name)
                           .join(User, User.id == user_accounts.c.user_id)
                           .where(user_accounts.c.account_id.in_(ids)))
    found: dict[int, list[str]] = {}
    for account_id, name in rows:
        found.setdefault(account_id, []).append(name)
    return found


def _costs(session: Session, ids: list[int], now: datetime, zone: str) -> dict[int, float]:
    rows = session.execute(select(UsageRecord.account_id, func.sum(UsageRecord.cost_usd))
                           .where(UsageRecord.account_id.in_(ids),
                                  UsageRecord.at >= month_start(now, zone))
                           .group_by(UsageRecord.account_id))
    return {account_id: float(total or 0.0) for account_id, total in rows}


def _row(account: Account, viewer: User, settings: Settings, grants: dict[int, list[str]],
         costs: dict[int, float], now: datetime) -> AccountRow:
    reasons = hold_reasons(account, now)
    cap = (account.options or {}).get(CAP_OPTION)
    return AccountRow(
        account=account, granted_to=sorted(grants.get(account.id, [])),
        held=account_held(account, now), hold_reasons=reasons,
        token_expires_at=credential_expiry(settings, account),
        cost_this_month_usd=round(costs.get(account.id, 0.0), 4),
        cost_cap_usd=float(cap) if cap is not None else None,
        may_manage=allowed(viewer, Operation.ACCOUNT_MANAGE, account=account),
        moderation=tuple(sorted(connector_class(account.platform).moderation)))


def account_rows(session: Session, settings: Settings, viewer: User) -> list[AccountRow]:
    now = utcnow()
    accounts = list_accounts(session, viewer=viewer)
    ids = [a.id for a in accounts]
    grants, costs = _grants(session, ids), _costs(session, ids, now, settings.timezone)
    return [_row(a, viewer, settings, grants, costs, now) for a in accounts]


def account_detail(session: Session, settings: Settings, viewer: User, name: str) -> AccountRow:
    """One account, with its rate budget as it stands (read without spending any)."""
    account = get_account(session, name)
    require(viewer, Operation.ACCOUNT_VIEW, account=account)
    now = utcnow()
    row = _row(account, viewer, settings, _grants(session, [account.id]),
               _costs(session, [account.id], now, settings.timezone), now)
    limiter = limiter_for(account, settings)
    for family, budgets in limiter.budgets.items():
        for budget in budgets:
            owner = account.name if budget.scope == "account" else "app"
            key = f"{account.platform}:{owner}:{family}:{budget.window_seconds}"
            tokens = _peek(session, limiter.store, key, float(budget.limit),
                           budget.limit / budget.window_seconds, now)
            row.budget.append({"family": family, "scope": budget.scope,
                               "remaining": int(tokens), "limit": budget.limit,
                               "window_seconds": budget.window_seconds})
    return row


def _peek(session: Session, store: object, key: str, capacity: float, rate: float,
          now: datetime) -> float:
    """A bucket's tokens as they stand, refilled to now, without taking or writing any:
    looking must not spend a budget, nor take the store's write lock."""
    if isinstance(store, RedisBuckets):
        tokens, stamp = store.client.hmget(f"kohogate:budget:{key}", ["t", "s"])
        if tokens is None or stamp is None:
            return capacity
        elapsed = max(0.0, now.timestamp() - float(stamp))
        return min(capacity, float(tokens) + elapsed * rate)
    bucket = session.get(RateBucket, key)
    if bucket is None:
        return capacity
    elapsed = max(0.0, (now - bucket.updated_at).total_seconds())
    return min(capacity, bucket.tokens + elapsed * rate)
