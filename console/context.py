"""What every command needs: settings, a migrated store, a session, and JSON output."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import click

from scheduler.errors import InvalidInput
from scheduler.settings import Settings, get_settings

if TYPE_CHECKING:  # the store's modules load only for commands that use the store
    from sqlalchemy.orm import Session

    from scheduler.models import User


@lru_cache(maxsize=1)
def ready_settings() -> Settings:
    """Settings, with the embedded SQLite store brought to the newest schema on first use
    (PostgreSQL is migrated explicitly, by ``kohogate migrate``)."""
    settings = get_settings()
    settings.resolved_data_dir.mkdir(parents=True, exist_ok=True)
    url = settings.resolved_database_url
    if url.startswith("sqlite"):
        from scheduler.migrate import is_current, upgrade

        if not is_current(url):
            upgrade(url)
    return settings


@contextmanager
def store() -> Iterator[Session]:
    from scheduler.db import session_scope

    with session_scope(ready_settings().resolved_database_url) as session:
        yield session


def acting_user(session: Session, name: str | None) -> User:
    from scheduler.registry import DEFAULT_OPERATOR, default_operator, get_user

    if name is None or name == DEFAULT_OPERATOR:
        return default_operator(session)
    return get_user(session, name)


def parse_options(items: tuple[str, ...]) -> dict[str, str]:
    """``--option KEY=VALUE`` pairs."""
    parsed = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InvalidInput(f"--option は KEY=VALUE の形です: {item}",
                               f"--option takes KEY=VALUE: {item}")
        parsed[key.strip()] = value
    return parsed


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


json_option = click.option("--json", "as_json", is_flag=True, help="JSONで出力 / print JSON")
as_option = click.option("--as", "as_user", metavar="USER",
                         help="操作する利用者（省略時は operator）/ acting user")
