"""Opening a 分野別 account (第4.3): the section head's 様式第1号, the office head's
様式第2号 — and the 第5 report of an account that predates the policy.

The registration password the form asks for goes straight into the vault; the record keeps
only its ciphertext and no face ever shows it again. Approval creates the account in the
registry with the categories the form declared, so what was approved is what may be
published.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from connectors import PLATFORMS
from policy_gate.types import CATEGORIES
from scheduler import audit
from scheduler.connecting import vault_for
from scheduler.enums import FilingKind, FilingState, Role
from scheduler.errors import InvalidField, InvalidState, NotFound
from scheduler.models import Account, AccountFiling, User, utcnow
from scheduler.registry import add_account
from scheduler.rights import Operation, allowed, require
from scheduler.settings import Settings
from scheduler.timeparse import parse_date

APPLICATION = FilingKind.APPLICATION
LEGACY_REPORT = FilingKind.LEGACY_REPORT
#: filings that wait for the approver
_OPEN = (FilingState.FILED, FilingState.REPORTED)
STATE_LABELS_JA = {FilingState.FILED: "届出済み（承認待ち）", FilingState.APPROVED: "承認済み",
                   FilingState.DECLINED: "不承認", FilingState.REPORTED: "報告済み（受理待ち）"}
#: who approves 分野別 accounts: 第4.3 names 秘書課長 once and 地方創生推進室長 elsewhere
APPROVER = Role.OFFICE_HEAD


def _text(value: str | None, field: str, label: str, *, required: bool = False,
          limit: int = 2000) -> str | None:
    value = (value or "").strip()
    if required and not value:
        raise InvalidField(f"{label}を入力してください", f"{field} is required", field)
    if len(value) > limit:
        raise InvalidField(f"{label}は{limit}文字以内にしてください",
                           f"{field} is over {limit} characters", field)
    return value or None


def _number(value: str, field: str) -> str | None:
    """The form prints 第 … 号 around the number: keep the number alone, whether or not
    the person typed 第 and 号 too."""
    text = (_text(value, field, "番号", limit=50) or "").strip()
    if text.startswith("第"):
        text = text[1:]
    if text.endswith("号"):
        text = text[:-1]
    return text.strip() or None


def _registration(platform: str, categories: Sequence[str], url: str | None,
                  email: str | None) -> None:
    if platform not in PLATFORMS:
        raise InvalidField("種類（ソーシャルメディア）を選んでください",
                           f"unknown platform {platform!r}", "platform")
    unknown = [c for c in categories if c not in CATEGORIES]
    if unknown:
        raise InvalidField(f"発信情報の区分が不正です: {', '.join(unknown)}",
                           f"unknown categories: {', '.join(unknown)}", "categories")
    if url and not url.startswith(("https://", "http://")):
        raise InvalidField("URLは http(s):// で始めてください", "the URL must be http(s)", "url")
    if email and ("@" not in email or email.startswith("@") or email.endswith("@")):
        raise InvalidField("メールアドレスの形式が正しくありません",
                           "the e-mail address is not valid", "email")


def file_application(session: Session, settings: Settings, *, actor: User, number: str = "",
                     platform: str, categories: Sequence[str], content: str = "",
                     handle: str = "", password: str = "", url: str = "", email: str = "",
                     title: str = "", registration_other: str = "", comment_policy: str = "",
                     other: str = "", planned_start: str = "") -> AccountFiling:
    """様式第1号: a section head applies to open and run a 分野別 account."""
    require(actor, Operation.ACCOUNT_APPLY, section=actor.section)
    assert actor.section is not None
    _registration(platform, categories, url.strip(), email.strip())
    if not categories and not content.strip():
        raise InvalidField("発信情報（区分か内容）を入力してください",
                           "say what the account will publish", "categories")
    start = parse_date(planned_start, "planned_start", "運用開始予定時期", required=True)
    filing = AccountFiling(
        kind=APPLICATION, number=_number(number, "number"),
        section=actor.section, filed_by_id=actor.id, platform=platform,
        categories=list(categories), content=_text(content, "content", "発信情報") or "",
        handle=_text(handle, "handle", "ID", required=True, limit=200),
        url=_text(url, "url", "URL"), email=_text(email, "email", "メールアドレス", limit=200),
        title=_text(title, "title", "タイトル", required=True, limit=200),
        registration_other=_text(registration_other, "registration_other", "登録情報その他"),
        comment_policy=_text(comment_policy, "comment_policy",
                             "利用者からのコメント等への対応", required=True) or "",
        other=_text(other, "other", "その他"), planned_start=start, state=FilingState.FILED,
        secret_token=_seal(settings, password))
    session.add(filing)
    session.flush()
    audit.record(session, actor=actor.name, kind="filing.applied", subject_type="filing",
                 subject_id=filing.id, section=actor.section, platform=platform,
                 citation="第4.3", form="様式第1号")
    return filing


def report_legacy(session: Session, settings: Settings, *, actor: User, platform: str,
                  handle: str = "", url: str = "", email: str = "", title: str = "",
                  registration_other: str = "", password: str = "", content: str = "",
                  comment_policy: str = "", other: str = "") -> AccountFiling:
    """第5: an account in use before the policy needs no approval, but is reported."""
    require(actor, Operation.ACCOUNT_APPLY, section=actor.section)
    assert actor.section is not None
    _registration(platform, (), url.strip(), email.strip())
    filing = AccountFiling(
        kind=LEGACY_REPORT, section=actor.section, filed_by_id=actor.id, platform=platform,
        categories=[], content=_text(content, "content", "発信情報") or "",
        handle=_text(handle, "handle", "ID", required=True, limit=200),
        url=_text(url, "url", "URL"), email=_text(email, "email", "メールアドレス", limit=200),
        title=_text(title, "title", "タイトル", required=True, limit=200),
        registration_other=_text(registration_other, "registration_other", "登録情報その他"),
        comment_policy=_text(comment_policy, "comment_policy", "コメント等への対応") or "",
        other=_text(other, "other", "その他"), state=FilingState.REPORTED,
        secret_token=_seal(settings, password))
    session.add(filing)
    session.flush()
    audit.record(session, actor=actor.name, kind="filing.reported", subject_type="filing",
                 subject_id=filing.id, section=actor.section, platform=platform,
                 citation="第5")
    return filing


def _seal(settings: Settings, password: str) -> str | None:
    return vault_for(settings).encrypt({"password": password}) if password else None


def get_filing(session: Session, filing_id: int, viewer: User) -> AccountFiling:
    filing = session.get(AccountFiling, filing_id)
    if filing is None or not allowed(viewer, Operation.FILING_VIEW, section=filing.section):
        raise NotFound(f"届出 {filing_id} はありません", f"no filing {filing_id}")
    return filing


def list_filings(session: Session, viewer: User) -> list[AccountFiling]:
    """The office sees every section's filings, waiting ones first; a section head their
    section's."""
    require(viewer, Operation.FILING_VIEW, section=viewer.section)
    query = select(AccountFiling).order_by(AccountFiling.id.desc())
    if viewer.role not in (Role.OFFICE_HEAD, Role.OFFICE_STAFF):
        query = query.where(AccountFiling.section == viewer.section)
    rows = list(session.scalars(query))
    return sorted(rows, key=lambda f: f.state not in _OPEN)


