"""Normalisation: disguises meet the same rules, and offsets always lead back."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy_gate.normalize import (
    Normalized,
    blanked_unless_katakana,
    fold,
    fold_pattern,
    romaji_reading,
)


def test_disguises_fold_to_the_same_form() -> None:
    assert fold("シネ") == fold("しね") == fold("し ね") == fold("し.ね") == fold("し\u200bね")
    assert fold("ＳＥＸ") == fold("sex")
    assert fold("美袮市") == fold("美祢市")
    assert fold("しねーーー") == fold("しね")
    assert fold("ｼﾞｼﾞｲ") == fold("ジジイ") == "じい"  # a half-width doubled letter collapses too


def test_kanji_digits_become_digits_only_in_the_digit_view() -> None:
    text = Normalized.of("〇九〇 一二三四")
    assert text.digits.text == "090 1234"
    assert "〇" in text.compact.text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_the_fast_fold_of_a_term_is_the_compact_view(text: str) -> None:
    assert fold(text) == Normalized.of(text).compact.text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_every_view_maps_back_inside_the_original(text: str) -> None:
    normalized = Normalized.of(text)
    for view in (normalized.base, normalized.compact, normalized.leet, normalized.words,
                 normalized.digits, normalized.nfkc, normalized.neo, normalized.seion,
                 normalized.masked):
        assert len(view.origin) == len(view.text)
        assert all(0 <= i < len(text) for i in view.origin)
        assert list(view.origin) == sorted(view.origin)
        for start in range(0, len(view.text), 7):
            first, last = view.span(start, min(len(view.text), start + 5))
            assert 0 <= first < last <= len(text)


@pytest.mark.parametrize(("text", "reading"), [
    # in katakana: a word spelled in Latin letters is spelled on purpose
    ("gaijin wa kaere yo", "ガイジン ワ カエレ ヨ"),
    ("o p p a i  m i s e t e", "オッパイ ミセテ"),  # letters spelled out one by one
    ("sake nonde unten suru www", "サケ ノンデ ウンテン スル"),  # laughter is no word
    ("onna no hannin konnichiwa", "オンナ ノ ハンニン コンニチワ"),  # nn + vowel: ん and n
])
def test_romaji_is_read_as_kana(text: str, reading: str) -> None:
    assert romaji_reading(text) == reading


@pytest.mark.parametrize("text", [
    "I love this place so much",  # English spells no whole syllables (this → てぃっ)
    "Hello from Brazil, beautiful place",
    "Mine City",  # too short to be a sentence
    "秋吉台 akiyoshidai の写真",  # Japanese script is read as it is
    "gaijin wa kaere " * 30,  # longer than a comment in romaji: not read twice
])
def test_english_and_mixed_text_are_not_romaji(text: str) -> None:
    assert romaji_reading(text) is None


def test_a_short_loanword_is_blanked_only_where_it_is_not_written_in_katakana() -> None:
    # レズ folds to れず, the ending of 手を触れず: a pattern over a group of people must not
    # read the grammar as the group, and must still read the word, disguised or half-width
    words = frozenset({"れず"})
    for text, kept in (("手を触れずに", False), ("レズは", True), ("レ・ズは", True),
                       ("ﾚｽﾞは", True), ("忘れずにレズ", True)):
        views = Normalized.of(text)
        blanked = blanked_unless_katakana(views.compact, views.original, words)
        assert len(blanked) == len(views.compact.text)
        assert ("れず" in blanked) is kept, text


def test_a_line_broken_after_a_comma_reads_on_and_keeps_its_offsets() -> None:
    # stop 27 (set GV): a casual post breaks its line mid-sentence after 、; a full line
    # break (a list, a heading) still ends a clause
    text = "車いすは邪魔になるけぇ、\n週末は来んで\n#秋吉台"
    views = Normalized.of(text)
    for view in (views.base, views.raw, views.nfkc, views.digits):
        assert view.text.count("\n") == 1 and len(view.text) == len(text)
        start = view.text.index("週末")
        assert text[slice(*view.span(start, start + 2))] == "週末"
    assert views.original == text  # quotations and evidence still read what was written


def test_an_unless_word_covers_a_latin_term_in_the_view_it_was_found_in() -> None:
    # a Latin term is matched word by word, in another view than the compact one: its
    # rule's unless words must be looked for there too, or they cover nothing
    from policy_gate.normalize import Normalized
    from policy_gate.scan import Scanner, Spelling, TermSource

    scanner = Scanner([TermSource((), ("vote for",), ("didn't vote for",))], [], Spelling())
    assert scanner.run(Normalized.of("Please vote for Sato on Sunday")).terms
    assert not scanner.run(Normalized.of("I didn't vote for you, mayor")).terms


def test_a_pattern_spelled_with_a_doubled_letter_meets_the_compact_view() -> None:
    # the compact view squeezes doubled Latin letters (committee → comite); a pattern written
    # as spelled ('deeply', 'is it true') never met a comment until it was squeezed the same way
    for spelled in ("wedeeplyapologize", "isittrue", "committee", "torrent"):
        assert fold_pattern(spelled) == Normalized.of(spelled).compact.text
    # a cue set's name is a name, and a character class is a set, not text
    assert fold_pattern("<<accusation>>[a-z]{0,20}?all") == "<<accusation>>[a-z]{0,20}?al"
    assert fold_pattern("[ll]") == "[ll]"
    # the base view keeps doubled letters, and so do its patterns
    assert fold_pattern("deeply", squeeze=False) == "deeply"
