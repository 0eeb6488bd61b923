"""The mock platform pushes signed, Meta-shaped webhooks to a real local HTTP server."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from connectors.base import ConnectorContext, Outgoing, WebhookRejected
from connectors.mock import MockConnector, MockPlatform
from tests.connectors.receiver import Received, Receiver, closed_port_url

SECRET = "mock-app-secret"


@pytest.fixture
def mock(tmp_path: Path) -> MockConnector:
    return MockConnector(ConnectorContext(account="main",
                                          options={"state_path": str(tmp_path / "m.sqlite")}))


def _post(mock: MockConnector) -> str:
    return mock.publish(Outgoing("k", "市民プールの開場時間")).remote_id


def _verifying(request: Received) -> tuple[int, str]:
    """What kohogate's endpoint does: 403 unless the signature is right."""
    try:
        MockConnector.verify_webhook(request.body, request.headers, SECRET)
    except WebhookRejected:
        return 403, "bad signature"
    return 200, "ok"


def test_a_new_comment_is_pushed_signed_and_reads_like_the_sweep(mock: MockConnector) -> None:
    post_id = _post(mock)
    with Receiver(_verifying) as receiver:
        mock.state.subscribe("main", receiver.url, SECRET)
        comment_id = mock.state.add_comment(account="main", post_remote_id=post_id,
                                            text="駐車場はありますか", author_handle="taro")
    [request] = receiver.posts()
    assert request.path == "/webhooks/mock"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["X-Hub-Signature-256"].startswith("sha256=")
    payload = json.loads(request.body)
    assert payload["object"] == "page"
    [change] = payload["entry"][0]["changes"]
    assert (change["field"], change["value"]["item"], change["value"]["verb"]) == (
        "feed", "comment", "add")
    [pushed] = MockConnector.parse_webhook(request.body)
    assert pushed.account_remote_id == MockConnector.webhook_account_id("main", {})
    assert pushed.account_remote_id == mock.profile().remote_id
    [swept] = mock.fetch_comments(None, (post_id,)).comments
    assert pushed.comment == swept and swept.remote_id == comment_id
    [logged] = mock.state.deliveries("main")
    assert (logged["status"], logged["http_status"], logged["attempts"]) == ("delivered", 200, 1)


def test_an_account_without_a_subscription_gets_nothing(mock: MockConnector) -> None:
    post_id = _post(mock)
    with Receiver() as receiver:
        mock.state.subscribe("other", receiver.url, SECRET)
        mock.state.add_comment(account="main", post_remote_id=post_id, text="こんにちは")
    assert receiver.received == [] and mock.state.deliveries() == []


def test_a_receiver_that_is_down_never_fails_the_comment_and_can_be_redelivered(
        mock: MockConnector) -> None:
    post_id = _post(mock)
    mock.state.subscribe("main", closed_port_url(), SECRET)
    started = time.monotonic()
    comment_id = mock.state.add_comment(account="main", post_remote_id=post_id, text="質問です")
    assert time.monotonic() - started < 2
    assert [c.remote_id for c in mock.fetch_comments(None, (post_id,)).comments] == [comment_id]
    [failed] = mock.state.deliveries("main")
    assert failed["status"] == "failed" and failed["http_status"] is None
    with Receiver(_verifying) as receiver:
        mock.state.subscribe("main", receiver.url, SECRET)  # the endpoint is back
        assert mock.state.redeliver(failed["id"]) == "delivered"
    [request] = receiver.posts()
    assert request.body.decode() == failed["body"]  # the same delivery, again
    [again] = mock.state.deliveries("main")
    assert (again["status"], again["attempts"]) == ("delivered", 2)


