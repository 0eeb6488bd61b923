"""Publishing against a platform that misbehaves: the mock's fault injection, on both stores.

Never double-post, never lose a post: every test ends by counting what the platform holds.
"""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import select

from console.views import post_view
from scheduler.db import session_scope
from scheduler.dispatcher import run_dispatch
from scheduler.models import Account, Delivery, utcnow
from scheduler.posts import get_post
from scheduler.publishing import publish_one
from scheduler.settings import Settings
from tests.pipeline import (
    deliveries,
    drain,
    make_accounts,
    platform,
    post_now,
    published_keys,
    run_jobs_once,
    set_due,
)


def _only(settings: Settings, post_id: int) -> Delivery:
    [delivery] = deliveries(settings, post_id)
    return delivery


def test_rate_limited_delivery_waits_until_the_reset(settings: Settings) -> None:
    make_accounts(settings, "main")
    platform(settings).inject_fault(account="main", operation="publish", kind="rate_limit",
                                    reset_in=120)
    post_id = post_now(settings, ["main"], "秋芳洞の営業時間のお知らせ")
    before = utcnow()
    run_jobs_once(settings)
    delivery = _only(settings, post_id)
    assert delivery.state == "scheduled"
    assert delivery.next_attempt_at >= before + timedelta(seconds=119)
    assert delivery.attempts == 0  # a rate limit is not a failed attempt
    assert "rate limited" in (delivery.last_error or "")
    assert run_jobs_once(settings) == 0  # nothing is tried before the reset
    assert published_keys(settings) == []

    with session_scope(settings.resolved_database_url) as session:  # time passes
        account = session.scalar(select(Account).where(Account.name == "main"))
        assert account is not None
        assert account.publish_hold_until is not None
        account.publish_hold_until = utcnow() - timedelta(seconds=1)
    set_due(settings, delivery.id, utcnow() - timedelta(seconds=1))
    drain(settings)
    assert _only(settings, post_id).state == "published"
    assert published_keys(settings) == [delivery.idempotency_key]


def test_server_errors_are_retried_with_backoff_then_fail_visibly(settings: Settings) -> None:
    make_accounts(settings, "main")
    platform(settings).inject_fault(account="main", operation="publish", kind="server_error",
                                    count=100)
    post_id = post_now(settings, ["main"], "道の駅のお知らせ")
    seen_waits = []
    for _ in range(settings.max_attempts):
        start = utcnow()
        run_jobs_once(settings)
        delivery = _only(settings, post_id)
        if delivery.state == "failed":
            break
        seen_waits.append((delivery.next_attempt_at - start).total_seconds())
        set_due(settings, delivery.id, utcnow())
    delivery = _only(settings, post_id)
    assert delivery.state == "failed"
    assert delivery.attempts == settings.max_attempts
    assert "503" in (delivery.last_error or "")
    assert all(wait >= 0.5 for wait in seen_waits)  # never retried at once
    with session_scope(settings.resolved_database_url) as session:
        view = post_view(get_post(session, post_id))
    assert view["publication"] == "failed"
    assert "503" in view["deliveries"][0]["last_error"]
    assert published_keys(settings) == []


def test_ambiguous_send_is_reconciled_not_resent(settings: Settings) -> None:
    make_accounts(settings, "main")
    platform(settings).inject_fault(account="main", operation="publish",
                                    kind="timeout_after_send")
    post_id = post_now(settings, ["main"], "市民会館の休館日のお知らせ")
    run_jobs_once(settings)
    assert _only(settings, post_id).state == "unknown"
    drain(settings)
    delivery = _only(settings, post_id)
    assert delivery.state == "published"
    assert delivery.attempts == 1
    assert published_keys(settings) == [delivery.idempotency_key]  # exactly once
    assert delivery.remote_id == platform(settings).snapshot()["accounts"]["main"]["posts"][0][
        "remote_id"]


def test_a_worker_killed_before_sending_is_found_missing_and_sent(settings: Settings) -> None:
    make_accounts(settings, "main")
    post_id = post_now(settings, ["main"], "図書館の特別整理期間のお知らせ")
    run_dispatch(settings)  # queued
    delivery = _only(settings, post_id)
    with session_scope(settings.resolved_database_url) as session:  # claimed, then died
        row = session.get(Delivery, delivery.id)
        assert row is not None
        row.state, row.lease_until, row.sent_at = "publishing", utcnow(), utcnow()
        row.attempts = 1
    drain(settings)
    delivery = _only(settings, post_id)
    assert delivery.state == "published"
    assert published_keys(settings) == [delivery.idempotency_key]


