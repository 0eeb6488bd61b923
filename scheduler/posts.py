"""A post's life before the queue: drafting, the gate at submission, and 決裁 (第4.6)."""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from connectors import connector_class
from connectors.base import Rejected
from policy_gate.types import CATEGORIES, SHARE_SOURCES, Verdict
from scheduler import audit
from scheduler.errors import Forbidden, InvalidInput, InvalidState, NotFound
from scheduler.gate import check_post, merge_post_verdicts
from scheduler.models import Account, Approval, Delivery, Post, User, utcnow
from scheduler.registry import get_account, list_accounts, may_approve, require_post_rights
from scheduler.settings import Settings
from scheduler.states import advance
from scheduler.timeparse import parse_local_time

EMERGENCY = "emergency"


def validate_text(text: str, limit: int) -> str:
    """Refuse text no platform could take, before anything is stored."""
    if "\x00" in text:
        raise InvalidInput("本文にNUL文字が含まれています", "the text contains a NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput("本文に不正な文字（対になっていないサロゲート）が含まれています",
                           "the text contains invalid characters (lone surrogates)") from None
    text = unicodedata.normalize("NFC", text).strip()
    if not text:
        raise InvalidInput("本文が空です", "the text is empty")
    if len(text) > limit:
        over = len(text) - limit
        raise InvalidInput(f"本文が{len(text)}文字で、上限{limit}文字を{over}文字超えています",
                           f"the text is {len(text)} characters, {len(text) - limit} over {limit}")
    return text


def _check_platform_length(text: str, account: Account) -> None:
    try:
        connector_class(account.platform).check_text(text)
    except Rejected as exc:
        raise InvalidInput(f"アカウント「{account.name}」: {exc.operator_message}",
                           f"account {account.name!r}: {exc}") from None


def create_post(
    session: Session,
    settings: Settings,
    *,
    author: User,
    account_names: Sequence[str],
    text: str,
    at: str | None = None,
    category: str = "other",
    needs_approval: bool = False,
    share_source: str | None = None,
    share_url: str | None = None,
    media: Sequence[dict[str, str]] = (),
    now: datetime | None = None,
) -> Post:
    now = now or utcnow()
    text = validate_text(text, settings.max_text_length)
    if category not in CATEGORIES:
        raise InvalidInput(f"未知の発信区分「{category}」(選択肢: {', '.join(CATEGORIES)})",
                           f"unknown category {category!r}; known: {', '.join(CATEGORIES)}")
    if share_source is not None and share_source not in SHARE_SOURCES:
        raise InvalidInput(
            f"未知のシェア元区分「{share_source}」(選択肢: {', '.join(SHARE_SOURCES)})",
            f"unknown share source {share_source!r}; known: {', '.join(SHARE_SOURCES)}")
    due_at = now if at is None else parse_local_time(at, settings.timezone)
    if due_at < now - timedelta(seconds=settings.past_tolerance):
        raise InvalidInput(f"日時「{at}」は過去です", f"the time {at!r} is in the past")
    accounts = _target_accounts(session, account_names, category)
    for account in accounts:
        require_post_rights(author, account)
        _check_platform_length(text, account)

    post = Post(author=author, text=text, category=category, share_source=share_source,
                share_url=share_url, needs_approval=needs_approval, state="draft",
                due_at=due_at, timezone=settings.timezone, media=_check_media(media))
    session.add(post)
    session.flush()
    priority = 0 if category == EMERGENCY else 1
    for account in accounts:
        session.add(Delivery(post=post, account=account, state="pending", priority=priority,
                             idempotency_key=f"kg-{post.id}-{account.id}-{secrets.token_hex(6)}",
                             due_at=due_at, next_attempt_at=due_at))
    session.flush()
    audit.record(session, actor=author.name, kind="post.created", subject_type="post",
                 subject_id=post.id, accounts=[a.name for a in accounts], category=category,
                 due_at=due_at.isoformat(), needs_approval=needs_approval)
    return post


def _check_media(media: Sequence[dict[str, str]]) -> list[dict[str, str]]:
    """Attachments: a public URL (platforms that fetch media themselves, Instagram) or a
    local file (platforms that take an upload)."""
    checked = []
    for item in media:
        url, path = item.get("url"), item.get("path")
        if url and not url.startswith(("https://", "http://")):
            raise InvalidInput(f"画像のURL「{url}」は http(s):// で始まる公開URLにしてください",
                               f"the media URL {url!r} must be a public http(s) URL")
        if path and not Path(path).is_file():
            raise InvalidInput(f"画像ファイル「{path}」が見つかりません",
                               f"no media file at {path!r}")
        if not (url or path):
            raise InvalidInput("画像にはURLかファイルが必要です", "media needs a URL or a file")
        checked.append({"kind": item.get("kind", "image"), **({"url": url} if url else {}),
                        **({"path": str(Path(path).resolve())} if path else {})})
    return checked


