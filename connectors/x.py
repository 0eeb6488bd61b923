"""X (formerly Twitter) through tweepy's ``Client`` (API v2).

Quirks kept here: no ``wait_on_rate_limit`` (on a 429 without a reset header it retries at
once, recursively); a timeout mounted on tweepy's session (its Client has none); daily caps
read from the ``x-*-24hour-*`` headers as well as ``x-rate-limit-*``; a 403 "duplicate
content" is evidence that an earlier, unanswered send landed; X's weighted character count;
a small v2 media upload on tweepy's own authenticated session (tweepy 4.17 only has v1.1's).
Others' replies cannot be deleted and blocking was removed from the API: ``delete`` and
``block`` are ``Unsupported``; ``hide`` (at most 725 hidden replies per conversation) and
``mute`` work. X bills per use, so every call reports its estimated cost. An OAuth 2.0
token refused with a 401 is refreshed once per call, never more. Replies also arrive by
webhook (Account Activity API), signed with the app's consumer secret.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from collections.abc import Mapping
from datetime import UTC, datetime
from functools import partial
from typing import Any, ClassVar

import requests
import tweepy

from connectors import _http, _webhooks
from connectors.base import (
    Ambiguous,
    AuthExpired,
    Author,
    Budget,
    CommentPage,
    Connector,
    ConnectorContext,
    ConnectorError,
    HandshakeAnswer,
    Outgoing,
    Profile,
    Published,
    RateLimited,
    Rejected,
    RemoteComment,
    Transient,
    Unsupported,
    Usage,
    WebhookComment,
    WebhookRejected,
    as_int,
    comparable_text,
    parse_time,
)

SIGNATURE = "x-twitter-webhooks-signature"
LIMIT = 280
URL_WEIGHT = 23
URL = re.compile(r"https?://\S+|(?<![\w@.])(?:[a-z0-9-]+\.)+[a-z]{2,}(?:/\S*)?", re.IGNORECASE)
#: code points X counts as 1; everything else (CJK, emoji …) counts as 2
LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
MEDIA_UPLOAD = "https://api.x.com/2/media/upload"
TOKEN_URL = "https://api.x.com/2/oauth2/token"
#: refresh an OAuth 2.0 access token (they live two hours) this long before it expires
REFRESH_MARGIN = 300
#: estimated prices in USD; set the account options cost.* from the current price list
DEFAULT_COSTS = {"cost.post": 0.015, "cost.post_with_link": 0.2, "cost.read_result": 0.005,
                 "cost.moderate": 0.0}
TWEET_FIELDS = ["conversation_id", "author_id", "created_at", "in_reply_to_user_id"]


def weighted_length(text: str) -> int:
    """The length X counts: URLs 23, CJK and emoji 2, most Latin 1 (NFC first)."""
    text = unicodedata.normalize("NFC", text)
    total, cursor = 0, 0
    for match in URL.finditer(text):
        total += _weigh(text[cursor:match.start()]) + URL_WEIGHT
        cursor = match.end()
    return total + _weigh(text[cursor:])


def _weigh(text: str) -> int:
    """An emoji with its skin tone, variation selector or ZWJ-joined partners is one
    emoji to X, weighing 2."""
    total, joined = 0, False
    for char in text:
        point = ord(char)
        if char == "\u200d":
            joined = True
            continue
        if joined or 0x1F3FB <= point <= 0x1F3FF or 0xFE00 <= point <= 0xFE0F or (
                unicodedata.category(char) in ("Mn", "Me")):
            joined = False
            continue
        total += 1 if any(low <= point <= high for low, high in LIGHT_RANGES) else 2
    return total


class XConnector(Connector):
    platform: ClassVar[str] = "x"
    webhooks: ClassVar[bool] = True
    moderation: ClassVar[frozenset[str]] = frozenset({"hide", "mute", "unmute"})
    max_text_length: ClassVar[int | None] = LIMIT
    default_budgets: ClassVar[Mapping[str, tuple[Budget, ...]]] = {
        "publish": (Budget(limit=100, window_seconds=900),
                    Budget(limit=10_000, window_seconds=86_400, scope="app")),
        "read": (Budget(limit=180, window_seconds=900),),
        "moderate": (Budget(limit=50, window_seconds=900),),
        "profile": (Budget(limit=75, window_seconds=900),),
    }

    def __init__(self, context: ConnectorContext) -> None:
        super().__init__(context)
        credentials = context.credentials
        self._user_auth = bool(credentials.get("consumer_key"))
        if not (self._user_auth or credentials.get("bearer_token")):
            raise AuthExpired(
                "x: no credentials", operator_message=(
                    "X の認証情報が未登録です。consumer_key / consumer_secret / access_token / "
                    "access_token_secret（または OAuth 2.0 の bearer_token）を "
                    "`kohogate accounts set-credentials` で登録してください。"))
        self.client = tweepy.Client(
            bearer_token=credentials.get("bearer_token"),
            consumer_key=credentials.get("consumer_key"),
            consumer_secret=credentials.get("consumer_secret"),
            access_token=credentials.get("access_token"),
            access_token_secret=credentials.get("access_token_secret"),
            wait_on_rate_limit=False,
        )
        #: whether the current call has already refreshed the token (at most once per call)
        self._fresh = False
        _http.mount(self.client.session, self.timeout, self._remember)

    # -- publishing ------------------------------------------------------------------

    @classmethod
    def check_text(cls, text: str) -> None:
        length = weighted_length(text)
        if length > LIMIT:
            raise Rejected(
                f"x: {length} weighted characters, {length - LIMIT} over {LIMIT}",
                operator_message=(f"X の文字数（全角2・URL23で換算）が{length}で、"
                                  f"上限{LIMIT}を{length - LIMIT}超えています。"))

    def publish(self, outgoing: Outgoing) -> Published:
        self.check_text(outgoing.text)
        media_ids = [self._upload(m.path) for m in outgoing.media if m.path]
        has_link = bool(outgoing.link or URL.search(outgoing.text))
        text = outgoing.text if not outgoing.link or outgoing.link in outgoing.text else (
            f"{outgoing.text}\n{outgoing.link}")
        try:
            response = self._call("publish", lambda: self.client.create_tweet(
                text=text, media_ids=media_ids or None,
                in_reply_to_tweet_id=outgoing.reply_to_remote_id,
                user_auth=self._user_auth), writing=True,
                cost_usd=self._cost("cost.post_with_link" if has_link else "cost.post"))
        except Rejected as exc:
            if "duplicate" in (exc.platform_message or "").lower():
                raise Ambiguous(
                    "x: duplicate content: an earlier send of this text landed",
                    platform_message=exc.platform_message,
                    operator_message="同じ内容が既に投稿されています。公開済みかを確認します。",
                ) from None
            raise
        tweet_id = str(response.data["id"])
        return Published(remote_id=tweet_id, url=f"https://x.com/i/web/status/{tweet_id}",
                         published_at=datetime.now(UTC))

    def find_published(self, outgoing: Outgoing, since: datetime) -> Published | None:
        wanted = _comparable(outgoing.text)
        user_id = self._user_id()
        response = self._call("read", lambda: self.client.get_users_tweets(
            user_id, start_time=since, max_results=100,
            tweet_fields=["created_at"], user_auth=self._user_auth), writing=False)
        self._charge_results(response)
        for tweet in response.data or []:
            if _comparable(tweet["text"]) == wanted:
                return Published(remote_id=str(tweet["id"]),
                                 url=f"https://x.com/i/web/status/{tweet['id']}",
                                 published_at=parse_time(tweet.get("created_at")))
        return None

    def _upload(self, path: str) -> str:
        """Media upload on X's v2 endpoint, through tweepy's signed session, in its own
        family ``media`` (no default budget is declared for it; the post that follows
        spends the publish budget)."""
        auth = tweepy.OAuth1UserHandler(
            self.context.credentials.get("consumer_key"),
            self.context.credentials.get("consumer_secret"),
            self.context.credentials.get("access_token"),
            self.context.credentials.get("access_token_secret")).apply_auth() if (
            self._user_auth) else None

        def upload() -> str:
            headers = {} if auth else {
                "Authorization": f"Bearer {self.context.credentials.get('bearer_token')}"}
            with open(path, "rb") as handle:
                response = self.client.session.post(
                    MEDIA_UPLOAD, files={"media": handle},
                    data={"media_category": "tweet_image"}, headers=headers, auth=auth)
            if response.status_code >= 400:
                raise self._translate_status(response)
            try:
                return str(response.json()["data"]["id"])
            except (ValueError, KeyError, TypeError):
                raise Transient("x: media upload answered without a media id",
                                operator_message=("画像のアップロードに失敗しました。"
                                                  "自動で再試行します。")) from None

        # nothing is published yet: a lost answer only costs a new upload
        return self._call("media", upload, writing=False)

    # -- comments ------------------------------------------------------------------------

    def fetch_comments(self, cursor: str | None, post_remote_ids: tuple[str, ...]) -> CommentPage:
        """Replies to our posts, oldest first; the cursor is the newest id seen. By default
        from the account's mentions (cheaper); with the option ``comments_source=search``,
        from a recent search on the posts' conversation ids."""
        wanted = set(post_remote_ids)
        comments: dict[str, RemoteComment] = {}
        newest = cursor
        token: str | None = None
        by_search = self.context.options.get("comments_source") == "search" and wanted
        query = " OR ".join(f"conversation_id:{i}" for i in sorted(wanted))
        user_id = None if by_search else self._user_id()

        def listing(page_token: str | None) -> Any:
            if by_search:  # finds replies that do not mention us; X keeps 7 days
                return self.client.search_recent_tweets(
                    query, since_id=cursor, next_token=page_token, max_results=100,
                    tweet_fields=TWEET_FIELDS, expansions=["author_id"],
                    user_fields=["username", "name"], user_auth=self._user_auth)
            return self.client.get_users_mentions(
                user_id, since_id=cursor, pagination_token=page_token, max_results=100,
                tweet_fields=TWEET_FIELDS, expansions=["author_id"],
                user_fields=["username", "name"], user_auth=self._user_auth)

        for _ in range(10):
            response = self._call("read", partial(listing, token), writing=False)
            self._charge_results(response)
            users = {str(u["id"]): u for u in (response.includes or {}).get("users", [])}
            for tweet in response.data or []:
                conversation = str(tweet.get("conversation_id") or "")
                if wanted and conversation not in wanted:
                    continue
                author = users.get(str(tweet.get("author_id")), {})
                comments[str(tweet["id"])] = RemoteComment(
                    remote_id=str(tweet["id"]), post_remote_id=conversation,
                    author=Author(remote_id=str(tweet.get("author_id") or ""),
                                  name=author.get("name"), handle=author.get("username")),
                    text=tweet["text"], created_at=parse_time(tweet.get("created_at")))
            meta = response.meta or {}
            if meta.get("newest_id") and (newest is None or int(meta["newest_id"]) > int(newest)):
                newest = str(meta["newest_id"])
            token = meta.get("next_token")
            if not token:
                break
        ordered = sorted(comments.values(), key=lambda c: int(c.remote_id))
        return CommentPage(comments=tuple(ordered), cursor=newest)

    def hide(self, comment: RemoteComment) -> None:
        self._call("moderate", lambda: self.client.hide_reply(
            comment.remote_id, user_auth=self._user_auth), writing=True)

    def unhide(self, comment: RemoteComment) -> None:
        self._call("moderate", lambda: self.client.unhide_reply(
            comment.remote_id, user_auth=self._user_auth), writing=True)

    def delete(self, comment: RemoteComment) -> None:
        raise Unsupported("x: others' replies cannot be deleted through the API",
                          operator_message="X では他者の返信を削除できません。"
                                           "非表示にしてください。")

    def block(self, author: Author) -> None:
        raise Unsupported("x: blocking is not available through the API (tweepy 4.15 removed it)",
                          operator_message="X ではAPIからブロックできません。ミュートを使うか、"
                                           "X の画面で操作してください。")

    def mute(self, author: Author) -> None:
        self._call("moderate", lambda: self.client.mute(
            author.remote_id, user_auth=self._user_auth), writing=True)

    def unmute(self, author: Author) -> None:
        self._call("moderate", lambda: self.client.unmute(
            author.remote_id, user_auth=self._user_auth), writing=True)

    def profile(self) -> Profile:
        response = self._call("profile", lambda: self.client.get_me(
            user_fields=["description", "url", "username", "name"], user_auth=self._user_auth),
            writing=False)
        data = response.data
        return Profile(remote_id=str(data["id"]), name=data.get("name"),
                       handle=data.get("username"), description=data.get("description"),
                       url=data.get("url"))

    # -- account, costs, credentials ------------------------------------------------------

    def _user_id(self) -> str:
        user_id = self.context.options.get("user_id")
        if not user_id:
            user_id = self.profile().remote_id
            self.context.options = {**self.context.options, "user_id": user_id}
        return str(user_id)

    def _cost(self, key: str) -> float:
        return float(self.context.options.get(key, DEFAULT_COSTS[key]))

    def _charge_results(self, response: Any) -> None:
        count = len(response.data or []) if response is not None else 0
        if count:
            self.context.limiter.observe(Usage(family="read",
                                               cost_usd=count * self._cost("cost.read_result")))

    def _remember(self, response: requests.Response) -> None:
        self._last_answer = response

    def _refreshable(self) -> bool:
        credentials = self.context.credentials
        return not self._user_auth and bool(credentials.get("refresh_token")
                                            and credentials.get("client_id"))

    def refresh_token(self) -> None:
        """Trade the refresh token for a new access token, and keep both in the vault."""
        credentials = dict(self.context.credentials)
        secret = credentials.get("client_secret")
        try:
            response = self.client.session.post(
                TOKEN_URL, data={"grant_type": "refresh_token",
                                 "refresh_token": credentials["refresh_token"],
                                 "client_id": credentials["client_id"]},
                auth=(credentials["client_id"], secret) if secret else None)
            body = response.json() if response.status_code == 200 else {}
        except (requests.RequestException, ValueError):
            body = {}
        if not isinstance(body, dict) or "access_token" not in body:
            raise AuthExpired("x: the refresh token was refused", operator_message=(
                "X のトークンを更新できませんでした。アプリで再認可し、"
                "`kohogate accounts set-credentials` で登録し直してください。"))
        credentials.update(bearer_token=body["access_token"],
                           refresh_token=body.get("refresh_token", credentials["refresh_token"]),
                           expires_at=str(int(time.time()) + int(body.get("expires_in", 7200))))
        self.client.bearer_token = credentials["bearer_token"]
        self.context.credentials = credentials
        if self.context.save_credentials is not None:
            self.context.save_credentials(credentials)

    # -- the hooks of the one call wrapper ------------------------------------------------

    def _prepare(self, family: str) -> None:
        """An OAuth 2.0 access token lives two hours: refreshed shortly before it ends."""
        expires_at = as_int(self.context.credentials.get("expires_at"))
        self._fresh = bool(self._refreshable() and expires_at
                           and expires_at - time.time() < REFRESH_MARGIN)
        if self._fresh:
            self.refresh_token()

    def _recover(self, error: ConnectorError) -> bool:
        """A 401 was not accepted, so asking again is safe — once, with a refreshed token,
        and only if this call has not refreshed it already: a token refused right after
        its refresh is not a problem another refresh would solve."""
        if isinstance(error, AuthExpired) and self._refreshable() and not self._fresh:
            self.refresh_token()
            self._fresh = True
            return True
        return False

    def observe(self, family: str) -> None:
        if self._last_answer is None:
            return
        headers = self._last_answer.headers
        daily = {k: v for k, v in headers.items() if "24hour" in k.lower()}
        self.context.limiter.observe(Usage(
            family=family, remaining=as_int(headers.get("x-rate-limit-remaining")),
            limit=as_int(headers.get("x-rate-limit-limit")),
            reset_at=_epoch(headers.get("x-rate-limit-reset")), detail=daily))

    def translate(self, exc: Exception, *, writing: bool) -> ConnectorError | None:
        if isinstance(exc, tweepy.TweepyException):
            return self._translate(exc)
        return _http.translate_transport(exc, writing=writing, platform="x")

    def _translate(self, exc: tweepy.TweepyException) -> ConnectorError:
        response = getattr(exc, "response", None)
        if isinstance(exc, tweepy.HTTPException) and response is not None:
            return self._translate_status(response, exc)
        return Transient(f"x: {type(exc).__name__}", platform_message=str(exc)[:300])

    def _translate_status(self, response: requests.Response,
                          exc: tweepy.HTTPException | None = None) -> ConnectorError:
        status = response.status_code
        said = "; ".join(exc.api_messages) if exc is not None and exc.api_messages else (
            response.text[:300] if response.text else str(status))
        if status == 429:
            return RateLimited(f"x: 429 {said}", reset_at=_reset_of(response),
                               platform_message=said,
                               operator_message="X の利用上限に達しました。"
                                                "解除後に自動で再開します。")
        if status == 401:
            return AuthExpired(f"x: 401 {said}", platform_message=said, operator_message=(
                "X の認証情報が無効か失効しています。`kohogate accounts set-credentials` で"
                "登録し直してください。"))
        if status >= 500:
            return Transient(f"x: {status} {said}", platform_message=said,
                             operator_message="X 側の一時的な障害です。自動で再試行します。")
        if "725" in said or "hidden replies" in said.lower():
            return Rejected(f"x: {said}", platform_message=said,
                            operator_message="この会話の非表示の上限（725件）に達しています。")
        return Rejected(f"x: {status} {said}", platform_message=said,
                        operator_message=f"X が要求を受け付けませんでした（{status}）: {said}")


    # -- webhooks (Account Activity API) --------------------------------------------------

    @classmethod
    def webhook_account_id(cls, account: str, options: Mapping[str, Any]) -> str | None:
        """X names the subscribed user in ``for_user_id``: the ``user_id`` option (filled
        in by the first call that needed it, or set when the account is added)."""
        return str(options["user_id"]) if options.get("user_id") else None

    @classmethod
    def verify_webhook(cls, body: bytes, headers: Mapping[str, str], secret: str) -> None:
        """``x-twitter-webhooks-signature`` is ``sha256=`` and the base64 HMAC-SHA256 of the
        raw body under the app's consumer secret (not a user's token)."""
        _webhooks.require_secret(secret, cls.platform)
        _webhooks.check_signature(_webhooks.header(headers, SIGNATURE),
                                  _webhooks.sign_base64(secret, body),
                                  platform=cls.platform, name=SIGNATURE)

    @classmethod
    def answer_handshake(cls, params: Mapping[str, str], secret: str) -> HandshakeAnswer:
        """X's challenge-response check (CRC), made at registration and about daily after:
        a GET with ``crc_token``, answered within three seconds with JSON
        ``{"response_token": "sha256=<base64 HMAC-SHA256(consumer secret, crc_token)>"}``.
        ``secret`` is the consumer secret."""
        _webhooks.require_secret(secret, cls.platform)
        token = params.get("crc_token")
        if not token:
            raise WebhookRejected("x: a CRC without crc_token",
                                  operator_message="X の CRC に crc_token がありません。")
        answer = _webhooks.sign_base64(secret, token.encode("utf-8"))
        return HandshakeAnswer(body=json.dumps({"response_token": answer}),
                               content_type="application/json")

    @classmethod
    def parse_webhook(cls, body: bytes) -> list[WebhookComment]:
        """Replies to our posts among ``tweet_create_events`` (v1.1 tweet objects).

        Kept: a tweet by someone else that replies to a tweet of ours
        (``in_reply_to_user_id_str`` is ``for_user_id``); its ``post_remote_id`` is the
        tweet replied to, which is what the sweep reads as the conversation for a reply to
        a post. Left out: our own tweets and replies, retweets, quotes and mentions that
        reply to nothing of ours, replies to other people's replies in our threads (the
        payload has no conversation id; the sweep finds them), and every other event
        (``favorite_events``, ``tweet_delete_events``, follows, DMs …)."""
        payload = _webhooks.load(body, platform=cls.platform)
        ours = str(payload.get("for_user_id") or "")
        found: list[WebhookComment] = []
        for tweet in (payload.get("tweet_create_events") or ()) if ours else ():
            tweet = _webhooks.obj(tweet)
            user = _webhooks.obj(tweet.get("user"))
            author_id = str(user.get("id_str") or user.get("id") or "")
            replied_to = tweet.get("in_reply_to_status_id_str")
            if (not tweet or author_id == ours or "retweeted_status" in tweet or not replied_to
                    or str(tweet.get("in_reply_to_user_id_str") or "") != ours):
                continue
            extended = _webhooks.obj(tweet.get("extended_tweet"))
            text = extended.get("full_text") or tweet.get("full_text") or tweet.get("text")
            found.append(WebhookComment(account_remote_id=ours, comment=RemoteComment(
                remote_id=str(tweet.get("id_str") or tweet.get("id")),
                post_remote_id=str(replied_to),
                author=Author(remote_id=author_id, name=user.get("name"),
                              handle=user.get("screen_name")),
                text=str(text or ""),
                created_at=parse_time(tweet.get("timestamp_ms") or tweet.get("created_at")))))
        return found

def _reset_of(response: requests.Response) -> datetime | None:
    """The latest of the 15-minute and 24-hour resets that are actually exhausted."""
    headers = response.headers
    resets = [_epoch(headers.get("x-rate-limit-reset"))]
    for scope in ("user", "app"):
        if headers.get(f"x-{scope}-limit-24hour-remaining") == "0":
            resets.append(_epoch(headers.get(f"x-{scope}-limit-24hour-reset")))
    known = [r for r in resets if r is not None]
    return max(known) if known else None


def _comparable(text: str) -> str:
    """X turns bare domains into t.co links too, so those go before the shared comparison."""
    return comparable_text(URL.sub("", text))


def _epoch(value: str | None) -> datetime | None:
    seconds = as_int(value)
    return datetime.fromtimestamp(seconds, UTC) if seconds else None
