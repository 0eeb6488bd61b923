"""One suite, every connector: the mock and the real ones on platform-shaped exchanges."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import responses

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
)
from tests.connectors.harness import HARNESSES, Harness


@pytest.fixture(params=HARNESSES, ids=[h.name for h in HARNESSES])
def harness(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Harness]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as http:
        yield request.param(tmp_path, http)


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


@pytest.mark.parametrize("action", ["hide", "delete", "block"])
def test_moderation_works_or_is_unsupported_as_declared(harness: Harness, action: str) -> None:
    post_id = harness.publish_ok()
    connector = harness.connector()
    connector.publish(_outgoing())
    [(comment_id, handle, text), *_] = harness.comments(post_id)
    comment = RemoteComment(remote_id=comment_id, post_remote_id=post_id,
                            author=Author(remote_id="u1", handle=handle), text=text)
    harness.moderation_ok(action, comment)
    run = (lambda: connector.block(comment.author)) if action == "block" else (
        lambda: getattr(connector, action)(comment))
    if action in connector.moderation:
        run()
    else:
        with pytest.raises(Unsupported) as caught:
            run()
        assert caught.value.operator_message
