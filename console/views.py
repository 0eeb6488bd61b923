"""What operators see of the record: plain dicts (for ``--json``) and their Japanese text."""

from __future__ import annotations

from typing import Any

from scheduler.models import (
    Account,
    AccountFiling,
    AuditEvent,
    Comment,
    Delivery,
    Post,
    Submission,
    User,
)
from scheduler.states import DELIVERY_LABELS_JA, POST_LABELS_JA
from scheduler.timeparse import local


def publication_state(post: Post) -> str:
    """The post's story in one word: what its deliveries add up to."""
    states = [d.state for d in post.deliveries]
    if post.state != "approved" or not states:
        return post.state
    if all(s == "published" for s in states):
        return "published"
    if any(s == "published" for s in states):
        return "partly_published"
    if all(s in ("failed", "cancelled") for s in states):
        return "failed"
    return "scheduled"


PUBLICATION_LABELS_JA = {**POST_LABELS_JA, "published": "公開済み",
                         "partly_published": "一部公開", "failed": "失敗", "scheduled": "公開予定"}


def waiting_reason(delivery: Delivery) -> str | None:
    """Why a delivery that should be moving is not, in words an operator can act on."""
    account = delivery.account
    if delivery.state in ("scheduled", "queued", "unknown") and account.auth_status != "ok":
        return account.auth_message or "認証情報が失効しています"
    if delivery.state == "scheduled" and account.hold_reason:
        return account.hold_reason
    if delivery.state == "scheduled" and account.publish_hold_until is not None:
        return f"レート制限: {account.publish_hold_until.isoformat()} まで待機"
    if delivery.state == "pending":
        return "投稿の承認待ち"
    return None


def delivery_view(delivery: Delivery, zone: str) -> dict[str, Any]:
    return {
        "id": delivery.id,
        "account": delivery.account.name,
        "platform": delivery.account.platform,
        "state": delivery.state,
        "state_ja": DELIVERY_LABELS_JA.get(delivery.state, delivery.state),
        "due_at": local(delivery.due_at, zone),
        "next_attempt_at": local(delivery.next_attempt_at, zone),
        "attempts": delivery.attempts,
        "remote_id": delivery.remote_id,
        "remote_url": delivery.remote_url,
        "published_at": local(delivery.published_at, zone),
        "last_error": delivery.last_error,
        "waiting": waiting_reason(delivery),
        "idempotency_key": delivery.idempotency_key,
    }


def post_view(post: Post, *, detail: bool = True) -> dict[str, Any]:
    zone = post.timezone
    summary = publication_state(post)
    view: dict[str, Any] = {
        "id": post.id,
        "state": post.state,
        "publication": summary,
        "publication_ja": PUBLICATION_LABELS_JA.get(summary, summary),
        "author": post.author.name,
        "category": post.category,
        "needs_approval": post.needs_approval,
        "due_at": local(post.due_at, zone),
        "timezone": zone,
        "text": post.text,
        "accounts": [d.account.name for d in post.deliveries],
    }
    if detail:
        view["verdict"] = post.verdict
        view["deliveries"] = [delivery_view(d, zone) for d in post.deliveries]
        view["approvals"] = [
            {"approver": a.approver.name, "decision": a.decision, "note": a.note,
             "at": local(a.created_at, zone)} for a in post.approvals]
    return view


def account_view(account: Account) -> dict[str, Any]:
    return {
        "id": account.id, "name": account.name, "platform": account.platform,
        "kind": account.kind, "section": account.section, "categories": account.categories,
        "auth_status": account.auth_status, "auth_message": account.auth_message,
        "hold_reason": account.hold_reason,
        "has_credentials": bool(account.credentials_token),
        "comment_cursor": account.comment_cursor,
        "last_swept_at": account.last_swept_at.isoformat() if account.last_swept_at else None,
    }


def user_view(user: User) -> dict[str, Any]:
    return {"id": user.id, "name": user.name, "role": user.role, "section": user.section,
            "accounts": [a.name for a in user.accounts]}


