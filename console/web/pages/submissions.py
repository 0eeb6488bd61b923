"""Section submissions (第4.2(3)): a section sends information, the office publishes it as
fast as it can — one step from submission to post — or returns it with the reason."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from console.web.ctx import Ctx, checked_form, flash, page, redirect, values
from console.web.labels import category_labels
from scheduler.drafting import composer_choices
from scheduler.errors import KohogateError
from scheduler.models import utcnow
from scheduler.rights import Operation, allowed
from scheduler.submissions import (
    STATE_LABELS_JA,
    convert_submission,
    create_submission,
    get_submission,
    list_submissions,
    return_submission,
    withdraw_submission,
)

router = APIRouter()
Form = Annotated[FormData, Depends(checked_form)]


def age(created: datetime) -> str:
    minutes = int((utcnow() - created).total_seconds() // 60)
    if minutes < 60:
        return f"{minutes}分"
    if minutes < 60 * 24:
        return f"{minutes // 60}時間"
    return f"{minutes // 60 // 24}日"


def _page(ctx: Ctx, form: FormData | None = None, error: KohogateError | None = None,
          target: int | None = None) -> HTMLResponse:
    office = allowed(ctx.user, Operation.SUBMISSION_PROCESS)
    context: dict[str, Any] = {
        "office": office, "may_create": allowed(ctx.user, Operation.SUBMISSION_CREATE,
                                                section=ctx.user.section),
        "rows": list_submissions(ctx.db, ctx.user,
                                 states=["submitted"] if office else None),
        "done": list_submissions(ctx.db, ctx.user, states=["returned", "converted"],
                                 limit=30) if office else [],
        "state_labels": STATE_LABELS_JA, "category_labels": category_labels(ctx.settings),
        "age": age, "values": values(form), "target": target,
        "accounts": [c.name for c in composer_choices(ctx.db, ctx.settings, ctx.user)
                     if c.kind == "main"] if office else [],
    }
    if error is not None:
        return ctx.refused(error, "submissions.html", **context)
    return ctx.render("submissions.html", **context)


@router.get("/submissions")
def submissions(request: Request) -> HTMLResponse:
    with page(request) as ctx:
        return _page(ctx)


@router.post("/submissions")
def submit(request: Request, form: Form) -> Response:
    def field(name: str) -> str:
        return str(form.get(name) or "")

    with page(request) as ctx:
        try:
            created = create_submission(ctx.db, ctx.settings, author=ctx.user,
                                        title=field("title"), body=field("body"),
                                        category=field("category") or "other",
                                        link=field("link"), desired_at=field("desired_at"))
        except KohogateError as exc:
            return _page(ctx, form, exc)
        flash(request, f"情報提供 {created.id} を地方創生推進室へ送りました")
        return redirect("/submissions")


@router.get("/submissions/{submission_id}")
def submission(request: Request, submission_id: int) -> HTMLResponse:
    with page(request) as ctx:
        return ctx.render("submission.html", s=get_submission(ctx.db, submission_id, ctx.user),
                          state_labels=STATE_LABELS_JA, age=age,
                          category_labels=category_labels(ctx.settings))


@router.post("/submissions/{submission_id}/convert")
def convert(request: Request, submission_id: int, form: Form) -> Response:
    with page(request) as ctx:
        try:
            post, _verdict = convert_submission(
                ctx.db, ctx.settings, submission_id, ctx.user,
                accounts=[str(a) for a in form.getlist("accounts")],
                text=str(form.get("text") or "") or None, at=str(form.get("at") or "") or None)
        except KohogateError as exc:
            return _page(ctx, form, exc, target=submission_id)
        flash(request, f"情報提供 {submission_id} を投稿 {post.id} にしました")
        return redirect(f"/posts/{post.id}")


@router.post("/submissions/{submission_id}/return")
def give_back(request: Request, submission_id: int, form: Form) -> Response:
    with page(request) as ctx:
        try:
            return_submission(ctx.db, submission_id, ctx.user, str(form.get("reason") or ""))
        except KohogateError as exc:
            return _page(ctx, form, exc, target=submission_id)
        flash(request, f"情報提供 {submission_id} を差し戻しました")
        return redirect("/submissions")


@router.post("/submissions/{submission_id}/withdraw")
def withdraw(request: Request, submission_id: int, form: Form) -> Response:
    with page(request) as ctx:
        withdraw_submission(ctx.db, submission_id, ctx.user)
        flash(request, f"情報提供 {submission_id} を取り下げました")
        return redirect("/submissions")
