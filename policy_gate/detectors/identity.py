"""Impersonation (第4.5(9)): an author whose name or handle imitates the city's accounts,
or a comment that speaks as the city without being the city."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING

from policy_gate.detectors.base import QUOTED, Context, Finding, Target
from policy_gate.normalize import Normalized, fold_leet

if TYPE_CHECKING:
    from policy_gate.policy import Policy

GROUND = "impersonation"
_OFFICIAL = ("公式", "市役所", "役所", "市長", "広報", "official", "offical", "office",
             "cityhall", "city_hall", "koho", "事務局")


@lru_cache(maxsize=1)
def official_words() -> tuple[str, ...]:
    """Words that make a name official, folded (on first use: folding at import time
    would load jaconv during start-up)."""
    return tuple(fold_leet(w) for w in _OFFICIAL)
#: a place said of someone (住民票は実家の美祢市ですが, 出身は山口県です) is no speaker
_PLACE_OF = (r"(?<!実家の)(?<!実家は)(?<!住所は)(?<!住所の)(?<!住民票は)(?<!出身は)(?<!本籍は)"
             r"(?<!地元は)(?<!生まれは)(?<!住まいは)")
SPEAKS_AS_CITY = re.compile(
    _PLACE_OF +
    r"(?:美祢市|みねし|市役所|市長|山口県|県庁|県警|警察|消防|税務署|年金事務所)(?:公式)?"
    r"(?:の(?:担当|職員|者|広報))?(?:です(?![かね])|でございます|より|から(?:の)?お知らせ)"
    r"|市長の.{1,6}?です"
    r"|" + _PLACE_OF + r"(?:こちら|こちらは)?(?:美祢市|みねし|市役所|山口県警|県警|警察署|警察"
    r"|消防本部|消防署|税務署|年金事務所|市長)"
    r"[一-龥ァ-ヶ]{0,10}?(?:課|室|係|本部|センター|事務局|署)?(?:です|でございます|の者です)(?![かね])"
    r"|(?:ふるさと大使|観光大使|交流大使)の.{0,8}?です"
)
#: someone claiming someone else's account, or its new home (read on the base view:
#: brackets kept). 前のアカウント is one's own old account; 似た名前のアカウント is not
ACCOUNT_CLAIM = re.compile(
    r"(?:あかうんと(?:が|を)?乗っ取られ|新しいあかうんと|こちらが本物|本物のあかうんと|(?<!名)前のあかうんと"
    r"|さっきのこめんとは(?:私|僕|俺|わたし)|さっきの「[^」]{1,20}」です|なりすましではありません)")
#: an account asked about or its claim passed on, not made (『観光協会』の新しいアカウントって
#: これで合っちょる？前のが乗っ取られたって言うちょるけど)
ASKED_ABOUT = re.compile(r"(?:本物|合ってる|合ってます|合っちょる|合っとる|あってる|合って|公式)"
                         r"(?:です|なん)?(?:か|？|\?)"
                         r"|って(?:言うちょる|言ってる|言うとる|言いよる|書いてる)")
#: a headline in the city's name, as the city's own posts begin (【美祢市○○課】)
CITY_HEADLINE = re.compile(r"^\s*【(?:美祢市|市役所|みねし)[^】]{0,16}】"
                           r"|^\s*(?:【[^】]{0,8}】)?\s*(?:美祢市役所|美祢市|市役所)\s*[:：]")


def is_city(handle: str | None, policy: Policy) -> bool:
    """Only the exact handle is the city: a look-alike (0 for o, 1 for l) is an imitation."""
    return handle is not None and handle.strip().lower().lstrip("@") in policy.official_handles


def _author(name: str | None, handle: str | None, policy: Policy) -> Finding | None:
    if is_city(handle, policy):
        return None
    return _imitation(name, handle, policy.city_names, policy.official_handles_folded)


@lru_cache(maxsize=4096)
def _imitation(name: str | None, handle: str | None, city_names: tuple[str, ...],
               official_handles: frozenset[str]) -> Finding | None:
    """Cached: the same people comment again and again, and the similarity of a handle to
    every official one (difflib) costs more than the rest of stage 1 for a short comment."""
    for label, value in (("handle", handle), ("name", name)):
        if not value:
            continue
        folded = fold_leet(value)
        mentions_city = any(n in folded for n in city_names)
        official = any(w in folded for w in official_words())
        near_official = label == "handle" and any(
            SequenceMatcher(None, folded, h).ratio() >= 0.85 for h in official_handles)
        if (mentions_city and official) or near_official:
            return Finding(GROUND, f"impersonation.author_{label}", 0, 0, 0.93,
                           f"投稿者の{'ハンドル' if label == 'handle' else '名前'}「{value}」が"
                           "市の公式アカウントに似ています", severe=True)
    return None


class AuthorImitation:
    """An author whose name or handle imitates the city's accounts."""

    name = "impersonation.author"
    grounds = frozenset({GROUND})
    targets: frozenset[Target] = frozenset({"comment"})
    stage = 1

    def detect(self, views: Normalized, context: Context) -> list[Finding]:
        found = _author(context.author_name, context.author_handle, context.policy)
        return [found] if found is not None else []


class SpeaksAsCity:
    """A comment that speaks as the city (市役所です, 美祢市からのお知らせ) from an author
    who is not the city."""

    name = "impersonation.speaks_as_city"
    grounds = frozenset({GROUND})
    targets: frozenset[Target] = frozenset({"comment"})
    stage = 1

    def detect(self, views: Normalized, context: Context) -> list[Finding]:
        if is_city(context.author_handle, context.policy):
            return []
        quoted = [(m.start(), m.end()) for m in QUOTED.finditer(views.original)]
        found = [Finding.in_view(views.compact, m.start(), m.end(), GROUND,
                                 "impersonation.speaks_as_city", 0.75,
                                 "市・公的機関を名乗る書き込み")
                 for m in SPEAKS_AS_CITY.finditer(views.compact.text)]
        if not ASKED_ABOUT.search(views.original):
            found += [Finding.in_view(views.base, m.start(), m.end(), GROUND,
                                      "impersonation.account_claim", 0.7,
                                      "別の利用者のアカウントを名乗る書き込み", action="review")
                      for m in ACCOUNT_CLAIM.finditer(views.base.text)]
        found += [Finding.in_view(views.base, m.start(), m.end(), GROUND,
                                  "impersonation.city_headline", 0.75,
                                  "市の投稿の見出しを名乗る書き込み")
                  for m in CITY_HEADLINE.finditer(views.base.text)]
        return [f for f in found if not any(s <= f.start and f.end <= e for s, e in quoted)]
