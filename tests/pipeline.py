"""Test helpers that drive the real scheduler functions the way the Celery tasks do,
in-process, so that store tests are deterministic."""

from __future__ import annotations

from datetime import datetime

from connectors.mock import MockPlatform
from scheduler.db import session_scope
from scheduler.dispatcher import run_dispatch
from scheduler.models import Delivery, Post
from scheduler.posts import create_post, submit_post
from scheduler.publishing import publish_batch, reconcile
from scheduler.registry import add_account, default_operator
from scheduler.settings import Settings


def run_jobs_once(settings: Settings) -> int:
    """One dispatcher pass and every job it hands out, as the worker would run them."""
    jobs = run_dispatch(settings)
    for job in jobs:
        if job.task == "publish":
            publish_batch(settings, job.delivery_ids, job.token)
        else:
            for delivery_id in job.delivery_ids:
                reconcile(settings, delivery_id)
    return len(jobs)


def drain(settings: Settings, rounds: int = 50) -> None:
    for _ in range(rounds):
        if not run_jobs_once(settings):
            return


def make_accounts(settings: Settings, *names: str, platform: str = "mock") -> None:
    with session_scope(settings.resolved_database_url) as session:
        for name in names:
            add_account(session, name=name, platform=platform, actor=default_operator(session))


def post_now(settings: Settings, accounts: list[str], text: str, *,
             at: str | None = None, category: str = "other", submit: bool = True,
             author_name: str | None = None, needs_approval: bool = False) -> int:
    from scheduler.registry import get_user

    with session_scope(settings.resolved_database_url) as session:
        author = get_user(session, author_name) if author_name else default_operator(session)
        post = create_post(session, settings, author=author, account_names=accounts,
                           text=text, at=at, category=category,
                           needs_approval=needs_approval)
        if submit:
            submit_post(session, settings, post.id, author)
        return post.id


def deliveries(settings: Settings, post_id: int) -> list[Delivery]:
    with session_scope(settings.resolved_database_url) as session:
        post = session.get(Post, post_id)
        assert post is not None
        return list(post.deliveries)


def platform(settings: Settings) -> MockPlatform:
    return MockPlatform(settings.resolved_mock_state_path)


def published_keys(settings: Settings) -> list[str]:
    snapshot = platform(settings).snapshot()
    return [p["idempotency_key"] for held in snapshot["accounts"].values()
            for p in held["posts"]]


def set_due(settings: Settings, delivery_id: int, when: datetime) -> None:
    with session_scope(settings.resolved_database_url) as session:
        delivery = session.get(Delivery, delivery_id)
        assert delivery is not None
        delivery.next_attempt_at = when
