"""A fake platform, shared by every process through one SQLite file, with fault injection.

The mock fakes the *platform*, never kohogate: the scheduler talks to it through the same
connector shape as to X or Facebook, so a test on the mock exercises the real pipeline.
Its state lives in a SQLite file so that every worker process, the CLI and the tests see
the same posts, comments and blocks. Faults are armed per account and operation and fire
a given number of times, so a test can say "the next publish on `main` times out after the
post went out" and watch the scheduler reconcile.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

from connectors.base import (
    Ambiguous,
    AuthExpired,
    Author,
    Budget,
    CommentPage,
    Connector,
    ConnectorContext,
    Outgoing,
    Profile,
    Published,
    RateLimited,
    Rejected,
    RemoteComment,
    Transient,
    Usage,
)

NO_REPLY_NOTICE = "このアカウントでは、いただいたコメントへの個別の返信は行っておりません。"

FAULT_KINDS: tuple[str, ...] = (
    "rate_limit", "server_error", "timeout_after_send", "auth_expired", "rejected", "garbage",
)
OPERATIONS: tuple[str, ...] = (
    "publish", "find_published", "fetch_comments", "hide", "unhide", "delete", "block",
    "profile", "*",
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS posts (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    account TEXT NOT NULL, remote_id TEXT NOT NULL UNIQUE, idempotency_key TEXT NOT NULL,
    text TEXT NOT NULL, link TEXT, reply_to TEXT, media TEXT, created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS posts_by_key ON posts(account, idempotency_key);
CREATE TABLE IF NOT EXISTS comments (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    account TEXT NOT NULL, remote_id TEXT NOT NULL UNIQUE, post_remote_id TEXT NOT NULL,
    author_id TEXT NOT NULL, author_name TEXT, author_handle TEXT, text TEXT NOT NULL,
    created_at TEXT NOT NULL, hidden INTEGER NOT NULL DEFAULT 0,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS blocked (
    account TEXT NOT NULL, author_id TEXT NOT NULL, PRIMARY KEY (account, author_id)
);
CREATE TABLE IF NOT EXISTS faults (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account TEXT NOT NULL, operation TEXT NOT NULL, kind TEXT NOT NULL,
    remaining INTEGER NOT NULL, reset_in REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS profiles (
    account TEXT PRIMARY KEY, name TEXT, handle TEXT, description TEXT
);
"""


def _now() -> datetime:
    return datetime.now(UTC)


