"""Meta's Graph API through facebook-sdk's ``GraphAPI``: what the Facebook Pages and
Instagram (business) connectors share, so that each of their files holds only what differs.

facebook-sdk 3.1.0 refuses every current API version in its constructor, drops response
headers and sets no timeout: the version is set after construction, and an adapter mounted
on its session adds the timeout and reads Meta's own usage headers
(``X-App-Usage``, ``X-Page-Usage``, ``X-Business-Use-Case-Usage``) so the rate budget
follows Meta's figures. Both platforms share Meta's error codes, its long-lived token
exchange and its webhooks (signature, verify-token handshake).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import facebook

from connectors import _http, _webhooks
from connectors.base import (
    Ambiguous,
    AuthExpired,
    Connector,
    ConnectorContext,
    ConnectorError,
    HandshakeAnswer,
    Outgoing,
    Published,
    RateLimited,
    Rejected,
    RemoteComment,
    Transient,
    Usage,
    as_int,
    comparable_text,
    parse_time,
)

DEFAULT_VERSION = "v24.0"
RATE_CODES = frozenset({4, 17, 32, 613}) | frozenset(range(80000, 80015))
TRANSIENT_CODES = frozenset({1, 2})
AUTH_CODES = frozenset({102, 190})
PERMISSION_CODES = frozenset({10}) | frozenset(range(200, 300))
DUPLICATE_CODES = frozenset({506})
#: a long-lived token (60 days) is exchanged for a fresh one this long before it ends
EXTEND_MARGIN = 7 * 86_400


class GraphConnector(Connector):
    """An account reached through the Graph API with one object id and one token.

    A subclass names its token (``token_key``), the option holding its object id
    (``id_option``), how the operator knows it (``label``), where its own posts are listed
    (``timeline``) and which field hides a comment (``hide_field``)."""

    token_key: ClassVar[str]
    id_option: ClassVar[str]
    label: ClassVar[str]
    #: (edge, text field, time field, link field) of the account's own posts
    timeline: ClassVar[tuple[str, str, str, str]]
    timeline_limit: ClassVar[int] = 100
    hide_field: ClassVar[str]
    webhooks: ClassVar[bool] = True

    def __init__(self, context: ConnectorContext) -> None:
        """Refuses, with what to do, an account whose object id or token is missing."""
        super().__init__(context)
        token = context.credentials.get(self.token_key)
        self.object_id = str(context.options.get(self.id_option) or "")
        if not token or not self.object_id:
            raise AuthExpired(
                f"{self.platform}: {self.id_option} option or {self.token_key} missing",
                operator_message=(f"{self.label}の設定が不足しています。"
                                  f"`--option {self.id_option}=…` と、"
                                  f"`kohogate accounts set-credentials` で {self.token_key} を"
                                  "登録してください。"))
        version = str(context.options.get("graph_version", DEFAULT_VERSION))
        self.api = facebook.GraphAPI(access_token=token)
        self.api.version = version if version.startswith("v") else f"v{version}"
        self._extending = False
        _http.mount(self.api.session, self.timeout, self._remember)

    @property
    def version(self) -> str:
        return str(self.api.version)

    def _remember(self, response: Any) -> None:
        self._last_answer = response

    # -- requests ------------------------------------------------------------------------

    def _get(self, family: str, path: str, **params: Any) -> Any:
        return self._call(family, lambda: self.api.request(f"{self.version}/{path}",
                                                           args=params), writing=False)

    def _items(self, family: str, path: str, max_pages: int = 10,
               **params: Any) -> Iterator[dict[str, Any]]:
        """Every item of a paged listing, following Meta's ``after`` cursors."""
        after: str | None = None
        for _ in range(max_pages):
            page = self._get(family, path, **params, **({"after": after} if after else {}))
            yield from page.get("data", [])
            paging = page.get("paging", {})
            after = paging.get("cursors", {}).get("after")
            if not paging.get("next") or not after:
                return

    def _post(self, family: str, path: str, **data: Any) -> Any:
        form = {k: _form(v) for k, v in data.items()}
        return self._call(family, lambda: self.api.request(f"{self.version}/{path}",
                                                           post_args=form), writing=True)

    def _remove(self, family: str, path: str) -> Any:
        return self._call(family, lambda: self.api.request(f"{self.version}/{path}",
                                                           method="DELETE"), writing=True)

    # -- what both platforms do alike -----------------------------------------------------

    def find_published(self, outgoing: Outgoing, since: datetime) -> Published | None:
        edge, text_field, time_field, link_field = self.timeline
        wanted = comparable_text(outgoing.text)
        result = self._get("read", f"{self.object_id}/{edge}",
                           fields=f"id,{text_field},{time_field},{link_field}",
                           since=int(since.timestamp()), limit=self.timeline_limit)
        for post in result.get("data", []):
            if comparable_text(post.get(text_field, "")) == wanted:
                return Published(remote_id=str(post["id"]), url=post.get(link_field),
                                 published_at=parse_time(post.get(time_field)))
        return None

    def hide(self, comment: RemoteComment) -> None:
        self._post("moderate", comment.remote_id, **{self.hide_field: True})

    def unhide(self, comment: RemoteComment) -> None:
        self._post("moderate", comment.remote_id, **{self.hide_field: False})

    def delete(self, comment: RemoteComment) -> None:
        self._remove("moderate", comment.remote_id)

    # -- the hooks of the one call wrapper ------------------------------------------------

    def _prepare(self, family: str) -> None:
        """A long-lived token is exchanged for a fresh one a week before it ends, when the
        app's id and secret are in the vault; the new token goes back there."""
        credentials = dict(self.context.credentials)
        expires_at = as_int(credentials.get("expires_at"))
        if self._extending or not (expires_at and credentials.get("app_id")
                                   and credentials.get("app_secret")):
            return
        if expires_at - time.time() > EXTEND_MARGIN:
            return
        self._extending = True
        try:
            result = self._get("profile", "oauth/access_token",
                               grant_type="fb_exchange_token", client_id=credentials["app_id"],
                               client_secret=credentials["app_secret"],
                               fb_exchange_token=credentials[self.token_key])
        finally:
            self._extending = False
        credentials[self.token_key] = result["access_token"]
        credentials["expires_at"] = str(int(time.time())
                                        + int(result.get("expires_in", 5_184_000)))
        self.api.access_token = credentials[self.token_key]
        self.context.credentials = credentials
        if self.context.save_credentials is not None:
            self.context.save_credentials(credentials)

    def observe(self, family: str) -> None:
        usage = meta_usage(self._last_answer.headers) if self._last_answer is not None else None
        if usage is not None:
            percent, regain = usage
            self.context.limiter.observe(Usage(
                family=family, remaining=0 if percent >= 95 else None, limit=100,
                reset_at=datetime.now(UTC) + timedelta(minutes=regain) if regain else None,
                detail={"meta_usage_percent": percent}))

    def translate(self, exc: Exception, *, writing: bool) -> ConnectorError | None:
        if not isinstance(exc, facebook.GraphAPIError):
            return _http.translate_transport(exc, writing=writing, platform=self.platform)
        error = exc.result.get("error", {}) if isinstance(exc.result, dict) else {}
        code = as_int(error.get("code", getattr(exc, "code", None)))
        said = str(error.get("message") or exc.message or exc)[:300]
        platform = self.platform
        if code in RATE_CODES:
            return RateLimited(f"{platform}: rate limited ({code}) {said}",
                               reset_at=self._regain_at(), platform_message=said,
                               operator_message=("Meta の利用上限に達しました。"
                                                 "解除後に自動で再開します。"))
        if code in AUTH_CODES:
            return AuthExpired(f"{platform}: token expired or invalid ({code})",
                               platform_message=said, operator_message=(
                                   "アクセストークンが失効しています。`kohogate accounts "
                                   "set-credentials` で新しいトークンを登録してください。"))
        if code in PERMISSION_CODES:
            return AuthExpired(f"{platform}: missing permission ({code})", platform_message=said,
                               operator_message=("アプリに必要な権限がありません。Meta の設定で"
                                                 "権限を付与し、トークンを登録し直してください。"))
        if code in TRANSIENT_CODES or error.get("is_transient"):
            return Transient(f"{platform}: transient error ({code})", platform_message=said,
                             operator_message="Meta 側の一時的な障害です。自動で再試行します。")
        if code in DUPLICATE_CODES and writing:
            return Ambiguous(f"{platform}: duplicate post: an earlier send landed",
                             platform_message=said,
                             operator_message=("同じ内容が既に投稿されています。"
                                               "公開済みかを確認します。"))
        if code == 368:
            return Rejected(f"{platform}: blocked as abusive (368)", platform_message=said,
                            operator_message="Meta がこの操作を一時的に制限しています（368）。")
        if code is None and "Maintype" in said:
            return Transient(f"{platform}: unexpected answer", platform_message=said,
                             operator_message="プラットフォームから不正な応答がありました。")
        status = getattr(self._last_answer, "status_code", 0)
        if status >= 500:
            return Transient(f"{platform}: {status}", platform_message=said,
                             operator_message="Meta 側の一時的な障害です。自動で再試行します。")
        return Rejected(f"{platform}: refused ({code}) {said}", platform_message=said,
                        operator_message=f"Meta が要求を受け付けませんでした: {said}")

    def _regain_at(self) -> datetime:
        usage = meta_usage(self._last_answer.headers) if self._last_answer is not None else None
        minutes = usage[1] if usage and usage[1] else 60
        return datetime.now(UTC) + timedelta(minutes=minutes)

    # -- webhooks: Meta signs and checks alike for pages and Instagram users ---------------

    @classmethod
    def webhook_account_id(cls, account: str, options: Mapping[str, Any]) -> str | None:
        """Meta names the subscribed object in ``entry.id``: our page or Instagram user."""
        return str(options[cls.id_option]) if options.get(cls.id_option) else None

    @classmethod
    def verify_webhook(cls, body: bytes, headers: Mapping[str, str], secret: str) -> None:
        """``secret`` is the Meta app's secret (not a page token)."""
        _webhooks.verify_meta(body, headers, secret, platform=cls.platform)

    @classmethod
    def answer_handshake(cls, params: Mapping[str, str], secret: str) -> HandshakeAnswer:
        """``secret`` is the verify token typed into the app's webhook settings."""
        return _webhooks.meta_handshake(params, secret, platform=cls.platform)


def meta_usage(headers: Any) -> tuple[float, float] | None:
    """(highest usage percent, minutes until access is regained) from Meta's headers."""
    percents: list[float] = []
    regain = 0.0
    for name in ("x-app-usage", "x-page-usage", "x-business-use-case-usage"):
        raw = headers.get(name)
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        entries = [data] if name != "x-business-use-case-usage" else [
            item for items in data.values() for item in items]
        for entry in entries:
            percents += [float(v) for k, v in entry.items()
                         if k in ("call_count", "total_time", "total_cputime")]
            regain = max(regain, float(entry.get("estimated_time_to_regain_access", 0) or 0))
    return (max(percents, default=0.0), regain) if percents or regain else None


def _form(value: Any) -> Any:
    """facebook-sdk would send Python's ``True``; the Graph API wants ``true``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
