"""Rows the console tests act on, made through the same scheduler operations the faces
call (the only shortcut: a comment stored as the sweep would store it)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from scheduler.db import session_scope
from scheduler.enums import CommentState
from scheduler.filings import file_application
from scheduler.models import Comment, User
from scheduler.posts import cancel_post
from scheduler.registry import get_account
from scheduler.settings import Settings
from scheduler.signin import create_token
from scheduler.submissions import create_submission
from tests.pipeline import post_now


@dataclass(frozen=True)
class Seeded:
    awaiting: int
    cancelled: int
    comment: int
    submission: int
    filing: int
    token: int


def user(session: object, name: str) -> User:
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    found = session.scalar(select(User).where(User.name == name))
    assert found is not None
    return found


def seed(settings: Settings) -> Seeded:
    awaiting = post_now(settings, ["kanko"], "観光課として来年度の方針をお知らせします",
                        author_name="suzuki", needs_approval=True)
    cancelled = post_now(settings, ["kanko"], "紅葉まつりのお知らせ", author_name="suzuki",
                         at="2031-11-01T09:00")
    with session_scope(settings.resolved_database_url) as session:
        cancel_post(session, cancelled, user(session, "suzuki"))
        comment = Comment(account_id=get_account(session, "kanko").id, platform_id="c-1",
                          post_remote_id="r-1", author_id="u-1", author_name="利用者",
                          author_handle="someone", text="あの店はつぶれるらしいよ",
                          decision="review", grounds=["rumor"], citations=["第4.5(5)"],
                          verdict={"decision": "review", "evidence": [
                              {"ground": "rumor", "citation": "第4.5(5)", "start": 4,
                               "end": 11, "span": "つぶれるらしい", "detector": "test",
                               "confidence": 0.6, "note": None}]},
                          state=CommentState.PENDING_REVIEW)
        session.add(comment)
        submission = create_submission(session, settings, author=user(session, "suzuki"),
                                       title="紅葉まつり", body="11月に紅葉まつりを開催します",
                                       category="event")
        filing = file_application(session, settings, actor=user(session, "tanaka"),
                                  number="12", platform="instagram",
                                  categories=["pr", "event"], content="観光情報",
                                  handle="mine_kanko", password="s3cret-pass",
                                  url="https://www.instagram.com/mine_kanko/",
                                  email="kanko@city.mine.lg.jp", title="美祢市観光課",
                                  comment_policy="原則として返信しません",
                                  planned_start="2027-04-01")
        token = create_token(session, actor=user(session, "koho"), name="matrix")
        session.flush()
        return Seeded(awaiting=awaiting, cancelled=cancelled, comment=comment.id,
                      submission=submission.id, filing=filing.id, token=token.token_id)
