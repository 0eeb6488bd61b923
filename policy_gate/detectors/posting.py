"""What only outgoing posts are checked for: official-position wording that needs the
所属長's 決裁 (第4.6), and the warnings a person must confirm (第4.4(1)–(3))."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from policy_gate.anchors import necessary_literals
from policy_gate.detectors.base import Context, Finding, Target
from policy_gate.normalize import Normalized
from policy_gate.types import MediaInfo, Warning

if TYPE_CHECKING:
    from policy_gate.policy import LazyPattern, Policy

PERSON = re.compile(r"[一-龥]{1,4}(?:さん|様|氏|くん|ちゃん)")
QUOTE = re.compile(r"「([^」]{25,})」")
ATTRIBUTION = re.compile(r"出典|引用|より|から|によると|によれば|談|提供")


#: matches kept per 決裁 pattern: a handful of spans is evidence enough, and a post that
#: names the city in every clause would otherwise cost a scan per match
MAX_MATCHES = 8


#: the necessary literals of each 決裁 pattern (None: always run), read once per pattern
_LITERALS: dict[str, frozenset[str] | None] = {}


def _may_match(pattern: LazyPattern, text: str) -> bool:
    """False when none of the literals every match must contain is in the text: most of
    the 決裁 patterns need a word most posts do not have, and a scan costs more than a
    few substring tests."""
    if pattern.pattern not in _LITERALS:
        _LITERALS[pattern.pattern] = necessary_literals(pattern.pattern)
    literals = _LITERALS[pattern.pattern]
    return literals is None or any(word in text for word in literals)


def official_position(text: Normalized, policy: Policy) -> list[Finding]:
    """Every span of 決裁 wording (第4.6), a few per pattern at most."""
    found = []
    compact = text.compact.text
    for pattern in policy.official_position:
        if not _may_match(pattern, compact):
            continue
        for count, match in enumerate(pattern.finditer(compact)):
            if count >= MAX_MATCHES:
                break
            if match.end() > match.start():
                found.append(Finding.in_view(text.compact, match.start(), match.end(),
                                             "approval_required", "official_position",
                                             policy.official_position_confidence,
                                             "市の公式見解・方針の表明"))
    return found


class OfficialPosition:
    """Wording that states the city's official view (第4.6): held for the 所属長's 決裁."""

    name = "official_position"
    grounds = frozenset({"approval_required"})
    targets: frozenset[Target] = frozenset({"post"})
    stage = 1

    def detect(self, views: Normalized, context: Context) -> list[Finding]:
        return official_position(views, context.policy)


def warnings(original: str, media: tuple[MediaInfo, ...]) -> list[Warning]:
    notes: list[Warning] = []
    for match in PERSON.finditer(original):
        notes.append(Warning("personal_name", "第4.4(2)",
                             f"個人名「{match.group()}」: 本人の同意を確認してください",
                             match.start(), match.end()))
    for match in QUOTE.finditer(original):
        tail = original[match.end():match.end() + 20]
        if not ATTRIBUTION.search(tail) and not ATTRIBUTION.search(
                original[max(0, match.start() - 20):match.start()]):
            notes.append(Warning("unattributed_quote", "第4.4(2)",
                                 "出典のない引用: 著作権と正確性（第4.4(3)）を確認してください",
                                 match.start(), match.end()))
    for item in media:
        if item.faces:
            notes.append(Warning("people_in_image", "第4.4(2)",
                                 f"画像に人物が{item.faces}人写っています: "
                                 "肖像権の同意を確認してください"))
    return notes
