"""One small harness per platform: how to make that platform answer a given way.

Real connectors drive their real library (tweepy, facebook-sdk) against platform-shaped
HTTP exchanges served by ``responses``; the mock drives its shared SQLite file. The suite in
``test_suite.py`` runs the same assertions through every harness, so the mock cannot drift
from the real shape.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import responses

from connectors.base import Connector, ConnectorContext, RemoteComment
from connectors.facebook import FacebookConnector
from connectors.instagram import InstagramConnector
from connectors.mock import MockConnector, MockPlatform
from connectors.x import XConnector

RECORDED = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "x-recorded"
GRAPH = "https://graph.facebook.com/v24.0"
X_API = "https://api.twitter.com/2"


def recorded(name: str) -> list[dict[str, Any]]:
    return json.loads((RECORDED / f"{name}.json").read_text(encoding="utf-8"))


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


class MockHarness(Harness):
    name = "mock"

    def __init__(self, tmp_path: Path, _http: responses.RequestsMock) -> None:
        self.platform = MockPlatform(tmp_path / "mock.sqlite")
        self.context = ConnectorContext(account="main",
                                        options={"state_path": str(tmp_path / "mock.sqlite")})

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
        for handle, text in (("taro", "きれいですね"), ("hanako", "行きたい")):
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

    def moderation_ok(self, action: str, comment: RemoteComment) -> None:
        if action == "delete":
            self.http.add(responses.DELETE, f"{GRAPH}/{comment.remote_id}",
                          json={"success": True})
        elif action == "block":
            self.http.add(responses.POST, f"{GRAPH}/1234/blocked",
                          json={comment.author.remote_id: True})
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
