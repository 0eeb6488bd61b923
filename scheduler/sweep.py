"""The comment sweep (第4.5): fetch new comments on our posts, judge, act, keep evidence.

One sweep per account at a time (a lease). The account's cursor moves only past a page
whose every comment was fully handled, so a failure means the page is read again next
time, and handling is idempotent (a comment is stored once, an action done once).
A city must not censor criticism: only confident matches are hidden automatically; unsure
ones wait in a person's review queue.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from connectors.base import (
    AuthExpired,
    Author,
    Connector,
    ConnectorError,
    RateLimited,
    RemoteComment,
    Transient,
    Unsupported,
)
from scheduler import audit, leases
from scheduler.connecting import connector_for, limiter_for
from scheduler.costs import record_usage
from scheduler.db import session_scope
from scheduler.errors import InvalidInput, InvalidState, NotFound
from scheduler.gate import check_comment, policy_for
from scheduler.models import Account, Comment, Delivery, ModerationAction, User, utcnow
from scheduler.publishing import mark_auth_expired
from scheduler.settings import Settings

log = logging.getLogger(__name__)

MAX_PAGES = 20
#: how long after publishing the sweep keeps looking at a post's comments
WATCH_WINDOW = timedelta(days=30)


@dataclass
class SweepReport:
    account: str
    fetched: int = 0
    hidden: int = 0
    review: int = 0
    allowed: int = 0
    skipped: str | None = None
    errors: list[str] = field(default_factory=list)


def sweep_account(settings: Settings, account_id: int) -> SweepReport:
    with session_scope(settings.resolved_database_url) as session:
        account = session.get(Account, account_id)
        if account is None:
            raise NotFound(f"アカウント {account_id} はありません", f"no account {account_id}")
        report = SweepReport(account=account.name)
        if account.auth_status != "ok":
            report.skipped = account.auth_message or "credentials expired"
            return report
        now = utcnow()
        lease_name = f"sweep:{account_id}"
        holder = leases.acquire(session, lease_name, settings.task_time_limit, now)
        if holder is None:
            report.skipped = "another sweep of this account is running"
            return report
        try:
            _sweep(session, settings, account, report)
            account.last_swept_at = utcnow()
            account.last_sweep_error = "; ".join(report.errors) or None
            session.commit()
        finally:
            leases.release(session, lease_name, holder, utcnow())
        return report


def _sweep(session: Session, settings: Settings, account: Account, report: SweepReport) -> None:
    watched = {
        d.remote_id: d for d in session.scalars(
            select(Delivery).where(Delivery.account_id == account.id,
                                   Delivery.state == "published",
                                   Delivery.published_at >= utcnow() - WATCH_WINDOW))
        if d.remote_id
    }
    if not watched:
        return
    try:
        connector = connector_for(account, settings,
                                  limiter=limiter_for(account, settings, purpose="sweep"))
    except AuthExpired as exc:
        mark_auth_expired(session, account, exc)
        report.errors.append(exc.operator_message or str(exc))
        return
    try:
        _sweep_pages(session, settings, connector, account, watched, report)
    finally:
        record_usage(session, account.id, connector)


def _sweep_pages(session: Session, settings: Settings, connector: Connector, account: Account,
                 watched: dict[str, Delivery], report: SweepReport) -> None:
    for _ in range(MAX_PAGES):
        try:
            page = connector.fetch_comments(account.comment_cursor, tuple(watched))
        except AuthExpired as exc:
            mark_auth_expired(session, account, exc)
            report.errors.append(exc.operator_message or str(exc))
            return
        except ConnectorError as exc:
            report.errors.append(f"fetch: {exc}")
            return
        report.fetched += len(page.comments)
        complete = True
        for remote in page.comments:
            if not _handle(session, settings, connector, account, remote, watched, report):
                complete = False
                break
        session.commit()
        if not complete:
            return  # the cursor stays; the page is read again next time
        exhausted = not page.comments or page.cursor == account.comment_cursor
        account.comment_cursor = page.cursor
        session.commit()
        if exhausted:
            return


def _handle(session: Session, settings: Settings, connector: Connector, account: Account,
            remote: RemoteComment, watched: dict[str, Delivery], report: SweepReport) -> bool:
    """Judge and act on one comment; False when it could not be fully handled now."""
    comment = session.scalar(select(Comment).where(Comment.account_id == account.id,
                                                   Comment.platform_id == remote.remote_id))
    if comment is None:
        delivery = watched.get(remote.post_remote_id)
        verdict = check_comment(remote.text, remote.author.name, remote.author.handle,
                                delivery.post.text if delivery else None, account,
                                settings.policy_path)
        comment = Comment(
            account_id=account.id, platform_id=remote.remote_id,
            post_remote_id=remote.post_remote_id,
            delivery_id=delivery.id if delivery else None, author_id=remote.author.remote_id,
            author_name=remote.author.name, author_handle=remote.author.handle,
            text=remote.text, decision=verdict.decision, grounds=list(verdict.grounds),
            citations=list(verdict.citations), verdict=verdict.to_dict(),
            state={"hide": "hide_pending", "review": "pending_review"}.get(verdict.decision,
                                                                           "visible"),
        )
        session.add(comment)
        session.flush()
        audit.record(session, actor="sweep", kind=f"comment.{verdict.decision}",
                     subject_type="comment", subject_id=comment.id,
                     grounds=list(verdict.grounds), citations=list(verdict.citations),
                     evidence=verdict.to_dict()["evidence"],
                     platform_id=remote.remote_id, account=account.name)
        if verdict.decision == "allow":
            report.allowed += 1
        elif verdict.decision == "review":
            report.review += 1
        session.commit()  # the comment and its verdict are kept whatever the platform does
    if comment.state != "hide_pending":
        return True
    outcome = _act(session, connector, comment, "hide", actor="sweep", remote=remote)
    if outcome == "done":
        comment.state = "hidden"
        report.hidden += 1
        return True
    if outcome == "unsupported":
        comment.state = "pending_review"  # the platform cannot hide: a person decides
        report.review += 1
        return True
    report.errors.append(f"hide {remote.remote_id}: {outcome}")
    return False


def _act(session: Session, connector: Connector, comment: Comment, action: str, *,
         actor: str, remote: RemoteComment | None = None) -> str:
    """Do one moderation action on the platform and record it, citing its article."""
    target = remote or RemoteComment(
        remote_id=comment.platform_id, post_remote_id=comment.post_remote_id,
        author=Author(remote_id=comment.author_id, name=comment.author_name,
                      handle=comment.author_handle),
        text=comment.text)
    status, error = "done", None
    try:
        if action in ("block", "mute"):
            getattr(connector, action)(target.author)
        else:
            getattr(connector, action)(target)
    except Unsupported as exc:
        status, error = "unsupported", exc.operator_message
    except AuthExpired as exc:
        mark_auth_expired(session, comment.account, exc)
        status, error = "failed", exc.operator_message
    except (RateLimited, Transient) as exc:
        status, error = "failed", str(exc)
    except ConnectorError as exc:
        status, error = "failed", str(exc)
    session.add(ModerationAction(comment_id=comment.id, action=action, actor=actor,
                                 grounds=list(comment.grounds),
                                 citations=list(comment.citations), status=status,
                                 error=error))
    audit.record(session, actor=actor, kind=f"moderation.{action}", subject_type="comment",
                 subject_id=comment.id, message=error, status=status,
                 grounds=list(comment.grounds), citations=list(comment.citations),
                 evidence=list(comment.verdict.get("evidence", [])),
                 platform_id=comment.platform_id)
    return status


REVIEW_ACTIONS = ("hide", "delete", "block", "mute", "clear", "unhide")
RESULT_STATE = {"hide": "hidden", "delete": "deleted", "block": "blocked", "mute": "muted",
                "clear": "cleared", "unhide": "cleared"}


def decide_review(session: Session, settings: Settings, comment_id: int, action: str,
                  reviewer: User, grounds: list[str] | None = None) -> Comment:
    """A person's decision on a queued comment (or a reversal of an automatic hide)."""
    if action not in REVIEW_ACTIONS:
        raise InvalidInput(f"未知の操作「{action}」(選択肢: {', '.join(REVIEW_ACTIONS)})",
                           f"unknown action {action!r}; known: {', '.join(REVIEW_ACTIONS)}")
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise NotFound(f"コメント {comment_id} はありません", f"no comment {comment_id}")
    if action == "unhide" and comment.state != "hidden":
        raise InvalidState("非表示になっていないコメントは再表示できません",
                           "only a hidden comment can be unhidden")
    if grounds:
        policy = policy_for(settings.policy_path)
        unknown = [g for g in grounds if g not in policy.comment_grounds]
        if unknown:
            raise InvalidInput(f"第4.5にない根拠です: {', '.join(unknown)}",
                               f"not a ground of 第4.5: {', '.join(unknown)}")
        comment.grounds = list(grounds)
        comment.citations = [policy.article(g) for g in grounds]
    if action in ("hide", "delete", "block", "mute") and not comment.grounds:
        raise InvalidInput("削除等には第4.5の根拠 (--ground) が必要です",
                           "hiding, deleting or blocking needs a 第4.5 ground (--ground)")
    if action == "clear":
        status = "done"
        audit.record(session, actor=reviewer.name, kind="moderation.clear",
                     subject_type="comment", subject_id=comment.id,
                     grounds=list(comment.grounds), citations=list(comment.citations))
    else:
        connector = connector_for(comment.account, settings)
        status = _act(session, connector, comment, action, actor=reviewer.name)
    if status != "done":
        raise InvalidState(f"プラットフォームで「{action}」できませんでした（{status}）",
                           f"the platform could not {action} ({status})")
    comment.state = RESULT_STATE[action]
    comment.reviewed_by = reviewer.name
    comment.reviewed_at = utcnow()
    return comment


def review_queue(session: Session) -> list[Comment]:
    return list(session.scalars(select(Comment).where(Comment.state == "pending_review")
                                .order_by(Comment.id)))


def account_ids(settings: Settings) -> list[int]:
    with session_scope(settings.resolved_database_url) as session:
        return list(session.scalars(select(Account.id).order_by(Account.id)))
