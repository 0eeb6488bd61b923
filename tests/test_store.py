"""The store itself: migrations match the models, the audit log is append-only, instants
are UTC with the zone kept as data — on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest
import yaml
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from scheduler.db import engine_for, session_scope
from scheduler.models import AuditEvent, Base, Post
from scheduler.settings import Settings
from tests.pipeline import make_accounts, post_now

ROOT = Path(__file__).resolve().parents[1]


def test_migrations_create_exactly_the_models(database_url: str) -> None:
    with engine_for(database_url).connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_head_revision_is_alembics_head(database_url: str) -> None:
    from alembic.script import ScriptDirectory

    from scheduler.migrate import HEAD_REVISION, alembic_config, is_current

    assert ScriptDirectory.from_config(alembic_config(database_url)).get_current_head() == (
        HEAD_REVISION)
    assert is_current(database_url)


def test_the_audit_log_cannot_be_edited_or_deleted(settings: Settings) -> None:
    make_accounts(settings, "main")
    with session_scope(settings.resolved_database_url) as session:
        event = session.scalars(select(AuditEvent)).first()
        assert event is not None
        event.message = "rewritten history"
        with pytest.raises(PermissionError):
            session.flush()
        session.rollback()
    with session_scope(settings.resolved_database_url) as session:
        event = session.scalars(select(AuditEvent)).first()
        session.delete(event)
        with pytest.raises(PermissionError):
            session.flush()
        session.rollback()


def test_times_are_stored_in_utc_and_the_zone_is_kept(settings: Settings) -> None:
    make_accounts(settings, "main")
    post_id = post_now(settings, ["main"], "紅葉情報", at="2030-12-01T09:00", submit=False)
    with session_scope(settings.resolved_database_url) as session:
        post = session.get(Post, post_id)
        assert post is not None
        assert post.due_at.tzinfo is not None
        assert post.due_at.astimezone(UTC).hour == 0  # 09:00 in Tokyo is 00:00 UTC
        assert post.timezone == "Asia/Tokyo"


def test_compose_runs_the_commands_the_tests_run() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) >= {"redis", "postgres", "migrate", "worker", "worker-emergency",
                             "beat"}
    assert services["migrate"]["command"] == ["kohogate", "migrate"]
    assert services["worker"]["command"][:4] == ["kohogate", "worker", "--lane", "ordinary"]
    assert services["worker-emergency"]["command"][:4] == ["kohogate", "worker", "--lane",
                                                           "emergency"]
    assert services["beat"]["command"][:2] == ["kohogate", "beat"]
    daemon_source = (ROOT / "tests" / "daemon.py").read_text()
    assert '"worker", "--lane", lane' in daemon_source and '"beat", "-l"' in daemon_source
    redis_command = services["redis"]["command"]
    assert "--save" in redis_command and "--appendonly" in redis_command
