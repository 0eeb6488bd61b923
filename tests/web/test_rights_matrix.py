"""Every route of the console and of the API, for every role and grant, over HTTP.

A contractor reaches only the accounts entrusted to it, a section only its own, 決裁 only
the author's 所属長 or the office head, the 様式第2号 only the office head. A request that
is allowed is sent with input the operation refuses after its rights check (an empty
reason, an empty text), so the matrix proves the rights without changing the record —
except the last routes, where the refused people go first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.conftest import sqlite_only
from tests.web.people import PEOPLE, World, csrf_of, token_for
from tests.web.seed import Seeded, seed

ALL = frozenset(PEOPLE)
OFFICE = frozenset({"shitsucho", "koho"})
KANKO = OFFICE | {"tanaka", "suzuki", "vendor"}  # who works on 観光課's account
SECTIONS = frozenset({"tanaka", "suzuki", "yamada"})
HEADS = frozenset({"tanaka", "yamada"})
APPROVERS = frozenset({"shitsucho", "tanaka"})  # of suzuki's post


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    allowed: frozenset[str]
    data: dict[str, Any] = field(default_factory=dict)
    json: dict[str, Any] | None = None
    #: what an allowed person gets (None: anything but a refusal)
    expect: int | None = None


def web_routes(s: Seeded) -> list[Route]:
    p, c, sub, f = s.awaiting, s.cancelled, s.submission, s.filing
    return [
        Route("GET", "/", ALL, expect=303),
        Route("GET", "/calendar", ALL, expect=200),
        Route("GET", "/calendar?view=week&account=kanko", ALL, expect=200),
        Route("GET", "/posts", ALL, expect=200),
        Route("GET", "/posts/new", ALL, expect=200),
        Route("GET", "/approvals", ALL, expect=200),
        Route("GET", "/reviews", ALL, expect=200),
        Route("GET", "/status", ALL, expect=200),
        Route("GET", "/me", ALL, expect=200),
        Route("GET", "/waiting.json", ALL, expect=200),
        Route("GET", "/accounts", ALL, expect=200),
        Route("GET", "/submissions", OFFICE | SECTIONS, expect=200),
        Route("GET", f"/posts/{p}", KANKO, expect=200),
        Route("GET", "/accounts/kanko", KANKO, expect=200),
        Route("GET", f"/submissions/{sub}", OFFICE | {"tanaka", "suzuki"}, expect=200),
        Route("GET", "/filings", OFFICE | HEADS, expect=200),
        Route("GET", "/filings/new", HEADS, expect=200),
        Route("GET", "/filings/legacy/new", HEADS, expect=200),
        Route("GET", f"/filings/{f}", OFFICE | {"tanaka"}, expect=200),
        Route("GET", f"/filings/{f}/form1", OFFICE | {"tanaka"}, expect=200),
        Route("GET", f"/filings/{f}/form2", OFFICE | {"tanaka"}, expect=409),
        Route("GET", "/audit", OFFICE, expect=200),
        Route("GET", "/audit.csv", OFFICE, expect=200),
        Route("POST", "/posts/check", KANKO, json={"accounts": ["kanko"], "text": "お知らせ"},
              expect=200),
        Route("POST", "/posts/new", KANKO, {"accounts": "kanko", "text": ""}, expect=400),
        Route("POST", f"/posts/{p}/reschedule", KANKO, {"at": ""}, expect=400),
        Route("POST", f"/posts/{p}/edit", KANKO, {"text": ""}, expect=400),
        Route("POST", f"/posts/{p}/move", KANKO, json={"at": ""}, expect=400),
        Route("POST", f"/posts/{p}/submit", KANKO, expect=409),
        Route("POST", f"/posts/{p}/decline", APPROVERS, {"reason": ""}, expect=400),
        Route("POST", f"/posts/{c}/cancel", KANKO, expect=303),
        Route("POST", f"/reviews/{s.comment}/decide", KANKO, {"action": "unhide"}, expect=409),
        Route("POST", "/submissions", SECTIONS, {"title": ""}, expect=400),
        Route("POST", f"/submissions/{sub}/convert", OFFICE, {"text": "x"}, expect=400),
        Route("POST", f"/submissions/{sub}/return", OFFICE, {"reason": ""}, expect=400),
        Route("POST", "/filings/new", HEADS, {"platform": ""}, expect=400),
        Route("POST", "/filings/legacy", HEADS, {"platform": ""}, expect=400),
        Route("POST", f"/filings/{f}/decide", frozenset({"shitsucho"}),
              {"decision": "decline"}, expect=400),
        Route("POST", "/me/language", ALL, {"language": "xx"}, expect=400),
        Route("POST", "/me/password", ALL, {"password": "a" * 12, "password_again": "b"},
              expect=400),
        Route("POST", "/me/tokens", ALL, {"name": "matrix"}, expect=200),
        Route("POST", f"/me/tokens/{s.token}/revoke", OFFICE, expect=303),
        Route("POST", "/accounts/kanko/resume", OFFICE | {"tanaka"}, expect=303),
        # these change the record for the first allowed person: the refused go first
        Route("POST", f"/posts/{p}/approve", APPROVERS),
        Route("POST", f"/submissions/{sub}/withdraw", frozenset({"tanaka", "suzuki"})),
    ]


def api_routes(s: Seeded) -> list[Route]:
    p, c, sub, f = s.awaiting, s.cancelled, s.submission, s.filing
    return [
        Route("GET", "/api/v1/me", ALL, expect=200),
        Route("GET", "/api/v1/waiting", ALL, expect=200),
        Route("GET", "/api/v1/calendar?start=2026-01-05&end=2026-02-09", ALL, expect=200),
        Route("GET", "/api/v1/posts", ALL, expect=200),
        Route("GET", "/api/v1/approvals", ALL, expect=200),
        Route("GET", "/api/v1/reviews", ALL, expect=200),
        Route("GET", "/api/v1/reviews/decided", ALL, expect=200),
        Route("GET", "/api/v1/status", ALL, expect=200),
        Route("GET", "/api/v1/accounts", ALL, expect=200),
        Route("GET", "/api/v1/submissions", OFFICE | SECTIONS, expect=200),
        Route("GET", f"/api/v1/posts/{p}", KANKO, expect=200),
        Route("GET", "/api/v1/accounts/kanko", KANKO, expect=200),
        Route("GET", f"/api/v1/submissions/{sub}", OFFICE | {"tanaka", "suzuki"}, expect=200),
        Route("GET", "/api/v1/filings", OFFICE | HEADS, expect=200),
        Route("GET", f"/api/v1/filings/{f}", OFFICE | {"tanaka"}, expect=200),
        Route("GET", "/api/v1/audit", OFFICE, expect=200),
        Route("GET", "/api/v1/audit.csv", OFFICE, expect=200),
        Route("GET", "/api/v1/audit/verify", OFFICE, expect=200),
        Route("POST", "/api/v1/posts/check", KANKO,
              json={"accounts": ["kanko"], "text": "お知らせ"}, expect=200),
        Route("POST", "/api/v1/posts", KANKO, json={"accounts": ["kanko"], "text": ""},
              expect=422),
        Route("PATCH", f"/api/v1/posts/{p}", KANKO, json={"text": ""}, expect=422),
        Route("POST", f"/api/v1/posts/{p}/reschedule", KANKO, json={"at": ""}, expect=422),
        Route("POST", f"/api/v1/posts/{p}/submit", KANKO, expect=409),
        Route("POST", f"/api/v1/posts/{c}/cancel", KANKO, json={}, expect=200),
        Route("POST", f"/api/v1/posts/{p}/decline", APPROVERS, json={}, expect=422),
        Route("POST", f"/api/v1/reviews/{s.comment}/decide", KANKO, json={"action": "unhide"},
              expect=409),
        Route("POST", "/api/v1/submissions", SECTIONS, json={"title": "", "body": ""},
              expect=422),
        Route("POST", f"/api/v1/submissions/{sub}/convert", OFFICE,
              json={"accounts": []}, expect=422),
        Route("POST", f"/api/v1/submissions/{sub}/return", OFFICE, json={}, expect=422),
        Route("POST", "/api/v1/filings", HEADS, json={"platform": ""}, expect=422),
        Route("POST", "/api/v1/filings/legacy", HEADS, json={"platform": ""}, expect=422),
        Route("POST", f"/api/v1/filings/{f}/decide", frozenset({"shitsucho"}),
              json={"approve": False}, expect=422),
        Route("POST", "/api/v1/accounts/kanko/resume", OFFICE | {"tanaka"}, expect=200),
        Route("POST", f"/api/v1/posts/{p}/approve", APPROVERS, json={}),
        Route("POST", f"/api/v1/submissions/{sub}/withdraw", frozenset({"tanaka", "suzuki"})),
    ]


def _send(client: TestClient, route: Route, headers: dict[str, str] | None = None,
          csrf: str | None = None) -> Any:
    headers = dict(headers or {})
    if route.json is not None:
        if csrf:
            headers["X-CSRF-Token"] = csrf
        return client.request(route.method, route.path, json=route.json, headers=headers,
                              follow_redirects=False)
    data = {**route.data, **({"csrf": csrf} if csrf else {})}
    if route.method == "GET":
        return client.get(route.path, headers=headers, follow_redirects=False)
    return client.request(route.method, route.path, data=data or None, headers=headers,
                          follow_redirects=False)


def _check(route: Route, name: str, status: int, body: str) -> str | None:
    if name in route.allowed:
        if status in (401, 403, 404) or status >= 500 or (
                route.expect is not None and status != route.expect):
            return f"{route.method} {route.path} as {name}: {status} (expected " \
                   f"{route.expect or 'allowed'}) {body[:160]}"
    elif status not in (403, 404):
        return f"{route.method} {route.path} as {name}: {status}, expected refusal"
    return None


def _order(route: Route) -> list[str]:
    return sorted(PEOPLE, key=lambda n: (n in route.allowed, n))


def test_every_page_and_form_for_every_role(world: World, app: FastAPI,
                                            client_for: Callable[[str], TestClient]) -> None:
    seeded = seed(world.settings)
    menus = {name: client_for(name).get("/me").text for name in PEOPLE}
    csrf = {name: csrf_of(html) for name, html in menus.items()}
    for name, html in menus.items():  # the menu offers only what a person may open
        assert ('href="/audit"' in html) == (name in OFFICE), name
        assert ('href="/filings"' in html) == (name in OFFICE | HEADS), name
    # lists show only what a person works on: 観光課's post, comment and account
    for name in ("vendor", "stranger", "yamada", "suzuki"):
        for path in ("/posts", "/calendar?view=month", "/reviews", "/accounts"):
            text = client_for(name).get(path).text
            shown = ("観光課として来年度の方針" in text or "つぶれるらしい" in text
                     or "/accounts/kanko" in text)
            assert shown == (name in KANKO), (name, path)
    problems = []
    for route in web_routes(seeded):
        for name in _order(route):
            response = _send(client_for(name), route, csrf=csrf[name])
            problem = _check(route, name, response.status_code, response.text)
            if problem:
                problems.append(problem)
    assert not problems, "\n".join(problems)


def test_every_api_call_for_every_role(world: World, app: FastAPI) -> None:
    seeded = seed(world.settings)
    tokens = {name: token_for(world.settings, name) for name in PEOPLE}
    client = TestClient(app)
    problems = []
    for route in api_routes(seeded):
        for name in _order(route):
            response = _send(client, route, {"Authorization": f"Bearer {tokens[name]}"})
            problem = _check(route, name, response.status_code, response.text)
            if problem:
                problems.append(problem)
            if response.status_code in (403, 404, 409, 422):
                assert response.json()["error"]["message"], route.path  # Japanese first
    assert not problems, "\n".join(problems)


@sqlite_only
def test_nobody_signed_in_reaches_nothing(world: World, app: FastAPI) -> None:
    seeded = seed(world.settings)
    client = TestClient(app)
    for route in web_routes(seeded):
        response = _send(client, route)
        if route.method == "GET":
            assert response.status_code == 303, route.path
            assert response.headers["location"].startswith("/login?next=")
        else:  # no session, so no CSRF token either
            assert response.status_code == 403, route.path
    for route in api_routes(seeded):
        response = _send(client, route, {"Authorization": "Bearer kg_not-a-token"})
        assert response.status_code == 401, route.path
        assert response.json()["error"]["code"] == "unauthorized"


