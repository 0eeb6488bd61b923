"""Who may do what, to which account: the one authorisation layer every face calls.

Every operation a person can invoke (from the CLI, the web console or the REST API) asks
:func:`require` before it changes anything, and every list is narrowed by
:func:`visible_accounts`. The table below is the policy's division of work:

- the office (地方創生推進室長 and staff) runs every account (第4.1(1));
- a section runs its own 分野別 accounts (第4.1(2)), and its head gives 決裁 (第4.6) to
  posts of the section's staff and files 様式第1号 (第4.3) or the 第5 report;
- a contracted operator works only on the accounts entrusted to it, under the same rules
  (第3);
- 決裁 is given by the author's 所属長 or the office head, never by the author;
- a 分野別 account is approved (様式第2号) by the configured approver, the office head
  by default (第4.3 names 秘書課長 once and 地方創生推進室長 everywhere else).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum

from sqlalchemy import ColumnElement, false, or_, true

from scheduler.enums import ROLE_LABELS_JA, Role
from scheduler.errors import Forbidden
from scheduler.models import Account, User


class Operation(StrEnum):
    POST_VIEW = "post.view"
    POST_CREATE = "post.create"
    POST_EDIT = "post.edit"
    POST_SUBMIT = "post.submit"
    POST_RESCHEDULE = "post.reschedule"
    POST_CANCEL = "post.cancel"
    #: 決裁 (第4.6): approve or decline
    POST_APPROVE = "post.approve"
    COMMENT_VIEW = "comment.view"
    COMMENT_DECIDE = "comment.decide"
    SWEEP_RUN = "sweep.run"
    ACCOUNT_VIEW = "account.view"
    ACCOUNT_ADD = "account.add"
    #: credentials, options, holds, grants, profile checks
    ACCOUNT_MANAGE = "account.manage"
    #: 様式第1号 (a 分野別 account) or the 第5 report (a legacy account)
    ACCOUNT_APPLY = "account.apply"
    #: 様式第2号
    ACCOUNT_DECIDE = "account.decide"
    #: read 様式第1号 filings and 第5 reports: the filing section's head and the office
    FILING_VIEW = "filing.view"
    USER_MANAGE = "user.manage"
    SUBMISSION_CREATE = "submission.create"
    SUBMISSION_VIEW = "submission.view"
    SUBMISSION_PROCESS = "submission.process"
    AUDIT_VIEW = "audit.view"
    STATUS_VIEW = "status.view"
    VAULT_ROTATE = "vault.rotate"
    #: stir the mock platform (demonstrations and tests)
    MOCK_DRIVE = "mock.drive"


class Scope(Enum):
    """What else a rule looks at besides the role."""

    ANY = "any"
    ACCOUNT = "account"  # the account must be one the person works on
    SECTION = "section"  # the section must be the person's own (the office: any)
    AUTHOR = "author"  # 決裁: the author's 所属長, or the office head; never the author
    APPROVER = "approver"  # the configured approver of 分野別 accounts


@dataclass(frozen=True)
class Rule:
    roles: frozenset[Role]
    scope: Scope


EVERYONE = frozenset(Role)
OFFICE = frozenset({Role.OFFICE_HEAD, Role.OFFICE_STAFF})
SECTIONS = frozenset({Role.SECTION_HEAD, Role.SECTION_STAFF})
Op = Operation

RULES: dict[Operation, Rule] = {
    Op.POST_VIEW: Rule(EVERYONE, Scope.ACCOUNT),
    Op.POST_CREATE: Rule(EVERYONE, Scope.ACCOUNT),
    Op.POST_EDIT: Rule(EVERYONE, Scope.ACCOUNT),
    Op.POST_SUBMIT: Rule(EVERYONE, Scope.ACCOUNT),
    Op.POST_RESCHEDULE: Rule(EVERYONE, Scope.ACCOUNT),
    Op.POST_CANCEL: Rule(EVERYONE, Scope.ACCOUNT),
    Op.POST_APPROVE: Rule(frozenset({Role.OFFICE_HEAD, Role.SECTION_HEAD}), Scope.AUTHOR),
    Op.COMMENT_VIEW: Rule(EVERYONE, Scope.ACCOUNT),
    Op.COMMENT_DECIDE: Rule(EVERYONE, Scope.ACCOUNT),
    Op.SWEEP_RUN: Rule(EVERYONE, Scope.ACCOUNT),
    Op.ACCOUNT_VIEW: Rule(EVERYONE, Scope.ACCOUNT),
    Op.ACCOUNT_ADD: Rule(OFFICE, Scope.ANY),
    Op.ACCOUNT_MANAGE: Rule(OFFICE | {Role.SECTION_HEAD}, Scope.ACCOUNT),
    Op.ACCOUNT_APPLY: Rule(frozenset({Role.SECTION_HEAD}), Scope.SECTION),
    Op.ACCOUNT_DECIDE: Rule(frozenset(Role), Scope.APPROVER),
    Op.FILING_VIEW: Rule(OFFICE | {Role.SECTION_HEAD}, Scope.SECTION),
    Op.USER_MANAGE: Rule(OFFICE, Scope.ANY),
    Op.SUBMISSION_CREATE: Rule(SECTIONS, Scope.SECTION),
    Op.SUBMISSION_VIEW: Rule(OFFICE | SECTIONS, Scope.SECTION),
    Op.SUBMISSION_PROCESS: Rule(OFFICE, Scope.ANY),
    Op.AUDIT_VIEW: Rule(OFFICE, Scope.ANY),
    Op.STATUS_VIEW: Rule(EVERYONE, Scope.ANY),
    Op.VAULT_ROTATE: Rule(OFFICE, Scope.ANY),
    Op.MOCK_DRIVE: Rule(OFFICE, Scope.ANY),
}

OPERATION_LABELS_JA: dict[Operation, str] = {
    Op.POST_VIEW: "投稿の閲覧", Op.POST_CREATE: "投稿の作成", Op.POST_EDIT: "投稿の編集",
    Op.POST_SUBMIT: "投稿の提出", Op.POST_RESCHEDULE: "公開日時の変更",
    Op.POST_CANCEL: "投稿の取消", Op.POST_APPROVE: "決裁", Op.COMMENT_VIEW: "コメントの閲覧",
    Op.COMMENT_DECIDE: "コメントの対応", Op.SWEEP_RUN: "コメントの巡回",
    Op.ACCOUNT_VIEW: "アカウントの閲覧", Op.ACCOUNT_ADD: "アカウントの登録",
    Op.ACCOUNT_MANAGE: "アカウントの管理", Op.ACCOUNT_APPLY: "アカウントの開設届・報告",
    Op.ACCOUNT_DECIDE: "アカウント開設の承認", Op.FILING_VIEW: "開設届・報告の閲覧",
    Op.USER_MANAGE: "利用者の管理",
    Op.SUBMISSION_CREATE: "情報提供の作成", Op.SUBMISSION_VIEW: "情報提供の閲覧",
    Op.SUBMISSION_PROCESS: "情報提供の処理", Op.AUDIT_VIEW: "監査ログの閲覧",
    Op.STATUS_VIEW: "稼働状況の閲覧", Op.VAULT_ROTATE: "暗号鍵の更新",
    Op.MOCK_DRIVE: "模擬プラットフォームの操作",
}


def works_on(user: User, account: Account) -> bool:
    """The office runs every account; a section its own; anyone the accounts granted to
    them — and a contractor nothing else (第3)."""
    if user.role in OFFICE:
        return True
    if any(granted.id == account.id for granted in user.accounts):
        return True
    return user.role in SECTIONS and account.section is not None and (
        account.section == user.section)


def may_approve(approver: User, author: User) -> bool:
    """決裁 (第4.6): the author's 所属長, or the office head; never oneself."""
    if approver.id == author.id:
        return False
    if approver.role == Role.OFFICE_HEAD:
        return True
    return approver.role == Role.SECTION_HEAD and approver.section is not None and (
        approver.section == author.section)


