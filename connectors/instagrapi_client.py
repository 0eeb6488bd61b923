"""Instagram through instagrapi — an explicit opt-in, not the default.

**Read before choosing it:** instagrapi speaks Instagram's *private* mobile API. It logs in
with the account's username and *password* (stored encrypted in the vault together with
the login session), it is not sanctioned by Meta, and Instagram may challenge, restrict or
disable an account that uses it. A city should use the official Graph API connector
(platform ``instagram``) unless it has a reason and accepts that risk.

Quirks kept here: the login session is persisted through ``save_credentials`` so a worker
does not log in on every call; instagrapi's default challenge handler calls ``input()``,
which would block a worker forever, so it is replaced by one that fails at once; the
private API cannot hide comments (``hide`` is ``Unsupported``: the sweep falls back to a
person's review), but it can delete them and block their authors. The private API has no
webhooks: comments arrive only by the sweep (``webhooks`` is False; the webhook methods
raise ``Unsupported``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from instagrapi import Client
from instagrapi import exceptions as ig

from connectors import _http
from connectors.base import (
    Ambiguous,
    AuthExpired,
    Author,
    Budget,
    CommentPage,
    Connector,
    ConnectorContext,
    ConnectorError,
    Outgoing,
    Profile,
    Published,
    RateLimited,
    Rejected,
    RemoteComment,
    Transient,
    comparable_text,
    page_by_time,
)

RELOGIN_MESSAGE = ("Instagram が本人確認（チャレンジ／二段階認証／再ログイン）を求めています。"
                   "Instagram アプリで確認を済ませ、`kohogate accounts set-credentials` で"
                   "パスワードを登録し直してください（セッションは破棄されます）。")


class InstagrapiConnector(Connector):
    platform: ClassVar[str] = "instagrapi"
    moderation: ClassVar[frozenset[str]] = frozenset({"delete", "block", "unblock"})
    max_text_length: ClassVar[int | None] = 2200
    default_budgets: ClassVar[Mapping[str, tuple[Budget, ...]]] = {
        # deliberately slow: the private API punishes bursts
        "publish": (Budget(limit=10, window_seconds=86_400),),
        "read": (Budget(limit=60, window_seconds=3600),),
        "moderate": (Budget(limit=30, window_seconds=3600),),
        "profile": (Budget(limit=30, window_seconds=3600),),
    }

    def __init__(self, context: ConnectorContext, client: Client | None = None) -> None:
        super().__init__(context)
        if not context.credentials.get("username") or not context.credentials.get("password"):
            raise AuthExpired("instagrapi: username and password are needed",
                              operator_message=("instagrapi には username と password の"
                                                "登録が必要です"
                                                "（`kohogate accounts set-credentials`）。"))
        self.client = client or Client()
        self.client.challenge_code_handler = _refuse_challenge
        self.client.change_password_handler = _refuse_challenge
        self.client.request_timeout = self.timeout
        self._logged_in = False

    def _login(self) -> None:
        """Reuse the stored session; log in with the password only when it is gone."""
        if self._logged_in:
            return
        credentials = self.context.credentials
        session = credentials.get("session")
        if session:
            self.client.set_settings(json.loads(session))
        self.client.login(credentials["username"], credentials["password"])
        self._logged_in = True
        settings = json.dumps(self.client.get_settings(), default=str)
        if settings != session and self.context.save_credentials is not None:
            self.context.save_credentials({**credentials, "session": settings})

    # -- the hooks of the one call wrapper ------------------------------------------------

    def _prepare(self, family: str) -> None:
        self._login()

    def translate(self, exc: Exception, *, writing: bool) -> ConnectorError | None:
        if isinstance(exc, ig.ClientError):
            return _translate(exc, writing=writing)
        if isinstance(exc, OSError):
            return _http.transport_error(exc, writing=writing, platform="instagrapi") or (
                Transient(f"instagrapi: {type(exc).__name__}", operator_message=(
                    "Instagram との通信に失敗しました。自動で再試行します。")))
        return None

    # -- publishing ------------------------------------------------------------------

    def publish(self, outgoing: Outgoing) -> Published:
        self.check_text(outgoing.text)
        paths = [Path(m.path) for m in outgoing.media if m.path]
        if not paths:
            raise Rejected("instagrapi: a post needs a photo or a video file",
                           operator_message="Instagram の投稿には画像か動画のファイルが必要です。")
        video = any(m.kind == "video" for m in outgoing.media)

        def upload() -> Any:
            if len(paths) > 1:
                return self.client.album_upload(paths, outgoing.text)
            if video:
                return self.client.video_upload(paths[0], outgoing.text)
            return self.client.photo_upload(paths[0], outgoing.text)

        media = self._call("publish", upload, writing=True)
        return Published(remote_id=str(media.id),
                         url=f"https://www.instagram.com/p/{media.code}/",
                         published_at=datetime.now(UTC))

    def find_published(self, outgoing: Outgoing, since: datetime) -> Published | None:
        wanted = comparable_text(outgoing.text)
        medias = self._call("read", lambda: self.client.user_medias(self.client.user_id, 20),
                            writing=False)
        for media in medias:
            taken = media.taken_at if media.taken_at.tzinfo else media.taken_at.replace(
                tzinfo=UTC)
            if taken >= since and comparable_text(media.caption_text or "") == wanted:
                return Published(remote_id=str(media.id),
                                 url=f"https://www.instagram.com/p/{media.code}/",
                                 published_at=taken)
        return None

    # -- comments ------------------------------------------------------------------------

    def fetch_comments(self, cursor: str | None, post_remote_ids: tuple[str, ...]) -> CommentPage:
        since = int(cursor) if cursor else None
        found: list[RemoteComment] = []
        for media_id in post_remote_ids:
            listing = partial(self.client.media_comments, media_id, 100)
            for item in self._call("read", listing, writing=False):
                created = item.created_at_utc if item.created_at_utc.tzinfo else (
                    item.created_at_utc.replace(tzinfo=UTC))
                if since is not None and created.timestamp() < since:
                    continue
                found.append(RemoteComment(
                    remote_id=str(item.pk), post_remote_id=media_id,
                    author=Author(remote_id=str(item.user.pk), name=item.user.full_name,
                                  handle=item.user.username),
                    text=item.text, created_at=created))
        return page_by_time(found, cursor)

    def delete(self, comment: RemoteComment) -> None:
        self._call("moderate", lambda: self.client.comment_bulk_delete(
            comment.post_remote_id, [int(comment.remote_id)]), writing=True)

    def block(self, author: Author) -> None:
        self._call("moderate", lambda: self.client.user_block(author.remote_id), writing=True)

    def unblock(self, author: Author) -> None:
        self._call("moderate", lambda: self.client.user_unblock(author.remote_id),
                   writing=True)

    def profile(self) -> Profile:
        account = self._call("profile", self.client.account_info, writing=False)
        return Profile(remote_id=str(account.pk), name=account.full_name,
                       handle=account.username, description=account.biography,
                       url=str(account.external_url) if account.external_url else None)


def _refuse_challenge(*_args: Any, **_kwargs: Any) -> str:
    """Replaces instagrapi's ``input()`` prompt: a worker has nobody to type a code."""
    raise ig.ChallengeRequired("a challenge needs a person; refusing to wait for input()")


