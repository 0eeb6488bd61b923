"""Rate budgets shared by every worker, enforced before each platform call.

A token bucket per (scope, account or app, endpoint family), with the platform's published
limits as defaults (``Connector.default_budgets``) and account options able to override them
(``budget.<family>.limit`` / ``budget.<family>.window``). Buckets live in Redis when the
broker is Redis (one atomic Lua script), and in the store otherwise.

Publishing never waits for a sweep: the sweep may only spend what is left above a reserve
kept for publishing (``SWEEP_RESERVE``) in the families both use.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from connectors.base import Budget, RateLimited, Usage
from scheduler.db import session_scope
from scheduler.models import RateBucket

#: the share of a shared bucket that only publishing may spend
SWEEP_RESERVE = 0.3

_LUA = """
local tokens = tonumber(redis.call('HGET', KEYS[1], 't') or ARGV[1])
local stamp = tonumber(redis.call('HGET', KEYS[1], 's') or ARGV[3])
local capacity, rate, now, cost, floor = tonumber(ARGV[1]), tonumber(ARGV[2]),
  tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
tokens = math.min(capacity, tokens + math.max(0, now - stamp) * rate)
local ok = 0
if tokens - cost >= floor then tokens = tokens - cost; ok = 1 end
redis.call('HSET', KEYS[1], 't', tokens, 's', now)
redis.call('EXPIRE', KEYS[1], math.ceil(capacity / rate) + 60)
return {ok, tostring(tokens)}
"""


class BucketStore(Protocol):
    def take(self, key: str, capacity: float, rate: float, cost: float,
             floor: float) -> tuple[bool, float]: ...

    def set_tokens(self, key: str, tokens: float) -> None: ...


class RedisBuckets:
    def __init__(self, url: str) -> None:
        import redis

        self.client = redis.Redis.from_url(url)
        self.script = self.client.register_script(_LUA)

    def take(self, key: str, capacity: float, rate: float, cost: float,
             floor: float) -> tuple[bool, float]:
        ok, tokens = self.script(keys=[f"kohogate:budget:{key}"],
                                 args=[capacity, rate, time.time(), cost, floor])
        return bool(ok), float(tokens)

    def set_tokens(self, key: str, tokens: float) -> None:
        self.client.hset(f"kohogate:budget:{key}", mapping={"t": tokens, "s": time.time()})


class StoreBuckets:
    """The embedded fallback: the same bucket arithmetic in a row of the store, under the
    row's lock (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite serialises writers)."""

    def __init__(self, database_url: str) -> None:
        self.url = database_url

    def take(self, key: str, capacity: float, rate: float, cost: float,
             floor: float) -> tuple[bool, float]:
        now = datetime.now(UTC)
        with session_scope(self.url) as session:
            bucket = session.get(RateBucket, key, with_for_update=True)
            if bucket is None:
                bucket = RateBucket(key=key, tokens=capacity, updated_at=now)
                session.add(bucket)
            elapsed = max(0.0, (now - bucket.updated_at).total_seconds())
            tokens = min(capacity, bucket.tokens + elapsed * rate)
            ok = tokens - cost >= floor
            bucket.tokens = tokens - cost if ok else tokens
            bucket.updated_at = now
            return ok, bucket.tokens

    def set_tokens(self, key: str, tokens: float) -> None:
        with session_scope(self.url) as session:
            bucket = session.get(RateBucket, key, with_for_update=True)
            if bucket is None:
                session.add(RateBucket(key=key, tokens=tokens, updated_at=datetime.now(UTC)))
            else:
                bucket.tokens, bucket.updated_at = tokens, datetime.now(UTC)


@dataclass(frozen=True)
class _Rule:
    key: str
    capacity: float
    rate: float  # tokens per second
    scope: str
    window_seconds: int


def budgets_for(defaults: Mapping[str, tuple[Budget, ...]],
                options: Mapping[str, Any]) -> dict[str, tuple[Budget, ...]]:
    """The connector's published limits, with per-account overrides from its options."""
    result = dict(defaults)
    for family, budgets in defaults.items():
        limit = options.get(f"budget.{family}.limit")
        window = options.get(f"budget.{family}.window")
        if limit is not None or window is not None:
            first = budgets[0]
            result[family] = (Budget(limit=int(limit or first.limit),
                                     window_seconds=int(window or first.window_seconds),
                                     scope=first.scope), *budgets[1:])
    return result


class BudgetLimiter:
    """The :class:`connectors.base.Limiter` the scheduler hands to connectors."""

    def __init__(self, store: BucketStore, *, platform: str, account: str,
                 budgets: Mapping[str, tuple[Budget, ...]], purpose: str = "publish") -> None:
        self.store = store
        self.platform = platform
        self.account = account
        self.budgets = budgets
        self.purpose = purpose
        self.usage: list[Usage] = []

    def _rules(self, family: str) -> list[_Rule]:
        rules = []
        for budget in self.budgets.get(family, ()):
            owner = self.account if budget.scope == "account" else "app"
            rules.append(_Rule(key=f"{self.platform}:{owner}:{family}:{budget.window_seconds}",
                               capacity=float(budget.limit),
                               rate=budget.limit / budget.window_seconds,
                               scope=budget.scope, window_seconds=budget.window_seconds))
        return rules

    def acquire(self, family: str, cost: int = 1) -> None:
        for rule in self._rules(family):
            floor = rule.capacity * SWEEP_RESERVE if self.purpose == "sweep" else 0.0
            ok, tokens = self.store.take(rule.key, rule.capacity, rule.rate, cost, floor)
            if not ok:
                wait = (cost + floor - tokens) / rule.rate
                raise RateLimited(
                    f"our own budget for {family} is spent ({rule.key})",
                    reset_at=datetime.now(UTC) + timedelta(seconds=max(1.0, wait)),
                    operator_message=(f"{self.account} の {family} の利用上限に達したため、"
                                      f"約{max(1, round(wait))}秒後に再開します。"),
                )

    def observe(self, usage: Usage) -> None:
        """The platform's own figures win over our estimate: a header saying only N calls
        remain sets to N the one bucket it describes — the one with that limit, else this
        account's shortest window — never the app-wide ones of other windows."""
        self.usage.append(usage)
        if usage.remaining is None:
            return
        rules = self._rules(usage.family)
        described = [r for r in rules if usage.limit is not None and r.capacity == usage.limit]
        if not described:
            own = sorted((r for r in rules if r.scope == "account"),
                         key=lambda r: r.window_seconds)
            described = own[:1]
        for rule in described:
            self.store.set_tokens(rule.key, float(usage.remaining))
