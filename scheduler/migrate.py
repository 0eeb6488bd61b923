"""Bring a store to the newest schema with Alembic; the same call for SQLite and PostgreSQL.

Several processes may start at once (``kohogate up`` and a CLI call, or two containers), so
the upgrade runs under a lock: a file lock beside a SQLite file, an advisory lock on
PostgreSQL. The second one in finds the schema current and does nothing.
"""

from __future__ import annotations

import fcntl
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: the newest revision; a test keeps it equal to Alembic's head
HEAD_REVISION = "0005"
#: an arbitrary, fixed key for pg_advisory_lock
PG_LOCK_KEY = 0x6B6F686F


def alembic_config(database_url: str) -> Config:
    from alembic.config import Config  # Alembic loads only when a migration may run

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def is_current(database_url: str) -> bool:
    """One query instead of an Alembic run: is the store at the newest revision? (A
    SQLite file is asked directly: a command that only starts the worker need not load
    SQLAlchemy for it.)"""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        try:
            with closing(sqlite3.connect(f"file:{url.database}?mode=ro", uri=True)) as db:
                row = db.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.Error:
            return False
        return row is not None and row[0] == HEAD_REVISION
    from scheduler.db import engine_for

    try:
        with engine_for(database_url).connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version")
                                         ).scalar()
    except Exception:  # no table yet, no file yet: not current
        return False
    return version == HEAD_REVISION


def upgrade(database_url: str) -> None:
    from alembic import command

    from scheduler.db import engine_for

    engine = engine_for(database_url)  # also creates the SQLite file's folder
    config = alembic_config(database_url)
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        lock_path = Path(f"{url.database or 'memory'}.migrate.lock")
        with lock_path.open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            command.upgrade(config, "head")
        return
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": PG_LOCK_KEY})
        try:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            connection.commit()
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": PG_LOCK_KEY})
            connection.commit()
