"""A fake platform, shared by every process through one SQLite file, with fault injection.

The mock fakes the *platform*, never kohogate: the scheduler talks to it through the same
connector shape as to X or Facebook, so a test on the mock exercises the real pipeline.
Its state lives in a SQLite file so that every worker process, the CLI and the tests see
the same posts, comments and blocks. Faults are armed per account and operation and fire
a given number of times, so a test can say "the next publish on `main` times out after the
post went out" and watch the scheduler reconcile.

It also pushes webhooks the way Meta does for a Page's ``feed``: once an account is
subscribed (:meth:`MockPlatform.subscribe`), every new comment is POSTed to the URL, signed
with ``X-Hub-Signature-256`` under the subscription's secret, and the attempt is written to
a delivery log. A receiver that is down never fails the comment: the delivery is logged as
failed and can be sent again (:meth:`MockPlatform.redeliver`), as Meta retries. Faults on
the operation ``webhook`` drop a delivery or spoil its signature.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import requests

from connectors import _webhooks
from connectors.base import (
    Ambiguous,
    AuthExpired,
    Author,
    Budget,
    CommentPage,
    Connector,
    ConnectorContext,
    HandshakeAnswer,
    Outgoing,
    Profile,
    Published,
    RateLimited,
    Rejected,
    RemoteComment,
    Transient,
    WebhookComment,
)

T = TypeVar("T")
log = logging.getLogger(__name__)

NO_REPLY_NOTICE = "このアカウントでは、いただいたコメントへの個別の返信は行っておりません。"

#: faults of the webhook a comment triggers: not sent at all, or sent with a wrong signature
WEBHOOK_FAULT_KINDS: tuple[str, ...] = ("drop", "bad_signature")
FAULT_KINDS: tuple[str, ...] = (
    "rate_limit", "server_error", "timeout_after_send", "auth_expired", "rejected", "garbage",
    *WEBHOOK_FAULT_KINDS,
)
OPERATIONS: tuple[str, ...] = (
    "publish", "find_published", "fetch_comments", "hide", "unhide", "delete", "block", "unblock",
    "profile", "webhook", "*",
)
#: seconds a delivery waits for the receiver: a test whose receiver is gone must not hang
WEBHOOK_TIMEOUT = 2.0


def webhook_entry_id(account: str) -> str:
    """The id the mock's deliveries give an account (``entry.id``), as Meta gives a page's:
    derived from the name, the same as the account's profile id."""
    return f"mock-{account}"

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
CREATE TABLE IF NOT EXISTS webhook_subscriptions (
    account TEXT PRIMARY KEY, url TEXT NOT NULL, secret TEXT NOT NULL,
    entry_id TEXT NOT NULL, timeout REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS webhook_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account TEXT NOT NULL, comment_remote_id TEXT NOT NULL, url TEXT NOT NULL,
    body BLOB NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL, http_status INTEGER, error TEXT, at TEXT NOT NULL
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
                 author_name, handle, text,  # whole seconds, as a webhook tells the time
                 _now().replace(microsecond=0).isoformat()),
            )
        self._announce(account, remote_id)
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
        if (operation == "webhook") != (kind in WEBHOOK_FAULT_KINDS):
            raise ValueError(f"the operation webhook takes the kinds "
                             f"{', '.join(WEBHOOK_FAULT_KINDS)}, and only it does")
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

    # -- webhooks ----------------------------------------------------------------------------

    def subscribe(self, account: str, url: str, secret: str, *, entry_id: str | None = None,
                  timeout: float = WEBHOOK_TIMEOUT, verify_token: str | None = None) -> None:
        """Push the account's new comments to ``url``, signed with ``secret`` (Meta's app
        secret). ``entry_id`` is the id deliveries name the account by (default
        :func:`webhook_entry_id`). With ``verify_token``, the URL must first pass Meta's
        subscription check, as in the app dashboard; ``ValueError`` when it does not."""
        if verify_token is not None:
            challenge = f"mock-{time.time_ns()}"
            try:
                answer = _session().get(url, timeout=timeout, params={
                    "hub.mode": "subscribe", "hub.verify_token": verify_token,
                    "hub.challenge": challenge})
                accepted = answer.status_code == 200 and answer.text == challenge
            except requests.RequestException:
                accepted = False
            if not accepted:
                raise ValueError(f"{url} did not answer the subscription check")
        with self.transaction() as db:
            db.execute(
                "INSERT INTO webhook_subscriptions (account, url, secret, entry_id, timeout)"
                " VALUES (?,?,?,?,?) ON CONFLICT(account) DO UPDATE SET url=excluded.url,"
                " secret=excluded.secret, entry_id=excluded.entry_id, timeout=excluded.timeout",
                (account, url, secret, entry_id or webhook_entry_id(account), timeout))

    def unsubscribe(self, account: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM webhook_subscriptions WHERE account=?", (account,))

    def deliveries(self, account: str | None = None) -> list[dict[str, Any]]:
        """The delivery log, oldest first: ``status`` is ``delivered`` (2xx), ``refused``
        (the receiver answered otherwise), ``failed`` (no answer in time) or ``dropped``
        (a fault: never sent)."""
        rows = self._connect().execute(
            "SELECT * FROM webhook_deliveries WHERE ? IS NULL OR account=? ORDER BY id",
            (account, account)).fetchall()
        return [{**dict(row), "body": bytes(row["body"]).decode("utf-8")} for row in rows]

    def redeliver(self, delivery_id: int) -> str:
        """Send a logged delivery again, the same bytes newly signed, to the account's
        current subscription, as Meta retries one that failed; returns the new status."""
        db = self._connect()
        row = db.execute("SELECT * FROM webhook_deliveries WHERE id=?",
                         (delivery_id,)).fetchone()
        if row is None:
            raise KeyError(f"no webhook delivery {delivery_id}")
        subscription = db.execute("SELECT * FROM webhook_subscriptions WHERE account=?",
                                  (row["account"],)).fetchone()
        if subscription is None:
            raise KeyError(f"mock account {row['account']!r} has no webhook subscription")
        body = bytes(row["body"])
        status, code, error = _send(subscription["url"], body,
                                    _webhooks.sign_hex(subscription["secret"], body),
                                    float(subscription["timeout"]))
        with self.transaction() as tx:
            tx.execute("UPDATE webhook_deliveries SET status=?, http_status=?, error=?,"
                       " attempts=attempts+1, at=? WHERE id=?",
                       (status, code, error, _now().isoformat(), delivery_id))
        return status

    def _announce(self, account: str, comment_remote_id: str) -> None:
        """Deliver a new comment to the account's subscriber, if any. Never raises: the
        comment exists on the platform whether or not anyone heard of it."""
        try:
            db = self._connect()
            subscription = db.execute("SELECT * FROM webhook_subscriptions WHERE account=?",
                                      (account,)).fetchone()
            if subscription is None:
                return
            row = db.execute("SELECT * FROM comments WHERE remote_id=?",
                             (comment_remote_id,)).fetchone()
            body = _feed_payload(subscription["entry_id"], row)
            fault = None
            if self.has_faults():
                with self.transaction() as tx:
                    fault = self.take_fault(tx, account, "webhook", exact=True)
            kind = fault["kind"] if fault is not None else None
            status: str
            code: int | None
            error: str | None
            if kind == "drop":
                status, code, error, attempts = "dropped", None, "fault: drop", 0
            else:
                secret = subscription["secret"] + ("-not" if kind == "bad_signature" else "")
                status, code, error = _send(subscription["url"], body,
                                            _webhooks.sign_hex(secret, body),
                                            float(subscription["timeout"]))
                attempts = 1
            with self.transaction() as tx:
                tx.execute(
                    "INSERT INTO webhook_deliveries (account, comment_remote_id, url, body,"
                    " attempts, status, http_status, error, at) VALUES (?,?,?,?,?,?,?,?,?)",
                    (account, comment_remote_id, subscription["url"], body, attempts, status,
                     code, error, _now().isoformat()))
        except Exception:  # a broken log must not take the comment with it
            log.warning("mock: could not deliver the webhook for comment %s", comment_remote_id,
                        exc_info=True)

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
        subscriptions = [  # never the secret
            {"account": row["account"], "url": row["url"], "entry_id": row["entry_id"]}
            for row in db.execute("SELECT * FROM webhook_subscriptions ORDER BY account")]
        deliveries = [{k: v for k, v in d.items() if k != "body"} for d in self.deliveries()]
        return {"accounts": accounts, "faults": faults,
                "webhooks": {"subscriptions": subscriptions, "deliveries": deliveries}}

    # -- what the connector uses -------------------------------------------------------

    def has_faults(self) -> bool:
        """A cheap read first: most calls meet no fault and need no write lock for one."""
        return self._connect().execute(
            "SELECT 1 FROM faults WHERE remaining > 0 LIMIT 1").fetchone() is not None

    def take_fault(
        self, db: sqlite3.Connection, account: str, operation: str, *, exact: bool = False
    ) -> sqlite3.Row | None:
        """The next armed fault for this operation (or ``*``, unless ``exact``), spent."""
        row = db.execute(
            "SELECT * FROM faults WHERE account=? AND operation IN (?, ?) AND remaining > 0"
            " ORDER BY id LIMIT 1",
            (account, operation, operation if exact else "*"),
        ).fetchone()
        if row is not None:
            db.execute("UPDATE faults SET remaining = remaining - 1 WHERE id=?", (row["id"],))
        return row


def _session() -> requests.Session:
    """Deliveries go straight to the receiver: a proxy from the environment would turn a
    test's local server into a proxy's error page."""
    session = requests.Session()
    session.trust_env = False
    return session


def _send(url: str, body: bytes, signature: str, timeout: float
          ) -> tuple[str, int | None, str | None]:
    """POST one delivery; (status, HTTP status, what went wrong)."""
    try:
        with _session() as session:
            response = session.post(url, data=body, timeout=timeout, headers={
                "Content-Type": "application/json", _webhooks.META_SIGNATURE: signature})
    except requests.RequestException as exc:
        return "failed", None, type(exc).__name__
    if 200 <= response.status_code < 300:
        return "delivered", response.status_code, None
    return "refused", response.status_code, response.text[:200] or None


def _feed_payload(entry_id: str, row: sqlite3.Row) -> bytes:
    """A Page ``feed`` delivery for one new comment, as Meta shapes it (non-ASCII escaped,
    as Meta sends it), plus ``from.username`` so that the comment reads as the sweep's."""
    created = int(datetime.fromisoformat(row["created_at"]).timestamp())
    author = {"id": row["author_id"], "name": row["author_name"],
              "username": row["author_handle"]}
    value = {
        "from": {k: v for k, v in author.items() if v is not None},
        "post_id": row["post_remote_id"], "comment_id": row["remote_id"],
        "parent_id": row["post_remote_id"], "created_time": created, "item": "comment",
        "verb": "add", "message": row["text"],
    }
    payload = {"object": "page", "entry": [
        {"id": entry_id, "time": created, "changes": [{"field": "feed", "value": value}]}]}
    return json.dumps(payload).encode("ascii")


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
    cost money the way X's per-use billing does. Webhooks are Meta's (a Page ``feed``,
    ``X-Hub-Signature-256``); ``options["webhook_entry_id"]`` overrides the id they name
    the account by, when the subscription was made with another."""

    platform: ClassVar[str] = "mock"
    moderation: ClassVar[frozenset[str]] = frozenset({"hide", "delete", "block", "unblock"})
    max_text_length: ClassVar[int | None] = 5000
    default_budgets: ClassVar[Mapping[str, tuple[Budget, ...]]] = {
        "publish": (Budget(limit=100_000, window_seconds=3600),),
        "read": (Budget(limit=100_000, window_seconds=900),),
        "moderate": (Budget(limit=100_000, window_seconds=900),),
    }
    webhooks: ClassVar[bool] = True

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

    def _run(self, operation: str, family: str, action: Callable[[], T], *,
             writing: bool) -> T:
        """One call through the common wrapper, priced by the ``cost.<family>`` option."""
        cost = float(self.context.options.get(f"cost.{family}", 0) or 0)
        return self._call(family, lambda: self._faulted(operation, action, writing),
                          writing=writing, cost_usd=cost)

    def _faulted(self, operation: str, action: Callable[[], T], writing: bool) -> T:
        """The platform's side of a call: its latency, then an armed fault or the action.
        ``timeout_after_send`` lets the action take effect and loses the answer."""
        if self.latency:
            time.sleep(self.latency)
        fault = None
        if self.state.has_faults():
            with self.state.transaction() as db:
                fault = self.state.take_fault(db, self._account, operation)
        if fault is not None and fault["kind"] != "timeout_after_send":
            _raise_for(fault)
        result = action()
        if fault is not None:
            raise (Ambiguous if writing else Transient)(
                "mock: timed out after sending", platform_message="Read timed out",
                operator_message="送信後に応答がありませんでした。投稿の有無を確認します。")
        return result

    def publish(self, outgoing: Outgoing) -> Published:
        self.check_text(outgoing.text)

        def insert() -> Published:
            with self.state.transaction() as db:
                seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM posts").fetchone()[0]
                remote_id = f"mp{seq}"
                created = _now()
                db.execute(
                    "INSERT INTO posts (account, remote_id, idempotency_key, text, link,"
                    " reply_to, media, created_at) VALUES (?,?,?,?,?,?,?,?)",
                    (self._account, remote_id, outgoing.idempotency_key, outgoing.text,
                     outgoing.link, outgoing.reply_to_remote_id,
                     json.dumps([m.kind for m in outgoing.media]), created.isoformat()),
                )
            return Published(remote_id=remote_id, url=f"mock://{self._account}/{remote_id}",
                             published_at=created)

        return self._run("publish", "publish", insert, writing=True)

    def find_published(self, outgoing: Outgoing, since: datetime) -> Published | None:
        def look() -> sqlite3.Row | None:
            with self.state.transaction() as db:
                row: sqlite3.Row | None = db.execute(
                    "SELECT remote_id, created_at FROM posts WHERE account=?"
                    " AND idempotency_key=? AND created_at >= ? ORDER BY seq LIMIT 1",
                    (self._account, outgoing.idempotency_key,
                     since.astimezone(UTC).isoformat()),
                ).fetchone()
            return row

        row = self._run("find_published", "read", look, writing=False)
        if row is None:
            return None
        return Published(remote_id=row["remote_id"],
                         url=f"mock://{self._account}/{row['remote_id']}",
                         published_at=datetime.fromisoformat(row["created_at"]))

    def fetch_comments(self, cursor: str | None, post_remote_ids: tuple[str, ...]) -> CommentPage:
        after = int(cursor) if cursor else 0

        def read() -> list[sqlite3.Row]:
            with self.state.transaction() as db:
                return db.execute(
                    "SELECT * FROM comments WHERE account=? AND seq > ? AND deleted = 0"
                    " ORDER BY seq LIMIT 200",
                    (self._account, after),
                ).fetchall()

        rows = self._run("fetch_comments", "read", read, writing=False)
        wanted = set(post_remote_ids)
        comments = tuple(_comment(row) for row in rows
                         if not wanted or row["post_remote_id"] in wanted)
        next_cursor = str(rows[-1]["seq"]) if rows else cursor
        return CommentPage(comments=comments, cursor=next_cursor)

    def _set_comment(self, operation: str, comment: RemoteComment, column: str,
                     value: int) -> None:
        def update() -> int:
            with self.state.transaction() as db:
                return db.execute(
                    f"UPDATE comments SET {column}=? WHERE account=? AND remote_id=?",
                    (value, self._account, comment.remote_id),
                ).rowcount

        if not self._run(operation, "moderate", update, writing=True):
            raise Rejected(f"mock: no comment {comment.remote_id}",
                           operator_message="コメントが見つかりません（既に削除された可能性があります）。")

    def hide(self, comment: RemoteComment) -> None:
        self._set_comment("hide", comment, "hidden", 1)

    def unhide(self, comment: RemoteComment) -> None:
        self._set_comment("unhide", comment, "hidden", 0)

    def delete(self, comment: RemoteComment) -> None:
        self._set_comment("delete", comment, "deleted", 1)

    def block(self, author: Author) -> None:
        def insert() -> None:
            with self.state.transaction() as db:
                db.execute("INSERT OR IGNORE INTO blocked (account, author_id) VALUES (?,?)",
                           (self._account, author.remote_id))

        self._run("block", "moderate", insert, writing=True)

    def unblock(self, author: Author) -> None:
        def remove() -> None:
            with self.state.transaction() as db:
                db.execute("DELETE FROM blocked WHERE account=? AND author_id=?",
                           (self._account, author.remote_id))

        self._run("unblock", "moderate", remove, writing=True)

    def profile(self) -> Profile:
        def read() -> sqlite3.Row | None:
            with self.state.transaction() as db:
                row: sqlite3.Row | None = db.execute(
                    "SELECT * FROM profiles WHERE account=?", (self._account,)).fetchone()
            return row

        row = self._run("profile", "read", read, writing=False)
        remote_id = webhook_entry_id(self._account)
        if row is None:
            return Profile(remote_id=remote_id, name=self._account,
                           handle=self._account, description=NO_REPLY_NOTICE)
        return Profile(remote_id=remote_id, name=row["name"],
                       handle=row["handle"], description=row["description"])

    # -- webhooks: the mock signs and shapes them as Meta does for a Page ------------------

    @classmethod
    def webhook_account_id(cls, account: str, options: Mapping[str, Any]) -> str | None:
        return str(options.get("webhook_entry_id") or webhook_entry_id(account))

    @classmethod
    def verify_webhook(cls, body: bytes, headers: Mapping[str, str], secret: str) -> None:
        """``secret`` is the one given to :meth:`MockPlatform.subscribe`."""
        _webhooks.verify_meta(body, headers, secret, platform=cls.platform)

    @classmethod
    def answer_handshake(cls, params: Mapping[str, str], secret: str) -> HandshakeAnswer:
        return _webhooks.meta_handshake(params, secret, platform=cls.platform)

    @classmethod
    def parse_webhook(cls, body: bytes) -> list[WebhookComment]:
        """As Facebook's: new comments of a Page ``feed``; the mock sends nothing else."""
        return _webhooks.page_feed_comments(body, platform=cls.platform)


def _comment(row: sqlite3.Row) -> RemoteComment:
    return RemoteComment(
        remote_id=row["remote_id"], post_remote_id=row["post_remote_id"],
        author=Author(remote_id=row["author_id"], name=row["author_name"],
                      handle=row["author_handle"]),
        text=row["text"], created_at=datetime.fromisoformat(row["created_at"]),
        hidden=bool(row["hidden"]))
