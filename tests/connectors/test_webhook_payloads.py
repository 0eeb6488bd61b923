"""Webhooks of each platform on their documented shapes: signatures, handshakes, and which
events are new comments. Signatures are computed here with hmac, independently of the code
under test, as the platforms document them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from connectors.base import HandshakeAnswer, WebhookRejected
from connectors.facebook import FacebookConnector
from connectors.instagram import InstagramConnector
from connectors.x import XConnector
from tests.connectors.harness import WEBHOOK_SECRET, meta_signed, x_signed

PAGE = "1234"
POST = "1234_555"
IG_USER = "17841400000001"
X_USER = "783214"
WHEN = 1_795_136_400  # 2026-11-20T01:00:00Z


def _feed(*changes: dict[str, Any], page: str = PAGE) -> bytes:
    return meta_signed({"object": "page", "entry": [
        {"id": page, "time": WHEN, "changes": [{"field": "feed", "value": v}
                                               for v in changes]}]})[0]


def _comment(comment_id: str, verb: str = "add", *, author: str = "u1",
             parent: str = POST, **extra: Any) -> dict[str, Any]:
    return {"from": {"id": author, "name": "市民 太郎"}, "post": {"id": POST,
                                                              "status_type": "added_photos"},
            "message": "ゴミ収集の日程はどこで見られますか", "post_id": POST,
            "comment_id": comment_id, "created_time": WHEN, "item": "comment",
            "parent_id": parent, "verb": verb, **extra}


# -- Meta: signature and handshake --------------------------------------------------------


@pytest.mark.parametrize("cls", [FacebookConnector, InstagramConnector])
def test_meta_signature_is_hex_hmac_of_the_raw_body(cls: type[FacebookConnector]) -> None:
    body = b'{"object":"page","entry":[{"message":"\\u5e02\\u5f79\\u6240"}]}'
    digest = hmac.new(WEBHOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()
    cls.verify_webhook(body, {"X-Hub-Signature-256": f"sha256={digest}"}, WEBHOOK_SECRET)
    cls.verify_webhook(body, {"x-hub-signature-256": f"sha256={digest.upper()}"},
                       WEBHOOK_SECRET)  # any header case; Meta's hex in either case
    reencoded = json.dumps(json.loads(body), ensure_ascii=False).encode()
    for bad_body, headers in [
            (reencoded, {"X-Hub-Signature-256": f"sha256={digest}"}),  # parsed and re-dumped
            (body, {"X-Hub-Signature": "sha1=" + hmac.new(
                WEBHOOK_SECRET.encode(), body, hashlib.sha1).hexdigest()}),  # the old SHA-1
            (body, {"X-Hub-Signature-256": digest}),  # no prefix
            (body, {"X-Hub-Signature-256": "sha256=ｆｆ"})]:  # a forger's non-ASCII
        with pytest.raises(WebhookRejected):
            cls.verify_webhook(bad_body, headers, WEBHOOK_SECRET)


def test_meta_handshake_answers_the_challenge_only_for_our_verify_token() -> None:
    answer = FacebookConnector.answer_handshake(
        {"hub.mode": "subscribe", "hub.verify_token": "our-token",
         "hub.challenge": "1158201444"}, "our-token")
    assert answer == HandshakeAnswer(body="1158201444", content_type="text/plain")
    for params in [{"hub.mode": "subscribe", "hub.verify_token": "their-token",
                    "hub.challenge": "1"},
                   {"hub.mode": "unsubscribe", "hub.verify_token": "our-token",
                    "hub.challenge": "1"},
                   {"hub.mode": "subscribe", "hub.verify_token": "our-token"}]:
        with pytest.raises(WebhookRejected):
            InstagramConnector.answer_handshake(params, "our-token")
    with pytest.raises(WebhookRejected):  # no verify token configured: nothing matches it
        FacebookConnector.answer_handshake({"hub.mode": "subscribe", "hub.verify_token": "",
                                            "hub.challenge": "1"}, "")


# -- Facebook: Page feed ------------------------------------------------------------------


def test_page_feed_yields_new_comments_and_replies_only() -> None:
    body = _feed(
        _comment("555_1"),
        _comment("555_2", parent="555_1", author="u2"),  # a reply to the first
        _comment("555_1", verb="edited"),
        _comment("555_3", verb="remove"),
        _comment("555_4", verb="hide"),
        _comment("555_5", author=PAGE),  # the page answering
        {"item": "reaction", "verb": "add", "post_id": POST, "reaction_type": "like",
         "from": {"id": "u9"}, "created_time": WHEN},
        {"item": "status", "verb": "add", "post_id": "1234_777", "message": "新しい投稿",
         "from": {"id": PAGE}, "created_time": WHEN},
    )
    found = FacebookConnector.parse_webhook(body)
    assert [(f.account_remote_id, f.comment.remote_id, f.comment.parent_remote_id)
            for f in found] == [(PAGE, "555_1", None), (PAGE, "555_2", "555_1")]
    first = found[0].comment
    assert first.post_remote_id == POST
    assert (first.author.remote_id, first.author.name) == ("u1", "市民 太郎")
    assert first.text == "ゴミ収集の日程はどこで見られますか"
    assert first.created_at == datetime.fromtimestamp(WHEN, UTC)


def test_a_batch_names_each_page_it_is_about() -> None:
    body = meta_signed({"object": "page", "entry": [
        {"id": PAGE, "time": WHEN, "changes": [{"field": "feed", "value": _comment("a")}]},
        {"id": "9999", "time": WHEN, "changes": [
            {"field": "feed", "value": {**_comment("b"), "post_id": "9999_1",
                                        "parent_id": "9999_1"}}]}]})[0]
    found = FacebookConnector.parse_webhook(body)
    assert [(f.account_remote_id, f.comment.post_remote_id) for f in found] == [
        (PAGE, POST), ("9999", "9999_1")]


def test_a_photo_only_comment_is_still_a_comment() -> None:
    value = _comment("555_8")
    del value["message"]
    value["photo"] = "https://scontent.example/photo.jpg"
    [found] = FacebookConnector.parse_webhook(_feed(value))
    assert found.comment.text == ""


# -- Instagram: comments ------------------------------------------------------------------


def _ig(*values: dict[str, Any], field: str = "comments") -> bytes:
    return meta_signed({"object": "instagram", "entry": [
        {"id": IG_USER, "time": WHEN, "changes": [{"field": field, "value": v}
                                                  for v in values]}]})[0]


def test_instagram_comments_field_yields_comments_and_replies_but_not_ours() -> None:
    media = {"id": "17990000000000001", "media_product_type": "FEED"}
    body = _ig({"from": {"id": "u1", "username": "mine_citizen"}, "media": media,
                "id": "17865799348089039", "text": "何時からですか"},
               {"from": {"id": "u2", "username": "other"}, "media": media,
                "id": "17865799348089040", "parent_id": "17865799348089039",
                "text": "10時からです"},
               {"from": {"id": IG_USER, "username": "mine_city"}, "media": media,
                "id": "17865799348089041", "text": "ご質問ありがとうございます"})
    found = InstagramConnector.parse_webhook(body)
    assert [(f.account_remote_id, f.comment.remote_id, f.comment.parent_remote_id)
            for f in found] == [(IG_USER, "17865799348089039", None),
                                (IG_USER, "17865799348089040", "17865799348089039")]
    first = found[0].comment
    assert first.post_remote_id == media["id"]
    assert (first.author.remote_id, first.author.handle) == ("u1", "mine_citizen")
    assert first.created_at == datetime.fromtimestamp(WHEN, UTC)  # the entry's time


def test_instagram_ignores_other_fields() -> None:
    live = {"from": {"id": "u1", "username": "a"}, "media": {"id": "m"}, "id": "c",
            "text": "live"}
    assert InstagramConnector.parse_webhook(_ig(live, field="live_comments")) == []
    assert InstagramConnector.parse_webhook(_ig({"comment_id": "c", "media_id": "m"},
                                                field="mentions")) == []


def test_the_account_is_matched_by_its_configured_id() -> None:
    assert FacebookConnector.webhook_account_id("fb", {"page_id": PAGE}) == PAGE
    assert InstagramConnector.webhook_account_id("ig", {"ig_user_id": IG_USER}) == IG_USER
    assert XConnector.webhook_account_id("x", {"user_id": X_USER}) == X_USER
    assert XConnector.webhook_account_id("x", {}) is None  # unknown until the first call


# -- X: CRC, signature, Account Activity --------------------------------------------------


def test_x_crc_answers_with_the_base64_hmac_of_the_token() -> None:
    token = "9b4507b3-9040-4669-9ca3-6b94edb50553"
    answer = XConnector.answer_handshake({"crc_token": token}, WEBHOOK_SECRET)
    expected = base64.b64encode(hmac.new(WEBHOOK_SECRET.encode(), token.encode(),
                                         hashlib.sha256).digest()).decode()
    assert answer.content_type == "application/json"
    assert json.loads(answer.body) == {"response_token": f"sha256={expected}"}
    with pytest.raises(WebhookRejected):
        XConnector.answer_handshake({}, WEBHOOK_SECRET)


def test_x_signature_is_base64_not_hex() -> None:
    body, headers = x_signed({"for_user_id": X_USER})
    XConnector.verify_webhook(body, headers, WEBHOOK_SECRET)
    XConnector.verify_webhook(body, {k.upper(): v for k, v in headers.items()}, WEBHOOK_SECRET)
    hex_signed = "sha256=" + hmac.new(WEBHOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()
    with pytest.raises(WebhookRejected):
        XConnector.verify_webhook(body, {"x-twitter-webhooks-signature": hex_signed},
                                  WEBHOOK_SECRET)
    with pytest.raises(WebhookRejected):  # Meta's header is not X's
        XConnector.verify_webhook(body, {"X-Hub-Signature-256": headers[
            "x-twitter-webhooks-signature"]}, WEBHOOK_SECRET)


def _tweet(tweet_id: str, *, by: str = "11", to_user: str | None = X_USER,
           to_status: str | None = "1500", **extra: Any) -> dict[str, Any]:
    return {"created_at": "Fri Nov 20 01:00:00 +0000 2026", "id_str": tweet_id,
            "text": f"@city 返信 {tweet_id}", "in_reply_to_status_id_str": to_status,
            "in_reply_to_user_id_str": to_user,
            "user": {"id_str": by, "name": "Citizen", "screen_name": "citizen"}, **extra}


def test_x_keeps_replies_to_our_posts_and_nothing_else() -> None:
    long_text = "@city " + "長い返信です。" * 30
    body, _ = x_signed({"for_user_id": X_USER, "tweet_create_events": [
        _tweet("2001"),
        _tweet("2002", truncated=True, text="@city 長い返信です。…",
               extended_tweet={"full_text": long_text}),
        _tweet("2003", by=X_USER),  # our own reply in the thread
        _tweet("2004", to_user="42", to_status="4200"),  # a reply to someone else
        _tweet("2005", to_user=None, to_status=None),  # a mention, not a reply
        _tweet("2006", retweeted_status={"id_str": "1500"}),
    ], "favorite_events": [{"id": "f", "favorited_status": {"id_str": "1500"}}]})
    found = XConnector.parse_webhook(body)
    assert [(f.account_remote_id, f.comment.remote_id, f.comment.post_remote_id)
            for f in found] == [(X_USER, "2001", "1500"), (X_USER, "2002", "1500")]
    assert found[1].comment.text == long_text
    assert found[0].comment.author.handle == "citizen"
    assert found[0].comment.created_at == datetime.fromtimestamp(WHEN, UTC)


def test_x_ignores_deliveries_without_a_subscribed_user_or_tweets() -> None:
    body, _ = x_signed({"tweet_create_events": [_tweet("2001")]})
    assert XConnector.parse_webhook(body) == []
    body, _ = x_signed({"for_user_id": X_USER, "tweet_delete_events": [
        {"status": {"id": "1500", "user_id": "11"}}]})
    assert XConnector.parse_webhook(body) == []
