"""Claims that hold their limit, and work found again in seconds when a message is lost —
while a batch really in flight is never sent twice. In-process, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import secrets
import time
from datetime import timedelta

from sqlalchemy import event, func, select, text, update

from connectors.base import Outgoing
from scheduler.connecting import connector_for
from scheduler.db import engine_for, is_postgres, session_scope
from scheduler.dispatcher import run_dispatch
from scheduler.enums import DeliveryState, PostState
from scheduler.models import Account, Delivery, Post, utcnow
from scheduler.publishing import publish_batch
from scheduler.registry import default_operator
from scheduler.settings import Settings
from tests.pipeline import drain, make_accounts, post_now, published_keys


def _states(settings: Settings) -> dict[str, int]:
    with session_scope(settings.resolved_database_url) as session:
        return {str(state): count for state, count in session.execute(
            select(Delivery.state, func.count()).group_by(Delivery.state))}


def test_a_claim_takes_at_most_its_batch_even_with_stale_statistics(settings: Settings) -> None:
    """On PostgreSQL a semi-join plan once re-ran the LIMIT subquery per row and took 193
    deliveries in one claim right after bulk scheduling."""
    make_accounts(settings, "main")
    url = settings.resolved_database_url
    with session_scope(url) as session:
        if is_postgres(session):
            session.execute(text("ALTER TABLE deliveries SET (autovacuum_enabled = false)"))
            session.execute(text("ANALYZE deliveries"))  # statistics of an empty table
        author = default_operator(session)
        account = session.scalar(select(Account).where(Account.name == "main"))
        now = utcnow()
        for n in range(300):
            due = now - timedelta(seconds=n)
            post = Post(author=author, text=f"お知らせ {n}", category="other",
                        state=PostState.APPROVED, due_at=due)
            session.add(post)
            session.add(Delivery(post=post, account=account, state=DeliveryState.SCHEDULED,
                                 idempotency_key=f"k-{n}-{secrets.token_hex(4)}",
                                 due_at=due, next_attempt_at=due))
    jobs = run_dispatch(settings)
    assert [len(job.delivery_ids) for job in jobs] == [settings.dispatch_batch]
    assert _states(settings)["queued"] == settings.dispatch_batch
    with session_scope(url) as session:
        firsts = list(session.scalars(select(Delivery.id).order_by(
            Delivery.due_at, Delivery.id).limit(settings.dispatch_batch)))
    assert list(jobs[0].delivery_ids) == firsts  # the most overdue, in due order


def test_the_claim_evaluates_its_limit_once_whatever_the_plan(settings: Settings) -> None:
    """A LIMIT inside ``IN (…)`` may be re-run for every row of a nested loop; under
    SKIP LOCKED each re-run can pick other rows. The claim's choice is a materialised CTE,
    scanned once."""
    make_accounts(settings, "main")
    post_now(settings, ["main"], "お知らせ")
    engine = engine_for(settings.resolved_database_url)
    if engine.dialect.name != "postgresql":
        return  # SQLite has one writer at a time and no such plan
    seen: list[tuple[str, object]] = []

    def keep(_conn: object, _cursor: object, statement: str, parameters: object,
             _context: object, _many: bool) -> None:
        if statement.lstrip().startswith("WITH chosen") or "UPDATE deliveries" in statement:
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        run_dispatch(settings)
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    claims = [item for item in seen if "chosen" in item[0]]
    assert claims
    with engine.connect() as connection:
        for statement, parameters in claims:
            plan = "\n".join(row[0] for row in connection.exec_driver_sql(
                "EXPLAIN " + statement, parameters))  # type: ignore[arg-type]
            assert "CTE chosen" in plan and "CTE Scan on chosen" in plan, plan


def test_a_message_that_never_reached_a_worker_is_handed_out_again_in_seconds(
        settings: Settings) -> None:
    # the lease is short, but long enough that a loaded machine's second pass (CI ran it
    # 0.5 s after the first once) still falls within it
    settings = settings.model_copy(update={"requeue_after": 3.0})
    make_accounts(settings, "main")
    for n in range(3):
        post_now(settings, ["main"], f"お知らせ {n}")
    [lost] = run_dispatch(settings)  # the broker then loses this message
    assert run_dispatch(settings) == []  # still within its lease: not handed out twice
    time.sleep(3.1)
    [again] = run_dispatch(settings)
    assert again.delivery_ids == lost.delivery_ids and again.token != lost.token
    late = publish_batch(settings, lost.delivery_ids, lost.token)  # the old copy arrives
    assert set(late.values()) == {"skipped"}
    assert set(publish_batch(settings, again.delivery_ids, again.token).values()) == {
        "published"}
    assert len(published_keys(settings)) == len(set(published_keys(settings))) == 3


def test_a_broker_that_forgot_is_noticed_at_once(settings: Settings) -> None:
    make_accounts(settings, "main", "kanko")
    post_now(settings, ["main"], "お知らせ")
    post_now(settings, ["kanko"], "観光のお知らせ")
    first = run_dispatch(settings, broker_epoch="epoch-1")
    started = first[0]
    with session_scope(settings.resolved_database_url) as session:  # one batch is under way
        session.execute(update(Delivery).where(Delivery.id.in_(started.delivery_ids))
                        .values(heartbeat_at=utcnow()))
    again = run_dispatch(settings, broker_epoch="epoch-2")  # Redis restarted empty
    assert [job.delivery_ids for job in again] == [first[1].delivery_ids]
    assert again[0].token != first[1].token
    with session_scope(settings.resolved_database_url) as session:
        tokens = set(session.scalars(select(Delivery.claim_token).where(
            Delivery.id.in_(started.delivery_ids))))
    assert tokens == {started.token}  # the batch in flight keeps its claim
    for job in (started, again[0]):
        publish_batch(settings, job.delivery_ids, job.token)
    assert len(published_keys(settings)) == 2


def test_a_long_batch_hands_back_what_it_could_not_send_in_time(settings: Settings) -> None:
    settings = settings.model_copy(update={"batch_seconds": 0.0})
    make_accounts(settings, "main")
    for n in range(4):
        post_now(settings, ["main"], f"お知らせ {n}")
    [job] = run_dispatch(settings)
    outcomes = publish_batch(settings, job.delivery_ids, job.token)
    assert list(outcomes.values()) == ["published", "skipped", "skipped", "skipped"]
    assert _states(settings) == {"published": 1, "scheduled": 3}
    drain(settings)
    assert _states(settings) == {"published": 4}
    assert len(published_keys(settings)) == 4


def test_a_worker_that_stops_beating_mid_send_is_reconciled_not_resent(
        settings: Settings) -> None:
    make_accounts(settings, "main")
    post_now(settings, ["main"], "お知らせ")
    assert run_dispatch(settings)
    with session_scope(settings.resolved_database_url) as session:
        account = session.scalar(select(Account))
        key = session.scalar(select(Delivery.idempotency_key))
        assert account is not None and key is not None
        # the post went out, then the worker was killed before it could say so
        connector_for(account, settings).publish(Outgoing(idempotency_key=key, text="お知らせ"))
        session.execute(update(Delivery).values(state=DeliveryState.PUBLISHING,
                                                lease_until=utcnow() - timedelta(seconds=1)))
    drain(settings)
    assert _states(settings) == {"published": 1}
    assert published_keys(settings) == [key]
