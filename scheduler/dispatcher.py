"""The due-post dispatcher: finds what is due in the store and hands ids to the broker.

The store is the queue; the broker only carries the few batches in flight. So nothing is
scheduled with a far-ahead ``eta`` (a Redis message held past its visibility timeout runs
twice), and if the broker loses every message, the next pass finds the work again.

Ordering: deliveries of one account go out in due order, because an account has at most
one ordinary batch in flight and a batch is published in order. Emergency deliveries
(第4.2(2)イ) skip that line and the ordinary queue altogether.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from scheduler import audit, leases
from scheduler.db import is_postgres, session_scope
from scheduler.models import Account, Delivery, utcnow
from scheduler.settings import Settings

IN_FLIGHT = ("queued", "publishing", "unknown")
DISPATCHER_LEASE = "dispatcher"


@dataclass(frozen=True)
class Job:
    """One message for the broker: a task name, its queue, and delivery ids."""

    task: str  # "publish" | "reconcile"
    queue: str  # "emergency" | "publish"
    delivery_ids: tuple[int, ...]


def dispatch_due(session: Session, settings: Settings, now: datetime) -> list[Job]:
    """One pass. Commits its claims before returning the jobs, so a job sent to the
    broker always refers to a delivery the store already shows as queued."""
    holder = leases.acquire(session, DISPATCHER_LEASE, 30.0, now)
    if holder is None:
        return []
    try:
        _recover_expired_leases(session, now)
        jobs = _reconcile_jobs(session, settings, now)
        jobs += _emergency_jobs(session, settings, now)
        jobs += _ordinary_jobs(session, settings, now)
        session.commit()
        return jobs
    finally:
        leases.release(session, DISPATCHER_LEASE, holder, now)


def _recover_expired_leases(session: Session, now: datetime) -> None:
    """A queued message that was never picked up (lost with the broker) is queued again;
    a delivery whose worker died mid-publish may or may not be out: reconcile it."""
    lost = session.scalars(
        select(Delivery.id).where(Delivery.state == "queued", Delivery.lease_until < now)
    ).all()
    if lost:
        session.execute(update(Delivery).where(Delivery.id.in_(lost), Delivery.state == "queued")
                        .values(state="scheduled", lease_until=None))
        for delivery_id in lost:
            audit.record(session, actor="dispatcher", kind="delivery.requeue",
                         subject_type="delivery", subject_id=delivery_id,
                         message="ブローカー上のメッセージが処理されなかったため再投入します",
                         **{"from": "queued", "to": "scheduled"})
    stuck = session.scalars(
        select(Delivery.id).where(Delivery.state == "publishing", Delivery.lease_until < now)
    ).all()
    if stuck:
        session.execute(
            update(Delivery).where(Delivery.id.in_(stuck), Delivery.state == "publishing")
            .values(state="unknown", lease_until=None, next_attempt_at=now,
                    last_error="送信中に処理が中断されました。公開の有無を確認します。")
        )
        for delivery_id in stuck:
            audit.record(session, actor="dispatcher", kind="delivery.lease_expired",
                         subject_type="delivery", subject_id=delivery_id,
                         **{"from": "publishing", "to": "unknown"})


def _claim(session: Session, conditions: list[object], order: list[object], limit: int,
           lease_until: datetime, new_state: str | None) -> list[int]:
    """Atomically take up to ``limit`` rows: ``FOR UPDATE SKIP LOCKED`` on PostgreSQL;
    on SQLite the single UPDATE holds the database's write lock."""
    chosen = select(Delivery.id).where(*conditions).order_by(*order).limit(limit)
    if is_postgres(session):
        chosen = chosen.with_for_update(skip_locked=True)
    values: dict[str, object] = {"lease_until": lease_until}
    if new_state is not None:
        values["state"] = new_state
    statement = (update(Delivery).where(Delivery.id.in_(chosen.scalar_subquery()), *conditions)
                 .values(**values).returning(Delivery.id, Delivery.next_attempt_at))
    rows = session.execute(statement.execution_options(synchronize_session=False)).all()
    rows.sort(key=lambda r: (r[1], r[0]))
    return [r[0] for r in rows]


def _postable_accounts(now: datetime) -> object:
    return select(Account.id).where(
        Account.auth_status == "ok", Account.hold_reason.is_(None),
        or_(Account.publish_hold_until.is_(None), Account.publish_hold_until <= now),
    ).scalar_subquery()


def _reconcile_jobs(session: Session, settings: Settings, now: datetime) -> list[Job]:
    ids = _claim(
        session,
        [Delivery.state == "unknown", Delivery.next_attempt_at <= now,
         or_(Delivery.lease_until.is_(None), Delivery.lease_until < now),
         Delivery.account_id.in_(_postable_accounts(now))],
        [Delivery.priority, Delivery.next_attempt_at, Delivery.id],
        500, now + timedelta(seconds=settings.task_time_limit * 2), None,
    )
    return [Job("reconcile", "publish", (i,)) for i in ids]


def _emergency_jobs(session: Session, settings: Settings, now: datetime) -> list[Job]:
    horizon = now + timedelta(seconds=settings.dispatch_lookahead)
    ids = _claim(
        session,
        [Delivery.state == "scheduled", Delivery.priority == 0,
         Delivery.next_attempt_at <= horizon, Delivery.account_id.in_(_postable_accounts(now))],
        [Delivery.next_attempt_at, Delivery.id],
        500, now + timedelta(seconds=settings.requeue_after), "queued",
    )
    _audit_queued(session, ids)
    return [Job("publish", "emergency", (i,)) for i in ids]


def _ordinary_jobs(session: Session, settings: Settings, now: datetime) -> list[Job]:
    horizon = now + timedelta(seconds=settings.dispatch_lookahead)
    busy = select(Delivery.account_id).where(Delivery.state.in_(IN_FLIGHT),
                                             Delivery.priority > 0)
    due_accounts = session.scalars(
        select(Delivery.account_id).distinct().where(
            Delivery.state == "scheduled", Delivery.priority > 0,
            Delivery.next_attempt_at <= horizon,
            Delivery.account_id.in_(_postable_accounts(now)),
            Delivery.account_id.not_in(busy),
        )
    ).all()
    jobs = []
    for account_id in sorted(due_accounts):
        ids = _claim(
            session,
            [and_(Delivery.account_id == account_id, Delivery.state == "scheduled",
                  Delivery.priority > 0, Delivery.next_attempt_at <= horizon)],
            [Delivery.next_attempt_at, Delivery.id],
            settings.dispatch_batch, now + timedelta(seconds=settings.requeue_after), "queued",
        )
        if ids:
            _audit_queued(session, ids)
            jobs.append(Job("publish", "publish", tuple(ids)))
    return jobs


def _audit_queued(session: Session, ids: list[int]) -> None:
    for delivery_id in ids:
        audit.record(session, actor="dispatcher", kind="delivery.queue",
                     subject_type="delivery", subject_id=delivery_id,
                     **{"from": "scheduled", "to": "queued"})


def run_dispatch(settings: Settings) -> list[Job]:
    """One dispatcher pass in its own unit of work (what the beat-driven task calls)."""
    with session_scope(settings.resolved_database_url) as session:
        return dispatch_due(session, settings, utcnow())
