"""Publishing the deliveries of one claimed batch, and reconciling one whose send was
ambiguous.

Never double-post: the batch's deliveries are taken from ``queued`` to ``publishing`` by
one atomic, durable compare-and-set on the batch's claim token before anything is sent.
An answer we did not get (a timeout after sending, a worker
killed mid-call, an unexpected exception after the call began) makes it ``unknown``, and
an unknown delivery is looked for on the platform before any new attempt. While a batch
runs, a heartbeat keeps its claim alive; a batch that runs past its time budget hands the
rest back, so no message waits in the broker long enough to be given up.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, select, text, update
from sqlalchemy.orm import Session, joinedload

from connectors.base import (
    Ambiguous,
    AuthExpired,
    Connector,
    Media,
    Outgoing,
    RateLimited,
    Rejected,
    Transient,
    Unsupported,
)
from scheduler.connecting import connector_for
from scheduler.costs import cost_cap_reached, record_usage
from scheduler.db import is_postgres, session_scope
from scheduler.dispatcher import UNCLAIMED
from scheduler.enums import DeliveryEvent, DeliveryState
from scheduler.gate import check_post
from scheduler.health import hold_for_person, hold_until, mark_auth_expired
from scheduler.models import Account, Delivery, Post, utcnow
from scheduler.settings import Settings
from scheduler.states import move

log = logging.getLogger(__name__)
#: outcomes after which a row is still to be published (a retry, a look on the platform, an
#: account hold): the rest of its batch waits, so the account's due order holds
STILL_OWED = frozenset({"scheduled", "unknown"})
D, DE = DeliveryState, DeliveryEvent

#: how far back to look for an ambiguous send on the platform
RECONCILE_WINDOW = timedelta(minutes=10)


def backoff(settings: Settings, attempts: int) -> timedelta:
    """Exponential with full jitter, capped: many failing deliveries do not retry in step."""
    ceiling = min(settings.retry_max_seconds, settings.retry_base_seconds * 2 ** (attempts - 1))
    return timedelta(seconds=max(1.0, random.uniform(ceiling / 2, ceiling)))


def publish_batch(settings: Settings, delivery_ids: Sequence[int],
                  token: str | None) -> dict[int, str]:
    """Publish the queued deliveries of one batch in the order given (their due order),
    if this task still holds their claim. Returns each delivery's state afterwards
    (``skipped``: not ours any more)."""
    outcomes = {i: "skipped" for i in delivery_ids}
    rows = _claim(settings, delivery_ids, token)
    if not rows:
        return outcomes
    connectors: dict[int, Connector] = {}
    started = time.monotonic()
    with _heartbeat(settings, [d.id for d in rows], token):
        for index, delivery in enumerate(rows):
            delay = (delivery.next_attempt_at - utcnow()).total_seconds()
            # the wait for a row handed out early counts against the budget too: a batch
            # that overran it could meet the task's time limit mid-send
            if index and time.monotonic() - started + max(delay, 0) > settings.batch_seconds:
                _release(settings, [d.id for d in rows[index:]], token,
                         "時間枠を使い切ったため残りを次の回に回します")
                break
            if 0 < delay <= settings.dispatch_lookahead + 1:
                time.sleep(delay)  # handed out a little early; never published early
            outcomes[delivery.id] = _publish_claimed(settings, delivery, connectors)
            if outcomes[delivery.id] in STILL_OWED and index + 1 < len(rows):
                # the account's order holds: nothing later goes out ahead of this row
                _release(settings, [d.id for d in rows[index + 1:]], token,
                         "先の投稿の公開が済むまで待ちます")
                break
    return outcomes


def publish_one(settings: Settings, delivery_id: int) -> str:
    """Publish one queued delivery under whatever claim it holds (tools and tests)."""
    with session_scope(settings.resolved_database_url) as session:
        token = session.scalar(select(Delivery.claim_token).where(Delivery.id == delivery_id))
    return publish_batch(settings, [delivery_id], token)[delivery_id]


def _held_by(token: str | None) -> ColumnElement[bool]:
    return Delivery.claim_token.is_(None) if token is None else Delivery.claim_token == token


def _claim(settings: Settings, delivery_ids: Sequence[int], token: str | None
           ) -> list[Delivery]:
    """queued → publishing for the batch's rows this claim still holds, in one durable
    commit before anything is sent (never relaxed): after a crash a row is looked for on
    the platform, never simply sent again. Returns them in the batch's order, with their
    posts and accounts."""
    now = utcnow()
    with session_scope(settings.resolved_database_url) as session:
        taken = move(session, DE.CLAIM, list(delivery_ids), actor="worker",
                     where=[_held_by(token)],
                     values={"lease_until": now + timedelta(seconds=settings.heartbeat_lease),
                             "sent_at": now, "heartbeat_at": now,
                             "attempts": Delivery.attempts + 1})
        rows = session.scalars(
            select(Delivery).where(Delivery.id.in_(taken))
            .options(joinedload(Delivery.post).lazyload(Post.deliveries),
                     joinedload(Delivery.account))).unique().all() if taken else []
    order = {delivery_id: n for n, delivery_id in enumerate(delivery_ids)}
    return sorted(rows, key=lambda d: order[d.id])


def _release(settings: Settings, delivery_ids: list[int], token: str | None,
             message: str) -> None:
    """Hand back what this batch has not sent: it was never in the air."""
    with session_scope(settings.resolved_database_url) as session:
        move(session, DE.RELEASE, delivery_ids, from_states=(D.PUBLISHING,), actor="worker",
             where=[_held_by(token)],
             values={**UNCLAIMED, "attempts": Delivery.attempts - 1}, message=message)


@contextmanager
def _heartbeat(settings: Settings, delivery_ids: list[int], token: str | None
               ) -> Iterator[None]:
    """Keep this batch's claim alive while it runs: a worker that dies stops beating, and
    its rows are handed out again (or reconciled) seconds later, not minutes."""
    stop = threading.Event()

    def beat() -> None:
        while True:
            try:
                now = utcnow()
                with session_scope(settings.resolved_database_url) as session:
                    session.execute(
                        update(Delivery).where(Delivery.id.in_(delivery_ids), _held_by(token),
                                               Delivery.state.in_((D.QUEUED, D.PUBLISHING)))
                        .values(heartbeat_at=now, lease_until=now + timedelta(
                            seconds=settings.heartbeat_lease))
                        .execution_options(synchronize_session=False))
            except Exception:  # the store may be away for a moment; keep beating
                log.warning("heartbeat for %s failed", delivery_ids[:3], exc_info=True)
            if stop.wait(settings.heartbeat_interval):
                return

    thread = threading.Thread(target=beat, name="kohogate-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def _publish_claimed(settings: Settings, delivery: Delivery,
                     connectors: dict[int, Connector]) -> str:
    account, post = delivery.account, delivery.post
    with session_scope(settings.resolved_database_url) as session:
        relax_durability(session)
        verdict = check_post(post, account, settings.policy_path)
        if verdict.decision == "block":
            _finish(session, delivery, DE.BLOCKED, actor="gate",
                    message="公開直前の判定でブロックされました: " + "、".join(verdict.citations),
                    values={"last_error": "gate: " + ", ".join(verdict.citations),
                            "lease_until": None},
                    grounds=list(verdict.grounds), citations=list(verdict.citations))
            return "failed"
        hold = cost_cap_reached(session, account, utcnow(), settings.timezone)
        if hold:
            hold_for_person(session, account, hold)
            _finish(session, delivery, DE.HOLD, actor="worker", message=hold,
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
            _finish(session, delivery, DE.AMBIGUOUS, actor="worker",
                    message=exc.operator_message,
                    values={"last_error": str(exc), "lease_until": None,
                            "next_attempt_at": utcnow() + timedelta(
                                seconds=settings.reconcile_after)})
            return "unknown"
        except Transient as exc:
            return _transient(session, settings, delivery, exc)
        except (Rejected, Unsupported) as exc:
            _finish(session, delivery, DE.GIVE_UP, actor="worker", message=exc.operator_message,
                    values={"last_error": f"{exc} ({exc.platform_message or ''})",
                            "lease_until": None})
            return "failed"
        except Exception as exc:  # a bug or a library surprise mid-call: maybe sent
            log.exception("publish of delivery %s ended unexpectedly", delivery.id)
            if connector is None:  # it never got as far as the platform
                _finish(session, delivery, DE.RETRY, actor="worker",
                        message=f"接続の準備に失敗しました: {type(exc).__name__}",
                        values={"last_error": f"setup: {type(exc).__name__}: {exc}",
                                "lease_until": None,
                                "next_attempt_at": utcnow() + backoff(settings, 1)})
                return "scheduled"
            _finish(session, delivery, DE.AMBIGUOUS, actor="worker",
                    message="予期しないエラーのため公開の有無を確認します",
                    values={"last_error": f"unexpected: {type(exc).__name__}",
                            "lease_until": None, "next_attempt_at": utcnow()})
            return "unknown"
        finally:
            if connector is not None:
                record_usage(session, account.id, connector)
        _mark_published(session, delivery.id, published.remote_id, published.url,
                        published.published_at or utcnow(), event=DE.OK)
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


def _finish(session: Session, delivery: Delivery, event: DeliveryEvent, *, actor: str,
            message: str | None, values: dict[str, object], **data: Any) -> None:
    move(session, event, [delivery.id], from_states=(D.PUBLISHING,), actor=actor,
         message=message, values={**UNCLAIMED, **values}, **data)


def _mark_published(session: Session, delivery_id: int, remote_id: str, url: str | None,
                    published_at: datetime, *, event: DeliveryEvent) -> None:
    """Published wins over any other view: even if the lease ran out meanwhile and the
    dispatcher called the delivery unknown, what the platform confirmed is the truth."""
    values = _published(remote_id, url, published_at)
    if event == DE.OK and move(session, DE.OK, [delivery_id], from_states=(D.PUBLISHING,),
                               actor="worker", values=values, remote_id=remote_id):
        return
    move(session, DE.FOUND, [delivery_id], from_states=(D.UNKNOWN,), actor="worker",
         values=values, remote_id=remote_id)


def _published(remote_id: str, url: str | None, published_at: datetime) -> dict[str, object]:
    return {"remote_id": remote_id, "remote_url": url, "published_at": published_at,
            "last_error": None, **UNCLAIMED}


def _rate_limited(session: Session, delivery: Delivery, account: Account,
                  exc: RateLimited) -> str:
    now = utcnow()
    reset_at = exc.reset_at if exc.reset_at and exc.reset_at > now else now + timedelta(
        seconds=60)
    hold_until(session, account.id, reset_at)
    _finish(session, delivery, DE.RATE_LIMITED, actor="worker", message=exc.operator_message,
            values={"next_attempt_at": reset_at, "lease_until": None,
                    "attempts": Delivery.attempts - 1,
                    "last_error": f"rate limited until {reset_at.isoformat()}"},
            reset_at=reset_at.isoformat())
    return "scheduled"


def _auth_expired(session: Session, delivery: Delivery, account: Account,
                  exc: AuthExpired) -> str:
    mark_auth_expired(session, account, exc)
    _finish(session, delivery, DE.WAIT_AUTH, actor="worker", message=exc.operator_message,
            values={"lease_until": None, "attempts": Delivery.attempts - 1,
                    "last_error": "認証情報の失効により待機中 / waiting for renewed credentials"})
    return "scheduled"


def _transient(session: Session, settings: Settings, delivery: Delivery,
               exc: Transient) -> str:
    attempts = session.scalar(select(Delivery.attempts).where(Delivery.id == delivery.id)) or 0
    error = f"{exc} ({exc.platform_message or ''})"
    if attempts >= settings.max_attempts:
        _finish(session, delivery, DE.GIVE_UP, actor="worker",
                message=f"{attempts}回試行しましたが公開できませんでした: {exc.operator_message}",
                values={"last_error": error, "lease_until": None})
        return "failed"
    _finish(session, delivery, DE.RETRY, actor="worker", message=exc.operator_message,
            values={"last_error": error, "lease_until": None,
                    "next_attempt_at": utcnow() + backoff(settings, attempts)})
    return "scheduled"


def reconcile(settings: Settings, delivery_id: int) -> str:
    """Look for an ambiguous send on the platform; re-send only if it is not there."""
    with session_scope(settings.resolved_database_url) as session:
        delivery = session.get(Delivery, delivery_id)
        if delivery is None or delivery.state != D.UNKNOWN:
            return "skipped"
        account = delivery.account
        since = (delivery.sent_at or delivery.due_at) - RECONCILE_WINDOW
        try:
            found = connector_for(account, settings).find_published(outgoing_for(delivery),
                                                                    since)
        except RateLimited as exc:
            delivery.next_attempt_at = exc.reset_at or utcnow() + timedelta(seconds=60)
            delivery.lease_until = None
            return D.UNKNOWN
        except AuthExpired as exc:
            mark_auth_expired(session, account, exc)
            delivery.lease_until = None
            return D.UNKNOWN
        except Transient as exc:
            delivery.next_attempt_at = utcnow() + backoff(settings, delivery.attempts)
            delivery.last_error = f"reconcile: {exc}"
            delivery.lease_until = None
            return D.UNKNOWN
        except Unsupported as exc:
            move(session, DE.GIVE_UP, [delivery_id], from_states=(D.UNKNOWN,), actor="worker",
                 message="公開の有無を確認できません。プラットフォーム上で確認してください。",
                 values={"last_error": f"cannot reconcile: {exc}", **UNCLAIMED})
            return D.FAILED
        if found is not None:
            _mark_published(session, delivery_id, found.remote_id, found.url,
                            found.published_at or utcnow(), event=DE.FOUND)
            return D.PUBLISHED
        if delivery.attempts >= settings.max_attempts:
            move(session, DE.GIVE_UP, [delivery_id], from_states=(D.UNKNOWN,), actor="worker",
                 message="公開されていないことを確認しましたが、試行回数の上限です",
                 values=UNCLAIMED)
            return D.FAILED
        move(session, DE.NOT_FOUND, [delivery_id], from_states=(D.UNKNOWN,), actor="worker",
             message="プラットフォーム上に見つからないため再送します",
             values={**UNCLAIMED, "next_attempt_at": utcnow()})
        return D.SCHEDULED
