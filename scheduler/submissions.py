"""Information a section hands to the office for the main account (第4.2(3)).

The office is to publish what it judges fit "出来るだけ速やかに", so its inbox is ordered by
age, oldest first, and turning a submission into a post is one step. What it judges unfit
goes back to the section with the reason, which the section sees next to its submission.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from policy_gate.types import CATEGORIES, Verdict
from scheduler import audit
from scheduler.drafting import compose_post
from scheduler.enums import SubmissionState
from scheduler.errors import Forbidden, InvalidField, InvalidInput, InvalidState, NotFound
from scheduler.models import Post, Submission, User, utcnow
from scheduler.rights import Operation, allowed, require
from scheduler.settings import Settings
from scheduler.timeparse import parse_local_time

STATES = tuple(SubmissionState)
STATE_LABELS_JA = {SubmissionState.SUBMITTED: "提供済み（推進室の確認待ち）",
                   SubmissionState.RETURNED: "差し戻し", SubmissionState.CONVERTED: "投稿済み",
                   SubmissionState.WITHDRAWN: "取り下げ"}
MAX_TITLE = 200


def create_submission(session: Session, settings: Settings, *, author: User, title: str,
                      body: str, category: str = "other", link: str | None = None,
                      desired_at: str | None = None) -> Submission:
    require(author, Operation.SUBMISSION_CREATE, section=author.section)
    assert author.section is not None
    title, body = title.strip(), body.strip()
    if not title:
        raise InvalidField("件名を入力してください", "the title is empty", "title")
    if len(title) > MAX_TITLE:
        raise InvalidField(f"件名は{MAX_TITLE}文字以内にしてください",
                           f"the title is over {MAX_TITLE} characters", "title")
    if not body:
        raise InvalidField("内容を入力してください", "the body is empty", "body")
    if len(body) > settings.max_text_length:
        raise InvalidField(f"内容は{settings.max_text_length}文字以内にしてください",
                           f"the body is over {settings.max_text_length} characters", "body")
    if category not in CATEGORIES:
        raise InvalidField(f"発信区分「{category}」は選べません", f"unknown category {category!r}",
                           "category")
    link = (link or "").strip() or None
    if link and not link.startswith(("https://", "http://")):
        raise InvalidField("リンクは http(s):// で始まるURLにしてください",
                           "the link must be an http(s) URL", "link")
    desired: datetime | None = None
    if (desired_at or "").strip():
        try:
            desired = parse_local_time(desired_at or "", settings.timezone)
        except InvalidInput as exc:
            raise InvalidField.of(exc, "desired_at") from None
    submission = Submission(section=author.section, author_id=author.id, title=title,
                            body=body, category=category, link=link, desired_at=desired,
                            state=SubmissionState.SUBMITTED)
    session.add(submission)
    session.flush()
    audit.record(session, actor=author.name, kind="submission.created",
                 subject_type="submission", subject_id=submission.id,
                 section=author.section, title=title, citation="第4.2(3)")
    return submission


def get_submission(session: Session, submission_id: int, viewer: User) -> Submission:
    submission = session.get(Submission, submission_id)
    if submission is None or not allowed(viewer, Operation.SUBMISSION_VIEW,
                                         section=submission.section):
        raise NotFound(f"情報提供 {submission_id} はありません",
                       f"no submission {submission_id}")
    return submission


def list_submissions(session: Session, viewer: User, *,
                     states: Sequence[str] | None = None, limit: int = 200) -> list[Submission]:
    """The office sees every section's, oldest waiting first; a section its own, newest
    first."""
    require(viewer, Operation.SUBMISSION_VIEW, section=viewer.section)
    query = select(Submission).limit(limit)
    if states:
        query = query.where(Submission.state.in_(list(states)))
    if allowed(viewer, Operation.SUBMISSION_PROCESS):
        query = query.order_by(Submission.created_at, Submission.id)
    else:
        query = query.where(Submission.section == viewer.section).order_by(
            Submission.id.desc())
    return list(session.scalars(query))


def _waiting(session: Session, submission_id: int, actor: User) -> Submission:
    submission = get_submission(session, submission_id, actor)
    require(actor, Operation.SUBMISSION_PROCESS)
    if submission.state != SubmissionState.SUBMITTED:
        raise InvalidState(f"情報提供 {submission_id} は処理済みです（{submission.state}）",
                           f"submission {submission_id} is already {submission.state}")
    return submission


def return_submission(session: Session, submission_id: int, actor: User,
                      reason: str) -> Submission:
    submission = _waiting(session, submission_id, actor)
    reason = reason.strip()
    if not reason:
        raise InvalidField("差し戻す理由を書いてください", "give the reason for returning it",
                           "reason")
    submission.state, submission.reason = SubmissionState.RETURNED, reason
    submission.handled_by_id, submission.handled_at = actor.id, utcnow()
    audit.record(session, actor=actor.name, kind="submission.returned",
                 subject_type="submission", subject_id=submission.id, message=reason,
                 section=submission.section, citation="第4.2(3)")
    return submission


def convert_submission(session: Session, settings: Settings, submission_id: int, actor: User,
                       *, accounts: Sequence[str], text: str | None = None,
                       at: str | None = None, category: str | None = None,
                       needs_approval: bool = False) -> tuple[Post, Verdict | None]:
    """One step from a section's information to a submitted post on the office's account;
    the post meets the gate like any other."""
    submission = _waiting(session, submission_id, actor)
    body = text if text is not None and text.strip() else _post_text(submission)
    post, verdict = compose_post(
        session, settings, author=actor, accounts=accounts, text=body,
        at=at or None, category=category or submission.category,
        needs_approval=needs_approval,
        image_urls=[m["url"] for m in submission.media or [] if m.get("url")])
    submission.state, submission.post_id = SubmissionState.CONVERTED, post.id
    submission.handled_by_id, submission.handled_at = actor.id, utcnow()
    audit.record(session, actor=actor.name, kind="submission.converted",
                 subject_type="submission", subject_id=submission.id, post_id=post.id,
                 section=submission.section, citation="第4.2(3)")
    return post, verdict


def _post_text(submission: Submission) -> str:
    return submission.body + (f"\n{submission.link}" if submission.link else "")


def withdraw_submission(session: Session, submission_id: int, actor: User) -> Submission:
    submission = get_submission(session, submission_id, actor)
    require(actor, Operation.SUBMISSION_CREATE, section=submission.section)
    if submission.author_id != actor.id and actor.section != submission.section:
        raise Forbidden("他の所属の情報提供は取り下げられません",
                        "only the submitting section may withdraw it")
    if submission.state not in (SubmissionState.SUBMITTED, SubmissionState.RETURNED):
        raise InvalidState(f"情報提供 {submission_id} は取り下げられません（{submission.state}）",
                           f"submission {submission_id} is {submission.state}")
    submission.state = SubmissionState.WITHDRAWN
    audit.record(session, actor=actor.name, kind="submission.withdrawn",
                 subject_type="submission", subject_id=submission.id,
                 section=submission.section)
    return submission
