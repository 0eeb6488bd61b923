"""What every HTTP-based connector needs from requests, and the libraries do not give:
a timeout on every request, the response headers (rate budgets live there), and logs
that never carry a token.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

import requests
from requests.adapters import HTTPAdapter

from connectors.base import Ambiguous, ConnectorError, Transient

#: tweepy logs request headers (the bearer token) and urllib3 logs URLs (Graph API tokens
#: travel as query parameters) at DEBUG: those loggers never go below INFO
for _name in ("tweepy", "tweepy.client", "urllib3", "urllib3.connectionpool", "requests_oauthlib",
              "oauthlib", "instagrapi", "public_request", "private_request"):
    logging.getLogger(_name).setLevel(logging.INFO)


class ObservingAdapter(HTTPAdapter):
    """Gives every request a timeout and hands every response to ``observe``."""

    def __init__(self, timeout: float, observe: Callable[[requests.Response], None] | None = None
                 ) -> None:
        super().__init__(max_retries=0)
        self.timeout = timeout
        self.observe = observe

    def send(self, request: requests.PreparedRequest, stream: bool = False,
             timeout: float | tuple[float, float] | tuple[float, None] | None = None,
             verify: bool | str = True,
             cert: bytes | str | tuple[bytes | str, bytes | str] | None = None,
             proxies: Mapping[str, str] | None = None) -> requests.Response:
        response = super().send(request, stream=stream,
                                timeout=self.timeout if timeout is None else timeout,
                                verify=verify, cert=cert, proxies=proxies)
        if self.observe is not None:
            self.observe(response)
        return response


def mount(session: requests.Session, timeout: float,
          observe: Callable[[requests.Response], None] | None = None) -> ObservingAdapter:
    adapter = ObservingAdapter(timeout, observe)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return adapter


def translate_transport(exc: Exception, *, writing: bool, platform: str
                        ) -> ConnectorError | None:
    """What every HTTP connector's ``translate`` falls back on once the platform's own
    errors are handled: network failures and garbage answers. None for anything else."""
    error = transport_error(exc, writing=writing, platform=platform)
    if error is not None:
        return error
    if isinstance(exc, requests.RequestException):
        return Transient(f"{platform}: {type(exc).__name__}", platform_message=type(exc).__name__,
                         operator_message="プラットフォームとの通信に失敗しました。自動で再試行します。")
    if isinstance(exc, ValueError):  # a library choking on what came back
        return (Ambiguous if writing else Transient)(
            f"{platform}: malformed answer", platform_message="malformed response",
            operator_message="プラットフォームから不正な応答がありました。")
    return None


def transport_error(exc: Exception, *, writing: bool, platform: str) -> ConnectorError | None:
    """Network-level failures: a read timeout on a write may have taken effect."""
    if isinstance(exc, requests.exceptions.ReadTimeout) and writing:
        return Ambiguous(f"{platform}: no answer after sending ({type(exc).__name__})",
                         platform_message="read timed out",
                         operator_message="送信後に応答がありませんでした。公開の有無を確認します。")
    if isinstance(exc, requests.exceptions.ConnectionError | requests.exceptions.Timeout):
        never_sent = isinstance(exc, requests.exceptions.ConnectTimeout) or any(
            reason in repr(exc) for reason in ("NewConnectionError", "NameResolutionError"))
        if writing and not never_sent:
            return Ambiguous(f"{platform}: connection dropped after sending",
                             platform_message=type(exc).__name__,
                             operator_message="送信中に接続が切れました。公開の有無を確認します。")
        return Transient(f"{platform}: cannot reach the platform ({type(exc).__name__})",
                         platform_message=type(exc).__name__,
                         operator_message="プラットフォームに接続できません。自動で再試行します。")
    if isinstance(exc, ValueError) and "JSON" in type(exc).__name__ + str(exc):
        error = Ambiguous if writing else Transient
        return error(f"{platform}: the answer was not valid JSON",
                     platform_message="malformed response",
                     operator_message="プラットフォームから不正な応答がありました。")
    return None
