"""The record and the daemon's health: the audit log (filter, CSV, the hash chain's state)
and the status page."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from console.dates import JST
from console.web.ctx import page
from scheduler.audit_log import events, to_csv, verify_chain
from scheduler.errors import InvalidField
from scheduler.status import status_summary
from scheduler.timeparse import parse_date

router = APIRouter()


def audit_filters(query: Any) -> dict[str, Any]:
    """The audit filters of a query string: days are JST calendar days, both ends kept."""
    since, until = (parse_date(query.get("since"), "since", "開始日"),
                    parse_date(query.get("until"), "until", "終了日"))
    return {
        "actor": (query.get("actor") or "").strip() or None,
        "account": (query.get("account") or "").strip() or None,
        "kind": (query.get("kind") or "").strip() or None,
        "since": datetime.combine(since, time(), JST) if since else None,
        "until": datetime.combine(until + timedelta(days=1), time(), JST) if until else None,
    }


@router.get("/audit")
def audit(request: Request) -> HTMLResponse:
    with page(request) as ctx:
        query = request.query_params
        try:
            filters = audit_filters(query)
        except InvalidField as exc:
            ctx.errors[exc.field] = ctx.say(exc)
            filters = {}
        rows = events(ctx.db, viewer=ctx.user, limit=200, **filters)
        chain = verify_chain(ctx.db, viewer=ctx.user) if query.get("verify") else None
        return ctx.render("audit.html", rows=rows[::-1], q=dict(query), chain=chain,
                          status=400 if ctx.errors else 200)


@router.get("/audit.csv")
def audit_csv(request: Request) -> Response:
    with page(request) as ctx:
        rows = events(ctx.db, viewer=ctx.user, limit=100_000,
                      **audit_filters(request.query_params))
        return Response(to_csv(rows), media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": 'attachment; filename="kohogate-audit.csv"'})


@router.get("/status")
def status(request: Request) -> HTMLResponse:
    with page(request) as ctx:
        return ctx.render("status.html", s=status_summary(ctx.db, ctx.settings, ctx.user))
