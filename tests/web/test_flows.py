"""What people do in the console, page by page, on a real store: 決裁, submissions,
filings and their printed forms, the review queue, the calendar, the audit log, status,
the language switch and the API's tokens and documents."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from console.dates import wareki
from scheduler.connecting import vault_for
from scheduler.db import session_scope
from scheduler.models import Account, AccountFiling, Comment, Post, Submission, User
from tests.pipeline import deliveries, drain, platform, post_now
from tests.web.conftest import sqlite_only
from tests.web.people import World, csrf_of, token_for
from tests.web.seed import seed


def form(client: TestClient, page: str, action: str, data: dict[str, object]) -> str:
    """Send a form as a browser would and follow the redirect to the page it leads to."""
    token = csrf_of(client.get(page).text)
    response = client.post(action, data={**data, "csrf": token})
    assert response.status_code == 200, (action, response.status_code, response.text[:400])
    return response.text


def badge(html: str, name: str) -> int:
    found = re.search(rf'id="wait-{name}"[^>]*>(\d+)<', html)
    return int(found.group(1)) if found else 0


def test_approval_from_compose_to_publication_and_back_after_an_edit(
        world: World, client_for: Callable[[str], TestClient]) -> None:
    suzuki, tanaka, yamada = client_for("suzuki"), client_for("tanaka"), client_for("yamada")
    page = form(suzuki, "/posts/new", "/posts/new", {
        "accounts": "kanko", "text": "観光課の来年度の方針をお知らせします", "category": "pr",
        "needs_approval": "on"})
    assert "決裁を待っています" in page and "決裁待ち" in page
    post_id = int(re.search(r"投稿 (\d+)", page).group(1))  # type: ignore[union-attr]
    assert badge(tanaka.get("/calendar").text, "approvals") == 1
    assert badge(yamada.get("/calendar").text, "approvals") == 0  # 教育課 is not the 所属長
    assert badge(suzuki.get("/calendar").text, "approvals") == 0  # never one's own
    inbox = tanaka.get("/approvals").text
    assert "観光課の来年度の方針" in inbox and "第4.6" in inbox
    form(tanaka, "/approvals", f"/posts/{post_id}/approve", {"back": "/approvals"})
    drain(world.settings)
    assert [d.state for d in deliveries(world.settings, post_id)] == ["published"]
    # an edit after approval goes back to 決裁 — shown on a post not yet published
    later = post_now(world.settings, ["kanko"], "観光課の方針（改訂）", author_name="suzuki",
                     needs_approval=True, at="2031-04-01T09:00")
    form(tanaka, f"/posts/{later}", f"/posts/{later}/approve", {})
    assert "予約済み" in suzuki.get(f"/posts/{later}").text
    page = form(suzuki, f"/posts/{later}", f"/posts/{later}/edit",
                {"text": "観光課の方針（再改訂）", "category": "pr", "needs_approval": "on"})
    assert "決裁待ち" in page
    assert badge(tanaka.get("/calendar").text, "approvals") == 1


def test_a_section_head_cannot_approve_their_own_post(world: World,
                                                       client_for: Callable[[str], TestClient]
                                                       ) -> None:
    tanaka = client_for("tanaka")
    own = post_now(world.settings, ["kanko"], "課長自身の投稿", author_name="tanaka",
                   needs_approval=True)
    assert "課長自身の投稿" not in tanaka.get("/approvals").text
    token = csrf_of(tanaka.get(f"/posts/{own}").text)
    refused = tanaka.post(f"/posts/{own}/approve", data={"csrf": token})
    assert refused.status_code == 403 and "自分の投稿を決裁することはできません" in refused.text
    form(client_for("shitsucho"), "/approvals", f"/posts/{own}/approve", {"back": "/approvals"})


def test_a_submission_becomes_a_post_in_one_step_or_goes_back_with_its_reason(
        world: World, client_for: Callable[[str], TestClient]) -> None:
    suzuki, koho = client_for("suzuki"), client_for("koho")
    form(suzuki, "/submissions", "/submissions", {"title": "先に出した件", "body": "秋吉台の山焼き",
                                                 "category": "event"})
    form(suzuki, "/submissions", "/submissions", {"title": "後から出した件",
                                                 "body": "紅葉まつりの開催", "category": "event"})
    inbox = koho.get("/submissions").text
    assert badge(inbox, "submissions") == 2
    assert inbox.index("先に出した件") < inbox.index("後から出した件")  # oldest first
    with session_scope(world.settings.resolved_database_url) as session:
        first, second = session.scalars(select(Submission.id).order_by(Submission.id))
    page = form(koho, "/submissions", f"/submissions/{first}/convert",
                {"accounts": "main", "text": "秋吉台の山焼きを行います"})
    assert "投稿 " in page and "main" in page
    form(koho, "/submissions", f"/submissions/{second}/return",
         {"reason": "日程が未確定のため、確定後に再度ご提供ください"})
    mine = suzuki.get("/submissions").text
    assert "投稿済み" in mine and "日程が未確定のため" in mine
    assert badge(mine, "submissions") == 1  # the returned one waits for the section
    drain(world.settings)
    with session_scope(world.settings.resolved_database_url) as session:
        post = session.scalar(select(Post).where(Post.text == "秋吉台の山焼きを行います"))
        assert post is not None and post.author.name == "koho"
        assert [d.state for d in post.deliveries] == ["published"]


def test_a_field_account_is_filed_approved_and_printed_as_the_policy_lays_it_out(
        world: World, app: FastAPI, client_for: Callable[[str], TestClient]) -> None:
    tanaka, head = client_for("tanaka"), client_for("shitsucho")
    page = form(tanaka, "/filings/new", "/filings/new", {
        "number": "12", "platform": "instagram", "categories": ["pr", "event"],
        "content": "観光情報", "handle": "mine_kanko_ig", "password": "Vault-Only-Pass-1",
        "url": "https://www.instagram.com/mine_kanko_ig/", "email": "kanko@city.mine.lg.jp",
        "title": "美祢市観光課", "registration_other": "", "comment_policy": "原則返信しません",
        "other": "", "planned_start": "2027-04-01"})
    filing_id = int(re.search(r"/filings/(\d+)/form1", page).group(1))  # type: ignore[union-attr]
    form(head, f"/filings/{filing_id}", f"/filings/{filing_id}/decide",
         {"decision": "approve", "decision_number": "34", "account_name": "kanko-ig"})
    with session_scope(world.settings.resolved_database_url) as session:
        account = session.scalar(select(Account).where(Account.name == "kanko-ig"))
        assert account is not None and account.kind == "field"
        assert account.section == "観光課" and account.categories == ["pr", "event"]
        filing = session.get(AccountFiling, filing_id)
        assert filing is not None and filing.secret_token
        assert vault_for(world.settings).decrypt(filing.secret_token)["password"] == \
            "Vault-Only-Pass-1"
        filed_on, decided_on = filing.created_at, filing.decided_at
    first = tanaka.get(f"/filings/{filing_id}/form1").text
    for words in ("様式第1号", "第<span class=\"blank\">12</span>号", wareki(filed_on),
                  "地方創生推進室長　宛て", "観光課長", "印",
                  "ソーシャルメディア分野別美祢市公式アカウント開設・運用届", "所属名", "登録情報",
                  "メールアドレス", "利用者からの<br>コメント等への<br>対応", "運用開始予定時期",
                  "令和9年4月1日", "print.css"):
        assert words in first, words
    second = tanaka.get(f"/filings/{filing_id}/form2").text
    assert decided_on is not None
    for words in ("様式第2号", "第<span class=\"blank\">34</span>号", wareki(decided_on),
                  "地方創生推進室長<span class=\"seal\">印</span>",
                  "ソーシャルメディア分野別美祢市公式アカウント開設・運用承認",
                  f"{wareki(filed_on)}付　第<span class=\"blank\">12</span>号で出された"
                  "分野別美祢市公式アカウントの開設・運用について承認します。"):
        assert words in second, words
    api = TestClient(app)
    shown = api.get(f"/api/v1/filings/{filing_id}", headers={
        "Authorization": f"Bearer {token_for(world.settings, 'tanaka')}"}).json()
    assert shown["password_stored"] is True
    for text in (first, second, tanaka.get(f"/filings/{filing_id}").text, str(shown)):
        assert "Vault-Only-Pass-1" not in text
    # 第5: an older account is reported and, once received, is in the registry as legacy
    page = form(client_for("yamada"), "/filings/legacy/new", "/filings/legacy",
                {"platform": "facebook", "handle": "mine.kyoiku", "title": "美祢市教育委員会"})
    legacy_id = int(re.search(r"<title>届出 (\d+)", page).group(1))  # type: ignore[union-attr]
    form(head, f"/filings/{legacy_id}", f"/filings/{legacy_id}/decide",
         {"decision": "approve", "account_name": "kyoiku-fb"})
    with session_scope(world.settings.resolved_database_url) as session:
        legacy = session.scalar(select(Account).where(Account.name == "kyoiku-fb"))
        assert legacy is not None and legacy.kind == "legacy" and legacy.section == "教育課"


def test_the_review_queue_hides_with_a_cited_ground_and_undoes(
        world: World, client_for: Callable[[str], TestClient]) -> None:
    seeded = seed(world.settings)
    post_id = post_now(world.settings, ["kanko"], "紅葉の見頃です", author_name="suzuki")
    drain(world.settings)
    [delivery] = deliveries(world.settings, post_id)
    remote = platform(world.settings).add_comment(
        account="kanko", post_remote_id=delivery.remote_id or "", text="あの店はつぶれるらしいよ")
    with session_scope(world.settings.resolved_database_url) as session:
        comment = session.get(Comment, seeded.comment)
        assert comment is not None
        comment.platform_id, comment.post_remote_id = remote, delivery.remote_id or ""
    reviewer = client_for("tanaka")
    queue = reviewer.get("/reviews").text
    assert '<mark class="" title="第4.5(5)">つぶれるらしい</mark>' in queue
    assert "第4.5(5)" in queue and "単なる噂" in queue
    page = form(reviewer, "/reviews", f"/reviews/{seeded.comment}/decide",
                {"action": "hide", "ground": "rumor"})
    assert "第4.5(5)" in page and "確認待ちのコメントはありません" in page
    held = platform(world.settings).snapshot()["accounts"]["kanko"]["comments"]
    assert [c["hidden"] for c in held if c["remote_id"] == remote] == [True]
    form(reviewer, "/reviews", f"/reviews/{seeded.comment}/decide", {"action": "unhide"})
    held = platform(world.settings).snapshot()["accounts"]["kanko"]["comments"]
    assert [c["hidden"] for c in held if c["remote_id"] == remote] == [False]
    audit = client_for("koho").get("/audit?kind=moderation.").text
    assert "moderation.hide" in audit and "moderation.unhide" in audit and "tanaka" in audit


def test_calendar_days_are_japanese_days_and_reschedule_moves_a_post(
        world: World, client_for: Callable[[str], TestClient]) -> None:
    early = post_now(world.settings, ["kanko"], "朝一番のお知らせ", author_name="suzuki",
                     at="2031-12-01T08:30")  # 2031-11-30 23:30 UTC
    post_now(world.settings, ["main"], "推進室のお知らせ", at="2031-12-01T10:00")
    client = client_for("suzuki")
    page = client.get("/calendar?view=week&day=2031-12-01").text
    day = page[page.index('data-day="2031-12-01"'):page.index('data-day="2031-12-02"')]
    assert "朝一番のお知らせ" in day and "08:30" in day
    assert "推進室のお知らせ" not in page  # not one of 観光課's accounts
    office = client_for("koho").get("/calendar?view=month&day=2031-12-01&account=main").text
    assert "推進室のお知らせ" in office and "朝一番のお知らせ" not in office
    token = csrf_of(client.get("/calendar").text)
    moved = client.post(f"/posts/{early}/move", json={"at": "2031-12-02T08:30"},
                        headers={"X-CSRF-Token": token})
    assert moved.json() == {"post_id": early, "due_at": "2031-12-02T08:30"}
    refused = client.post(f"/posts/{early}/move", json={"at": "2001-12-02T08:30"},
                          headers={"X-CSRF-Token": token})
    assert refused.status_code == 400 and "過去" in refused.json()["error"]
    form(client, f"/posts/{early}", f"/posts/{early}/reschedule", {"at": "2031-12-03T09:15"})
    page = client.get("/calendar?view=week&day=2031-12-01").text
    day = page[page.index('data-day="2031-12-03"'):page.index('data-day="2031-12-04"')]
    assert "朝一番のお知らせ" in day and "09:15" in day


def test_audit_export_and_chain_and_status(world: World,
                                           client_for: Callable[[str], TestClient]) -> None:
    seed(world.settings)
    office = client_for("koho")
    csv = office.get("/audit.csv?actor=tanaka")
    assert csv.status_code == 200 and csv.text.startswith("\ufeffseq,at,actor")
    assert "filing.applied" in csv.text and "submission.created" not in csv.text
    assert "改ざんなし" in office.get("/audit?verify=1").text
    with session_scope(world.settings.resolved_database_url) as session:
        kanko = session.scalar(select(Account).where(Account.name == "kanko"))
        assert kanko is not None
        kanko.hold_reason = "今月の利用料が上限に達しました"
    from scheduler.credentials import set_credentials

    with session_scope(world.settings.resolved_database_url) as session:
        expires = int(datetime.now().timestamp()) + 3 * 86400
        set_credentials(session, world.settings, actor=session.scalar(
            select(User).where(User.name == "koho")), name="kyoiku",
            raw=f'{{"token": "t", "expires_at": "{expires}"}}')
    status = office.get("/status").text
    assert "kyoiku：" in status  # its token runs out within a week
    assert "今月の利用料が上限に達しました" in status
    assert re.search(r'id="held">1<', status)
    assert 'id="resume"' in office.get("/accounts/kanko").text
    form(office, "/accounts/kanko", "/accounts/kanko/resume", {})
    assert re.search(r'id="held">0<', office.get("/status").text)


@sqlite_only
def test_signing_out_ends_the_session(world: World,
                                      client_for: Callable[[str], TestClient]) -> None:
    client = client_for("koho")
    assert client.get("/status").status_code == 200
    token = csrf_of(client.get("/status").text)
    assert client.post("/logout", data={"csrf": token},
                       follow_redirects=False).headers["location"] == "/login"
    assert client.get("/status", follow_redirects=False).status_code == 303


@sqlite_only
def test_english_for_whoever_chooses_it(world: World,
                                        client_for: Callable[[str], TestClient]) -> None:
    client = client_for("vendor")
    assert "カレンダー" in client.get("/calendar").text
    form(client, "/me", "/me/language", {"language": "en"})
    page = client.get("/calendar").text
    assert "Calendar" in page and 'lang="en"' in page


@sqlite_only
def test_api_tokens_are_shown_once_and_the_api_documents_itself(
        world: World, app: FastAPI, client_for: Callable[[str], TestClient]) -> None:
    client = client_for("suzuki")
    page = form(client, "/me", "/me/tokens", {"name": "集計"})
    secret = re.search(r'id="new-token">(kg_[^<]+)<', page).group(1)  # type: ignore[union-attr]
    assert secret not in client.get("/me").text  # never shown again
    api = TestClient(app)
    headers = {"Authorization": f"Bearer {secret}"}
    created = api.post("/api/v1/posts", headers=headers, json={
        "accounts": ["kanko"], "text": "APIからのお知らせ", "category": "event"})
    assert created.status_code == 201 and created.json()["publication"] == "scheduled"
    refused = api.post("/api/v1/posts", headers=headers, json={
        "accounts": ["kanko"], "text": "x", "category": "jobs"})
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "category"
    assert "第4.2(2)" in refused.json()["error"]["message"]
    schema = api.get("/api/v1/openapi.json").json()
    for path in ("/posts", "/posts/check", "/approvals", "/reviews/{comment_id}/decide",
                 "/submissions/{submission_id}/convert", "/filings/{filing_id}/decide",
                 "/calendar", "/audit", "/status"):
        assert path in schema["paths"], path
    assert api.get("/api/v1/docs").status_code == 200


@sqlite_only
def test_x_counts_are_weighted_in_the_live_verdict(world: World,
                                                   client_for: Callable[[str], TestClient]
                                                   ) -> None:
    from scheduler.registry import add_account, default_operator

    with session_scope(world.settings.resolved_database_url) as session:
        add_account(session, name="x-main", platform="x", actor=default_operator(session))
    client = client_for("koho")
    token = csrf_of(client.get("/posts/new").text)
    result = client.post("/posts/check", headers={"X-CSRF-Token": token}, json={
        "accounts": ["main", "x-main"], "text": "あ" * 150, "category": "pr"}).json()
    counted = {c["account"]: (c["count"], c["limit"], c["over"]) for c in result["counts"]}
    assert counted == {"main": (150, 5000, False), "x-main": (300, 280, True)}
    assert result["problems"] and "X" in result["problems"][0]["message"]


def test_wareki() -> None:
    assert wareki(date(2019, 5, 1)) == "令和元年5月1日"
    assert wareki(date(2019, 4, 30)) == "平成31年4月30日"
    assert wareki(date(2026, 12, 1)) == "令和8年12月1日"
    # a UTC instant late in the day is already the next day in Japan
    from datetime import UTC

    assert wareki(datetime(2026, 3, 31, 16, 0, tzinfo=UTC)) == "令和8年4月1日"


@sqlite_only
def test_an_internal_error_is_a_japanese_page_not_a_trace(world: World, app: FastAPI) -> None:
    def boom() -> None:
        raise RuntimeError("secret detail")

    app.add_api_route("/boom", boom)
    response = TestClient(app, raise_server_exceptions=False).get("/boom")
    assert response.status_code == 500
    assert "内部エラーが発生しました" in response.text and "secret detail" not in response.text


def test_the_session_key_is_made_once_outside_the_data_folder(tmp_path: Path) -> None:
    from console.web.session_key import session_secret
    from scheduler.settings import Settings

    key = tmp_path / "config" / "kohogate" / "session.key"
    settings = Settings(data_dir=tmp_path / "data", session_key_file=key)
    first = session_secret(settings)
    assert len(first) >= 32 and key.stat().st_mode & 0o777 == 0o600
    assert session_secret(settings) == first  # sessions survive a restart
    assert not (tmp_path / "data").exists()


@sqlite_only
def test_the_api_documentation_works_without_the_internet(app: FastAPI) -> None:
    """A city's network may reach no CDN: every file the page loads is served here."""
    client = TestClient(app)
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets and all(not a.startswith("http") for a in assets)
    assert all(client.get(a).status_code == 200 for a in assets)
