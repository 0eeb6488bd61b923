"""One small harness per platform: how to make that platform answer a given way.

Real connectors drive their real library (tweepy, facebook-sdk) against platform-shaped
HTTP exchanges served by ``responses``; the mock drives its shared SQLite file. The suite in
``test_suite.py`` runs the same assertions through every harness, so the mock cannot drift
from the real shape.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import responses
from responses import matchers

from connectors.base import Connector, ConnectorContext, RemoteComment
from connectors.facebook import FacebookConnector
from connectors.instagram import InstagramConnector
from connectors.mock import MockConnector, MockPlatform
from connectors.x import XConnector
from tests.connectors.receiver import Receiver

#: X's real exchanges, recorded by the tweepy project (MIT; see the folder's README)
RECORDED = Path(__file__).resolve().parent / "fixtures" / "x-recorded"
GRAPH = "https://graph.facebook.com/v24.0"
X_API = "https://api.twitter.com/2"


#: the app secret deliveries are signed with (Meta's app secret, X's consumer secret)
WEBHOOK_SECRET = "TEST-APP-SECRET"
#: the comments every harness arranges: (handle or name, text, ISO time)
COMMENTS = (("taro", "きれいですね", "2026-11-20T01:00:00+00:00"),
            ("hanako", "行きたい", "2026-11-20T01:05:00+00:00"))

Delivery = tuple[bytes, dict[str, str]]


def recorded(name: str) -> list[dict[str, Any]]:
    return json.loads((RECORDED / f"{name}.json").read_text(encoding="utf-8"))


def epoch(iso: str) -> int:
    return int(datetime.fromisoformat(iso).timestamp())


def meta_signed(payload: dict[str, Any]) -> Delivery:
    """Signed as Meta documents it, computed here rather than by the code under test."""
    body = json.dumps(payload).encode()
    digest = hmac.new(WEBHOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()
    return body, {"Content-Type": "application/json", "X-Hub-Signature-256": f"sha256={digest}"}


def x_signed(payload: dict[str, Any]) -> Delivery:
    """Signed as X documents it: base64, not hex."""
    body = json.dumps(payload).encode()
    digest = hmac.new(WEBHOOK_SECRET.encode(), body, hashlib.sha256).digest()
    return body, {"content-type": "application/json",
                  "x-twitter-webhooks-signature": "sha256=" + base64.b64encode(digest).decode()}


class Harness:
    name = ""

    def connector(self) -> Connector:
        raise NotImplementedError

    def publish_ok(self) -> str:
        """Arrange a successful publish; returns the remote id the platform will give."""
        raise NotImplementedError

    def publish_fails(self, kind: str) -> None:
        """kind: rate_limit | auth_expired | server_error | garbage | timeout_after_send."""
        raise NotImplementedError

    def comments(self, post_id: str) -> list[tuple[str, str, str]]:
        """Arrange comments on post_id; returns (comment id, author handle/name, text)."""
        raise NotImplementedError

    def moderation_ok(self, action: str, comment: RemoteComment) -> None:
        raise NotImplementedError

    def deliveries(self, post_id: str) -> list[Delivery]:
        """The signed webhook deliveries (body, headers) announcing what ``comments``
        arranged, as the platform sends them."""
        raise NotImplementedError

    def close(self) -> None:
        return None


class MockHarness(Harness):
    """The mock delivers for real: to a local server subscribed before any comment."""

    name = "mock"

    def __init__(self, tmp_path: Path, http: responses.RequestsMock) -> None:
        self.platform = MockPlatform(tmp_path / "mock.sqlite")
        self.context = ConnectorContext(account="main",
                                        options={"state_path": str(tmp_path / "mock.sqlite")})
        http.add_passthru("http://127.0.0.1")
        self.receiver = Receiver()
        self.platform.subscribe("main", self.receiver.url, WEBHOOK_SECRET)

    def close(self) -> None:
        self.receiver.close()

    def deliveries(self, post_id: str) -> list[Delivery]:
        return [(r.body, r.headers) for r in self.receiver.posts()]

    def connector(self) -> Connector:
        return MockConnector(self.context)

    def publish_ok(self) -> str:
        return "mp1"

    def publish_fails(self, kind: str) -> None:
        mock_kind = {"auth_expired": "auth_expired", "rate_limit": "rate_limit",
                     "server_error": "server_error", "garbage": "garbage",
                     "timeout_after_send": "timeout_after_send"}[kind]
        self.platform.inject_fault(account="main", operation="publish", kind=mock_kind)

    def comments(self, post_id: str) -> list[tuple[str, str, str]]:
        made = []
        for handle, text, _when in COMMENTS:
            cid = self.platform.add_comment(account="main", post_remote_id=post_id, text=text,
                                            author_handle=handle)
            made.append((cid, handle, text))
        return made

    def moderation_ok(self, action: str, comment: RemoteComment) -> None:
        return None


class XHarness(Harness):
    name = "x"

    def __init__(self, tmp_path: Path, http: responses.RequestsMock) -> None:
        self.http = http

    def connector(self) -> Connector:
        return XConnector(ConnectorContext(account="x", options={"user_id": "783214"},
                                           credentials={"bearer_token": "TEST-TOKEN"}))

    def publish_ok(self) -> str:
        exchange = recorded("create_and_delete_tweet")[0]
        self.http.add(responses.POST, f"{X_API}/tweets", json=exchange["response"]["body"],
                      status=201, headers=_headers(exchange))
        return exchange["response"]["body"]["data"]["id"]

    def publish_fails(self, kind: str) -> None:
        self.http.add(responses.POST, f"{X_API}/tweets", **x_failure(kind))

    def comments(self, post_id: str) -> list[tuple[str, str, str]]:
        body = {"data": [
            {"id": "1001", "text": "@city きれいですね", "author_id": "11",
             "conversation_id": post_id, "created_at": "2026-11-20T01:00:00.000Z"},
            {"id": "1002", "text": "@city 行きたい", "author_id": "12",
             "conversation_id": post_id, "created_at": "2026-11-20T01:05:00.000Z"},
            {"id": "1003", "text": "@city unrelated", "author_id": "13",
             "conversation_id": "999", "created_at": "2026-11-20T01:06:00.000Z"}],
            "includes": {"users": [{"id": "11", "name": "Taro", "username": "taro"},
                                   {"id": "12", "name": "Hanako", "username": "hanako"},
                                   {"id": "13", "name": "Other", "username": "other"}]},
            "meta": {"newest_id": "1003", "oldest_id": "1001", "result_count": 3}}
        self.http.add(responses.GET, f"{X_API}/users/783214/mentions", json=body)
        return [("1001", "taro", "@city きれいですね"), ("1002", "hanako", "@city 行きたい")]

    def deliveries(self, post_id: str) -> list[Delivery]:
        """Account Activity: v1.1 tweets replying to our post, plus a like of it."""
        def reply(tweet_id: str, user: dict[str, str], text: str, iso: str) -> dict[str, Any]:
            when = datetime.fromisoformat(iso)
            return {"created_at": when.strftime("%a %b %d %H:%M:%S +0000 %Y"),
                    "id": int(tweet_id), "id_str": tweet_id, "text": text, "truncated": False,
                    "in_reply_to_status_id": int(post_id), "in_reply_to_status_id_str": post_id,
                    "in_reply_to_user_id": 783214, "in_reply_to_user_id_str": "783214",
                    "in_reply_to_screen_name": "city", "user": user,
                    "timestamp_ms": str(epoch(iso) * 1000)}

        taro = {"id_str": "11", "name": "Taro", "screen_name": "taro"}
        hanako = {"id_str": "12", "name": "Hanako", "screen_name": "hanako"}
        return [x_signed({"for_user_id": "783214", "tweet_create_events": [
            reply("1001", taro, "@city きれいですね", COMMENTS[0][2]),
            reply("1002", hanako, "@city 行きたい", COMMENTS[1][2])]}),
            x_signed({"for_user_id": "783214", "favorite_events": [
                {"id": "f1", "favorited_status": {"id_str": post_id}, "user": taro}]})]

    def moderation_ok(self, action: str, comment: RemoteComment) -> None:
        if action in ("hide", "unhide"):
            exchange = recorded("hide_and_unhide_reply")[0 if action == "hide" else 1]
            self.http.add(responses.PUT, f"{X_API}/tweets/{comment.remote_id}/hidden",
                          json=exchange["response"]["body"])


class GraphHarness(Harness):
    """Facebook Pages and Instagram share Meta's Graph API and its error shapes."""

    def __init__(self, tmp_path: Path, http: responses.RequestsMock) -> None:
        self.http = http

    def publish_fails(self, kind: str) -> None:
        self.http.add(responses.POST, self.publish_url, **graph_failure(kind))


