"""Telling people what needs them: a 決裁 to give (第4.6), comments waiting for review
(第4.5), an account whose publishing is held, credentials about to expire, a delivery that
failed or whose fate is unknown — through apprise, to the URLs each person keeps (encrypted,
on the user) and the URLs configured per role (``KOHOGATE_NOTIFY_URLS``).

One beat-driven pass (:func:`run_notifications`) does two things under one lease:

1. :func:`scan` compares the store with the outbox. What lasts in time (a post awaiting
   決裁, a held account, a review backlog, an unknown delivery, a token about to run out)
   is a *condition*: queued once it is due, and resolved (its dedupe key freed) once it no
   longer holds, so that it is told again only when it happens anew. Events the audit log
   shows are already queued in the unit of work that caused them (:mod:`scheduler.outbox`);
   the scan also catches what reached the store by another road.
2. :func:`send_pending` sends what waits, each target on its own, outside any database
   transaction (an SQLite writer lock held while a chat server hangs would stop
   publishing); a target that fails is tried again with backoff, and only that target —
   those already reached are remembered by a fingerprint, never by the URL.

URLs carry tokens: they are never logged, stored in plain text, or put in an error message;
a failing target is named by its position and fingerprint.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from scheduler import audit, leases, notify_text, outbox
from scheduler.connecting import vault_for
from scheduler.db import session_scope
from scheduler.enums import (
    AuthStatus,
    CommentState,
    DeliveryState,
    HoldKind,
    NotificationKind,
    NotificationState,
    PostState,
    Role,
)
from scheduler.errors import InvalidInput
from scheduler.models import Account, Comment, Delivery, Notification, Post, User, utcnow
from scheduler.registry import get_user
from scheduler.rights import Operation, may_approve, require, works_on
from scheduler.settings import Settings
from scheduler.vault import Vault, VaultError

if TYPE_CHECKING:
    import apprise

log = logging.getLogger(__name__)
K, NS = NotificationKind, NotificationState

LEASE = "notifications"
#: how many pending notifications one pass reads
BATCH = 100
#: credentials that renew themselves (a Graph app's id and secret) are told of only this
#: close to their end: by then the renewal a week before has evidently not happened
SELF_RENEWING_MARGIN = timedelta(days=1)
#: the kinds that tell of something lasting; the others (a failed delivery) are final
LASTING = frozenset(set(K) - {K.DELIVERY_FAILED})
#: apprise's notify types (some services show them as a colour or an icon)
NOTIFY_TYPES = {K.APPROVAL_REQUESTED: "info", K.REVIEW_WAITING: "info",
                K.TOKEN_EXPIRING: "warning", K.ACCOUNT_HELD: "warning",
                K.DELIVERY_UNKNOWN: "warning", K.DELIVERY_FAILED: "failure"}


@dataclass
class NotifyReport:
    queued: int = 0
    resolved: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    no_recipient: int = 0
    skipped: str | None = None


def run_notifications(settings: Settings) -> NotifyReport:
    """One pass (what the beat task calls): look for what is to be told, then send."""
    url = settings.resolved_database_url
    hold = settings.notify_batch_seconds + 2 * settings.notify_timeout + 60
    with session_scope(url) as session:
        holder = leases.acquire(session, LEASE, hold, utcnow())
    if holder is None:
        return NotifyReport(skipped="another notification pass is running")
    try:
        report = NotifyReport()
        with session_scope(url) as session:
            report.queued, report.resolved = scan(session, settings, utcnow())
        send_pending(settings, report)
        return report
    finally:
        with session_scope(url) as session:
            leases.release(session, LEASE, holder, utcnow())


# -- what is to be told ------------------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    """Something that holds now. ``due`` once it has lasted long enough to be told."""

    kind: NotificationKind
    key: str
    subject_type: str
    subject_id: int
    audience: outbox.Audience
    due: bool
    words: Callable[[], tuple[str, str]]

    @property
    def dedupe(self) -> str:
        return f"{self.kind}:{self.key}"


def scan(session: Session, settings: Settings, now: datetime) -> tuple[int, int]:
    """Queue the conditions that are due and not told yet; resolve those told of that no
    longer hold. Returns (queued, resolved)."""
    open_keys = {key for key, kind in session.execute(
        select(Notification.open_key, Notification.kind)
        .where(Notification.open_key.is_not(None))) if key is not None and kind in LASTING}
    conditions = list(_conditions(session, settings, now))
    holding = {c.dedupe for c in conditions}
    resolved = outbox.resolve(session, open_keys - holding, now)
    queued = 0
    for condition in conditions:
        if not condition.due or condition.dedupe in open_keys:
            continue
        title, body = condition.words()
        queued += outbox.enqueue(
            session, condition.kind, key=condition.key, subject_type=condition.subject_type,
            subject_id=condition.subject_id, audience=condition.audience, title=title,
            body=body, now=now)
    return queued, resolved


def _conditions(session: Session, settings: Settings, now: datetime) -> Iterable[Condition]:
    yield from _awaiting_approval(session)
    accounts = list(session.scalars(select(Account).order_by(Account.id)))
    for account in accounts:
        yield from _holds(account, settings, now)
        yield from _expiring(account, settings, now)
    yield from _review_backlog(session, settings, now)
    yield from _unknown(session, settings, now)


def _awaiting_approval(session: Session) -> Iterable[Condition]:
    for post in session.scalars(select(Post).where(
            Post.state == PostState.AWAITING_APPROVAL).order_by(Post.id)):
        verdict = post.verdict or {}

        def words(post: Post = post, verdict: dict[str, Any] = verdict) -> tuple[str, str]:
            return notify_text.approval_requested(
                post_id=post.id, author=post.author.name, section=post.author.section,
                text=post.text, due_at=post.due_at,
                accounts=[d.account.name for d in post.deliveries],
                grounds=list(verdict.get("grounds") or ()),
                citations=list(verdict.get("citations") or ()), zone=post.timezone)

        yield Condition(K.APPROVAL_REQUESTED, f"post:{post.id}", "post", post.id,
                        outbox.for_approvers(post.id), True, words)


def hold_kinds(account: Account, now: datetime) -> list[HoldKind]:
    """Why this account does not publish now (empty: it does)."""
    kinds = []
    if account.publish_hold_until is not None and account.publish_hold_until > now:
        kinds.append(HoldKind.RATE_LIMIT)
    if account.auth_status != AuthStatus.OK:
        kinds.append(HoldKind.AUTH_EXPIRED)
    if account.hold_reason:
        kinds.append(HoldKind.HELD)
    return kinds


def _holds(account: Account, settings: Settings, now: datetime) -> Iterable[Condition]:
    for kind in hold_kinds(account, now):
        until = account.publish_hold_until if kind is HoldKind.RATE_LIMIT else None
        due = kind is not HoldKind.RATE_LIMIT or (until is not None and until - now > timedelta(
            minutes=settings.notify_rate_limit_after_minutes))
        reason = {HoldKind.AUTH_EXPIRED: account.auth_message,
                  HoldKind.HELD: account.hold_reason}.get(kind)

        def words(kind: HoldKind = kind, reason: str | None = reason,
                  until: datetime | None = until) -> tuple[str, str]:
            return notify_text.account_held(account=account.name, kind=kind, reason=reason,
                                            until=until, zone=settings.timezone)

        yield Condition(K.ACCOUNT_HELD, outbox.held_key(account.id, kind), "account",
                        account.id, outbox.for_account(account.id), due, words)


def credential_expiry(vault: Vault, account: Account) -> tuple[datetime | None, bool]:
    """When the account's stored credentials stop working, if they say so, and whether
    they renew themselves (an X refresh token; a Graph app's id and secret)."""
    if not account.credentials_token:
        return None, False
    try:
        credentials = vault.decrypt(account.credentials_token)
    except VaultError:
        return None, False
    renews = bool(credentials.get("refresh_token") or (
        credentials.get("app_id") and credentials.get("app_secret")))
    try:
        raw = float(credentials.get("expires_at") or 0)
    except ValueError:
        return None, renews
    return (datetime.fromtimestamp(raw, UTC) if raw > 0 else None), renews


def _expiring(account: Account, settings: Settings, now: datetime) -> Iterable[Condition]:
    if not account.credentials_token:
        return
    try:
        vault = vault_for(settings)
    except VaultError:
        return
    expires_at, renews = credential_expiry(vault, account)
    if expires_at is None or (renews and account.platform == "x"):
        return  # an X access token lives two hours and is refreshed as it goes
    window = SELF_RENEWING_MARGIN if renews else timedelta(
        days=settings.notify_token_expiry_days)
    if expires_at - now > window:
        return

    def words() -> tuple[str, str]:
        return notify_text.token_expiring(account=account.name, expires_at=expires_at,
                                          now=now, zone=settings.timezone)

    yield Condition(K.TOKEN_EXPIRING, f"{account.id}:{int(expires_at.timestamp())}",
                    "account", account.id, outbox.for_account(account.id), True, words)


def _review_backlog(session: Session, settings: Settings, now: datetime
                    ) -> Iterable[Condition]:
    """One condition per account with comments waiting for a person: it lasts until the
    queue is empty, and is told once its oldest comment has waited long enough."""
    threshold = timedelta(minutes=settings.notify_review_after_minutes)
    rows = session.execute(
        select(Comment.account_id, func.count(Comment.id), func.min(Comment.fetched_at))
        .where(Comment.state == CommentState.PENDING_REVIEW).group_by(Comment.account_id))
    for account_id, count, oldest in rows:
        oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=UTC)
        account = session.get(Account, account_id)
        if account is None:
            continue

        def words(account: Account = account, count: int = count,
                  oldest: datetime = oldest) -> tuple[str, str]:
            cited = [c for row in session.scalars(
                select(Comment.citations).where(
                    Comment.account_id == account.id,
                    Comment.state == CommentState.PENDING_REVIEW).limit(500))
                for c in (row or ())]
            return notify_text.review_waiting(
                account=account.name, count=count,
                oldest_minutes=int((now - oldest).total_seconds() // 60),
                citations=sorted(set(cited), key=_article_order))

        yield Condition(K.REVIEW_WAITING, f"account:{account_id}", "account", account_id,
                        outbox.for_account(account_id), now - oldest >= threshold, words)


def _article_order(citation: str) -> tuple[int, str]:
    """第4.5(2) before 第4.5(10)."""
    digits = "".join(ch for ch in citation.rsplit("(", 1)[-1] if ch.isdigit())
    return (int(digits) if digits else 0, citation)


def _unknown(session: Session, settings: Settings, now: datetime) -> Iterable[Condition]:
    threshold = timedelta(minutes=settings.notify_unknown_after_minutes)
    for delivery in session.scalars(select(Delivery).where(
            Delivery.state == DeliveryState.UNKNOWN).order_by(Delivery.id)):
        since = delivery.sent_at or delivery.due_at
        minutes = int((now - since).total_seconds() // 60)

        def words(delivery: Delivery = delivery, minutes: int = minutes) -> tuple[str, str]:
            return notify_text.delivery_unknown(post_id=delivery.post_id,
                                                account=delivery.account.name,
                                                minutes=minutes)

        yield Condition(K.DELIVERY_UNKNOWN, f"delivery:{delivery.id}", "delivery",
                        delivery.id, outbox.for_account(delivery.account_id),
                        now - since >= threshold, words)


# -- whom to tell ---------------------------------------------------------------------------


def role_urls(settings: Settings) -> dict[str, list[str]]:
    """``KOHOGATE_NOTIFY_URLS``: role (or ``role:section``) → URLs. A setting that cannot
    be read is reported without its content, which holds tokens."""
    if settings.notify_urls is None:
        return {}
    raw = settings.notify_urls.get_secret_value().strip()
    if not raw:
        return {}
    try:
        parsed = json.loads(raw)
    except ValueError:
        log.error("KOHOGATE_NOTIFY_URLS is not JSON; role notifications are off")
        return {}
    if not isinstance(parsed, dict):
        log.error("KOHOGATE_NOTIFY_URLS must be a JSON object of role → URLs")
        return {}
    found: dict[str, list[str]] = {}
    for key, value in parsed.items():
        role = str(key).partition(":")[0]
        if role not in tuple(Role):
            log.error("KOHOGATE_NOTIFY_URLS: unknown role %r is ignored", role)
            continue
        urls = [value] if isinstance(value, str) else list(value or ())
        found[str(key)] = [str(u).strip() for u in urls if str(u).strip()]
    return found


def fingerprint(url: str) -> str:
    """Names a target in the store and in messages without revealing it."""
    return hashlib.sha256(url.encode()).hexdigest()[:12]


@dataclass
class Targets:
    urls: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def targets_for(session: Session, audience: dict[str, Any], vault: Callable[[], Vault],
                roles: dict[str, list[str]]) -> Targets:
    """The URLs of the people the audience names, and of the roles that stand for them."""
    concerns: Callable[[User], bool]
    if "account" in audience:
        account = session.get(Account, audience["account"])
        if account is None:
            return Targets()
        section = account.section

        def concerns(user: User) -> bool:
            return works_on(user, account)
    elif "approvers_of_post" in audience:
        post = session.get(Post, audience["approvers_of_post"])
        if post is None:
            return Targets()
        author, section = post.author, post.author.section

        def concerns(user: User) -> bool:
            return may_approve(user, author)
    else:
        return Targets()
    found = Targets()
    people = session.scalars(select(User).where(User.active.is_(True),
                                                User.notify_token.is_not(None))
                             .order_by(User.id))
    for user in people:
        if concerns(user):
            try:
                found.urls += user_urls(vault(), user)
            except VaultError:
                found.problems.append(f"{user.name} の通知先を復号できません"
                                      f" / cannot decrypt {user.name}'s targets")
    for key, urls in roles.items():
        role, _, only = key.partition(":")
        stand_in = User(name=f"<{key}>", role=Role(role), section=only or section,
                        accounts=[], active=True)
        if concerns(stand_in):
            found.urls += urls
    found.urls = list(dict.fromkeys(found.urls))
    return found


def user_urls(vault: Vault, user: User) -> list[str]:
    if not user.notify_token:
        return []
    return [u for u in vault.decrypt(user.notify_token).get("urls", "").split("\n") if u]


# -- sending ----------------------------------------------------------------------------


@dataclass
class _Plan:
    id: int
    kind: NotificationKind
    title: str
    body: str
    attempts: int
    delivered: set[str]
    targets: Targets


def send_pending(settings: Settings, report: NotifyReport | None = None) -> NotifyReport:
    """Send what is due, within the pass's time budget; what is left waits for the next.
    Rows are not claimed: call it under the pass's lease (:func:`run_notifications`)."""
    report = report or NotifyReport()
    deadline = time.monotonic() + settings.notify_batch_seconds
    for plan in _plans(settings):
        if time.monotonic() > deadline:
            break
        reached, failed, invalid = set(plan.delivered), [], []
        for url in plan.targets.urls:
            mark = fingerprint(url)
            if mark in reached:
                continue
            outcome = deliver(url, plan.title, plan.body, NOTIFY_TYPES[plan.kind],
                              settings.notify_timeout)
            if outcome is None:
                invalid.append(mark)
            elif outcome:
                reached.add(mark)
            else:
                failed.append(mark)
        state = _record(settings, plan, reached, failed, invalid)
        report.sent += state is NS.SENT
        report.failed += state is NS.FAILED
        report.no_recipient += state is NS.NO_RECIPIENT
        report.retrying += state is NS.PENDING
    return report


def _plans(settings: Settings) -> list[_Plan]:
    """What is due, with its targets resolved, read in one short unit of work."""
    with session_scope(settings.resolved_database_url) as session:
        rows = list(session.scalars(
            select(Notification).where(Notification.state == NS.PENDING,
                                       Notification.next_attempt_at <= utcnow())
            .order_by(Notification.id).limit(BATCH)))
        if not rows:
            return []
        roles = role_urls(settings)

        def vault() -> Vault:  # only when someone keeps URLs of their own
            return vault_for(settings)

        return [_Plan(row.id, row.kind, row.title, row.body, row.attempts,
                      set(row.delivered or ()),
                      targets_for(session, row.audience, vault, roles))
                for row in rows]


@lru_cache(maxsize=1)
def _asset() -> apprise.AppriseAsset:
    """apprise loads only where something is sent or checked (not for every command);
    nothing of it is written to disk, and it logs URLs only with their secrets masked."""
    import apprise

    return apprise.AppriseAsset(storage_mode=apprise.PersistentStoreMode.MEMORY,
                                secure_logging=True)


def _client() -> apprise.Apprise:
    import apprise

    return apprise.Apprise(asset=_asset())


def deliver(url: str, title: str, body: str, notify_type: str,
            timeout: float) -> bool | None:
    """Send to one target: True when it took the message, False when it failed (worth
    another try), None when the URL is not one apprise can use (another try won't help)."""
    client = _client()
    try:
        if not client.add(url):
            return None
        return bool(client.notify(body=body, title=title, notify_type=notify_type,
                                  timeout=timeout))
    except Exception as exc:  # a plugin's surprise must not end the pass; the URL stays out
        log.warning("a notification target raised %s", type(exc).__name__)
        return False


def backoff(settings: Settings, attempts: int) -> timedelta:
    ceiling = min(settings.notify_retry_max_seconds,
                  settings.notify_retry_base_seconds * 2 ** max(0, attempts - 1))
    return timedelta(seconds=random.uniform(ceiling / 2, ceiling))


def _record(settings: Settings, plan: _Plan, reached: set[str], failed: Sequence[str],
            invalid: Sequence[str]) -> NotificationState:
    now = utcnow()
    notes = list(plan.targets.problems)
    if invalid:
        notes.append(f"使えない通知先URL {len(invalid)}件（{', '.join(invalid)}）"
                     f" / {len(invalid)} target(s) apprise cannot use")
    if failed:
        notes.append(f"{len(failed)}件の通知先に届きませんでした（{', '.join(failed)}）"
                     f" / {len(failed)} target(s) did not take it")
    values: dict[str, Any] = {"delivered": sorted(reached), "last_error": "; ".join(notes) or None}
    if not plan.targets.urls:
        state = NS.NO_RECIPIENT
    elif failed:
        attempts = plan.attempts + 1
        values["attempts"] = attempts
        if attempts >= settings.notify_max_attempts:
            state = NS.FAILED
        else:
            state = NS.PENDING
            values["next_attempt_at"] = now + backoff(settings, attempts)
    elif reached:
        state, values["sent_at"] = NS.SENT, now
    else:
        state = NS.FAILED  # every target was one apprise cannot use
    with session_scope(settings.resolved_database_url) as session:
        session.execute(update(Notification).where(Notification.id == plan.id,
                                                   Notification.state == NS.PENDING)
                        .values(state=state, **values)
                        .execution_options(synchronize_session=False))
    return state


# -- a person's own targets -------------------------------------------------------------------


def parse_urls(raw: str) -> list[str]:
    """One URL a line (blank lines and ``#`` comments ignored)."""
    lines = (line.strip() for line in raw.splitlines())
    return list(dict.fromkeys(line for line in lines if line and not line.startswith("#")))


def usable(url: str) -> bool:
    return bool(_client().add(url))


def set_notify_urls(session: Session, settings: Settings, *, actor: User, user_name: str,
                    raw: str) -> int:
    """Keep a person's notification URLs, encrypted; none clears them. A person sets their
    own; the office sets anyone's. Returns how many are kept. No URL is ever echoed."""
    user = get_user(session, user_name)
    if actor.id != user.id:
        require(actor, Operation.USER_MANAGE)
    urls = parse_urls(raw)
    for number, url in enumerate(urls, 1):
        if not usable(url):
            raise InvalidInput(
                f"{number}件目の通知先URLは apprise で使える形式ではありません"
                "（例: json://host/path、slack://…、mailto://…）",
                f"notification URL #{number} is not one apprise can use")
    user.notify_token = vault_for(settings).encrypt({"urls": "\n".join(urls)}) if urls else None
    audit.record(session, actor=actor.name, kind="user.notify_set", subject_type="user",
                 subject_id=user.id, targets=len(urls),
                 services=sorted({u.split("://", 1)[0] for u in urls}))
    return len(urls)
