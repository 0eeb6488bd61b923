"""Pipeline benchmark on Redis + PostgreSQL: prints figures, asserts nothing.

1. raw Celery: no-op tasks/s through a worker of the same concurrency and settings;
2. kohogate: deliveries/s from "due" to "published on the mock" (dispatcher, claims,
   gate, connector, state writes, audit), and its ratio to (1);
3. lateness (published_at - due_at), p50 and p99, of 2,000 posts due in the same minute.

Run: uv run python bench/pipeline.py [--posts 2000] [--concurrency 2]
Needs redis-server on PATH and PostgreSQL (KOHOGATE_TEST_POSTGRES_URL, default trust auth
on 127.0.0.1:5432/test); it creates and drops its own database and runs its own Redis.
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
from scheduler.models import Delivery, Post, utcnow  # noqa: E402
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


def schedule(settings: Settings, offsets: list[float], accounts: list[str]) -> None:
    start = utcnow()
    with session_scope(settings.resolved_database_url) as session:
        author = default_operator(session)
        for n, offset in enumerate(offsets):
            post = create_post(session, settings, author=author,
                               account_names=[accounts[n % len(accounts)]],
                               text=f"ベンチマーク {n}: 美祢市からのお知らせです",
                               at=(start + timedelta(seconds=offset)).isoformat())
            submit_post(session, settings, post.id, author)


def published(settings: Settings) -> int:
    with session_scope(settings.resolved_database_url) as session:
        return session.scalar(select(func.count(Delivery.id)).where(
            Delivery.state == "published")) or 0


def run_kohogate(broker: str, workdir: Path, concurrency: int, offsets: list[float],
                 lead: float) -> tuple[float, list[float]]:
    """Returns (deliveries/s from the first due time to the last publish, lateness list)."""
    url, name = fresh_database()
    try:
        upgrade(url)
        settings = Settings(data_dir=workdir / "data", database_url=url, broker_url=broker,
                            mock_state_path=workdir / f"mock-{name}.sqlite")
        accounts = ["main", "kanko", "kyoiku"]
        with session_scope(url) as session:
            for account in accounts:
                add_account(session, name=account, platform="mock", actor=default_operator(session))
        env = {**os.environ, "KOHOGATE_DATABASE_URL": url, "KOHOGATE_BROKER_URL": broker,
               "KOHOGATE_DATA_DIR": str(settings.resolved_data_dir),
               "KOHOGATE_MOCK_STATE_PATH": str(settings.resolved_mock_state_path),
               "KOHOGATE_SWEEP_INTERVAL": "3600"}
        procs = [subprocess.Popen([KOHOGATE, *args], env=env, start_new_session=True,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for args in (["worker", "-c", str(concurrency)], ["beat"])]
        try:
            schedule(settings, [lead + o for o in offsets], accounts)
            while published(settings) < len(offsets):
                time.sleep(0.2)
        finally:
            for process in procs:
                stop(process)
        with session_scope(url) as session:
            rows = session.execute(select(Delivery.due_at, Delivery.published_at)).all()
            first_due = min(r[0] for r in rows)
            last_published = max(r[1] for r in rows)
            posts = session.scalar(select(func.count(Post.id)))
        assert posts == len(offsets)
        lateness = sorted((r[1] - r[0]).total_seconds() for r in rows)
        rate = len(rows) / (last_published - first_due).total_seconds()
        return rate, lateness
    finally:
        engine_for(url).dispose()
        drop_database(name)


def percentile(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        redis_process, broker = start_redis(workdir)
        try:
            raw = raw_celery(broker, args.posts * 2, args.concurrency)
            redis.Redis.from_url(broker).flushall()
            lead = max(15.0, args.posts / 150)  # time to create the posts before they are due
            rate, _ = run_kohogate(broker, workdir, args.concurrency, [0.0] * args.posts, lead)
            redis.Redis.from_url(broker).flushall()
            spread = [60.0 * n / args.posts for n in range(args.posts)]
            _, lateness = run_kohogate(broker, workdir, args.concurrency, spread, lead)
        finally:
            redis_process.terminate()
    print(f"raw Celery no-op throughput:        {raw:8.0f} tasks/s "
          f"(concurrency {args.concurrency}, Redis)")
    print(f"kohogate end-to-end throughput:     {rate:8.0f} deliveries/s "
          f"({args.posts} due at once, 3 mock accounts, PostgreSQL)")
    print(f"ratio kohogate / raw:               {rate / raw:8.2f}   (target >= 0.5)")
    print(f"lateness, {args.posts} posts due within one minute: "
          f"p50 {percentile(lateness, 0.5):.3f} s, p99 {percentile(lateness, 0.99):.3f} s, "
          f"max {lateness[-1]:.3f} s   (target p99 <= 1 s)")
    print(f"mean lateness {statistics.fmean(lateness):.3f} s")


if __name__ == "__main__":
    main()
