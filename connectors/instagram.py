"""Instagram business accounts through the official Instagram Graph API (the default a
city should use), on the same Graph plumbing as Facebook (``connectors/_graph.py``).

Options: ``ig_user_id`` (required), ``graph_version``, ``timeout``. Credentials:
``access_token``. Publishing is two steps, a media container then ``media_publish``; the
image must be reachable at a public URL, because Instagram fetches it itself. Comments can
be hidden and deleted; blocking is not in the API. ``content_publishing_limit`` is read
before publishing so the rolling 24-hour quota is respected. New comments also arrive by
webhook: the Instagram user's ``comments`` field, signed with the app secret.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
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
    RateLimited,
    Rejected,
    RemoteComment,
    Unsupported,
    Usage,
    WebhookComment,
    page_by_time,
    parse_time,
)

COMMENT_FIELDS = "id,text,username,timestamp,hidden,from{id,username},parent_id"


class InstagramConnector(GraphConnector):
    platform: ClassVar[str] = "instagram"
    moderation: ClassVar[frozenset[str]] = frozenset({"hide", "delete"})
    max_text_length: ClassVar[int | None] = 2200
    default_budgets: ClassVar[Mapping[str, tuple[Budget, ...]]] = {
        "publish": (Budget(limit=50, window_seconds=86_400),),  # API-published posts / 24 h
        "read": (Budget(limit=200, window_seconds=3600),),
        "moderate": (Budget(limit=200, window_seconds=3600),),
        "profile": (Budget(limit=200, window_seconds=3600),),
    }
    token_key: ClassVar[str] = "access_token"
    id_option: ClassVar[str] = "ig_user_id"
    label: ClassVar[str] = "Instagram"
    timeline: ClassVar[tuple[str, str, str, str]] = ("media", "caption", "timestamp", "permalink")
    timeline_limit: ClassVar[int] = 50
    hide_field: ClassVar[str] = "hide"

    @property
    def user_id(self) -> str:
        return self.object_id

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
        container = self._post("publish", f"{self.user_id}/media",
                               caption=outgoing.text, **kind)
        result = self._post("publish", f"{self.user_id}/media_publish",
                            creation_id=container["id"])
        return Published(remote_id=str(result["id"]), url=None, published_at=datetime.now(UTC))

    def _check_quota(self) -> None:
        data = self._get("read", f"{self.user_id}/content_publishing_limit",
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

    def fetch_comments(self, cursor: str | None, post_remote_ids: tuple[str, ...]) -> CommentPage:
        """Instagram's comment listing has no time filter: older ones are dropped here."""
        since = int(cursor) if cursor else None
        comments = [
            comment for media_id in post_remote_ids
            for comment in (_comment(item, media_id) for item in self._items(
                "read", f"{media_id}/comments", fields=COMMENT_FIELDS, limit=50))
            if since is None or (comment.created_at and comment.created_at.timestamp() >= since)
        ]
        return page_by_time(comments, cursor)

    def block(self, author: Author) -> None:
        raise Unsupported("instagram: the Graph API cannot block users",
                          operator_message=("Instagram Graph API ではブロックできません。"
                                            "Instagram アプリで操作してください。"))

    def profile(self) -> Profile:
        user = self._get("profile", self.user_id, fields="id,username,name,biography,website")
        return Profile(remote_id=str(user["id"]), name=user.get("name"),
                       handle=user.get("username"), description=user.get("biography"),
                       url=user.get("website"))

    @classmethod
    def parse_webhook(cls, body: bytes) -> list[WebhookComment]:
        """New comments from the ``comments`` field. The value names the comment (``id``),
        its ``text``, ``from`` (id, username), ``media.id`` (our post, as the sweep has
        it) and, for a reply, ``parent_id``; it has no time of its own, so the entry's is
        used. Left out: comments our account wrote itself (``from.id`` is ours), and every
        other field (``live_comments``, ``mentions``, ``story_insights``…). Instagram sends
        nothing for edits or removals."""
        found: list[WebhookComment] = []
        payload = _webhooks.load(body, platform=cls.platform)
        for user_id, when, value in _webhooks.meta_changes(payload, "comments"):
            author, media = _webhooks.obj(value.get("from")), _webhooks.obj(value.get("media"))
            if not value.get("id") or not media.get("id") or (
                    str(author.get("id") or "") == user_id):
                continue
            found.append(WebhookComment(account_remote_id=user_id, comment=RemoteComment(
                remote_id=str(value["id"]), post_remote_id=str(media["id"]),
                author=Author(remote_id=str(author.get("id") or ""),
                              handle=author.get("username")),
                text=str(value.get("text") or ""), created_at=parse_time(when),
                parent_remote_id=str(value["parent_id"]) if value.get("parent_id") else None)))
        return found


def _comment(item: Mapping[str, Any], media_id: str) -> RemoteComment:
    author = item.get("from") or {}
    return RemoteComment(
        remote_id=str(item["id"]), post_remote_id=media_id,
        author=Author(remote_id=str(author.get("id", "")),
                      handle=author.get("username") or item.get("username")),
        text=str(item.get("text", "")), created_at=parse_time(item.get("timestamp")),
        hidden=bool(item.get("hidden")), parent_remote_id=item.get("parent_id"))
