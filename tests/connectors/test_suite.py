"""One suite, every connector: the mock and the real ones on platform-shaped exchanges."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import responses

from connectors import PLATFORMS, connector_class
from connectors.base import (
    Ambiguous,
    AuthExpired,
    Author,
    Media,
    Outgoing,
    RateLimited,
    RemoteComment,
    Transient,
    Unsupported,
    WebhookRejected,
)
from tests.connectors.harness import HARNESSES, WEBHOOK_SECRET, Harness


@pytest.fixture(params=HARNESSES, ids=[h.name for h in HARNESSES])
def harness(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Harness]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as http:
        made = request.param(tmp_path, http)
        try:
            yield made
        finally:
            made.close()


def _outgoing(key: str = "kg-1-1-abc") -> Outgoing:
    return Outgoing(idempotency_key=key, text="秋吉台の山焼きは2月18日です",
                    media=(Media(kind="image", url="https://www2.city.mine.lg.jp/a.jpg"),))


def test_publish_returns_the_platforms_id(harness: Harness) -> None:
    expected = harness.publish_ok()
    published = harness.connector().publish(_outgoing())
    assert published.remote_id == expected


@pytest.mark.parametrize(("kind", "error"), [
    ("rate_limit", RateLimited), ("auth_expired", AuthExpired), ("server_error", Transient),
    ("garbage", Transient), ("timeout_after_send", Ambiguous)])
def test_failures_arrive_as_our_errors(harness: Harness, kind: str, error: type) -> None:
    harness.publish_fails(kind)
    with pytest.raises(error) as caught:
        harness.connector().publish(_outgoing())
    assert caught.value.operator_message
    assert "TEST-TOKEN" not in str(caught.value) + str(caught.value.platform_message)
    if kind == "rate_limit":
        assert caught.value.reset_at is not None and caught.value.reset_at > datetime.now(UTC)


def test_comments_arrive_with_their_authors(harness: Harness) -> None:
    post_id = harness.publish_ok()
    connector = harness.connector()
    connector.publish(_outgoing())
    made = harness.comments(post_id)
    page = connector.fetch_comments(None, (post_id,))
    got = [(c.remote_id, c.author.handle or c.author.name, c.text) for c in page.comments]
    assert got == made
    assert all(c.post_remote_id == post_id for c in page.comments)
    assert page.cursor


@pytest.mark.parametrize("action", ["hide", "delete", "block", "unblock"])
def test_moderation_works_or_is_unsupported_as_declared(harness: Harness, action: str) -> None:
    post_id = harness.publish_ok()
    connector = harness.connector()
    connector.publish(_outgoing())
    [(comment_id, handle, text), *_] = harness.comments(post_id)
    comment = RemoteComment(remote_id=comment_id, post_remote_id=post_id,
                            author=Author(remote_id="u1", handle=handle), text=text)
    harness.moderation_ok(action, comment)
    on_author = action in ("block", "unblock")
    run = (lambda: getattr(connector, action)(comment.author)) if on_author else (
        lambda: getattr(connector, action)(comment))
    if action in connector.moderation:
        run()
    else:
        with pytest.raises(Unsupported) as caught:
            run()
        assert caught.value.operator_message


# -- webhooks -------------------------------------------------------------------------------


def test_a_signed_delivery_reads_exactly_like_the_sweep(harness: Harness) -> None:
    """What a webhook announces is judged like what the sweep reads: the same comments,
    on the same post id, by the same authors, naming our account as configured."""
    post_id = harness.publish_ok()
    connector = harness.connector()
    connector.publish(_outgoing())
    harness.comments(post_id)
    swept = connector.fetch_comments(None, (post_id,)).comments
    cls = type(connector)
    pushed = []
    for body, headers in harness.deliveries(post_id):
        cls.verify_webhook(body, headers, WEBHOOK_SECRET)
        pushed += cls.parse_webhook(body)
    assert [p.comment for p in pushed] == list(swept)
    ours = cls.webhook_account_id(connector.context.account, connector.context.options)
    assert ours and {p.account_remote_id for p in pushed} == {ours}


def test_a_delivery_not_signed_by_the_platform_is_refused(harness: Harness) -> None:
    post_id = harness.publish_ok()
    connector = harness.connector()
    connector.publish(_outgoing())
    harness.comments(post_id)
    body, headers = harness.deliveries(post_id)[0]
    cls = type(connector)
    tampered = body.replace(b"}", b" }", 1)
    unsigned = {k: v for k, v in headers.items() if "signature" not in k.lower()}
    for args in ((tampered, headers, WEBHOOK_SECRET), (body, unsigned, WEBHOOK_SECRET),
                 (body, headers, "another-app-secret"), (body, headers, "")):
        with pytest.raises(WebhookRejected) as caught:
            cls.read_webhook(*args)
        assert caught.value.operator_message
        assert WEBHOOK_SECRET not in str(caught.value) + caught.value.operator_message


@pytest.mark.parametrize("platform", PLATFORMS)
def test_webhooks_work_or_are_unsupported_as_declared(platform: str) -> None:
    cls = connector_class(platform)
    calls = [lambda: cls.verify_webhook(b"{}", {}, "secret"),
             lambda: cls.read_webhook(b"{}", {}, "secret"),
             lambda: cls.answer_handshake({}, "secret"),
             lambda: cls.parse_webhook(b"not json")]
    for call in calls:
        expected = WebhookRejected if cls.webhooks else Unsupported
        with pytest.raises(expected) as caught:
            call()
        assert caught.value.operator_message
    if cls.webhooks:
        assert cls.parse_webhook(b"{}") == []  # a delivery about nothing is not an error
