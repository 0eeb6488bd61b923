"""A post's life before the queue: drafting, the gate at submission, and 決裁 (第4.6)."""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from connectors import connector_class
from connectors.base import Rejected
from policy_gate.types import CATEGORIES, SHARE_SOURCES, Verdict
from scheduler import audit
from scheduler.enums import (
    ApprovalDecision,
    DeliveryEvent,
    DeliveryState,
    PostEvent,
    PostState,
)
from scheduler.errors import InvalidInput, InvalidState, NotFound
from scheduler.gate import check_post, merge_post_verdicts
from scheduler.models import Account, Approval, Delivery, Post, User, utcnow
from scheduler.registry import get_account, list_accounts
from scheduler.rights import OFFICE, Operation, allowed, require, visible_accounts
from scheduler.settings import Settings
from scheduler.states import advance, move
from scheduler.timeparse import parse_local_time

EMERGENCY = "emergency"


def validate_text(text: str, limit: int) -> str:
    """Refuse text no platform could take, before anything is stored."""
    if "\x00" in text:
        raise InvalidInput("本文にNUL文字が含まれています", "the text contains a NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        if any("\udc80" <= char <= "\udcff" for char in text):
            # how Python hands over bytes that were not UTF-8 (an argument or a file)
            raise InvalidInput("本文がUTF-8ではありません（文字コードを確認してください）",
                               "the text is not valid UTF-8 (check its encoding)") from None
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
    accounts = _target_accounts(session, account_names, category, author)
    for account in accounts:
        require(author, Operation.POST_CREATE, account=account)
        _check_platform_length(text, account)

    post = Post(author=author, text=text, category=category, share_source=share_source,
                share_url=share_url, needs_approval=needs_approval, state=PostState.DRAFT,
                due_at=due_at, timezone=settings.timezone, media=_check_media(media))
    session.add(post)
    session.flush()
    priority = 0 if category == EMERGENCY else 1
    for account in accounts:
        session.add(Delivery(post=post, account=account, state=DeliveryState.PENDING,
                             priority=priority,
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


def _target_accounts(session: Session, names: Sequence[str], category: str,
                     author: User) -> list[Account]:
    """An emergency post with no account named goes to every account its author runs
    (第4.2(2)イ)."""
    if not names:
        if category == EMERGENCY:
            accounts = list_accounts(session, viewer=author)
            if accounts:
                return accounts
        raise InvalidInput("投稿先アカウント (--account) を指定してください",
                           "name at least one target --account")
    unique = list(dict.fromkeys(n.strip() for n in names))
    return [get_account(session, name) for name in unique]


def get_post(session: Session, post_id: int, viewer: User | None = None) -> Post:
    """The post; for a person, only one on an account they work on."""
    post = session.get(Post, post_id)
    if post is None or (viewer is not None and not any(
            _sees(viewer, d.account) for d in post.deliveries)):
        raise NotFound(f"投稿 {post_id} はありません", f"no post {post_id}")
    return post


def _sees(viewer: User, account: Account) -> bool:
    return allowed(viewer, Operation.POST_VIEW, account=account)


def _require_each(post: Post, actor: User, operation: Operation) -> None:
    for delivery in post.deliveries:
        require(actor, operation, account=delivery.account)


def submit_post(session: Session, settings: Settings, post_id: int, actor: User) -> Verdict:
    """Run the gate at once, so the author sees problems before anything is queued."""
    post = get_post(session, post_id)
    _require_each(post, actor, Operation.POST_SUBMIT)
    advance(session, post, PostEvent.SUBMIT, actor=actor.name)
    verdict = merge_post_verdicts(
        [check_post(post, d.account, settings.policy_path) for d in post.deliveries])
    post.verdict = verdict.to_dict()
    gate_data: dict[str, Any] = {"decision": verdict.decision, "grounds": list(verdict.grounds),
                 "citations": list(verdict.citations)}
    if verdict.decision == "block":
        advance(session, post, PostEvent.BLOCK, actor="gate", message=_cite(verdict),
                **gate_data)
    elif verdict.decision == "needs_approval":
        advance(session, post, PostEvent.HOLD, actor="gate", message=_cite(verdict),
                **gate_data)
    else:
        advance(session, post, PostEvent.ALLOW, actor="gate", **gate_data)
        _schedule_deliveries(session, post, actor="gate")
    return verdict


def _cite(verdict: Verdict) -> str:
    return "、".join(f"{g}（{c}）" for g, c in zip(verdict.grounds, verdict.citations,
                                                   strict=False))


def _schedule_deliveries(session: Session, post: Post, *, actor: str) -> None:
    for delivery in post.deliveries:
        if delivery.state == DeliveryState.PENDING:
            advance(session, delivery, DeliveryEvent.SCHEDULE, actor=actor,
                    due_at=delivery.due_at.isoformat())


def approve_post(session: Session, post_id: int, approver: User, note: str | None = None) -> Post:
    post = _awaiting_decision(session, post_id, approver)
    session.add(Approval(post_id=post.id, approver_id=approver.id,
                         decision=ApprovalDecision.APPROVED, note=note))
    advance(session, post, PostEvent.APPROVE, actor=approver.name, message=note,
            citation="第4.6", role=approver.role)
    _schedule_deliveries(session, post, actor=approver.name)
    return post


def decline_post(session: Session, post_id: int, approver: User, note: str | None = None) -> Post:
    post = _awaiting_decision(session, post_id, approver)
    session.add(Approval(post_id=post.id, approver_id=approver.id,
                         decision=ApprovalDecision.DECLINED, note=note))
    advance(session, post, PostEvent.DECLINE, actor=approver.name, message=note,
            citation="第4.6", role=approver.role)
    for delivery in post.deliveries:
        advance(session, delivery, DeliveryEvent.CANCEL, actor=approver.name)
    return post


def _awaiting_decision(session: Session, post_id: int, approver: User) -> Post:
    post = get_post(session, post_id)
    if post.state != PostState.AWAITING_APPROVAL:
        if post.state in (PostState.APPROVED, PostState.DRAFT, PostState.GATED) and (
                not post.needs_approval):
            raise InvalidState(f"投稿 {post_id} は決裁を必要としていません（状態: {post.state}）",
                               f"post {post_id} does not need approval (state: {post.state})")
        raise InvalidState(f"投稿 {post_id} は決裁待ちではありません（状態: {post.state}）",
                           f"post {post_id} is not awaiting approval (state: {post.state})")
    require(approver, Operation.POST_APPROVE, author=post.author)
    return post


#: deliveries that can still be changed: nothing has been handed to a platform yet
_UNSENT = (DeliveryState.PENDING, DeliveryState.SCHEDULED)


def _require_unsent(post: Post, doing: str) -> None:
    busy = [d for d in post.deliveries if d.state not in (*_UNSENT, DeliveryState.CANCELLED)]
    if busy:
        raise InvalidState(
            f"投稿 {post.id} は既に送信中または公開済みのため{doing}できません"
            f"（{', '.join(f'{d.account.name}: {d.state}' for d in busy)}）",
            f"post {post.id} is already going out or published; cannot {doing}")


def edit_post(session: Session, settings: Settings, post_id: int, actor: User, *,
              text: str | None = None, category: str | None = None,
              needs_approval: bool | None = None) -> Post:
    """Change a post that has not gone out. An edit after approval (or 決裁) returns it to
    a draft: it must pass the gate again, and 決裁 again if it needs it (第4.6)."""
    post = get_post(session, post_id, viewer=actor)
    _require_each(post, actor, Operation.POST_EDIT)
    _require_unsent(post, "編集")
    changes: dict[str, object] = {}
    if text is not None:
        text = validate_text(text, settings.max_text_length)
        for delivery in post.deliveries:
            _check_platform_length(text, delivery.account)
        changes["text"] = text
    if category is not None:
        if category not in CATEGORIES:
            raise InvalidInput(f"未知の発信区分「{category}」", f"unknown category {category!r}")
        changes["category"] = category
    if needs_approval is not None:
        changes["needs_approval"] = needs_approval
    if not changes:
        return post
    if post.state != PostState.DRAFT:
        advance(session, post, PostEvent.EDIT, actor=actor.name,
                message="編集により再度の判定が必要です", fields=sorted(changes))
    for field_name, value in changes.items():
        setattr(post, field_name, value)
    post.verdict = None
    move(session, DeliveryEvent.RECALL, [d.id for d in post.deliveries],
         from_states=(DeliveryState.SCHEDULED,), actor=actor.name,
         message="投稿が編集されたため公開予定を取り消しました")
    session.expire(post, ["deliveries"])
    return post


def reschedule_post(session: Session, settings: Settings, post_id: int, actor: User,
                    at: str) -> Post:
    """A new time for every delivery not yet handed out."""
    post = get_post(session, post_id, viewer=actor)
    _require_each(post, actor, Operation.POST_RESCHEDULE)
    _require_unsent(post, "日時変更")
    now = utcnow()
    due_at = parse_local_time(at, settings.timezone)
    if due_at < now - timedelta(seconds=settings.past_tolerance):
        raise InvalidInput(f"日時「{at}」は過去です", f"the time {at!r} is in the past")
    previous = post.due_at
    post.due_at = due_at
    for delivery in post.deliveries:
        if delivery.state in _UNSENT:
            delivery.due_at = delivery.next_attempt_at = due_at
    audit.record(session, actor=actor.name, kind="post.reschedule", subject_type="post",
                 subject_id=post.id, due_at=due_at.isoformat(), previous=previous.isoformat())
    return post


def cancel_post(session: Session, post_id: int, actor: User, reason: str | None = None) -> Post:
    """Withdraw every delivery that has not gone out yet."""
    post = get_post(session, post_id, viewer=actor)
    _require_each(post, actor, Operation.POST_CANCEL)
    _require_unsent(post, "取消")
    move(session, DeliveryEvent.CANCEL, [d.id for d in post.deliveries], actor=actor.name,
         message=reason)
    session.expire(post, ["deliveries"])
    return post


def list_posts(session: Session, viewer: User | None = None, limit: int = 200,
               before: int | None = None) -> list[Post]:
    """Newest first; ``before`` pages back through older posts."""
    query = select(Post).order_by(Post.id.desc()).limit(limit)
    if before is not None:
        query = query.where(Post.id < before)
    if viewer is not None and not (viewer.active and viewer.role in OFFICE):
        # the office sees every account (第4.1(1)): no need to ask each post
        query = query.where(Post.id.in_(select(Delivery.post_id).where(
            Delivery.account_id.in_(select(Account.id).where(visible_accounts(viewer))))))
    return list(session.scalars(query))
