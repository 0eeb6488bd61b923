"""Posts laid out in time: a week or a month of every account a person works on, in the
city's zone (Asia/Tokyo), each post with one colour-giving state.

The state is the one a person plans by: a draft, waiting for 決裁, scheduled, published,
failed, or held (scheduled on an account whose publishing is stopped: expired
credentials, a cost cap, a platform's rate-limit reset) — the last is what a list of
delivery states hides and a calendar must show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.enums import AuthStatus, DeliveryState, PostState
from scheduler.errors import InvalidInput
from scheduler.models import Account, Delivery, Post, User, utcnow
from scheduler.rights import visible_accounts

KINDS = ("draft", "awaiting", "rejected", "scheduled", "held", "published", "failed")
KIND_LABELS_JA = {"draft": "下書き", "awaiting": "決裁待ち", "rejected": "差し戻し",
                  "scheduled": "予約済み", "held": "保留中", "published": "公開済み",
                  "failed": "失敗"}
#: the longest span one request may ask for, so a page cannot ask for the whole record
MAX_DAYS = 42


@dataclass(frozen=True)
class Entry:
    post_id: int
    due_at: datetime
    kind: str
    text: str
    accounts: tuple[str, ...]
    author: str
    category: str


def account_held(account: Account, now: datetime) -> bool:
    return (account.auth_status != AuthStatus.OK or account.hold_reason is not None or (
        account.publish_hold_until is not None and account.publish_hold_until > now))


def kind_of(post: Post, now: datetime) -> str:
    if post.state in (PostState.DRAFT, PostState.GATED):
        return "draft"
    if post.state == PostState.AWAITING_APPROVAL:
        return "awaiting"
    if post.state == PostState.REJECTED:
        return "rejected"
    states = [d.state for d in post.deliveries]
    if states and all(s == DeliveryState.PUBLISHED for s in states):
        return "published"
    if any(s == DeliveryState.FAILED for s in states) or (
            states and all(s in (DeliveryState.FAILED, DeliveryState.CANCELLED)
                           for s in states)):
        return "failed"
    if any(d.state in (DeliveryState.SCHEDULED, DeliveryState.QUEUED)
           and account_held(d.account, now) for d in post.deliveries):
        return "held"
    if any(s == DeliveryState.PUBLISHED for s in states):
        return "published"
    return "scheduled"


def week_of(day: date) -> tuple[date, date]:
    """Monday to the next Monday, as Japanese office calendars run."""
    start = day - timedelta(days=day.weekday())
    return start, start + timedelta(days=7)


def month_grid(day: date) -> tuple[date, date]:
    """The whole weeks that cover the month of ``day``."""
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    start = first - timedelta(days=first.weekday())
    end = following + timedelta(days=(7 - following.weekday()) % 7)
    return start, end


def entries(session: Session, viewer: User, start: date, end: date, zone: str, *,
            account: str | None = None, section: str | None = None,
            now: datetime | None = None) -> list[Entry]:
    """Every post the person may see that is due in [start, end) local days."""
    if end <= start or (end - start).days > MAX_DAYS:
        raise InvalidInput(f"表示期間は1日から{MAX_DAYS}日までです",
                           f"the span must be 1 to {MAX_DAYS} days")
    now = now or utcnow()
    tz = ZoneInfo(zone)
    low = datetime.combine(start, time(), tz)
    high = datetime.combine(end, time(), tz)
    accounts = select(Account.id).where(visible_accounts(viewer))
    if account:
        accounts = accounts.where(Account.name == account)
    if section:
        accounts = accounts.where(Account.section == section)
    query = (select(Post).where(Post.due_at >= low, Post.due_at < high,
                                Post.deliveries.any(Delivery.account_id.in_(accounts)))
             .order_by(Post.due_at, Post.id))
    return [Entry(post_id=p.id, due_at=p.due_at, kind=kind_of(p, now), text=p.text[:60],
                  accounts=tuple(d.account.name for d in p.deliveries),
                  author=p.author.name, category=p.category)
            for p in session.scalars(query)]


def sections(session: Session, viewer: User) -> list[str]:
    """The sections whose accounts this person sees: the calendar's section filter."""
    return sorted({s for s in session.scalars(
        select(Account.section).where(visible_accounts(viewer)).distinct()) if s})
