"""The review queue (第4.5): comments the gate was unsure of wait here for a person, with
the matched evidence, the ground and its article; every decision cites its ground and can
be undone where the platform allows."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from connectors import connector_class
from console.web.ctx import Ctx, checked_form, flash, page, redirect
from console.web.labels import ACTION_LABELS_JA, comment_grounds
from scheduler.errors import KohogateError
from scheduler.inbox import decided_comments
from scheduler.models import Comment
from scheduler.moderation import decide_review, review_queue

router = APIRouter()
Form = Annotated[FormData, Depends(checked_form)]
#: the undo of each state a person can reach, where the platform has it
UNDO = {"hidden": "unhide", "blocked": "unblock", "muted": "unmute"}


def actions_for(comment: Comment) -> list[str]:
    """What this platform lets a person do to a waiting comment."""
    supported = connector_class(comment.account.platform).moderation
    return [a for a in ("hide", "delete", "block", "mute") if a in supported] + ["clear"]


def undo_for(comment: Comment) -> str | None:
    """The undo this platform offers for the comment's state (a platform that hides can
    show again)."""
    undo = UNDO.get(comment.state)
    supported = connector_class(comment.account.platform).moderation
    needs = "hide" if undo == "unhide" else undo
    return undo if undo is not None and needs in supported else None


def _page(ctx: Ctx, status: int = 200, error: KohogateError | None = None,
          comment_id: int | None = None) -> HTMLResponse:
    context: dict[str, Any] = {
        "queue": review_queue(ctx.db, viewer=ctx.user),
        "decided": decided_comments(ctx.db, ctx.user),
        "grounds": comment_grounds(ctx.settings), "actions_for": actions_for,
        "undo_for": undo_for, "action_labels": ACTION_LABELS_JA, "failed": comment_id,
    }
    if error is not None:
        return ctx.refused(error, "reviews.html", **context)
    return ctx.render("reviews.html", status=status, **context)


@router.get("/reviews")
def reviews(request: Request) -> HTMLResponse:
    with page(request) as ctx:
        return _page(ctx)


@router.post("/reviews/{comment_id}/decide")
def decide(request: Request, comment_id: int, form: Form) -> Response:
    action = str(form.get("action") or "")
    ground = str(form.get("ground") or "")
    with page(request) as ctx:
        try:
            comment = decide_review(ctx.db, ctx.settings, comment_id, action, ctx.user,
                                    [ground] if ground else None)
        except KohogateError as exc:
            return _page(ctx, error=exc, comment_id=comment_id)
        flash(request, f"コメント {comment.id}：{ACTION_LABELS_JA.get(action, action)}"
                       f"（{', '.join(comment.citations) or '—'}）")
        return redirect("/reviews")
