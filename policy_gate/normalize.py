"""Normalisation that keeps a map back to the original text.

People disguise words: full-width letters, katakana for hiragana, dots or zero-width
characters between letters, 袮 for 祢, 0 for o, 〇九〇 for 090. Every detector matches on
a normalised *view* of the text, and every view keeps, for each of its characters, the
index of the original character it came from, so evidence always points into the text
the gate was given.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

import jaconv

#: characters people put between letters to break up a word; dropped in compact views
SEPARATORS = frozenset(
    " \t\r\n\u3000\u200b\u200c\u200d\u2060\ufeff\u00ad"
    ".,、。・･:;_*~|/\\'\"`^-‐‑‒–—―ｰ=+()[]{}<>「」『』【】〔〕（）［］｛｝〈〉《》\u30fb"
)
#: the long-vowel mark and its look-alikes, stretched for emphasis (しねーーー)
LONG_VOWELS = frozenset("ーｰ〜～")
SMALL_KANA = str.maketrans("ぁぃぅぇぉゃゅょゎゕゖ", "あいうえおやゆよわかけ")
#: look-alike kanji seen in evasions of place names and official titles
LOOKALIKE_KANJI = str.maketrans({"袮": "祢", "禰": "祢", "彌": "弥", "濱": "浜", "邊": "辺"})
#: kanji numerals written digit by digit (〇九〇-一二三四…)
KANJI_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
#: Latin look-alikes folded for word matching (never for digit matching)
LEET = str.maketrans({"0": "o", "1": "i", "!": "i", "|": "i", "3": "e", "4": "a",
                      "@": "a", "5": "s", "$": "s", "7": "t", "l": "i"})
DASHES = str.maketrans({c: "-" for c in "ー－‐‑‒–—―ｰ−﹣"})


@dataclass(frozen=True)
class View:
    """A normalised string and, per character, the original index it came from."""

    text: str
    origin: tuple[int, ...]
    source_length: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) covered by view[start:end] (end > start)."""
        if not self.origin or start >= end:
            return (0, 0)
        first = self.origin[start]
        last = self.origin[end - 1]
        return first, min(self.source_length, last + 1)


def _view(pairs: list[tuple[str, int]], length: int) -> View:
    return View("".join(c for c, _ in pairs), tuple(i for _, i in pairs), length)


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """NFKC, lower case, katakana to hiragana, small kana to full size, look-alike kanji."""
    folded = unicodedata.normalize("NFKC", char).lower()
    folded = jaconv.kata2hira(folded).translate(SMALL_KANA).translate(LOOKALIKE_KANJI)
    return folded


class Normalized:
    """The views detectors use, built once per text and only when first asked for."""

    def __init__(self, original: str) -> None:
        self.original = original
        self._length = len(original)

    @classmethod
    def of(cls, text: str) -> Normalized:
        return cls(text)

    @cached_property
    def _base_pairs(self) -> list[tuple[str, int]]:
        return [(folded, index) for index, char in enumerate(self.original)
                for folded in _fold_char(char)]

    @cached_property
    def base(self) -> View:
        """Folded character by character; separators kept."""
        return _view(self._base_pairs, self._length)

    @cached_property
    def _compact_pairs(self) -> list[tuple[str, int]]:
        return _squeeze(self._base_pairs, keep_spaces=False)

    @cached_property
    def compact(self) -> View:
        """Without separators, long-vowel marks and repeated letters."""
        return _view(self._compact_pairs, self._length)

    @cached_property
    def leet(self) -> View:
        """Compact, with Latin look-alikes folded (0→o, 1→i, @→a …)."""
        return _view([(c.translate(LEET), i) for c, i in self._compact_pairs], self._length)

    @cached_property
    def words(self) -> View:
        """Like leet, but one space kept between words, so Latin words keep boundaries."""
        pairs = _join_spelled_out(_squeeze(self._base_pairs, keep_spaces=True))
        return _view([(c.translate(LEET), i) for c, i in pairs], self._length)

    @cached_property
    def digits(self) -> View:
        """NFKC with kanji numerals as digits and every dash as "-"; zero-width dropped."""
        pairs = []
        for index, char in enumerate(self.original):
            if unicodedata.category(char) == "Cf":
                continue
            for plain in _digit_char(char):
                pairs.append((plain, index))
        return _view(pairs, self._length)


@lru_cache(maxsize=4096)
def _digit_char(char: str) -> str:
    return unicodedata.normalize("NFKC", char).translate(KANJI_DIGITS).translate(DASHES)


def _squeeze(base: list[tuple[str, int]], *, keep_spaces: bool) -> list[tuple[str, int]]:
    """Drop separators, long-vowel marks and format characters; collapse stretched letters
    (しねええ → しね, fuuuck → fuck). With ``keep_spaces`` whitespace stays, one at a time."""
    out: list[tuple[str, int]] = []
    for char, index in base:
        if keep_spaces and char.isspace():
            if out and out[-1][0] != " ":
                out.append((" ", index))
            continue
        if char in SEPARATORS or char in LONG_VOWELS or unicodedata.category(char) == "Cf":
            continue
        if out and out[-1][0] == char and not char.isdigit():
            continue
        out.append((char, index))
    return out


def _join_spelled_out(pairs: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """``f u c k`` → ``fuck``: three or more single letters in a row become one word."""
    tokens: list[list[tuple[str, int]]] = [[]]
    for pair in pairs:
        if pair[0] == " ":
            tokens.append([])
        else:
            tokens[-1].append(pair)
    tokens = [t for t in tokens if t]

    def single(token: list[tuple[str, int]]) -> bool:
        return len(token) == 1 and token[0][0].isascii() and token[0][0].isalnum()

    merged: list[list[tuple[str, int]]] = []
    index = 0
    while index < len(tokens):
        end = index
        while end < len(tokens) and single(tokens[end]):
            end += 1
        if end - index >= 3:
            merged.append([pair for token in tokens[index:end] for pair in token])
            index = end
        else:
            merged.append(tokens[index])
            index += 1
    out: list[tuple[str, int]] = []
    for token in merged:
        if out:
            out.append((" ", token[0][1]))
        out.extend(token)
    return out


def fold(text: str) -> str:
    """The compact form of a lexicon term, so terms and texts meet in the same view."""
    return Normalized.of(text).compact.text


def fold_leet(text: str) -> str:
    return Normalized.of(text).leet.text


def fold_words(text: str) -> str:
    return Normalized.of(text).words.text.strip()