def decide_filing(session: Session, filing_id: int, actor: User, *, approve: bool,
                  decision_number: str = "", account_name: str = "",
                  note: str = "") -> AccountFiling:
    """様式第2号: approval creates the 分野別 account; a 第5 report, once received, puts
    the existing account in the registry as ``legacy``."""
    filing = get_filing(session, filing_id, actor)
    require(actor, Operation.ACCOUNT_DECIDE, approver_role=APPROVER)
    if filing.state not in _OPEN:
        raise InvalidState(f"届出 {filing_id} は処理済みです（{filing.state}）",
                           f"filing {filing_id} is already {filing.state}")
    note_text = note.strip() or None
    if not approve:
        if filing.kind == LEGACY_REPORT:
            raise InvalidState("第5の報告は承認不要のため、不承認にはできません",
                               "a 第5 report needs no approval and cannot be declined")
        if note_text is None:
            raise InvalidField("不承認の理由を書いてください", "give the reason", "note")
        filing.state = FilingState.DECLINED
    else:
        name = account_name.strip() or (filing.handle or "")
        if not name:
            raise InvalidField("登録するアカウント名を入力してください", "name the account",
                               "account_name")
        if session.scalar(select(Account).where(Account.name == name)) is not None:
            raise InvalidField(f"アカウント「{name}」は既にあります",
                               f"account {name!r} already exists", "account_name")
        account = add_account(
            session, name=name, platform=filing.platform,
            kind="field" if filing.kind == APPLICATION else "legacy", section=filing.section,
            categories=list(filing.categories) or None, actor=actor)
        filing.account_id = account.id
        filing.state = FilingState.APPROVED
        filing.decision_number = _number(decision_number, "decision_number")
    filing.decided_by_id, filing.decided_at = actor.id, utcnow()
    filing.decision_note = note_text
    audit.record(session, actor=actor.name,
                 kind=f"filing.{'approved' if approve else 'declined'}",
                 subject_type="filing", subject_id=filing.id, message=note_text,
                 section=filing.section, account_id=filing.account_id,
                 citation="第4.3" if filing.kind == APPLICATION else "第5",
                 form="様式第2号" if filing.kind == APPLICATION else None)
    return filing