def _target_accounts(session: Session, names: Sequence[str], category: str) -> list[Account]:
    """An emergency post with no account named goes to every account (第4.2(2)イ)."""
    if not names:
        if category == EMERGENCY:
            accounts = list_accounts(session)
            if accounts:
                return accounts
        raise InvalidInput("投稿先アカウント (--account) を指定してください",
                           "name at least one target --account")
    unique = list(dict.fromkeys(n.strip() for n in names))
    return [get_account(session, name) for name in unique]


def get_post(session: Session, post_id: int) -> Post:
    post = session.get(Post, post_id)
    if post is None:
        raise NotFound(f"投稿 {post_id} はありません", f"no post {post_id}")
    return post


def submit_post(session: Session, settings: Settings, post_id: int, actor: User) -> Verdict:
    """Run the gate at once, so the author sees problems before anything is queued."""
    post = get_post(session, post_id)
    for delivery in post.deliveries:
        require_post_rights(actor, delivery.account)
    advance(session, post, "submit", actor=actor.name)
    verdict = merge_post_verdicts(
        [check_post(post, d.account, settings.policy_path) for d in post.deliveries])
    post.verdict = verdict.to_dict()
    gate_data = {"decision": verdict.decision, "grounds": list(verdict.grounds),
                 "citations": list(verdict.citations)}
    if verdict.decision == "block":
        advance(session, post, "block", actor="gate", message=_cite(verdict), **gate_data)
    elif verdict.decision == "needs_approval":
        advance(session, post, "hold", actor="gate", message=_cite(verdict), **gate_data)
    else:
        advance(session, post, "allow", actor="gate", **gate_data)
        _schedule_deliveries(session, post, actor="gate")
    return verdict


def _cite(verdict: Verdict) -> str:
    return "、".join(f"{g}（{c}）" for g, c in zip(verdict.grounds, verdict.citations,
                                                   strict=False))


def _schedule_deliveries(session: Session, post: Post, *, actor: str) -> None:
    for delivery in post.deliveries:
        if delivery.state == "pending":
            advance(session, delivery, "schedule", actor=actor,
                    due_at=delivery.due_at.isoformat())


def approve_post(session: Session, post_id: int, approver: User, note: str | None = None) -> Post:
    post = _awaiting_decision(session, post_id, approver)
    session.add(Approval(post_id=post.id, approver_id=approver.id, decision="approved",
                         note=note))
    advance(session, post, "approve", actor=approver.name, message=note,
            citation="第4.6", role=approver.role)
    _schedule_deliveries(session, post, actor=approver.name)
    return post


def decline_post(session: Session, post_id: int, approver: User, note: str | None = None) -> Post:
    post = _awaiting_decision(session, post_id, approver)
    session.add(Approval(post_id=post.id, approver_id=approver.id, decision="declined",
                         note=note))
    advance(session, post, "decline", actor=approver.name, message=note,
            citation="第4.6", role=approver.role)
    for delivery in post.deliveries:
        advance(session, delivery, "cancel", actor=approver.name)
    return post


def _awaiting_decision(session: Session, post_id: int, approver: User) -> Post:
    post = get_post(session, post_id)
    if post.state != "awaiting_approval":
        if post.state in ("approved", "draft", "gated") and not post.needs_approval:
            raise InvalidState(f"投稿 {post_id} は決裁を必要としていません（状態: {post.state}）",
                               f"post {post_id} does not need approval (state: {post.state})")
        raise InvalidState(f"投稿 {post_id} は決裁待ちではありません（状態: {post.state}）",
                           f"post {post_id} is not awaiting approval (state: {post.state})")
    if approver.id == post.author_id:
        raise Forbidden("自分の投稿を決裁することはできません", "you cannot approve your own post")
    if not may_approve(approver, post.author):
        raise Forbidden(
            f"{approver.name} は投稿者の所属長（{post.author.section}）"
            "または室長ではないため決裁できません",
            f"{approver.name} is neither the author's section head ({post.author.section}) "
            "nor the office head",
        )
    return post


def list_posts(session: Session, limit: int = 200) -> list[Post]:
    return list(session.scalars(select(Post).order_by(Post.id.desc()).limit(limit)))
