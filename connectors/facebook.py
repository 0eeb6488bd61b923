"""Facebook Pages through facebook-sdk's ``GraphAPI`` (see ``connectors/_graph.py``).

Options: ``page_id`` (required), ``graph_version`` (default a current version), ``timeout``.
Credentials: ``page_access_token``. Comments of our posts can be hidden (``is_hidden``),
deleted, and their authors blocked from the page (``POST /{page}/blocked``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar

from connectors._graph import GraphClient, parse_time
from connectors.base import (
    Author,
    Budget,
    CommentPage,
    Connector,
    ConnectorContext,
    Outgoing,
    Profile,
    Published,
    RemoteComment,
    comparable_text,
    page_by_time,
)

COMMENT_FIELDS = "id,from{id,name},message,created_time,is_hidden,parent{id}"


class FacebookConnector(Connector):
    platform: ClassVar[str] = "facebook"
    moderation: ClassVar[frozenset[str]] = frozenset({"hide", "delete", "block"})
    max_text_length: ClassVar[int | None] = 63_206
    default_budgets: ClassVar[Mapping[str, tuple[Budget, ...]]] = {
        # Pages: 4,800 calls × engaged users per 24 h; a small page's honest floor
        "publish": (Budget(limit=200, window_seconds=3600),),
        "read": (Budget(limit=4800, window_seconds=86_400),),
        "moderate": (Budget(limit=600, window_seconds=3600),),
        "profile": (Budget(limit=200, window_seconds=3600),),
    }

    def __init__(self, context: ConnectorContext) -> None:
        super().__init__(context)
        self.graph = GraphClient(context, platform="facebook", label="Facebook ページ",
                                 token_key="page_access_token", id_option="page_id")
        self.page_id = self.graph.object_id

    # -- publishing ------------------------------------------------------------------

    def publish(self, outgoing: Outgoing) -> Published:
        self.check_text(outgoing.text)
        photo = next((m for m in outgoing.media if m.kind == "image"), None)
        if photo is not None and photo.url:
            result = self.graph.post("publish", f"{self.page_id}/photos", url=photo.url,
                                     message=outgoing.text)
            remote_id = str(result.get("post_id") or result["id"])
        else:
            data: dict[str, Any] = {"message": outgoing.text}
            if outgoing.link:
                data["link"] = outgoing.link
            remote_id = str(self.graph.post("publish", f"{self.page_id}/feed", **data)["id"])
        return Published(remote_id=remote_id, url=f"https://www.facebook.com/{remote_id}",
                         published_at=datetime.now(UTC))

    def find_published(self, outgoing: Outgoing, since: datetime) -> Published | None:
        wanted = comparable_text(outgoing.text)
        result = self.graph.get("read", f"{self.page_id}/posts",
                                fields="id,message,created_time,permalink_url",
                                since=int(since.timestamp()), limit=100)
        for post in result.get("data", []):
            if comparable_text(post.get("message", "")) == wanted:
                return Published(remote_id=str(post["id"]), url=post.get("permalink_url"),
                                 published_at=parse_time(post.get("created_time")))
        return None

    # -- comments ------------------------------------------------------------------------

    def fetch_comments(self, cursor: str | None, post_remote_ids: tuple[str, ...]) -> CommentPage:
        params: dict[str, Any] = {"fields": COMMENT_FIELDS, "filter": "stream",
                                  "order": "chronological", "limit": 100}
        if cursor:
            params["since"] = int(cursor)
        comments = [_comment(item, post_id) for post_id in post_remote_ids
                    for item in self.graph.items("read", f"{post_id}/comments", **params)]
        return page_by_time(comments, cursor)

    def hide(self, comment: RemoteComment) -> None:
        self.graph.post("moderate", comment.remote_id, is_hidden=True)

    def unhide(self, comment: RemoteComment) -> None:
        self.graph.post("moderate", comment.remote_id, is_hidden=False)

    def delete(self, comment: RemoteComment) -> None:
        self.graph.delete("moderate", comment.remote_id)

    def block(self, author: Author) -> None:
        self.graph.post("moderate", f"{self.page_id}/blocked", user=author.remote_id)

    def profile(self) -> Profile:
        page = self.graph.get("profile", self.page_id,
                              fields="id,name,username,about,description,link")
        description = "\n".join(filter(None, (page.get("about"), page.get("description"))))
        return Profile(remote_id=str(page["id"]), name=page.get("name"),
                       handle=page.get("username"), description=description or None,
                       url=page.get("link"))


def _comment(item: Mapping[str, Any], post_id: str) -> RemoteComment:
    author = item.get("from") or {}
    return RemoteComment(
        remote_id=str(item["id"]), post_remote_id=post_id,
        author=Author(remote_id=str(author.get("id", "")), name=author.get("name")),
        text=str(item.get("message", "")), created_at=parse_time(item.get("created_time")),
        hidden=bool(item.get("is_hidden")),
        parent_remote_id=(item.get("parent") or {}).get("id"))


