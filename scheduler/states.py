"""The state machines of ARCHITECTURE.md, as data, and the one road every change of
state takes.

A post or a delivery moves with :func:`advance` (one row the caller holds) or
:func:`move` (many rows at once, by id or by a claim's locked selection); a comment moves
with :func:`move_comment`. Each refuses a transition its table does not have and writes
the audit event for every row it moved, so the log is the full story of every row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, update
from sqlalchemy.orm import Session

from scheduler import audit
from scheduler.enums import (
    CommentEvent,
    CommentState,
    DeliveryEvent,
    DeliveryState,
    PostEvent,
    PostState,
)
from scheduler.errors import InvalidState
from scheduler.models import Comment, Delivery, Post

P, PE = PostState, PostEvent
D, DE = DeliveryState, DeliveryEvent
C, CE = CommentState, CommentEvent

POST_TRANSITIONS: dict[PostState, dict[PostEvent, PostState]] = {
    P.DRAFT: {PE.SUBMIT: P.GATED},
    P.GATED: {PE.BLOCK: P.REJECTED, PE.HOLD: P.AWAITING_APPROVAL, PE.ALLOW: P.APPROVED},
    P.AWAITING_APPROVAL: {PE.APPROVE: P.APPROVED, PE.DECLINE: P.REJECTED, PE.EDIT: P.DRAFT},
    P.REJECTED: {PE.EDIT: P.DRAFT},
    # an edit after approval goes back through the gate and, if it needs it, 決裁 again
    P.APPROVED: {PE.EDIT: P.DRAFT},
}

DELIVERY_TRANSITIONS: dict[DeliveryState, dict[DeliveryEvent, DeliveryState]] = {
    D.PENDING: {DE.SCHEDULE: D.SCHEDULED, DE.CANCEL: D.CANCELLED},
    D.SCHEDULED: {DE.QUEUE: D.QUEUED, DE.CANCEL: D.CANCELLED, DE.RECALL: D.PENDING},
    D.QUEUED: {DE.CLAIM: D.PUBLISHING, DE.REQUEUE: D.SCHEDULED, DE.RELEASE: D.SCHEDULED},
    D.PUBLISHING: {
        DE.OK: D.PUBLISHED, DE.RATE_LIMITED: D.SCHEDULED, DE.RETRY: D.SCHEDULED,
        DE.WAIT_AUTH: D.SCHEDULED, DE.GIVE_UP: D.FAILED, DE.AMBIGUOUS: D.UNKNOWN,
        DE.BLOCKED: D.FAILED, DE.LEASE_EXPIRED: D.UNKNOWN, DE.HOLD: D.SCHEDULED,
        # a batch out of time hands back the rows it has not sent
        DE.RELEASE: D.SCHEDULED,
    },
    D.UNKNOWN: {DE.FOUND: D.PUBLISHED, DE.NOT_FOUND: D.SCHEDULED, DE.GIVE_UP: D.FAILED},
    D.PUBLISHED: {},
    D.FAILED: {},
    D.CANCELLED: {},
}

#: ``None`` is a comment not yet stored: the gate's decision gives its first state.
#: A person may act on any comment the platform still shows; undo where it allows.
_ACTIONS: dict[CommentEvent, CommentState] = {
    CE.HIDE: C.HIDDEN, CE.DELETE: C.DELETED, CE.BLOCK: C.BLOCKED, CE.MUTE: C.MUTED,
    CE.CLEAR: C.CLEARED,
}
COMMENT_TRANSITIONS: dict[CommentState | None, dict[CommentEvent, CommentState]] = {
    None: {CE.ALLOW: C.VISIBLE, CE.REVIEW: C.PENDING_REVIEW, CE.HIDE_PENDING: C.HIDE_PENDING},
    C.HIDE_PENDING: {**_ACTIONS, CE.UNSUPPORTED: C.PENDING_REVIEW},
    C.PENDING_REVIEW: dict(_ACTIONS),
    C.VISIBLE: {k: v for k, v in _ACTIONS.items() if k != CE.CLEAR},
    C.CLEARED: {k: v for k, v in _ACTIONS.items() if k != CE.CLEAR},
    C.HIDDEN: {CE.UNHIDE: C.CLEARED, CE.DELETE: C.DELETED, CE.BLOCK: C.BLOCKED},
    C.BLOCKED: {CE.UNBLOCK: C.CLEARED, CE.HIDE: C.HIDDEN, CE.DELETE: C.DELETED},
    C.MUTED: {CE.UNMUTE: C.CLEARED, CE.HIDE: C.HIDDEN, CE.DELETE: C.DELETED,
              CE.BLOCK: C.BLOCKED},
    C.DELETED: {},
}
#: what the gate decided, as the event that stores the comment
GATE_EVENTS: dict[str, CommentEvent] = {"allow": CE.ALLOW, "review": CE.REVIEW,
                                         "hide": CE.HIDE_PENDING}

POST_LABELS_JA: dict[str, str] = {
    P.DRAFT: "下書き", P.GATED: "判定中", P.REJECTED: "差し戻し",
    P.AWAITING_APPROVAL: "決裁待ち", P.APPROVED: "承認済み",
}
DELIVERY_LABELS_JA: dict[str, str] = {
    D.PENDING: "承認待ち", D.SCHEDULED: "予約済み", D.QUEUED: "送信待ち",
    D.PUBLISHING: "送信中", D.UNKNOWN: "確認中", D.PUBLISHED: "公開済み",
    D.FAILED: "失敗", D.CANCELLED: "取消",
}
COMMENT_LABELS_JA: dict[str, str] = {
    C.HIDE_PENDING: "非表示処理中", C.VISIBLE: "表示", C.PENDING_REVIEW: "確認待ち",
    C.HIDDEN: "非表示", C.DELETED: "削除", C.BLOCKED: "ブロック", C.MUTED: "ミュート",
    C.CLEARED: "問題なし",
}


def _refuse(kind: str, subject_id: int | None, state: object, event: object) -> InvalidState:
    return InvalidState(f"{kind} {subject_id} は状態「{state}」のため「{event}」できません",
                        f"{kind} {subject_id} is {state}; cannot {event}")


def advance(session: Session, subject: Post | Delivery, event: PostEvent | DeliveryEvent, *,
            actor: str, message: str | None = None, **data: Any) -> str:
    """Move one post or delivery the caller holds, or refuse with the reason."""
    if isinstance(subject, Post):
        target: str | None = POST_TRANSITIONS[subject.state].get(PostEvent(event))
        kind = "post"
    else:
        target = DELIVERY_TRANSITIONS[subject.state].get(DeliveryEvent(event))
        kind = "delivery"
    if target is None:
        raise _refuse(kind, subject.id, subject.state, event)
    previous = subject.state
    subject.state = target  # type: ignore[assignment]
    audit.record(session, actor=actor, kind=f"{kind}.{event}", subject_type=kind,
                 subject_id=subject.id, message=message, **{"from": previous, "to": target},
                 **data)
    return target


def delivery_target(event: DeliveryEvent, from_states: Sequence[DeliveryState]) -> DeliveryState:
    targets = {DELIVERY_TRANSITIONS[s].get(event) for s in from_states}
    targets.discard(None)
    if len(targets) != 1 or any(event not in DELIVERY_TRANSITIONS[s] for s in from_states):
        raise ValueError(f"no single target for {event} from {list(from_states)}")
    return targets.pop()  # type: ignore[return-value]


def sources_of(event: DeliveryEvent) -> tuple[DeliveryState, ...]:
    return tuple(s for s, events in DELIVERY_TRANSITIONS.items() if event in events)


def move(session: Session, event: DeliveryEvent, targets: Sequence[int] | Select[Any], *,
         actor: str, from_states: Sequence[DeliveryState] | None = None,
         where: Sequence[ColumnElement[bool]] = (), values: dict[str, Any] | None = None,
         message: str | None = None, **data: Any) -> list[int]:
    """Move many deliveries at once, each only if it is still in one of ``from_states``
    (and matches ``where``): the compare-and-set that makes a second claim, a redelivered
    message or a racing worker a harmless no-op. ``targets`` is a list of ids or a claim's
    locked selection of ids. Returns the ids moved, with one audit event each."""
    sources = tuple(from_states or sources_of(event))
    target = delivery_target(event, sources)
    if isinstance(targets, Select):
        chosen: ColumnElement[bool] = Delivery.id.in_(targets)
    else:
        if not targets:
            return []
        chosen = Delivery.id.in_(list(targets))
    statement = (update(Delivery).where(chosen, Delivery.state.in_(sources), *where)
                 .values(state=target, **(values or {})).returning(Delivery.id)
                 .execution_options(synchronize_session=False))
    moved = list(session.scalars(statement))
    origin = {"from": sources[0]} if len(sources) == 1 else {}
    for delivery_id in moved:
        audit.record(session, actor=actor, kind=f"delivery.{event}", subject_type="delivery",
                     subject_id=delivery_id, message=message, to=target, **origin, **data)
    return moved


def judged(session: Session, comments: Sequence[tuple[Comment, str, dict[str, Any]]], *,
           actor: str) -> None:
    """Store newly fetched comments in the state the gate's decision gives them, in one
    flush, with a ``comment.<decision>`` audit event each."""
    for comment, decision, _data in comments:
        comment.state = COMMENT_TRANSITIONS[None][GATE_EVENTS[decision]]
        session.add(comment)
    session.flush()
    for comment, decision, data in comments:
        audit.record(session, actor=actor, kind=f"comment.{decision}", subject_type="comment",
                     subject_id=comment.id, **{"to": comment.state}, **data)


def move_comment(session: Session, comment: Comment, event: CommentEvent, *, actor: str,
                 message: str | None = None, **data: Any) -> None:
    """Move one stored comment along its table, with its ``moderation.<event>`` event."""
    target = COMMENT_TRANSITIONS.get(comment.state, {}).get(event)
    if target is None:
        raise _refuse("comment", comment.id, comment.state, event)
    previous, comment.state = comment.state, target
    audit.record(session, actor=actor, kind=f"moderation.{event}", subject_type="comment",
                 subject_id=comment.id, message=message, **{"from": previous, "to": target},
                 **data)
