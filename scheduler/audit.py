"""The audit log: one append-only row per transition, approval and moderation action."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from scheduler.models import AuditEvent


def record(
    session: Session,
    *,
    actor: str,
    kind: str,
    subject_type: str,
    subject_id: int | None,
    message: str | None = None,
    **data: Any,
) -> AuditEvent:
    event = AuditEvent(actor=actor, kind=kind, subject_type=subject_type,
                       subject_id=subject_id, message=message, data=data)
    session.add(event)
    return event
