"""Webhooks end to end: the mock platform delivers a signed announcement to the real
console, which hands each comment to a real worker — harm hidden in seconds, forged or
unsigned deliveries refused with nothing processed, redeliveries handled once."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from connectors._webhooks import sign_hex
from console.web.app import create_app
from scheduler.credentials import set_credentials
from scheduler.db import session_scope
from scheduler.models import Comment, ModerationAction
from scheduler.registry import add_account, default_operator
from scheduler.settings import Settings
from tests.daemon import KOHOGATE, Daemon, RedisServer, free_port, wait_for
from tests.pipeline import deliveries, drain, make_accounts, platform, post_now

SECRET = "mock-app-secret-0123456789"


def _secrets(settings: Settings, account: str, **secrets: str) -> None:
    with session_scope(settings.resolved_database_url) as session:
        set_credentials(session, settings, actor=default_operator(session), name=account,
                        raw=json.dumps(secrets))


def _comments(settings: Settings) -> int:
    with session_scope(settings.resolved_database_url) as session:
        return session.scalar(select(func.count(Comment.id))) or 0


def _client(settings: Settings) -> TestClient:
    return TestClient(create_app(settings.model_copy(update={
        "session_secret": "test-session-secret-" + "x" * 20})))


def test_unsigned_or_forged_deliveries_are_refused_with_nothing_processed(
        settings: Settings) -> None:
    make_accounts(settings, "main")
    _secrets(settings, "main", app_secret=SECRET)
    post_id = post_now(settings, ["main"], "秋吉台の山焼きのお知らせ")
    drain(settings)
    [delivery] = deliveries(settings, post_id)
    body = json.dumps({"object": "page", "entry": [{"id": "mock-main", "time": 1, "changes": [
        {"field": "feed", "value": {"item": "comment", "verb": "add", "comment_id": "c1",
                                    "post_id": delivery.remote_id, "message": "電話090-1111-2222",
                                    "from": {"id": "u1", "name": "x"}}}]}]}).encode()
    client = _client(settings)
    for headers in ({}, {"X-Hub-Signature-256": "sha256=" + "0" * 64},
                    {"X-Hub-Signature-256": sign_hex("someone-else's-secret", body)}):
        answer = client.post("/hooks/mock", content=body, headers=headers)
        assert answer.status_code == 403
    assert client.post("/hooks/nowhere", content=body).status_code == 404
    assert _comments(settings) == 0


def test_the_subscription_check_is_answered_only_with_our_verify_token(
        settings: Settings) -> None:
    with session_scope(settings.resolved_database_url) as session:
        add_account(session, name="fb", platform="facebook", actor=default_operator(session),
                    options={"page_id": "1234"})
    _secrets(settings, "fb", page_access_token="t", app_secret=SECRET,
             verify_token="kohogate-verify")
    client = _client(settings)
    ours = client.get("/hooks/meta", params={"hub.mode": "subscribe",
                                             "hub.verify_token": "kohogate-verify",
                                             "hub.challenge": "1158201444"})
    assert ours.status_code == 200 and ours.text == "1158201444"
    theirs = client.get("/hooks/meta", params={"hub.mode": "subscribe",
                                               "hub.verify_token": "guess",
                                               "hub.challenge": "1"})
    assert theirs.status_code == 403


@pytest.fixture
def running(settings: Settings, tmp_path: Path) -> Iterator[tuple[Daemon, str]]:
    redis = RedisServer(tmp_path)
    env = {"KOHOGATE_DATABASE_URL": settings.resolved_database_url,
           "KOHOGATE_BROKER_URL": redis.url,
           "KOHOGATE_DATA_DIR": str(settings.resolved_data_dir),
           "KOHOGATE_MOCK_STATE_PATH": str(settings.resolved_mock_state_path),
           "KOHOGATE_SWEEP_INTERVAL": "3600",  # no sweep: only the webhook can act
           "KOHOGATE_SESSION_SECRET": "test-session-secret-" + "x" * 20}
    daemon = Daemon(env, tmp_path)
    port = free_port()
    web_log = (tmp_path / "web.log").open("wb")
    web = subprocess.Popen([KOHOGATE, "web", "--host", "127.0.0.1", "--port", str(port)],
                           env=daemon.env, stdout=web_log, stderr=subprocess.STDOUT)
    try:
        daemon.start_workers()
        daemon.start_beat()
        yield daemon, f"http://127.0.0.1:{port}/hooks/mock"
    finally:
        web.terminate()
        web.wait(20)
        daemon.stop()
        redis.stop()


@pytest.mark.celery
@pytest.mark.slow
def test_a_harmful_comment_is_hidden_through_the_webhook_and_redelivery_changes_nothing(
        settings: Settings, running: tuple[Daemon, str]) -> None:
    daemon, url = running
    make_accounts(settings, "main")
    _secrets(settings, "main", app_secret=SECRET)
    post_id = post_now(settings, ["main"], "秋吉台の山焼きのお知らせ")
    wait_for(lambda: deliveries(settings, post_id)[0].remote_id is not None, 60,
             "the post to be published")
    mock = platform(settings)

    def console_up() -> bool:
        try:
            requests.get(url, timeout=2)  # any answer: the receiver is listening
        except requests.RequestException:
            return False
        return True

    wait_for(console_up, 60, "the console to answer")
    mock.subscribe("main", url, SECRET)
    remote = deliveries(settings, post_id)[0].remote_id or ""
    doxx = "この人の携帯は090-3344-5566、みんな電話してやれ"
    started = time.monotonic()
    comment_id = mock.add_comment(account="main", post_remote_id=remote, text=doxx)
    mock.add_comment(account="main", post_remote_id=remote, text="山焼き楽しみです")

    def hidden() -> bool:
        held = mock.snapshot()["accounts"]["main"]["comments"]
        return any(c["remote_id"] == comment_id and c["hidden"] for c in held)

    try:
        wait_for(hidden, 60, "the webhook path to hide the comment", interval=0.05)
    except AssertionError:
        print(daemon.logs(), mock.deliveries("main"))
        raise
    print(f"hidden {time.monotonic() - started:.2f} s after it appeared")
    wait_for(lambda: _comments(settings) == 2, 30, "both comments judged")
    [logged, _] = mock.deliveries("main")
    assert logged["status"] == "delivered"
    assert mock.redeliver(logged["id"]) == "delivered"  # Meta delivers again
    time.sleep(2)
    with session_scope(settings.resolved_database_url) as session:
        assert session.scalar(select(func.count(Comment.id))) == 2
        assert session.scalar(select(func.count(ModerationAction.id))) == 1

    mock.inject_fault(account="main", operation="webhook", kind="bad_signature")
    mock.add_comment(account="main", post_remote_id=remote, text="電話 080-1234-9876")
    assert mock.deliveries("main")[-1]["status"] == "refused"
    time.sleep(1)
    assert _comments(settings) == 2  # nothing processed from a delivery we cannot believe
    assert daemon.processes  # still running
