"""Acting on comments (第4.5): what the sweep does automatically and what a person decides.

Every action is done on the platform first and then recorded — the action row, the
comment's new state and the audit event, citing the article of its ground with the
evidence kept. A person may act only on the accounts they work on (第3), and undo what the
platform lets them undo.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from connectors.base import (
    AuthExpired,
    Author,
    Connector,
    ConnectorError,
    RemoteComment,
    Unsupported,
)
from scheduler import audit
from scheduler.connecting import connector_for
from scheduler.enums import ActionStatus, CommentEvent, CommentState
from scheduler.errors import InvalidInput, InvalidState, NotFound
from scheduler.gate import policy_for
from scheduler.health import mark_auth_expired
from scheduler.models import Comment, ModerationAction, User, utcnow
from scheduler.rights import Operation, allowed, require, visible_accounts
from scheduler.settings import Settings
from scheduler.states import COMMENT_TRANSITIONS, move_comment

#: what a person can ask for, and which of them need a ground of 第4.5
REVIEW_ACTIONS: tuple[CommentEvent, ...] = (
    CommentEvent.HIDE, CommentEvent.DELETE, CommentEvent.BLOCK, CommentEvent.MUTE,
    CommentEvent.CLEAR, CommentEvent.UNHIDE, CommentEvent.UNBLOCK, CommentEvent.UNMUTE)
NEEDS_GROUND = frozenset({CommentEvent.HIDE, CommentEvent.DELETE, CommentEvent.BLOCK,
                          CommentEvent.MUTE})
#: actions on the author rather than on the comment
ON_AUTHOR = frozenset({CommentEvent.BLOCK, CommentEvent.MUTE, CommentEvent.UNBLOCK,
                       CommentEvent.UNMUTE})


@dataclass(frozen=True)
class ActionResult:
    status: ActionStatus
    error: str | None = None


def remote_of(comment: Comment) -> RemoteComment:
    return RemoteComment(
        remote_id=comment.platform_id, post_remote_id=comment.post_remote_id,
        author=Author(remote_id=comment.author_id, name=comment.author_name,
                      handle=comment.author_handle),
        text=comment.text)


def act_on_platform(session: Session, connector: Connector, comment: Comment,
                    action: CommentEvent, *, actor: str,
                    remote: RemoteComment | None = None) -> ActionResult:
    """Do one moderation action on the platform and keep the attempt, citing its article.
    The comment's state moves only when the platform did it."""
    target = remote or remote_of(comment)
    status, error = ActionStatus.DONE, None
    try:
        if action in ON_AUTHOR:
            getattr(connector, action.value)(target.author)
        else:
            getattr(connector, action.value)(target)
    except Unsupported as exc:
        status, error = ActionStatus.UNSUPPORTED, exc.operator_message
    except AuthExpired as exc:
        mark_auth_expired(session, comment.account, exc)
        status, error = ActionStatus.FAILED, exc.operator_message
    except ConnectorError as exc:
        status, error = ActionStatus.FAILED, str(exc)
    session.add(ModerationAction(comment_id=comment.id, action=action, actor=actor,
                                 grounds=list(comment.grounds),
                                 citations=list(comment.citations), status=status,
                                 error=error))
    evidence = list(comment.verdict.get("evidence", []))
    cited: dict[str, Any] = {"grounds": list(comment.grounds), "citations": list(comment.citations),
             "evidence": evidence, "platform_id": comment.platform_id, "status": status}
    if status is ActionStatus.DONE:
        move_comment(session, comment, action, actor=actor, **cited)
    else:
        audit.record(session, actor=actor, kind=f"moderation.{action}", subject_type="comment",
                     subject_id=comment.id, message=error, **cited)
    return ActionResult(status, error)


def get_comment(session: Session, comment_id: int, viewer: User | None = None) -> Comment:
    comment = session.get(Comment, comment_id)
    if comment is None or (viewer is not None and not allowed(
            viewer, Operation.COMMENT_VIEW, account=comment.account)):
        raise NotFound(f"コメント {comment_id} はありません", f"no comment {comment_id}")
    return comment


def decide_review(session: Session, settings: Settings, comment_id: int, action: str,
                  reviewer: User, grounds: list[str] | None = None) -> Comment:
    """A person's decision on a comment (or the reversal of an automatic hide)."""
    try:
        chosen = CommentEvent(action)
    except ValueError:
        chosen = None
    if chosen not in REVIEW_ACTIONS:
        names = ", ".join(REVIEW_ACTIONS)
        raise InvalidInput(f"未知の操作「{action}」(選択肢: {names})",
                           f"unknown action {action!r}; known: {names}")
    assert chosen is not None
    comment = get_comment(session, comment_id, viewer=reviewer)
    require(reviewer, Operation.COMMENT_DECIDE, account=comment.account)
    if chosen not in COMMENT_TRANSITIONS.get(comment.state, {}):
        if chosen is CommentEvent.UNHIDE:
            raise InvalidState("非表示になっていないコメントは再表示できません",
                               "only a hidden comment can be unhidden")
        raise InvalidState(f"状態「{comment.state}」のコメントには「{chosen}」できません",
                           f"a comment that is {comment.state} cannot be {chosen}")
    if grounds:
        policy = policy_for(settings.policy_path)
        unknown = [g for g in grounds if g not in policy.comment_grounds]
        if unknown:
            raise InvalidInput(f"第4.5にない根拠です: {', '.join(unknown)}",
                               f"not a ground of 第4.5: {', '.join(unknown)}")
        comment.grounds = list(grounds)
        comment.citations = [policy.article(g) for g in grounds]
    if chosen in NEEDS_GROUND and not comment.grounds:
        raise InvalidInput("削除等には第4.5の根拠 (--ground) が必要です",
                           "hiding, deleting or blocking needs a 第4.5 ground (--ground)")
    if chosen is CommentEvent.CLEAR:
        move_comment(session, comment, chosen, actor=reviewer.name,
                     grounds=list(comment.grounds), citations=list(comment.citations))
    else:
        result = act_on_platform(session, connector_for(comment.account, settings), comment,
                                 chosen, actor=reviewer.name)
        if result.status is not ActionStatus.DONE:
            raise InvalidState(
                f"プラットフォームで「{chosen}」できませんでした（{result.status}）",
                f"the platform could not {chosen} ({result.status})")
    comment.reviewed_by = reviewer.name
    comment.reviewed_at = utcnow()
    return comment


def review_queue(session: Session, viewer: User | None = None) -> list[Comment]:
    """Comments waiting for a person, oldest first; for a person, only their accounts'."""
    query = (select(Comment).join(Comment.account)
             .where(Comment.state == CommentState.PENDING_REVIEW).order_by(Comment.id))
    if viewer is not None:
        query = query.where(visible_accounts(viewer))
    return list(session.scalars(query))
