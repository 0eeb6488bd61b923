"""An account's fitness to publish: credentials that expired, a platform's rate-limit
reset, a cost cap reached — and a person lifting the hold.

Holds live on the account, so that one failure stops that account's deliveries at once
(instead of each of them failing in turn) and every face shows why.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from connectors.base import ConnectorError
from scheduler import audit
from scheduler.enums import AuthStatus
from scheduler.models import Account, User
from scheduler.registry import get_account
from scheduler.rights import Operation, require


def mark_auth_expired(session: Session, account: Account, exc: ConnectorError) -> None:
    if account.auth_status != AuthStatus.EXPIRED:
        audit.record(session, actor="worker", kind="account.auth_expired",
                     subject_type="account", subject_id=account.id,
                     message=exc.operator_message, platform_message=exc.platform_message)
    session.execute(update(Account).where(Account.id == account.id)
                    .values(auth_status=AuthStatus.EXPIRED, auth_message=exc.operator_message))


def hold_until(session: Session, account_id: int, until: datetime) -> None:
    """No publish on this account before the platform's reset time."""
    session.execute(update(Account).where(Account.id == account_id)
                    .values(publish_hold_until=until))


def hold_for_person(session: Session, account: Account, reason: str) -> None:
    """Publishing waits until a person lifts the hold (a cost cap, for one)."""
    if account.hold_reason is None:
        audit.record(session, actor="worker", kind="account.held", subject_type="account",
                     subject_id=account.id, message=reason)
    session.execute(update(Account).where(Account.id == account.id)
                    .values(hold_reason=reason))


def resume_account(session: Session, *, actor: User, name: str) -> Account:
    """Lift an expired-credentials or cost-cap hold: deliveries and sweeps go on."""
    account = get_account(session, name)
    require(actor, Operation.ACCOUNT_MANAGE, account=account)
    lifted = {"auth_message": account.auth_message, "hold_reason": account.hold_reason}
    account.auth_status, account.auth_message, account.hold_reason = AuthStatus.OK, None, None
    account.publish_hold_until = None
    audit.record(session, actor=actor.name, kind="account.resumed", subject_type="account",
                 subject_id=account.id, **lifted)
    return account
