"""Notifications end to end: the real scheduler, the real store (SQLite and PostgreSQL),
apprise's ``json://`` target, and a real HTTP server on this machine standing for each
person's inbox."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import select, update

from scheduler.credentials import set_credentials
from scheduler.db import session_scope
from scheduler.enums import DeliveryState, NotificationKind
from scheduler.errors import InvalidInput
from scheduler.health import resume_account
from scheduler.models import Account, Comment, Delivery, Notification, User, utcnow
from scheduler.moderation import decide_review
from scheduler.notifications import run_notifications, set_notify_urls
from scheduler.outbox import enqueue, for_account
from scheduler.registry import add_account, add_user, default_operator
from scheduler.settings import Settings
from scheduler.sweep import sweep_account
from scheduler.vault import Vault
from tests.daemon import KOHOGATE
from tests.notify_receiver import Receiver
from tests.pipeline import deliveries, drain, platform, post_now

OFFICIAL_VIEW = "市の方針として、来年度から公共施設の利用料を改定します。"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def vault_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """A key of the test's own: nothing is written to the home folder."""
    monkeypatch.setenv("KOHOGATE_SECRET_KEYS", Vault.generate_key().decode())


def _account(settings: Settings, name: str, section: str | None = None) -> int:
    with session_scope(settings.resolved_database_url) as session:
        account = add_account(session, name=name, platform="mock",
                              kind="field" if section else "main", section=section,
                              actor=default_operator(session))
        return account.id


def _people(settings: Settings, receiver: Receiver, *people: tuple[str, str, str | None],
            **params: str) -> None:
    """Each person, with their own inbox on the receiver as their notification URL."""
    with session_scope(settings.resolved_database_url) as session:
        office = default_operator(session)
        for name, role, section in people:
            add_user(session, name=name, role=role, section=section, actor=office)
            set_notify_urls(session, settings, actor=office, user_name=name,
                            raw=receiver.url(name, **params) + "\n")


def _outbox(settings: Settings) -> list[Notification]:
    with session_scope(settings.resolved_database_url) as session:
        return list(session.scalars(select(Notification).order_by(Notification.id)))


def test_a_kessai_request_reaches_the_authors_section_head_and_the_office_head_only(
        settings: Settings, receiver: Receiver) -> None:
    _account(settings, "kankou", section="観光課")
    _people(settings, receiver, ("staff_a", "section_staff", "観光課"),
            ("head_a", "section_head", "観光課"), ("head_b", "section_head", "農林課"),
            ("chief", "office_head", "地方創生推進室"))
    settings = settings.model_copy(update={"notify_urls": SecretStr(json.dumps({
        "section_head:観光課": [receiver.url("kankou-heads-room")],
        "section_head:農林課": [receiver.url("nourin-heads-room")]}))})
    post_id = post_now(settings, ["kankou"], OFFICIAL_VIEW, author_name="staff_a",
                       needs_approval=True)

    report = run_notifications(settings)
    assert report.sent == 1
    assert receiver.inboxes() == {"head_a", "chief", "kankou-heads-room"}
    [message] = receiver.to("head_a")
    assert message["title"].startswith("【決裁依頼】") and "第4.6" in message["title"]
    assert f"投稿 {post_id} は所属長の決裁が必要です（第4.6）" in message["message"]
    assert "投稿者: staff_a（観光課）" in message["message"]
    assert f"kohogate post approve {post_id}" in message["message"]
    assert message["message"].index("決裁") < message["message"].index("approval")

    run_notifications(settings)  # said once
    assert len(receiver.messages) == 3


