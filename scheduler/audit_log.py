"""Reading the audit log: filtered lists, CSV export and the chain's state, for the people
allowed to read it (the office)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.audit import Verification, verify
from scheduler.models import AuditEvent, User
from scheduler.rights import Operation, require


def events(session: Session, *, viewer: User, kind: str | None = None,
           actor: str | None = None, subject_type: str | None = None,
           subject_id: int | None = None, account: str | None = None,
           since: datetime | None = None, until: datetime | None = None,
           limit: int = 200) -> list[AuditEvent]:
    """The newest events matching every filter given, oldest first."""
    require(viewer, Operation.AUDIT_VIEW)
    query = select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(limit)
    if kind:
        query = query.where(AuditEvent.kind.startswith(kind))
    if actor:
        query = query.where(AuditEvent.actor == actor)
    if subject_type:
        query = query.where(AuditEvent.subject_type == subject_type)
    if subject_id is not None:
        query = query.where(AuditEvent.subject_id == subject_id)
    if account:
        query = query.where(AuditEvent.data["account"].as_string() == account)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if until is not None:
        query = query.where(AuditEvent.at < until)
    return list(session.scalars(query))[::-1]


def verify_chain(session: Session, *, viewer: User) -> Verification:
    require(viewer, Operation.AUDIT_VIEW)
    return verify(session)


CSV_COLUMNS = ("seq", "at", "actor", "kind", "subject_type", "subject_id", "citations",
               "message", "data", "hash")


def to_csv(rows: Sequence[AuditEvent]) -> str:
    """UTF-8 with a byte-order mark, so that Excel on a city's PC opens it as Japanese."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([row.seq, row.at.isoformat(), row.actor, row.kind, row.subject_type,
                         row.subject_id, " ".join(row.data.get("citations") or []),
                         row.message or "", json.dumps(row.data, ensure_ascii=False),
                         row.hash])
    return "\ufeff" + buffer.getvalue()
