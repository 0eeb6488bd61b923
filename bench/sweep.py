"""Sweep benchmark: comments judged and acted on per second through the real sweep (one
unit of work per page, bulk inserts, the gate, the hides on the mock platform), on
PostgreSQL and on the embedded SQLite store. Prints figures, asserts nothing.

Run: uv run python bench/sweep.py [--comments 10000] [--harmful 0.05]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scheduler.db import engine_for, session_scope  # noqa: E402
from scheduler.models import Account, Comment  # noqa: E402
from scheduler.settings import Settings  # noqa: E402
from scheduler.sweep import sweep_account  # noqa: E402
from tests.conftest import POSTGRES_ADMIN_URL, drop_postgres_database, migrated_store  # noqa: E402
from tests.pipeline import deliveries, drain, make_accounts, platform, post_now  # noqa: E402

BENIGN = ["山焼き楽しみです！", "駐車場はどこですか", "市の対応が遅すぎる。改善してほしい",
          "去年も行きました。今年も家族で行きます", "写真きれいですね",
          "Is the cave open on Monday?",
          "秋芳洞の入場料はいくらですか", "バスの時刻表を載せてください"]
HARMFUL = ["この人の携帯は090-1234-{:04d}です", "連絡は taro{}@example.com まで",
           "副業で月収100万！詳しくはプロフのリンク{}"]


def run(kind: str, comments: int, harmful: float, folder: Path,
        broker: str | None = None) -> float:
    url, name = migrated_store(kind, folder)
    try:
        settings = Settings(data_dir=folder / "data", database_url=url, broker_url=broker,
                            mock_state_path=folder / f"mock-{kind}.sqlite",
                            dispatch_lookahead=0.0, task_time_limit=3600)
        make_accounts(settings, "main")
        post_ids = [post_now(settings, ["main"], f"秋吉台の山焼きのお知らせ {n}")
                    for n in range(5)]
        drain(settings)
        remotes = [deliveries(settings, p)[0].remote_id for p in post_ids]
        mock = platform(settings)
        rng = random.Random(7)
        for n in range(comments):
            text = (rng.choice(HARMFUL).format(n) if rng.random() < harmful
                    else rng.choice(BENIGN) + f" ({n})")
            mock.add_comment(account="main", post_remote_id=str(rng.choice(remotes)),
                             text=text, author_handle=f"user{n % 500}")
        with session_scope(url) as session:
            account_id = session.scalar(select(Account.id))
        assert account_id is not None
        start = time.monotonic()
        done = 0
        while done < comments:
            report = sweep_account(settings, account_id)
            if not report.fetched:
                break
            done += report.fetched
        elapsed = time.monotonic() - start
        with session_scope(url) as session:
            stored = session.scalar(select(func.count(Comment.id))) or 0
        assert stored == comments, (stored, comments)
        return comments / elapsed
    finally:
        engine_for(url).dispose()
        if name is not None:
            drop_postgres_database(POSTGRES_ADMIN_URL, name)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=10_000)
    parser.add_argument("--harmful", type=float, default=0.05)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15",
                        help="the production broker: rate budgets live there")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        # production (PostgreSQL with Redis) and the embedded default (SQLite alone)
        for kind, broker in (("postgres", args.redis), ("sqlite", None)):
            rate = run(kind, args.comments, args.harmful, Path(tmp), broker)
            print(f"sweep on {kind:8}: {rate:7.0f} comments/s "
                  f"({args.comments} new comments, {args.harmful:.0%} hidden,"
                  f" budgets in {'Redis' if broker else 'the store'})")


if __name__ == "__main__":
    main()
