"""The policy gate: a city's operating policy as pure, executable rules.

Text and context in, :class:`Verdict` out; no database, network, Celery or clock. The
policy itself is data (``policies/mine.yaml``), every rule citing its article.
"""

from policy_gate.engine import check_comment, check_post, prepare
from policy_gate.policy import Policy, PolicyError, default_policy, load_policy
from policy_gate.types import (
    AccountInfo,
    CommentContext,
    CommentInput,
    Evidence,
    MediaInfo,
    PostDraft,
    Verdict,
    Warning,
)

__all__ = [
    "AccountInfo",
    "CommentContext",
    "CommentInput",
    "Evidence",
    "MediaInfo",
    "Policy",
    "PolicyError",
    "PostDraft",
    "Verdict",
    "Warning",
    "check_comment",
    "check_post",
    "default_policy",
    "load_policy",
    "prepare",
]
