"""Posts: the calendar, the list, the composer with the gate's live verdict, a post's
page (reschedule, edit, cancel, 決裁) and the 決裁 inbox (第4.6)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from console import dates
from console.views import post_view
from console.web.ctx import (
    CSRF_HEADER,
    CsrfRefused,
    Ctx,
    checked_form,
    csrf_ok,
    flash,
    page,
    redirect,
    status_of,
    values,
)
from console.web.labels import (
    DECISION_LABELS_JA,
    category_labels,
    distinct_evidence,
    ground_label,
)
from scheduler import calendar
from scheduler.drafting import (
    Preview,
    compose_post,
    composer_choices,
    move_post,
    preview_post,
    resubmit_post,
    revise_post,
    share_sources,
)
from scheduler.errors import Forbidden, InvalidField, KohogateError
from scheduler.inbox import approval_queue, decide_approval
from scheduler.models import Post
from scheduler.posts import cancel_post, get_post, list_posts
from scheduler.rights import Operation, allowed, may_approve
from scheduler.settings import Settings

router = APIRouter()
Form = Annotated[FormData, Depends(checked_form)]
#: a month cell shows this many posts and links the rest to the week
MONTH_PER_DAY = 4
PAGE_SIZE = 100


def _day(text: str | None) -> date:
    try:
        return date.fromisoformat(text) if text else dates.today_jst()
    except ValueError:
        return dates.today_jst()


@router.get("/calendar")
def calendar_page(request: Request) -> HTMLResponse:
    query = request.query_params
    view = "week" if query.get("view") == "week" else "month"
    day = _day(query.get("day"))
    account, section = query.get("account") or None, query.get("section") or None
    with page(request) as ctx:
        if view == "week":
            start, end = calendar.week_of(day)
            previous, following = day - timedelta(days=7), day + timedelta(days=7)
        else:
            start, end = calendar.month_grid(day)
            first = day.replace(day=1)
            previous = (first - timedelta(days=1)).replace(day=1)
            following = (first + timedelta(days=32)).replace(day=1)
        found = calendar.entries(ctx.db, ctx.user, start, end, ctx.settings.timezone,
                                 account=account, section=section)
        by_day: dict[date, list[calendar.Entry]] = {}
        for entry in found:
            by_day.setdefault(dates.to_jst(entry.due_at).date(), []).append(entry)
        days = [start + timedelta(days=n) for n in range((end - start).days)]
        return ctx.render(
            "calendar.html", view=view, day=day, days=days, by_day=by_day,
            month=day.month, today=dates.today_jst(), previous=previous, following=following,
            account=account or "", section=section or "",
            accounts=[c.name for c in composer_choices(ctx.db, ctx.settings, ctx.user)],
            sections=calendar.sections(ctx.db, ctx.user), kinds=calendar.KINDS,
            count=len(found), per_day=MONTH_PER_DAY,
            movable=("draft", "awaiting", "rejected", "scheduled", "held"))


@router.get("/posts")
def posts_page(request: Request) -> HTMLResponse:
    raw = request.query_params.get("before", "")
    before = int(raw) if raw.isdigit() else None
    with page(request) as ctx:
        views = [post_view(p, detail=False) for p in list_posts(
            ctx.db, viewer=ctx.user, limit=PAGE_SIZE, before=before)]
        return ctx.render("posts.html", posts=views,
                          older=views[-1]["id"] if len(views) == PAGE_SIZE else None)


def _composer(ctx: Ctx, form: FormData | None = None, status: int = 200,
              error: KohogateError | None = None) -> HTMLResponse:
    context: dict[str, Any] = {
        "choices": composer_choices(ctx.db, ctx.settings, ctx.user),
        "category_labels": category_labels(ctx.settings),
        "share_sources": share_sources(ctx.settings),
        "values": values(form), "chosen": form.getlist("accounts") if form else [],
    }
    if error is not None:
        return ctx.refused(error, "compose.html", **context)
    return ctx.render("compose.html", status=status, **context)


@router.get("/posts/new")
def compose_page(request: Request) -> HTMLResponse:
    with page(request) as ctx:
        return _composer(ctx)


def _uploads(form: FormData) -> list[tuple[str, bytes]]:
    found = []
    for item in form.getlist("image"):
        if isinstance(item, UploadFile) and item.filename:
            found.append((item.filename, item.file.read()))
    return found


def _flag(form: FormData, name: str) -> bool:
    return form.get(name) in ("on", "1", "true")


@router.post("/posts/new")
def compose(request: Request, form: Form) -> Response:
    def text(name: str) -> str:
        return str(form.get(name) or "")

    with page(request) as ctx:
        try:
            post, verdict = compose_post(
                ctx.db, ctx.settings, author=ctx.user,
                accounts=[str(a) for a in form.getlist("accounts")], text=text("text"),
                at=text("at"), category=text("category") or "other",
                share_source=text("share_source") or None,
                share_url=text("share_url") or None, needs_approval=_flag(form, "needs_approval"),
                image_urls=[u for u in text("image_url").split() if u],
                uploads=_uploads(form), submit=not _flag(form, "draft"))
        except KohogateError as exc:
            return _composer(ctx, form, error=exc)
        decision = verdict.decision if verdict else "draft"
        flash(request, ctx.t({
            "allow": "投稿を提出しました。公開予定に入りました。",
            "needs_approval": "投稿を提出しました。所属長の決裁を待っています（第4.6）。",
            "block": "投稿は発信禁止事項に当たるため差し戻されました。内容を確認してください。",
            "draft": "下書きを保存しました。"}[decision]))
        return redirect(f"/posts/{post.id}")


def preview_json(preview: Preview, settings: Settings) -> dict[str, Any]:
    verdict = preview.verdict
    evidence = [{**e, "label": ground_label(settings, e["ground"])}
                for e in distinct_evidence(verdict.get("evidence", []))]
    return {
        "decision": verdict["decision"],
        "decision_label": DECISION_LABELS_JA.get(verdict["decision"], verdict["decision"]),
        "citations": list(verdict.get("citations", [])), "evidence": evidence,
        "warnings": list(verdict.get("warnings", [])),
        "counts": [{"account": c.account, "platform": c.platform, "count": c.count,
                    "limit": c.limit, "over": c.over, "weighted": c.weighted}
                   for c in preview.counts],
        "problems": preview.problems,
    }


@router.post("/posts/check")
async def check(request: Request) -> Response:
    """The live verdict: the composer sends the draft as it is typed."""
    if not csrf_ok(request, request.headers.get(CSRF_HEADER)):
        raise CsrfRefused()
    body = await request.json()
    return await run_in_threadpool(_check, request, body if isinstance(body, dict) else {})


def _check(request: Request, body: dict[str, Any]) -> Response:
    with page(request) as ctx:
        try:
            preview = preview_post(
                ctx.db, ctx.settings, viewer=ctx.user,
                accounts=[str(a) for a in body.get("accounts") or []],
                text=str(body.get("text") or ""), category=str(body.get("category") or "other"),
                share_source=str(body.get("share_source") or "") or None,
                share_url=str(body.get("share_url") or "") or None,
                needs_approval=bool(body.get("needs_approval")),
                media_kinds=["image"] * int(bool(body.get("has_image"))))
        except KohogateError as exc:
            ctx.db.rollback()
            return JSONResponse({"error": ctx.say(exc)}, status_code=status_of(exc))
        return JSONResponse(preview_json(preview, ctx.settings))


def _post_page(ctx: Ctx, post: Post, status: int = 200, form: FormData | None = None,
               error: KohogateError | None = None) -> HTMLResponse:
    view = post_view(post)
    deliveries = post.deliveries
    user = ctx.user
    context: dict[str, Any] = {
        "post": view, "values": values(form),
        "category_labels": category_labels(ctx.settings),
        "may_edit": all(allowed(user, Operation.POST_EDIT, account=d.account)
                        for d in deliveries),
        "may_approve": post.state == "awaiting_approval" and may_approve(user, post.author)
        and user.role in ("office_head", "section_head"),
        "own": post.author_id == user.id,
        "unsent": all(d.state in ("pending", "scheduled", "cancelled") for d in deliveries)
        and any(d.state != "cancelled" for d in deliveries),
        "ground_label": lambda g: ground_label(ctx.settings, g),
    }
    if error is not None:
        return ctx.refused(error, "post.html", **context)
    return ctx.render("post.html", status=status, **context)


@router.get("/posts/{post_id}")
def post_page(request: Request, post_id: int) -> HTMLResponse:
    with page(request) as ctx:
        return _post_page(ctx, get_post(ctx.db, post_id, viewer=ctx.user))


def _act(request: Request, post_id: int, form: FormData, done: str, action: Any) -> Response:
    with page(request) as ctx:
        post = get_post(ctx.db, post_id, viewer=ctx.user)
        try:
            action(ctx)
        except KohogateError as exc:
            ctx.db.rollback()
            return _post_page(ctx, get_post(ctx.db, post_id, viewer=ctx.user), form=form,
                              error=exc)
        flash(request, ctx.t(done))
        return redirect(f"/posts/{post.id}")


@router.post("/posts/{post_id}/reschedule")
def reschedule(request: Request, post_id: int, form: Form) -> Response:
    def run(ctx: Ctx) -> None:
        move_post(ctx.db, ctx.settings, post_id, ctx.user, str(form.get("at") or ""))

    back = str(form.get("back") or "")
    response = _act(request, post_id, form, "公開日時を変更しました", run)
    if back.startswith("/calendar") and response.status_code == 303:
        return redirect(back)
    return response


@router.post("/posts/{post_id}/move")
async def move(request: Request, post_id: int) -> Response:
    """The calendar's drag and drop: a post dropped on another day keeps its time."""
    if not csrf_ok(request, request.headers.get(CSRF_HEADER)):
        raise CsrfRefused()
    body = await request.json()
    at = str(body.get("at") or "") if isinstance(body, dict) else ""
    return await run_in_threadpool(_move, request, post_id, at)


