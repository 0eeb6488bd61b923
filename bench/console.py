"""Console benchmark: prints figures, asserts nothing.

Seeds a store with 10,000 posts over 50 accounts (with their deliveries, audit events,
comments waiting for review and section submissions), serves it with the real
``kohogate web`` (uvicorn), signs in through the sign-in page and measures:

1. server time per page (the ``Server-Timing`` header the app sets), p50 and p95, for every
   page of the console and a few API calls, as the office (who sees every account) and as
   a section's staff member;
2. the composer's live verdict: the round trip of ``POST /posts/check`` as the browser sends
   it while someone types, p50 and p95.

Targets: p95 <= 100 ms per page, <= 50 ms for the live verdict.

Run: uv run python bench/console.py [--posts 10000] [--accounts 50] [--rounds 30]
     [--postgres]   (KOHOGATE_TEST_POSTGRES_URL; creates and drops its own database)
"""

from __future__ import annotations

import argparse
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scheduler import audit  # noqa: E402
from scheduler.db import engine_for, session_scope  # noqa: E402
from scheduler.enums import (  # noqa: E402
    AccountKind,
    CommentState,
    DeliveryState,
    PostState,
    Role,
)
from scheduler.migrate import upgrade  # noqa: E402
from scheduler.models import (  # noqa: E402
    Account,
    Comment,
    Delivery,
    Post,
    Submission,
    User,
    utcnow,
)
from scheduler.signin import hash_password  # noqa: E402

