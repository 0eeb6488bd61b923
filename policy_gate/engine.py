"""The two entry points: ``check_post`` and ``check_comment``. Pure functions of their
inputs and the policy: no database, network, clock or randomness.

Flow: views (:mod:`normalize`) → one automaton pass per view (:mod:`scan`) → every stage-1
detector of the registry → stage 2 templates if stage 1's cues call for them → two
independent signals of a ground make it surer → the criticism guard → the decision →
on what the rules allowed, the learned router's second opinion (review or hold only).
"""

from __future__ import annotations

from dataclasses import replace

from policy_gate import guard
from policy_gate.detectors.alteration import repeats_post
from policy_gate.detectors.base import Context, Finding
from policy_gate.detectors.links import host_and_path, is_public
from policy_gate.detectors.posting import warnings as post_warnings
from policy_gate.normalize import Normalized, romaji_reading
from policy_gate.policy import Policy
from policy_gate.registry import REGISTRY, STAGE1, STAGE2
from policy_gate.types import (
    AccountInfo,
    CommentContext,
    CommentDecision,
    CommentInput,
    Evidence,
    PostDecision,
    PostDraft,
    Verdict,
    Warning,
)


def prepare(policy: Policy) -> None:
    """Build now everything a long-running process would otherwise build on its first
    texts: the policy's automaton, pattern tables and routers, and what a detector's
    optional ``prepare(policy)`` builds (links: the suffix list and 30,000 look-alike
    labels, 2 s). A worker calls this before its pool forks. The stage-2 dictionary stays
    lazy: a worker whose texts never call for it never pays for it."""
    policy.prepare()
    for detector in REGISTRY:
        build = getattr(detector, "prepare", None)
        if build is not None:
            build(policy)


def find(views: Normalized, context: Context, *, stage2: bool = True) -> list[Finding]:
    """Every finding of every detector of the registry that reads this target."""
    findings: list[Finding] = []
    for detector in STAGE1:
        if context.target in detector.targets:
            findings += detector.detect(views, context)
    findings = _bounded(findings)
    context.extra["stage1"] = findings
    if stage2 and STAGE2.wanted(context):
        findings += STAGE2.detect(views, context)
    return findings


#: findings kept per detector and ground: a 10,000-character flood of one word needs a
#: handful of spans as evidence, not thousands (and thousands would cost time)
PER_DETECTOR = 20


def _bounded(findings: list[Finding]) -> list[Finding]:
    if len(findings) <= PER_DETECTOR * 4:
        return findings
    seen: dict[tuple[str, str], int] = {}
    kept = []
    for f in findings:
        key = (f.detector, f.ground)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= PER_DETECTOR:
            kept.append(f)
    return kept


def _combine(findings: list[Finding], policy: Policy) -> list[Finding]:
    """Two different detectors on one ground make it surer (spam: money talk and a LINE
    lure), except on grounds where that is how criticism reads (policy: boost_excluded)."""
    review, hide = policy.thresholds["review"], policy.thresholds["hide"]
    detectors: dict[str, set[str]] = {}
    for f in findings:
        if f.confidence >= review:
            detectors.setdefault(f.ground, set()).add(f.detector)
    result = []
    for f in findings:
        if (len(detectors.get(f.ground, ())) >= 2 and f.confidence >= review
                and f.ground not in policy.boost_excluded):
            f = replace(f, confidence=max(f.confidence, hide))
        result.append(f)
    return result


def _evidence(text: str, findings: list[Finding], policy: Policy, kind: str
              ) -> tuple[Evidence, ...]:
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


