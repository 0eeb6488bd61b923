"""Drafting, submitting and 決裁, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from scheduler.db import session_scope
from scheduler.errors import Forbidden, InvalidInput, InvalidState, NotFound
from scheduler.models import AuditEvent, Post
from scheduler.posts import approve_post, create_post, submit_post
from scheduler.registry import add_account, add_user, default_operator, get_user
from scheduler.settings import Settings
from tests.pipeline import deliveries, drain, make_accounts, post_now, published_keys


def _count_posts(settings: Settings) -> int:
    with session_scope(settings.resolved_database_url) as session:
        return session.scalar(select(func.count(Post.id))) or 0


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"account_names": ["nowhere"]}, NotFound, "nowhere"),
        ({"text": ""}, InvalidInput, "空"),
        ({"text": "   \n "}, InvalidInput, "空"),
        ({"text": "あ" * 5001}, InvalidInput, "1文字超え"),
        ({"text": "bad\x00text"}, InvalidInput, "NUL"),
        ({"text": "lone \ud800 surrogate"}, InvalidInput, "サロゲート"),
        ({"at": "2020-01-01T09:00"}, InvalidInput, "過去"),
        ({"at": "next tuesday"}, InvalidInput, "読み取れません"),
        ({"at": "2026-13-45T99:00"}, InvalidInput, "読み取れません"),
        ({"category": "gossip"}, InvalidInput, "発信区分"),
        ({"account_names": []}, InvalidInput, "--account"),
    ],
)
def test_bad_input_is_refused_clearly_and_changes_nothing(
        settings: Settings, kwargs: dict, error: type, words: str) -> None:
    make_accounts(settings, "main")
    base = {"account_names": ["main"], "text": "美祢市からのお知らせです", "at": None,
            "category": "pr"}
    with pytest.raises(error) as caught, session_scope(settings.resolved_database_url) as s:
        create_post(s, settings, author=default_operator(s), **{**base, **kwargs})
    assert words in caught.value.ja
    assert caught.value.en  # English is there too
    assert _count_posts(settings) == 0


def test_x_weighted_length_is_checked_at_creation(settings: Settings) -> None:
    make_accounts(settings, "main")
    with session_scope(settings.resolved_database_url) as session:
        add_account(session, name="x-main", platform="x", actor=default_operator(session))
    with pytest.raises(InvalidInput) as caught, session_scope(
            settings.resolved_database_url) as session:
        create_post(session, settings, author=default_operator(session),
                    account_names=["main", "x-main"], text="あ" * 150)
    assert "x-main" in caught.value.ja
    assert _count_posts(settings) == 0


def test_allowed_post_is_scheduled_and_published_once_with_its_story(
        settings: Settings) -> None:
    make_accounts(settings, "main", "sightseeing")
    post_id = post_now(settings, ["main", "sightseeing"], "秋吉台の山焼きは2月に行われます")
    assert {d.state for d in deliveries(settings, post_id)} == {"scheduled"}
    drain(settings)
    published = deliveries(settings, post_id)
    assert {d.state for d in published} == {"published"}
    assert all(d.remote_id and d.attempts == 1 for d in published)
    assert sorted(published_keys(settings)) == sorted(d.idempotency_key for d in published)
    with session_scope(settings.resolved_database_url) as session:
        kinds = list(session.scalars(select(AuditEvent.kind).where(
            AuditEvent.subject_type == "delivery").order_by(AuditEvent.id)))
    assert kinds.count("delivery.ok") == 2
    assert kinds.index("delivery.schedule") < kinds.index("delivery.queue") < kinds.index(
        "delivery.claim") < kinds.index("delivery.ok")


def _people(settings: Settings) -> None:
    with session_scope(settings.resolved_database_url) as session:
        office = default_operator(session)
        add_account(session, name="kanko", platform="mock", kind="field", section="観光課",
                    actor=office)
        add_user(session, name="suzuki", role="section_staff", section="観光課", actor=office)
        add_user(session, name="tanaka", role="section_head", section="観光課", actor=office)
        add_user(session, name="yamada", role="section_head", section="教育課", actor=office)
        add_user(session, name="office-head", role="office_head", section="地方創生推進室",
                 actor=office)
        add_user(session, name="vendor", role="contractor", actor=office)


def test_needs_approval_waits_for_the_authors_section_head(settings: Settings) -> None:
    _people(settings)
    post_id = post_now(settings, ["kanko"], "観光課の来年度の方針についてお知らせします",
                       author_name="suzuki", needs_approval=True)
    drain(settings)
    assert [d.state for d in deliveries(settings, post_id)] == ["pending"]
    assert published_keys(settings) == []

    with session_scope(settings.resolved_database_url) as session:
        with pytest.raises(Forbidden) as caught:
            approve_post(session, post_id, get_user(session, "yamada"))
        assert "所属長" in caught.value.ja
    with session_scope(settings.resolved_database_url) as session:
        with pytest.raises(Forbidden) as caught:
            approve_post(session, post_id, get_user(session, "suzuki"))
        assert "自分" in caught.value.ja
    with session_scope(settings.resolved_database_url) as session:
        approve_post(session, post_id, get_user(session, "tanaka"), note="決裁済み")
    drain(settings)
    assert [d.state for d in deliveries(settings, post_id)] == ["published"]
    with session_scope(settings.resolved_database_url) as session:
        approval = session.scalar(select(AuditEvent).where(AuditEvent.kind == "post.approve"))
        assert approval is not None
        assert approval.actor == "tanaka" and approval.data["citation"] == "第4.6"


def test_a_section_head_cannot_approve_their_own_post(settings: Settings) -> None:
    _people(settings)
    post_id = post_now(settings, ["kanko"], "観光課からのお知らせ", author_name="tanaka",
                       needs_approval=True)
    with pytest.raises(Forbidden), session_scope(settings.resolved_database_url) as session:
        approve_post(session, post_id, get_user(session, "tanaka"))
    with session_scope(settings.resolved_database_url) as session:
        approve_post(session, post_id, get_user(session, "office-head"))


def test_approving_a_post_that_does_not_need_it_is_refused(settings: Settings) -> None:
    _people(settings)
    post_id = post_now(settings, ["kanko"], "紅葉まつりを開催します", author_name="suzuki")
    with pytest.raises(InvalidState) as caught, session_scope(
            settings.resolved_database_url) as session:
        approve_post(session, post_id, get_user(session, "tanaka"))
    assert "決裁を必要としていません" in caught.value.ja


def test_a_contractor_posts_only_where_it_is_granted(settings: Settings) -> None:
    _people(settings)
    make_accounts(settings, "main")
    with pytest.raises(Forbidden) as caught, session_scope(
            settings.resolved_database_url) as session:
        create_post(session, settings, author=get_user(session, "vendor"),
                    account_names=["main"], text="イベントのお知らせ")
    assert "main" in caught.value.ja
    with session_scope(settings.resolved_database_url) as session:
        from scheduler.registry import grant

        grant(session, user_name="vendor", account_name="kanko", actor=default_operator(session))
    post_id = post_now(settings, ["kanko"], "イベントのお知らせ", author_name="vendor")
    assert [d.state for d in deliveries(settings, post_id)] == ["scheduled"]


def test_submitting_twice_is_refused(settings: Settings) -> None:
    make_accounts(settings, "main")
    post_id = post_now(settings, ["main"], "お知らせ")
    with pytest.raises(InvalidState), session_scope(settings.resolved_database_url) as session:
        submit_post(session, settings, post_id, default_operator(session))


def test_media_travels_with_the_post_to_the_platform(settings: Settings, tmp_path: Path) -> None:
    make_accounts(settings, "main")
    photo = tmp_path / "cave.jpg"
    photo.write_bytes(b"\xff\xd8\xff")
    with session_scope(settings.resolved_database_url) as session:
        author = default_operator(session)
        post = create_post(session, settings, author=author, account_names=["main"],
                           text="秋芳洞", media=[{"url": "https://www2.city.mine.lg.jp/a.jpg"},
                                               {"path": str(photo)}])
        submit_post(session, settings, post.id, author)
    drain(settings)
    from tests.pipeline import platform

    [held] = platform(settings).snapshot()["accounts"]["main"]["posts"]
    assert held["media"] == ["image", "image"]
    with pytest.raises(InvalidInput, match="公開URL"), session_scope(
            settings.resolved_database_url) as session:
        create_post(session, settings, author=default_operator(session),
                    account_names=["main"], text="x", media=[{"url": "file:///etc/passwd"}])
