"""The two entry points: ``check_post`` and ``check_comment``. Pure functions of their
inputs and the policy: no database, network, clock or randomness."""

from __future__ import annotations

from policy_gate.detectors import alteration, identity, lexicon, links, personal, posting
from policy_gate.detectors.finding import Finding
from policy_gate.normalize import Normalized
from policy_gate.policy import Policy
from policy_gate.types import (
    AccountInfo,
    CommentContext,
    CommentInput,
    Evidence,
    PostDraft,
    Verdict,
    Warning,
)

#: grounds where a citizen's criticism may look alike: they never auto-hide on soft
#: evidence when the comment reads as criticism of the city
SOFT_GROUNDS = frozenset({"defamation", "rumor", "social_advocacy", "religious_political",
                          "other"})
MAX_TEXT = 20_000  # longer texts are judged on their first part (platforms allow far less)


def _evidence(text: str, findings: list[Finding], policy: Policy, kind: str) -> tuple[
        Evidence, ...]:
    ordered = sorted(findings, key=lambda f: (-f.confidence, f.start))
    seen: set[tuple[str, int, int]] = set()
    result = []
    for f in ordered:
        key = (f.ground, f.start, f.end)
        if key in seen:
            continue
        seen.add(key)
        result.append(Evidence(ground=f.ground, citation=policy.article(f.ground, kind),
                               detector=f.detector, start=f.start, end=f.end,
                               span=text[f.start:f.end], confidence=f.confidence,
                               note=f.note))
    return tuple(result)


def _grounds(evidence: tuple[Evidence, ...], floor: float) -> tuple[tuple[str, ...],
                                                                    tuple[str, ...]]:
    grounds: dict[str, str] = {}
    for item in evidence:
        if item.confidence >= floor and item.ground not in grounds:
            grounds[item.ground] = item.citation
    return tuple(grounds), tuple(grounds.values())


def check_comment(comment: CommentInput, context: CommentContext, policy: Policy) -> Verdict:
    text = comment.text[:MAX_TEXT]
    normalized = Normalized.of(text)
    findings = (lexicon.detect(normalized, policy, "comment")
                + personal.detect(normalized, policy)
                + links.detect(normalized, policy)
                + identity.detect(normalized, comment.author_name, comment.author_handle,
                                  policy)
                + alteration.detect(normalized, context.city_post_text))
    findings = _combine(findings, normalized, policy)
    hide, review = policy.thresholds["hide"], policy.thresholds["review"]
    top = max((f.confidence for f in findings), default=0.0)
    decision = "hide" if top >= hide else "review" if top >= review else "allow"
    evidence = _evidence(text, [f for f in findings if f.confidence >= review], policy,
                         "comment")
    grounds, citations = _grounds(evidence, review)
    return Verdict(decision=decision, grounds=grounds, citations=citations, evidence=evidence,
                   confidence=top if decision != "allow" else 1.0 - top)


def _combine(findings: list[Finding], text: Normalized, policy: Policy, *,
             guard_criticism: bool = True) -> list[Finding]:
    """Two independent signals of a deletion ground make it surer; criticism of the city
    makes soft signals never enough to hide on their own."""
    review, hide = policy.thresholds["review"], policy.thresholds["hide"]
    by_ground: dict[str, list[Finding]] = {}
    for f in findings:
        by_ground.setdefault(f.ground, []).append(f)
    criticism = guard_criticism and any(marker in text.compact.text
                                        for marker in policy.criticism_markers)
    result = []
    for ground, items in by_ground.items():
        detectors = {f.detector for f in items if f.confidence >= review}
        for f in items:
            confidence = f.confidence
            if len(detectors) >= 2 and confidence >= review and ground not in (
                    "defamation", "social_advocacy", "religious_political"):
                confidence = max(confidence, hide)
            if criticism and ground in SOFT_GROUNDS and confidence < 0.95:
                confidence = min(confidence, hide - 0.01)
            result.append(Finding(f.ground, f.detector, f.start, f.end, confidence, f.note))
    return result


def _rule(ground: str, policy: Policy, note: str) -> Evidence:
    return Evidence(ground=ground, citation=policy.article(ground, "post"),
                    detector=f"rule.{ground}", start=0, end=0, span="", confidence=1.0,
                    note=note)


def _post_rules(post: PostDraft, account: AccountInfo, policy: Policy) -> tuple[
        list[Evidence], list[Evidence]]:
    """(blocking, holding) evidence from the rules of 第4.2 and 第4.6."""
    block: list[Evidence] = []
    hold: list[Evidence] = []
    allowed = account.categories if account.categories is not None else (
        policy.main_categories if account.kind == "main" else tuple(policy.categories))
    if post.category not in allowed:
        block.append(_rule("category_not_allowed", policy,
                           f"区分「{post.category}」はアカウント「{account.name}」で発信できません"))
    if post.category == "share":
        if post.share_source not in policy.share_sources:
            block.append(_rule("share_source_not_allowed", policy,
                               "シェアできる情報の区分（第4.2(4)）を指定してください"))
        elif post.share_source in policy.share_sources_needing_review:
            hold.append(_rule("share_source_not_allowed", policy,
                              "「その他」のシェアは適当かどうか所属長の判断が必要です"))
        elif post.share_source == "public_body" and post.share_url:
            host, _ = links.host_and_path(post.share_url.lower())
            if not links.is_public(host, policy):
                hold.append(_rule("share_source_not_allowed", policy,
                                  f"公共機関の情報としてのシェアですが、{host} は"
                                  "公共機関のドメインではありません"))
    if post.is_reply and account.kind == "main":
        block.append(_rule("reply_from_main", policy,
                           "美祢市公式アカウントはコメントへ返信しません（第4.2(5)）"))
    if post.needs_approval:
        hold.append(_rule("approval_required", policy, "作成者が所属長の決裁を求めています"))
    return block, hold


def check_post(post: PostDraft, account: AccountInfo, policy: Policy) -> Verdict:
    text = post.text[:MAX_TEXT]
    normalized = Normalized.of(text)
    block, hold = _post_rules(post, account, policy)
    content = _combine(lexicon.detect(normalized, policy, "post"), normalized, policy,
                       guard_criticism=False)
    content_evidence = _evidence(text, content, policy, "post")
    block += [e for e in content_evidence if e.confidence >= policy.thresholds["post_block"]]
    hold += [e for e in content_evidence
             if policy.thresholds["post_hold"] <= e.confidence < policy.thresholds["post_block"]]
    hold += list(_evidence(text, posting.official_position(normalized, policy), policy, "post"))
    notes: list[Warning] = posting.warnings(text, post.media)
    for f in personal.detect(normalized, policy):
        notes.append(Warning("personal_information", "第4.4(2)",
                             f"個人情報の可能性: {f.note}（掲載の同意を確認してください）",
                             f.start, f.end))
    decision = "block" if block else "needs_approval" if hold else "allow"
    evidence = tuple(block + hold)
    grounds, citations = _grounds(evidence, 0.0)
    return Verdict(decision=decision, grounds=grounds, citations=citations, evidence=evidence,
                   confidence=max((e.confidence for e in evidence), default=1.0),
                   warnings=tuple(notes))
