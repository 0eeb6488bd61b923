"""Pipeline benchmark: prints figures, asserts nothing.

1. raw Celery: no-op tasks/s through a worker of the same concurrency and settings;
2. kohogate: deliveries/s from "due" to "published on the mock" (dispatcher, claims,
   gate, connector, state writes, audit), and its ratio to (1);
3. lateness (published_at - due_at), p50 and p99, of posts due within one minute;
4. ``--emergency``: how long an emergency post takes to be out on every account while a
   backlog of ``--posts`` ordinary posts is being published (several tries);
5. ``--embedded``: the same on the embedded default (SQLite store, SQLite broker).

The daemon runs as ``kohogate up`` runs it: two worker lanes and beat.

Run: uv run python bench/pipeline.py [--posts 2000] [--accounts 3] [--concurrency 2]
     [--embedded] [--emergency --posts 5000 --tries 7]
Needs redis-server on PATH and PostgreSQL (KOHOGATE_TEST_POSTGRES_URL, default trust auth
on 127.0.0.1:5432/test) unless ``--embedded``; it creates and drops its own database and
runs its own Redis.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import psycopg
import redis
from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scheduler.db import engine_for, session_scope  # noqa: E402
from scheduler.migrate import upgrade  # noqa: E402
from scheduler.models import Delivery, utcnow  # noqa: E402
from scheduler.posts import create_post, submit_post  # noqa: E402
from scheduler.registry import add_account, default_operator  # noqa: E402
from scheduler.settings import Settings  # noqa: E402

ADMIN = os.environ.get("KOHOGATE_TEST_POSTGRES_URL",
                       "postgresql+psycopg://postgres@127.0.0.1:5432/test")
KOHOGATE = str(Path(sys.executable).parent / "kohogate")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_redis(workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(["redis-server", "--bind", "127.0.0.1", "--port", str(port),
                                "--save", "", "--appendonly", "no", "--dir", str(workdir)],
                               stdout=subprocess.DEVNULL)
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    return process, f"redis://127.0.0.1:{port}/0"


def stop(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def raw_celery(broker: str, tasks: int, concurrency: int) -> float:
    env = {**os.environ, "BENCH_BROKER_URL": broker, "PYTHONPATH": str(ROOT / "bench")}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "noop_app", "worker", "-c", str(concurrency),
         "-l", "WARNING", "--without-gossip", "--without-mingle"],
        env=env, cwd=ROOT / "bench", start_new_session=True, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        sys.path.insert(0, str(ROOT / "bench"))
        os.environ["BENCH_BROKER_URL"] = broker
        import noop_app

        counter = redis.Redis.from_url(broker)
        noop_app.noop.apply_async()  # warm up: the worker is consuming
        while int(counter.get("bench:done") or 0) < 1:
            time.sleep(0.05)
        counter.set("bench:done", 0)
        start = time.monotonic()
        for _ in range(tasks):
            noop_app.noop.apply_async()
        while int(counter.get("bench:done") or 0) < tasks:
            time.sleep(0.01)
        return tasks / (time.monotonic() - start)
    finally:
        stop(worker)


def fresh_database() -> tuple[str, str]:
    name = f"kg_bench_{secrets.token_hex(4)}"
    with psycopg.connect(ADMIN.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return ADMIN.rpartition("/")[0] + f"/{name}", name


def drop_database(name: str) -> None:
    with psycopg.connect(ADMIN.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def schedule(settings: Settings, offsets: list[float], accounts: list[str],
             category: str = "other") -> list[int]:
    start = utcnow()
    ids = []
    with session_scope(settings.resolved_database_url) as session:
        author = default_operator(session)
        for n, offset in enumerate(offsets):
            post = create_post(session, settings, author=author,
                               account_names=[accounts[n % len(accounts)]] if accounts else [],
                               text=f"ベンチマーク {n}: 美祢市からのお知らせです",
                               at=(start + timedelta(seconds=offset)).isoformat(),
                               category=category)
            submit_post(session, settings, post.id, author)
            ids.append(post.id)
    return ids


def published(settings: Settings, post_ids: list[int] | None = None) -> int:
    with session_scope(settings.resolved_database_url) as session:
        query = select(func.count(Delivery.id)).where(Delivery.state == "published")
        if post_ids is not None:
            query = query.where(Delivery.post_id.in_(post_ids))
        return session.scalar(query) or 0


class Pipeline:
    """A store, a broker, the mock accounts and the daemon's processes."""

    def __init__(self, workdir: Path, broker: str | None, concurrency: int,
                 accounts: int) -> None:
        self.name: str | None = None
        if broker is None:  # the embedded default
            data = workdir / f"embedded-{secrets.token_hex(3)}"
            self.url = f"sqlite:///{data / 'kohogate.sqlite'}"
            broker_url = f"sqla+sqlite:///{data / 'broker.sqlite'}"
        else:
            self.url, self.name = fresh_database()
            data, broker_url = workdir / "data", broker
        upgrade(self.url)
        self.settings = Settings(data_dir=data, database_url=self.url, broker_url=broker_url,
                                 mock_state_path=data / "mock.sqlite")
        self.accounts = [f"acct{n:03d}" for n in range(accounts)]
        with session_scope(self.url) as session:
            for account in self.accounts:
                add_account(session, name=account, platform="mock",
                            actor=default_operator(session))
        env = {**os.environ, "KOHOGATE_DATABASE_URL": self.url,
               "KOHOGATE_BROKER_URL": broker_url, "KOHOGATE_DATA_DIR": str(data),
               "KOHOGATE_MOCK_STATE_PATH": str(self.settings.resolved_mock_state_path),
               "KOHOGATE_SWEEP_INTERVAL": "3600"}
        data.mkdir(parents=True, exist_ok=True)
        self.procs = [subprocess.Popen([KOHOGATE, *args], env=env, start_new_session=True,
                                       stdout=(data / f"{args[-1]}.log").open("wb"),
                                       stderr=subprocess.STDOUT)
                      for args in (["worker", "-c", str(concurrency), "--lane", "ordinary"],
                                   ["worker", "--lane", "emergency"], ["beat"])]

    def close(self) -> None:
        for process in self.procs:
            stop(process)
        engine_for(self.url).dispose()
        if self.name is not None:
            drop_database(self.name)

    def wait_all(self, count: int) -> None:
        while published(self.settings) < count:
            time.sleep(0.2)

    def timings(self) -> tuple[float, list[float]]:
        """(deliveries/s from the first due time to the last publish, lateness list)"""
        with session_scope(self.url) as session:
            rows = session.execute(select(Delivery.due_at, Delivery.published_at).where(
                Delivery.published_at.is_not(None))).all()
        first_due = min(r[0] for r in rows)
        last_published = max(r[1] for r in rows)
        lateness = sorted((r[1] - r[0]).total_seconds() for r in rows)
        return len(rows) / (last_published - first_due).total_seconds(), lateness


