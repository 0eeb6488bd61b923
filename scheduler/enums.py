"""The record's vocabulary: states, events, roles and actions as enums, never bare strings.

They are ``StrEnum``s so that the stored value, the JSON an operator reads and the member
compare equal; a typo in code is a type error, not a silent mismatch.
"""

from __future__ import annotations

from enum import StrEnum


class PostState(StrEnum):
    DRAFT = "draft"
    GATED = "gated"
    REJECTED = "rejected"
    AWAITING_APPROVAL = "awaiting_approval"
    APPROVED = "approved"


class PostEvent(StrEnum):
    SUBMIT = "submit"
    BLOCK = "block"
    HOLD = "hold"
    ALLOW = "allow"
    APPROVE = "approve"
    DECLINE = "decline"
    EDIT = "edit"


class DeliveryState(StrEnum):
    #: the post is not approved yet
    PENDING = "pending"
    SCHEDULED = "scheduled"
    #: handed to the broker under a claim token with a short lease
    QUEUED = "queued"
    PUBLISHING = "publishing"
    #: sent, no answer: reconciled with the platform before anything else happens
    UNKNOWN = "unknown"
    PUBLISHED = "published"
    FAILED = "failed"
    CANCELLED = "cancelled"


class DeliveryEvent(StrEnum):
    SCHEDULE = "schedule"
    CANCEL = "cancel"
    QUEUE = "queue"
    REQUEUE = "requeue"
    RELEASE = "release"
    CLAIM = "claim"
    OK = "ok"
    RATE_LIMITED = "rate_limited"
    RETRY = "retry"
    WAIT_AUTH = "wait_auth"
    GIVE_UP = "give_up"
    AMBIGUOUS = "ambiguous"
    BLOCKED = "blocked"
    LEASE_EXPIRED = "lease_expired"
    HOLD = "hold"
    FOUND = "found"
    NOT_FOUND = "not_found"
    #: the post was edited after approval: back to waiting for it
    RECALL = "recall"


class CommentState(StrEnum):
    #: judged to be hidden; the platform has not confirmed yet
    HIDE_PENDING = "hide_pending"
    VISIBLE = "visible"
    PENDING_REVIEW = "pending_review"
    HIDDEN = "hidden"
    DELETED = "deleted"
    BLOCKED = "blocked"
    MUTED = "muted"
    CLEARED = "cleared"


class CommentEvent(StrEnum):
    """What the gate or a person did to a comment. The first three are the gate's."""

    ALLOW = "allow"
    REVIEW = "review"
    HIDE_PENDING = "hide_pending"
    HIDE = "hide"
    UNHIDE = "unhide"
    DELETE = "delete"
    BLOCK = "block"
    UNBLOCK = "unblock"
    MUTE = "mute"
    UNMUTE = "unmute"
    CLEAR = "clear"
    #: the platform cannot hide: a person decides
    UNSUPPORTED = "unsupported"


class Role(StrEnum):
    """The roles of GROUNDS.md (第3, 第4.1, 第4.3)."""

    OFFICE_HEAD = "office_head"
    OFFICE_STAFF = "office_staff"
    SECTION_HEAD = "section_head"
    SECTION_STAFF = "section_staff"
    CONTRACTOR = "contractor"


class AccountKind(StrEnum):
    MAIN = "main"
    FIELD = "field"
    LEGACY = "legacy"


class AuthStatus(StrEnum):
    OK = "ok"
    EXPIRED = "expired"


class ActionStatus(StrEnum):
    DONE = "done"
    UNSUPPORTED = "unsupported"
    FAILED = "failed"


ROLE_LABELS_JA: dict[Role, str] = {
    Role.OFFICE_HEAD: "地方創生推進室長", Role.OFFICE_STAFF: "地方創生推進室 担当者",
    Role.SECTION_HEAD: "所属長", Role.SECTION_STAFF: "担当者",
    Role.CONTRACTOR: "運営受託事業者",
}


class NotificationKind(StrEnum):
    """What the notification outbox tells people (scheduler.notifications)."""

    #: a post waits for 決裁 (第4.6): to the author's 所属長 and the office head
    APPROVAL_REQUESTED = "approval_requested"
    #: comments wait for a person longer than the setting (第4.5)
    REVIEW_WAITING = "review_waiting"
    #: an account's publishing is held (rate limit, expired credentials, cost cap)
    ACCOUNT_HELD = "account_held"
    #: an account's credentials stop working soon
    TOKEN_EXPIRING = "token_expiring"
    DELIVERY_FAILED = "delivery_failed"
    DELIVERY_UNKNOWN = "delivery_unknown"


class NotificationState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    #: every attempt failed
    FAILED = "failed"
    #: nobody to tell: no URL is configured for anyone it concerns
    NO_RECIPIENT = "no_recipient"
    #: what it told of was over before it went out
    WITHDRAWN = "withdrawn"


class HoldKind(StrEnum):
    """Why an account does not publish (scheduler.health)."""

    RATE_LIMIT = "rate_limit"
    AUTH_EXPIRED = "auth_expired"
    #: held until a person lifts it (the monthly cost cap, for one)
    HELD = "held"


HOLD_LABELS_JA: dict[HoldKind, str] = {
    HoldKind.RATE_LIMIT: "レート制限", HoldKind.AUTH_EXPIRED: "認証失効",
    HoldKind.HELD: "保留（費用上限など）",
}


class SubmissionState(StrEnum):
    """A section's information for the main account (第4.2(3))."""

    SUBMITTED = "submitted"
    RETURNED = "returned"
    CONVERTED = "converted"
    WITHDRAWN = "withdrawn"


class FilingKind(StrEnum):
    #: 様式第1号, approved with 様式第2号 (第4.3)
    APPLICATION = "application"
    #: an account that predates the policy (第5)
    LEGACY_REPORT = "legacy_report"


class FilingState(StrEnum):
    FILED = "filed"
    APPROVED = "approved"
    DECLINED = "declined"
    REPORTED = "reported"


class ApprovalDecision(StrEnum):
    """A 決裁 given or refused (第4.6)."""

    APPROVED = "approved"
    DECLINED = "declined"
