"""The audit log: one append-only, hash-chained row per transition, approval and
moderation action.

Events are collected while a unit of work runs and written when it commits, under the row
lock of the chain's head (:class:`AuditChain`). That keeps every writer's events in one
chain without holding the lock while a platform call is under way, and a rolled-back unit
of work leaves no event behind. Each event's hash covers the previous event's hash and the
event's own content, so ``verify`` names the first link an edit or a deletion broke, even
when someone dropped the database triggers that refuse them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, insert, select, update
from sqlalchemy.orm import Session

from scheduler.models import AuditChain, AuditEvent, utcnow

GENESIS = "0" * 64
_PENDING = "kohogate.audit.pending"


def record(
    session: Session,
    *,
    actor: str,
    kind: str,
    subject_type: str,
    subject_id: int | None,
    message: str | None = None,
    **data: Any,
) -> None:
    """Keep one event for this unit of work; it is written, chained, when it commits."""
    session.info.setdefault(_PENDING, []).append({
        "at": utcnow(), "actor": actor, "kind": str(kind), "subject_type": subject_type,
        "subject_id": subject_id, "message": message, "data": _plain(data)})


def pending(session: Session) -> list[dict[str, Any]]:
    """Events recorded in this unit of work and not yet committed."""
    return list(session.info.get(_PENDING, ()))


def _plain(data: Mapping[str, Any]) -> dict[str, Any]:
    """Exactly what the JSON column will give back, so the hash can be recomputed."""
    return dict(json.loads(json.dumps(data, ensure_ascii=False, default=str)))


def _instant(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def event_hash(prev_hash: str, seq: int, row: Mapping[str, Any]) -> str:
    body = json.dumps(
        [seq, _instant(row["at"]), row["actor"], row["kind"], row["subject_type"],
         row["subject_id"], row["message"], row["data"]],
        ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def _write_pending(session: Session) -> None:
    rows = session.info.pop(_PENDING, None)
    if not rows:
        return
    head = session.execute(
        update(AuditChain).where(AuditChain.id == 1).values(seq=AuditChain.seq)
        .returning(AuditChain.seq, AuditChain.hash)).one_or_none()
    seq, previous = (head[0], head[1]) if head is not None else (0, GENESIS)
    if head is None:
        session.execute(insert(AuditChain).values(id=1, seq=0, hash=GENESIS))
    chained = []
    for row in rows:
        seq += 1
        digest = event_hash(previous, seq, row)
        chained.append({**row, "seq": seq, "prev_hash": previous, "hash": digest})
        previous = digest
    # Core, not the ORM's bulk path: the rows are final and nothing maps them back
    session.execute(insert(AuditEvent.__table__), chained)  # type: ignore[arg-type]
    session.execute(update(AuditChain).where(AuditChain.id == 1)
                    .values(seq=seq, hash=previous))


@event.listens_for(Session, "before_commit")
def _seal(session: Session) -> None:
    _write_pending(session)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)


@dataclass(frozen=True)
class Verification:
    """The chain's state: ``broken`` is None when every link holds."""

    events: int
    head_seq: int
    broken: str | None = None
    at_seq: int | None = None
    at_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.broken is None


def verify(session: Session, batch: int = 2000) -> Verification:
    """Walk the chain in order and name the first broken link: a changed event (its hash
    no longer matches), a removed one (a gap in ``seq``), an inserted or reordered one (a
    ``prev_hash`` that is not the previous hash), or a cut tail (the head disagrees)."""
    previous, expected, count = GENESIS, 1, 0
    rows: Iterable[AuditEvent] = session.scalars(
        select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=batch))
    for event_row in rows:
        count += 1
        fields = {"at": event_row.at, "actor": event_row.actor, "kind": event_row.kind,
                  "subject_type": event_row.subject_type, "subject_id": event_row.subject_id,
                  "message": event_row.message, "data": event_row.data}
        problem = None
        if event_row.seq != expected:
            problem = (f"seq {expected} から {event_row.seq - 1} までの記録が削除されています"
                       f" / events {expected}–{event_row.seq - 1} were removed")
        elif event_row.prev_hash != previous:
            problem = ("直前の記録とつながっていません（挿入・並べ替え）"
                       " / does not follow the previous event (inserted or reordered)")
        elif event_hash(previous, event_row.seq, fields) != event_row.hash:
            problem = "記録の内容が書き換えられています / the event's content was changed"
        if problem is not None:
            return Verification(count, event_row.seq, problem, event_row.seq, event_row.id)
        previous, expected = event_row.hash, event_row.seq + 1
    head = session.execute(select(AuditChain.seq, AuditChain.hash).where(AuditChain.id == 1)
                           ).one_or_none()
    head_seq, head_hash = (head[0], head[1]) if head is not None else (0, GENESIS)
    if (head_seq, head_hash) != (expected - 1, previous):
        return Verification(count, head_seq,
                            f"最後の記録 (seq {expected - 1}) が末尾 (seq {head_seq}) と"
                            "一致しません（末尾の削除か追加）"
                            f" / the last event (seq {expected - 1}) is not the chain's head"
                            f" (seq {head_seq}): events were cut or added",
                            expected, None)
    return Verification(count, head_seq)
