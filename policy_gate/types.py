"""The values that go into the gate and the verdict that comes out.

Everything here is plain data so the gate stays pure: the scheduler builds these from
its records, and stores ``Verdict.to_dict()`` next to the post or comment it judged.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

PostDecision = Literal["allow", "block", "needs_approval"]
CommentDecision = Literal["allow", "review", "hide"]
Decision = Literal["allow", "block", "needs_approval", "review", "hide"]

#: Account kinds of 第4.1 / 第5.
ACCOUNT_KINDS: tuple[str, ...] = ("main", "field", "legacy")
#: Content categories of 第4.2(2), ids from GROUNDS.md.
CATEGORIES: tuple[str, ...] = (
    "pr", "emergency", "event", "jobs", "event_outside", "share", "other",
)
#: Share sources of 第4.2(4), ids from GROUNDS.md.
SHARE_SOURCES: tuple[str, ...] = (
    "landscape", "public_body", "certified_business", "jobs", "ambassador", "other",
)


@dataclass(frozen=True)
class Evidence:
    """One reason for a decision, pointing into the ORIGINAL text the gate was given."""

    ground: str  # a ground id of GROUNDS.md (or a post rule id, see policy)
    citation: str  # the article, e.g. "第4.5(8)"
    detector: str  # which detector matched, e.g. "privacy.phone"
    start: int  # offsets into the original text; start == end when not text-bound
    end: int
    span: str  # original_text[start:end]
    confidence: float  # 0..1: how sure this detector is
    note: str | None = None  # a human explanation (Japanese first)


@dataclass(frozen=True)
class Warning:
    """Something a person must confirm (第4.4(1)–(3)); never a block on its own."""

    code: str  # e.g. "personal_name", "people_in_image", "unattributed_quote"
    citation: str  # e.g. "第4.4(2)"
    message: str  # Japanese first
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Verdict:
    decision: Decision
    grounds: tuple[str, ...] = ()
    citations: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    confidence: float = 1.0
    warnings: tuple[Warning, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Verdict:
        return cls(
            decision=data["decision"],
            grounds=tuple(data.get("grounds", ())),
            citations=tuple(data.get("citations", ())),
            evidence=tuple(Evidence(**e) for e in data.get("evidence", ())),
            confidence=float(data.get("confidence", 1.0)),
            warnings=tuple(Warning(**w) for w in data.get("warnings", ())),
        )


@dataclass(frozen=True)
class PostDraft:
    """An outgoing post as the gate sees it."""

    text: str
    category: str = "other"
    share_source: str | None = None  # required when category == "share"
    share_url: str | None = None
    needs_approval: bool = False  # the author flagged it for 決裁 (第4.6)
    is_reply: bool = False
    media: tuple[MediaInfo, ...] = ()


@dataclass(frozen=True)
class MediaInfo:
    kind: str  # "image" | "video"
    alt_text: str | None = None
    faces: int | None = None  # faces found by whoever could look; None = unknown


@dataclass(frozen=True)
class AccountInfo:
    """The account a post goes to. ``categories`` None means every category may go out."""

    name: str
    kind: str = "main"
    categories: tuple[str, ...] | None = None
    platform: str | None = None


@dataclass(frozen=True)
class CommentInput:
    text: str
    author_name: str | None = None
    author_handle: str | None = None


@dataclass(frozen=True)
class CommentContext:
    """What the comment is attached to. ``city_post_text`` lets the gate notice a comment
    that copies the city's post with changed facts (第4.5(12))."""

    city_post_text: str | None = None
    account_name: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
