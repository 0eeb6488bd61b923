"""``/api/v1``: every page of the console as JSON, for a person's API token
(``Authorization: Bearer kg_…``, made on the settings page and shown once).

Each call reads its input, calls the same scheduler operation as the page and the CLI,
and answers with the views the CLI prints as ``--json``. Refusals are JSON too, Japanese
first: ``{"error": {"code", "message", "message_en", "field"}}``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi_offline import FastAPIOffline
from sqlalchemy.orm import Session

from console import views
from console.api.models import (
    ApplicationIn,
    CheckIn,
    ComposeIn,
    ConvertIn,
    DecideIn,
    EditIn,
    FilingDecisionIn,
    ReasonIn,
    RegistrationIn,
    RescheduleIn,
    SubmissionIn,
)
from console.web.pages.posts import preview_json
from console.web.pages.records import audit_filters
from scheduler import calendar
from scheduler.account_overview import AccountRow, account_detail, account_rows
from scheduler.audit_log import events, to_csv, verify_chain
from scheduler.db import session_scope
from scheduler.drafting import (
    compose_post,
    move_post,
    preview_post,
    resubmit_post,
    revise_post,
)
from scheduler.errors import Forbidden, InvalidState, KohogateError, NotFound
from scheduler.filings import (
    decide_filing,
    file_application,
    get_filing,
    list_filings,
    report_legacy,
)
from scheduler.health import resume_account
from scheduler.inbox import approval_queue, decide_approval, decided_comments, waiting_counts
from scheduler.metrics import CONTENT_TYPE as METRICS_TYPE
from scheduler.metrics import metrics_text
from scheduler.models import User
from scheduler.moderation import decide_review, review_queue
from scheduler.posts import cancel_post, get_post, list_posts
from scheduler.rights import Operation, require
from scheduler.settings import Settings
from scheduler.signin import SignInRefused, user_for_token
from scheduler.status import status_summary
from scheduler.submissions import (
    convert_submission,
    create_submission,
    get_submission,
    list_submissions,
    return_submission,
    withdraw_submission,
)

bearer = HTTPBearer(auto_error=False, description="個人のAPIトークン（設定画面で発行）")
Token = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
JSON = dict[str, Any]

_CODES: tuple[tuple[type[KohogateError], int, str], ...] = (
    (SignInRefused, 401, "unauthorized"), (Forbidden, 403, "forbidden"),
    (NotFound, 404, "not_found"), (InvalidState, 409, "invalid_state"),
    (KohogateError, 422, "invalid_input"))


def error_json(exc: KohogateError) -> JSONResponse:
    status, code = next((s, c) for cls, s, c in _CODES if isinstance(exc, cls))
    return JSONResponse({"error": {"code": code, "message": exc.ja, "message_en": exc.en,
                                   "field": getattr(exc, "field", None)}},
                        status_code=status,
                        headers={"WWW-Authenticate": "Bearer"} if status == 401 else None)


def _account_json(row: AccountRow) -> JSON:
    return {**views.account_view(row.account), "granted_to": row.granted_to,
            "held": row.held, "hold_reasons": row.hold_reasons,
            "token_expires_at": row.token_expires_at.isoformat()
            if row.token_expires_at else None,
            "cost_this_month_usd": row.cost_this_month_usd, "cost_cap_usd": row.cost_cap_usd,
            "budget": row.budget, "moderation": list(row.moderation)}


def create_api(settings: Settings) -> FastAPI:
    # the documentation page's scripts come from an installed package, not a CDN: a city's
    # network may not reach one
    api = FastAPIOffline(
        title="広報ゲート API", version="1",
        description="美祢市公式アカウント運用コンソールのREST API。各操作は画面と同じ権限規則"
                    "（第3・第4.3・第4.6）に従います。",
        docs_url="/docs", redoc_url=None, openapi_url="/openapi.json")
    zone = settings.timezone

    @api.exception_handler(KohogateError)
    async def refused(_request: Request, exc: KohogateError) -> Response:
        return error_json(exc)

    @contextmanager
    def unit(token: HTTPAuthorizationCredentials | None) -> Iterator[tuple[Session, User]]:
        if token is None or token.scheme.lower() != "bearer":
            raise SignInRefused("APIトークンが必要です（Authorization: Bearer）",
                                "an API token is required (Authorization: Bearer)")
        with session_scope(settings.resolved_database_url) as db:
            yield db, user_for_token(db, token.credentials)

    @api.get("/me", tags=["people"])
    def me(token: Token) -> JSON:
        with unit(token) as (_db, user):
            return {**views.user_view(user), "language": user.language}

    @api.get("/waiting", tags=["people"], summary="自分を待っている件数")
    def waiting(token: Token) -> JSON:
        with unit(token) as (db, user):
            counts = waiting_counts(db, user)
            return {"approvals": counts.approvals, "reviews": counts.reviews,
                    "submissions": counts.submissions}

    @api.get("/calendar", tags=["posts"], summary="期間内の投稿（日本時間の日付）")
    def calendar_(token: Token, start: date, end: date, account: str | None = None,
                  section: str | None = None) -> list[JSON]:
        with unit(token) as (db, user):
            return [{"post_id": e.post_id, "due_at": views.local(e.due_at, zone),
                     "kind": e.kind, "text": e.text, "accounts": list(e.accounts),
                     "author": e.author, "category": e.category}
                    for e in calendar.entries(db, user, start, end, zone, account=account,
                                              section=section)]

    @api.get("/posts", tags=["posts"], summary="新しい順（before で古い方へ）")
    def posts(token: Token, before: int | None = None, limit: int = 100) -> list[JSON]:
        with unit(token) as (db, user):
            return [views.post_view(p, detail=False) for p in list_posts(
                db, viewer=user, limit=min(max(limit, 1), 200), before=before)]

    @api.post("/posts", tags=["posts"], status_code=201, summary="作成して提出")
    def create(token: Token, body: ComposeIn) -> JSON:
        with unit(token) as (db, user):
            post, _verdict = compose_post(
                db, settings, author=user, accounts=body.accounts, text=body.text, at=body.at,
                category=body.category, share_source=body.share_source,
                share_url=body.share_url, needs_approval=body.needs_approval,
                image_urls=body.image_urls, submit=body.submit)
            return views.post_view(post)

    @api.post("/posts/check", tags=["posts"], summary="下書きのゲート判定（保存しない）")
    def check(token: Token, body: CheckIn) -> JSON:
        with unit(token) as (db, user):
            preview = preview_post(db, settings, viewer=user, accounts=body.accounts,
                                   text=body.text, category=body.category,
                                   share_source=body.share_source, share_url=body.share_url,
                                   needs_approval=body.needs_approval,
                                   media_kinds=["image"] if body.has_image else [])
            return preview_json(preview, settings)

    @api.get("/posts/{post_id}", tags=["posts"])
    def post(token: Token, post_id: int) -> JSON:
        with unit(token) as (db, user):
            return views.post_view(get_post(db, post_id, viewer=user))

    @api.patch("/posts/{post_id}", tags=["posts"], summary="編集（承認後の編集は再判定・再決裁）")
    def edit(token: Token, post_id: int, body: EditIn) -> JSON:
        with unit(token) as (db, user):
            return views.post_view(revise_post(db, settings, post_id, user, text=body.text,
                                               category=body.category,
                                               needs_approval=body.needs_approval,
                                               submit=body.submit))

    @api.post("/posts/{post_id}/submit", tags=["posts"])
    def submit(token: Token, post_id: int) -> JSON:
        with unit(token) as (db, user):
            resubmit_post(db, settings, post_id, user)
            return views.post_view(get_post(db, post_id))

    @api.post("/posts/{post_id}/reschedule", tags=["posts"])
    def reschedule(token: Token, post_id: int, body: RescheduleIn) -> JSON:
        with unit(token) as (db, user):
            return views.post_view(move_post(db, settings, post_id, user, body.at))

    @api.post("/posts/{post_id}/cancel", tags=["posts"])
    def cancel(token: Token, post_id: int, body: ReasonIn) -> JSON:
        with unit(token) as (db, user):
            return views.post_view(cancel_post(db, post_id, user, body.reason))

    @api.get("/approvals", tags=["決裁"], summary="自分の決裁を待つ投稿（第4.6）")
    def approvals(token: Token) -> list[JSON]:
        with unit(token) as (db, user):
            return [views.post_view(p) for p in approval_queue(db, user)]

    @api.post("/posts/{post_id}/approve", tags=["決裁"])
    def approve(token: Token, post_id: int, body: ReasonIn) -> JSON:
        with unit(token) as (db, user):
            return views.post_view(decide_approval(db, post_id, user, approve=True,
                                                   reason=body.reason))

    @api.post("/posts/{post_id}/decline", tags=["決裁"], summary="却下（理由が必要）")
    def decline(token: Token, post_id: int, body: ReasonIn) -> JSON:
        with unit(token) as (db, user):
            return views.post_view(decide_approval(db, post_id, user, approve=False,
                                                   reason=body.reason))

    @api.get("/reviews", tags=["comments"], summary="確認待ちコメント（第4.5）")
    def reviews(token: Token) -> list[JSON]:
        with unit(token) as (db, user):
            return [views.comment_view(c) for c in review_queue(db, viewer=user)]

    @api.get("/reviews/decided", tags=["comments"], summary="対応済み（取り消し可能なもの）")
    def decided(token: Token) -> list[JSON]:
        with unit(token) as (db, user):
            return [views.comment_view(c) for c in decided_comments(db, user)]

    @api.post("/reviews/{comment_id}/decide", tags=["comments"])
    def decide(token: Token, comment_id: int, body: DecideIn) -> JSON:
        with unit(token) as (db, user):
            return views.comment_view(decide_review(db, settings, comment_id, body.action,
                                                    user, [body.ground] if body.ground
                                                    else None))

    @api.get("/submissions", tags=["submissions"], summary="情報提供（第4.2(3)）")
    def submissions(token: Token) -> list[JSON]:
        with unit(token) as (db, user):
            return [views.submission_view(s, zone) for s in list_submissions(db, user)]

    @api.post("/submissions", tags=["submissions"], status_code=201)
    def submit_information(token: Token, body: SubmissionIn) -> JSON:
        with unit(token) as (db, user):
            return views.submission_view(create_submission(
                db, settings, author=user, title=body.title, body=body.body,
                category=body.category, link=body.link, desired_at=body.desired_at), zone)

    @api.get("/submissions/{submission_id}", tags=["submissions"])
    def submission(token: Token, submission_id: int) -> JSON:
        with unit(token) as (db, user):
            return views.submission_view(get_submission(db, submission_id, user), zone)

    @api.post("/submissions/{submission_id}/convert", tags=["submissions"],
              summary="情報提供を投稿にする（一手で）")
    def convert(token: Token, submission_id: int, body: ConvertIn) -> JSON:
        with unit(token) as (db, user):
            created, _verdict = convert_submission(
                db, settings, submission_id, user, accounts=body.accounts, text=body.text,
                at=body.at, category=body.category, needs_approval=body.needs_approval)
            return views.post_view(created)

    @api.post("/submissions/{submission_id}/return", tags=["submissions"])
    def give_back(token: Token, submission_id: int, body: ReasonIn) -> JSON:
        with unit(token) as (db, user):
            return views.submission_view(return_submission(db, submission_id, user,
                                                           body.reason or ""), zone)

    @api.post("/submissions/{submission_id}/withdraw", tags=["submissions"])
    def withdraw(token: Token, submission_id: int) -> JSON:
        with unit(token) as (db, user):
            return views.submission_view(withdraw_submission(db, submission_id, user), zone)

    @api.get("/accounts", tags=["accounts"])
    def accounts(token: Token) -> list[JSON]:
        with unit(token) as (db, user):
            return [_account_json(r) for r in account_rows(db, settings, user)]

    @api.get("/accounts/{name}", tags=["accounts"])
    def account(token: Token, name: str) -> JSON:
        with unit(token) as (db, user):
            return _account_json(account_detail(db, settings, user, name))

    @api.post("/accounts/{name}/resume", tags=["accounts"], summary="保留の解除")
    def resume(token: Token, name: str) -> JSON:
        with unit(token) as (db, user):
            resume_account(db, actor=user, name=name)
            return _account_json(account_detail(db, settings, user, name))

    @api.get("/filings", tags=["accounts"], summary="開設届（様式第1号）と第5の報告")
    def filings(token: Token) -> list[JSON]:
        with unit(token) as (db, user):
            return [views.filing_view(f, zone) for f in list_filings(db, user)]

    @api.post("/filings", tags=["accounts"], status_code=201, summary="様式第1号を届け出る")
    def apply(token: Token, body: ApplicationIn) -> JSON:
        with unit(token) as (db, user):
            return views.filing_view(file_application(db, settings, actor=user,
                                                      **body.model_dump()), zone)

    @api.post("/filings/legacy", tags=["accounts"], status_code=201, summary="第5の報告")
    def legacy(token: Token, body: RegistrationIn) -> JSON:
        with unit(token) as (db, user):
            return views.filing_view(report_legacy(db, settings, actor=user,
                                                   **body.model_dump()), zone)

    @api.get("/filings/{filing_id}", tags=["accounts"])
    def filing(token: Token, filing_id: int) -> JSON:
        with unit(token) as (db, user):
            return views.filing_view(get_filing(db, filing_id, user), zone)

    @api.post("/filings/{filing_id}/decide", tags=["accounts"],
              summary="承認（様式第2号）または不承認")
    def decide_application(token: Token, filing_id: int, body: FilingDecisionIn) -> JSON:
        with unit(token) as (db, user):
            return views.filing_view(decide_filing(
                db, filing_id, user, approve=body.approve,
                decision_number=body.decision_number, account_name=body.account_name,
                note=body.note), zone)

    def _filters(actor: str | None, account: str | None, kind: str | None,
                 since: date | None, until: date | None) -> JSON:
        return audit_filters({"actor": actor, "account": account, "kind": kind,
                              "since": since.isoformat() if since else None,
                              "until": until.isoformat() if until else None})

    @api.get("/audit", tags=["records"], summary="監査ログ（日付は日本時間）")
    def audit(token: Token, actor: str | None = None, account: str | None = None,
              kind: str | None = None, since: date | None = None, until: date | None = None,
              limit: int = 200) -> list[JSON]:
        with unit(token) as (db, user):
            return [views.audit_view(e) for e in events(
                db, viewer=user, limit=min(max(limit, 1), 5000),
                **_filters(actor, account, kind, since, until))]

    @api.get("/audit.csv", tags=["records"], response_class=Response)
    def audit_csv(token: Token, actor: str | None = None, account: str | None = None,
                  kind: str | None = None, since: date | None = None,
                  until: date | None = None) -> Response:
        with unit(token) as (db, user):
            rows = events(db, viewer=user, limit=100_000,
                          **_filters(actor, account, kind, since, until))
            return Response(to_csv(rows), media_type="text/csv; charset=utf-8")

    @api.get("/audit/verify", tags=["records"], summary="ハッシュチェーンの検査")
    def verify(token: Token) -> JSON:
        with unit(token) as (db, user):
            result = verify_chain(db, viewer=user)
            return {**result.__dict__, "ok": result.ok}

    @api.get("/metrics", tags=["records"], summary="Prometheus形式の指標（室の利用者のトークン）",
             response_class=Response)
    def metrics(token: Token) -> Response:
        with unit(token) as (_db, user):
            require(user, Operation.AUDIT_VIEW)
        return Response(metrics_text(settings), media_type=METRICS_TYPE)

    @api.get("/status", tags=["records"])
    def status(token: Token) -> JSON:
        with unit(token) as (db, user):
            return status_summary(db, settings, user).to_dict()

    return api
