"""Impersonation (第4.5(9)): an author whose name or handle imitates the city's accounts,
or a comment that speaks as the city without being the city."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from policy_gate.detectors.finding import Finding
from policy_gate.normalize import Normalized, fold_leet
from policy_gate.policy import Policy

GROUND = "impersonation"
OFFICIAL_WORDS = tuple(fold_leet(w) for w in (
    "公式", "市役所", "役所", "市長", "広報", "official", "offical", "office", "cityhall",
    "city_hall", "koho", "事務局"))
SPEAKS_AS_CITY = re.compile(
    r"(?:美祢市|みねし|市役所|市長)(?:公式)?(?:の(?:担当|職員|者|広報))?(?:です|でございます|より|から(?:の)?お知らせ)")


def is_city(handle: str | None, policy: Policy) -> bool:
    """Only the exact handle is the city: a look-alike (0 for o, 1 for l) is an imitation."""
    return handle is not None and handle.strip().lower().lstrip("@") in policy.official_handles


def _author(name: str | None, handle: str | None, policy: Policy) -> Finding | None:
    if is_city(handle, policy):
        return None
    for label, value in (("handle", handle), ("name", name)):
        if not value:
            continue
        folded = fold_leet(value)
        mentions_city = any(n in folded for n in policy.city_names)
        official = any(w in folded for w in OFFICIAL_WORDS)
        near_official = label == "handle" and any(
            SequenceMatcher(None, folded, h).ratio() >= 0.85
            for h in policy.official_handles_folded)
        if (mentions_city and official) or near_official:
            return Finding(GROUND, f"impersonation.author_{label}", 0, 0, 0.93,
                           f"投稿者の{'ハンドル' if label == 'handle' else '名前'}「{value}」が"
                           "市の公式アカウントに似ています")
    return None


def detect(text: Normalized, author_name: str | None, author_handle: str | None,
           policy: Policy) -> list[Finding]:
    found = []
    author = _author(author_name, author_handle, policy)
    if author is not None:
        found.append(author)
    if not is_city(author_handle, policy):
        for match in SPEAKS_AS_CITY.finditer(text.compact.text):
            found.append(Finding.in_view(text.compact, match.start(), match.end(), GROUND,
                                         "impersonation.speaks_as_city", 0.75,
                                         "市を名乗る書き込み"))
    return found
