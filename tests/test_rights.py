"""Every operation, for every role, on an account the person works on and on one they do
not: the one authorisation layer decides, and a refusal changes nothing — not the store,
not the audit log, not the platform.

The expectations below restate the policy (第3, 第4.1, 第4.6) independently of
scheduler/rights.py, so a wrong rule there fails here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scheduler.audit_log import events
from scheduler.credentials import rotate_keys, set_credentials
from scheduler.db import engine_for, session_scope
from scheduler.errors import Forbidden, NotFound
from scheduler.health import resume_account
from scheduler.models import Account, AuditEvent, Comment, Delivery, Post, User
from scheduler.moderation import decide_review, get_comment
from scheduler.posts import (
    approve_post,
    cancel_post,
    create_post,
    edit_post,
    get_post,
    reschedule_post,
    submit_post,
)
from scheduler.registry import add_account, add_user, default_operator, get_user, list_accounts
from scheduler.sandbox import platform_state
from scheduler.settings import Settings
from scheduler.sweep import run_sweep, sweep_account
from tests.conftest import POSTGRES_ADMIN_URL, drop_postgres_database, migrated_store
from tests.pipeline import drain, platform

pytestmark = pytest.mark.xdist_group("rights")

ROLES = ("office_head", "office_staff", "section_head", "section_staff", "contractor")
#: the person of each role; the section people belong to 観光課, the contractor runs kanko
PEOPLE = {"office_head": "shitsucho", "office_staff": "tanto", "section_head": "kacho",
          "section_staff": "kakari", "contractor": "itaku"}
BOTH, OWN, NONE = {"own", "other"}, {"own"}, set()
ACCOUNT_WORK = {"office_head": BOTH, "office_staff": BOTH, "section_head": OWN,
                "section_staff": OWN, "contractor": OWN}
OFFICE_ONLY = {"office_head": BOTH, "office_staff": BOTH, "section_head": NONE,
               "section_staff": NONE, "contractor": NONE}
#: 決裁: the office head for anyone, a 所属長 for their own section's staff (第4.6)
KESSAI = {"office_head": BOTH, "office_staff": NONE, "section_head": OWN,
          "section_staff": NONE, "contractor": NONE}
ACCOUNT_ADMIN = {"office_head": BOTH, "office_staff": BOTH, "section_head": OWN,
                 "section_staff": NONE, "contractor": NONE}
#: "own" is 観光課's kanko account (the contractor's too); "other" is 教育課's kyoiku
TARGET = {"own": "kanko", "other": "kyoiku"}


@dataclass
class World:
    settings: Settings
    posts: dict[str, int]  # per target: a draft, an approved post, one awaiting 決裁
    comments: dict[str, int]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres",
                                                                marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("rights")
    url, name = migrated_store(request.param, folder)
    settings = Settings(data_dir=folder / "data", database_url=url,
                        mock_state_path=folder / "mock.sqlite", dispatch_lookahead=0.0)
    with session_scope(url) as session:
        office = default_operator(session)
        for account, section in (("kanko", "観光課"), ("kyoiku", "教育課")):
            add_account(session, name=account, platform="mock", kind="field", section=section,
                        actor=office)
        for role, person in PEOPLE.items():
            section = {"section_head": "観光課", "section_staff": "観光課"}.get(
                role, "地方創生推進室" if role.startswith("office") else None)
            add_user(session, name=person, role=role, section=section,
                     grants=["kanko"] if role == "contractor" else (), actor=office)
        add_user(session, name="kyoiku-kakari", role="section_staff", section="教育課",
                 actor=office)
    posts: dict[str, int] = {}
    comments: dict[str, int] = {}
    for target, account in TARGET.items():
        author = "kakari" if target == "own" else "kyoiku-kakari"
        with session_scope(url) as session:
            office = default_operator(session)
            draft = create_post(session, settings, author=office, account_names=[account],
                                text="下書きのお知らせ", at="2031-01-01T09:00")
            published = create_post(session, settings, author=office, account_names=[account],
                                    text="秋吉台の山焼きのお知らせ")
            submit_post(session, settings, published.id, office)
            writer = get_user(session, author)
            kessai = create_post(session, settings, author=writer, account_names=[account],
                                 text="課の方針についてお知らせします", needs_approval=True)
            submit_post(session, settings, kessai.id, writer)
            posts |= {f"{target}:draft": draft.id, f"{target}:kessai": kessai.id}
            posts[f"{target}:published"] = published.id
        drain(settings)
        with session_scope(url) as session:
            remote = session.scalar(select(Delivery.remote_id).where(
                Delivery.post_id == posts[f"{target}:published"]))
            account_id = session.scalar(select(Account.id).where(Account.name == account))
        assert remote and account_id
        platform(settings).add_comment(account=account, post_remote_id=remote,
                                       text="担当の佐藤はバカ")  # an insult: waits for a person
        sweep_account(settings, account_id)
        with session_scope(url) as session:
            comments[target] = session.scalar(select(Comment.id).where(
                Comment.account_id == account_id)) or 0
    yield World(settings, posts, comments)
    engine_for(url).dispose()
    if name is not None:
        drop_postgres_database(POSTGRES_ADMIN_URL, name)


Attempt = Callable[[Session, World, User, str], Any]


def _sees(result: object, target: str) -> None:
    if not result:
        raise Forbidden("not shown", "not shown")


CASES: dict[str, tuple[dict[str, set[str]], Attempt]] = {
    "post.create": (ACCOUNT_WORK, lambda s, w, u, t: create_post(
        s, w.settings, author=u, account_names=[TARGET[t]], text="お知らせ")),
    "post.view": (ACCOUNT_WORK, lambda s, w, u, t: get_post(
        s, w.posts[f"{t}:draft"], viewer=u)),
    "post.submit": (ACCOUNT_WORK, lambda s, w, u, t: submit_post(
        s, w.settings, w.posts[f"{t}:draft"], u)),
    "post.edit": (ACCOUNT_WORK, lambda s, w, u, t: edit_post(
        s, w.settings, w.posts[f"{t}:draft"], u, text="書き直したお知らせ")),
    "post.reschedule": (ACCOUNT_WORK, lambda s, w, u, t: reschedule_post(
        s, w.settings, w.posts[f"{t}:draft"], u, "2031-02-01T09:00")),
    "post.cancel": (ACCOUNT_WORK, lambda s, w, u, t: cancel_post(
        s, w.posts[f"{t}:draft"], u)),
    "post.approve": (KESSAI, lambda s, w, u, t: approve_post(
        s, w.posts[f"{t}:kessai"], u)),
    "comment.view": (ACCOUNT_WORK, lambda s, w, u, t: get_comment(
        s, w.comments[t], viewer=u)),
    "comment.decide": (ACCOUNT_WORK, lambda s, w, u, t: decide_review(
        s, w.settings, w.comments[t], "hide", u, ["defamation"])),
    "sweep.run": (ACCOUNT_WORK, lambda s, w, u, t: run_sweep(
        w.settings, s, actor=u, account=TARGET[t])),
    "account.view": (ACCOUNT_WORK, lambda s, w, u, t: _sees(
        [a for a in list_accounts(s, viewer=u) if a.name == TARGET[t]], t)),
    "account.manage": (ACCOUNT_ADMIN, lambda s, w, u, t: set_credentials(
        s, w.settings, actor=u, name=TARGET[t], raw='{"token": "x"}')),
    "account.resume": (ACCOUNT_ADMIN, lambda s, w, u, t: resume_account(
        s, actor=u, name=TARGET[t])),
    "account.add": (OFFICE_ONLY, lambda s, w, u, t: add_account(
        s, name=f"new-{t}", platform="mock", actor=u)),
    "user.manage": (OFFICE_ONLY, lambda s, w, u, t: add_user(
        s, name=f"new-{t}", role="section_staff", section="観光課", actor=u)),
    "audit.view": (OFFICE_ONLY, lambda s, w, u, t: events(s, viewer=u, limit=5)),
    "vault.rotate": (OFFICE_ONLY, lambda s, w, u, t: rotate_keys(s, w.settings, actor=u)),
    "mock.drive": (OFFICE_ONLY, lambda s, w, u, t: platform_state(w.settings, actor=u)),
}


def _footprint(world: World) -> tuple[object, ...]:
    """What a refused request must leave exactly as it was."""
    with session_scope(world.settings.resolved_database_url) as session:
        counts = tuple(session.scalar(select(func.count()).select_from(model)) or 0
                       for model in (AuditEvent, Post, Delivery, Account, User))
        states = tuple(session.execute(select(Post.id, Post.state, Post.text, Post.due_at)
                                       .order_by(Post.id)).all())
        deliveries = tuple(session.execute(select(Delivery.id, Delivery.state)
                                           .order_by(Delivery.id)).all())
        comment_states = tuple(session.execute(select(Comment.id, Comment.state)
                                               .order_by(Comment.id)).all())
        tokens = tuple(session.execute(select(Account.id, Account.credentials_token)
                                       .order_by(Account.id)).all())
    mock = platform(world.settings).snapshot()
    return counts, states, deliveries, comment_states, tokens, mock


@pytest.mark.parametrize("target", ["own", "other"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", list(CASES))
def test_every_operation_for_every_role(world: World, operation: str, role: str,
                                        target: str) -> None:
    expected, attempt = CASES[operation]
    allowed = target in expected[role]
    before = _footprint(world)
    url = world.settings.resolved_database_url
    with session_scope(url) as session:
        actor = get_user(session, PEOPLE[role])
        try:
            attempt(session, world, actor, target)
            refused = None
        except (Forbidden, NotFound) as exc:  # NotFound: what one may not see is not there
            refused = exc
        if allowed:
            session.rollback()  # leave the world as the next case expects it
        # a refused request is committed as a careless face would: nothing may be in it
    if allowed:
        assert refused is None, f"{role} was refused {operation} on {target}: {refused}"
    else:
        assert refused is not None, f"{role} may not {operation} on {target}"
        assert refused.ja and refused.en
        assert _footprint(world) == before, "a refused request changed something"


def test_a_contractor_cannot_undo_a_hide_on_an_account_not_entrusted_to_it(
        world: World) -> None:
    """The attack of issue 8: unhide a hidden phone number on an account one was not
    given, then block the citizen."""
    url = world.settings.resolved_database_url
    with session_scope(url) as session:
        decide_review(session, world.settings, world.comments["other"], "hide",
                      default_operator(session), ["privacy"])
    before = _footprint(world)
    for action in ("unhide", "block"):
        with pytest.raises((Forbidden, NotFound)), session_scope(url) as session:
            decide_review(session, world.settings, world.comments["other"], action,
                          get_user(session, "itaku"), ["privacy"])
    assert _footprint(world) == before


def test_lists_show_only_what_a_person_works_on(world: World) -> None:
    with session_scope(world.settings.resolved_database_url) as session:
        names = {role: {a.name for a in list_accounts(session, viewer=get_user(session, p))}
                 for role, p in PEOPLE.items()}
    assert names["office_staff"] == {"kanko", "kyoiku"}
    assert names["contractor"] == names["section_staff"] == {"kanko"}


def test_the_matrix_covers_every_operation(tmp_path: Path) -> None:
    from scheduler.rights import Operation

    covered = {c.split(".")[0] + "." + c.split(".")[1] for c in CASES}
    not_here = {"account.apply", "account.decide", "submission.create", "submission.view",
                "submission.process", "status.view", "filing.view"}  # the console matrix
    assert {op.value for op in Operation} - not_here <= covered | {"account.manage"}