class FacebookHarness(GraphHarness):
    name = "facebook"
    publish_url = f"{GRAPH}/1234/photos"  # the suite's post carries an image

    def connector(self) -> Connector:
        return FacebookConnector(ConnectorContext(
            account="fb", options={"page_id": "1234"},
            credentials={"page_access_token": "TEST-TOKEN"}))

    def publish_ok(self) -> str:
        self.http.add(responses.POST, self.publish_url, json={"id": "777",
                                                             "post_id": "1234_555"})
        return "1234_555"

    def comments(self, post_id: str) -> list[tuple[str, str, str]]:
        self.http.add(responses.GET, f"{GRAPH}/{post_id}/comments", json={"data": [
            {"id": "c1", "from": {"id": "u1", "name": "taro"}, "message": "きれいですね",
             "created_time": "2026-11-20T01:00:00+0000"},
            {"id": "c2", "from": {"id": "u2", "name": "hanako"}, "message": "行きたい",
             "created_time": "2026-11-20T01:05:00+0000"}], "paging": {"cursors": {}}})
        return [("c1", "taro", "きれいですね"), ("c2", "hanako", "行きたい")]

    def deliveries(self, post_id: str) -> list[Delivery]:
        """One batched Page ``feed`` delivery: the two comments and a like."""
        def change(item: str, verb: str, **value: Any) -> dict[str, Any]:
            return {"field": "feed", "value": {"item": item, "verb": verb, "post_id": post_id,
                                               **value}}

        return [meta_signed({"object": "page", "entry": [{
            "id": "1234", "time": epoch(COMMENTS[1][2]), "changes": [
                change("comment", "add", comment_id=f"c{n}", parent_id=post_id,
                       message=text, created_time=epoch(iso),
                       **{"from": {"id": f"u{n}", "name": name}})
                for n, (name, text, iso) in enumerate(COMMENTS, start=1)] + [
                change("reaction", "add", reaction_type="like", **{"from": {"id": "u3"}})]}]})]

    def moderation_ok(self, action: str, comment: RemoteComment) -> None:
        if action == "delete":
            self.http.add(responses.DELETE, f"{GRAPH}/{comment.remote_id}",
                          json={"success": True})
        elif action == "block":
            self.http.add(responses.POST, f"{GRAPH}/1234/blocked",
                          json={comment.author.remote_id: True})
        elif action == "unblock":
            self.http.add(responses.DELETE, f"{GRAPH}/1234/blocked", json={"success": True},
                          match=[matchers.query_param_matcher(
                              {"user": comment.author.remote_id}, strict_match=False)])
        else:
            self.http.add(responses.POST, f"{GRAPH}/{comment.remote_id}",
                          json={"success": True})


