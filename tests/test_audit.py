"""The audit log is tamper-evident: the database refuses edits and deletions, and when
someone drops that guard, ``verify`` names the first broken link — on SQLite and
PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from scheduler import audit
from scheduler.audit import verify
from scheduler.db import engine_for, is_postgres, session_scope
from scheduler.settings import Settings
from tests.pipeline import drain, make_accounts, post_now


def _story(settings: Settings) -> None:
    make_accounts(settings, "main")
    post_now(settings, ["main"], "秋吉台の山焼きのお知らせ")
    drain(settings)


def _verify(settings: Settings) -> audit.Verification:
    with session_scope(settings.resolved_database_url) as session:
        return verify(session)


@pytest.mark.parametrize("statement", [
    "UPDATE audit_events SET actor = 'someone else' WHERE seq = 2",
    "DELETE FROM audit_events WHERE seq = 2",
])
def test_the_database_refuses_edits_and_deletions(settings: Settings, statement: str) -> None:
    _story(settings)
    with pytest.raises(DatabaseError, match="append-only"), engine_for(
            settings.resolved_database_url).begin() as connection:
        connection.execute(text(statement))
    assert _verify(settings).ok


def _drop_guards(settings: Settings) -> None:
    with session_scope(settings.resolved_database_url) as session:
        if is_postgres(session):
            session.execute(text("DROP TRIGGER audit_events_no_change ON audit_events"))
        else:
            session.execute(text("DROP TRIGGER audit_events_no_update"))
            session.execute(text("DROP TRIGGER audit_events_no_delete"))


def test_an_edit_made_without_the_triggers_is_found(settings: Settings) -> None:
    _story(settings)
    verdict = _verify(settings)
    assert verdict.ok and verdict.events > 5
    _drop_guards(settings)
    with engine_for(settings.resolved_database_url).begin() as connection:
        connection.execute(text("UPDATE audit_events SET actor = 'nobody' WHERE seq = 4"))
    broken = _verify(settings)
    assert not broken.ok and broken.at_seq == 4 and "書き換え" in (broken.broken or "")


def test_a_deleted_event_and_a_cut_tail_are_found(settings: Settings) -> None:
    _story(settings)
    _drop_guards(settings)
    with engine_for(settings.resolved_database_url).begin() as connection:
        connection.execute(text("DELETE FROM audit_events WHERE seq = 3"))
    assert _verify(settings).at_seq == 4  # the first event after the gap
    with engine_for(settings.resolved_database_url).begin() as connection:
        connection.execute(text("DELETE FROM audit_events WHERE seq >= 3"))
    tail = _verify(settings)
    assert not tail.ok and "末尾" in (tail.broken or "")


def test_concurrent_writers_keep_one_chain(settings: Settings) -> None:
    def write(n: int) -> None:
        for i in range(20):
            with session_scope(settings.resolved_database_url) as session:
                audit.record(session, actor=f"writer-{n}", kind="test.event",
                             subject_type="test", subject_id=i, note="並行")
    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    verdict = _verify(settings)
    assert verdict.ok and verdict.events == 80 and verdict.head_seq == 80


def test_a_rolled_back_unit_of_work_leaves_no_event(settings: Settings) -> None:
    with pytest.raises(RuntimeError), session_scope(settings.resolved_database_url) as session:
        audit.record(session, actor="x", kind="test.event", subject_type="test",
                     subject_id=None)
        raise RuntimeError("the request failed")
    assert _verify(settings).events == 0
