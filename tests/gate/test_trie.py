"""Alternations written as tries must match exactly what the flat alternation matches,
with the same spans: the rewrite is for speed only."""

from __future__ import annotations

import re

import pytest

from policy_gate.trie import alternation, literal_groups_as_tries

TEXTS = ["外国人が増えると", "外人さん", "の人たちが来た", "の人が来た", "abcd abx ab a x",
         "ゴミ出しの日", "ゴミ箱がない", "マナー悪い", "マナーが悪い", "マナー違反です", "民度",
         "httpx", "https", "a.b", "aab"]


def _spans(pattern: str) -> list[list[tuple[int, int]]]:
    compiled = re.compile(pattern)
    return [[m.span() for m in compiled.finditer(text)] for text in TEXTS]


@pytest.mark.parametrize("pattern", [
    "(?:の人|の人たち|の店|の観光客)(?:が|は)",
    "(?:の人たち|の人|の店)(?:が|は)",
    "(?:ゴミ(?!出し|だし)|ゴミ箱|マナーが?悪|マナー違反|民度)",
    "(?:ab|a.|abcd)",
    "(?:a.|ab)b?",
    "h(?:ttp|ttps|x)s?",
    "(?:外国人|外人|外国籍|外)(?:が|さん)",
])
def test_a_group_rewritten_as_a_trie_matches_the_same_spans(pattern: str) -> None:
    assert _spans(literal_groups_as_tries(pattern)) == _spans(pattern)


def test_an_order_no_trie_can_keep_is_left_as_written() -> None:
    # abc is preferred to a, and a to ab: a trie would try ab before a
    assert literal_groups_as_tries("(?:abc|a|ab)") == "(?:abc|a|ab)"


def test_words_listed_longest_first_are_tried_longest_first() -> None:
    pattern = alternation([tuple("外国人"), tuple("外国"), tuple("外")])
    assert re.match(pattern, "外国人です").group() == "外国人"
    assert re.match(pattern + "です", "外国です").group() == "外国です"


def test_a_position_no_word_begins_is_left_after_one_set_lookup() -> None:
    pattern = alternation([tuple(word) for word in ("頭", "ルーズ", "イライラ", "無駄")])
    assert pattern.startswith("(?:(?=[")
