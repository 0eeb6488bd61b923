"""Accounts: the registry as people read it, and the opening of a 分野別 account —
様式第1号 filed by a section head, 様式第2号 given by the office head (第4.3) — or the
第5 report of an older one. Both forms print on A4 as the policy lays them out."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from connectors import PLATFORMS
from console.web.ctx import Ctx, checked_form, flash, page, redirect, values
from console.web.labels import category_labels
from scheduler.account_overview import account_detail, account_rows
from scheduler.errors import InvalidState, KohogateError
from scheduler.filings import (
    APPLICATION,
    APPROVER,
    STATE_LABELS_JA,
    decide_filing,
    file_application,
    get_filing,
    list_filings,
    report_legacy,
)
from scheduler.health import resume_account
from scheduler.rights import Operation, allowed, require

router = APIRouter()
Form = Annotated[FormData, Depends(checked_form)]
FIELDS = ("number", "platform", "content", "handle", "password", "url", "email", "title",
          "registration_other", "comment_policy", "other", "planned_start")


@router.get("/accounts")
def accounts(request: Request) -> HTMLResponse:
    with page(request) as ctx:
        return ctx.render("accounts.html", rows=account_rows(ctx.db, ctx.settings, ctx.user),
                          category_labels=category_labels(ctx.settings))


@router.get("/accounts/{name}")
def account(request: Request, name: str) -> HTMLResponse:
    with page(request) as ctx:
        return ctx.render("account.html", row=account_detail(ctx.db, ctx.settings, ctx.user,
                                                             name),
                          category_labels=category_labels(ctx.settings))


@router.post("/accounts/{name}/resume")
def resume(request: Request, name: str, form: Form) -> Response:
    """Lift a hold (expired credentials renewed, a cost cap reviewed): publishing and
    sweeps go on."""
    with page(request) as ctx:
        resume_account(ctx.db, actor=ctx.user, name=name)
        flash(request, f"「{name}」の保留を解除しました。止まっていた投稿と巡回が再開します。")
        return redirect(f"/accounts/{name}")


def _filing_form(ctx: Ctx, template: str, form: FormData | None = None,
                 error: KohogateError | None = None) -> HTMLResponse:
    context: dict[str, Any] = {
        "values": {k: v for k, v in values(form).items() if k != "password"},
        "chosen": form.getlist("categories") if form else [],
        "platforms": PLATFORMS, "category_labels": category_labels(ctx.settings)}
    if error is not None:
        return ctx.refused(error, template, **context)
    return ctx.render(template, **context)


@router.get("/filings")
def filings(request: Request) -> HTMLResponse:
    with page(request) as ctx:
        return ctx.render("filings.html", filings=list_filings(ctx.db, ctx.user),
                          state_labels=STATE_LABELS_JA,
                          may_apply=allowed(ctx.user, Operation.ACCOUNT_APPLY,
                                            section=ctx.user.section))


@router.get("/filings/new")
def application_form(request: Request) -> HTMLResponse:
    with page(request) as ctx:
        require(ctx.user, Operation.ACCOUNT_APPLY, section=ctx.user.section)
        return _filing_form(ctx, "filing_new.html")


def _fields(form: FormData) -> dict[str, str]:
    return {name: str(form.get(name) or "") for name in FIELDS}


@router.post("/filings/new")
def apply(request: Request, form: Form) -> Response:
    with page(request) as ctx:
        try:
            filing = file_application(ctx.db, ctx.settings, actor=ctx.user,
                                      categories=[str(c) for c in form.getlist("categories")],
                                      **_fields(form))
        except KohogateError as exc:
            return _filing_form(ctx, "filing_new.html", form, exc)
        flash(request, "様式第1号を地方創生推進室長へ届け出ました")
        return redirect(f"/filings/{filing.id}")


@router.get("/filings/legacy/new")
def legacy_form(request: Request) -> HTMLResponse:
    with page(request) as ctx:
        require(ctx.user, Operation.ACCOUNT_APPLY, section=ctx.user.section)
        return _filing_form(ctx, "filing_legacy.html")


@router.post("/filings/legacy")
def legacy(request: Request, form: Form) -> Response:
    fields = {k: v for k, v in _fields(form).items() if k not in ("number", "planned_start")}
    with page(request) as ctx:
        try:
            filing = report_legacy(ctx.db, ctx.settings, actor=ctx.user, **fields)
        except KohogateError as exc:
            return _filing_form(ctx, "filing_legacy.html", form, exc)
        flash(request, "第5の報告を地方創生推進室長へ送りました")
        return redirect(f"/filings/{filing.id}")


def _filing_page(ctx: Ctx, filing_id: int, form: FormData | None = None,
                 error: KohogateError | None = None) -> HTMLResponse:
    context: dict[str, Any] = {
        "f": get_filing(ctx.db, filing_id, ctx.user), "state_labels": STATE_LABELS_JA,
        "category_labels": category_labels(ctx.settings), "values": values(form),
        "may_decide": allowed(ctx.user, Operation.ACCOUNT_DECIDE, approver_role=APPROVER),
        "application": APPLICATION}
    if error is not None:
        return ctx.refused(error, "filing.html", **context)
    return ctx.render("filing.html", **context)


@router.get("/filings/{filing_id}")
def filing(request: Request, filing_id: int) -> HTMLResponse:
    with page(request) as ctx:
        return _filing_page(ctx, filing_id)


@router.post("/filings/{filing_id}/decide")
def decide(request: Request, filing_id: int, form: Form) -> Response:
    approve = form.get("decision") == "approve"
    with page(request) as ctx:
        try:
            decide_filing(ctx.db, filing_id, ctx.user, approve=approve,
                          decision_number=str(form.get("decision_number") or ""),
                          account_name=str(form.get("account_name") or ""),
                          note=str(form.get("note") or ""))
        except KohogateError as exc:
            return _filing_page(ctx, filing_id, form, exc)
        flash(request, "承認しました（様式第2号）。アカウントを登録しました。" if approve
              else "不承認としました。")
        return redirect(f"/filings/{filing_id}")


@router.get("/filings/{filing_id}/form1")
def form1(request: Request, filing_id: int) -> HTMLResponse:
    with page(request) as ctx:
        found = get_filing(ctx.db, filing_id, ctx.user)
        if found.kind != APPLICATION:
            raise InvalidState("第5の報告は任意の様式です（様式第1号ではありません）",
                               "a 第5 report has no form 1")
        return ctx.render("form1.html", f=found, category_labels=category_labels(ctx.settings))


@router.get("/filings/{filing_id}/form2")
def form2(request: Request, filing_id: int) -> HTMLResponse:
    with page(request) as ctx:
        found = get_filing(ctx.db, filing_id, ctx.user)
        if found.kind != APPLICATION or found.state != "approved":
            raise InvalidState("様式第2号は承認された開設届にだけあります",
                               "form 2 exists only for an approved application")
        return ctx.render("form2.html", f=found)
