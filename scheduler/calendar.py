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

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.enums import AuthStatus, DeliveryState, PostState
from scheduler.errors import InvalidInput
from scheduler.models import Account, Delivery, Post, User, utcnow
from scheduler.rights import OFFICE, visible_accounts

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
    return classify(post.state, [(d.state, account_held(d.account, now))
                                 for d in post.deliveries])


def classify(state: str, deliveries: list[tuple[str, bool]]) -> str:
    """The calendar's colour from the post's state and its deliveries' (state, held)."""
    if state in (PostState.DRAFT, PostState.GATED):
        return "draft"
    if state == PostState.AWAITING_APPROVAL:
        return "awaiting"
    if state == PostState.REJECTED:
        return "rejected"
    states = [s for s, _held in deliveries]
    if states and all(s == DeliveryState.PUBLISHED for s in states):
        return "published"
    if any(s == DeliveryState.FAILED for s in states) or (
            states and all(s in (DeliveryState.FAILED, DeliveryState.CANCELLED)
                           for s in states)):
        return "failed"
    if any(s in (DeliveryState.SCHEDULED, DeliveryState.QUEUED) and held
           for s, held in deliveries):
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
    # one pass over columns, not rows: a busy month holds thousands of posts
    query = (select(Delivery.post_id, Delivery.state, Account.name, Account.auth_status,
                    Account.hold_reason, Account.publish_hold_until, Post.due_at, Post.state,
                    func.substr(Post.text, 1, 60), User.name, Post.category)
             .join(Post, Post.id == Delivery.post_id)
             .join(Account, Account.id == Delivery.account_id)
             .join(User, User.id == Post.author_id)
             .where(Post.due_at >= low, Post.due_at < high)
             .order_by(Post.due_at, Post.id, Delivery.id))
    if account or section or viewer.role not in OFFICE:
        shown = select(Account.id).where(visible_accounts(viewer))
        if account:
            shown = shown.where(Account.name == account)
        if section:
            shown = shown.where(Account.section == section)
        query = query.where(Post.id.in_(select(Delivery.post_id)
                                        .where(Delivery.account_id.in_(shown))))
    posts: dict[int, tuple[datetime, str, str, str, str]] = {}
    found: dict[int, list[tuple[str, bool]]] = {}
    names: dict[int, list[str]] = {}
    for (post_id, delivery_state, name, auth, reason, until, due_at, state, text, author,
         category) in session.execute(query):
        posts.setdefault(post_id, (due_at, state, text, author, category))
        held = auth != AuthStatus.OK or reason is not None or (
            until is not None and until > now)
        found.setdefault(post_id, []).append((delivery_state, held))
        names.setdefault(post_id, []).append(name)
    return [Entry(post_id=post_id, due_at=due_at, kind=classify(state, found[post_id]),
                  text=text, accounts=tuple(names[post_id]), author=author,
                  category=category)
            for post_id, (due_at, state, text, author, category) in posts.items()]


def sections(session: Session, viewer: User) -> list[str]:
    """The sections whose accounts this person sees: the calendar's section filter."""
    return sorted({s for s in session.scalars(
        select(Account.section).where(visible_accounts(viewer)).distinct()) if s})
