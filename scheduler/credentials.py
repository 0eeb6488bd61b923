"""An account's credentials and the checks an operator runs on it.

Credentials arrive as a JSON object of strings, are encrypted at once and are never shown
again. ``check_account`` asks the platform who we are (so broken credentials show before a
post is due), reads the rate budget left and this month's cost, and looks for the
no-reply notice the main account must show (第4.2(5)).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from connectors.base import ConnectorError
from scheduler import audit
from scheduler.connecting import connector_for, key_source_for, limiter_for, vault_for
from scheduler.costs import CAP_OPTION, month_cost
from scheduler.enums import AccountKind, AuthStatus
from scheduler.errors import InvalidInput
from scheduler.models import User, utcnow
from scheduler.registry import get_account, list_accounts
from scheduler.rights import Operation, require
from scheduler.settings import Settings

#: words one of which a profile's text must hold to say that comments are not answered
NO_REPLY_MARKERS = ("返信", "回答", "お答え")


def parse_secrets(raw: str) -> dict[str, str]:
    try:
        secrets = json.loads(raw)
    except ValueError:
        secrets = None
    if not isinstance(secrets, dict) or not secrets or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in secrets.items()):
        raise InvalidInput("認証情報は文字列だけのJSONオブジェクトで入力してください",
                           "credentials must be a JSON object of strings")
    return secrets


def set_credentials(session: Session, settings: Settings, *, actor: User, name: str,
                    raw: str) -> int:
    """Encrypt and keep an account's credentials; returns how many items were stored."""
    account = get_account(session, name)
    require(actor, Operation.ACCOUNT_MANAGE, account=account)
    secrets = parse_secrets(raw)
    account.credentials_token = vault_for(settings).encrypt(secrets)
    account.auth_status, account.auth_message = AuthStatus.OK, None
    audit.record(session, actor=actor.name, kind="account.credentials_set",
                 subject_type="account", subject_id=account.id, keys=sorted(secrets))
    return len(secrets)


def rotate_keys(session: Session, settings: Settings, *, actor: User) -> int:
    """Re-encrypt every account's credentials under the newest key."""
    require(actor, Operation.VAULT_ROTATE)
    vault = vault_for(settings)
    rotated = 0
    for account in list_accounts(session):
        if account.credentials_token:
            account.credentials_token = vault.rotate(account.credentials_token)
            rotated += 1
    audit.record(session, actor=actor.name, kind="vault.rotated", subject_type="vault",
                 subject_id=None, accounts=rotated)
    return rotated


@dataclass
class AccountCheck:
    account: str
    platform: str
    credentials: str  # "ok" | "error"
    handle: str | None = None
    description: str | None = None
    error: str | None = None
    #: None when the account is not the main one (第4.2(5) binds the main account)
    no_reply_notice: bool | None = None
    budget: list[dict[str, Any]] = field(default_factory=list)
    cost_this_month_usd: float = 0.0
    cost_cap_usd: float | None = None
    key_location: str = ""
    key_warning: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def check_account(session: Session, settings: Settings, *, actor: User,
                  name: str) -> AccountCheck:
    account = get_account(session, name)
    require(actor, Operation.ACCOUNT_MANAGE, account=account)
    limiter = limiter_for(account, settings, purpose="check")
    source = key_source_for(settings)
    result = AccountCheck(account=name, platform=account.platform, credentials="ok",
                          key_location=source.describe(), key_warning=source.warning())
    try:
        profile = connector_for(account, settings, limiter=limiter).profile()
        result.handle, result.description = profile.handle, profile.description
        if account.kind == AccountKind.MAIN:
            result.no_reply_notice = any(m in (profile.description or "")
                                         for m in NO_REPLY_MARKERS)
    except ConnectorError as exc:
        result.credentials, result.error = "error", exc.operator_message
    result.budget = [
        {"family": u.family, "remaining": u.remaining, "limit": u.limit,
         "reset_at": u.reset_at.isoformat() if u.reset_at else None}
        for u in limiter.usage if u.remaining is not None]
    result.cost_this_month_usd = round(month_cost(session, account.id, utcnow(),
                                                  settings.timezone), 4)
    cap = (account.options or {}).get(CAP_OPTION)
    result.cost_cap_usd = float(cap) if cap is not None else None
    return result
