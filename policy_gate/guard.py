"""Criticism is never hidden (GROUNDS.md): the rules that turn a hide into a review.

- Counter-speech and reporting (「…」という意見には反対, 差別だ, 逮捕された, ニュースで):
  quoting hateful or illegal words in order to oppose or report them is not the thing
  itself, so on the grounds where that happens a person decides.
- A comment about the city, its officials, the mayor or a policy is never auto-hidden
  without a slur, a threat or personal data (``severe`` findings), however harsh: 「市長は
  無能」「税金の無駄遣い」 stay up, or go to a person at most.
"""

from __future__ import annotations

from dataclasses import replace

from policy_gate.detectors.base import Finding
from policy_gate.normalize import Normalized
from policy_gate.policy import Policy


def counter_speech(text: Normalized, policy: Policy) -> bool:
    compact = text.compact.text
    return any(word in compact for word in policy.guard.counter_speech)


def about_the_city(text: Normalized, policy: Policy) -> bool:
    compact = text.compact.text
    return any(word in compact for word in policy.guard.city_targets)


def apply(findings: list[Finding], text: Normalized, policy: Policy) -> list[Finding]:
    if not findings or all(f.action == "review" for f in findings):
        return findings
    guard = policy.guard
    opposing = counter_speech(text, policy)
    city = about_the_city(text, policy)
    result = []
    for finding in findings:
        capped = finding.action == "hide" and (
            (opposing and finding.ground in guard.counter_speech_grounds)
            or (city and not finding.severe)
            or (city and finding.ground in guard.soft_grounds and finding.confidence < 0.95))
        if capped:
            note = "反対・報道の文脈" if opposing and (
                finding.ground in guard.counter_speech_grounds) else "市・市政への批判の文脈"
            explained = f"{finding.note}（{note}: 人が判断）" if finding.note else (
                f"{note}: 人が判断")
            finding = replace(finding, action="review", note=explained)
        result.append(finding)
    return result