def test_an_account_held_is_told_once_and_again_only_when_it_happens_anew(
        settings: Settings, receiver: Receiver) -> None:
    _account(settings, "main")
    _account(settings, "nourin", section="農林課")
    _people(settings, receiver, ("office", "office_staff", "地方創生推進室"),
            ("farmer", "section_staff", "農林課"))
    mock = platform(settings)
    mock.inject_fault(account="main", operation="publish", kind="auth_expired")
    post_now(settings, ["main"], "秋吉台の山焼きは2月に行います。")
    drain(settings)
    assert [n.kind for n in _outbox(settings)] == [NotificationKind.ACCOUNT_HELD]

    for _ in range(3):
        run_notifications(settings)
    [told] = receiver.to("office")
    assert told["title"] == "【公開保留】main（認証失効）"
    assert "kohogate accounts set-credentials main" in told["message"]
    assert receiver.to("farmer") == []  # not an account the 農林課 works on

    with session_scope(settings.resolved_database_url) as session:
        resume_account(session, actor=default_operator(session), name="main")
    drain(settings)  # the waiting post goes out now
    run_notifications(settings)
    assert len(receiver.to("office")) == 1
    mock.inject_fault(account="main", operation="publish", kind="auth_expired")
    post_now(settings, ["main"], "秋芳洞の入洞時間が変わります。")
    drain(settings)
    run_notifications(settings)
    assert [m["title"] for m in receiver.to("office")] == ["【公開保留】main（認証失効）"] * 2


def test_comments_waiting_for_review_too_long_are_told_to_those_who_run_the_account(
        settings: Settings, receiver: Receiver) -> None:
    account_id = _account(settings, "kankou", section="観光課")
    _people(settings, receiver, ("staff_a", "section_staff", "観光課"),
            ("staff_b", "section_staff", "農林課"))
    post_id = post_now(settings, ["kankou"], "秋吉台の山焼きは2月18日に行います。")
    drain(settings)
    [delivery] = deliveries(settings, post_id)
    insult = "担当の佐藤はバカ"  # a named person: waits for a person (the mayor alone would not)
    platform(settings).add_comment(account="kankou", post_remote_id=delivery.remote_id or "",
                                   text=insult)
    assert sweep_account(settings, account_id).review == 1

    run_notifications(settings)
    assert receiver.messages == []  # it has only just arrived

    with session_scope(settings.resolved_database_url) as session:
        session.execute(update(Comment).values(fetched_at=utcnow() - timedelta(minutes=31)))
    run_notifications(settings)
    [told] = receiver.to("staff_a")
    assert told["title"].startswith("【コメント確認待ち】kankou")
    assert "第4.5(1)" in told["message"] and "31分" in told["message"]
    assert insult not in told["message"]  # a comment's words never leave the console
    assert receiver.to("staff_b") == []

    with session_scope(settings.resolved_database_url) as session:
        comment = session.scalars(select(Comment)).one()
        decide_review(session, settings, comment.id, "clear", default_operator(session))
    run_notifications(settings)
    [row] = _outbox(settings)
    assert row.open_key is None and row.resolved_at is not None
    assert len(receiver.messages) == 1