class InstagramHarness(GraphHarness):
    name = "instagram"
    publish_url = f"{GRAPH}/1784/media_publish"

    def connector(self) -> Connector:
        return InstagramConnector(ConnectorContext(
            account="ig", options={"ig_user_id": "1784"},
            credentials={"access_token": "TEST-TOKEN"}))

    def _quota(self) -> None:
        self.http.add(responses.GET, f"{GRAPH}/1784/content_publishing_limit",
                      json={"data": [{"quota_usage": 3, "config": {"quota_total": 50}}]})
        self.http.add(responses.POST, f"{GRAPH}/1784/media", json={"id": "container-1"})

    def publish_ok(self) -> str:
        self._quota()
        self.http.add(responses.POST, self.publish_url, json={"id": "media-9"})
        return "media-9"

    def publish_fails(self, kind: str) -> None:
        self._quota()
        super().publish_fails(kind)

    def comments(self, post_id: str) -> list[tuple[str, str, str]]:
        self.http.add(responses.GET, f"{GRAPH}/{post_id}/comments", json={"data": [
            {"id": "ic1", "text": "きれいですね", "username": "taro",
             "from": {"id": "u1", "username": "taro"}, "timestamp": "2026-11-20T01:00:00+0000"},
            {"id": "ic2", "text": "行きたい", "username": "hanako",
             "from": {"id": "u2", "username": "hanako"},
             "timestamp": "2026-11-20T01:05:00+0000"}], "paging": {"cursors": {}}})
        return [("ic1", "taro", "きれいですね"), ("ic2", "hanako", "行きたい")]

    def deliveries(self, post_id: str) -> list[Delivery]:
        """Instagram ``comments``: one entry per moment, as Meta batches them."""
        return [meta_signed({"object": "instagram", "entry": [
            {"id": "1784", "time": epoch(iso), "changes": [{"field": "comments", "value": {
                "from": {"id": f"u{n}", "username": handle},
                "media": {"id": post_id, "media_product_type": "FEED"},
                "id": f"ic{n}", "text": text}}]}
            for n, (handle, text, iso) in enumerate(COMMENTS, start=1)]})]

    def moderation_ok(self, action: str, comment: RemoteComment) -> None:
        method = responses.DELETE if action == "delete" else responses.POST
        self.http.add(method, f"{GRAPH}/{comment.remote_id}", json={"success": True})


