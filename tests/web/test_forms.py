"""Bad input on every form: the page comes back with a Japanese message next to the field
that caused it, the field marked, what was typed still there, and nothing saved."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from scheduler.db import session_scope
from scheduler.media import media_dir
from scheduler.models import Account, AccountFiling, AuditEvent, Post, Submission
from tests.web.conftest import sqlite_only
from tests.web.people import World, csrf_of, sign_in
from tests.web.seed import seed

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def counts(world: World) -> tuple[int, ...]:
    with session_scope(world.settings.resolved_database_url) as session:
        return tuple(session.scalar(select(func.count()).select_from(model)) or 0
                     for model in (Post, Submission, AccountFiling, Account, AuditEvent))


def field_error(html: str, field: str) -> str:
    """The message shown beside ``field``: right after the field itself, in Japanese."""
    found = re.search(rf'<p class="field-error" id="error-{field}"[^>]*>([^<]+)</p>', html)
    assert found, f"no message beside {field!r}"
    before = html[:found.start()]
    own = max(before.rfind(f'name="{field}"'), before.rfind(f'id="{field}"'))
    assert own != -1, f"no field {field!r}"
    closing = before.find("</textarea>", own)
    end = closing if closing != -1 and "<textarea" in before[max(0, own - 200):own] else own
    assert found.start() - end < 1200, f"the message is not next to {field!r}"
    assert JAPANESE.search(found.group(1)), found.group(1)
    return found.group(1)


def post_form(client: TestClient, page: str, action: str, data: dict[str, object],
              files: dict[str, tuple[str, bytes, str]] | None = None) -> str:
    token = csrf_of(client.get(page).text)
    response = client.post(action, data={**data, "csrf": token}, files=files,
                           follow_redirects=False)
    assert response.status_code == 400, (action, data, response.status_code,
                                         response.text[:300])
    return response.text


def test_composer(world: World, client_for: Callable[[str], TestClient]) -> None:
    client = client_for("suzuki")
    good: dict[str, object] = {"accounts": "kanko", "text": "秋吉台の山焼きのお知らせ",
                               "category": "event"}
    before = counts(world)
    cases: list[tuple[dict[str, object], str, str]] = [
        ({"accounts": ""}, "accounts", "アカウント"),
        ({"text": "  "}, "text", "空"),
        ({"text": "あ" * 5001}, "text", "上限"),
        ({"category": "jobs"}, "category", "第4.2(2)"),
        ({"category": "nonsense"}, "category", "区分"),
        ({"at": "2020-01-01T09:00"}, "at", "過去"),
        ({"at": "来週の火曜"}, "at", "読み取れません"),
        ({"image_url": "ftp://example.org/a.jpg"}, "image_url", "公開URL"),
    ]
    for change, field, words in cases:
        html = post_form(client, "/posts/new", "/posts/new", {**good, **change})
        assert words in field_error(html, field), (change, field)
        if field == "text" and "あ" not in str(change["text"]):
            continue
        kept = str(change.get("text", good["text"]))
        assert kept[:20] in html, "what was typed is kept"
    html = post_form(client, "/posts/new", "/posts/new", good,
                     files={"image": ("cave.jpg", b"not an image at all", "image/jpeg")})
    assert "画像" in field_error(html, "image")
    assert counts(world) == before
    assert not media_dir(world.settings).exists() or not any(
        media_dir(world.settings).iterdir())
    # a real image goes with the post
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    token = csrf_of(client.get("/posts/new").text)
    made = client.post("/posts/new", data={**good, "csrf": token},
                       files={"image": ("cave.png", png, "image/png")})
    assert made.status_code == 200 and "公開予定に入りました" in made.text
    [saved] = list(media_dir(world.settings).iterdir())
    assert saved.read_bytes() == png and saved.suffix == ".png"


@sqlite_only
def test_share_needs_its_source_on_the_main_account(world: World,
                                                    client_for: Callable[[str], TestClient]
                                                    ) -> None:
    before = counts(world)
    html = post_form(client_for("koho"), "/posts/new", "/posts/new",
                     {"accounts": "main", "text": "秋芳洞の写真をシェアします",
                      "category": "share"})
    assert "第4.2(4)" in field_error(html, "share_source")
    assert counts(world) == before


def test_post_page_forms(world: World, client_for: Callable[[str], TestClient]) -> None:
    seeded = seed(world.settings)
    before = counts(world)
    suzuki, tanaka = client_for("suzuki"), client_for("tanaka")
    page = f"/posts/{seeded.awaiting}"
    assert "入力してください" in field_error(
        post_form(suzuki, page, f"{page}/reschedule", {"at": ""}), "at")
    assert "過去" in field_error(
        post_form(suzuki, page, f"{page}/reschedule", {"at": "2001-01-01T00:00"}), "at")
    assert "空" in field_error(post_form(suzuki, page, f"{page}/edit", {"text": ""}), "text")
    assert "理由" in field_error(post_form(tanaka, page, f"{page}/decline", {"reason": " "}),
                                 "reason")
    inbox = post_form(tanaka, "/approvals", f"{page}/decline",
                      {"reason": "", "back": "/approvals"})
    assert "理由" in re.search(r'<p class="field-error"[^>]*>([^<]+)', inbox).group(1)  # type: ignore[union-attr]
    assert counts(world) == before


def test_submission_forms(world: World, client_for: Callable[[str], TestClient]) -> None:
    seeded = seed(world.settings)
    before = counts(world)
    suzuki, koho = client_for("suzuki"), client_for("koho")
    good = {"title": "紅葉まつり", "body": "11月に開催します", "category": "event"}
    for change, field in (({"title": ""}, "title"), ({"body": "\n"}, "body"),
                          ({"link": "javascript:alert(1)"}, "link"),
                          ({"desired_at": "いつか"}, "desired_at")):
        html = post_form(suzuki, "/submissions", "/submissions", {**good, **change})
        field_error(html, field)
        assert "紅葉まつり" in html or field == "title"
    sid = seeded.submission
    field_error(post_form(koho, "/submissions", f"/submissions/{sid}/return", {"reason": ""}),
                "reason")
    field_error(post_form(koho, "/submissions", f"/submissions/{sid}/convert",
                          {"text": "本文"}), "accounts")
    assert counts(world) == before


@sqlite_only
def test_filing_forms_never_echo_the_password(world: World,
                                              client_for: Callable[[str], TestClient]) -> None:
    before = counts(world)
    tanaka = client_for("tanaka")
    good = {"number": "観第1号", "platform": "instagram", "categories": ["pr"],
            "handle": "mine_kanko", "password": "hunter2-secret", "url": "https://x.example/",
            "email": "kanko@city.mine.lg.jp", "title": "観光課", "comment_policy": "返信しません",
            "planned_start": "2027-04-01"}
    for change, field in (({"platform": ""}, "platform"), ({"handle": ""}, "handle"),
                          ({"url": "www.example.org"}, "url"), ({"email": "kanko"}, "email"),
                          ({"planned_start": ""}, "planned_start"),
                          ({"planned_start": "2027-13-01"}, "planned_start"),
                          ({"comment_policy": ""}, "comment_policy"),
                          ({"categories": [], "content": ""}, "categories")):
        html = post_form(tanaka, "/filings/new", "/filings/new", {**good, **change})
        field_error(html, field)
        assert "hunter2-secret" not in html
    html = post_form(tanaka, "/filings/legacy/new", "/filings/legacy",
                     {"platform": "x", "handle": "", "title": "教育", "password": "pw-123456"})
    field_error(html, "handle")
    assert "pw-123456" not in html
    assert counts(world) == before


@sqlite_only
def test_filing_decision_form(world: World, client_for: Callable[[str], TestClient]) -> None:
    seeded = seed(world.settings)
    head = client_for("shitsucho")
    page = f"/filings/{seeded.filing}"
    before = counts(world)
    field_error(post_form(head, page, f"{page}/decide", {"decision": "decline", "note": ""}),
                "note")
    field_error(post_form(head, page, f"{page}/decide",
                          {"decision": "approve", "account_name": "kanko"}), "account_name")
    assert counts(world) == before


@sqlite_only
def test_settings_forms(world: World, client_for: Callable[[str], TestClient]) -> None:
    client = client_for("suzuki")
    field_error(post_form(client, "/me", "/me/language", {"language": "fr"}), "language")
    field_error(post_form(client, "/me", "/me/password",
                          {"password": "long-enough-1", "password_again": "other"}),
                "password_again")
    html = post_form(client, "/me", "/me/password", {"password": "short", "password_again":
                                                     "short"})
    assert "10文字以上" in html


@sqlite_only
def test_audit_filter_with_a_bad_date(world: World, client_for: Callable[[str], TestClient]
                                      ) -> None:
    response = client_for("koho").get("/audit?since=2026-02-30")
    assert response.status_code == 400
    assert "読み取れません" in response.text


@sqlite_only
def test_sign_in_refusals_are_the_same_and_throttled(world: World, app: FastAPI) -> None:
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    wrong_name = client.post("/login", data={"name": "nobody", "password": "x" * 12,
                                             "csrf": token})
    wrong_password = client.post("/login", data={"name": "suzuki", "password": "x" * 12,
                                                 "csrf": token})
    assert wrong_name.status_code == wrong_password.status_code == 401
    assert "利用者名またはパスワードが違います" in wrong_name.text
    assert "利用者名またはパスワードが違います" in wrong_password.text
    for _ in range(5):
        last = client.post("/login", data={"name": "suzuki", "password": "y" * 12,
                                           "csrf": token})
    assert "試行回数が多すぎます" in last.text
    # even the right password waits now
    right = client.post("/login", data={"name": "suzuki", "password": "minecity-2026",
                                        "csrf": token}, follow_redirects=False)
    assert right.status_code == 401
    # another person from another place is not held back by it
    other = sign_in(TestClient(app, client=("10.0.0.9", 5000)), "tanaka")
    assert other.get("/calendar").status_code == 200


@sqlite_only
def test_a_form_without_its_csrf_token_is_refused(world: World,
                                                  client_for: Callable[[str], TestClient]
                                                  ) -> None:
    client = client_for("suzuki")
    before = counts(world)
    response = client.post("/posts/new", data={"accounts": "kanko", "text": "CSRFなし"})
    assert response.status_code == 403
    assert "有効期限" in response.text
    forged = client.post("/posts/new", data={"accounts": "kanko", "text": "偽造",
                                             "csrf": "forged"})
    assert forged.status_code == 403
    check = client.post("/posts/check", json={"accounts": ["kanko"], "text": "x"})
    assert check.status_code == 403
    assert counts(world) == before
