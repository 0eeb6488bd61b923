"""Alteration (第4.5(12)): a comment that copies the city's post but changes its facts.

Quoting the city correctly is fine and common; what matters is a copy whose numbers
(dates, times, prices, counts) differ from the original's."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from policy_gate.detectors.finding import Finding
from policy_gate.normalize import Normalized

NUMBER = re.compile(r"\d+")
LIMIT = 1500  # characters compared: enough for any post, bounded for speed


def detect(text: Normalized, city_post: str | None) -> list[Finding]:
    if not city_post:
        return []
    original = Normalized.of(city_post[:LIMIT])
    post, comment = original.compact.text, text.compact.text[:LIMIT]
    if len(post) < 10 or len(comment) < len(post) * 0.5:
        return []
    matcher = SequenceMatcher(None, post, comment, autojunk=False)
    copied = sum(block.size for block in matcher.get_matching_blocks())
    if copied < len(post) * 0.6:
        return []
    post_numbers = set(NUMBER.findall(original.digits.text))
    changed = [m for m in NUMBER.finditer(text.digits.text) if m.group() not in post_numbers]
    if changed and post_numbers:
        first = changed[0]
        return [Finding.in_view(text.digits, first.start(), first.end(), "alteration",
                                "alteration.changed_number", 0.9,
                                "市の投稿を写しつつ数字（日時・金額など）を変えています")]
    if copied < len(post) * 0.95 and matcher.ratio() < 0.9:
        return [Finding("alteration", "alteration.modified_copy", 0, 0, 0.55,
                        "市の投稿を一部変えて写しています（確認が必要）")]
    return []
