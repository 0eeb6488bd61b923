"""Necessary literals of a regular expression: strings of which every match contains at
least one. Stage 1's automaton looks for them with every lexicon term, so a pattern whose
literals are absent is not run at all: most comments meet none of the hundred patterns,
and a regex scan per pattern per comment was the largest cost of stage 1.

Read from the parse tree of Python's own ``re`` (conservative: whatever it cannot read
yields None, and the pattern always runs).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

# the parser of Python's own ``re`` (private modules, hence imported by name)
constants: Any = importlib.import_module("re._constants")
parser: Any = importlib.import_module("re._parser")

Literals = frozenset[str]


def _letter_rate(char: str) -> float:
    """A rough share of a Japanese comment's letters that are ``char``'s kind: kana are
    everywhere (の, で, い each stand in most comments), a given kanji or Latin letter is
    rare. Only the order of these figures matters."""
    if "ぁ" <= char <= "ゖ" or "ァ" <= char <= "ヺ":
        return 0.05  # the compact view folds katakana into hiragana
    if char.isascii():
        return 0.02
    return 0.005


def _rate(literal: str) -> float:
    rate = 1.0
    for char in literal:
        rate *= _letter_rate(char)
    return rate


def _best(candidates: list[Literals], usable: Callable[[str], bool]) -> Literals | None:
    """The most selective set: the one a text is least likely to hold any member of, by
    a rough letter model (the set of five first-person words of a pattern is rarer than its
    particle の, though both are one letter at their shortest), then the longest shortest
    member, then the fewest members."""
    kept = [c for c in candidates if c and all(map(usable, c))]
    if not kept:
        return None
    return min(kept, key=_selectivity)


def _selectivity(literals: Literals) -> tuple[float, int, int]:
    return (sum(map(_rate, literals)), -min(len(x) for x in literals), len(literals))


def _sequence(items: Any, usable: Callable[[str], bool]) -> Literals | None:
    return _best(_candidates(items, usable), usable)


def _candidates(items: Any, usable: Callable[[str], bool]) -> list[Literals]:
    """Each part of a sequence that every match passes through, as its literal set."""
    candidates: list[Literals] = []
    run: list[str] = []
    for op, av in items:
        if op is constants.LITERAL:
            run.append(chr(av))
            continue
        if run:
            candidates.append(frozenset({"".join(run)}))
            run = []
        found = _item(op, av, usable)
        if found is not None:
            candidates.append(found)
    if run:
        candidates.append(frozenset({"".join(run)}))
    return candidates


def _item(op: Any, av: Any, usable: Callable[[str], bool]) -> Literals | None:
    if op is constants.SUBPATTERN:
        return _sequence(av[-1], usable)
    if op is constants.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            found = _sequence(branch, usable)
            if found is None:
                return None
            union |= found
        return frozenset(union)
    if op in (constants.MAX_REPEAT, constants.MIN_REPEAT) or (
            op is getattr(constants, "POSSESSIVE_REPEAT", None)):
        low, _, sub = av
        return _sequence(sub, usable) if low >= 1 else None
    if op is constants.IN:  # a small class: [をに], [0-9]
        chars: list[str] = []
        for kind, value in av:
            if kind is constants.LITERAL:
                chars.append(chr(value))
            elif kind is constants.RANGE and value[1] - value[0] < 10:
                chars += [chr(c) for c in range(value[0], value[1] + 1)]
            else:
                return None
        return frozenset(chars) if 0 < len(chars) <= 10 else None
    return None


def necessary_literals(pattern: str, usable: Callable[[str], bool] = bool
                       ) -> Literals | None:
    """Strings at least one of which every match of ``pattern`` contains, or None: the
    most selective of :func:`necessary_sets`. Only sets whose every member ``usable``
    accepts are chosen (a literal the automaton's view cannot hold, such as "/" where
    separators are dropped, would never be found)."""
    sets = necessary_sets(pattern, usable)
    return sets[0] if sets else None


#: a second necessary set is worth a pattern only if a text is unlikely to hold it (rarer
#: than one given kana): the particle の would gate nothing and cost an automaton hit a letter
SECOND_SET_RATE = 0.05


def necessary_sets(pattern: str, usable: Callable[[str], bool] = bool
                   ) -> tuple[Literals, ...]:
    """The most selective necessary literal set of ``pattern`` and, when another part of
    it is rare enough, that part's set too: every match holds a member of each, so a pattern
    runs only when stage 1 found both. A group word followed within forty letters by one of
    a hundred claims then runs on a text holding a claim, not on every text naming the
    group (a 10,000-letter flood of group words cost 13 ms of regex for no match)."""
    try:
        tree = parser.parse(pattern)
    except Exception:  # an unreadable pattern just always runs
        return ()
    items = list(tree)
    while len(items) == 1 and items[0][0] is constants.SUBPATTERN:
        items = list(items[0][1][-1])  # the whole pattern in one group: read inside it
    ranked = sorted((c for c in _candidates(items, usable) if c and all(map(usable, c))),
                    key=_selectivity)
    if not ranked:
        return ()
    second = [c for c in ranked[1:2] if _selectivity(c)[0] < SECOND_SET_RATE]
    return (ranked[0], *second)
