"""The comment sweep (第4.5): fetch new comments on our posts, judge, act, keep evidence.

One sweep per account at a time (a lease). Each page is one unit of work: its new
comments are judged and stored together (their verdicts kept whatever the platform does
next), then the hides are done, then the account's cursor moves past the page — only if
every comment on it was fully handled, so a failure means the page is read again, and
handling is idempotent (a comment is stored once, an action done once). The sweep reads
until nothing is new, its rate budget is spent or its time is up; the webhook path
(:func:`judge_delivered`) handles one comment the moment the platform reports it, through
the same steps.

A city must not censor criticism: only confident matches are hidden automatically; unsure
ones wait in a person's review queue.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from connectors.base import AuthExpired, Connector, ConnectorError, RateLimited, RemoteComment
from scheduler import leases
from scheduler.connecting import connector_for, limiter_for
from scheduler.costs import record_usage
from scheduler.db import session_scope
from scheduler.enums import ActionStatus, AuthStatus, CommentEvent, CommentState, DeliveryState
from scheduler.errors import NotFound
from scheduler.gate import check_comment
from scheduler.health import mark_auth_expired
from scheduler.models import Account, Comment, Delivery, User, utcnow
from scheduler.moderation import act_on_platform
from scheduler.registry import get_account, list_accounts
from scheduler.rights import Operation, require
from scheduler.settings import Settings
from scheduler.states import judged, move_comment

log = logging.getLogger(__name__)

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
        if account.auth_status != AuthStatus.OK:
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


def watched_posts(session: Session, account_id: int) -> dict[str, Delivery]:
    """Our published posts on this account whose comments are still watched."""
    return {
        d.remote_id: d for d in session.scalars(
            select(Delivery).where(Delivery.account_id == account_id,
                                   Delivery.state == DeliveryState.PUBLISHED,
                                   Delivery.published_at >= utcnow() - WATCH_WINDOW))
        if d.remote_id
    }


def _sweep(session: Session, settings: Settings, account: Account, report: SweepReport) -> None:
    watched = watched_posts(session, account.id)
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
    deadline = time.monotonic() + settings.task_time_limit * 0.6
    while time.monotonic() < deadline:
        try:
            page = connector.fetch_comments(account.comment_cursor, tuple(watched))
        except AuthExpired as exc:
            mark_auth_expired(session, account, exc)
            report.errors.append(exc.operator_message or str(exc))
            return
        except RateLimited as exc:  # the budget is spent: the rest waits for next time
            log.info("sweep of %s paused: %s", account.name, exc)
            return
        except ConnectorError as exc:
            report.errors.append(f"fetch: {exc}")
            return
        report.fetched += len(page.comments)
        try:
            complete = handle_comments(session, settings, connector, account, page.comments,
                                       watched, report)
        except IntegrityError:  # a webhook stored one of them first: read the page again
            session.rollback()
            complete = handle_comments(session, settings, connector, account, page.comments,
                                       watched, report)
        if not complete:
            return  # the cursor stays; the page is read again next time
        exhausted = not page.comments or page.cursor == account.comment_cursor
        account.comment_cursor = page.cursor
        session.commit()
        if exhausted:
            return


def handle_comments(session: Session, settings: Settings, connector: Connector,
                    account: Account, remotes: Sequence[RemoteComment],
                    watched: dict[str, Delivery], report: SweepReport) -> bool:
    """Judge and store the new ones in one unit of work, then hide what must be hidden.
    False when some comment could not be fully handled now."""
    known = {c.platform_id: c for c in session.scalars(select(Comment).where(
        Comment.account_id == account.id,
        Comment.platform_id.in_([r.remote_id for r in remotes])))} if remotes else {}
    fresh = [_judge(settings, account, remote, watched.get(remote.post_remote_id))
             for remote in remotes if remote.remote_id not in known]
    judged(session, fresh, actor="sweep")
    for comment, decision, _ in fresh:
        known[comment.platform_id] = comment
        report.allowed += decision == "allow"
        report.review += decision == "review"
    session.commit()  # every verdict is kept, whatever the platform does next
    complete = True
    for remote in remotes:
        comment = known[remote.remote_id]
        if comment.state != CommentState.HIDE_PENDING:
            continue
        result = act_on_platform(session, connector, comment, CommentEvent.HIDE,
                                 actor="sweep", remote=remote)
        if result.status is ActionStatus.DONE:
            report.hidden += 1
        elif result.status is ActionStatus.UNSUPPORTED:
            move_comment(session, comment, CommentEvent.UNSUPPORTED, actor="sweep",
                         message="プラットフォームが非表示に対応していないため確認待ちにします")
            report.review += 1
        else:
            report.errors.append(f"hide {remote.remote_id}: {result.status}")
            complete = False
    session.commit()
    return complete


def _judge(settings: Settings, account: Account, remote: RemoteComment,
           delivery: Delivery | None) -> tuple[Comment, str, dict[str, object]]:
    verdict = check_comment(remote.text, remote.author.name, remote.author.handle,
                            delivery.post.text if delivery else None, account,
                            settings.policy_path)
    comment = Comment(
        account_id=account.id, platform_id=remote.remote_id,
        post_remote_id=remote.post_remote_id,
        delivery_id=delivery.id if delivery else None, author_id=remote.author.remote_id,
        author_name=remote.author.name, author_handle=remote.author.handle,
        text=remote.text, decision=verdict.decision, grounds=list(verdict.grounds),
        citations=list(verdict.citations), verdict=verdict.to_dict())
    cited = {"grounds": list(verdict.grounds), "citations": list(verdict.citations),
             "evidence": comment.verdict["evidence"], "platform_id": remote.remote_id,
             "account": account.name}
    return comment, verdict.decision, cited


def run_sweep(settings: Settings, session: Session, *, actor: User,
              account: str | None = None) -> list[SweepReport]:
    """Sweep now, one account or every account the person works on."""
    targets = [get_account(session, account)] if account else list_accounts(session,
                                                                             viewer=actor)
    for target in targets:
        require(actor, Operation.SWEEP_RUN, account=target)
    ids = [t.id for t in targets]
    session.commit()
    return [sweep_account(settings, account_id) for account_id in ids]


def account_ids(settings: Settings) -> list[int]:
    with session_scope(settings.resolved_database_url) as session:
        return list(session.scalars(select(Account.id).order_by(Account.id)))