KOHOGATE = str(Path(sys.executable).parent / "kohogate")
ADMIN = os.environ.get("KOHOGATE_TEST_POSTGRES_URL",
                       "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PASSWORD = "bench-password-1"
SECTIONS = ["観光課", "教育課", "農林課", "商工労働課", "健康増進課", "文化財保護課", "建設課",
            "子育て支援課", "防災危機管理課", "市民課"]
TEXTS = ["秋吉台の山焼きを2月に行います。", "秋芳洞の夏季の開館時間のお知らせです。",
         "美祢市の特産品フェアを道の駅で開催します。", "市内の求人情報をお知らせします。",
         "台風の接近に伴い、避難所を開設しました。", "ふるさと交流大使の活動をご紹介します。"]
PAGES = ["/calendar", "/calendar?view=week", "/calendar?view=month&account=acct-10", "/posts",
         "/posts/new", "/posts/{post}",
         "/approvals", "/reviews", "/submissions", "/accounts", "/accounts/acct-10",
         "/filings", "/audit", "/status", "/me",
         "/api/v1/posts", "/api/v1/calendar?start={start}&end={end}", "/api/v1/status"]


OFFICE_ONLY = ("/filings", "/audit")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def seed(url: str, n_posts: int, n_accounts: int) -> int:
    """Rows as the operations leave them, written in bulk (the operations themselves are
    measured by bench/pipeline.py); returns one post id to open."""
    rng = random.Random(7)
    now = utcnow()
    hashed = hash_password(PASSWORD)
    with session_scope(url) as session:
        accounts = []
        for i in range(1, n_accounts + 1):
            section = None if i <= 5 else SECTIONS[i % len(SECTIONS)]
            accounts.append(Account(name=f"acct-{i:02d}", platform="mock",
                                    kind=AccountKind.MAIN if section is None
                                    else AccountKind.FIELD, section=section, options={}))
        session.add_all(accounts)
        office = User(name="office", role=Role.OFFICE_STAFF, section="地方創生推進室",
                      password_hash=hashed)
        staff = User(name="staff", role=Role.SECTION_STAFF, section="観光課",
                     password_hash=hashed)
        head = User(name="head", role=Role.SECTION_HEAD, section="観光課", password_hash=hashed)
        session.add_all([office, staff, head])
        session.flush()
        authors = [office, staff]
        states = ([(PostState.APPROVED, DeliveryState.PUBLISHED)] * 6
                  + [(PostState.APPROVED, DeliveryState.SCHEDULED)] * 2
                  + [(PostState.AWAITING_APPROVAL, DeliveryState.PENDING),
                     (PostState.DRAFT, DeliveryState.PENDING),
                     (PostState.APPROVED, DeliveryState.FAILED)])
        for start in range(0, n_posts, 1000):
            posts = []
            for n in range(start, min(start + 1000, n_posts)):
                post_state, delivery_state = rng.choice(states)
                # two years of a busy city: about 14 posts a day, past and planned
                due = now + timedelta(minutes=rng.randint(-540 * 24 * 60, 180 * 24 * 60))
                if delivery_state == DeliveryState.PUBLISHED and due > now:
                    due = now - (due - now)
                post = Post(author=rng.choice(authors), text=f"{rng.choice(TEXTS)}（{n}）",
                            category=rng.choice(["pr", "event", "other"]), state=post_state,
                            due_at=due, timezone="Asia/Tokyo", media=[],
                            verdict={"decision": "allow", "grounds": [], "citations": [],
                                     "evidence": [], "warnings": []})
                targets = rng.sample(accounts, rng.choice([1, 1, 1, 2]))
                post.deliveries = [
                    Delivery(account=a, state=delivery_state, priority=1,
                             idempotency_key=f"bench-{n}-{a.id}-{secrets.token_hex(4)}",
                             due_at=due, next_attempt_at=due,
                             attempts=1 if delivery_state == DeliveryState.PUBLISHED else 0,
                             remote_id=f"r{n}" if delivery_state == DeliveryState.PUBLISHED
                             else None, published_at=due
                             if delivery_state == DeliveryState.PUBLISHED else None)
                    for a in targets]
                posts.append(post)
            session.add_all(posts)
            session.flush()
            for post in posts:
                audit.record(session, actor=post.author.name, kind="post.created",
                             subject_type="post", subject_id=post.id,
                             accounts=[d.account.name for d in post.deliveries])
            session.commit()
        for n in range(60):
            session.add(Comment(account=accounts[n % len(accounts)], platform_id=f"c{n}",
                                post_remote_id=f"r{n}", author_id=f"u{n}",
                                author_handle=f"user{n}", text="あの店はつぶれるらしいよ",
                                decision="review", grounds=["rumor"], citations=["第4.5(5)"],
                                verdict={"decision": "review", "evidence": [
                                    {"ground": "rumor", "citation": "第4.5(5)", "start": 7,
                                     "end": 11, "span": "らしいよ", "detector": "bench",
                                     "confidence": 0.6, "note": None}]},
                                state=CommentState.PENDING_REVIEW))
        for n in range(40):
            session.add(Submission(section=SECTIONS[n % len(SECTIONS)], author_id=staff.id,
                                   title=f"情報提供 {n}", body=rng.choice(TEXTS),
                                   category="event", state="submitted"))
        shared = session.query(Delivery.post_id).filter(
            Delivery.account_id == accounts[9].id).order_by(Delivery.post_id.desc()).first()
        assert shared is not None  # a post both the office and 観光課's staff see
        return int(shared[0])


def signed_in(base: str, name: str) -> tuple[requests.Session, str]:
    client = requests.Session()
    page = client.get(f"{base}/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    assert token
    client.post(f"{base}/login", data={"name": name, "password": PASSWORD,
                                       "csrf": token.group(1)})
    me = client.get(f"{base}/me").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', me)
    assert csrf
    return client, csrf.group(1)


def api_token(url: str, name: str) -> str:
    from sqlalchemy import select

    from scheduler.signin import create_token

    with session_scope(url) as session:
        user = session.scalar(select(User).where(User.name == name))
        assert user is not None
        return create_token(session, actor=user, name="bench").secret


def server_ms(response: requests.Response) -> float:
    found = re.search(r"dur=([\d.]+)", response.headers.get("Server-Timing", ""))
    return float(found.group(1)) if found else float("nan")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(base: str, url: str, rounds: int, post_id: int) -> None:
    today = utcnow().date()
    start, end = today - timedelta(days=today.weekday()), today + timedelta(days=28)
    print(f"{'page':44} {'as':7} {'p50 ms':>7} {'p95 ms':>7} {'rtt p95':>8}")
    worst = 0.0
    for name in ("office", "staff"):
        client, _csrf = signed_in(base, name)
        token = api_token(url, name)
        for page in PAGES:
            path = page.format(post=post_id, start=start, end=end)
            headers = {"Authorization": f"Bearer {token}"} if path.startswith("/api/") else {}
            server, rtt = [], []
            for _ in range(rounds):
                began = time.perf_counter()
                response = client.get(f"{base}{path}", headers=headers)
                rtt.append((time.perf_counter() - began) * 1000)
                if response.status_code == 403 and path in OFFICE_ONLY:
                    break  # not a page a section's staff may open
                if response.status_code != 200:
                    print(f"  ! {path} as {name}: {response.status_code}")
                    break
                server.append(server_ms(response))
            if server:
                worst = max(worst, pct(server, 0.95))
                print(f"{path[:44]:44} {name:7} {statistics.median(server):7.1f} "
                      f"{pct(server, 0.95):7.1f} {pct(rtt, 0.95):8.1f}")
    print(f"\nworst page p95 (server): {worst:.1f} ms  (target <= 100 ms)")
    client, csrf = signed_in(base, "staff")
    draft = ("市の公式見解として、秋吉台の山焼きの実施方針をお知らせします。"
             "詳しくは市のホームページへ。")
    rtt, server = [], []
    for n in range(max(100, rounds * 3)):
        body = {"accounts": ["acct-10", "acct-20"], "text": draft[: 10 + n % len(draft)],
                "category": "pr", "needs_approval": False}
        began = time.perf_counter()
        response = client.post(f"{base}/posts/check", json=body,
                               headers={"X-CSRF-Token": csrf})
        rtt.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.text[:200]
        server.append(server_ms(response))
    print(f"live verdict POST /posts/check: round trip p50 {statistics.median(rtt):.1f} ms, "
          f"p95 {pct(rtt, 0.95):.1f} ms (server p95 {pct(server, 0.95):.1f} ms; "
          "target <= 50 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--accounts", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="kohogate-bench-"))
    database = None
    if args.postgres:
        import psycopg

        database = f"kg_bench_{secrets.token_hex(4)}"
        with psycopg.connect(ADMIN.replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{database}"')
        url = f"{ADMIN.rpartition('/')[0]}/{database}"
    else:
        url = f"sqlite:///{workdir / 'store.sqlite'}"
    upgrade(url)
    began = time.perf_counter()
    post_id = seed(url, args.posts, args.accounts)
    print(f"seeded {args.posts} posts on {args.accounts} accounts "
          f"({'PostgreSQL' if args.postgres else 'SQLite'}) in "
          f"{time.perf_counter() - began:.1f} s")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOHOGATE_")}
    env.update({"KOHOGATE_DATABASE_URL": url, "KOHOGATE_DATA_DIR": str(workdir / "data"),
                "KOHOGATE_SESSION_SECRET": secrets.token_urlsafe(32)})
    server = subprocess.Popen([KOHOGATE, "web", "--host", "127.0.0.1", "--port", str(port)],
                              env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/login", timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.2)
        measure(base, url, args.rounds, post_id)
    finally:
        server.terminate()
        server.wait(10)
        engine_for(url).dispose()
        if database:
            import psycopg

            with psycopg.connect(ADMIN.replace("+psycopg", ""), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


if __name__ == "__main__":
    main()