def _grounds(evidence: tuple[Evidence, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    grounds: dict[str, str] = {}
    for item in evidence:
        grounds.setdefault(item.ground, item.citation)
    return tuple(grounds), tuple(grounds.values())


def check_comment(comment: CommentInput, context: CommentContext, policy: Policy, *,
                  stage2: bool = True) -> Verdict:
    """The verdict on one comment. ``stage2=False`` judges on characters alone (the
    benchmark measures stage 1 this way; production always runs both)."""
    text = comment.text[:policy.limit("max_text", 20_000)]
    views = Normalized.of(text)
    ctx = Context("comment", policy, policy.scanner.run(views), comment.author_name,
                  comment.author_handle, context.city_post_text)
    findings = _comment_findings(views, ctx, policy, stage2)
    hide, review = policy.thresholds["hide"], policy.thresholds["review"]
    kept = [f for f in findings if f.confidence >= review]
    decision: CommentDecision = "allow"
    if any(f.action == "hide" and f.confidence >= hide for f in kept):
        decision = "hide"
    elif kept:
        decision = "review"
    top = max((f.confidence for f in findings), default=0.0)
    # the router reads a text without its context: a comment that only repeats the city's
    # post would have it judge the city's own words (the alteration detector compares them).
    # Its finding is not weighed by the guard: its ground is a guess, and a report cue
    # dropping it lost more harmful comments than benign ones on every set
    if decision == "allow" and stage2 and not repeats_post(views, ctx):
        routed = _read_as_romaji(text, policy) or _second_opinion(views, "comment", policy)
        if routed:
            decision, kept, top = "review", routed[:1], routed[0].confidence
    evidence = _evidence(text, kept, policy, "comment")
    grounds, citations = _grounds(evidence)
    return Verdict(decision=decision, grounds=grounds, citations=citations, evidence=evidence,
                   confidence=top if decision != "allow" else 1.0 - top)


def _comment_findings(views: Normalized, ctx: Context, policy: Policy, stage2: bool = True
                      ) -> list[Finding]:
    """Every detector on a comment's views, bounded, combined and weighed by the guard."""
    return guard.apply(_combine(_bounded(find(views, ctx, stage2=stage2)), policy), views,
                       policy)


def _read_as_romaji(text: str, policy: Policy) -> list[Finding]:
    """A comment in romaji (gaijin wa kaere yo; o p p a i m i s e t e) judged by the same
    rules on its kana reading. The reading is a guess and may be English that happens to
    spell syllables, so a finding only asks a person and points at the whole comment."""
    reading = romaji_reading(text)
    if reading is None:
        return []
    views = Normalized.of(reading)
    found = _comment_findings(views, Context("comment", policy, policy.scanner.run(views)),
                              policy)
    review, hide = policy.thresholds["review"], policy.thresholds["hide"]
    return [Finding(f.ground, f"romaji.{f.detector}", 0, len(text),
                    confidence=round(min(f.confidence, hide - 0.01), 3),
                    note=f"ローマ字の読み「{reading[f.start:f.end]}」: 人の確認のみ",
                    action="review")
            for f in sorted(found, key=lambda f: -f.confidence) if f.confidence >= review][:1]


def _second_opinion(views: Normalized, target: str, policy: Policy) -> list[Finding]:
    """The learned router (:mod:`policy_gate.router`) on what the rules let through: a
    comment to review or a post to hold, never more."""
    router = policy.router(target)
    if router is None:
        return []
    found = router.finding(views, policy.thresholds["review"], policy.thresholds["hide"])
    return [] if found is None else [found]


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
            host, _ = host_and_path(post.share_url.lower())
            if not is_public(host, policy):
                hold.append(_rule("share_source_not_allowed", policy,
                                  f"公共機関の情報としてのシェアですが、{host} は"
                                  "公共機関のドメインではありません"))
    if post.is_reply and account.kind == "main":
        block.append(_rule("reply_from_main", policy,
                           "美祢市公式アカウントはコメントへ返信しません（第4.2(5)）"))
    if post.needs_approval:
        hold.append(_rule("approval_required", policy, "作成者が所属長の決裁を求めています"))
    return block, hold


def _post_action(finding: Finding, policy: Policy) -> PostDecision:
    """A strong signal blocks; a weaker one holds the post for a person (the 所属長)."""
    rule = policy.post_actions.get(finding.detector)
    if finding.ground in ("approval_required", "personal_data") or finding.quoted:
        return "needs_approval"
    if rule is not None:
        return rule
    if finding.action == "review":
        return "needs_approval" if finding.confidence >= policy.thresholds["post_hold"] \
            else "allow"
    if finding.confidence >= policy.thresholds["post_block"]:
        return "block"
    return "needs_approval" if finding.confidence >= policy.thresholds["post_hold"] else "allow"


def check_post(post: PostDraft, account: AccountInfo, policy: Policy) -> Verdict:
    text = post.text[:policy.limit("max_text", 20_000)]
    views = Normalized.of(text)
    block, hold = _post_rules(post, account, policy)
    ctx = Context("post", policy, policy.scanner.run(views))
    notes: list[Warning] = post_warnings(text, post.media)
    content: list[Finding] = []
    found = _combine(_bounded(find(views, ctx)), policy)
    found = guard.warned(guard.quoted(found, views, policy), views, policy)
    # a number the post gives as its own shop's or farm's (ご予約はお電話で 090-…, Call us,
    # or the number that closes the post) stays a warning for the author, as the same
    # number in a comment is never hidden
    for f in guard.writers_own(guard.corrected(guard.justified(found, views, policy), views,
                                               policy), views, policy, post=True):
        if f.ground == "privacy":  # a post's personal data is for the author to confirm
            notes.append(Warning("personal_information", "第4.4(2)",
                                 f"個人情報の可能性: {f.note}（掲載の同意を確認してください）",
                                 f.start, f.end))
            if f.severe and f.confidence >= policy.thresholds["hide"]:
                # someone's number or home, sure enough to hide in a comment (a shop's
                # fixed line in a job notice is not): the 所属長 confirms the consent
                # before the city publishes it (第4.4(2)); never a block
                content.append(replace(f, ground="personal_data"))
        elif f.ground in policy.post_grounds or f.ground == "approval_required":
            content.append(f)
    actions = {id(f): _post_action(f, policy) for f in content}
    block += _evidence(text, [f for f in content if actions[id(f)] == "block"], policy, "post")
    hold += _evidence(text, [f for f in content if actions[id(f)] == "needs_approval"],
                      policy, "post")
    if not block and not hold:
        # a warning notice's words (隠語, 被害) are what the router learned from crimes: the
        # warning frame weighs its finding as it weighs a rule's
        routed = guard.corrected(guard.warned(
            _second_opinion(guard.unquoted(views), "post", policy), views, policy),
            views, policy)
        if routed:
            hold += _evidence(text, routed, policy, "post")
    decision: PostDecision = "block" if block else "needs_approval" if hold else "allow"
    evidence = tuple(block + hold)
    grounds, citations = _grounds(evidence)
    return Verdict(decision=decision, grounds=grounds, citations=citations, evidence=evidence,
                   confidence=max((e.confidence for e in evidence), default=1.0),
                   warnings=tuple(notes))