def test_a_failed_delivery_is_queued_with_the_failure_and_told(
        settings: Settings, receiver: Receiver, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    _account(settings, "main")
    _people(settings, receiver, ("office", "office_staff", "地方創生推進室"))
    platform(settings).inject_fault(account="main", operation="publish", kind="rejected")
    post_id = post_now(settings, ["main"], "週末のイベント情報です。")
    drain(settings)
    assert [d.state for d in deliveries(settings, post_id)] == [DeliveryState.FAILED]
    # written in the very unit of work that failed the delivery, before any scan
    [row] = _outbox(settings)
    assert row.kind == NotificationKind.DELIVERY_FAILED and row.state == "pending"
    assert not [r for r in caplog.records if r.name.startswith("scheduler")]

    run_notifications(settings)
    [told] = receiver.to("office")
    assert told["title"] == f"【公開失敗】投稿 {post_id} → main"
    assert told["type"] == "failure"
    assert f"kohogate post show {post_id}" in told["message"]


def test_the_same_thing_is_queued_once(settings: Settings) -> None:
    account_id = _account(settings, "main")
    with session_scope(settings.resolved_database_url) as session:
        first = enqueue(session, NotificationKind.ACCOUNT_HELD, key=f"{account_id}:held",
                        subject_type="account", subject_id=account_id,
                        audience=for_account(account_id), title="t", body="b")
        again = enqueue(session, NotificationKind.ACCOUNT_HELD, key=f"{account_id}:held",
                        subject_type="account", subject_id=account_id,
                        audience=for_account(account_id), title="t", body="b")
    assert (first, again) == (True, False)
    assert len(_outbox(settings)) == 1


def test_a_failing_target_is_tried_again_alone_and_never_holds_up_publishing(
        settings: Settings, receiver: Receiver) -> None:
    _account(settings, "main")
    _people(settings, receiver, ("steady", "office_staff", "地方創生推進室"),
            ("flaky", "office_head", "地方創生推進室"))
    receiver.fail("flaky", 1)
    platform(settings).inject_fault(account="main", operation="publish", kind="rejected")
    post_now(settings, ["main"], "週末のイベント情報です。")
    drain(settings)

    first = run_notifications(settings)
    assert (first.sent, first.retrying) == (0, 1)
    [row] = _outbox(settings)
    assert row.state == "pending" and row.attempts == 1 and len(row.delivered) == 1
    assert row.last_error and "127.0.0.1" not in row.last_error  # a URL is never shown
    assert len(receiver.to("steady")) == 1 and receiver.to("flaky") == []

    with session_scope(settings.resolved_database_url) as session:
        session.execute(update(Notification).values(next_attempt_at=utcnow()))
    second = run_notifications(settings)
    assert second.sent == 1
    assert len(receiver.to("flaky")) == 1
    assert len(receiver.to("steady")) == 1  # not told twice

    # a target that hangs: publishing goes on while the notification waits for it
    _people(settings, receiver, ("slow", "office_staff", "地方創生推進室"), rto="30")
    let_go = receiver.hold("slow")
    receiver.arrived.clear()
    platform(settings).inject_fault(account="main", operation="publish", kind="rejected")
    post_now(settings, ["main"], "二つ目のお知らせです。")
    drain(settings)
    slow_settings = settings.model_copy(update={"notify_timeout": 30.0})
    sending = threading.Thread(target=run_notifications, args=(slow_settings,))
    sending.start()
    try:
        assert receiver.arrived.wait(30)
        post_id = post_now(settings, ["main"], "三つ目のお知らせです。")
        drain(settings)
        assert [d.state for d in deliveries(settings, post_id)] == [DeliveryState.PUBLISHED]
        assert sending.is_alive()  # still waiting on the slow inbox
    finally:
        let_go.set()
        sending.join(60)
    assert len(receiver.to("slow")) == 1


def test_credentials_about_to_expire_are_told_once_until_renewed(
        settings: Settings, receiver: Receiver) -> None:
    _account(settings, "main")
    _people(settings, receiver, ("office", "office_staff", "地方創生推進室"))
    soon = int((utcnow() + timedelta(days=3, hours=1)).timestamp())
    with session_scope(settings.resolved_database_url) as session:
        set_credentials(session, settings, actor=default_operator(session), name="main",
                        raw=json.dumps({"page_token": "secret-token", "expires_at": str(soon)}))
    run_notifications(settings)
    run_notifications(settings)
    [told] = receiver.to("office")
    assert told["title"] == "【認証期限】main（あと3日）"
    assert "secret-token" not in told["message"]

    later = int((utcnow() + timedelta(days=60)).timestamp())
    with session_scope(settings.resolved_database_url) as session:
        set_credentials(session, settings, actor=default_operator(session), name="main",
                        raw=json.dumps({"page_token": "renewed", "expires_at": str(later)}))
    run_notifications(settings)
    [row] = _outbox(settings)
    assert row.open_key is None
    assert len(receiver.to("office")) == 1


def test_a_persons_urls_are_kept_encrypted_and_never_echoed(
        settings: Settings, receiver: Receiver) -> None:
    _people(settings, receiver, ("alice", "office_staff", "地方創生推進室"))
    with session_scope(settings.resolved_database_url) as session:
        alice = session.scalars(select(User).where(User.name == "alice")).one()
        assert alice.notify_token and "127.0.0.1" not in alice.notify_token
        with pytest.raises(InvalidInput) as refused:
            set_notify_urls(session, settings, actor=alice, user_name="alice",
                            raw=receiver.url("alice") + "\nnot-a-url://secret-token-123\n")
        assert "2件目" in refused.value.ja and "secret-token-123" not in str(refused.value)


def test_kohogate_users_notify_reads_urls_from_stdin_and_never_prints_them(
        tmp_path: Path, receiver: Receiver) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOHOGATE_")}
    env.update(KOHOGATE_DATA_DIR=str(tmp_path / "data"),
               KOHOGATE_SECRET_KEYS=os.environ["KOHOGATE_SECRET_KEYS"])

    def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([KOHOGATE, *args], env=env, capture_output=True, text=True,
                              timeout=60, input=stdin)

    assert cli("users", "add", "--name", "alice", "--role", "office_head").returncode == 0
    url = receiver.url("alice-secret-token-abc")
    kept = cli("users", "notify", "alice", stdin=f"# 室長のチャット\n{url}\n")
    assert kept.returncode == 0, kept.stderr
    assert kept.stdout.strip() == "「alice」の通知先を1件、暗号化して保存しました"
    refused = cli("users", "notify", "alice", stdin="nonsense://secret-token-xyz\n")
    assert refused.returncode == 2
    assert "1件目の通知先URL" in refused.stderr
    for done in (kept, refused):
        assert "secret-token" not in done.stdout + done.stderr
    store = b"".join(f.read_bytes() for f in (tmp_path / "data").glob("kohogate.sqlite*"))
    assert b"alice" in store and b"alice-secret-token-abc" not in store
    cleared = cli("users", "notify", "alice", stdin="")
    assert cleared.stdout.strip() == "「alice」の通知先を解除しました"


def test_a_long_rate_limit_hold_is_told_and_a_short_one_is_not(
        settings: Settings, receiver: Receiver) -> None:
    account_id = _account(settings, "main")
    _people(settings, receiver, ("office", "office_staff", "地方創生推進室"))

    def hold_for(minutes: float) -> None:
        with session_scope(settings.resolved_database_url) as session:
            session.execute(update(Account).where(Account.id == account_id).values(
                publish_hold_until=utcnow() + timedelta(minutes=minutes)))

    hold_for(5)  # an ordinary window reset: nobody needs to hear of it
    run_notifications(settings)
    assert receiver.messages == []
    hold_for(24 * 60)  # a daily cap: publishing stops until tomorrow
    run_notifications(settings)
    [told] = receiver.to("office")
    assert told["title"] == "【公開保留】main（レート制限）"
    assert "再開は自動です" in told["message"]


def test_a_delivery_whose_fate_stays_unknown_is_told(
        settings: Settings, receiver: Receiver) -> None:
    _account(settings, "main")
    _people(settings, receiver, ("office", "office_staff", "地方創生推進室"))
    mock = platform(settings)
    mock.inject_fault(account="main", operation="publish", kind="timeout_after_send")
    mock.inject_fault(account="main", operation="find_published", kind="server_error",
                      count=100)
    post_id = post_now(settings, ["main"], "週末のイベント情報です。")
    drain(settings)
    [delivery] = deliveries(settings, post_id)
    assert delivery.state == DeliveryState.UNKNOWN
    run_notifications(settings)
    assert receiver.messages == []  # most are settled within seconds

    with session_scope(settings.resolved_database_url) as session:
        session.execute(update(Delivery).values(sent_at=utcnow() - timedelta(minutes=11)))
    run_notifications(settings)
    [told] = receiver.to("office")
    assert told["title"] == f"【公開確認中】投稿 {post_id} → main"
    assert "二重投稿を避けるため" in told["message"]
