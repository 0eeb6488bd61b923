"""What the platforms charge (X bills per post and per result read), and the monthly cap
that holds an account's publishing for a person instead of overspending."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from connectors.base import Connector
from scheduler.budgets import BudgetLimiter
from scheduler.models import Account, UsageRecord

CAP_OPTION = "monthly_cost_cap_usd"


def record_usage(session: Session, account_id: int, connector: Connector) -> None:
    """Move the costs a connector reported into the store (free calls are not kept)."""
    limiter = connector.context.limiter
    if not isinstance(limiter, BudgetLimiter):
        return
    spent, limiter.usage = limiter.usage, []
    session.add_all(UsageRecord(account_id=account_id, family=u.family, cost_usd=u.cost_usd)
                    for u in spent if u.cost_usd)


def month_start(now: datetime, zone: str) -> datetime:
    local = now.astimezone(ZoneInfo(zone))
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def month_cost(session: Session, account_id: int, now: datetime, zone: str) -> float:
    return float(session.scalar(
        select(func.coalesce(func.sum(UsageRecord.cost_usd), 0.0)).where(
            UsageRecord.account_id == account_id,
            UsageRecord.at >= month_start(now, zone))) or 0.0)


def cost_cap_reached(session: Session, account: Account, now: datetime,
                     zone: str) -> str | None:
    """The hold message when this month's spending has reached the account's cap."""
    cap = (account.options or {}).get(CAP_OPTION)
    if cap is None:
        return None
    spent = month_cost(session, account.id, now, zone)
    if spent < float(cap):
        return None
    return (f"今月の利用料の見込み ${spent:.2f} が上限 ${float(cap):.2f} に達したため、"
            f"公開を保留しています。確認後 `kohogate accounts resume {account.name}` で再開します。"
            f" / monthly cost cap reached (${spent:.2f} of ${float(cap):.2f})")
