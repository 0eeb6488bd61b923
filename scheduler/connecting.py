"""Building a connector for an account: options, decrypted credentials, rate budget."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import make_url

from connectors import connector_class
from connectors.base import Connector, ConnectorContext, Limiter
from scheduler.budgets import (
    BucketStore,
    BudgetLimiter,
    RedisBuckets,
    StoreBuckets,
    budgets_for,
)
from scheduler.db import session_scope
from scheduler.models import Account
from scheduler.settings import Settings
from scheduler.vault import KeySource, Vault, default_key_file, key_source


def key_source_for(settings: Settings) -> KeySource:
    url = make_url(settings.resolved_database_url)
    store = Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None
    return key_source(settings.resolved_data_dir, store)


def vault_for(settings: Settings) -> Vault:
    """The vault, built once per key source: every batch and sweep needs it, and reading
    the key file and building the cipher each time is wasted. A new key file (rotation)
    has a new modification time, and so a new vault."""
    source = key_source_for(settings)
    path = source.path or default_key_file()
    stamp = path.stat().st_mtime_ns if path.exists() else None
    return _vault(os.environ.get("KOHOGATE_SECRET_KEYS", ""), str(path), stamp)


@lru_cache(maxsize=4)
def _vault(keys: str, key_file: str, stamp: int | None) -> Vault:
    return Vault.from_environment(Path(key_file))


@lru_cache(maxsize=4)
def redis_buckets(url: str) -> RedisBuckets:
    """One client (and connection pool) per broker URL for the life of the process."""
    return RedisBuckets(url)


def limiter_for(account: Account, settings: Settings, purpose: str = "publish") -> BudgetLimiter:
    """Buckets in Redis when the broker is Redis (shared by every worker host), else in
    the store."""
    broker = settings.resolved_broker_url
    store: BucketStore = (redis_buckets(broker) if broker.startswith(("redis://", "rediss://"))
                          else StoreBuckets(settings.resolved_database_url))
    cls = connector_class(account.platform)
    return BudgetLimiter(store, platform=account.platform, account=account.name,
                         budgets=budgets_for(cls.default_budgets, account.options or {}),
                         purpose=purpose)


def connector_for(account: Account, settings: Settings, *,
                  limiter: Limiter | None = None) -> Connector:
    options: dict[str, Any] = dict(account.options or {})
    if account.platform == "mock":
        options.setdefault("state_path", str(settings.resolved_mock_state_path))
    credentials: Mapping[str, str] = {}
    if account.credentials_token:
        credentials = vault_for(settings).decrypt(account.credentials_token)

    account_id = account.id

    def save_credentials(new: Mapping[str, str]) -> None:
        """Refreshed tokens and sessions go back into the vault, never anywhere else."""
        token = vault_for(settings).encrypt(new)
        with session_scope(settings.resolved_database_url) as session:
            session.execute(update(Account).where(Account.id == account_id)
                            .values(credentials_token=token))

    context = ConnectorContext(account=account.name, options=options, credentials=credentials,
                               limiter=limiter or limiter_for(account, settings),
                               save_credentials=save_credentials)
    return connector_class(account.platform)(context)
