"""Bring a store to the newest schema with Alembic; the same call for SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str) -> None:
    from scheduler.db import engine_for

    engine_for(database_url)  # creates the SQLite file's folder
    command.upgrade(alembic_config(database_url), "head")
