"""The due-post dispatcher: finds what is due in the store and hands ids to the broker.

The store is the queue; the broker only carries the few batches in flight. So nothing is
scheduled with a far-ahead ``eta`` (a Redis message held past its visibility timeout runs
twice), and if the broker loses every message, the next passes find the work again.

Claims and leases. A batch is handed out under a fresh claim token with a short lease:
only a task carrying that token may publish its rows. A task that starts the batch beats
a heartbeat that keeps the lease alive; a message that never reached a worker (Redis
flushed or restarted, a worker killed holding it) lets the lease run out within seconds,
and its rows are handed out again under a new token, so a late copy of the old message
finds nothing to do. A row killed mid-send (``publishing`` with a dead lease) may be out:
it becomes ``unknown`` and is looked for on the platform before anything is sent again.
A Redis broker that lost its memory is noticed at once by a marker key it no longer holds.

Ordering: deliveries of one account go out in due order, because an account has at most
one ordinary batch in flight, a batch stops at a row that is still owed (a retry or a look
on the platform), nothing due after a row waiting out its backoff is handed out before it,
and a batch is taken and published in ``due_at`` order (not
by ``next_attempt_at``, the time a row may next be tried: a row found missing after its
worker died would otherwise queue behind everything that fell due meanwhile). Emergency deliveries
(第4.2(2)イ) skip that line and the ordinary queue altogether. Only a few ordinary batches
wait in the broker at any time, so none waits long enough for its lease to run out.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select, update
from sqlalchemy.orm import Session

from scheduler import leases
from scheduler.db import is_postgres, session_scope
from scheduler.enums import AuthStatus, DeliveryEvent, DeliveryState
from scheduler.models import Account, Delivery, Lease, utcnow
from scheduler.settings import Settings
from scheduler.states import move

D, DE = DeliveryState, DeliveryEvent
IN_FLIGHT = (D.QUEUED, D.PUBLISHING, D.UNKNOWN)
DISPATCHER_LEASE = "dispatcher"
EPOCH_LEASE = "broker-epoch"
#: what a claim leaves behind when it is given up
UNCLAIMED = {"lease_until": None, "claim_token": None, "heartbeat_at": None}


@dataclass(frozen=True)
class Job:
    """One message for the broker: a task name, its queue, delivery ids and their claim."""

    task: str  # "publish" | "reconcile"
    queue: str  # "emergency" | "publish"
    delivery_ids: tuple[int, ...]
    token: str | None = None


def dispatch_due(session: Session, settings: Settings, now: datetime,
                 broker_epoch: str | None = None) -> list[Job]:
    """One pass. Commits its claims before returning the jobs, so a job sent to the
    broker always refers to a delivery the store already shows as queued."""
    holder = leases.acquire(session, DISPATCHER_LEASE, 30.0, now)
    if holder is None:
        return []
    try:
        _recover(session, now, broker_epoch)
        jobs = _reconcile_jobs(session, settings, now)
        jobs += _emergency_jobs(session, settings, now)
        jobs += _ordinary_jobs(session, settings, now)
        session.commit()
        return jobs
    finally:
        leases.release(session, DISPATCHER_LEASE, holder, now)


def _recover(session: Session, now: datetime, broker_epoch: str | None) -> None:
    """Messages that never reached a worker are handed out again; rows whose holder died
    mid-send may be out, and are looked for before anything else happens to them."""
    lost: list[ColumnElement[bool]] = [Delivery.lease_until < now]
    if _broker_forgot(session, broker_epoch):
        lost = [or_(Delivery.lease_until < now, Delivery.heartbeat_at.is_(None))]
    expired = select(Delivery.id).where(Delivery.state == D.QUEUED, *lost)
    move(session, DE.REQUEUE, list(session.scalars(expired)), actor="dispatcher",
         values=UNCLAIMED, message="ブローカー上のメッセージが処理されなかったため再投入します")
    stuck = select(Delivery.id).where(Delivery.state == D.PUBLISHING, Delivery.lease_until < now)
    move(session, DE.LEASE_EXPIRED, list(session.scalars(stuck)), actor="dispatcher",
         values={**UNCLAIMED, "next_attempt_at": now,
                 "last_error": "送信中に処理が中断されました。公開の有無を確認します。"})


def _broker_forgot(session: Session, epoch: str | None) -> bool:
    """True when the broker's marker changed since the last pass: every message it held
    before is gone (a Redis flush, or a restart without persistence)."""
    if epoch is None:
        return False
    known = session.get(Lease, EPOCH_LEASE)
    if known is not None and known.holder == epoch:
        return False
    far = utcnow() + timedelta(days=36500)
    if known is None:
        session.add(Lease(name=EPOCH_LEASE, holder=epoch, until=far))
        session.flush()
        return False
    known.holder, known.until = epoch, far
    return True


def _locked_choice(session: Session, chosen: Select[Any]) -> Select[Any]:
    """Rows only this pass may take: ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, evaluated
    once (a MATERIALIZED CTE, so no plan can re-run the LIMIT per row); SQLite has one
    writer at a time."""
    if not is_postgres(session):
        return select(chosen.subquery().c.id)
    cte = chosen.with_for_update(skip_locked=True).cte("chosen").prefix_with("MATERIALIZED")
    return select(cte.c.id)


def claim(session: Session, event: DeliveryEvent, conditions: Sequence[ColumnElement[bool]],
          order: Sequence[Any], limit: int, values: dict[str, object],
          ) -> list[int]:
    """Take at most ``limit`` rows, in ``order``, in one compare-and-set; returns their ids
    in that order."""
    chosen = select(Delivery.id).where(*conditions).order_by(*order).limit(limit)
    ids = move(session, event, _locked_choice(session, chosen), actor="dispatcher",
               values=values)
    if len(ids) <= 1:
        return ids
    return list(session.scalars(select(Delivery.id).where(Delivery.id.in_(ids))
                                .order_by(*order)))


def _postable_accounts(now: datetime) -> Select[Any]:
    return select(Account.id).where(
        Account.auth_status == AuthStatus.OK, Account.hold_reason.is_(None),
        or_(Account.publish_hold_until.is_(None), Account.publish_hold_until <= now),
    )


def _reconcile_jobs(session: Session, settings: Settings, now: datetime) -> list[Job]:
    """Unknown rows due for a look on the platform; a lease keeps two looks apart."""
    due = select(Delivery.id).where(
        Delivery.state == D.UNKNOWN, Delivery.next_attempt_at <= now,
        or_(Delivery.lease_until.is_(None), Delivery.lease_until < now),
        Delivery.account_id.in_(_postable_accounts(now))).limit(500)
    ids = list(session.scalars(update(Delivery).where(
        Delivery.id.in_(_locked_choice(session, due)), Delivery.state == D.UNKNOWN)
        .values(lease_until=now + timedelta(seconds=settings.task_time_limit))
        .returning(Delivery.id).execution_options(synchronize_session=False)))
    return [Job("reconcile", "publish", (i,)) for i in sorted(ids)]


def _queue_values(settings: Settings, now: datetime, token: str) -> dict[str, object]:
    return {"lease_until": now + timedelta(seconds=settings.requeue_after),
            "claim_token": token, "heartbeat_at": None}


def _emergency_jobs(session: Session, settings: Settings, now: datetime) -> list[Job]:
    horizon = now + timedelta(seconds=settings.dispatch_lookahead)
    jobs: list[Job] = []
    while True:
        token = secrets.token_hex(8)
        ids = claim(session, DE.QUEUE,
                    [Delivery.state == D.SCHEDULED, Delivery.priority == 0,
                     Delivery.next_attempt_at <= horizon,
                     Delivery.account_id.in_(_postable_accounts(now))],
                    [Delivery.due_at, Delivery.id], 1,
                    _queue_values(settings, now, token))
        if not ids:
            return jobs
        jobs.append(Job("publish", "emergency", tuple(ids), token))


def _ordinary_jobs(session: Session, settings: Settings, now: datetime) -> list[Job]:
    """One batch per free account, the most overdue accounts first, and no more batches
    waiting in the broker than ``waiting_batches``."""
    waiting = session.scalar(select(func.count(func.distinct(Delivery.claim_token))).where(
        Delivery.state == D.QUEUED, Delivery.priority > 0, Delivery.heartbeat_at.is_(None)))
    room = settings.waiting_batches - (waiting or 0)
    if room <= 0:
        return []
    horizon = now + timedelta(seconds=settings.dispatch_lookahead)
    busy = select(Delivery.account_id).where(Delivery.state.in_(IN_FLIGHT),
                                             Delivery.priority > 0)
    due_accounts = session.execute(
        select(Delivery.account_id, func.min(Delivery.next_attempt_at).label("first"))
        .where(Delivery.state == D.SCHEDULED, Delivery.priority > 0,
               Delivery.next_attempt_at <= horizon,
               Delivery.account_id.in_(_postable_accounts(now)),
               Delivery.account_id.not_in(busy))
        .group_by(Delivery.account_id).order_by("first", Delivery.account_id).limit(room)
    ).all()
    jobs = []
    for account_id, _first in due_accounts:
        token = secrets.token_hex(8)
        # a row still owed (waiting out a retry's backoff) keeps its place: nothing of the
        # account due after it is handed out before it
        owed = select(func.min(Delivery.due_at)).where(
            Delivery.account_id == account_id, Delivery.state == D.SCHEDULED,
            Delivery.priority > 0, Delivery.next_attempt_at > horizon,
            Delivery.due_at <= now).scalar_subquery()
        ids = claim(session, DE.QUEUE,
                    [Delivery.account_id == account_id, Delivery.state == D.SCHEDULED,
                     Delivery.priority > 0, Delivery.next_attempt_at <= horizon,
                     Delivery.due_at <= func.coalesce(owed, Delivery.due_at)],
                    [Delivery.due_at, Delivery.id], settings.dispatch_batch,
                    _queue_values(settings, now, token))
        if ids:
            jobs.append(Job("publish", "publish", tuple(ids), token))
    return jobs


def run_dispatch(settings: Settings, broker_epoch: str | None = None) -> list[Job]:
    """One dispatcher pass in its own unit of work (what the beat-driven task calls)."""
    with session_scope(settings.resolved_database_url) as session:
        return dispatch_due(session, settings, utcnow(), broker_epoch)
