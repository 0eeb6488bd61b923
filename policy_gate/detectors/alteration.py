"""Alteration (第4.5(12)): a comment that copies the city's post but changes its facts.

Quoting the city correctly is fine and common; what matters is a copy whose numbers
(dates, times, prices, counts) differ from the original's. How much is copied is measured
with character 4-gram sets, linear in both texts (difflib was quadratic on long,
repetitive posts: 2.4 s for a 10,000-character one).
"""

from __future__ import annotations

import re

from policy_gate.detectors.base import Context, Finding, Target
from policy_gate.normalize import Normalized

NUMBER = re.compile(r"\d+")
GRAM = 4


def _grams(text: str) -> set[str]:
    return {text[i:i + GRAM] for i in range(max(0, len(text) - GRAM + 1))}


class Alteration:
    name = "alteration"
    grounds = frozenset({"alteration"})
    targets: frozenset[Target] = frozenset({"comment"})
    stage = 1

    def detect(self, views: Normalized, context: Context) -> list[Finding]:
        city_post = context.city_post_text
        if not city_post:
            return []
        limit = context.policy.limit("alteration_chars", 1500)
        original = Normalized.of(city_post[:limit])
        post, comment = original.compact.text, views.compact.text[:limit]
        if len(post) < 10 or len(comment) < len(post) * 0.5:
            return []
        post_grams, comment_grams = _grams(post), _grams(comment)
        if not post_grams or not comment_grams:
            return []
        copied = len(post_grams & comment_grams) / len(post_grams)
        if copied < 0.5:
            return []
        post_numbers = set(NUMBER.findall(original.digits.text))
        changed = [m for m in NUMBER.finditer(views.digits.text)
                   if m.group() not in post_numbers]
        if changed and post_numbers:
            first = changed[0]
            return [Finding.in_view(views.digits, first.start(), first.end(), "alteration",
                                    "alteration.changed_number", 0.9,
                                    "市の投稿を写しつつ数字（日時・金額など）を変えています")]
        added = len(comment_grams - post_grams) / len(comment_grams)
        if copied < 0.95 and added > 0.1 and copied >= 0.6:
            return [Finding("alteration", "alteration.modified_copy", 0, 0, 0.55,
                            "市の投稿を一部変えて写しています（確認が必要）", "review")]
        return []