def _translate(exc: ig.ClientError, *, writing: bool) -> ConnectorError:
    said = str(exc)[:300] or type(exc).__name__
    if isinstance(exc, ig.ChallengeRequired | ig.TwoFactorRequired | ig.LoginRequired |
                  ig.BadPassword):
        return AuthExpired(f"instagrapi: {type(exc).__name__}", platform_message=said,
                           operator_message=RELOGIN_MESSAGE)
    if isinstance(exc, ig.PleaseWaitFewMinutes | ig.RateLimitError | ig.FeedbackRequired |
                  ig.ClientThrottledError):
        return RateLimited(f"instagrapi: {type(exc).__name__}", reset_at=None,
                           platform_message=said,
                           operator_message=("Instagram が操作を制限しています。"
                                             "時間をおいて自動で再開します。"))
    if isinstance(exc, ig.ClientRequestTimeout | ig.ClientConnectionError):
        error = Ambiguous if writing else Transient
        return error(f"instagrapi: {type(exc).__name__}", platform_message=said,
                     operator_message="Instagram との通信が途切れました。")
    if isinstance(exc, ig.ClientJSONDecodeError):
        return (Ambiguous if writing else Transient)(
            "instagrapi: malformed answer", platform_message=said,
            operator_message="Instagram から不正な応答がありました。")
    if isinstance(exc, ig.ClientNotFoundError | ig.MediaNotFound | ig.CommentNotFound):
        return Rejected(f"instagrapi: not found ({type(exc).__name__})", platform_message=said,
                        operator_message="対象の投稿またはコメントが見つかりません。")
    if getattr(exc, "code", None) and int(getattr(exc, "code", 0)) >= 500:
        return Transient(f"instagrapi: server error {exc.code}", platform_message=said,
                         operator_message="Instagram 側の一時的な障害です。自動で再試行します。")
    return Rejected(f"instagrapi: {type(exc).__name__}", platform_message=said,
                    operator_message=f"Instagram が要求を受け付けませんでした: {said}")


