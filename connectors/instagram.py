"""Instagram business accounts through the official Instagram Graph API (the default a
city should use), on the same Graph client as Facebook (``connectors/_graph.py``).

Options: ``ig_user_id`` (required), ``graph_version``, ``timeout``. Credentials:
``access_token``. Publishing is two steps, a media container then ``media_publish``; the
image must be reachable at a public URL, because Instagram fetches it itself. Comments can
be hidden and deleted; blocking is not in the API. ``content_publishing_limit`` is read
before publishing so the rolling 24-hour quota is respected.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
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
    RateLimited,
    Rejected,
    RemoteComment,
    Unsupported,
    Usage,
    comparable_text,
    page_by_time,
)

COMMENT_FIELDS = "id,text,username,timestamp,hidden,from{id,username},parent_id"


class InstagramConnector(Connector):
    platform: ClassVar[str] = "instagram"
    moderation: ClassVar[frozenset[str]] = frozenset({"hide", "delete"})
    max_text_length: ClassVar[int | None] = 2200
    default_budgets: ClassVar[Mapping[str, tuple[Budget, ...]]] = {
        "publish": (Budget(limit=50, window_seconds=86_400),),  # API-published posts / 24 h
        "read": (Budget(limit=200, window_seconds=3600),),
        "moderate": (Budget(limit=200, window_seconds=3600),),
        "profile": (Budget(limit=200, window_seconds=3600),),
    }

    def __init__(self, context: ConnectorContext) -> None:
        super().__init__(context)
        self.graph = GraphClient(context, platform="instagram", label="Instagram",
                                 token_key="access_token", id_option="ig_user_id")
        self.user_id = self.graph.object_id

    # -- publishing ------------------------------------------------------------------

    def publish(self, outgoing: Outgoing) -> Published:
        self.check_text(outgoing.text)
        media = next((m for m in outgoing.media if m.url), None)
        if media is None:
            raise Rejected("instagram: a post needs an image or video at a public URL",
                           operator_message=("Instagram の投稿には画像か動画が必要で、"
                                             "Instagram が取得できる公開URLに置く必要があります。"))
        self._check_quota()
        kind = {"image_url": media.url} if media.kind == "image" else {
            "media_type": "REELS", "video_url": media.url}
        container = self.graph.post("publish", f"{self.user_id}/media",
                                    caption=outgoing.text, **kind)
        result = self.graph.post("publish", f"{self.user_id}/media_publish",
                                 creation_id=container["id"])
        media_id = str(result["id"])
        return Published(remote_id=media_id, url=None, published_at=datetime.now(UTC))

    def _check_quota(self) -> None:
        data = self.graph.get("read", f"{self.user_id}/content_publishing_limit",
                              fields="quota_usage,config").get("data", [{}])
        entry = data[0] if data else {}
        total = int((entry.get("config") or {}).get("quota_total", 50))
        used = int(entry.get("quota_usage", 0))
        self.context.limiter.observe(Usage(family="publish", remaining=total - used, limit=total))
        if used >= total:
            raise RateLimited("instagram: content publishing limit reached",
                              reset_at=datetime.now(UTC) + timedelta(hours=1),
                              operator_message=("Instagram の24時間あたりの投稿上限に"
                                                "達しました。枠が空き次第再開します。"))

    def find_published(self, outgoing: Outgoing, since: datetime) -> Published | None:
        wanted = comparable_text(outgoing.text)
        result = self.graph.get("read", f"{self.user_id}/media",
                                fields="id,caption,timestamp,permalink",
                                since=int(since.timestamp()), limit=50)
        for media in result.get("data", []):
            if comparable_text(media.get("caption", "")) == wanted:
                return Published(remote_id=str(media["id"]), url=media.get("permalink"),
                                 published_at=parse_time(media.get("timestamp")))
        return None

    # -- comments ------------------------------------------------------------------------

    def fetch_comments(self, cursor: str | None, post_remote_ids: tuple[str, ...]) -> CommentPage:
        """Instagram's comment listing has no time filter: older ones are dropped here."""
        since = int(cursor) if cursor else None
        comments = [
            comment for media_id in post_remote_ids
            for comment in (_comment(item, media_id) for item in self.graph.items(
                "read", f"{media_id}/comments", fields=COMMENT_FIELDS, limit=50))
            if since is None or (comment.created_at and comment.created_at.timestamp() >= since)
        ]
        return page_by_time(comments, cursor)

    def hide(self, comment: RemoteComment) -> None:
        self.graph.post("moderate", comment.remote_id, hide=True)

    def unhide(self, comment: RemoteComment) -> None:
        self.graph.post("moderate", comment.remote_id, hide=False)

    def delete(self, comment: RemoteComment) -> None:
        self.graph.delete("moderate", comment.remote_id)

    def block(self, author: Author) -> None:
        raise Unsupported("instagram: the Graph API cannot block users",
                          operator_message=("Instagram Graph API ではブロックできません。"
                                            "Instagram アプリで操作してください。"))

    def profile(self) -> Profile:
        user = self.graph.get("profile", self.user_id,
                              fields="id,username,name,biography,website")
        return Profile(remote_id=str(user["id"]), name=user.get("name"),
                       handle=user.get("username"), description=user.get("biography"),
                       url=user.get("website"))


def _comment(item: Mapping[str, Any], media_id: str) -> RemoteComment:
    author = item.get("from") or {}
    return RemoteComment(
        remote_id=str(item["id"]), post_remote_id=media_id,
        author=Author(remote_id=str(author.get("id", "")),
                      handle=author.get("username") or item.get("username")),
        text=str(item.get("text", "")), created_at=parse_time(item.get("timestamp")),
        hidden=bool(item.get("hidden")), parent_remote_id=item.get("parent_id"))


