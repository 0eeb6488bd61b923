"""One request of the console: who is signed in, a unit of work on the store, the form's
CSRF check, and rendering in the person's language.

A page handler opens :func:`page` (or receives a checked form from :func:`checked_form`),
calls one scheduler operation and renders; a refused operation is shown where it belongs
— beside the field it names, at the top of the form, or as a 403/404 page — with the
unit of work rolled back, so nothing is half-saved.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from console import dates
from console.web.i18n import message, translator
from console.web.labels import template_globals
from scheduler.db import session_scope
from scheduler.errors import Forbidden, InvalidField, InvalidState, KohogateError, NotFound
from scheduler.inbox import Waiting, waiting_counts
from scheduler.models import User
from scheduler.rights import Operation, allowed
from scheduler.settings import Settings

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
TEMPLATES.env.filters["jst"] = dates.jst_text
TEMPLATES.env.filters["jst_input"] = dates.jst_input
TEMPLATES.env.filters["wareki"] = dates.wareki
TEMPLATES.env.globals["weekdays_ja"] = dates.WEEKDAYS_JA
TEMPLATES.env.globals.update(template_globals())
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"


class SignInNeeded(Exception):
    """No one is signed in (or the person was deactivated): go to the sign-in page."""


class CsrfRefused(Exception):
    """A form that did not come from a page this session was given."""


def csrf_token(request: Request) -> str:
    token = request.session.get(CSRF_FIELD)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[CSRF_FIELD] = token
    return str(token)


def csrf_ok(request: Request, sent: str | None) -> bool:
    expected = request.session.get(CSRF_FIELD)
    return bool(expected and sent and secrets.compare_digest(str(expected), sent))


async def checked_form(request: Request) -> FormData:
    """The posted form, once its CSRF token matches this session's."""
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    if not csrf_ok(request, sent if isinstance(sent, str) else None):
        raise CsrfRefused()
    return form


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def flash(request: Request, text: str) -> None:
    request.session.setdefault("flash", []).append(text)


def redirect(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


@dataclass
class Ctx:
    request: Request
    db: Session
    user: User
    settings: Settings
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def lang(self) -> str:
        return self.user.language or "ja"

    def t(self, text: str) -> str:
        return translator(self.lang)(text)

    def say(self, error: KohogateError) -> str:
        return message(error, self.lang)

    def waiting(self) -> Waiting:
        return waiting_counts(self.db, self.user)

    def hidden_pages(self) -> set[str]:
        """Pages this person may not open are not offered in the menu."""
        user, hidden = self.user, set()
        if not allowed(user, Operation.AUDIT_VIEW):
            hidden.add("/audit")
        if not allowed(user, Operation.FILING_VIEW, section=user.section):
            hidden.add("/filings")
        if not allowed(user, Operation.SUBMISSION_VIEW, section=user.section):
            hidden.add("/submissions")
        return hidden

    def render(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        request = self.request
        flashes = request.session.pop("flash", [])
        return TEMPLATES.TemplateResponse(request, template, {
            "user": self.user, "lang": self.lang, "_": self.t, "csrf": csrf_token(request),
            "waiting": self.waiting(), "flashes": flashes, "errors": self.errors,
            "hidden": self.hidden_pages(),
            "path": request.url.path, **context}, status_code=status)

    def refused(self, error: KohogateError, template: str, status: int | None = None,
                **context: Any) -> HTMLResponse:
        """Render the form again with the message beside its field (or on top), after
        undoing whatever the operation had begun."""
        self.db.rollback()
        if isinstance(error, InvalidField):
            self.errors[error.field] = self.say(error)
        else:
            self.errors["_form"] = self.say(error)
        return self.render(template, status=status or _status(error), **context)


def _status(error: KohogateError) -> int:
    if isinstance(error, Forbidden):
        return 403
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, InvalidState):
        return 409
    return 400


def status_of(error: KohogateError) -> int:
    return _status(error)


def signed_in_user(request: Request, db: Session) -> User:
    user_id = request.session.get("uid")
    user = db.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.active or user.password_hash is None:
        request.session.pop("uid", None)
        raise SignInNeeded()
    return user


@contextmanager
def page(request: Request) -> Iterator[Ctx]:
    """The signed-in person and one unit of work, committed when the page is rendered."""
    settings = settings_of(request)
    with session_scope(settings.resolved_database_url) as db:
        yield Ctx(request=request, db=db, user=signed_in_user(request, db), settings=settings)


def login_redirect(request: Request) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return redirect(f"/login?next={quote(target)}")


def safe_next(target: str | None) -> str:
    """Only a path of this site: never another host after signing in."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def values(form: Mapping[str, Any] | None) -> dict[str, Any]:
    return {} if form is None else {k: v for k, v in form.items() if isinstance(v, str)}
