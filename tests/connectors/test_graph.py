"""Facebook Pages and Instagram contract: facebook-sdk's real GraphAPI against Meta's shapes."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import responses

from connectors.base import (
    Ambiguous,
    AuthExpired,
    Author,
    ConnectorContext,
    Media,
    Outgoing,
    RateLimited,
    Rejected,
    RemoteComment,
    Transient,
    Unsupported,
)
from connectors.facebook import FacebookConnector
from connectors.instagram import InstagramConnector
from tests.connectors.harness import GRAPH, graph_failure
from tests.connectors.test_x import Recorder

COMMENT = RemoteComment("c1", "1234_555", Author("u1", name="taro"), "text")


def facebook(version: str | None = None, limiter: Recorder | None = None) -> FacebookConnector:
    options = {"page_id": "1234", **({"graph_version": version} if version else {})}
    return FacebookConnector(ConnectorContext(account="fb", options=options,
                                              credentials={"page_access_token": "TEST-TOKEN"},
                                              limiter=limiter or Recorder()))


def instagram() -> InstagramConnector:
    return InstagramConnector(ConnectorContext(account="ig", options={"ig_user_id": "1784"},
                                               credentials={"access_token": "TEST-TOKEN"}))


@responses.activate
def test_every_request_carries_the_configured_version() -> None:
    base = "https://graph.facebook.com/v25.0"
    fb = facebook("v25.0")
    responses.add(responses.POST, f"{base}/1234/feed", json={"id": "1234_1"})
    responses.add(responses.GET, f"{base}/1234/posts", json={"data": []})
    responses.add(responses.GET, f"{base}/1234_1/comments", json={"data": [], "paging": {}})
    responses.add(responses.POST, f"{base}/c1", json={"success": True})
    responses.add(responses.DELETE, f"{base}/c1", json={"success": True})
    responses.add(responses.POST, f"{base}/1234/blocked", json={"u1": True})
    responses.add(responses.GET, f"{base}/1234", json={"id": "1234", "name": "美祢市"})
    fb.publish(Outgoing("k", "お知らせ", link="https://www2.city.mine.lg.jp/"))
    fb.find_published(Outgoing("k", "お知らせ"), datetime.now(UTC))
    fb.fetch_comments(None, ("1234_1",))
    fb.hide(COMMENT)
    fb.delete(COMMENT)
    fb.block(COMMENT.author)
    fb.profile()
    assert len(responses.calls) == 7
    assert all(c.request.url.startswith(f"{base}/") for c in responses.calls)


@responses.activate
def test_publish_sends_the_message_and_link_and_hide_sends_is_hidden() -> None:
    responses.add(responses.POST, f"{GRAPH}/1234/feed", json={"id": "1234_9"})
    responses.add(responses.POST, f"{GRAPH}/c1", json={"success": True})
    fb = facebook()
    assert fb.publish(Outgoing("k", "山焼き", link="https://x.example/")).remote_id == "1234_9"
    fb.hide(COMMENT)
    publish_body = responses.calls[0].request.body
    assert "message=%E5%B1%B1%E7%84%BC%E3%81%8D" in publish_body and "link=" in publish_body
    assert "is_hidden=true" in responses.calls[1].request.body


@pytest.mark.parametrize(("code", "error"), [
    (4, RateLimited), (17, RateLimited), (32, RateLimited), (613, RateLimited),
    (80001, RateLimited), (190, AuthExpired), (1, Transient), (2, Transient),
    (368, Rejected), (10, AuthExpired), (200, AuthExpired), (506, Ambiguous),
    (100, Rejected)])
@responses.activate
def test_meta_error_codes_map_to_our_taxonomy(code: int, error: type) -> None:
    responses.add(responses.POST, f"{GRAPH}/1234/feed", **graph_failure("", code=code))
    with pytest.raises(error) as caught:
        facebook().publish(Outgoing("k", "お知らせ"))
    assert f"error {code}" == caught.value.platform_message
    assert "TEST-TOKEN" not in str(caught.value)


@responses.activate
def test_meta_usage_headers_feed_the_budget() -> None:
    limiter = Recorder()
    responses.add(responses.GET, f"{GRAPH}/1234", json={"id": "1234"}, headers={
        "x-app-usage": json.dumps({"call_count": 97, "total_time": 10, "total_cputime": 5})})
    facebook(limiter=limiter).profile()
    [usage] = limiter.usage
    assert usage.remaining == 0 and usage.detail["meta_usage_percent"] == 97


@responses.activate
def test_rate_limit_waits_for_metas_regain_time() -> None:
    responses.add(responses.POST, f"{GRAPH}/1234/feed", **graph_failure("rate_limit"))
    with pytest.raises(RateLimited) as caught:
        facebook().publish(Outgoing("k", "お知らせ"))
    minutes = (caught.value.reset_at - datetime.now(UTC)).total_seconds() / 60
    assert 6 < minutes <= 7


@responses.activate
def test_instagram_publishes_a_container_then_publishes_it() -> None:
    responses.add(responses.GET, f"{GRAPH}/1784/content_publishing_limit",
                  json={"data": [{"quota_usage": 1, "config": {"quota_total": 50}}]})
    responses.add(responses.POST, f"{GRAPH}/1784/media", json={"id": "container-7"})
    responses.add(responses.POST, f"{GRAPH}/1784/media_publish", json={"id": "media-7"})
    published = instagram().publish(Outgoing("k", "秋芳洞", media=(
        Media("image", url="https://www2.city.mine.lg.jp/cave.jpg"),)))
    assert published.remote_id == "media-7"
    container, publish = responses.calls[1].request, responses.calls[2].request
    assert "image_url=https" in container.body and "caption=" in container.body
    assert "creation_id=container-7" in publish.body


def test_instagram_needs_media_at_a_public_url() -> None:
    with pytest.raises(Rejected) as caught:
        instagram().publish(Outgoing("k", "文字だけ"))
    assert "公開URL" in caught.value.operator_message


@responses.activate
def test_instagram_respects_its_publishing_quota() -> None:
    responses.add(responses.GET, f"{GRAPH}/1784/content_publishing_limit",
                  json={"data": [{"quota_usage": 50, "config": {"quota_total": 50}}]})
    with pytest.raises(RateLimited):
        instagram().publish(Outgoing("k", "x", media=(Media("image", url="https://a/b.jpg"),)))
    assert len(responses.calls) == 1  # nothing was sent


@responses.activate
def test_instagram_hides_with_hide_true_and_cannot_block() -> None:
    responses.add(responses.POST, f"{GRAPH}/ic1", json={"success": True})
    instagram().hide(RemoteComment("ic1", "m", Author("u"), "t"))
    assert "hide=true" in responses.calls[0].request.body
    with pytest.raises(Unsupported):
        instagram().block(Author("u"))


def test_missing_settings_say_what_to_do() -> None:
    with pytest.raises(AuthExpired) as caught:
        FacebookConnector(ConnectorContext(account="fb", options={}, credentials={}))
    assert "page_id" in caught.value.operator_message


@responses.activate
def test_a_long_lived_token_is_extended_a_week_before_it_ends() -> None:
    import time

    saved: list[dict] = []
    connector = InstagramConnector(ConnectorContext(
        account="ig", options={"ig_user_id": "1784"},
        credentials={"access_token": "OLD", "app_id": "A", "app_secret": "S",
                     "expires_at": str(int(time.time()) + 3 * 86_400)},
        save_credentials=lambda c: saved.append(dict(c))))
    responses.add(responses.GET, f"{GRAPH}/oauth/access_token",
                  json={"access_token": "NEW", "token_type": "bearer", "expires_in": 5_184_000})
    responses.add(responses.GET, f"{GRAPH}/1784", json={"id": "1784", "username": "mine"})
    connector.profile()
    exchange, profile = responses.calls[0].request, responses.calls[1].request
    assert "grant_type=fb_exchange_token" in exchange.url
    assert "fb_exchange_token=OLD" in exchange.url
    assert "access_token=NEW" in profile.url
    assert saved[-1]["access_token"] == "NEW"
    assert int(saved[-1]["expires_at"]) > time.time() + 50 * 86_400


def test_the_timeout_option_reaches_every_request() -> None:
    connector = FacebookConnector(ConnectorContext(
        account="fb", options={"page_id": "1234", "timeout": 3},
        credentials={"page_access_token": "T"}))
    adapter = connector.api.session.get_adapter(f"{GRAPH}/1234")
    assert getattr(adapter, "timeout", None) == 3.0
    assert getattr(instagram().api.session.get_adapter(f"{GRAPH}/1"), "timeout", None) == 15.0
