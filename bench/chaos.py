"""Chaos as a check: schedule posts on Redis + PostgreSQL, then kill workers, flush and
kill Redis, crash PostgreSQL — and count what the platform holds at the end.

Prints, for every fault, how long after the system was whole again publishing resumed;
then lost and duplicated deliveries, the longest stall with work due, and the lateness of
every delivery. It asserts nothing; ``tests/test_chaos.py`` runs a small plan and checks.

Run: uv run python bench/chaos.py [--posts 2000] [--accounts 4] [--spread 60]
Needs redis-server and Debian's PostgreSQL server binaries; it runs its own of each on
free ports (the PostgreSQL cluster as the ``postgres`` user when run as root).
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from connectors.mock import MockPlatform  # noqa: E402
from scheduler.db import engine_for, session_scope  # noqa: E402
from scheduler.enums import DeliveryState  # noqa: E402
from scheduler.migrate import upgrade  # noqa: E402
from scheduler.models import Delivery, utcnow  # noqa: E402
from scheduler.posts import create_post, submit_post  # noqa: E402
from scheduler.registry import add_account, default_operator  # noqa: E402
from scheduler.settings import Settings  # noqa: E402
from tests.daemon import Daemon, PostgresCluster, RedisServer, wait_for  # noqa: E402


@dataclass
class Fault:
    at: float  # seconds after the first post fell due
    name: str
    act: Callable[[Chaos], float]  # does it; returns how long until the system was whole


@dataclass
class Outcome:
    posts: int
    published: int
    lost: int
    duplicated: int
    longest_stall: float
    resumed_after: list[tuple[str, float]]
    lateness: list[float] = field(default_factory=list)

    def report(self) -> str:
        lines = [f"posts {self.posts}: published {self.published}, lost {self.lost}, "
                 f"duplicated {self.duplicated}",
                 f"longest stall with work due: {self.longest_stall:.1f} s"]
        for name, seconds in self.resumed_after:
            lines.append(f"  after {name}: publishing resumed {seconds:.1f} s after recovery")
        if self.lateness:
            ordered = sorted(self.lateness)
            p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
            lines.append(f"lateness: p50 {statistics.median(ordered):.2f} s, p99 {p99:.2f} s,"
                         f" max {ordered[-1]:.2f} s")
        return "\n".join(lines)


class Chaos:
    def __init__(self, workdir: Path, accounts: int, concurrency: int) -> None:
        self.workdir = workdir
        self.redis = RedisServer(workdir)
        self.postgres = PostgresCluster()
        upgrade(self.postgres.url)
        self.settings = Settings(data_dir=workdir / "data", database_url=self.postgres.url,
                                 broker_url=self.redis.url,
                                 mock_state_path=workdir / "mock.sqlite")
        self.names = [f"acct{n}" for n in range(accounts)]
        self.concurrency = concurrency
        env = {"KOHOGATE_DATABASE_URL": self.postgres.url,
               "KOHOGATE_BROKER_URL": self.redis.url,
               "KOHOGATE_DATA_DIR": str(workdir / "data"),
               "KOHOGATE_MOCK_STATE_PATH": str(workdir / "mock.sqlite"),
               "KOHOGATE_TASK_TIME_LIMIT": "30", "KOHOGATE_SWEEP_INTERVAL": "3600"}
        self.daemon = Daemon(env, workdir)
        self.samples: list[tuple[float, int, int]] = []  # (time, published, due and not)
        self._stop = threading.Event()

    def schedule(self, posts: int, spread: float, lead: float) -> float:
        with session_scope(self.settings.resolved_database_url) as session:
            office = default_operator(session)
            for name in self.names:
                add_account(session, name=name, platform="mock", actor=office,
                            options={"latency_ms": 5})
        start = utcnow() + timedelta(seconds=lead)
        with session_scope(self.settings.resolved_database_url) as session:
            office = default_operator(session)
            for n in range(posts):
                due = start + timedelta(seconds=spread * n / max(1, posts))
                post = create_post(session, self.settings, author=office,
                                   account_names=[self.names[n % len(self.names)]],
                                   text=f"お知らせ {n}", at=due.isoformat())
                submit_post(session, self.settings, post.id, office)
        return time.monotonic() + (start - utcnow()).total_seconds()

    def kill_workers(self) -> float:
        self.daemon.kill_workers(signal.SIGKILL)
        time.sleep(1.0)
        self.daemon.start_workers(self.concurrency)
        return 1.0

    def flush_redis(self) -> float:
        self.redis.flushall()
        return 0.0

    def restart_redis(self, down: float = 2.0) -> float:
        self.redis.kill()
        time.sleep(down)
        self.redis.start()
        return down

    def crash_postgres(self, down: float = 5.0) -> float:
        started = time.monotonic()
        self.postgres.restart(down_for=down, mode="immediate")
        return time.monotonic() - started

    def _sample(self) -> None:
        engine = engine_for(self.settings.resolved_database_url)
        while not self._stop.wait(0.25):
            try:
                with engine.connect() as connection:
                    published = connection.scalar(select(func.count()).select_from(
                        Delivery).where(Delivery.state == DeliveryState.PUBLISHED)) or 0
                    due = connection.scalar(select(func.count()).select_from(Delivery).where(
                        Delivery.state != DeliveryState.PUBLISHED,
                        Delivery.due_at <= utcnow())) or 0
            except Exception:  # the store is down: no progress can be seen
                continue
            self.samples.append((time.monotonic(), published, due))

    def run(self, posts: int, spread: float, faults: list[Fault], timeout: float) -> Outcome:
        first_due = self.schedule(posts, spread, lead=5.0)
        self.daemon.start_workers(self.concurrency)
        self.daemon.start_beat()
        sampler = threading.Thread(target=self._sample, daemon=True)
        sampler.start()
        recoveries: list[tuple[str, float]] = []
        for fault in sorted(faults, key=lambda f: f.at):
            time.sleep(max(0.0, first_due + fault.at - time.monotonic()))
            fault.act(self)
            recoveries.append((fault.name, time.monotonic()))
        with contextlib.suppress(AssertionError):
            wait_for(lambda: self._published() >= posts, timeout, "every post published", 1)
        self._stop.set()
        sampler.join()
        return self._outcome(posts, recoveries)

    def _published(self) -> int:
        try:
            with session_scope(self.settings.resolved_database_url) as session:
                return session.scalar(select(func.count()).select_from(Delivery).where(
                    Delivery.state == DeliveryState.PUBLISHED)) or 0
        except Exception:
            return 0

    def _outcome(self, posts: int, recoveries: list[tuple[str, float]]) -> Outcome:
        keys = [p["idempotency_key"] for held in MockPlatform(
            self.settings.resolved_mock_state_path).snapshot()["accounts"].values()
            for p in held["posts"]]
        with session_scope(self.settings.resolved_database_url) as session:
            rows = session.execute(select(Delivery.state, Delivery.due_at,
                                          Delivery.published_at)).all()
        published = [r for r in rows if r[0] == DeliveryState.PUBLISHED]
        lateness = [(r[2] - r[1]).total_seconds() for r in published if r[2]]
        return Outcome(posts=posts, published=len(published), lost=posts - len(set(keys)),
                       duplicated=len(keys) - len(set(keys)),
                       longest_stall=self._longest_stall(),
                       resumed_after=[(name, self._resume(at)) for name, at in recoveries],
                       lateness=lateness)

    def _longest_stall(self) -> float:
        longest, since = 0.0, None
        previous = None
        for at, published, due in self.samples:
            if previous is not None and published > previous:
                since = None
            elif due > 0 and since is None:
                since = at
            if since is not None:
                longest = max(longest, at - since)
            previous = published
        return longest

    def _resume(self, recovered_at: float) -> float:
        """Seconds from recovery to the next delivery published (0 when none was due)."""
        before = [p for at, p, _ in self.samples if at <= recovered_at]
        base = before[-1] if before else 0
        for at, published, due in self.samples:
            if at > recovered_at and (published > base or due == 0):
                return at - recovered_at
        return float("inf")

    def close(self) -> None:
        self.daemon.stop()
        engine_for(self.settings.resolved_database_url).dispose()
        self.redis.stop()
        self.postgres.destroy()


def full_plan() -> list[Fault]:
    return [
        Fault(5, "worker SIGKILL 1", Chaos.kill_workers),
        Fault(12, "Redis FLUSHALL", Chaos.flush_redis),
        Fault(18, "worker SIGKILL 2", Chaos.kill_workers),
        Fault(25, "Redis kill -9 + restart", Chaos.restart_redis),
        Fault(33, "PostgreSQL crash + restart", Chaos.crash_postgres),
        Fault(42, "worker SIGKILL 3", Chaos.kill_workers),
    ]


def small_plan() -> list[Fault]:
    return [
        Fault(2, "worker SIGKILL", Chaos.kill_workers),
        Fault(5, "Redis FLUSHALL", Chaos.flush_redis),
        Fault(8, "Redis kill -9 + restart", Chaos.restart_redis),
        Fault(12, "PostgreSQL crash + restart", Chaos.crash_postgres),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--accounts", type=int, default=4)
    parser.add_argument("--spread", type=float, default=60.0)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--small", action="store_true", help="the plan CI runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kohogate-chaos-") as folder:
        workdir = Path(folder)
        chaos = Chaos(workdir, args.accounts, args.concurrency)
        try:
            outcome = chaos.run(args.posts, args.spread,
                                small_plan() if args.small else full_plan(), timeout=300)
        finally:
            chaos.close()
    print(outcome.report())


if __name__ == "__main__":
    main()