def allowed(user: User, operation: Operation, *, account: Account | None = None,
            section: str | None = None, author: User | None = None,
            approver_role: Role = Role.OFFICE_HEAD) -> bool:
    rule = RULES[operation]
    if not user.active or user.role not in rule.roles:
        return False
    if rule.scope is Scope.ACCOUNT:
        return account is not None and works_on(user, account)
    if rule.scope is Scope.SECTION:
        return user.role in OFFICE or (section is not None and section == user.section)
    if rule.scope is Scope.AUTHOR:
        return author is not None and may_approve(user, author)
    if rule.scope is Scope.APPROVER:
        return user.role == approver_role
    return True


def require(user: User, operation: Operation, *, account: Account | None = None,
            section: str | None = None, author: User | None = None,
            approver_role: Role = Role.OFFICE_HEAD) -> None:
    """Refuse, before anything changes, what this person may not do; say why."""
    if allowed(user, operation, account=account, section=section, author=author,
               approver_role=approver_role):
        return
    label = OPERATION_LABELS_JA[operation]
    who = f"{user.name}（{ROLE_LABELS_JA[user.role]}）"
    if not user.active:
        raise Forbidden(f"{who} は利用停止中です", f"{user.name} is deactivated")
    if account is not None:
        raise Forbidden(f"{who} はアカウント「{account.name}」の{label}ができません",
                        f"{user.name} ({user.role}) may not {operation} on account "
                        f"{account.name!r}")
    if operation is Op.POST_APPROVE and author is not None:
        if author.id == user.id:
            raise Forbidden("自分の投稿を決裁することはできません",
                            "you cannot approve your own post")
        raise Forbidden(f"{who} は投稿者の所属長（{author.section}）または室長ではないため"
                        "決裁できません",
                        f"{user.name} is neither the author's section head ({author.section}) "
                        "nor the office head")
    raise Forbidden(f"{who} は{label}ができません",
                    f"{user.name} ({user.role}) may not {operation}")


def visible_accounts(user: User) -> ColumnElement[bool]:
    """A condition on :class:`Account` for every list: only what the person works on."""
    if not user.active:
        return false()
    if user.role in OFFICE:
        return true()
    granted = [account.id for account in user.accounts]
    own = Account.section == user.section if user.role in SECTIONS and user.section else false()
    return or_(own, Account.id.in_(granted)) if granted else own
