"""The console's application: pages under ``/``, the REST API under ``/api/v1``.

Both call the same scheduler operations as the CLI. Sessions are signed cookies (the key is
kept outside the data folder), every form carries a CSRF token, and sign-in is throttled
by the scheduler. ``kohogate web`` serves it with uvicorn; so does ``kohogate up``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from console.web.ctx import TEMPLATES, CsrfRefused, SignInNeeded, login_redirect, status_of
from console.web.i18n import message, translator
from console.web.session_key import session_secret
from scheduler.errors import KohogateError
from scheduler.settings import Settings

log = logging.getLogger("kohogate.console")
SESSION_HOURS = 12
_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


def _error_page(request: Request, status: int, text: str) -> HTMLResponse:
    language = str(request.session.get("lang", "ja")) if "session" in request.scope else "ja"
    return TEMPLATES.TemplateResponse(request, "error.html", {
        "status": status, "message": text, "_": translator(language), "lang": language},
        status_code=status)


def create_app(settings: Settings | None = None) -> FastAPI:
    if settings is None:
        from console.context import ready_settings

        settings = ready_settings()
    from console.api.app import create_api
    from console.web import hooks
    from console.web.pages import register_pages

    app = FastAPI(title="広報ゲート", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings

    @app.middleware("http")
    async def timing_and_headers(request: Request,
                                 call_next: Callable[[Request], Awaitable[Response]]
                                 ) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        elapsed = (time.perf_counter() - started) * 1000
        response.headers["Server-Timing"] = f"app;dur={elapsed:.1f}"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        if not request.url.path.startswith("/api/"):
            response.headers["X-Frame-Options"] = "DENY"
            response.headers["Content-Security-Policy"] = _CSP
        return response

    app.add_middleware(SessionMiddleware, secret_key=session_secret(settings),
                       session_cookie="kohogate_session", max_age=SESSION_HOURS * 3600,
                       same_site="lax", https_only=False)

    @app.exception_handler(SignInNeeded)
    async def sign_in(request: Request, _exc: SignInNeeded) -> Response:
        return login_redirect(request)

    @app.exception_handler(CsrfRefused)
    async def csrf(request: Request, _exc: CsrfRefused) -> Response:
        return _error_page(request, 403, "フォームの有効期限が切れたか、別の画面から送信"
                           "されました。ページを開き直してもう一度お試しください。")

    @app.exception_handler(KohogateError)
    async def refused(request: Request, exc: KohogateError) -> Response:
        language = str(request.session.get("lang", "ja"))
        return _error_page(request, status_of(exc), message(exc, language))

    @app.exception_handler(Exception)
    async def broken(request: Request, exc: Exception) -> Response:
        log.exception("console error on %s %s", request.method, request.url.path)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": {"code": "internal",
                                           "message": "内部エラーが発生しました",
                                           "message_en": "internal error"}}, status_code=500)
        return _error_page(request, 500, "内部エラーが発生しました。時間をおいて再度お試し"
                           "いただき、続く場合は管理者に連絡してください。")

    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")),
              name="static")
    app.mount("/api/v1", create_api(settings))
    app.include_router(hooks.router)
    register_pages(app)
    return app
