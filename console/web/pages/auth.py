"""Signing in and out, and a person's own settings: language, password, API tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from console.web.ctx import (
    TEMPLATES,
    checked_form,
    csrf_token,
    flash,
    page,
    redirect,
    safe_next,
    settings_of,
)
from console.web.i18n import message, translator
from scheduler.db import session_scope
from scheduler.errors import InvalidField, KohogateError
from scheduler.models import ApiToken
from scheduler.preferences import set_language
from scheduler.signin import authenticate, create_token, revoke_token, set_password

router = APIRouter()
Form = Annotated[FormData, Depends(checked_form)]


def _login_page(request: Request, *, error: str | None = None, name: str = "",
                status: int = 200) -> HTMLResponse:
    language = str(request.session.get("lang", "ja"))
    return TEMPLATES.TemplateResponse(request, "login.html", {
        "csrf": csrf_token(request), "error": error, "name": name,
        "next": safe_next(request.query_params.get("next")), "_": translator(language),
        "lang": language}, status_code=status)


@router.get("/login")
def login_form(request: Request) -> HTMLResponse:
    return _login_page(request)


@router.post("/login")
def login(request: Request, form: Form) -> Response:
    name, password = str(form.get("name", "")), str(form.get("password", ""))
    settings = settings_of(request)
    client = request.client.host if request.client else "unknown"
    try:
        with session_scope(settings.resolved_database_url) as db:
            user = authenticate(db, settings.resolved_database_url, name=name,
                                password=password, client=client)
            user_id, language = user.id, user.language
    except KohogateError as exc:
        return _login_page(request, error=message(exc, "ja"), name=name, status=401)
    request.session.clear()
    request.session.update({"uid": user_id, "lang": language})
    return redirect(safe_next(str(form.get("next", "/"))))


@router.post("/logout")
def logout(request: Request, form: Form) -> Response:
    request.session.clear()
    return redirect("/login")


@router.get("/")
def home(request: Request) -> Response:
    with page(request):
        return redirect("/calendar")


def _tokens(db: Session, user_id: int) -> list[ApiToken]:
    return list(db.scalars(select(ApiToken).where(ApiToken.user_id == user_id)
                           .order_by(ApiToken.id.desc())))


@router.get("/waiting.json")
def waiting(request: Request) -> JSONResponse:
    """What waits for this person, for the header's counts on a page left open."""
    with page(request) as ctx:
        counts = ctx.waiting()
        return JSONResponse({"approvals": counts.approvals, "reviews": counts.reviews,
                             "submissions": counts.submissions})


@router.get("/me")
def me(request: Request) -> HTMLResponse:
    with page(request) as ctx:
        return ctx.render("me.html", tokens=_tokens(ctx.db, ctx.user.id), new_token=None)


@router.post("/me/language")
def language(request: Request, form: Form) -> Response:
    with page(request) as ctx:
        try:
            set_language(ctx.db, actor=ctx.user, language=str(form.get("language", "")))
        except KohogateError as exc:
            return ctx.refused(exc, "me.html", tokens=_tokens(ctx.db, ctx.user.id),
                               new_token=None)
        request.session["lang"] = ctx.user.language
        return redirect("/me")


@router.post("/me/password")
def password(request: Request, form: Form) -> Response:
    with page(request) as ctx:
        new, again = str(form.get("password", "")), str(form.get("password_again", ""))
        try:
            if new != again:
                raise InvalidField("確認用のパスワードが一致しません", "the passwords differ",
                                   "password_again")
            set_password(ctx.db, actor=ctx.user, user_name=ctx.user.name, password=new)
        except KohogateError as exc:
            return ctx.refused(exc, "me.html", tokens=_tokens(ctx.db, ctx.user.id),
                               new_token=None)
        flash(request, ctx.t("パスワードを変更しました"))
        return redirect("/me")


@router.post("/me/tokens")
def new_token(request: Request, form: Form) -> Response:
    with page(request) as ctx:
        issued = create_token(ctx.db, actor=ctx.user, name=str(form.get("name", "")))
        ctx.db.flush()
        return ctx.render("me.html", tokens=_tokens(ctx.db, ctx.user.id),
                          new_token=issued.secret)


@router.post("/me/tokens/{token_id}/revoke")
def revoke(request: Request, token_id: int, form: Form) -> Response:
    with page(request) as ctx:
        revoke_token(ctx.db, actor=ctx.user, token_id=token_id)
        return redirect("/me")