def _move(request: Request, post_id: int, at: str) -> Response:
    with page(request) as ctx:
        try:
            post = move_post(ctx.db, ctx.settings, post_id, ctx.user, at)
        except KohogateError as exc:
            ctx.db.rollback()
            return JSONResponse({"error": ctx.say(exc)}, status_code=status_of(exc))
        return JSONResponse({"post_id": post.id, "due_at": dates.jst_input(post.due_at)})


@router.post("/posts/{post_id}/edit")
def edit(request: Request, post_id: int, form: Form) -> Response:
    def run(ctx: Ctx) -> None:
        revise_post(ctx.db, ctx.settings, post_id, ctx.user, text=str(form.get("text") or ""),
                    category=str(form.get("category") or "") or None,
                    needs_approval=_flag(form, "needs_approval"))

    return _act(request, post_id, form, "投稿を編集し、再提出しました", run)


@router.post("/posts/{post_id}/submit")
def submit(request: Request, post_id: int, form: Form) -> Response:
    return _act(request, post_id, form, "投稿を提出しました",
                lambda ctx: resubmit_post(ctx.db, ctx.settings, post_id, ctx.user))


@router.post("/posts/{post_id}/cancel")
def cancel(request: Request, post_id: int, form: Form) -> Response:
    return _act(request, post_id, form, "公開を取り消しました",
                lambda ctx: cancel_post(ctx.db, post_id, ctx.user,
                                        str(form.get("reason") or "") or None))