def comment_view(comment: Comment) -> dict[str, Any]:
    return {
        "id": comment.id, "account": comment.account.name, "platform_id": comment.platform_id,
        "post_remote_id": comment.post_remote_id, "author_name": comment.author_name,
        "author_handle": comment.author_handle, "text": comment.text,
        "decision": comment.decision, "state": comment.state, "grounds": comment.grounds,
        "citations": comment.citations, "evidence": comment.verdict.get("evidence", []),
        "reviewed_by": comment.reviewed_by,
    }


def audit_view(event: AuditEvent) -> dict[str, Any]:
    return {"id": event.id, "at": event.at.isoformat(), "actor": event.actor,
            "kind": event.kind, "subject_type": event.subject_type,
            "subject_id": event.subject_id, "message": event.message, "data": event.data}


def post_text(view: dict[str, Any]) -> str:
    lines = [
        f"投稿 {view['id']}  {view['publication_ja']} ({view['publication']})",
        f"  投稿者: {view['author']}  区分: {view['category']}  予定: {view['due_at']}",
        f"  本文: {view['text']}",
    ]
    verdict = view.get("verdict")
    if verdict:
        meaning = {"allow": "許可", "block": "差し戻し（発信禁止事項）",
                   "needs_approval": "所属長の決裁待ち（第4.6）"}.get(verdict["decision"], "")
        lines.append(f"  判定: {verdict['decision']} {meaning}"
                     f"  根拠: {', '.join(verdict['grounds']) or '-'}"
                     f"  条項: {', '.join(verdict['citations']) or '-'}")
        for ev in verdict.get("evidence", []):
            lines.append(f"    - {ev['citation']} {ev['ground']} 「{ev['span']}」"
                         f" ({ev['detector']})")
        for warning in verdict.get("warnings", []):
            lines.append(f"    ! {warning['citation']} {warning['message']}")
    for approval in view.get("approvals", []):
        lines.append(f"  決裁: {approval['approver']} {approval['decision']} {approval['at']}")
    for d in view.get("deliveries", []):
        line = (f"  - {d['account']} ({d['platform']}): {d['state_ja']} ({d['state']})"
                f"  試行 {d['attempts']}回")
        if d["remote_id"]:
            line += f"  公開ID {d['remote_id']}"
        if d["published_at"]:
            line += f"  公開 {d['published_at']}"
        lines.append(line)
        if d["waiting"]:
            lines.append(f"      待機理由: {d['waiting']}")
        if d["last_error"]:
            lines.append(f"      直近のエラー: {d['last_error']}")
    return "\n".join(lines)


def submission_view(submission: Submission, zone: str) -> dict[str, Any]:
    return {"id": submission.id, "section": submission.section,
            "author": submission.author.name, "title": submission.title,
            "body": submission.body, "category": submission.category, "link": submission.link,
            "desired_at": local(submission.desired_at, zone), "state": submission.state,
            "reason": submission.reason, "post_id": submission.post_id,
            "handled_by": submission.handled_by.name if submission.handled_by else None,
            "handled_at": local(submission.handled_at, zone),
            "created_at": local(submission.created_at, zone)}


def filing_view(filing: AccountFiling, zone: str) -> dict[str, Any]:
    """Everything of a filing but the password, which only the vault holds."""
    return {"id": filing.id, "kind": filing.kind, "number": filing.number,
            "decision_number": filing.decision_number, "section": filing.section,
            "filed_by": filing.filed_by.name, "platform": filing.platform,
            "categories": filing.categories, "content": filing.content,
            "handle": filing.handle, "url": filing.url, "email": filing.email,
            "title": filing.title, "registration_other": filing.registration_other,
            "password_stored": filing.secret_token is not None,
            "comment_policy": filing.comment_policy, "other": filing.other,
            "planned_start": filing.planned_start.isoformat() if filing.planned_start else None,
            "state": filing.state, "decided_by": filing.decided_by.name if filing.decided_by
            else None, "decided_at": local(filing.decided_at, zone),
            "decision_note": filing.decision_note, "account_id": filing.account_id,
            "created_at": local(filing.created_at, zone)}