def _headers(exchange: dict[str, Any]) -> dict[str, str]:
    return {k: v for k, v in exchange["response"]["headers"].items() if k != "content-type"}


def x_failure(kind: str) -> dict[str, Any]:
    """X's documented error shapes."""
    reset = str(int(time.time()) + 900)
    if kind == "rate_limit":
        return {"status": 429, "json": {"title": "Too Many Requests", "detail":
                                        "Too Many Requests", "type": "about:blank",
                                        "status": 429},
                "headers": {"x-rate-limit-limit": "100", "x-rate-limit-remaining": "0",
                            "x-rate-limit-reset": reset}}
    if kind == "auth_expired":
        return {"status": 401, "json": {"title": "Unauthorized", "type": "about:blank",
                                        "status": 401, "detail": "Unauthorized"}}
    if kind == "server_error":
        return {"status": 503, "json": {"title": "Service Unavailable", "status": 503,
                                        "detail": "Service Unavailable"}}
    if kind == "garbage":
        return {"status": 201, "body": "<html>gateway</html>",
                "content_type": "application/json"}
    if kind == "timeout_after_send":
        import requests

        return {"body": requests.exceptions.ReadTimeout("read timed out")}
    if kind == "duplicate":
        return {"status": 403, "json": {"detail": "You are not allowed to create a Tweet with "
                                                  "duplicate content.", "type": "about:blank",
                                        "title": "Forbidden", "status": 403}}
    raise ValueError(kind)


def graph_failure(kind: str, code: int | None = None) -> dict[str, Any]:
    """Meta's documented error object: {"error": {"message", "type", "code", ...}}."""
    def error(status: int, code: int, message: str, **extra: Any) -> dict[str, Any]:
        return {"status": status, "json": {"error": {"message": message,
                                                     "type": "OAuthException", "code": code,
                                                     "fbtrace_id": "A1", **extra}}}

    if code is not None:
        return error(400, code, f"error {code}")
    if kind == "rate_limit":
        result = error(400, 32, "Page request limit reached")
        result["headers"] = {"x-business-use-case-usage": json.dumps({"1234": [{
            "type": "pages", "call_count": 100, "total_cputime": 10, "total_time": 10,
            "estimated_time_to_regain_access": 7}]})}
        return result
    if kind == "auth_expired":
        return error(400, 190, "Error validating access token: Session has expired",
                     error_subcode=463)
    if kind == "server_error":
        return error(500, 2, "An unexpected error has occurred. Please retry your request later.",
                     is_transient=True)
    if kind == "garbage":
        return {"status": 200, "body": "{not json", "content_type": "application/json"}
    if kind == "timeout_after_send":
        import requests

        return {"body": requests.exceptions.ReadTimeout("read timed out")}
    raise ValueError(kind)


HARNESSES = [MockHarness, XHarness, FacebookHarness, InstagramHarness]
