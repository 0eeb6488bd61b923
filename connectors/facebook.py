"""Facebook Pages through facebook-sdk's ``GraphAPI`` (the shared part: ``connectors/_graph.py``).

Options: ``page_id`` (required), ``graph_version`` (default a current version), ``timeout``.
Credentials: ``page_access_token``. Comments of our posts can be hidden (``is_hidden``),
deleted, and their authors blocked from the page (``POST /{page}/blocked``). New comments
also arrive by webhook: the page's ``feed`` field, signed with the app secret.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar

from connectors import _webhooks
from connectors._graph import GraphConnector
from connectors.base import (
    Author,
    Budget,
    CommentPage,
    Outgoing,
    Profile,
    Published,
    RemoteComment,
    WebhookComment,
    page_by_time,
    parse_time,
)

COMMENT_FIELDS = "id,from{id,name},message,created_time,is_hidden,parent{id}"


class FacebookConnector(GraphConnector):
    platform: ClassVar[str] = "facebook"
    moderation: ClassVar[frozenset[str]] = frozenset({"hide", "delete", "block", "unblock"})
    max_text_length: ClassVar[int | None] = 63_206
    default_budgets: ClassVar[Mapping[str, tuple[Budget, ...]]] = {
        # Pages: 4,800 calls × engaged users per 24 h; a small page's honest floor
        "publish": (Budget(limit=200, window_seconds=3600),),
        "read": (Budget(limit=4800, window_seconds=86_400),),
        "moderate": (Budget(limit=600, window_seconds=3600),),
        "profile": (Budget(limit=200, window_seconds=3600),),
    }
    token_key: ClassVar[str] = "page_access_token"
    id_option: ClassVar[str] = "page_id"
    label: ClassVar[str] = "Facebook ページ"
    timeline: ClassVar[tuple[str, str, str, str]] = (
        "posts", "message", "created_time", "permalink_url")
    hide_field: ClassVar[str] = "is_hidden"

    @property
    def page_id(self) -> str:
        return self.object_id

    def publish(self, outgoing: Outgoing) -> Published:
        """A photo post answers with the photo's id and the post's ``post_id``: the post's
        is the one comments hang from."""
        self.check_text(outgoing.text)
        photo = next((m for m in outgoing.media if m.kind == "image"), None)
        if photo is not None and photo.url:
            result = self._post("publish", f"{self.page_id}/photos", url=photo.url,
                                message=outgoing.text)
            remote_id = str(result.get("post_id") or result["id"])
        else:
            data: dict[str, Any] = {"message": outgoing.text}
            if outgoing.link:
                data["link"] = outgoing.link
            remote_id = str(self._post("publish", f"{self.page_id}/feed", **data)["id"])
        return Published(remote_id=remote_id, url=f"https://www.facebook.com/{remote_id}",
                         published_at=datetime.now(UTC))

    def fetch_comments(self, cursor: str | None, post_remote_ids: tuple[str, ...]) -> CommentPage:
        params: dict[str, Any] = {"fields": COMMENT_FIELDS, "filter": "stream",
                                  "order": "chronological", "limit": 100}
        if cursor:
            params["since"] = int(cursor)
        comments = [_comment(item, post_id) for post_id in post_remote_ids
                    for item in self._items("read", f"{post_id}/comments", **params)]
        return page_by_time(comments, cursor)

    def block(self, author: Author) -> None:
        self._post("moderate", f"{self.page_id}/blocked", user=author.remote_id)

    def unblock(self, author: Author) -> None:
        """The Page's ``blocked`` edge takes a DELETE naming the user."""
        self._call("moderate", lambda: self.api.request(
            f"{self.version}/{self.page_id}/blocked", args={"user": author.remote_id},
            method="DELETE"), writing=True)

    def profile(self) -> Profile:
        page = self._get("profile", self.page_id,
                         fields="id,name,username,about,description,link")
        description = "\n".join(filter(None, (page.get("about"), page.get("description"))))
        return Profile(remote_id=str(page["id"]), name=page.get("name"),
                       handle=page.get("username"), description=description or None,
                       url=page.get("link"))

    @classmethod
    def parse_webhook(cls, body: bytes) -> list[WebhookComment]:
        """New comments from the page's ``feed`` field; see
        :func:`connectors._webhooks.page_feed_comments` for what is left out. Comments on
        visitors' posts come too: the receiver keeps those on posts it published."""
        return _webhooks.page_feed_comments(body, platform=cls.platform)


def _comment(item: Mapping[str, Any], post_id: str) -> RemoteComment:
    author = item.get("from") or {}
    return RemoteComment(
        remote_id=str(item["id"]), post_remote_id=post_id,
        author=Author(remote_id=str(author.get("id", "")), name=author.get("name")),
        text=str(item.get("message", "")), created_at=parse_time(item.get("created_time")),
        hidden=bool(item.get("is_hidden")),
        parent_remote_id=(item.get("parent") or {}).get("id"))
