"""The bridge from the store's rows to the pure policy gate and back."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import policy_gate
from policy_gate.types import (
    AccountInfo,
    CommentContext,
    CommentInput,
    Decision,
    Evidence,
    MediaInfo,
    PostDraft,
    Verdict,
    Warning,
)
from scheduler.models import Account, Post


@lru_cache(maxsize=4)
def policy_for(path: Path | None) -> policy_gate.Policy:
    return policy_gate.load_policy(path) if path else policy_gate.default_policy()


def warm(path: Path | None) -> None:
    """Load the policy, its automaton, both learned routers and the link tables now (a
    worker calls this as it starts), so that the first delivery a worker claims does not pay
    for them while its lease runs."""
    policy_gate.prepare(policy_for(path))


def account_info(account: Account) -> AccountInfo:
    categories = tuple(account.categories) if account.categories is not None else None
    return AccountInfo(name=account.name, kind=account.kind, categories=categories,
                       platform=account.platform)


def post_draft(post: Post) -> PostDraft:
    return PostDraft(text=post.text, category=post.category, share_source=post.share_source,
                     share_url=post.share_url, needs_approval=post.needs_approval,
                     media=tuple(MediaInfo(kind=m.get("kind", "image"))
                                 for m in post.media or []))


def check_post(post: Post, account: Account, policy_path: Path | None) -> Verdict:
    return policy_gate.check_post(post_draft(post), account_info(account),
                                  policy_for(policy_path))


def check_comment(text: str, author_name: str | None, author_handle: str | None,
                  city_post_text: str | None, account: Account,
                  policy_path: Path | None) -> Verdict:
    return policy_gate.check_comment(
        CommentInput(text=text, author_name=author_name, author_handle=author_handle),
        CommentContext(city_post_text=city_post_text, account_name=account.name),
        policy_for(policy_path),
    )


def merge_post_verdicts(verdicts: list[Verdict]) -> Verdict:
    """A post going to several accounts is as strict as its strictest account."""
    order: dict[Decision, int] = {"allow": 0, "needs_approval": 1, "block": 2}
    decision: Decision = max((v.decision for v in verdicts), key=lambda d: order[d],
                             default="allow")
    grounds: dict[str, None] = {}
    citations: dict[str, None] = {}
    evidence: dict[Evidence, None] = {}
    warnings: dict[Warning, None] = {}
    for verdict in verdicts:
        grounds.update(dict.fromkeys(verdict.grounds))
        citations.update(dict.fromkeys(verdict.citations))
        evidence.update(dict.fromkeys(verdict.evidence))
        warnings.update(dict.fromkeys(verdict.warnings))
    return Verdict(decision=decision, grounds=tuple(grounds), citations=tuple(citations),
                   evidence=tuple(evidence), warnings=tuple(warnings),
                   confidence=min((v.confidence for v in verdicts), default=1.0))
