"""Rate budgets enforced before the call (store and Redis buckets) and the monthly cost cap."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from connectors.base import Budget, RateLimited, Usage
from scheduler.budgets import BudgetLimiter, RedisBuckets, StoreBuckets
from scheduler.db import session_scope
from scheduler.registry import add_account, default_operator
from scheduler.settings import Settings
from tests.daemon import RedisServer
from tests.pipeline import deliveries, drain, platform, post_now, published_keys

BUDGETS = {"publish": (Budget(limit=3, window_seconds=60),)}


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    server = RedisServer(tmp_path)
    yield server.url
    server.stop()


def _limiters(kind: str, settings: Settings, redis_url: str | None) -> tuple[BudgetLimiter,
                                                                          BudgetLimiter]:
    store = StoreBuckets(settings.resolved_database_url) if kind == "store" else RedisBuckets(
        str(redis_url))
    make = lambda purpose: BudgetLimiter(store, platform="x", account="main",  # noqa: E731
                                         budgets=BUDGETS, purpose=purpose)
    return make("publish"), make("sweep")


@pytest.mark.parametrize("kind", ["store", "redis"])
def test_a_spent_budget_refuses_before_the_call_until_it_refills(
        kind: str, settings: Settings, request: pytest.FixtureRequest) -> None:
    redis_url = request.getfixturevalue("redis_url") if kind == "redis" else None
    publisher, _ = _limiters(kind, settings, redis_url)
    for _ in range(3):
        publisher.acquire("publish")
    with pytest.raises(RateLimited) as caught:
        publisher.acquire("publish")
    assert caught.value.reset_at is not None
    wait = (caught.value.reset_at - datetime.now(UTC)).total_seconds()
    assert 10 < wait <= 21  # one token refills in 60 s / 3
    publisher.acquire("read")  # another family has its own budget (none here)


@pytest.mark.parametrize("kind", ["store", "redis"])
def test_the_sweep_leaves_a_reserve_for_publishing(
        kind: str, settings: Settings, request: pytest.FixtureRequest) -> None:
    redis_url = request.getfixturevalue("redis_url") if kind == "redis" else None
    publisher, sweeper = _limiters(kind, settings, redis_url)
    sweeper.acquire("publish")
    sweeper.acquire("publish")
    with pytest.raises(RateLimited):
        sweeper.acquire("publish")  # 1 of 3 is kept for publishing
    publisher.acquire("publish")


@pytest.mark.parametrize("kind", ["store", "redis"])
def test_the_platforms_own_figures_win(kind: str, settings: Settings,
                                      request: pytest.FixtureRequest) -> None:
    redis_url = request.getfixturevalue("redis_url") if kind == "redis" else None
    publisher, _ = _limiters(kind, settings, redis_url)
    publisher.observe(Usage(family="publish", remaining=0, limit=3,
                            reset_at=datetime.now(UTC) + timedelta(minutes=15)))
    with pytest.raises(RateLimited):
        publisher.acquire("publish")


def test_an_account_budget_holds_the_rest_until_it_refills(settings: Settings) -> None:
    with session_scope(settings.resolved_database_url) as session:
        add_account(session, name="main", platform="mock", actor=default_operator(session),
                    options={"budget.publish.limit": 2, "budget.publish.window": 3600})
    ids = [post_now(settings, ["main"], f"お知らせ {n}") for n in range(3)]
    drain(settings)
    assert len(published_keys(settings)) == 2  # the third never reached the platform
    [third] = deliveries(settings, ids[2])
    assert third.state == "scheduled" and "rate limited" in (third.last_error or "")
    assert third.next_attempt_at > datetime.now(UTC) + timedelta(minutes=20)


def test_the_monthly_cost_cap_holds_publishing_for_a_person(settings: Settings) -> None:
    with session_scope(settings.resolved_database_url) as session:
        add_account(session, name="x-like", platform="mock", actor=default_operator(session),
                    options={"cost.publish": 0.5, "monthly_cost_cap_usd": 1.0})
    ids = [post_now(settings, ["x-like"], f"お知らせ {n}") for n in range(3)]
    drain(settings)
    assert len(published_keys(settings)) == 2  # $1.00 spent: the cap holds the third
    [third] = deliveries(settings, ids[2])
    assert third.state == "scheduled"
    assert "上限" in (third.last_error or "")
    assert "accounts resume" in (third.last_error or "")
    assert platform(settings).snapshot()["accounts"]["x-like"]["posts"][1]["text"] == "お知らせ 1"


def test_a_platform_figure_sets_only_the_window_it_describes(settings: Settings) -> None:
    """X's 15-minute ``remaining`` must not drain the app's 24-hour bucket."""
    budgets = {"publish": (Budget(limit=100, window_seconds=900),
                           Budget(limit=10_000, window_seconds=86_400, scope="app"))}
    store = StoreBuckets(settings.resolved_database_url)
    limiter = BudgetLimiter(store, platform="x", account="main", budgets=budgets)
    limiter.observe(Usage(family="publish", remaining=0, limit=100))
    other = BudgetLimiter(store, platform="x", account="kanko", budgets=budgets)
    other.acquire("publish")  # another account still has the app's daily budget
    with pytest.raises(RateLimited):
        limiter.acquire("publish")
