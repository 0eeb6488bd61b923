"""Publishing one claimed delivery, and reconciling one whose send was ambiguous.

Never double-post: a delivery is claimed by an atomic compare-and-set before the send;
an answer we did not get (timeout after sending, a worker killed mid-call, an unexpected
exception after the call began) makes it ``unknown``, and an unknown delivery is looked
for on the platform before any new attempt.
"""

from __future__ import annotations

import logging
import random
import time
from datetime import datetime, timedelta

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session, joinedload

from connectors.base import (
    Ambiguous,
    AuthExpired,
    Connector,
    ConnectorError,
    Media,
    Outgoing,
    RateLimited,
    Rejected,
    Transient,
    Unsupported,
)
from scheduler import audit
from scheduler.connecting import connector_for
from scheduler.costs import cost_cap_reached, record_usage
from scheduler.db import is_postgres, session_scope
from scheduler.gate import check_post
from scheduler.models import Account, Delivery, Post, utcnow
from scheduler.settings import Settings
from scheduler.states import compare_and_set

log = logging.getLogger(__name__)

#: how far back to look for an ambiguous send on the platform
RECONCILE_WINDOW = timedelta(minutes=10)


def backoff(settings: Settings, attempts: int) -> timedelta:
    """Exponential with full jitter, capped: many failing deliveries do not retry in step."""
    ceiling = min(settings.retry_max_seconds, settings.retry_base_seconds * 2 ** (attempts - 1))
    return timedelta(seconds=max(1.0, random.uniform(ceiling / 2, ceiling)))


def publish_batch(settings: Settings, delivery_ids: list[int] | tuple[int, ...]) -> dict[int, str]:
    """Publish queued deliveries of one account in the order given (their due order).

    The whole batch is claimed in one compare-and-set (queued → publishing, with a lease),
    then each delivery is sent and its outcome committed before the next one. A worker
    killed anywhere in between leaves ``publishing`` rows whose lease runs out; the
    dispatcher turns them ``unknown`` and each is looked for on the platform before any
    new attempt. Returns each delivery's state afterwards (``skipped``: not ours)."""
    claimed = _claim_batch(settings, delivery_ids)
    outcomes = {i: "skipped" for i in delivery_ids}
    connectors: dict[int, Connector] = {}
    for delivery in claimed:
        delay = (delivery.next_attempt_at - utcnow()).total_seconds()
        if 0 < delay <= settings.dispatch_lookahead + 1:
            time.sleep(delay)  # handed out a little early; never published early
        outcomes[delivery.id] = _publish_claimed(settings, delivery, connectors)
    return outcomes


def publish_one(settings: Settings, delivery_id: int) -> str:
    return publish_batch(settings, [delivery_id])[delivery_id]


def _claim_batch(settings: Settings, delivery_ids: list[int] | tuple[int, ...]
                 ) -> list[Delivery]:
    now = utcnow()
    # the task is killed at its hard time limit, so past this the claim is surely dead
    lease = now + timedelta(seconds=settings.task_time_limit * 1.5)
    with session_scope(settings.resolved_database_url) as session:
        taken = set(session.scalars(
            update(Delivery).where(Delivery.id.in_(delivery_ids), Delivery.state == "queued")
            .values(state="publishing", lease_until=lease, sent_at=now,
                    attempts=Delivery.attempts + 1)
            .returning(Delivery.id).execution_options(synchronize_session=False)))
        for delivery_id in taken:
            audit.record(session, actor="worker", kind="delivery.claim",
                         subject_type="delivery", subject_id=delivery_id,
                         **{"from": "queued", "to": "publishing"})
        rows = session.scalars(
            select(Delivery).where(Delivery.id.in_(taken))
            .options(joinedload(Delivery.post).lazyload(Post.deliveries),
                     joinedload(Delivery.account))).unique().all()
    order = {delivery_id: n for n, delivery_id in enumerate(delivery_ids)}
    return sorted(rows, key=lambda d: order[d.id])


