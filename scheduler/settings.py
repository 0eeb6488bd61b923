"""Configuration from ``KOHOGATE_*`` environment variables, with embedded defaults.

With no variable set, everything lives under one data directory: a SQLite store, a
SQLite-backed broker (kombu's SQLAlchemy transport) and the mock platform's state, so that
``kohogate up`` runs on a bare machine. Production sets ``KOHOGATE_DATABASE_URL`` to
PostgreSQL and ``KOHOGATE_BROKER_URL`` to Redis.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KOHOGATE_", extra="ignore")

    data_dir: Path = Field(default=Path(".kohogate"))
    database_url: str | None = None
    broker_url: str | None = None
    mock_state_path: Path | None = None
    policy_path: Path | None = None
    timezone: str = "Asia/Tokyo"
    language: str = "ja"

    #: how often beat asks the dispatcher for due deliveries (seconds); an emergency due
    #: now waits at most this long before it is handed to its own worker lane
    dispatch_interval: float = 0.5
    #: how often a worker looks for new messages when the broker cannot push them
    broker_polling: float = 0.05
    #: deliveries due within this many seconds are handed out early and published on time
    dispatch_lookahead: float = 1.0
    #: most deliveries of one account in one publish task (kept in due order)
    dispatch_batch: int = 25
    #: a batch whose message no worker has started after this long is handed out again
    #: (its message may have been lost with the broker); a late copy then does nothing
    requeue_after: float = 10.0
    #: a started batch proves it is alive this often ...
    heartbeat_interval: float = 1.5
    #: ... and is given up (its unsent rows handed out again, a row caught mid-send
    #: reconciled) when no proof came for this long
    heartbeat_lease: float = 6.0
    #: a publish task hands back what it has not sent after this long, so that no batch
    #: waits in the broker behind a long one
    batch_seconds: float = 4.0
    #: ordinary batches waiting in the broker at most (emergencies are never held back)
    waiting_batches: int = 4
    #: how often every account is swept for new comments (seconds)
    sweep_interval: float = 60.0
    #: publish attempts before a delivery is marked failed
    max_attempts: int = 5
    retry_base_seconds: float = 10.0
    retry_max_seconds: float = 900.0
    #: wait this long after an ambiguous send before looking for it on the platform
    reconcile_after: float = 5.0
    #: hard time limit of a task; the broker's visibility timeout is always longer
    task_time_limit: float = 120.0
    #: longest text accepted at all (platforms have their own, tighter limits)
    max_text_length: int = 5000
    #: a post may be scheduled this many seconds in the past (clock skew, typing time)
    past_tolerance: float = 60.0
    worker_concurrency: int = 2
    #: the operator console (``kohogate web``, and ``kohogate up`` unless ``--no-web``)
    web_host: str = "127.0.0.1"
    web_port: int = 8000
    #: signs the console's session cookies; when unset, a key file outside the data
    #: folder is made once (``session_key_file``, default beside the vault's key)
    session_secret: str | None = None
    session_key_file: Path | None = None

    #: notification targets by role, as JSON: {"office_head": ["json://…"],
    #: "section_head:観光課": ["…"]}; a key without ":section" reaches that role in every
    #: section. Apprise URLs carry tokens, hence a secret (never shown in a repr or a log)
    notify_urls: SecretStr | None = None
    #: how often beat looks for things to tell and sends what waits (seconds)
    notify_interval: float = 30.0
    #: comments waiting for a person longer than this are told to those who run the account
    notify_review_after_minutes: float = 30.0
    #: credentials that stop working within this many days are told
    notify_token_expiry_days: float = 7.0
    #: a platform's rate-limit hold is told only when it lasts longer than this
    notify_rate_limit_after_minutes: float = 15.0
    #: a delivery still ``unknown`` after this long is told (most are settled in seconds)
    notify_unknown_after_minutes: float = 10.0
    #: sending: attempts before a notification is given up, and the backoff between them
    notify_max_attempts: int = 8
    notify_retry_base_seconds: float = 30.0
    notify_retry_max_seconds: float = 3600.0
    #: seconds one target may take to answer, and one pass may spend sending
    notify_timeout: float = 10.0
    notify_batch_seconds: float = 30.0
    #: the lateness histogram covers deliveries published this many seconds back
    metrics_window: float = 3600.0

    @property
    def resolved_data_dir(self) -> Path:
        return self.data_dir.expanduser().resolve()

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.resolved_data_dir / 'kohogate.sqlite'}"

    @property
    def resolved_broker_url(self) -> str:
        if self.broker_url:
            return self.broker_url
        return f"sqla+sqlite:///{self.resolved_data_dir / 'broker.sqlite'}"

    @property
    def resolved_mock_state_path(self) -> Path:
        return (self.mock_state_path or self.resolved_data_dir / "mock.sqlite").resolve()

    @property
    def visibility_timeout(self) -> int:
        """Longer than any task may run, so a slow task is never redelivered while it runs."""
        return int(max(3600, self.task_time_limit * 4))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