def test_expired_credentials_hold_deliveries_and_say_what_to_do(settings: Settings) -> None:
    make_accounts(settings, "main", "kanko")
    platform(settings).inject_fault(account="main", operation="publish", kind="auth_expired")
    post_id = post_now(settings, ["main", "kanko"], "ジオパークのガイドツアー")
    drain(settings)
    with session_scope(settings.resolved_database_url) as session:
        view = post_view(get_post(session, post_id))
        account = session.scalar(select(Account).where(Account.name == "main"))
        assert account is not None and account.auth_status == "expired"
    by_account = {d["account"]: d for d in view["deliveries"]}
    assert by_account["kanko"]["state"] == "published"
    assert by_account["main"]["state"] == "scheduled"
    assert "set-credentials" in by_account["main"]["waiting"]
    assert view["publication"] == "partly_published"
    assert run_jobs_once(settings) == 0  # waits, is not dropped

    with session_scope(settings.resolved_database_url) as session:
        account = session.scalar(select(Account).where(Account.name == "main"))
        assert account is not None
        account.auth_status, account.auth_message = "ok", None
    drain(settings)
    assert {d.state for d in deliveries(settings, post_id)} == {"published"}
    assert len(published_keys(settings)) == 2


def test_a_post_rejected_by_one_platform_is_partly_published(settings: Settings) -> None:
    make_accounts(settings, "main", "kanko")
    platform(settings).inject_fault(account="kanko", operation="publish", kind="rejected")
    post_id = post_now(settings, ["main", "kanko"], "別府弁天池の水は名水百選です")
    drain(settings)
    with session_scope(settings.resolved_database_url) as session:
        view = post_view(get_post(session, post_id))
    assert view["publication"] == "partly_published"
    states = {d["account"]: d["state"] for d in view["deliveries"]}
    assert states == {"main": "published", "kanko": "failed"}


def test_two_workers_racing_for_one_delivery_publish_it_once(settings: Settings) -> None:
    make_accounts(settings, "main")
    platform(settings).set_profile("main", name="main")
    post_id = post_now(settings, ["main"], "同時実行のテスト")
    run_dispatch(settings)
    delivery_id = _only(settings, post_id).id
    outcomes: list[str] = []
    threads = [threading.Thread(target=lambda: outcomes.append(publish_one(settings,
                                                                           delivery_id)))
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes).count("published") == 1
    assert outcomes.count("skipped") == 3
    assert len(published_keys(settings)) == 1


def test_due_order_per_account_and_emergency_first(settings: Settings) -> None:
    make_accounts(settings, "main")
    now = utcnow()
    ids = [post_now(settings, ["main"], f"お知らせ {i}",
                    at=(now + timedelta(seconds=1 + (5 - i) * 0.01)).isoformat())
           for i in range(6)]
    urgent = post_now(settings, ["main"], "避難指示が発令されました", category="emergency")
    for post_id in ids:
        set_due(settings, _only(settings, post_id).id, _only(settings, post_id).due_at
                - timedelta(seconds=2))
    drain(settings)
    keys = published_keys(settings)
    order = {d.idempotency_key: n for n, d in enumerate(
        sorted((_only(settings, p) for p in ids), key=lambda d: d.due_at))}
    assert keys[0] == _only(settings, urgent).idempotency_key
    assert [order[k] for k in keys[1:]] == sorted(order.values())


def test_a_batch_killed_mid_send_keeps_its_place_in_due_order(settings: Settings) -> None:
    """The worker died holding the first two; the next two were still waiting. Once the
    first two are found missing on the platform they go out first, not after the rest."""
    make_accounts(settings, "main")
    now = utcnow()
    ids = [post_now(settings, ["main"], f"お知らせ {i}",
                    at=(now - timedelta(seconds=30 - i)).isoformat()) for i in range(4)]
    rows = [_only(settings, post_id) for post_id in ids]
    with session_scope(settings.resolved_database_url) as session:
        for delivery in rows[:2]:
            row = session.get(Delivery, delivery.id)
            assert row is not None
            row.state, row.lease_until, row.sent_at = "publishing", utcnow(), utcnow()
            row.attempts = 1
    drain(settings)
    assert published_keys(settings) == [d.idempotency_key for d in rows]


def test_a_failed_send_keeps_its_place_and_the_posts_after_it_wait(settings: Settings) -> None:
    """The first post of a batch meets a server error: the two due after it must not go out
    ahead of it (a correction before the notice it corrects). They wait, and once the first
    is retried all three are out in due order."""
    make_accounts(settings, "main")
    now = utcnow()
    ids = [post_now(settings, ["main"], f"お知らせ {i}",
                    at=(now - timedelta(seconds=30 - i)).isoformat()) for i in range(3)]
    rows = [_only(settings, post_id) for post_id in ids]
    platform(settings).inject_fault(account="main", operation="publish", kind="server_error")
    drain(settings)
    assert published_keys(settings) in ([], [d.idempotency_key for d in rows])
    with session_scope(settings.resolved_database_url) as session:
        first = session.get(Delivery, rows[0].id)
        assert first is not None
        first.next_attempt_at = utcnow()  # its backoff is over
    drain(settings)
    assert published_keys(settings) == [d.idempotency_key for d in rows]
    assert _only(settings, ids[0]).attempts == 2
