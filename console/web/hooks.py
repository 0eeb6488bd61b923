"""The platforms' webhook receivers: ``/hooks/meta`` (Facebook Page feed, Instagram
comments), ``/hooks/x`` (X Account Activity) and ``/hooks/mock``.

A receiver reads the request and answers; the scheduler decides whether the delivery is
believed (its signature, against our accounts' secrets) and what it announces. Each
announced comment goes to the workers as its own task, so the platform gets its answer at
once; when the broker cannot take them, the answer is 503 and the platform delivers
again (and the sweep reads what was missed).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from scheduler.db import session_scope
from scheduler.errors import KohogateError, NotFound
from scheduler.settings import Settings
from scheduler.webhooks import Arrival, WebhookRefused, dispatch_arrivals, handshake, receive

router = APIRouter()


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _refusal(exc: KohogateError) -> JSONResponse:
    status = 404 if isinstance(exc, NotFound) else 403
    return JSONResponse({"error": exc.en}, status_code=status)


@router.get("/hooks/{provider}", include_in_schema=False)
def subscribe(provider: str, request: Request) -> Response:
    settings = _settings(request)
    try:
        with session_scope(settings.resolved_database_url) as session:
            answer = handshake(session, settings, provider, dict(request.query_params))
    except (WebhookRefused, NotFound) as exc:
        return _refusal(exc)
    return Response(answer.body, media_type=answer.content_type)


@router.post("/hooks/{provider}", include_in_schema=False)
async def deliver(provider: str, request: Request) -> Response:
    settings = _settings(request)
    body = await request.body()
    headers = {k.lower(): v for k, v in request.headers.items()}

    def read() -> list[Arrival]:
        with session_scope(settings.resolved_database_url) as session:
            return receive(session, settings, provider, body, headers)

    try:
        arrivals = await run_in_threadpool(read)
    except (WebhookRefused, NotFound) as exc:
        return _refusal(exc)
    try:
        await run_in_threadpool(dispatch_arrivals, settings, arrivals)
    except Exception:  # the broker is away: the platform will deliver again
        return JSONResponse({"error": "try again"}, status_code=503)
    return JSONResponse({"received": len(arrivals)})
