"""The people and accounts every console test uses: the office, 観光課 (with its 分野別
account), 教育課, and two contractors — one entrusted with 観光課's account, one with
nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi.testclient import TestClient

from scheduler.db import session_scope
from scheduler.models import User
from scheduler.registry import add_account, add_user, default_operator, grant
from scheduler.settings import Settings
from scheduler.signin import hash_password

PASSWORD = "minecity-2026"
#: name → (role, section)
PEOPLE: dict[str, tuple[str, str | None]] = {
    "shitsucho": ("office_head", "地方創生推進室"),
    "koho": ("office_staff", "地方創生推進室"),
    "tanaka": ("section_head", "観光課"),
    "suzuki": ("section_staff", "観光課"),
    "yamada": ("section_head", "教育課"),
    "vendor": ("contractor", None),
    "stranger": ("contractor", None),
}


@dataclass(frozen=True)
class World:
    settings: Settings


def make_world(settings: Settings) -> World:
    hashed = hash_password(PASSWORD)  # one hash for all: argon2 is slow on purpose
    with session_scope(settings.resolved_database_url) as session:
        office = default_operator(session)
        add_account(session, name="main", platform="mock", kind="main", actor=office)
        add_account(session, name="kanko", platform="mock", kind="field", section="観光課",
                    categories=["pr", "event", "other"], actor=office)
        add_account(session, name="kyoiku", platform="mock", kind="field", section="教育課",
                    actor=office)
        for name, (role, section) in PEOPLE.items():
            user = add_user(session, name=name, role=role, section=section, actor=office)
            user.password_hash = hashed
        grant(session, user_name="vendor", account_name="kanko", actor=office)
    return World(settings)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def sign_in(client: TestClient, name: str, password: str = PASSWORD) -> TestClient:
    page = client.get("/login")
    response = client.post("/login", data={"name": name, "password": password,
                                           "csrf": csrf_of(page.text)},
                           follow_redirects=False)
    assert response.status_code == 303, response.text[:500]
    return client


def token_for(settings: Settings, name: str) -> str:
    from sqlalchemy import select

    from scheduler.signin import create_token

    with session_scope(settings.resolved_database_url) as session:
        user = session.scalar(select(User).where(User.name == name))
        assert user is not None
        return create_token(session, actor=user, name="test").secret