def _decide(request: Request, post_id: int, form: FormData, approve: bool) -> Response:
    back = "/approvals" if form.get("back") == "/approvals" else f"/posts/{post_id}"
    with page(request) as ctx:
        try:
            decide_approval(ctx.db, post_id, ctx.user, approve=approve,
                            reason=str(form.get("reason") or ""))
        except KohogateError as exc:
            ctx.db.rollback()
            if back == "/approvals":
                ctx.errors[f"reason-{post_id}" if isinstance(exc, InvalidField)
                           else "_form"] = ctx.say(exc)
                return _inbox(ctx, status=400 if isinstance(exc, InvalidField) else None,
                              error=exc)
            return _post_page(ctx, get_post(ctx.db, post_id, viewer=ctx.user), form=form,
                              error=exc)
        flash(request, ctx.t("決裁しました。公開予定に入りました。" if approve
                             else "却下しました。投稿者に理由が伝わります。"))
        return redirect(back)


@router.post("/posts/{post_id}/approve")
def approve(request: Request, post_id: int, form: Form) -> Response:
    return _decide(request, post_id, form, True)


@router.post("/posts/{post_id}/decline")
def decline(request: Request, post_id: int, form: Form) -> Response:
    return _decide(request, post_id, form, False)


def _inbox(ctx: Ctx, status: int | None = None,
           error: KohogateError | None = None) -> HTMLResponse:
    posts = [post_view(p) for p in approval_queue(ctx.db, ctx.user)]
    code = status or (403 if isinstance(error, Forbidden) else 200 if error is None else 409)
    return ctx.render("approvals.html", status=code, posts=posts,
                      ground_label=lambda g: ground_label(ctx.settings, g))


@router.get("/approvals")
def approvals(request: Request) -> HTMLResponse:
    with page(request) as ctx:
        return _inbox(ctx)
