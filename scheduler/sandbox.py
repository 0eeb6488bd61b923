"""Stirring the mock platform from the faces (demonstrations, walkthroughs, tests): a
citizen's comment on one of our posts, an armed fault, a look at what the platform holds.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from connectors.mock import FAULT_KINDS, OPERATIONS, MockPlatform
from scheduler.errors import InvalidInput, NotFound
from scheduler.models import User
from scheduler.posts import get_post
from scheduler.registry import get_account
from scheduler.rights import Operation, require
from scheduler.settings import Settings

__all__ = ["FAULT_KINDS", "OPERATIONS", "add_comment", "inject_fault", "platform_state"]


def _platform(settings: Settings) -> MockPlatform:
    return MockPlatform(settings.resolved_mock_state_path)


def add_comment(session: Session, settings: Settings, *, actor: User, account: str,
                post_id: int, text: str, author_name: str | None = None,
                author_handle: str | None = None) -> str:
    """A citizen's comment on our published post; returns the platform's comment id."""
    require(actor, Operation.MOCK_DRIVE)
    target = get_account(session, account)
    if target.platform != "mock":
        raise InvalidInput(f"「{account}」は模擬アカウントではありません",
                           f"{account!r} is not a mock account")
    delivery = next((d for d in get_post(session, post_id).deliveries
                     if d.account_id == target.id), None)
    if delivery is None or delivery.remote_id is None:
        raise NotFound(f"投稿 {post_id} は「{account}」でまだ公開されていません",
                       f"post {post_id} is not published on {account!r} yet")
    return _platform(settings).add_comment(account=account, post_remote_id=delivery.remote_id,
                                           text=text, author_name=author_name,
                                           author_handle=author_handle)


def inject_fault(settings: Settings, *, actor: User, account: str, operation: str, kind: str,
                 count: int = 1, reset_in: float = 30.0) -> None:
    require(actor, Operation.MOCK_DRIVE)
    try:
        _platform(settings).inject_fault(account=account, operation=operation, kind=kind,
                                         count=count, reset_in=reset_in)
    except ValueError as exc:
        raise InvalidInput(f"障害を注入できません: {exc}", str(exc)) from None


def platform_state(settings: Settings, *, actor: User) -> dict[str, Any]:
    require(actor, Operation.MOCK_DRIVE)
    return _platform(settings).snapshot()