def _publish_claimed(settings: Settings, delivery: Delivery,
                     connectors: dict[int, Connector]) -> str:
    account, post = delivery.account, delivery.post
    with session_scope(settings.resolved_database_url) as session:
        relax_durability(session)
        verdict = check_post(post, account, settings.policy_path)
        if verdict.decision == "block":
            _finish(session, delivery, "blocked", actor="gate",
                    message="公開直前の判定でブロックされました: " + "、".join(verdict.citations),
                    values={"last_error": "gate: " + ", ".join(verdict.citations),
                            "lease_until": None},
                    grounds=list(verdict.grounds), citations=list(verdict.citations))
            return "failed"
        hold = cost_cap_reached(session, account, utcnow(), settings.timezone)
        if hold:
            session.execute(update(Account).where(Account.id == account.id)
                            .values(hold_reason=hold))
            _finish(session, delivery, "hold", actor="worker", message=hold,
                    values={"lease_until": None, "attempts": Delivery.attempts - 1,
                            "last_error": hold})
            return "scheduled"
        outgoing = outgoing_for(delivery)
        connector = connectors.get(account.id)
        try:
            if connector is None:
                connector = connectors[account.id] = connector_for(account, settings)
            published = connector.publish(outgoing)
        except RateLimited as exc:
            return _rate_limited(session, delivery, account, exc)
        except AuthExpired as exc:
            return _auth_expired(session, delivery, account, exc)
        except Ambiguous as exc:
            _finish(session, delivery, "ambiguous", actor="worker",
                    message=exc.operator_message,
                    values={"last_error": str(exc), "lease_until": None,
                            "next_attempt_at": utcnow() + timedelta(
                                seconds=settings.reconcile_after)})
            return "unknown"
        except Transient as exc:
            return _transient(session, settings, delivery, exc)
        except (Rejected, Unsupported) as exc:
            _finish(session, delivery, "give_up", actor="worker", message=exc.operator_message,
                    values={"last_error": f"{exc} ({exc.platform_message or ''})",
                            "lease_until": None})
            return "failed"
        except Exception as exc:  # a bug or a library surprise mid-call: maybe sent
            log.exception("publish of delivery %s ended unexpectedly", delivery.id)
            if connector is None:  # it never got as far as the platform
                _finish(session, delivery, "retry", actor="worker",
                        message=f"接続の準備に失敗しました: {type(exc).__name__}",
                        values={"last_error": f"setup: {type(exc).__name__}: {exc}",
                                "lease_until": None,
                                "next_attempt_at": utcnow() + backoff(settings, 1)})
                return "scheduled"
            _finish(session, delivery, "ambiguous", actor="worker",
                    message="予期しないエラーのため公開の有無を確認します",
                    values={"last_error": f"unexpected: {type(exc).__name__}",
                            "lease_until": None, "next_attempt_at": utcnow()})
            return "unknown"
        finally:
            if connector is not None:
                record_usage(session, account.id, connector)
        _mark_published(session, delivery.id, published.remote_id, published.url,
                        published.published_at or utcnow(), event="ok")
        return "published"


def outgoing_for(delivery: Delivery) -> Outgoing:
    post = delivery.post
    return Outgoing(idempotency_key=delivery.idempotency_key, text=post.text, link=post.link,
                    media=tuple(Media(kind=m.get("kind", "image"), url=m.get("url"),
                                      path=m.get("path")) for m in post.media or []))


def relax_durability(session: Session) -> None:
    """An outcome may be committed without waiting for the disk (PostgreSQL). Losing it in a
    database crash is safe: the claim before it was durable, so the delivery stays
    ``publishing`` until its lease runs out, and is then looked for on the platform before
    anything is sent again. The claim itself is never relaxed."""
    if is_postgres(session):
        session.execute(text("SET LOCAL synchronous_commit TO OFF"))


def _finish(session: Session, delivery: Delivery, event: str, *, actor: str,
            message: str | None, values: dict[str, object], **data: object) -> None:
    compare_and_set(session, delivery.id, ("publishing",), event, actor=actor,
                    message=message, values=values, **data)


def _mark_published(session: Session, delivery_id: int, remote_id: str, url: str | None,
                    published_at: datetime, *, event: str) -> None:
    """Published wins over any other view: even if the lease ran out meanwhile and the
    dispatcher called the delivery unknown, what the platform confirmed is the truth."""
    compare_and_set(session, delivery_id, ("publishing", "unknown"), event, actor="worker",
                    values={"remote_id": remote_id, "remote_url": url,
                            "published_at": published_at, "lease_until": None,
                            "last_error": None},
                    remote_id=remote_id)


