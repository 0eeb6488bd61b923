"""The notification outbox: things to tell people, written in the unit of work that caused
them.

:func:`enqueue` writes one row unless the same thing is already being told (its dedupe key
is held in the unique ``open_key`` column while the thing lasts, so the insert simply does
nothing); :func:`resolve` frees the key when the thing is over, so it is told again only
when it happens anew. Sending is elsewhere (:mod:`scheduler.notifications`), later, by a
beat task: a slow or broken notification target never holds up a state change.

Events are read from the audit log. Every transition already writes its audit event in the
same unit of work (:mod:`scheduler.states`), so a hook run just before the commit turns
the events that concern people — a post held for 決裁, a delivery given up, an account
held — into outbox rows in that same transaction, whichever code path caused them and
without each path having to remember to call us. Code that wants to tell something the
audit log does not show calls :func:`enqueue` itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Table, case, event, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from scheduler import audit, notify_text
from scheduler.enums import HoldKind, NotificationKind, NotificationState
from scheduler.models import Account, Delivery, Notification, Post, utcnow
from scheduler.settings import get_settings

log = logging.getLogger(__name__)
K, NS = NotificationKind, NotificationState

#: whom a notification is for; resolved to people (and their URLs) only when it is sent
Audience = dict[str, int]


def for_account(account_id: int) -> Audience:
    """Everyone who works on the account (scheduler.rights.works_on)."""
    return {"account": account_id}


def for_approvers(post_id: int) -> Audience:
    """Whoever may give the post its 決裁 (scheduler.rights.may_approve)."""
    return {"approvers_of_post": post_id}


def enqueue(session: Session, kind: NotificationKind, *, key: str, subject_type: str,
            subject_id: int | None, audience: Audience, title: str, body: str,
            now: datetime | None = None) -> bool:
    """Queue one notification in the caller's unit of work; False when the same thing
    (``kind`` and ``key``) is already being told and not yet resolved."""
    dedupe = f"{kind}:{key}"
    dialect = session.get_bind().dialect.name
    builder = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = builder(cast(Table, Notification.__table__)).values(
        kind=kind, subject_type=subject_type, subject_id=subject_id, dedupe_key=dedupe,
        open_key=dedupe, audience=dict(audience), title=title[:200], body=body,
        state=NS.PENDING, attempts=0, next_attempt_at=now or utcnow(), delivered=[],
        created_at=now or utcnow(),
    ).on_conflict_do_nothing().returning(Notification.__table__.c.id)
    return session.execute(statement).scalar() is not None


def resolve(session: Session, dedupe_keys: Iterable[str], now: datetime | None = None) -> int:
    """The things these keys told of are over: the next time one happens it is told
    again. A notification not sent yet is withdrawn (it would only be news that is old)."""
    keys = list(dedupe_keys)
    if not keys:
        return 0
    result = session.execute(
        update(Notification).where(Notification.open_key.in_(keys))
        .values(open_key=None, resolved_at=now or utcnow(),
                state=case((Notification.state == NS.PENDING, NS.WITHDRAWN),
                           else_=Notification.state))
        .execution_options(synchronize_session=False))
    return int(cast(CursorResult[Any], result).rowcount or 0)


# -- the events of the audit log that people are told of -------------------------------------

Handler = Callable[[Session, Mapping[str, Any]], None]


def held_key(account_id: int, kind: HoldKind) -> str:
    return f"{account_id}:{kind}"


def _post_held(session: Session, event_row: Mapping[str, Any]) -> None:
    post = session.get(Post, event_row["subject_id"])
    if post is None:
        return
    data = event_row.get("data") or {}
    title, body = notify_text.approval_requested(
        post_id=post.id, author=post.author.name, section=post.author.section,
        text=post.text, due_at=post.due_at, accounts=[d.account.name for d in post.deliveries],
        grounds=list(data.get("grounds") or ()), citations=list(data.get("citations") or ()),
        zone=post.timezone)
    enqueue(session, K.APPROVAL_REQUESTED, key=f"post:{post.id}", subject_type="post",
            subject_id=post.id, audience=for_approvers(post.id), title=title, body=body)


def _delivery_failed(session: Session, event_row: Mapping[str, Any]) -> None:
    delivery = session.get(Delivery, event_row["subject_id"])
    if delivery is None:
        return
    data = event_row.get("data") or {}
    title, body = notify_text.delivery_failed(
        post_id=delivery.post_id, account=delivery.account.name,
        reason=event_row.get("message"), citations=list(data.get("citations") or ()))
    enqueue(session, K.DELIVERY_FAILED, key=f"delivery:{delivery.id}",
            subject_type="delivery", subject_id=delivery.id,
            audience=for_account(delivery.account_id), title=title, body=body)


def account_held(session: Session, account: Account, kind: HoldKind, *,
                 reason: str | None, until: datetime | None = None,
                 zone: str | None = None) -> bool:
    """Queue "publishing on this account is held" (also called by the periodic scan)."""
    title, body = notify_text.account_held(account=account.name, kind=kind, reason=reason,
                                           until=until, zone=zone or get_settings().timezone)
    return enqueue(session, K.ACCOUNT_HELD, key=held_key(account.id, kind),
                   subject_type="account", subject_id=account.id,
                   audience=for_account(account.id), title=title, body=body)


def _held(kind: HoldKind) -> Handler:
    def handler(session: Session, event_row: Mapping[str, Any]) -> None:
        account = session.get(Account, event_row["subject_id"])
        if account is not None:
            account_held(session, account, kind, reason=event_row.get("message"))
    return handler


HANDLERS: dict[str, Handler] = {
    "post.hold": _post_held,
    "delivery.give_up": _delivery_failed,
    "delivery.blocked": _delivery_failed,
    "account.auth_expired": _held(HoldKind.AUTH_EXPIRED),
    "account.held": _held(HoldKind.HELD),
}


_BUSY = "kohogate.outbox.busy"


def _from_audit(session: Session) -> None:
    """Before the commit (and before the audit log seals its events): queue what the
    events of this unit of work tell. A fault here is logged and leaves the state change
    alone. The savepoint is the connection's, not the session's: a session savepoint's
    commit fires this hook (and the audit log's) again; and nothing of the unit of work is
    flushed inside it, so rolling it back can only undo the outbox's own rows."""
    if session.info.get(_BUSY):
        return
    events = [e for e in audit.pending(session) if e["kind"] in HANDLERS]
    if not events:
        return
    session.info[_BUSY] = True
    try:
        with session.no_autoflush, session.connection().begin_nested():
            for event_row in events:
                HANDLERS[event_row["kind"]](session, event_row)
    except Exception:
        log.exception("notifications for %s were not queued",
                      sorted({e["kind"] for e in events}))
    finally:
        session.info.pop(_BUSY, None)


# ahead of the audit log's own before_commit, which takes the pending events away
event.listen(Session, "before_commit", _from_audit, insert=True)
