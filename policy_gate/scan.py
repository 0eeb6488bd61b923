"""Stage 1's one pass over the lexicons: an Aho–Corasick automaton per view over every
term, every `unless` word and every cue of the policy, each run once on its view.

Why automata: the cost of a pass is linear in the text whatever the number of terms, so
lexicons can grow to thousands of entries without slowing the gate. Each key carries the
roles it plays (a rule's term, a rule's innocent container word, a stage-2 cue) and lives
only in the automaton of the view it is valid on, so a dakuten-free or masked spelling
only matches where it was meant to, and a view's pass never walks the others' matches.
Innocent containers (ばかり holds ばか) are checked with a bisect over
sorted spans, so a text made of thousands of them stays linear (it used to be quadratic).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import Literal

import ahocorasick

from policy_gate.normalize import (
    MASK,
    Normalized,
    View,
    fold,
    fold_letters,
    fold_seion,
    fold_words,
    is_katakana,
)

Role = Literal["term", "unless", "latin", "cue", "anchor"]
ViewName = Literal["compact", "seion", "masked", "words"]


@dataclass(frozen=True)
class TermSource:
    """What the scanner needs to know of one lexicon rule."""

    terms: tuple[str, ...]  # as written
    latin: tuple[str, ...]
    unless: tuple[str, ...]


@dataclass(frozen=True)
class Spelling:
    """The variant and masked spellings table (data: ``lexicons/variants.yaml``)."""

    substitutions: tuple[tuple[str, tuple[str, ...]], ...] = ()  # 死 → (タヒ, 氏, …)
    #: a kanji word and its kana readings (大麻 → たいま): written in kana to get past a
    #: filter, the word only counts where it stands alone (see ``_stands_alone``)
    readings: tuple[tuple[str, tuple[str, ...]], ...] = ()
    mask_min_length: int = 3
    seion_min_length: int = 3
    #: terms whose hiragana spelling is everyday Japanese (田中くんにお願い holds くんに,
    #: ちょんと触る holds ちょん, はっぱ is a leaf): they count only in katakana
    katakana_only: frozenset[str] = frozenset()

    def in_kana(self, folded: str) -> set[str]:
        """A folded term or cue word with each kanji word of the readings table in kana
        (大麻売ります → たいま売ります); empty when it holds none."""
        return {folded.replace(word, fold(reading)) for word, readings in self.readings
                if word in folded for reading in readings}

    def pattern_in_kana(self, pattern: str) -> str:
        """A folded pattern whose kanji words of the readings table also match in kana,
        where no kana letter comes before them (ほうかしてやる, not ぜったいまけない; what
        follows is what the pattern itself asks for)."""
        for word, readings in self.readings:
            if word in pattern:
                kana = "|".join(kana_alone(fold(r)) for r in readings)
                pattern = pattern.replace(word, f"(?:{word}|{kana})")
        return pattern

    def alternatives_in_kana(self, folded: str) -> list[tuple[str, ...]]:
        """One folded cue word as regex atoms (:mod:`policy_gate.trie`): itself, and each
        spelling with a kanji word of the readings table in kana (as
        :meth:`pattern_in_kana`), every one beginning with a letter."""
        spellings = [_atoms(folded)]
        for word, readings in self.readings:
            if word in folded:
                head, _, tail = folded.partition(word)
                spellings += [(*_atoms(head), *_atoms(fold(r)[:1]), NO_KANA_BEFORE_FIRST,
                               *_atoms(fold(r)[1:]), *_atoms(tail)) for r in readings]
        return spellings


#: after a kana reading's first letter: the letter before it is no kana (the reading does
#: not continue a word in kana). Looking back from after the first letter means the same
#: as from before it, and an alternation of words keeps a literal first letter.
NO_KANA_BEFORE_FIRST = "(?<![ぁ-ゖ].)"


def _atoms(text: str) -> tuple[str, ...]:
    return tuple(re.escape(char) for char in text)


def kana_alone(reading: str) -> str:
    """A kana reading that must not continue a word in kana (see
    :data:`NO_KANA_BEFORE_FIRST`)."""
    return re.escape(reading[:1]) + NO_KANA_BEFORE_FIRST + re.escape(reading[1:])


@dataclass(frozen=True)
class _Key:
    role: Role
    index: int  # rule or cue index
    length: int
    exact: bool  # False for dakuten-free and masked spellings: a person should look
    written: str = ""  # the letters the text itself must show (see ``_doubled``)
    latin_edge: bool = False  # a Latin word, or a term beginning or ending in a Latin letter
    kana_edge: bool = False  # a kanji word spelled by its reading: it must stand alone
    #: a term that counts only where the text writes it in katakana (see Spelling)
    katakana_only: bool = False


@dataclass(frozen=True)
class TermHit:
    rule: int
    start: int  # ORIGINAL offsets
    end: int
    exact: bool


@dataclass
class ScanResult:
    terms: list[TermHit] = field(default_factory=list)
    cues: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    anchors: set[int] = field(default_factory=set)  # patterns whose literals are present

    def has_cue(self, name: str) -> bool:
        return bool(self.cues.get(name))


def _masked_forms(folded: str) -> set[str]:
    """ち＊こ, ＊んこ … : each inner letter masked, every other letter masked, and a mask
    slipped between two letters (チョ○ン, ザ○ニチ: the word is all there, only broken up)."""
    forms = {folded[:i] + MASK + folded[i + 1:] for i in range(1, len(folded) - 1)}
    forms |= {folded[:i] + MASK + folded[i:] for i in range(1, len(folded))}
    forms.add("".join(MASK if i % 2 else c for i, c in enumerate(folded)))
    return {f for f in forms if f.count(MASK) < len(f) - 1 or len(f) <= 3}


class Scanner:
    """Built once per policy; ``run`` is what every comment pays."""

    def __init__(self, rules: Sequence[TermSource], cues: Sequence[tuple[str, Iterable[str]]],
                 spelling: Spelling, anchors: Sequence[Iterable[str]] = ()) -> None:
        keys: dict[ViewName, dict[str, list[_Key]]] = {}

        def add(key: str, role: Role, index: int, view: ViewName, exact: bool,
                written: str = "", kana_edge: bool = False, katakana: bool = False) -> None:
            if key:
                edge = role in ("term", "latin") and (_latin(key[0]) or _latin(key[-1]))
                keys.setdefault(view, {}).setdefault(key, []).append(
                    _Key(role, index, len(key), exact, written, edge, kana_edge, katakana))

        for index, rule in enumerate(rules):
            for term in rule.terms:
                base = fold(term)
                add(base, "term", index, "compact", True, _doubled(term, base),
                    katakana=term in spelling.katakana_only)
                for canonical, variants in spelling.substitutions:
                    if canonical in base:
                        for variant in variants:
                            key = base.replace(canonical, fold(variant))
                            if key.isascii() and key.isalpha():
                                # sex, baka: a word of its own, never the inside of
                                # https://example (compact: htpsexample)
                                add(key, "latin", index, "words", True)
                            else:
                                add(key, "term", index, "compact", True)
                for key in spelling.in_kana(base):
                    add(key, "term", index, "compact", True, kana_edge=True)
                seion = fold_seion(term)
                if seion != base and len(seion) >= spelling.seion_min_length:
                    add(seion, "term", index, "seion", False)
                if len(base) >= spelling.mask_min_length and not base.isascii():
                    for masked in _masked_forms(base):
                        add(masked, "term", index, "masked", False)
            for word in rule.unless:
                add(fold(word), "unless", index, "compact", True)
                add(fold_seion(word), "unless", index, "seion", True)
                add(fold(word), "unless", index, "masked", True)
                if _ANY_LATIN.search(word.lower()):
                    # a Latin term is found in the words view, and an unless span covers
                    # it only in the view it was found in (offsets differ between views)
                    add(fold_words(word), "unless", index, "words", True)
            for word in rule.latin:
                add(fold_words(word), "latin", index, "words", True)
        self.cue_names: list[str] = []
        for index, (name, words) in enumerate(cues):
            self.cue_names.append(name)
            for word in words:
                add(fold(word), "cue", index, "compact", True)
                for key in spelling.in_kana(fold(word)):
                    add(key, "cue", index, "compact", True, kana_edge=True)
        for index, literals in enumerate(anchors):
            for literal in literals:
                for key in {fold(literal)} | spelling.in_kana(fold(literal)):
                    add(key, "anchor", index, "compact", True)
        # one automaton per view: a view's pass meets only its own keys (the seion view
        # used to walk every compact key's matches too, to throw them away)
        self._automata: dict[ViewName, ahocorasick.Automaton] = {}
        for view, table in keys.items():
            automaton = ahocorasick.Automaton()
            for key, roles in table.items():
                # the patterns a key is a literal of, as one set: a flood of one group word
                # adds them once per hit in C instead of one Python step per pattern
                anchored = frozenset(r.index for r in roles if r.role == "anchor")
                automaton.add_word(key, (anchored, tuple(r for r in roles
                                                         if r.role != "anchor")))
            automaton.make_automaton()
            self._automata[view] = automaton

    def _views(self, text: Normalized) -> list[tuple[ViewName, View]]:
        views: list[tuple[ViewName, View]] = [("compact", text.compact),
                                              ("seion", text.seion)]
        if text.has_masks:
            views.append(("masked", text.masked))
        if _ANY_LATIN.search(text.compact.text):
            views.append(("words", text.words))
        return views

    def run(self, text: Normalized) -> ScanResult:
        result = ScanResult()
        original = text.original
        if not self._automata:
            return result
        seen: set[tuple[int, int, int]] = set()
        for name, view in self._views(text):
            body = view.text
            automaton = self._automata.get(name)
            if not body or automaton is None:
                continue
            terms: list[tuple[_Key, int, int]] = []
            unless: dict[int, list[tuple[int, int]]] = {}
            anchors = result.anchors
            for last, (anchored, roles) in automaton.iter(body):
                if anchored:
                    anchors.update(anchored)
                for key in roles:
                    start, end = last - key.length + 1, last + 1
                    if key.kana_edge and not _stands_alone(original, *view.span(start, end)):
                        continue  # たいま of ぜったいまけない, ほうか of 放課後 in kana
                    if key.role == "unless":
                        unless.setdefault(key.index, []).append((start, end))
                    elif key.role == "cue":
                        spans = result.cues.setdefault(self.cue_names[key.index], [])
                        if len(spans) < MAX_HITS * 2:
                            spans.append(view.span(start, end))
                    elif key.latin_edge and (
                            (start > 0 and _latin(body[start - 1]) and _latin(body[start]))
                            or (end < len(body) and _latin(body[end])
                                and _latin(body[end - 1]))):
                        continue  # inside a longer Latin word (ちんk of ちんkawaii)
                    else:
                        terms.append((key, start, end))
            innocent = {rule: Cover(spans) for rule, spans in unless.items()}
            per_rule: dict[int, int] = {}
            for key, start, end in terms:
                rule = key.index
                if per_rule.get(rule, 0) >= MAX_HITS:
                    continue  # enough evidence of this rule in this view
                per_rule[rule] = per_rule.get(rule, 0) + 1
                cover = innocent.get(rule)
                if cover is not None and cover.covers(start, end):
                    continue
                first, stop = view.span(start, end)
                if _across_words(original, first, stop):
                    continue  # 払いかた わからない: a word boundary in spaced やさしい日本語
                written = key.written
                if written and not fold_letters(
                        original[first:stop + len(written)]).startswith(written):
                    continue  # 感じいい holds じい, not ジジイ: the doubled letter is not there
                if key.katakana_only and not any(map(is_katakana, original[first:stop])):
                    continue  # 田中くんにお願い: the hiragana is everyday Japanese
                if (rule, first, stop) in seen:
                    continue
                seen.add((rule, first, stop))
                result.terms.append(TermHit(rule, first, stop, key.exact))
        return result


#: a particle may follow a word spelled in kana (たいまを, しょうがいしゃは); any other
#: hiragana means the letters belong to a longer word (たいまつ, ほうかご)
PARTICLES = frozenset("をはがのもとやでにへ")


@lru_cache(maxsize=4096)
def _hiragana(char: str) -> bool:
    """Cached: a flood of kana words asks it of the same few letters thousands of times."""
    folded = fold_letters(char)
    return len(folded) == 1 and "ぁ" <= folded <= "ゖ"


def _stands_alone(original: str, start: int, end: int) -> bool:
    """A word in kana counts only where it is not part of a longer word in kana: no kana
    letter right before it, and after it nothing but a particle, a space, a kanji or a
    mark. Read on the original, so a space the compact view drops still separates."""
    if start > 0 and _hiragana(original[start - 1]) and _hiragana(original[start]):
        return False
    if end < len(original) and _hiragana(original[end]) and _hiragana(original[end - 1]):
        return fold_letters(original[end]) in PARTICLES
    return True


def _gap(char: str) -> bool:
    """A space or a punctuation mark: what the compact view drops between two words
    (a mask such as ○ or ＊ is a symbol, not punctuation: it stands inside a word)."""
    return char.isspace() or unicodedata.category(char).startswith("P")


def _across_words(original: str, start: int, end: int) -> bool:
    """A term that straddles one space or punctuation mark with a word running on at both
    ends (払いかた わからない, やさしい日本語 with a space between words, カフェ、ランチ) is
    the end of one word and the start of the next. A word spaced out to get past a filter
    (か た わ, 池 沼は, チ ョ ンは, ち・ん・こ) has a gap inside it more than once, or starts
    or ends where a piece does."""
    piece = original[start:end]
    gaps = sum(1 for i, c in enumerate(piece)
               if _gap(c) and (i == 0 or not _gap(piece[i - 1])))
    if gaps != 1:
        return False
    before = original[start - 1] if start > 0 else " "
    after = original[end] if end < len(original) else " "
    return _runs_on(before, original[start]) and _runs_on(after, original[end - 1])


def _script(char: str) -> str:
    """Kanji and hiragana write one word together (払い, 日本語の); katakana and Latin
    letters are words of their own."""
    if is_katakana(char):
        return "katakana"
    return "latin" if char.isascii() else "kana-kanji"


def _runs_on(outside: str, edge: str) -> bool:
    """Whether the letter beside a piece continues the piece's word: a script change
    (がエ ロすぎ: hiragana, then katakana) is where a word starts or ends."""
    return outside.isalnum() and _script(outside) == _script(edge)


def _doubled(term: str, key: str) -> str:
    """The letters a short key must be written with when folding collapsed a doubled
    letter of its term. ジジイ folds to じい and ババア to ばあ, which 感じいい, ステージイベント
    and おばあちゃん also fold to: a key of three letters or fewer matches only where the
    text doubles the letter too (ジジイ, ジ・ジ・イ, じじいいい). Longer keys keep the
    collapse, which is what catches a stretched spelling (しねええ)."""
    letters = fold_letters(term)
    return letters if len(key) <= 3 and len(letters) > len(key) else ""


_ANY_LATIN = re.compile("[a-z]")
#: hits kept per rule and view: a flood of one word needs a few spans, not thousands
MAX_HITS = 32


def _latin(char: str) -> bool:
    """A letter of a Latin-script word (ã, é … included: Japão is not "jap")."""
    return "a" <= char <= "z" or ("\u00c0" <= char <= "\u024f" and char.isalpha())


class Cover:
    """Sorted spans with a running maximum of their ends: does any span contain [s, e)?
    One bisect per question, so n terms inside n innocent words cost n log n, not n²."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        self.starts = [s for s, _ in spans]
        self.reach = list(accumulate((e for _, e in spans), max))

    def covers(self, start: int, end: int) -> bool:
        index = bisect_right(self.starts, start)
        return index > 0 and self.reach[index - 1] >= end
