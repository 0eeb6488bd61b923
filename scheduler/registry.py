"""Accounts and people, and who may post where (第3, 第4.1, 第4.3)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from connectors import PLATFORMS
from policy_gate.types import ACCOUNT_KINDS, CATEGORIES
from scheduler import audit
from scheduler.enums import AccountKind, Role
from scheduler.errors import InvalidInput, NotFound
from scheduler.models import Account, User
from scheduler.rights import Operation, require, visible_accounts

ROLES: tuple[str, ...] = tuple(Role)
#: the author of posts created without ``--as``: the office's own operator
DEFAULT_OPERATOR = "operator"
OFFICE_SECTION = "地方創生推進室"


def add_account(session: Session, *, name: str, platform: str, kind: str = "main",
                section: str | None = None, categories: Sequence[str] | None = None,
                options: Mapping[str, object] | None = None, actor: User) -> Account:
    require(actor, Operation.ACCOUNT_ADD)
    name = name.strip()
    if not name:
        raise InvalidInput("アカウント名が空です", "the account name is empty")
    if platform not in PLATFORMS:
        raise InvalidInput(f"未知のプラットフォーム「{platform}」(選択肢: {', '.join(PLATFORMS)})",
                           f"unknown platform {platform!r}; known: {', '.join(PLATFORMS)}")
    if kind not in ACCOUNT_KINDS:
        raise InvalidInput(f"未知のアカウント種別「{kind}」(選択肢: {', '.join(ACCOUNT_KINDS)})",
                           f"unknown account kind {kind!r}; known: {', '.join(ACCOUNT_KINDS)}")
    if categories is not None:
        _check_categories(categories)
    if session.scalar(select(Account).where(Account.name == name)) is not None:
        raise InvalidInput(f"アカウント「{name}」は既にあります",
                           f"account {name!r} already exists")
    account = Account(name=name, platform=platform, kind=AccountKind(kind), section=section,
                      categories=list(categories) if categories is not None else None,
                      options=dict(options or {}))
    session.add(account)
    session.flush()
    audit.record(session, actor=actor.name, kind="account.added", subject_type="account",
                 subject_id=account.id, name=name, platform=platform, account_kind=kind,
                 section=section)
    return account


def _check_categories(categories: Iterable[str]) -> None:
    unknown = [c for c in categories if c not in CATEGORIES]
    if unknown:
        raise InvalidInput(
            f"未知の発信区分: {', '.join(unknown)} (選択肢: {', '.join(CATEGORIES)})",
            f"unknown categories: {', '.join(unknown)}; known: {', '.join(CATEGORIES)}",
        )


def get_account(session: Session, name: str) -> Account:
    account = session.scalar(select(Account).where(Account.name == name))
    if account is None:
        raise NotFound(f"アカウント「{name}」はありません", f"no account named {name!r}")
    return account


def list_accounts(session: Session, viewer: User | None = None) -> list[Account]:
    """Every account, or (for a person) only those they work on."""
    query = select(Account).order_by(Account.id)
    if viewer is not None:
        query = query.where(visible_accounts(viewer))
    return list(session.scalars(query))


def add_user(session: Session, *, name: str, role: str, section: str | None = None,
             grants: Sequence[str] = (), actor: User) -> User:
    require(actor, Operation.USER_MANAGE)
    name = name.strip()
    if not name:
        raise InvalidInput("利用者名が空です", "the user name is empty")
    if role not in ROLES:
        raise InvalidInput(f"未知の役割「{role}」(選択肢: {', '.join(ROLES)})",
                           f"unknown role {role!r}; known: {', '.join(ROLES)}")
    if session.scalar(select(User).where(User.name == name)) is not None:
        raise InvalidInput(f"利用者「{name}」は既にいます", f"user {name!r} already exists")
    if role in (Role.SECTION_HEAD, Role.SECTION_STAFF) and not section:
        raise InvalidInput("所属長・担当者には所属 (--section) が必要です",
                           "section heads and section staff need a --section")
    user = User(name=name, role=Role(role), section=section,
                accounts=[get_account(session, g) for g in grants])
    session.add(user)
    session.flush()
    audit.record(session, actor=actor.name, kind="user.added", subject_type="user",
                 subject_id=user.id, name=name, role=role, section=section,
                 grants=list(grants))
    return user


def grant(session: Session, *, user_name: str, account_name: str, actor: User) -> User:
    """Entrust an account to a person (a contractor's contract, 第3)."""
    require(actor, Operation.USER_MANAGE)
    user = get_user(session, user_name)
    account = get_account(session, account_name)
    if account not in user.accounts:
        user.accounts.append(account)
        audit.record(session, actor=actor.name, kind="user.granted", subject_type="user",
                     subject_id=user.id, account=account_name)
    return user


def get_user(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise NotFound(f"利用者「{name}」はいません", f"no user named {name!r}")
    return user


def default_operator(session: Session) -> User:
    """The office operator who acts when no ``--as`` is given (created on first use)."""
    user = session.scalar(select(User).where(User.name == DEFAULT_OPERATOR))
    if user is None:
        user = User(name=DEFAULT_OPERATOR, role=Role.OFFICE_STAFF, section=OFFICE_SECTION)
        session.add(user)
        session.flush()
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.id)))