def test_an_unanswering_receiver_holds_the_comment_only_for_the_timeout(
        mock: MockConnector) -> None:
    post_id = _post(mock)
    with Receiver(lambda _request: (time.sleep(0.8), (200, "late"))[1]) as receiver:
        mock.state.subscribe("main", receiver.url, SECRET, timeout=0.2)
        started = time.monotonic()
        mock.state.add_comment(account="main", post_remote_id=post_id, text="遅い")
        assert time.monotonic() - started < 0.7
    assert mock.state.deliveries("main")[0]["status"] == "failed"


def test_faults_drop_a_delivery_or_spoil_its_signature(mock: MockConnector) -> None:
    post_id = _post(mock)
    with Receiver(_verifying) as receiver:
        mock.state.subscribe("main", receiver.url, SECRET)
        mock.state.inject_fault(account="main", operation="webhook", kind="drop")
        mock.state.add_comment(account="main", post_remote_id=post_id, text="一つ目")
        assert receiver.posts() == []
        mock.state.inject_fault(account="main", operation="webhook", kind="bad_signature")
        mock.state.add_comment(account="main", post_remote_id=post_id, text="二つ目")
        mock.state.add_comment(account="main", post_remote_id=post_id, text="三つ目")
    assert [(d["status"], d["http_status"]) for d in mock.state.deliveries("main")] == [
        ("dropped", None), ("refused", 403), ("delivered", 200)]
    spoiled = receiver.posts()[0]
    with pytest.raises(WebhookRejected):
        MockConnector.verify_webhook(spoiled.body, spoiled.headers, SECRET)


def test_webhook_faults_belong_to_the_webhook_operation_only(tmp_path: Path) -> None:
    platform = MockPlatform(tmp_path / "m.sqlite")
    with pytest.raises(ValueError):
        platform.inject_fault(account="main", operation="publish", kind="drop")
    with pytest.raises(ValueError):
        platform.inject_fault(account="main", operation="webhook", kind="server_error")
    with pytest.raises(ValueError):
        platform.inject_fault(account="main", operation="*", kind="bad_signature")


def test_a_publish_fault_for_every_operation_leaves_deliveries_alone(
        mock: MockConnector) -> None:
    post_id = _post(mock)
    with Receiver(_verifying) as receiver:
        mock.state.subscribe("main", receiver.url, SECRET)
        mock.state.inject_fault(account="main", operation="*", kind="server_error")
        mock.state.add_comment(account="main", post_remote_id=post_id, text="届く")
    assert len(receiver.posts()) == 1


def test_subscribing_can_require_metas_verification_first(mock: MockConnector) -> None:
    def endpoint(request: Received) -> tuple[int, str]:
        if request.method == "GET":
            try:
                return 200, MockConnector.answer_handshake(request.query, "verify-me").body
            except WebhookRejected:
                return 403, "no"
        return _verifying(request)

    with Receiver(endpoint) as receiver:
        with pytest.raises(ValueError):
            mock.state.subscribe("main", receiver.url, SECRET, verify_token="wrong")
        assert mock.state.snapshot()["webhooks"]["subscriptions"] == []
        mock.state.subscribe("main", receiver.url, SECRET, verify_token="verify-me")
    [subscription] = mock.state.snapshot()["webhooks"]["subscriptions"]
    assert subscription["entry_id"] == "mock-main"


def test_the_state_shows_deliveries_but_never_the_secret(mock: MockConnector) -> None:
    post_id = _post(mock)
    with Receiver() as receiver:
        mock.state.subscribe("main", receiver.url, SECRET, entry_id="page-77")
        mock.state.add_comment(account="main", post_remote_id=post_id, text="見えますか")
    snapshot = mock.state.snapshot()
    assert SECRET not in json.dumps(snapshot)
    assert snapshot["webhooks"]["deliveries"][0]["status"] == "delivered"
    [pushed] = MockConnector.parse_webhook(receiver.posts()[0].body)
    assert pushed.account_remote_id == "page-77"
    assert MockConnector.webhook_account_id("main", {"webhook_entry_id": "page-77"}) == "page-77"
