"""The publishing state machine of ARCHITECTURE.md, as data.

Every change of a post's or a delivery's state goes through :func:`advance`, which
refuses a transition the machine does not have and writes the audit event for it.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from scheduler import audit
from scheduler.errors import InvalidState
from scheduler.models import Delivery, Post

POST_TRANSITIONS: dict[str, dict[str, str]] = {
    "draft": {"submit": "gated"},
    "gated": {"block": "rejected", "hold": "awaiting_approval", "allow": "approved"},
    "awaiting_approval": {"approve": "approved", "decline": "rejected"},
    "rejected": {"edit": "draft"},
    "approved": {},
}

#: pending: the post is not approved yet; queued: handed to the broker; unknown: sent,
#: no answer — must be reconciled with the platform before anything else happens.
DELIVERY_TRANSITIONS: dict[str, dict[str, str]] = {
    "pending": {"schedule": "scheduled", "cancel": "cancelled"},
    "scheduled": {"queue": "queued", "cancel": "cancelled"},
    "queued": {"claim": "publishing", "requeue": "scheduled"},
    "publishing": {
        "ok": "published", "rate_limited": "scheduled", "retry": "scheduled",
        "wait_auth": "scheduled", "give_up": "failed", "ambiguous": "unknown",
        "blocked": "failed", "lease_expired": "unknown", "hold": "scheduled",
    },
    "unknown": {"found": "published", "not_found": "scheduled", "give_up": "failed"},
    "published": {},
    "failed": {},
    "cancelled": {},
}

POST_LABELS_JA: dict[str, str] = {
    "draft": "下書き", "gated": "判定中", "rejected": "差し戻し",
    "awaiting_approval": "決裁待ち", "approved": "承認済み",
}
DELIVERY_LABELS_JA: dict[str, str] = {
    "pending": "承認待ち", "scheduled": "予約済み", "queued": "送信待ち",
    "publishing": "送信中", "unknown": "確認中", "published": "公開済み",
    "failed": "失敗", "cancelled": "取消",
}


def advance(session: Session, subject: Post | Delivery, event: str, *, actor: str,
            message: str | None = None, **data: object) -> str:
    table = POST_TRANSITIONS if isinstance(subject, Post) else DELIVERY_TRANSITIONS
    kind = "post" if isinstance(subject, Post) else "delivery"
    target = table.get(subject.state, {}).get(event)
    if target is None:
        raise InvalidState(
            f"{kind} {subject.id} は状態「{subject.state}」のため「{event}」できません",
            f"{kind} {subject.id} is {subject.state}; cannot {event}",
        )
    previous, subject.state = subject.state, target
    audit.record(session, actor=actor, kind=f"{kind}.{event}", subject_type=kind,
                 subject_id=subject.id, message=message, **{"from": previous, "to": target},
                 **data)
    return target


def compare_and_set(session: Session, delivery_id: int, from_states: tuple[str, ...],
                    event: str, *, actor: str, message: str | None = None,
                    values: dict[str, object] | None = None, **data: object) -> bool:
    """Move a delivery only if it is still where we think it is: the atomic step that
    makes a second claim (another worker, a redelivered message) a harmless no-op."""
    targets = {DELIVERY_TRANSITIONS[s].get(event) for s in from_states}
    targets.discard(None)
    if len(targets) != 1:
        raise ValueError(f"no single target for {event} from {from_states}")
    target = targets.pop()
    changed = session.execute(
        update(Delivery).where(Delivery.id == delivery_id, Delivery.state.in_(from_states))
        .values(state=target, **(values or {}))
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed:
        audit.record(session, actor=actor, kind=f"delivery.{event}", subject_type="delivery",
                     subject_id=delivery_id, message=message, to=target, **data)
    return bool(changed)
