"""Writing a post in a console: what the author may choose, the gate's verdict while the
text is still being typed, and creating and submitting the post in one step.

The composer must never offer a choice the post would later be refused for: the accounts
are those the person works on (第3), the categories those each account may publish
(第4.2(2)), and the share sources those of 第4.2(4). The verdict shown while typing is the
same gate the post meets at submission, so "決裁が必要です" is said before, not after.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from connectors import connector_class
from connectors.base import Rejected
from connectors.x import weighted_length
from policy_gate.types import CATEGORIES, SHARE_SOURCES, Verdict
from scheduler.enums import PostState
from scheduler.errors import InvalidField, InvalidInput, NotFound
from scheduler.gate import check_post, merge_post_verdicts, policy_for
from scheduler.media import discard_uploads, save_uploads
from scheduler.models import Account, Post, User, utcnow
from scheduler.posts import (
    create_post,
    edit_post,
    get_post,
    reschedule_post,
    submit_post,
    validate_text,
)
from scheduler.registry import get_account, list_accounts
from scheduler.rights import Operation, allowed, require
from scheduler.settings import Settings
from scheduler.timeparse import parse_local_time


@dataclass(frozen=True)
class AccountChoice:
    name: str
    platform: str
    kind: str
    section: str | None
    categories: tuple[str, ...]
    max_length: int | None


@dataclass(frozen=True)
class LengthCount:
    account: str
    platform: str
    count: int
    limit: int | None
    #: how X counts: CJK 2, URL 23; others count characters
    weighted: bool

    @property
    def over(self) -> bool:
        return self.limit is not None and self.count > self.limit


@dataclass
class Preview:
    verdict: dict[str, Any]
    counts: list[LengthCount]
    #: the text's problems that would refuse the post outright (length, emptiness)
    problems: list[dict[str, str]] = field(default_factory=list)


def allowed_categories(account: Account, settings: Settings) -> tuple[str, ...]:
    """The same reading of 第4.2(2) the gate applies, so the composer offers nothing the
    gate would refuse for its category."""
    policy = policy_for(settings.policy_path)
    if account.categories is not None:
        return tuple(c for c in CATEGORIES if c in account.categories)
    if account.kind == "main":
        return tuple(c for c in CATEGORIES if c in policy.main_categories)
    return CATEGORIES


def composer_choices(session: Session, settings: Settings, viewer: User) -> list[AccountChoice]:
    return [AccountChoice(name=a.name, platform=a.platform, kind=a.kind, section=a.section,
                          categories=allowed_categories(a, settings),
                          max_length=connector_class(a.platform).max_text_length)
            for a in list_accounts(session, viewer=viewer)
            if allowed(viewer, Operation.POST_CREATE, account=a)]


def share_sources(settings: Settings) -> dict[str, str]:
    policy = policy_for(settings.policy_path)
    return {key: policy.share_sources.get(key, key) for key in SHARE_SOURCES}


def text_length(platform: str, text: str) -> int:
    return weighted_length(text) if platform == "x" else len(text)


def length_counts(accounts: Sequence[Account], text: str) -> list[LengthCount]:
    return [LengthCount(account=a.name, platform=a.platform,
                        count=text_length(a.platform, text),
                        limit=connector_class(a.platform).max_text_length,
                        weighted=a.platform == "x") for a in accounts]


def _accounts(session: Session, names: Sequence[str], actor: User,
              operation: Operation) -> list[Account]:
    chosen = []
    for name in dict.fromkeys(n.strip() for n in names if n.strip()):
        try:
            account = get_account(session, name)
        except NotFound as exc:
            raise InvalidField.of(exc, "accounts") from None
        require(actor, operation, account=account)
        chosen.append(account)
    return chosen


def preview_post(session: Session, settings: Settings, *, viewer: User,
                 accounts: Sequence[str], text: str, category: str = "other",
                 share_source: str | None = None, share_url: str | None = None,
                 needs_approval: bool = False, media_kinds: Sequence[str] = ()) -> Preview:
    """The verdict a draft would get if submitted now, and its length on each platform.
    Nothing is stored."""
    targets = _accounts(session, accounts, viewer, Operation.POST_CREATE)
    problems = []
    for account in targets:
        try:
            connector_class(account.platform).check_text(text)
        except Rejected as exc:
            problems.append({"account": account.name, "message": exc.operator_message or str(exc),
                             "message_en": str(exc)})
    if not targets or not text.strip():
        return Preview(verdict={"decision": "allow", "grounds": [], "citations": [],
                                "evidence": [], "warnings": []},
                       counts=length_counts(targets, text), problems=problems)
    draft = Post(text=text, category=category if category in CATEGORIES else "other",
                 share_source=share_source or None, share_url=share_url or None,
                 needs_approval=needs_approval,
                 media=[{"kind": k} for k in media_kinds])
    verdict = merge_post_verdicts([check_post(draft, a, settings.policy_path) for a in targets])
    return Preview(verdict=verdict.to_dict(), counts=length_counts(targets, text),
                   problems=problems)


def compose_post(session: Session, settings: Settings, *, author: User,
                 accounts: Sequence[str], text: str, at: str | None = None,
                 category: str = "other", share_source: str | None = None,
                 share_url: str | None = None, needs_approval: bool = False,
                 image_urls: Sequence[str] = (),
                 uploads: Sequence[tuple[str, bytes]] = (),
                 submit: bool = True, now: datetime | None = None) -> tuple[Post, Verdict | None]:
    """Create the post and (by default) submit it to the gate, as one unit of work.

    Every field is checked before anything is kept, and each refusal names its field, so a
    form can show the message beside it. An uploaded image is written only after the
    fields pass, and removed again if the post is not created."""
    now = now or utcnow()
    if not [a for a in accounts if a.strip()]:
        raise InvalidField("投稿先のアカウントを1つ以上選んでください",
                           "choose at least one account", "accounts")
    targets = _accounts(session, accounts, author, Operation.POST_CREATE)
    try:
        validate_text(text, settings.max_text_length)
    except InvalidInput as exc:
        raise InvalidField.of(exc, "text") from None
    if category not in CATEGORIES:
        raise InvalidField(f"発信区分「{category}」は選べません", f"unknown category {category!r}",
                           "category")
    for account in targets:
        if category not in allowed_categories(account, settings):
            raise InvalidField(f"区分「{category}」はアカウント「{account.name}」で発信できません"
                               "（第4.2(2)）",
                               f"account {account.name!r} may not publish {category!r}",
                               "category")
        try:
            connector_class(account.platform).check_text(text.strip())
        except Rejected as exc:
            raise InvalidField(f"アカウント「{account.name}」: {exc.operator_message}",
                               f"account {account.name!r}: {exc}", "text") from None
    if category == "share" and share_source not in SHARE_SOURCES:
        raise InvalidField("シェアする情報の区分（第4.2(4)）を選んでください",
                           "choose what kind of information is shared (第4.2(4))",
                           "share_source")
    when = (at or "").strip() or None
    if when is not None:
        try:
            due = parse_local_time(when, settings.timezone)
        except InvalidInput as exc:
            raise InvalidField.of(exc, "at") from None
        if due < now - timedelta(seconds=settings.past_tolerance):
            raise InvalidField(f"日時「{when}」は過去です", f"the time {when!r} is in the past",
                               "at")
    for url in image_urls:
        if not url.startswith(("https://", "http://")):
            raise InvalidField(f"画像のURL「{url}」は http(s):// で始まる公開URLにしてください",
                               f"the media URL {url!r} must be a public http(s) URL",
                               "image_url")
    saved = save_uploads(settings, uploads)
    try:
        post = create_post(session, settings, author=author,
                           account_names=[a.name for a in targets], text=text, at=when,
                           category=category, needs_approval=needs_approval,
                           share_source=share_source if category == "share" else None,
                           share_url=(share_url or None) if category == "share" else None,
                           media=[{"url": u} for u in image_urls]
                           + [{"path": str(p)} for p in saved], now=now)
        verdict = submit_post(session, settings, post.id, author) if submit else None
    except BaseException:
        discard_uploads(saved)
        raise
    return post, verdict


def revise_post(session: Session, settings: Settings, post_id: int, actor: User, *,
                text: str | None = None, category: str | None = None,
                needs_approval: bool | None = None, submit: bool = True) -> Post:
    """An edit, and (by default) the new submission it calls for: an edited post goes back
    through the gate, and to 決裁 again if it needs it (第4.6)."""
    try:
        post = edit_post(session, settings, post_id, actor, text=text, category=category,
                         needs_approval=needs_approval)
    except InvalidInput as exc:
        if isinstance(exc, InvalidField):
            raise
        raise InvalidField.of(exc, "category" if "区分" in exc.ja else "text") from None
    if submit and post.state == PostState.DRAFT:
        submit_post(session, settings, post.id, actor)
    return post


def resubmit_post(session: Session, settings: Settings, post_id: int, actor: User) -> Verdict:
    """Submit a draft seen in a console; only someone who may see it may."""
    get_post(session, post_id, viewer=actor)
    return submit_post(session, settings, post_id, actor)


def move_post(session: Session, settings: Settings, post_id: int, actor: User,
              at: str) -> Post:
    """A new publishing time from a form: the refusal names the time field."""
    post = get_post(session, post_id, viewer=actor)
    for delivery in post.deliveries:
        require(actor, Operation.POST_RESCHEDULE, account=delivery.account)
    if not at.strip():
        raise InvalidField("新しい公開日時を入力してください", "give the new time", "at")
    try:
        return reschedule_post(session, settings, post_id, actor, at)
    except InvalidInput as exc:
        raise InvalidField.of(exc, "at") from None