def _rate_limited(session: Session, delivery: Delivery, account: Account,
                  exc: RateLimited) -> str:
    now = utcnow()
    reset_at = exc.reset_at if exc.reset_at and exc.reset_at > now else now + timedelta(
        seconds=60)
    session.execute(update(Account).where(Account.id == account.id)
                    .values(publish_hold_until=reset_at))
    _finish(session, delivery, "rate_limited", actor="worker", message=exc.operator_message,
            values={"next_attempt_at": reset_at, "lease_until": None,
                    "attempts": Delivery.attempts - 1,
                    "last_error": f"rate limited until {reset_at.isoformat()}"},
            reset_at=reset_at.isoformat())
    return "scheduled"


def _auth_expired(session: Session, delivery: Delivery, account: Account,
                  exc: AuthExpired) -> str:
    mark_auth_expired(session, account, exc)
    _finish(session, delivery, "wait_auth", actor="worker", message=exc.operator_message,
            values={"lease_until": None, "attempts": Delivery.attempts - 1,
                    "last_error": "認証情報の失効により待機中 / waiting for renewed credentials"})
    return "scheduled"


def mark_auth_expired(session: Session, account: Account, exc: ConnectorError) -> None:
    if account.auth_status != "expired":
        audit.record(session, actor="worker", kind="account.auth_expired",
                     subject_type="account", subject_id=account.id,
                     message=exc.operator_message, platform_message=exc.platform_message)
    session.execute(update(Account).where(Account.id == account.id)
                    .values(auth_status="expired", auth_message=exc.operator_message))


def _transient(session: Session, settings: Settings, delivery: Delivery,
               exc: Transient) -> str:
    attempts = session.scalar(select(Delivery.attempts).where(Delivery.id == delivery.id)) or 0
    error = f"{exc} ({exc.platform_message or ''})"
    if attempts >= settings.max_attempts:
        _finish(session, delivery, "give_up", actor="worker",
                message=f"{attempts}回試行しましたが公開できませんでした: {exc.operator_message}",
                values={"last_error": error, "lease_until": None})
        return "failed"
    _finish(session, delivery, "retry", actor="worker", message=exc.operator_message,
            values={"last_error": error, "lease_until": None,
                    "next_attempt_at": utcnow() + backoff(settings, attempts)})
    return "scheduled"


def reconcile(settings: Settings, delivery_id: int) -> str:
    """Look for an ambiguous send on the platform; re-send only if it is not there."""
    with session_scope(settings.resolved_database_url) as session:
        delivery = session.get(Delivery, delivery_id)
        if delivery is None or delivery.state != "unknown":
            return "skipped"
        account = delivery.account
        since = (delivery.sent_at or delivery.due_at) - RECONCILE_WINDOW
        outgoing = outgoing_for(delivery)
        try:
            found = connector_for(account, settings).find_published(
                outgoing, since)
        except RateLimited as exc:
            delivery.next_attempt_at = exc.reset_at or utcnow() + timedelta(seconds=60)
            delivery.lease_until = None
            return "unknown"
        except AuthExpired as exc:
            mark_auth_expired(session, account, exc)
            delivery.lease_until = None
            return "unknown"
        except Transient as exc:
            delivery.next_attempt_at = utcnow() + backoff(settings, delivery.attempts)
            delivery.last_error = f"reconcile: {exc}"
            delivery.lease_until = None
            return "unknown"
        except Unsupported as exc:
            compare_and_set(session, delivery_id, ("unknown",), "give_up", actor="worker",
                            message="公開の有無を確認できません。プラットフォーム上で確認してください。",
                            values={"last_error": f"cannot reconcile: {exc}",
                                    "lease_until": None})
            return "failed"
        if found is not None:
            _mark_published(session, delivery_id, found.remote_id, found.url,
                            found.published_at or utcnow(), event="found")
            return "published"
        if delivery.attempts >= settings.max_attempts:
            compare_and_set(session, delivery_id, ("unknown",), "give_up", actor="worker",
                            message="公開されていないことを確認しましたが、試行回数の上限です",
                            values={"lease_until": None})
            return "failed"
        compare_and_set(session, delivery_id, ("unknown",), "not_found", actor="worker",
                        message="プラットフォーム上に見つからないため再送します",
                        values={"lease_until": None, "next_attempt_at": utcnow()})
        return "scheduled"
