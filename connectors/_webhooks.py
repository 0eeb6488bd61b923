"""What webhook deliveries have in common: signed bodies, handshakes, Meta's envelope.

Standard library only, so that the mock (which delivers Meta-shaped webhooks) needs no
platform library. Every check fails closed: no secret, no header, a malformed header or a
wrong signature are all :class:`WebhookRejected`, and no message says what was expected.

Meta's facts kept here: a delivery is ``{"object", "entry": [{"id", "time", "changes":
[{"field", "value"}]}]}`` where ``entry.id`` is the subscribed object (the page, the
Instagram user); ``X-Hub-Signature-256`` is ``sha256=`` and the lowercase hex HMAC-SHA256 of
the raw body under the app secret (Meta escapes non-ASCII in the body it signs, so only the
bytes as received verify); the subscription check is a GET with ``hub.mode=subscribe``,
``hub.verify_token`` and ``hub.challenge``, answered with the challenge itself.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Iterator, Mapping
from typing import Any

from connectors.base import (
    Author,
    HandshakeAnswer,
    RemoteComment,
    WebhookComment,
    WebhookRejected,
    parse_time,
)

META_SIGNATURE = "X-Hub-Signature-256"


def header(headers: Mapping[str, str], name: str) -> str | None:
    """A header by name in any letter case: frameworks hand headers over either as a
    case-insensitive mapping or as a plain dict of whatever case arrived."""
    value = headers.get(name)
    if value is not None:
        return value
    wanted = name.lower()
    return next((v for k, v in headers.items() if k.lower() == wanted), None)


def digest(secret: str, message: bytes) -> bytes:
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).digest()


def sign_hex(secret: str, body: bytes) -> str:
    """``sha256=<hex>``: how Meta signs a delivery (and how the mock signs its own)."""
    return "sha256=" + digest(secret, body).hex()


def sign_base64(secret: str, message: bytes) -> str:
    """``sha256=<base64>``: how X signs a delivery and answers a CRC."""
    return "sha256=" + base64.b64encode(digest(secret, message)).decode("ascii")


def require_secret(secret: str, platform: str) -> None:
    if not secret:
        raise WebhookRejected(
            f"{platform}: no webhook secret configured; refusing to trust any delivery",
            operator_message=("Webhook の検証用シークレットが未設定のため、受信を拒否しました。"
                              "アプリのシークレットを設定してください。"))


def check_signature(given: str | None, expected: str, *, platform: str, name: str) -> None:
    """Constant-time comparison of the header as sent with the signature we computed.
    Bytes, not str: ``hmac.compare_digest`` refuses non-ASCII text with a TypeError, and a
    forger chooses the header."""
    if not given:
        raise WebhookRejected(f"{platform}: the delivery has no {name} header",
                              operator_message="署名のない Webhook を拒否しました。")
    if not hmac.compare_digest(given.strip().encode("utf-8", "replace"), expected.encode()):
        raise WebhookRejected(f"{platform}: the {name} signature does not match",
                              operator_message="署名が一致しない Webhook を拒否しました。")


def verify_meta(body: bytes, headers: Mapping[str, str], secret: str, *, platform: str) -> None:
    """Meta's ``X-Hub-Signature-256`` (the older SHA-1 ``X-Hub-Signature`` is not enough)."""
    require_secret(secret, platform)
    given = header(headers, META_SIGNATURE)
    prefix, _, hexdigest = (given or "").strip().partition("=")
    normalised = f"{prefix}={hexdigest.lower()}" if given else None
    check_signature(normalised, sign_hex(secret, body), platform=platform, name=META_SIGNATURE)


def meta_handshake(params: Mapping[str, str], verify_token: str, *,
                   platform: str) -> HandshakeAnswer:
    """Meta's subscription check: the challenge back, only for our own verify token."""
    require_secret(verify_token, platform)
    challenge = params.get("hub.challenge")
    token = params.get("hub.verify_token") or ""
    if params.get("hub.mode") != "subscribe" or not challenge or not hmac.compare_digest(
            token.encode("utf-8", "replace"), verify_token.encode("utf-8")):
        raise WebhookRejected(
            f"{platform}: not a subscription check made with our verify token",
            operator_message="Webhook の購読確認を拒否しました（検証トークン不一致）。")
    return HandshakeAnswer(body=challenge, content_type="text/plain")


def obj(value: object) -> dict[str, Any]:
    """A JSON object, or an empty one for anything else: a delivery is read defensively."""
    return value if isinstance(value, dict) else {}


def load(body: bytes, *, platform: str) -> dict[str, Any]:
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        payload = None
    if not isinstance(payload, dict):
        raise WebhookRejected(f"{platform}: the delivery is not a JSON object",
                              operator_message="Webhook の本文を読み取れませんでした。")
    return payload


def meta_changes(payload: Mapping[str, Any], field: str
                 ) -> Iterator[tuple[str, Any, dict[str, Any]]]:
    """(entry id, entry time, change value) of every change of ``field``, in order.
    Meta batches: one delivery may carry several entries, each several changes."""
    for entry in payload.get("entry") or ():
        if not isinstance(entry, dict):
            continue
        for change in entry.get("changes") or ():
            if isinstance(change, dict) and change.get("field") == field and isinstance(
                    change.get("value"), dict):
                yield str(entry.get("id") or ""), entry.get("time"), change["value"]


def page_feed_comments(body: bytes, *, platform: str) -> list[WebhookComment]:
    """New comments in a Page ``feed`` delivery: changes with ``item=comment`` and
    ``verb=add``. Left out: edits (``verb=edited``), removals (``remove``), hiding and
    unhiding (``hide``/``unhide``, which we cause ourselves), reactions, posts and shares
    (other ``item`` values), and comments the page itself wrote (``from.id`` is the page).

    ``post_id`` is the ``<page>_<post>`` id a publish returned, as the sweep has it;
    ``parent_id`` equals ``post_id`` for a comment on the post, so only a reply to a
    comment keeps a parent. The mock adds ``from.username`` (Meta sends none)."""
    found: list[WebhookComment] = []
    for page_id, _time, value in meta_changes(load(body, platform=platform), "feed"):
        if value.get("item") != "comment" or value.get("verb") != "add":
            continue
        author = obj(value.get("from"))
        comment_id, post_id = value.get("comment_id"), value.get("post_id")
        if not comment_id or not post_id or str(author.get("id") or "") == page_id:
            continue
        parent = value.get("parent_id")
        found.append(WebhookComment(account_remote_id=page_id, comment=RemoteComment(
            remote_id=str(comment_id), post_remote_id=str(post_id),
            author=Author(remote_id=str(author.get("id") or ""), name=author.get("name"),
                          handle=author.get("username")),
            text=str(value.get("message") or ""), created_at=parse_time(value.get("created_time")),
            parent_remote_id=str(parent) if parent and parent != post_id else None)))
    return found
