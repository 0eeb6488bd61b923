"""The words of each notification: Japanese first, English after, the article cited.

Kept apart from the outbox so that the wording can change without touching how things are
queued and sent. A notification may go to a chat room that more people read than the
console: it names posts, accounts and articles, and quotes the city's own post text, but
never a citizen's comment (a comment held for review may be the very personal information
第4.5(8) protects) and never a credential.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from scheduler.enums import HOLD_LABELS_JA, HoldKind

#: the post text quoted in a 決裁 request is cut at this many characters
EXCERPT = 120
SEPARATOR = "\n---\n"


def when(value: datetime, zone: str) -> str:
    return value.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[:EXCERPT] + "…"


def _articles(citations: Sequence[str], default: str) -> str:
    unique = list(dict.fromkeys(c for c in citations if c))
    return "、".join(unique) if unique else default


def approval_requested(*, post_id: int, author: str, section: str | None, text: str,
                       due_at: datetime, accounts: Sequence[str], grounds: Sequence[str],
                       citations: Sequence[str], zone: str) -> tuple[str, str]:
    why = ("、".join(f"{g}（{c}）" for g, c in zip(grounds, citations, strict=False))
           or "投稿者による決裁の申出（第4.6）")
    ja = [
        f"投稿 {post_id} は所属長の決裁が必要です（第4.6）。",
        f"投稿者: {author}（{section or '所属なし'}）",
        f"理由: {why}",
        f"公開予定: {when(due_at, zone)}（{zone}）",
        f"投稿先: {', '.join(accounts)}",
        f"本文: {_excerpt(text)}",
        f"決裁: kohogate post approve {post_id} --as <氏名>"
        f"（却下は kohogate post decline {post_id} --as <氏名>）",
    ]
    en = (f"Post {post_id} by {author} needs approval (第4.6) by the author's section head "
          f"or the office head before it can go out on {', '.join(accounts)}.")
    return f"【決裁依頼】投稿 {post_id}（第4.6）", "\n".join(ja) + SEPARATOR + en


def review_waiting(*, account: str, count: int, oldest_minutes: int,
                   citations: Sequence[str]) -> tuple[str, str]:
    articles = _articles(citations, "第4.5")
    ja = [
        f"アカウント「{account}」で、確認待ちのコメントが{count}件あります。"
        f"最も古いものは{oldest_minutes}分待っています。",
        f"該当しうる条項: {articles}",
        "自動では非表示にしていません（批判や苦情は削除の対象ではありません）。"
        "内容を確認して対応してください。",
        "確認: kohogate review list",
    ]
    en = (f"{count} comment(s) on account {account!r} have waited for a person for up to "
          f"{oldest_minutes} minutes ({articles}). Review them: kohogate review list")
    return (f"【コメント確認待ち】{account}（{count}件、{articles}）",
            "\n".join(ja) + SEPARATOR + en)


def account_held(*, account: str, kind: HoldKind, reason: str | None,
                 until: datetime | None, zone: str) -> tuple[str, str]:
    label = HOLD_LABELS_JA[kind]
    ja = [f"アカウント「{account}」の公開を保留しています（{label}）。"]
    if reason:
        ja.append(f"理由: {reason}")
    if kind is HoldKind.RATE_LIMIT and until is not None:
        ja.append(f"プラットフォームの利用上限のため、{when(until, zone)} まで待ちます。"
                  "再開は自動です。")
        en = (f"Publishing on {account!r} waits for the platform's rate limit until "
              f"{until:%Y-%m-%d %H:%M} UTC.")
    elif kind is HoldKind.AUTH_EXPIRED:
        ja.append("認証情報を登録し直してください: "
                  f"kohogate accounts set-credentials {account}")
        en = (f"The credentials of {account!r} no longer work; publishing and the comment "
              "sweep wait until they are renewed.")
    else:
        ja.append(f"確認のうえ再開してください: kohogate accounts resume {account}")
        en = f"Publishing on {account!r} is held until a person lifts it."
    return f"【公開保留】{account}（{label}）", "\n".join(ja) + SEPARATOR + en


def token_expiring(*, account: str, expires_at: datetime, now: datetime,
                   zone: str) -> tuple[str, str]:
    left = expires_at - now
    days = max(0, left.days)
    hours = max(0, int(left.total_seconds() // 3600))
    remaining = f"あと{days}日" if days else f"あと{hours}時間"
    ja = [
        f"アカウント「{account}」の認証情報は {when(expires_at, zone)} に期限が切れます"
        f"（{remaining}）。",
        "期限が切れると公開とコメントの巡回が止まります。更新した認証情報を登録してください: "
        f"kohogate accounts set-credentials {account}",
    ]
    en = (f"The credentials of {account!r} expire at {expires_at:%Y-%m-%d %H:%M} UTC; "
          "renew them before publishing stops.")
    return f"【認証期限】{account}（{remaining}）", "\n".join(ja) + SEPARATOR + en


def delivery_failed(*, post_id: int, account: str, reason: str | None,
                    citations: Sequence[str]) -> tuple[str, str]:
    ja = [f"投稿 {post_id} をアカウント「{account}」に公開できませんでした。"]
    if reason:
        ja.append(f"理由: {reason}")
    if citations:
        ja.append(f"条項: {_articles(citations, '')}")
    ja.append(f"状況: kohogate post show {post_id}")
    en = f"Post {post_id} could not be published on {account!r}."
    return f"【公開失敗】投稿 {post_id} → {account}", "\n".join(ja) + SEPARATOR + en


def delivery_unknown(*, post_id: int, account: str, minutes: int) -> tuple[str, str]:
    ja = [
        f"投稿 {post_id} のアカウント「{account}」への送信は、{minutes}分たっても"
        "公開されたかどうかが確認できていません。",
        "二重投稿を避けるため、確認できるまで再送しません。"
        "プラットフォーム上で公開の有無を確認してください。",
        f"状況: kohogate post show {post_id}",
    ]
    en = (f"Whether post {post_id} went out on {account!r} is still unknown after {minutes} "
          "minutes; it is not sent again until that is settled.")
    return f"【公開確認中】投稿 {post_id} → {account}", "\n".join(ja) + SEPARATOR + en
