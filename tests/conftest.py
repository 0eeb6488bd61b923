"""Shared fixtures: real stores (SQLite and PostgreSQL), real Redis, real Celery processes.

Nothing of kohogate is faked here; the only fake is the mock *platform*.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from scheduler.db import engine_for
from scheduler.migrate import upgrade
from scheduler.settings import Settings

POSTGRES_ADMIN_URL = os.environ.get(
    "KOHOGATE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _postgres_available() -> bool:
    import psycopg

    try:
        with psycopg.connect(POSTGRES_ADMIN_URL.replace("+psycopg", ""), connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


@pytest.fixture(scope="session", autouse=True)
def _vault_key_outside_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The vault key lives in the user's configuration folder by default; tests (and the
    daemons they start) use one of their own, never the person's running them."""
    keys = tmp_path_factory.mktemp("config")
    saved = {k: os.environ.get(k) for k in ("XDG_CONFIG_HOME", "KOHOGATE_SECRET_KEY_FILE")}
    os.environ["XDG_CONFIG_HOME"] = str(keys)
    os.environ.pop("KOHOGATE_SECRET_KEY_FILE", None)
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def migrated_store(kind: str, folder: Path) -> tuple[str, str | None]:
    """A migrated, empty store (url, and the PostgreSQL database's name to drop)."""
    if kind == "sqlite":
        url = f"sqlite:///{folder / 'store.sqlite'}"
        upgrade(url)
        return url, None
    url, name = new_postgres_database(POSTGRES_ADMIN_URL)
    upgrade(url)
    return url, name


@pytest.fixture(scope="session")
def postgres_server() -> str:
    if not _postgres_available():
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL does not answer at {POSTGRES_ADMIN_URL}")
        pytest.skip("PostgreSQL is not running")
    return POSTGRES_ADMIN_URL


def new_postgres_database(admin_url: str) -> tuple[str, str]:
    """A fresh database per test, so tests never see each other's rows."""
    import psycopg

    name = f"kg_{secrets.token_hex(6)}"
    with psycopg.connect(admin_url.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = admin_url.rpartition("/")
    return f"{base}/{name}", name


def drop_postgres_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty store: the test runs once on SQLite and once on PostgreSQL."""
    if request.param == "postgres":
        request.getfixturevalue("postgres_server")
    url, name = migrated_store(request.param, tmp_path)
    yield url
    engine_for(url).dispose()
    if name is not None:
        drop_postgres_database(POSTGRES_ADMIN_URL, name)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        mock_state_path=tmp_path / "mock.sqlite",
        retry_base_seconds=1.0,
        retry_max_seconds=2.0,
        reconcile_after=0.0,
        dispatch_lookahead=0.0,
    )
