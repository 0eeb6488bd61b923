"""Meta's Graph API through facebook-sdk's ``GraphAPI``, shared by the Facebook Pages and
Instagram (business) connectors.

facebook-sdk 3.1.0 refuses every current API version in its constructor, drops response
headers and sets no timeout: the version is set after construction, and an adapter mounted
on its session adds the timeout and reads Meta's own usage headers
(``X-App-Usage``, ``X-Business-Use-Case-Usage``) so the rate budget follows Meta's figures.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import facebook
import requests

from connectors import _http
from connectors.base import (
    Ambiguous,
    AuthExpired,
    ConnectorContext,
    ConnectorError,
    RateLimited,
    Rejected,
    Transient,
    Usage,
)

T = TypeVar("T")
DEFAULT_VERSION = "v24.0"
RATE_CODES = frozenset({4, 17, 32, 613}) | frozenset(range(80000, 80015))
TRANSIENT_CODES = frozenset({1, 2})
AUTH_CODES = frozenset({102, 190})
PERMISSION_CODES = frozenset({10}) | frozenset(range(200, 300))
DUPLICATE_CODES = frozenset({506})
EXTEND_MARGIN = 7 * 86_400


class GraphClient:
    """One authenticated Graph API client with our timeout, budget and error taxonomy."""

    def __init__(self, context: ConnectorContext, *, platform: str, label: str,
                 token_key: str, id_option: str) -> None:
        """Refuses, with what to do, an account whose object id or token is missing;
        ``graph_version`` and ``timeout`` come from the account's options."""
        token = context.credentials.get(token_key)
        self.object_id = str(context.options.get(id_option) or "")
        if not token or not self.object_id:
            raise AuthExpired(
                f"{platform}: {id_option} option or {token_key} missing",
                operator_message=(f"{label}の設定が不足しています。`--option {id_option}=…` と、"
                                  f"`kohogate accounts set-credentials` で {token_key} を"
                                  "登録してください。"))
        self.platform = platform
        self.context = context
        self.token_key = token_key
        version = str(context.options.get("graph_version", DEFAULT_VERSION))
        timeout = float(context.options.get("timeout", _http.DEFAULT_TIMEOUT))
        self.api = facebook.GraphAPI(access_token=token)
        self.api.version = version if version.startswith("v") else f"v{version}"
        self.limiter = context.limiter
        self._last: requests.Response | None = None
        _http.mount(self.api.session, timeout, self._remember)

    def extend_token_if_needed(self) -> None:
        """A long-lived token (60 days) is exchanged for a fresh one a week before it ends,
        when the app's id and secret are in the vault; the new token goes back there."""
        credentials = dict(self.context.credentials)
        expires_at = _as_int(credentials.get("expires_at"))
        if not (expires_at and credentials.get("app_id") and credentials.get("app_secret")):
            return
        if expires_at - time.time() > EXTEND_MARGIN:
            return
        result = self.call("profile", lambda api: api.request(
            f"{api.version}/oauth/access_token",
            args={"grant_type": "fb_exchange_token", "client_id": credentials["app_id"],
                  "client_secret": credentials["app_secret"],
                  "fb_exchange_token": credentials[self.token_key]}), writing=False,
            extend=False)
        credentials[self.token_key] = result["access_token"]
        credentials["expires_at"] = str(int(time.time()) + int(result.get("expires_in",
                                                                          5_184_000)))
        self.api.access_token = credentials[self.token_key]
        self.context.credentials = credentials
        if self.context.save_credentials is not None:
            self.context.save_credentials(credentials)

    @property
    def version(self) -> str:
        return str(self.api.version)

    def _remember(self, response: requests.Response) -> None:
        self._last = response

    def get(self, family: str, path: str, **params: Any) -> Any:
        return self.call(family, lambda api: api.request(f"{api.version}/{path}", args=params),
                         writing=False)

    def items(self, family: str, path: str, max_pages: int = 10,
              **params: Any) -> Iterator[dict[str, Any]]:
        """Every item of a paged listing, following Meta's ``after`` cursors."""
        after: str | None = None
        for _ in range(max_pages):
            page = self.get(family, path, **params, **({"after": after} if after else {}))
            yield from page.get("data", [])
            paging = page.get("paging", {})
            after = paging.get("cursors", {}).get("after")
            if not paging.get("next") or not after:
                return

    def post(self, family: str, path: str, **data: Any) -> Any:
        return self.call(family, lambda api: api.request(
            f"{api.version}/{path}", post_args={k: _form(v) for k, v in data.items()}),
            writing=True)

    def delete(self, family: str, path: str) -> Any:
        return self.call(family, lambda api: api.request(f"{api.version}/{path}",
                                                         method="DELETE"), writing=True)

    def call(self, family: str, call: Callable[[facebook.GraphAPI], T], *,
             writing: bool, extend: bool = True) -> T:
        if extend:
            self.extend_token_if_needed()
        self.limiter.acquire(family)
        self._last = None
        try:
            return call(self.api)
        except facebook.GraphAPIError as exc:
            raise self.translate(exc, writing=writing) from None
        except requests.RequestException as exc:
            raise _http.transport_error(exc, writing=writing, platform=self.platform) or (
                Transient(f"{self.platform}: {type(exc).__name__}")) from None
        except ValueError as exc:
            raise _http.transport_error(exc, writing=writing, platform=self.platform) or (
                Transient(f"{self.platform}: malformed answer")) from None
        finally:
            self._observe(family)

    def _observe(self, family: str) -> None:
        if self._last is None:
            return
        usage = meta_usage(self._last.headers)
        if usage is not None:
            percent, regain = usage
            self.limiter.observe(Usage(
                family=family, remaining=0 if percent >= 95 else None, limit=100,
                reset_at=datetime.now(UTC) + timedelta(minutes=regain) if regain else None,
                detail={"meta_usage_percent": percent}))

    def translate(self, exc: facebook.GraphAPIError, *, writing: bool) -> ConnectorError:
        error = exc.result.get("error", {}) if isinstance(exc.result, dict) else {}
        code = _as_int(error.get("code", getattr(exc, "code", None)))
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
        if self._last is not None and self._last.status_code >= 500:
            return Transient(f"{platform}: {self._last.status_code}", platform_message=said,
                             operator_message="Meta 側の一時的な障害です。自動で再試行します。")
        return Rejected(f"{platform}: refused ({code}) {said}", platform_message=said,
                        operator_message=f"Meta が要求を受け付けませんでした: {said}")

    def _regain_at(self) -> datetime:
        usage = meta_usage(self._last.headers) if self._last is not None else None
        minutes = usage[1] if usage and usage[1] else 60
        return datetime.now(UTC) + timedelta(minutes=minutes)


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
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        return None
