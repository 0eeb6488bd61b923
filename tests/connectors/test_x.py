"""X contract: tweepy's real Client against X's recorded exchanges and documented errors."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import pytest
import responses

from connectors.base import (
    Ambiguous,
    AuthExpired,
    Author,
    ConnectorContext,
    Outgoing,
    RateLimited,
    Rejected,
    RemoteComment,
    Transient,
    Unsupported,
    Usage,
)
from connectors.x import XConnector, weighted_length
from tests.connectors.harness import X_API, recorded, x_failure


class Recorder:
    def __init__(self) -> None:
        self.usage: list[Usage] = []
        self.acquired: list[str] = []

    def acquire(self, family: str, cost: int = 1) -> None:
        self.acquired.append(family)

    def observe(self, usage: Usage) -> None:
        self.usage.append(usage)


@pytest.fixture
def limiter() -> Recorder:
    return Recorder()


@pytest.fixture
def x(limiter: Recorder) -> XConnector:
    return XConnector(ConnectorContext(account="x", options={"user_id": "783214"},
                                       credentials={"bearer_token": "TEST-TOKEN"},
                                       limiter=limiter))


def _replay(http: responses.RequestsMock, name: str, index: int = 0) -> dict:
    exchange = recorded(name)[index]
    request, response = exchange["request"], exchange["response"]
    http.add(request["method"], request["uri"].split("?")[0], json=response["body"],
             status=response["status"],
             headers={k: v for k, v in response["headers"].items() if k != "content-type"})
    return exchange


@responses.activate
def test_publish_sends_what_x_expects_and_reads_the_budget(x: XConnector,
                                                          limiter: Recorder) -> None:
    exchange = _replay(responses.mock, "create_and_delete_tweet")
    published = x.publish(Outgoing("k", "Test Tweet"))
    assert published.remote_id == exchange["response"]["body"]["data"]["id"]
    sent = responses.calls[0].request
    assert (sent.method, sent.url) == ("POST", f"{X_API}/tweets")
    assert json.loads(sent.body) == exchange["request"]["body"]
    assert sent.headers["Authorization"] == "Bearer TEST-TOKEN"
    assert limiter.acquired == ["publish"]
    budget = next(u for u in limiter.usage if u.remaining is not None)
    assert budget.remaining == int(exchange["response"]["headers"]["x-rate-limit-remaining"])
    assert sum(u.cost_usd for u in limiter.usage) > 0  # X bills per post


@responses.activate
def test_a_link_costs_more_than_a_plain_post(limiter: Recorder) -> None:
    def cost(text: str) -> float:
        recorder = Recorder()
        connector = XConnector(ConnectorContext(account="x", options={"user_id": "1"},
                                                credentials={"bearer_token": "T"},
                                                limiter=recorder))
        _replay(responses.mock, "create_and_delete_tweet")
        connector.publish(Outgoing("k", text))
        return sum(u.cost_usd for u in recorder.usage)

    assert cost("詳しくは https://www2.city.mine.lg.jp/ へ") > cost("秋吉台の山焼き")


@responses.activate
def test_hide_and_unhide_replay(x: XConnector) -> None:
    _replay(responses.mock, "hide_and_unhide_reply", 0)
    _replay(responses.mock, "hide_and_unhide_reply", 1)
    reply = RemoteComment("1344794616005066752", "1", Author("u"), "text")
    x.hide(reply)
    x.unhide(reply)
    bodies = [json.loads(c.request.body) for c in responses.calls]
    assert bodies == [{"hidden": True}, {"hidden": False}]
    assert all(c.request.method == "PUT" for c in responses.calls)


@responses.activate
def test_mentions_are_paged_and_the_cursor_is_the_newest_id(x: XConnector) -> None:
    pages = recorded("paged_get_users_mentions")
    for exchange in pages:
        responses.add(responses.GET, f"{X_API}/users/783214/mentions",
                      json=exchange["response"]["body"])
    page = x.fetch_comments(None, ())
    body = pages[0]["response"]["body"]
    assert [c.remote_id for c in page.comments] == sorted((t["id"] for t in body["data"]),
                                                          key=int)
    assert page.cursor == body["meta"]["newest_id"]
    ids = [int(c.remote_id) for c in page.comments]
    assert ids == sorted(ids)  # oldest first
    first = responses.calls[0].request
    assert "max_results=100" in first.url and "expansions=author_id" in first.url
    if len(responses.calls) > 1:
        assert "pagination_token=" in responses.calls[1].request.url


@responses.activate
def test_mute_replays_and_block_and_delete_are_unsupported(x: XConnector) -> None:
    exchange = _replay(responses.mock, "mute_get_muted_and_unmute", 0)
    responses.replace(responses.POST, exchange["request"]["uri"],
                      json=exchange["response"]["body"])
    responses.add(responses.GET, f"{X_API}/users/me",
                  json={"data": {"id": "1072250532645998596", "username": "city"}})
    responses.add(responses.GET, f"{X_API}/users/me",
                  json={"data": {"id": "1072250532645998596", "username": "city"}})
    connector = XConnector(ConnectorContext(
        account="x", options={"user_id": "1072250532645998596"},
        credentials={"bearer_token": "T"}))
    connector.mute(Author("17874544"))
    assert json.loads(responses.calls[-1].request.body) == {"target_user_id": "17874544"}
    with pytest.raises(Unsupported, match="block"):
        x.block(Author("1"))
    with pytest.raises(Unsupported):
        x.delete(RemoteComment("1", "2", Author("3"), "t"))


@responses.activate
def test_429_waits_for_the_latest_exhausted_reset(x: XConnector) -> None:
    failure = x_failure("rate_limit")
    daily = int(time.time()) + 20 * 3600
    failure["headers"].update({"x-user-limit-24hour-remaining": "0",
                               "x-user-limit-24hour-reset": str(daily)})
    responses.add(responses.POST, f"{X_API}/tweets", **failure)
    with pytest.raises(RateLimited) as caught:
        x.publish(Outgoing("k", "text"))
    assert caught.value.reset_at == datetime.fromtimestamp(daily, UTC)


@responses.activate
def test_duplicate_content_means_an_earlier_send_landed(x: XConnector) -> None:
    responses.add(responses.POST, f"{X_API}/tweets", **x_failure("duplicate"))
    with pytest.raises(Ambiguous):
        x.publish(Outgoing("k", "text"))


@responses.activate
def test_reconcile_finds_our_post_on_the_timeline(x: XConnector) -> None:
    responses.add(responses.GET, f"{X_API}/users/783214/tweets", json={"data": [
        {"id": "42", "text": "山焼きのお知らせ https://t.co/abc", "created_at":
         "2026-11-20T01:00:00.000Z"}], "meta": {"result_count": 1}})
    found = x.find_published(Outgoing("k", "山焼きのお知らせ https://www2.city.mine.lg.jp/x"),
                             datetime.now(UTC) - timedelta(minutes=10))
    assert found is not None and found.remote_id == "42"
    assert "start_time=" in responses.calls[0].request.url


@responses.activate
def test_expired_token(x: XConnector) -> None:
    responses.add(responses.POST, f"{X_API}/tweets", **x_failure("auth_expired"))
    with pytest.raises(AuthExpired) as caught:
        x.publish(Outgoing("k", "text"))
    assert "set-credentials" in caught.value.operator_message


def test_every_request_has_a_timeout_and_no_rate_limit_sleep(x: XConnector) -> None:
    assert x.client.wait_on_rate_limit is False
    adapter = x.client.session.get_adapter("https://api.twitter.com/2/tweets")
    assert getattr(adapter, "timeout", None) == 15.0


@pytest.mark.parametrize(("text", "weight"), [
    ("a" * 280, 280), ("あ" * 140, 280), ("秋吉台 https://www2.city.mine.lg.jp/some/long/path", 30),
    ("👍🏽", 2), ("👨‍👩‍👧", 2), ("é", 1)])
def test_weighted_length_counts_as_x_does(text: str, weight: int) -> None:
    assert weighted_length(text) == weight


def test_an_over_long_post_says_by_how_much() -> None:
    XConnector.check_text("あ" * 140)
    with pytest.raises(Rejected) as caught:
        XConnector.check_text("あ" * 141)
    assert "2超えて" in caught.value.operator_message


@responses.activate
def test_an_oauth2_token_is_refreshed_before_it_expires_and_kept() -> None:
    saved: list[dict] = []
    connector = XConnector(ConnectorContext(
        account="x", options={"user_id": "1"},
        credentials={"bearer_token": "OLD", "refresh_token": "R1", "client_id": "C",
                     "expires_at": str(int(time.time()) + 30)},
        save_credentials=lambda c: saved.append(dict(c))))
    responses.add(responses.POST, "https://api.x.com/2/oauth2/token", json={
        "token_type": "bearer", "expires_in": 7200, "access_token": "NEW",
        "refresh_token": "R2"})
    _replay(responses.mock, "create_and_delete_tweet")
    connector.publish(Outgoing("k", "Test Tweet"))
    assert "refresh_token=R1" in responses.calls[0].request.body
    assert responses.calls[1].request.headers["Authorization"] == "Bearer NEW"
    assert saved[-1]["bearer_token"] == "NEW" and saved[-1]["refresh_token"] == "R2"


@responses.activate
def test_a_401_with_a_refresh_token_refreshes_once_and_asks_again() -> None:
    connector = XConnector(ConnectorContext(
        account="x", options={"user_id": "1"},
        credentials={"bearer_token": "OLD", "refresh_token": "R1", "client_id": "C"}))
    responses.add(responses.POST, f"{X_API}/tweets", **x_failure("auth_expired"))
    responses.add(responses.POST, "https://api.x.com/2/oauth2/token",
                  json={"access_token": "NEW", "expires_in": 7200})
    _replay(responses.mock, "create_and_delete_tweet")
    assert connector.publish(Outgoing("k", "Test Tweet")).remote_id


@responses.activate
def test_a_refused_refresh_says_to_reauthorise() -> None:
    connector = XConnector(ConnectorContext(
        account="x", options={"user_id": "1"},
        credentials={"bearer_token": "OLD", "refresh_token": "R1", "client_id": "C",
                     "expires_at": "1"}))
    responses.add(responses.POST, "https://api.x.com/2/oauth2/token", status=400,
                  json={"error": "invalid_request"})
    with pytest.raises(AuthExpired, match="refresh"):
        connector.publish(Outgoing("k", "text"))


@responses.activate
def test_search_mode_asks_for_the_conversations_of_our_posts() -> None:
    exchange = recorded("search_recent_tweets")[0]
    body = exchange["response"]["body"]
    for tweet in body["data"]:
        tweet["conversation_id"] = "555"
    responses.add(responses.GET, f"{X_API}/tweets/search/recent", json=body)
    connector = XConnector(ConnectorContext(
        account="x", options={"user_id": "1", "comments_source": "search"},
        credentials={"bearer_token": "T"}))
    page = connector.fetch_comments("100", ("555",))
    url = responses.calls[0].request.url
    assert "query=conversation_id%3A555" in url and "since_id=100" in url
    assert len(page.comments) == len(body["data"])


@responses.activate
def test_a_token_refused_again_after_its_refresh_is_expired_not_retried_forever() -> None:
    saved: list[dict] = []
    connector = XConnector(ConnectorContext(
        account="x", options={"user_id": "1"},
        credentials={"bearer_token": "OLD", "refresh_token": "R1", "client_id": "C"},
        save_credentials=lambda c: saved.append(dict(c))))
    responses.add(responses.POST, f"{X_API}/tweets", **x_failure("auth_expired"))
    token = responses.add(responses.POST, "https://api.x.com/2/oauth2/token",
                          json={"access_token": "NEW", "expires_in": 7200})
    with pytest.raises(AuthExpired) as caught:
        connector.publish(Outgoing("k", "text"))
    assert "set-credentials" in caught.value.operator_message
    assert token.call_count == 1  # one refresh for the call
    tweets = [c for c in responses.calls if c.request.url == f"{X_API}/tweets"]
    assert [c.request.headers["Authorization"] for c in tweets] == [
        "Bearer OLD", "Bearer NEW"]
    assert saved[-1]["bearer_token"] == "NEW"  # the refresh itself is kept


@responses.activate
def test_a_token_refreshed_before_the_call_is_not_refreshed_again_on_a_401() -> None:
    connector = XConnector(ConnectorContext(
        account="x", options={"user_id": "1"},
        credentials={"bearer_token": "OLD", "refresh_token": "R1", "client_id": "C",
                     "expires_at": str(int(time.time()) + 10)}))
    token = responses.add(responses.POST, "https://api.x.com/2/oauth2/token",
                          json={"access_token": "NEW", "expires_in": 7200})
    responses.add(responses.POST, f"{X_API}/tweets", **x_failure("auth_expired"))
    with pytest.raises(AuthExpired):
        connector.publish(Outgoing("k", "text"))
    assert token.call_count == 1
    assert len([c for c in responses.calls if c.request.url == f"{X_API}/tweets"]) == 1


@responses.activate
def test_each_call_may_refresh_once() -> None:
    connector = XConnector(ConnectorContext(
        account="x", options={"user_id": "1"},
        credentials={"bearer_token": "OLD", "refresh_token": "R1", "client_id": "C"}))
    responses.add(responses.POST, "https://api.x.com/2/oauth2/token",
                  json={"access_token": "NEW", "expires_in": 7200})
    exchange = recorded("create_and_delete_tweet")[0]
    for _ in range(2):
        responses.add(responses.POST, f"{X_API}/tweets", **x_failure("auth_expired"))
        responses.add(responses.POST, f"{X_API}/tweets", json=exchange["response"]["body"],
                      status=201)
        assert connector.publish(Outgoing("k", "Test Tweet")).remote_id


@responses.activate
def test_a_post_that_failed_is_not_billed(x: XConnector, limiter: Recorder) -> None:
    responses.add(responses.POST, f"{X_API}/tweets", **x_failure("server_error"))
    with pytest.raises(Transient):
        x.publish(Outgoing("k", "text"))
    assert sum(u.cost_usd for u in limiter.usage) == 0
    assert limiter.acquired == ["publish"]  # the budget was spent before the call


def test_the_timeout_option_reaches_every_request() -> None:
    connector = XConnector(ConnectorContext(account="x", options={"timeout": "4"},
                                            credentials={"bearer_token": "T"}))
    adapter = connector.client.session.get_adapter("https://api.x.com/2/tweets")
    assert getattr(adapter, "timeout", None) == 4.0
