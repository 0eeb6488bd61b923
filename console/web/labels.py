"""Words and marks the pages share: labels of states, categories and grounds from the
policy, and the matched spans of a verdict highlighted in the text they came from."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup, escape

from scheduler.calendar import KIND_LABELS_JA
from scheduler.enums import ROLE_LABELS_JA, Role
from scheduler.gate import policy_for
from scheduler.settings import Settings
from scheduler.states import COMMENT_LABELS_JA, DELIVERY_LABELS_JA, POST_LABELS_JA

DECISION_LABELS_JA = {"allow": "公開できます", "needs_approval": "決裁が必要です",
                      "block": "発信できません", "review": "確認待ち", "hide": "非表示"}
ACTION_LABELS_JA = {"hide": "非表示", "delete": "削除", "block": "ブロック", "mute": "ミュート",
                    "clear": "問題なし", "unhide": "再表示", "unblock": "ブロック解除",
                    "unmute": "ミュート解除"}
PLATFORM_LABELS = {"mock": "模擬", "x": "X", "facebook": "Facebook", "instagram": "Instagram",
                   "instagrapi": "Instagram (instagrapi)"}
KIND_LABELS = {"main": "美祢市公式アカウント", "field": "分野別", "legacy": "第5（施行前から）"}


def role_label(role: str) -> str:
    return ROLE_LABELS_JA.get(Role(role), role) if role in set(Role) else role


def ground_label(settings: Settings, ground: str, kind: str = "post") -> str:
    policy = policy_for(settings.policy_path)
    tables = ((policy.post_grounds, policy.rule_grounds, policy.comment_grounds)
              if kind == "post" else (policy.comment_grounds,))
    for table in tables:
        if ground in table:
            return table[ground].label
    return ground


def category_labels(settings: Settings) -> dict[str, str]:
    return dict(policy_for(settings.policy_path).categories)


def comment_grounds(settings: Settings) -> dict[str, tuple[str, str]]:
    """ground id → (article, label), in the order of 第4.5."""
    return {k: (g.article, g.label) for k, g in policy_for(settings.policy_path)
            .comment_grounds.items()}


def highlight(text: str, evidence: Iterable[Mapping[str, Any]], cls: str = "") -> Markup:
    """The text with each matched span marked and titled with its article; overlapping
    spans are merged so no character is marked twice."""
    spans = sorted((int(e["start"]), int(e["end"]), str(e.get("citation", "")))
                   for e in evidence if int(e.get("end", 0)) > int(e.get("start", 0)))
    merged: list[list[Any]] = []
    for start, end, citation in spans:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            if citation not in merged[-1][2]:
                merged[-1][2] += f" {citation}"
        else:
            merged.append([start, end, citation])
    out, cursor = [], 0
    for start, end, citation in merged:
        out.append(escape(text[cursor:start]))
        out.append(Markup('<mark class="{}" title="{}">{}</mark>').format(
            cls, citation, text[start:end]))
        cursor = end
    out.append(escape(text[cursor:]))
    return Markup("").join(out)


def distinct_evidence(evidence: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """One line per finding: a span inside another span of the same ground says nothing new."""
    items = list(evidence)
    kept: list[Mapping[str, Any]] = []
    for item in items:
        inside = any(
            other is not item and other["ground"] == item["ground"]
            and other["start"] <= item["start"] and item["end"] <= other["end"]
            and (other["end"] - other["start"]) > (item["end"] - item["start"])
            for other in items)
        duplicate = any(k["ground"] == item["ground"] and k["start"] == item["start"]
                        and k["end"] == item["end"] and k.get("note") == item.get("note")
                        for k in kept)
        if not inside and not duplicate:
            kept.append(item)
    return kept


def template_globals() -> dict[str, Any]:
    return {"role_label": role_label, "post_labels": POST_LABELS_JA,
            "delivery_labels": DELIVERY_LABELS_JA, "comment_labels": COMMENT_LABELS_JA,
            "kind_labels": KIND_LABELS_JA, "decision_labels": DECISION_LABELS_JA,
            "action_labels": ACTION_LABELS_JA, "platform_labels": PLATFORM_LABELS,
            "account_kind_labels": KIND_LABELS, "highlight": highlight,
            "distinct": distinct_evidence}