def run_kohogate(broker: str | None, workdir: Path, concurrency: int, offsets: list[float],
                 lead: float, accounts: int = 3) -> tuple[float, list[float]]:
    pipeline = Pipeline(workdir, broker, concurrency, accounts)
    try:
        schedule(pipeline.settings, [lead + o for o in offsets], pipeline.accounts)
        pipeline.wait_all(len(offsets))
        return pipeline.timings()
    finally:
        pipeline.close()


def emergency_tries(broker: str | None, workdir: Path, concurrency: int, backlog: int,
                    accounts: int, tries: int) -> list[float]:
    """Seconds until an emergency post is out on every account, behind a backlog."""
    results = []
    for _ in range(tries):
        pipeline = Pipeline(workdir, broker, concurrency, accounts)
        try:
            lead = max(10.0, backlog / 40)
            schedule(pipeline.settings, [lead] * backlog, pipeline.accounts)
            while published(pipeline.settings) < min(50, backlog // 10):
                time.sleep(0.05)
            [urgent] = schedule(pipeline.settings, [0.0], [], category="emergency")
            while published(pipeline.settings, [urgent]) < accounts:
                time.sleep(0.02)
            with session_scope(pipeline.url) as session:
                done = session.execute(select(Delivery.due_at, Delivery.published_at)
                                       .where(Delivery.post_id == urgent)).all()
            results.append(max((r[1] - r[0]).total_seconds() for r in done))
        finally:
            pipeline.close()
    return sorted(results)


def percentile(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--accounts", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--embedded", action="store_true",
                        help="SQLite store and SQLite broker, as `kohogate up` on a bare machine")
    parser.add_argument("--emergency", action="store_true",
                        help="an emergency post behind a backlog of --posts")
    parser.add_argument("--tries", type=int, default=7)
    args = parser.parse_args()
    where = "embedded (SQLite store + SQL broker)" if args.embedded else "Redis + PostgreSQL"
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        redis_process, broker = start_redis(workdir)
        store_broker = None if args.embedded else broker
        try:
            if args.emergency:
                times = emergency_tries(store_broker, workdir, args.concurrency, args.posts,
                                        args.accounts, args.tries)
                print(f"emergency on every one of {args.accounts} accounts behind a backlog of "
                      f"{args.posts} ({where}), {len(times)} tries: "
                      f"p50 {percentile(times, 0.5):.2f} s, max {times[-1]:.2f} s  "
                      f"(target p99 <= 1 s)  all: {', '.join(f'{t:.2f}' for t in times)}")
                return
            raw = raw_celery(broker, args.posts * 2, args.concurrency)
            redis.Redis.from_url(broker).flushall()
            lead = max(15.0, args.posts / 40)  # time to create and gate them before they are due
            rate, _ = run_kohogate(store_broker, workdir, args.concurrency,
                                   [0.0] * args.posts, lead, args.accounts)
            redis.Redis.from_url(broker).flushall()
            spread = [60.0 * n / args.posts for n in range(args.posts)]
            _, lateness = run_kohogate(store_broker, workdir, args.concurrency, spread, lead,
                                       args.accounts)
        finally:
            redis_process.terminate()
    print(f"raw Celery no-op throughput:        {raw:8.0f} tasks/s "
          f"(concurrency {args.concurrency}, Redis)")
    print(f"kohogate end-to-end throughput:     {rate:8.0f} deliveries/s "
          f"({args.posts} due at once, {args.accounts} mock accounts, {where})")
    print(f"ratio kohogate / raw Celery on Redis: {rate / raw:6.2f}")
    print(f"lateness, {args.posts} posts due within one minute: "
          f"p50 {percentile(lateness, 0.5):.3f} s, p99 {percentile(lateness, 0.99):.3f} s, "
          f"max {lateness[-1]:.3f} s   (target p99 <= 1 s)")
    print(f"mean lateness {statistics.fmean(lateness):.3f} s")


if __name__ == "__main__":
    main()
