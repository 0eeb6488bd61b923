"""What waits for a person: posts awaiting their 決裁 (第4.6), comments awaiting their
review (第4.5), section submissions awaiting the office (第4.2(3)).

Every face shows these counts on every page, so people learn that something waits for
them without having to look; the queries stay small enough to run on each request.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, func, select, true
from sqlalchemy.orm import Session

from scheduler.enums import CommentState, PostState, Role, SubmissionState
from scheduler.errors import InvalidField
from scheduler.models import Comment, Post, Submission, User
from scheduler.posts import approve_post, decline_post, get_post
from scheduler.rights import (
    OFFICE,
    Operation,
    allowed,
    may_approve,
    require,
    visible_accounts,
)


@dataclass(frozen=True)
class Waiting:
    approvals: int
    reviews: int
    submissions: int

    @property
    def total(self) -> int:
        return self.approvals + self.reviews + self.submissions


def _approvable(viewer: User) -> ColumnElement[bool]:
    """Posts whose author this person may give 決裁 to, as a condition (never their own)."""
    if not viewer.active:
        return false()
    if viewer.role == Role.OFFICE_HEAD:
        return Post.author_id != viewer.id
    if viewer.role == Role.SECTION_HEAD and viewer.section:
        return Post.author.has(User.section == viewer.section) & (Post.author_id != viewer.id)
    return false()


def approval_queue(session: Session, viewer: User) -> list[Post]:
    """Posts awaiting this person's 決裁, oldest first."""
    query = (select(Post).where(Post.state == PostState.AWAITING_APPROVAL, _approvable(viewer))
             .order_by(Post.created_at, Post.id))
    return [p for p in session.scalars(query) if may_approve(viewer, p.author)]


def decide_approval(session: Session, post_id: int, approver: User, *, approve: bool,
                    reason: str | None = None) -> Post:
    """決裁 given or refused. A refusal says why, so the author knows what to change."""
    reason = (reason or "").strip() or None
    if approve:
        return approve_post(session, post_id, approver, reason)
    require(approver, Operation.POST_APPROVE, author=get_post(session, post_id).author)
    if reason is None:
        raise InvalidField("却下の理由を書いてください", "give the reason for declining", "reason")
    return decline_post(session, post_id, approver, reason)


def _reviewable(viewer: User) -> ColumnElement[bool]:
    return Comment.account.has(visible_accounts(viewer))


def _submissions_waiting(viewer: User) -> ColumnElement[bool]:
    if allowed(viewer, Operation.SUBMISSION_PROCESS):
        return Submission.state == SubmissionState.SUBMITTED
    if viewer.role in (Role.SECTION_HEAD, Role.SECTION_STAFF) and viewer.section:
        # a returned submission waits for its section to act on the reason
        return (Submission.state == SubmissionState.RETURNED) & (
            Submission.section == viewer.section)
    return false()


def waiting_counts(session: Session, viewer: User) -> Waiting:
    approvals = session.scalar(select(func.count(Post.id)).where(
        Post.state == PostState.AWAITING_APPROVAL, _approvable(viewer))) or 0
    reviews = session.scalar(select(func.count(Comment.id)).where(
        Comment.state == CommentState.PENDING_REVIEW,
        _reviewable(viewer) if viewer.role not in OFFICE else true())) or 0
    submissions = session.scalar(select(func.count(Submission.id)).where(
        _submissions_waiting(viewer))) or 0
    return Waiting(approvals=approvals, reviews=reviews, submissions=submissions)


#: states a person may still undo or take further (unhide, unblock, unmute, delete)
UNDOABLE = (CommentState.HIDDEN, CommentState.BLOCKED, CommentState.MUTED,
            CommentState.HIDE_PENDING)


def decided_comments(session: Session, viewer: User, limit: int = 50) -> list[Comment]:
    """Comments acted on (by the sweep or a person), newest first: where an undo is."""
    query = (select(Comment).where(Comment.state.in_(UNDOABLE), _reviewable(viewer))
             .order_by(Comment.id.desc()).limit(limit))
    return [c for c in session.scalars(query)
            if allowed(viewer, Operation.COMMENT_VIEW, account=c.account)]