class MockPlatform:
    """The fake platform's state: what a test or an operator inspects and stirs."""

    def __init__(self, state_path: str | Path) -> None:
        self.path = Path(state_path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        db = self._connect()
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        """One connection per thread, kept: opening SQLite for every call would cost more
        than the call itself."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.execute("PRAGMA synchronous=NORMAL")
            db.row_factory = sqlite3.Row
            self._local.db = db
        return db

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """An immediate (write-locked) transaction, so that concurrent workers never
        interleave a check and the write it guards."""
        db = self._connect()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    # -- what tests and the CLI do to the platform ------------------------------------

    def add_comment(
        self,
        *,
        account: str,
        post_remote_id: str,
        text: str,
        author_name: str | None = None,
        author_handle: str | None = None,
        author_id: str | None = None,
    ) -> str:
        handle = author_handle or "citizen"
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM posts WHERE account=? AND remote_id=?",
                          (account, post_remote_id)).fetchone() is None:
                raise KeyError(f"no post {post_remote_id!r} on mock account {account!r}")
            seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM comments").fetchone()[0]
            remote_id = f"mc{seq}"
            db.execute(
                "INSERT INTO comments (account, remote_id, post_remote_id, author_id,"
                " author_name, author_handle, text, created_at) VALUES (?,?,?,?,?,?,?,?)",
                (account, remote_id, post_remote_id, author_id or f"u-{handle}",
                 author_name, handle, text, _now().isoformat()),
            )
        return remote_id

    def inject_fault(
        self,
        *,
        account: str,
        operation: str,
        kind: str,
        count: int = 1,
        reset_in: float = 30.0,
    ) -> None:
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; known: {', '.join(FAULT_KINDS)}")
        if operation not in OPERATIONS:
            raise ValueError(f"unknown operation {operation!r}; known: {', '.join(OPERATIONS)}")
        with self.transaction() as db:
            db.execute(
                "INSERT INTO faults (account, operation, kind, remaining, reset_in)"
                " VALUES (?,?,?,?,?)",
                (account, operation, kind, count, reset_in),
            )

    def clear_faults(self, account: str | None = None) -> None:
        with self.transaction() as db:
            if account is None:
                db.execute("DELETE FROM faults")
            else:
                db.execute("DELETE FROM faults WHERE account=?", (account,))

    def set_profile(self, account: str, *, name: str | None = None,
                    handle: str | None = None, description: str | None = None) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO profiles (account, name, handle, description) VALUES (?,?,?,?)"
                " ON CONFLICT(account) DO UPDATE SET name=excluded.name,"
                " handle=excluded.handle, description=excluded.description",
                (account, name, handle, description),
            )

    def snapshot(self) -> dict[str, Any]:
        db = self._connect()
        accounts: dict[str, dict[str, list[dict[str, Any]]]] = {}

        def bucket(name: str) -> dict[str, list[dict[str, Any]]]:
            return accounts.setdefault(name, {"posts": [], "comments": [], "blocked": []})

        for row in db.execute("SELECT * FROM posts ORDER BY seq"):
            bucket(row["account"])["posts"].append(
                {**{k: row[k] for k in ("remote_id", "idempotency_key", "text", "link",
                                        "reply_to", "created_at")},
                 "media": json.loads(row["media"] or "[]")})
        for row in db.execute("SELECT * FROM comments ORDER BY seq"):
            bucket(row["account"])["comments"].append(
                {"remote_id": row["remote_id"], "post_remote_id": row["post_remote_id"],
                 "author_id": row["author_id"], "author_name": row["author_name"],
                 "author_handle": row["author_handle"], "text": row["text"],
                 "hidden": bool(row["hidden"]), "deleted": bool(row["deleted"])})
        for row in db.execute("SELECT * FROM blocked ORDER BY account, author_id"):
            bucket(row["account"])["blocked"].append(row["author_id"])
        faults = [dict(row) for row in db.execute("SELECT * FROM faults WHERE remaining > 0")]
        return {"accounts": accounts, "faults": faults}

    # -- what the connector uses -------------------------------------------------------

    def has_faults(self) -> bool:
        """A cheap read first: most calls meet no fault and need no write lock for one."""
        return self._connect().execute(
            "SELECT 1 FROM faults WHERE remaining > 0 LIMIT 1").fetchone() is not None

    def take_fault(
        self, db: sqlite3.Connection, account: str, operation: str
    ) -> sqlite3.Row | None:
        row = db.execute(
            "SELECT * FROM faults WHERE account=? AND operation IN (?, '*') AND remaining > 0"
            " ORDER BY id LIMIT 1",
            (account, operation),
        ).fetchone()
        if row is not None:
            db.execute("UPDATE faults SET remaining = remaining - 1 WHERE id=?", (row["id"],))
        return row


def _raise_for(fault: sqlite3.Row) -> None:
    """Turn an armed fault into the error a real connector would raise for it."""
    kind = fault["kind"]
    if kind == "rate_limit":
        reset_at = _now() + timedelta(seconds=float(fault["reset_in"]))
        raise RateLimited("mock: 429 Too Many Requests", reset_at=reset_at,
                          platform_message="Too Many Requests",
                          operator_message="投稿数の上限に達しました。上限の解除後に自動で再開します。")
    if kind == "server_error":
        raise Transient("mock: 503 Service Unavailable", platform_message="Service Unavailable",
                        operator_message="プラットフォーム側の一時的な障害です。自動で再試行します。")
    if kind == "garbage":
        raise Transient("mock: the answer was not valid JSON", platform_message="<html>oops",
                        operator_message="プラットフォームから不正な応答がありました。自動で再試行します。")
    if kind == "auth_expired":
        raise AuthExpired(
            "mock: 401 token expired", platform_message="Invalid or expired token",
            operator_message=(
                "アカウントの認証情報が失効しています。`kohogate accounts set-credentials` で"
                "新しい認証情報を登録してください。/ The credentials have expired: run "
                "`kohogate accounts set-credentials`."),
        )
    if kind == "rejected":
        raise Rejected("mock: 400 content rejected", platform_message="Content rejected",
                       operator_message="プラットフォームが投稿内容を受け付けませんでした。")
    raise AssertionError(kind)  # timeout_after_send is handled where the send happens


class MockConnector(Connector):
    """The connector for the mock platform; ``options["state_path"]`` names its file.
    ``options["latency_ms"]`` slows every call; ``options["cost.<family>"]`` makes calls
    cost money the way X's per-use billing does."""

    platform: ClassVar[str] = "mock"
    moderation: ClassVar[frozenset[str]] = frozenset({"hide", "delete", "block"})
    max_text_length: ClassVar[int | None] = 5000
    default_budgets: ClassVar[dict[str, tuple[Budget, ...]]] = {
        "publish": (Budget(limit=100_000, window_seconds=3600),),
        "read": (Budget(limit=100_000, window_seconds=900),),
        "moderate": (Budget(limit=100_000, window_seconds=900),),
    }

    def __init__(self, context: ConnectorContext) -> None:
        super().__init__(context)
        path = context.options.get("state_path")
        if not path:
            raise ValueError("the mock connector needs options['state_path']")
        self.state = MockPlatform(path)
        self.latency = float(context.options.get("latency_ms", 0)) / 1000

    @property
    def _account(self) -> str:
        return self.context.account

    def _enter(self, operation: str, family: str) -> bool:
        """Spend the budget and fire an armed fault, the way a real call would start.
        Returns True when the call must time out after it took effect."""
        self.context.limiter.acquire(family)
        if self.latency:
            time.sleep(self.latency)
        fault = None
        if self.state.has_faults():
            with self.state.transaction() as db:
                fault = self.state.take_fault(db, self._account, operation)
        if fault is not None and fault["kind"] != "timeout_after_send":
            _raise_for(fault)
        cost = float(self.context.options.get(f"cost.{family}", 0) or 0)
        self.context.limiter.observe(Usage(family=family, cost_usd=cost))
        return fault is not None

    def publish(self, outgoing: Outgoing) -> Published:
        self.check_text(outgoing.text)
        times_out = self._enter("publish", "publish")
        with self.state.transaction() as db:
            seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM posts").fetchone()[0]
            remote_id = f"mp{seq}"
            created = _now()
            db.execute(
                "INSERT INTO posts (account, remote_id, idempotency_key, text, link, reply_to,"
                " media, created_at) VALUES (?,?,?,?,?,?,?,?)",
                (self._account, remote_id, outgoing.idempotency_key, outgoing.text,
                 outgoing.link, outgoing.reply_to_remote_id,
                 json.dumps([m.kind for m in outgoing.media]), created.isoformat()),
            )
        if times_out:  # timeout_after_send: the post is out, the answer is lost
            raise Ambiguous("mock: timed out after sending", platform_message="Read timed out",
                            operator_message="送信後に応答がありませんでした。投稿の有無を確認します。")
        return Published(remote_id=remote_id, url=f"mock://{self._account}/{remote_id}",
                         published_at=created)

    def find_published(self, outgoing: Outgoing, since: datetime) -> Published | None:
        self._enter("find_published", "read")
        with self.state.transaction() as db:
            row = db.execute(
                "SELECT remote_id, created_at FROM posts WHERE account=? AND idempotency_key=?"
                " AND created_at >= ? ORDER BY seq LIMIT 1",
                (self._account, outgoing.idempotency_key, since.astimezone(UTC).isoformat()),
            ).fetchone()
        if row is None:
            return None
        return Published(remote_id=row["remote_id"],
                         url=f"mock://{self._account}/{row['remote_id']}",
                         published_at=datetime.fromisoformat(row["created_at"]))

    def fetch_comments(self, cursor: str | None, post_remote_ids: tuple[str, ...]) -> CommentPage:
        after = int(cursor) if cursor else 0
        self._enter("fetch_comments", "read")
        with self.state.transaction() as db:
            rows = db.execute(
                "SELECT * FROM comments WHERE account=? AND seq > ? AND deleted = 0"
                " ORDER BY seq LIMIT 200",
                (self._account, after),
            ).fetchall()
        wanted = set(post_remote_ids)
        comments = tuple(
            RemoteComment(
                remote_id=row["remote_id"], post_remote_id=row["post_remote_id"],
                author=Author(remote_id=row["author_id"], name=row["author_name"],
                              handle=row["author_handle"]),
                text=row["text"], created_at=datetime.fromisoformat(row["created_at"]),
                hidden=bool(row["hidden"]),
            )
            for row in rows
            if not wanted or row["post_remote_id"] in wanted
        )
        next_cursor = str(rows[-1]["seq"]) if rows else cursor
        return CommentPage(comments=comments, cursor=next_cursor)

    def _set_comment(self, operation: str, comment: RemoteComment, column: str,
                     value: int) -> None:
        self._enter(operation, "moderate")
        with self.state.transaction() as db:
            updated = db.execute(
                f"UPDATE comments SET {column}=? WHERE account=? AND remote_id=?",
                (value, self._account, comment.remote_id),
            ).rowcount
        if not updated:
            raise Rejected(f"mock: no comment {comment.remote_id}",
                           operator_message="コメントが見つかりません（既に削除された可能性があります）。")

    def hide(self, comment: RemoteComment) -> None:
        self._set_comment("hide", comment, "hidden", 1)

    def unhide(self, comment: RemoteComment) -> None:
        self._set_comment("unhide", comment, "hidden", 0)

    def delete(self, comment: RemoteComment) -> None:
        self._set_comment("delete", comment, "deleted", 1)

    def block(self, author: Author) -> None:
        self._enter("block", "moderate")
        with self.state.transaction() as db:
            db.execute("INSERT OR IGNORE INTO blocked (account, author_id) VALUES (?,?)",
                       (self._account, author.remote_id))

    def profile(self) -> Profile:
        self._enter("profile", "read")
        with self.state.transaction() as db:
            row = db.execute("SELECT * FROM profiles WHERE account=?",
                             (self._account,)).fetchone()
        if row is None:
            return Profile(remote_id=f"mock-{self._account}", name=self._account,
                           handle=self._account, description=NO_REPLY_NOTICE)
        return Profile(remote_id=f"mock-{self._account}", name=row["name"],
                       handle=row["handle"], description=row["description"])
