"""The daemon's health as an operator needs it on one page: how much is waiting to go out,
what is late and why, which accounts are held, which tokens run out soon, and how far the
comment sweep lags behind its interval.

Read from the store only, so it answers even when the broker or a worker is down — which
is exactly when someone looks. (Metrics for machines live in their own module.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.account_overview import credential_expiry, hold_reasons
from scheduler.enums import AuthStatus, DeliveryState
from scheduler.models import Account, Delivery, User, utcnow
from scheduler.registry import list_accounts
from scheduler.rights import Operation, require, visible_accounts
from scheduler.settings import Settings

#: a delivery this long past its time is late
LATE_AFTER = timedelta(minutes=2)
#: tokens that run out within this are listed
EXPIRY_WARNING = timedelta(days=7)
WAITING = (DeliveryState.SCHEDULED, DeliveryState.QUEUED, DeliveryState.PUBLISHING,
           DeliveryState.UNKNOWN)


@dataclass
class Status:
    now: datetime
    queue_depth: int
    due_now: int
    late: list[dict[str, Any]]
    late_count: int
    held: list[dict[str, Any]]
    expiring: list[dict[str, Any]]
    sweep_interval: float
    sweep_lag_seconds: float | None
    sweep_lagging: list[dict[str, Any]] = field(default_factory=list)
    failed_24h: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {k: (v.isoformat() if isinstance(v, datetime) else v)
                for k, v in self.__dict__.items()}


def status_summary(session: Session, settings: Settings, viewer: User,
                   now: datetime | None = None) -> Status:
    require(viewer, Operation.STATUS_VIEW)
    now = now or utcnow()
    mine = select(Account.id).where(visible_accounts(viewer))
    waiting = [Delivery.state.in_(WAITING), Delivery.account_id.in_(mine)]
    depth = session.scalar(select(func.count(Delivery.id)).where(*waiting)) or 0
    due = session.scalar(select(func.count(Delivery.id)).where(
        *waiting, Delivery.next_attempt_at <= now)) or 0
    late_where = [*waiting, Delivery.due_at < now - LATE_AFTER]
    late_count = session.scalar(select(func.count(Delivery.id)).where(*late_where)) or 0
    late_rows = session.scalars(select(Delivery).where(*late_where)
                                .order_by(Delivery.due_at).limit(20))
    late = [{"post_id": d.post_id, "account": d.account.name, "state": d.state,
             "due_at": d.due_at.isoformat(),
             "minutes_late": int((now - d.due_at).total_seconds() // 60),
             "attempts": d.attempts, "last_error": d.last_error,
             "reasons": hold_reasons(d.account, now)} for d in late_rows]
    failed = session.scalar(select(func.count(Delivery.id)).where(
        Delivery.state == DeliveryState.FAILED, Delivery.account_id.in_(mine),
        Delivery.created_at >= now - timedelta(days=1))) or 0
    held, expiring, lagging = [], [], []
    worst: float | None = None
    for account in list_accounts(session, viewer=viewer):
        reasons = hold_reasons(account, now)
        if reasons:
            held.append({"account": account.name, "reasons": reasons})
        expires = credential_expiry(settings, account)
        if expires is not None and expires - now < EXPIRY_WARNING:
            expiring.append({"account": account.name, "expires_at": expires.isoformat(),
                             "expired": expires <= now})
        if account.auth_status != AuthStatus.OK:
            continue
        lag = None if account.last_swept_at is None else (
            now - account.last_swept_at).total_seconds()
        if lag is not None:
            worst = lag if worst is None else max(worst, lag)
        if lag is None or lag > 3 * settings.sweep_interval:
            lagging.append({"account": account.name, "lag_seconds": lag,
                            "last_error": account.last_sweep_error})
    return Status(now=now, queue_depth=depth, due_now=due, late=late, late_count=late_count,
                  held=held, expiring=expiring, sweep_interval=settings.sweep_interval,
                  sweep_lag_seconds=worst, sweep_lagging=lagging, failed_24h=failed)
